# A stand-in for the AWS CLI (version 2), for the tests that run the
# generated script. It keeps the IAM and EKS objects as files under
# $FAKE_AWS_STATE, answers the --query expressions the script uses as the
# CLI prints their results (text: tab-separated fields, one line per
# row; json: what the script sent, since it sends documents in the form
# the CLI prints them), fails the way AWS does (NoSuchEntity,
# EntityAlreadyExists, LimitExceeded, DeleteConflict,
# ResourceNotFoundException, on stderr, exit status 254), and logs every
# call to $FAKE_AWS_STATE/calls.
#
#   FAKE_AWS_ACCOUNT  the account the credentials are for
#   FAKE_AWS_VERSION  what aws --version reports (default 2.15.30)
#   FAKE_AWS_FAIL     "service operation=Code": that call fails with Code
#
# State, per object: role.NAME.{path,trust,max,boundary,description,tags,
# attached,inline}; policy.NAME.{default,count,next,tags} and
# policy.NAME.vN per version; oidc.HOST_AND_PATH with each / as _;
# cluster.REGION.NAME;
# association.ID holding "region cluster namespace sa role-arn". Tags are
# lines of key<TAB>value, kept sorted by key (bytewise: run with LC_ALL=C).
#
# It is a bash function, not a program: the test runner sources this file
# and exports the functions to the script's bash (see run in
# rerun_test.go), where they take precedence over any aws on PATH. A call
# costs no fork and exec of a new bash, which made the tests slow; it
# still behaves like a command: it returns a status and prints, keeps its
# variables local, and uses builtins only, except rm for deletions.

aws() {
  # Whatever the calling script set, the fake needs globs, tolerates unset
  # options and reports failures by its status only.
  local -
  set +e +u +f
  local s="$FAKE_AWS_STATE" service op f n id line key value arn name r c ns sa role
  printf '%s\n' "$*" >>"$s/calls"
  if [ "$1" = --version ]; then
    printf 'aws-cli/%s Python/3.11.8 Linux/6.1.0 exe/x86_64.debian.12\n' "${FAKE_AWS_VERSION:-2.15.30}"
    return
  fi
  service="$1" op="$2"
  shift 2
  local -A opt=()
  local -a tag_keys=()
  while [ $# -gt 0 ]; do
    case "$1" in
      --set-as-default) opt[$1]=1; shift ;;
      --tag-keys)
        shift
        while [ $# -gt 0 ] && [[ $1 != --* ]]; do tag_keys+=("$1"); shift; done ;;
      --*) opt[$1]="$2"; shift 2 ;;
      *) printf 'fake aws: unexpected argument %s\n' "$1" >&2; return 2 ;;
    esac
  done
  if [ "${FAKE_AWS_FAIL:-}" != "" ] && [ "${FAKE_AWS_FAIL%%=*}" = "$service $op" ]; then
    _fake_error "${FAKE_AWS_FAIL#*=}"
    return
  fi
  case "$service" in
    sts) printf '%s\n' "$FAKE_AWS_ACCOUNT" ;;
    iam) _fake_iam ;;
    eks) _fake_eks ;;
    *) _fake_unsupported ;;
  esac
}

_fake_iam() {
  case "$op" in
    get-open-id-connect-provider)
      arn="${opt[--open-id-connect-provider-arn]}"
      f="${arn#*:oidc-provider/}"
      [ -f "$s/oidc.${f//\//_}" ] || { _fake_error NoSuchEntity; return; }
      printf '%s\n' "${arn#*:oidc-provider/}" ;;

    get-policy)
      f="$s/policy.${opt[--policy-arn]##*/}"
      [ -f "$f.default" ] || { _fake_error NoSuchEntity; return; }
      case "${opt[--query]}" in
        Policy.DefaultVersionId) _fake_cat "$f.default" ;;
        Policy.Arn) printf '%s\n' "${opt[--policy-arn]}" ;;
        *) _fake_unsupported ;;
      esac ;;
    get-policy-version)
      f="$s/policy.${opt[--policy-arn]##*/}"
      [ -f "$f.${opt[--version-id]}" ] || { _fake_error NoSuchEntity; return; }
      [ "${opt[--query]}" = PolicyVersion.Document ] || { _fake_unsupported; return; }
      _fake_cat "$f.${opt[--version-id]}" ;;
    create-policy)
      f="$s/policy.${opt[--policy-name]}"
      [ ! -f "$f.default" ] || { _fake_error EntityAlreadyExists; return; }
      _fake_copy "${opt[--policy-document]}" "$f.v1"
      echo v1 >"$f.default"
      echo 1 >"$f.count"
      echo 2 >"$f.next"
      : >"$f.tags"
      _fake_tag "$f.tags" "${opt[--tags]:-[]}" ;;
    list-policy-versions)
      f="$s/policy.${opt[--policy-arn]##*/}"
      [ -f "$f.default" ] || { _fake_error NoSuchEntity; return; }
      read -r value <"$f.default"
      case "${opt[--query]}" in
        'length(Versions)') _fake_cat "$f.count" ;;
        # Versions are numbered in the order they were made.
        'sort_by(Versions[?!IsDefaultVersion], &CreateDate)[0].VersionId' | 'Versions[?!IsDefaultVersion].VersionId')
          local -a versions=()
          for n in "$f".v*; do
            [ -f "$n" ] || continue
            n="${n##*.}"
            [ "$n" = "$value" ] || versions[${n#v}]="$n"
          done
          if [[ ${opt[--query]} = sort_by* ]]; then
            printf '%s\n' "${versions[@]:0:1}"
          else
            _fake_row "${versions[@]}"
          fi ;;
        *) _fake_unsupported ;;
      esac ;;
    create-policy-version)
      f="$s/policy.${opt[--policy-arn]##*/}"
      [ -f "$f.default" ] || { _fake_error NoSuchEntity; return; }
      read -r n <"$f.count"
      [ "$n" -lt 5 ] || { _fake_error LimitExceeded; return; }
      [ "${opt[--set-as-default]:-}" = 1 ] || { printf 'fake aws: the new version must become the default\n' >&2; return 2; }
      read -r id <"$f.next"
      _fake_copy "${opt[--policy-document]}" "$f.v$id"
      echo "v$id" >"$f.default"
      echo $((n + 1)) >"$f.count"
      echo $((id + 1)) >"$f.next" ;;
    delete-policy-version)
      f="$s/policy.${opt[--policy-arn]##*/}"
      read -r value <"$f.default"
      [ -f "$f.${opt[--version-id]}" ] || { _fake_error NoSuchEntity; return; }
      [ "$value" != "${opt[--version-id]}" ] || { _fake_error DeleteConflict; return; }
      rm "$f.${opt[--version-id]}"
      read -r n <"$f.count"
      echo $((n - 1)) >"$f.count" ;;
    delete-policy)
      f="$s/policy.${opt[--policy-arn]##*/}"
      [ -f "$f.default" ] || { _fake_error NoSuchEntity; return; }
      read -r n <"$f.count"
      [ "$n" = 1 ] || { _fake_error DeleteConflict; return; }
      _fake_attachments n "${opt[--policy-arn]}"
      [ "$n" = 0 ] || { _fake_error DeleteConflict; return; }
      rm "$f".* ;;
    list-policies)
      [ "${opt[--query]}" = 'Policies[?AttachmentCount==`0`].Arn' ] || { _fake_unsupported; return; }
      local -a arns=()
      for f in "$s"/policy.*.default; do
        [ -f "$f" ] || continue
        name="${f#"$s"/policy.}"
        arn="arn:aws:iam::$FAKE_AWS_ACCOUNT:policy/${name%.default}"
        _fake_attachments n "$arn"
        [ "$n" != 0 ] || arns+=("$arn")
      done
      _fake_row "${arns[@]}" ;;
    list-policy-tags | tag-policy | untag-policy)
      f="$s/policy.${opt[--policy-arn]##*/}"
      [ -f "$f.default" ] || { _fake_error NoSuchEntity; return; }
      _fake_tags "$f.tags" ;;

    get-role)
      f="$s/role.${opt[--role-name]}"
      [ -f "$f.path" ] || { _fake_error NoSuchEntity; return; }
      case "${opt[--query]}" in
        'Role.[Path, MaxSessionDuration, PermissionsBoundary.PermissionsBoundaryArn, Description]')
          local path max boundary=None description=None
          read -r path <"$f.path"
          read -r max <"$f.max"
          [ ! -f "$f.boundary" ] || read -r boundary <"$f.boundary"
          [ ! -f "$f.description" ] || IFS= read -r description <"$f.description"
          printf '%s\t%s\t%s\t%s\n' "$path" "$max" "$boundary" "$description" ;;
        Role.AssumeRolePolicyDocument) _fake_cat "$f.trust" ;;
        *) _fake_unsupported ;;
      esac ;;
    list-roles)
      value="${opt[--query]#"Roles[?Description=='"}"
      [ "$value" != "${opt[--query]}" ] || { _fake_unsupported; return; }
      value="${value%"'].RoleName"}"
      local -a names=()
      for f in "$s"/role.*.path; do
        [ -f "$f" ] || continue
        f="${f%.path}"
        line=''
        [ ! -f "$f.description" ] || IFS= read -r line <"$f.description"
        [ "$line" != "$value" ] || names+=("${f#"$s"/role.}")
      done
      _fake_row "${names[@]}" ;;
    create-role)
      f="$s/role.${opt[--role-name]}"
      [ ! -f "$f.path" ] || { _fake_error EntityAlreadyExists; return; }
      [ -z "${opt[--permissions-boundary]:-}" ] || [ -f "$s/policy.${opt[--permissions-boundary]##*/}.default" ] ||
        { _fake_error NoSuchEntity; return; }
      printf '%s\n' "${opt[--path]:-/}" >"$f.path"
      printf '%s\n' "${opt[--max-session-duration]:-3600}" >"$f.max"
      [ -z "${opt[--permissions-boundary]:-}" ] || printf '%s\n' "${opt[--permissions-boundary]}" >"$f.boundary"
      [ -z "${opt[--description]:-}" ] || printf '%s\n' "${opt[--description]}" >"$f.description"
      _fake_copy "${opt[--assume-role-policy-document]}" "$f.trust"
      : >"$f.tags"
      : >"$f.attached"
      : >"$f.inline"
      _fake_tag "$f.tags" "${opt[--tags]:-[]}" ;;
    update-assume-role-policy)
      f="$s/role.${opt[--role-name]}"
      [ -f "$f.path" ] || { _fake_error NoSuchEntity; return; }
      _fake_copy "${opt[--policy-document]}" "$f.trust" ;;
    update-role)
      f="$s/role.${opt[--role-name]}"
      [ -f "$f.path" ] || { _fake_error NoSuchEntity; return; }
      [ -z "${opt[--max-session-duration]:-}" ] || printf '%s\n' "${opt[--max-session-duration]}" >"$f.max"
      [ -z "${opt[--description]:-}" ] || printf '%s\n' "${opt[--description]}" >"$f.description" ;;
    put-role-permissions-boundary)
      f="$s/role.${opt[--role-name]}"
      [ -f "$f.path" ] || { _fake_error NoSuchEntity; return; }
      [ -f "$s/policy.${opt[--permissions-boundary]##*/}.default" ] || { _fake_error NoSuchEntity; return; }
      printf '%s\n' "${opt[--permissions-boundary]}" >"$f.boundary" ;;
    delete-role-permissions-boundary)
      f="$s/role.${opt[--role-name]}"
      [ -f "$f.path" ] || { _fake_error NoSuchEntity; return; }
      [ -f "$f.boundary" ] || { _fake_error NoSuchEntity; return; }
      rm "$f.boundary" ;;
    list-role-tags | tag-role | untag-role)
      f="$s/role.${opt[--role-name]}"
      [ -f "$f.path" ] || { _fake_error NoSuchEntity; return; }
      _fake_tags "$f.tags" ;;
    list-attached-role-policies | list-role-policies)
      f="$s/role.${opt[--role-name]}"
      [ -f "$f.path" ] || { _fake_error NoSuchEntity; return; }
      case "$op ${opt[--query]}" in
        'list-attached-role-policies AttachedPolicies[].PolicyArn') f="$f.attached" ;;
        'list-role-policies PolicyNames') f="$f.inline" ;;
        *) _fake_unsupported; return ;;
      esac
      local -a rows=()
      while IFS= read -r line; do rows+=("$line"); done <"$f"
      _fake_row "${rows[@]}" ;;
    attach-role-policy | detach-role-policy)
      f="$s/role.${opt[--role-name]}"
      arn="${opt[--policy-arn]}"
      [ -f "$f.path" ] || { _fake_error NoSuchEntity; return; }
      [ -f "$s/policy.${arn##*/}.default" ] || { _fake_error NoSuchEntity; return; }
      local -a rows=()
      local attached=''
      while IFS= read -r line; do
        if [ "$line" = "$arn" ]; then attached=1; else rows+=("$line"); fi
      done <"$f.attached"
      if [ "$op" = attach-role-policy ]; then
        rows+=("$arn")
      elif [ -z "$attached" ]; then
        _fake_error NoSuchEntity
        return
      fi
      _fake_lines "${rows[@]}" >"$f.attached" ;;
    put-role-policy)
      f="$s/role.${opt[--role-name]}"
      [ -f "$f.path" ] || { _fake_error NoSuchEntity; return; }
      printf '%s\n' "${opt[--policy-name]}" >>"$f.inline" ;;
    delete-role-policy)
      f="$s/role.${opt[--role-name]}"
      [ -f "$f.path" ] || { _fake_error NoSuchEntity; return; }
      local -a rows=()
      while IFS= read -r line; do
        [ "$line" = "${opt[--policy-name]}" ] || rows+=("$line")
      done <"$f.inline"
      _fake_lines "${rows[@]}" >"$f.inline" ;;
    delete-role)
      f="$s/role.${opt[--role-name]}"
      [ -f "$f.path" ] || { _fake_error NoSuchEntity; return; }
      [ ! -s "$f.attached" ] && [ ! -s "$f.inline" ] || { _fake_error DeleteConflict; return; }
      rm "$f".* ;;

    *) _fake_unsupported ;;
  esac
}

_fake_eks() {
  local region="${opt[--region]}" cluster="${opt[--cluster-name]}"
  [ -n "$region" ] || { printf 'fake aws: eks calls need --region\n' >&2; return 2; }
  case "$op" in
    describe-cluster)
      [ -f "$s/cluster.$region.${opt[--name]}" ] || { _fake_error ResourceNotFoundException; return; }
      printf '%s\n' "${opt[--name]}" ;;
    list-pod-identity-associations)
      [ -f "$s/cluster.$region.$cluster" ] || { _fake_error ResourceNotFoundException; return; }
      local -a ids=()
      for f in "$s"/association.*; do
        [ -f "$f" ] || continue
        read -r r c ns sa role <"$f"
        [ "$r $c $ns" = "$region $cluster ${opt[--namespace]}" ] || continue
        [ -z "${opt[--service-account]:-}" ] || [ "$sa" = "${opt[--service-account]}" ] || continue
        case "${opt[--query]}" in
          'associations[].associationId') ids+=("${f##*.}") ;;
          'associations[].[serviceAccount, associationId]') printf '%s\t%s\n' "$sa" "${f##*.}" ;;
          *) _fake_unsupported; return ;;
        esac
      done
      [ "${opt[--query]}" != 'associations[].associationId' ] || _fake_row "${ids[@]}" ;;
    describe-pod-identity-association | update-pod-identity-association | delete-pod-identity-association)
      f="$s/association.${opt[--association-id]}"
      [ -f "$f" ] || { _fake_error ResourceNotFoundException; return; }
      read -r r c ns sa role <"$f"
      [ "$r $c" = "$region $cluster" ] || { _fake_error ResourceNotFoundException; return; }
      case "$op" in
        describe-pod-identity-association)
          [ "${opt[--query]}" = association.roleArn ] || { _fake_unsupported; return; }
          printf '%s\n' "$role" ;;
        update-pod-identity-association) printf '%s %s %s %s %s\n' "$region" "$cluster" "$ns" "$sa" "${opt[--role-arn]}" >"$f" ;;
        delete-pod-identity-association) rm "$f" ;;
      esac ;;
    create-pod-identity-association)
      [ -f "$s/cluster.$region.$cluster" ] || { _fake_error ResourceNotFoundException; return; }
      for f in "$s"/association.*; do
        [ -f "$f" ] || continue
        read -r r c ns sa role <"$f"
        [ "$r $c $ns $sa" != "$region $cluster ${opt[--namespace]} ${opt[--service-account]}" ] ||
          { _fake_error ResourceInUseException; return; }
      done
      n=1
      [ ! -f "$s/next-association" ] || read -r n <"$s/next-association"
      echo $((n + 1)) >"$s/next-association"
      printf '%s %s %s %s %s\n' "$region" "$cluster" "${opt[--namespace]}" "${opt[--service-account]}" "${opt[--role-arn]}" \
        >"$s/association.a-$n" ;;
    *) _fake_unsupported ;;
  esac
}

# _fake_tags FILE: list-*-tags, tag-* and untag-* on the tag lines in FILE.
_fake_tags() {
  case "$op" in
    list-*)
      case "${opt[--query]}" in
        'sort_by(Tags, &Key)[].[Key, Value]') _fake_cat "$1" ;;
        "Tags[?Key=='"*"'].Value | [0]")
          key="${opt[--query]#"Tags[?Key=='"}"
          key="${key%"'].Value | [0]"}"
          value=None
          while IFS=$'\t' read -r line n; do
            [ "$line" != "$key" ] || value="$n"
          done <"$1"
          printf '%s\n' "$value" ;;
        *) _fake_unsupported ;;
      esac ;;
    tag-*) _fake_tag "$1" "${opt[--tags]}" ;;
    untag-*)
      local -a rows=()
      while IFS=$'\t' read -r line n; do
        for key in "${tag_keys[@]}"; do
          [ "$line" != "$key" ] || continue 2
        done
        rows+=("$line"$'\t'"$n")
      done <"$1"
      _fake_lines "${rows[@]}" >"$1" ;;
  esac
}

# _fake_tag FILE JSON: adds or replaces the tags of a --tags JSON list
# (as the script writes them: no quotes or backslashes in keys or values),
# keeping FILE sorted by key.
_fake_tag() {
  local file="$1" json="$2" re='\{"Key":"([^"]*)","Value":"([^"]*)"\}' k v
  local -a rows=()
  while IFS= read -r line; do rows+=("$line"); done <"$file"
  while [[ $json =~ $re ]]; do
    k="${BASH_REMATCH[1]}" v="${BASH_REMATCH[2]}"
    json="${json#*"${BASH_REMATCH[0]}"}"
    local -a next=()
    local placed=''
    for line in "${rows[@]}"; do
      if [ -z "$placed" ] && [[ ! ${line%%$'\t'*} < $k ]]; then
        next+=("$k"$'\t'"$v")
        placed=1
        [ "${line%%$'\t'*}" != "$k" ] || continue
      fi
      next+=("$line")
    done
    [ -n "$placed" ] || next+=("$k"$'\t'"$v")
    rows=("${next[@]}")
  done
  _fake_lines "${rows[@]}" >"$file"
}

# _fake_attachments VAR ARN: sets VAR to how many roles the policy is
# attached to.
_fake_attachments() {
  local count=0 file entry
  for file in "$s"/role.*.attached; do
    [ -f "$file" ] || continue
    while IFS= read -r entry; do
      [ "$entry" != "$2" ] || count=$((count + 1))
    done <"$file"
  done
  printf -v "$1" '%s' "$count"
}

# _fake_row ITEMS...: a list printed as --output text prints it: one
# tab-separated line, nothing for an empty list.
_fake_row() {
  [ $# -gt 0 ] || return 0
  local IFS=$'\t'
  printf '%s\n' "$*"
}

# _fake_lines LINES...: one line each, nothing for none.
_fake_lines() {
  [ $# -eq 0 ] || printf '%s\n' "$@"
}

_fake_cat() {
  local content
  IFS= read -r -d '' content <"$1" || true
  printf '%s' "$content"
}

# _fake_copy FILE_URL FILE copies a file:// document.
_fake_copy() { _fake_cat "${1#file://}" >"$2"; }

_fake_error() {
  printf '\nAn error occurred (%s) when calling the %s operation: fake aws\n' "$1" "$op" >&2
  return 254
}

_fake_unsupported() {
  printf 'fake aws: unsupported: %s %s %s\n' "$service" "$op" "${opt[--query]:-}" >&2
  return 2
}

export -f aws _fake_iam _fake_eks _fake_tags _fake_tag _fake_attachments _fake_row _fake_lines _fake_cat _fake_copy \
  _fake_error _fake_unsupported
