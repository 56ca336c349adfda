# A stand-in for the AWS CLI, for the tests that run the generated script.
# It keeps the IAM and EKS objects the script creates as files under
# $FAKE_AWS_STATE, fails the way AWS does (an object that exists cannot be
# created again, a policy holds at most five versions), logs every call to
# $FAKE_AWS_STATE/calls and keeps the last document given for each policy
# and role.
#
# It is a bash function, not a program: the test runner sources this file
# and exports the function to the script's bash (see run in rerun_test.go),
# where it takes precedence over any aws on PATH. A call then costs no
# fork and exec of a new bash, which made the tests slow, and it still
# behaves like a command: it only returns a status and prints, keeps every
# variable local, and uses builtins only.

aws() {
  local state="$FAKE_AWS_STATE" service="$1" op="$2" f n id rest
  printf '%s\n' "$*" >>"$state/calls"
  shift 2
  local -A opt=()
  while [ $# -gt 0 ]; do
    case "$1" in
      --set-as-default) opt[$1]=1; shift ;;
      --*) opt[$1]="$2"; shift 2 ;;
      *) printf 'fake aws: unexpected argument %s\n' "$1" >&2; return 2 ;;
    esac
  done

  case "$service $op" in
    "sts get-caller-identity") printf '%s\n' "$FAKE_AWS_ACCOUNT" ;;

    "iam get-policy") [ -f "$state/policy.${opt[--policy-arn]##*/}" ] || _fake_fail NoSuchEntity ;;
    "iam create-policy")
      f="$state/policy.${opt[--policy-name]}"
      [ ! -f "$f" ] || { _fake_fail EntityAlreadyExists; return; }
      echo 1 >"$f"
      _fake_keep "${opt[--policy-document]}" "policy-document.${opt[--policy-name]}" ;;
    "iam list-policy-versions")
      f="$state/policy.${opt[--policy-arn]##*/}"
      [ -f "$f" ] || { _fake_fail NoSuchEntity; return; }
      case "${opt[--query]}" in
        'length(Versions)') read -r n <"$f"; echo "$n" ;;
        *) echo v1 ;;
      esac ;;
    "iam delete-policy-version")
      f="$state/policy.${opt[--policy-arn]##*/}"
      read -r n <"$f"
      echo $((n - 1)) >"$f" ;;
    "iam create-policy-version")
      f="$state/policy.${opt[--policy-arn]##*/}"
      [ -f "$f" ] || { _fake_fail NoSuchEntity; return; }
      read -r n <"$f"
      [ "$n" -lt 5 ] || { _fake_fail "LimitExceeded: a policy can have at most 5 versions"; return; }
      [ "${opt[--set-as-default]:-}" = 1 ] || { _fake_fail "the new version must become the default"; return; }
      echo $((n + 1)) >"$f"
      _fake_keep "${opt[--policy-document]}" "policy-document.${opt[--policy-arn]##*/}" ;;

    "iam get-role") [ -f "$state/role.${opt[--role-name]}" ] || _fake_fail NoSuchEntity ;;
    "iam create-role")
      f="$state/role.${opt[--role-name]}"
      [ ! -f "$f" ] || { _fake_fail EntityAlreadyExists; return; }
      echo "${opt[--path]}" >"$f"
      _fake_keep "${opt[--assume-role-policy-document]}" "trust-document.${opt[--role-name]}" ;;
    "iam update-assume-role-policy")
      [ -f "$state/role.${opt[--role-name]}" ] || { _fake_fail NoSuchEntity; return; }
      _fake_keep "${opt[--policy-document]}" "trust-document.${opt[--role-name]}" ;;
    "iam update-role" | "iam put-role-permissions-boundary" | "iam tag-role")
      [ -f "$state/role.${opt[--role-name]}" ] || _fake_fail NoSuchEntity ;;
    "iam attach-role-policy")
      [ -f "$state/role.${opt[--role-name]}" ] || { _fake_fail "NoSuchEntity: role"; return; }
      [ -f "$state/policy.${opt[--policy-arn]##*/}" ] || _fake_fail "NoSuchEntity: policy" ;;

    "eks list-pod-identity-associations")
      f="$state/association.${opt[--cluster-name]}.${opt[--namespace]}.${opt[--service-account]}"
      if [ -f "$f" ]; then
        read -r id rest <"$f"
        echo "$id"
      fi ;;
    "eks create-pod-identity-association")
      f="$state/association.${opt[--cluster-name]}.${opt[--namespace]}.${opt[--service-account]}"
      [ ! -f "$f" ] || { _fake_fail ResourceInUseException; return; }
      echo "a-${opt[--service-account]} ${opt[--role-arn]}" >"$f" ;;
    "eks update-pod-identity-association")
      for f in "$state"/association.*; do
        [ -f "$f" ] || continue
        read -r id rest <"$f"
        if [ "$id" = "${opt[--association-id]}" ]; then
          echo "$id ${opt[--role-arn]}" >"$f"
          return
        fi
      done
      _fake_fail ResourceNotFoundException ;;

    *) printf 'fake aws: unsupported command %s %s\n' "$service" "$op" >&2; return 2 ;;
  esac
}

_fake_fail() { printf 'fake aws: %s\n' "$*" >&2; return 254; }

# _fake_keep FILE_URL NAME copies a file:// document into the state.
_fake_keep() {
  local doc
  IFS= read -r -d '' doc <"${1#file://}" || true
  printf '%s' "$doc" >"$FAKE_AWS_STATE/$2"
}

export -f aws _fake_fail _fake_keep
