#!/usr/bin/env bash
# A stand-in for the AWS CLI, for TestGenerateRerun: it keeps the IAM and
# EKS objects the script creates as files under $FAKE_AWS_STATE, fails the
# way AWS does (an object that exists cannot be created again, a policy
# holds at most five versions), logs every call to $FAKE_AWS_STATE/calls
# and keeps the last document given for each policy and role.
set -euo pipefail

state="$FAKE_AWS_STATE"
printf '%s\n' "$*" >>"$state/calls"
service="$1" op="$2"
shift 2

declare -A opt=()
while [ $# -gt 0 ]; do
  case "$1" in
    --set-as-default) opt[$1]=1; shift ;;
    --*) opt[$1]="$2"; shift 2 ;;
    *) echo "fake aws: unexpected argument $1" >&2; exit 2 ;;
  esac
done

fail() { echo "fake aws: $*" >&2; exit 254; }
# keep FILE_URL NAME copies a file:// document into the state.
keep() { cp "${1#file://}" "$state/$2"; }
policy() { printf '%s/policy.%s' "$state" "${1##*/}"; }
role() { printf '%s/role.%s' "$state" "$1"; }
association() { printf '%s/association.%s.%s.%s' "$state" "${opt[--cluster-name]}" "${opt[--namespace]}" "${opt[--service-account]}"; }

case "$service $op" in
  "sts get-caller-identity") echo "$FAKE_AWS_ACCOUNT" ;;

  "iam get-policy") [ -f "$(policy "${opt[--policy-arn]}")" ] || fail "NoSuchEntity" ;;
  "iam create-policy")
    f="$(policy "${opt[--policy-name]}")"
    [ ! -f "$f" ] || fail "EntityAlreadyExists"
    echo 1 >"$f"
    keep "${opt[--policy-document]}" "policy-document.${opt[--policy-name]}" ;;
  "iam list-policy-versions")
    f="$(policy "${opt[--policy-arn]}")"
    [ -f "$f" ] || fail "NoSuchEntity"
    case "${opt[--query]}" in
      'length(Versions)') cat "$f" ;;
      *) echo v1 ;;
    esac ;;
  "iam delete-policy-version")
    f="$(policy "${opt[--policy-arn]}")"
    echo $(($(cat "$f") - 1)) >"$f" ;;
  "iam create-policy-version")
    f="$(policy "${opt[--policy-arn]}")"
    [ -f "$f" ] || fail "NoSuchEntity"
    [ "$(cat "$f")" -lt 5 ] || fail "LimitExceeded: a policy can have at most 5 versions"
    [ "${opt[--set-as-default]:-}" = 1 ] || fail "the new version must become the default"
    echo $(($(cat "$f") + 1)) >"$f"
    keep "${opt[--policy-document]}" "policy-document.${opt[--policy-arn]##*/}" ;;

  "iam get-role") [ -f "$(role "${opt[--role-name]}")" ] || fail "NoSuchEntity" ;;
  "iam create-role")
    f="$(role "${opt[--role-name]}")"
    [ ! -f "$f" ] || fail "EntityAlreadyExists"
    echo "${opt[--path]}" >"$f"
    keep "${opt[--assume-role-policy-document]}" "trust-document.${opt[--role-name]}" ;;
  "iam update-assume-role-policy")
    [ -f "$(role "${opt[--role-name]}")" ] || fail "NoSuchEntity"
    keep "${opt[--policy-document]}" "trust-document.${opt[--role-name]}" ;;
  "iam update-role" | "iam put-role-permissions-boundary" | "iam tag-role")
    [ -f "$(role "${opt[--role-name]}")" ] || fail "NoSuchEntity" ;;
  "iam attach-role-policy")
    [ -f "$(role "${opt[--role-name]}")" ] || fail "NoSuchEntity: role"
    [ -f "$(policy "${opt[--policy-arn]}")" ] || fail "NoSuchEntity: policy" ;;

  "eks list-pod-identity-associations")
    f="$(association)"
    if [ -f "$f" ]; then cut -d' ' -f1 "$f"; fi ;;
  "eks create-pod-identity-association")
    f="$(association)"
    [ ! -f "$f" ] || fail "ResourceInUseException"
    echo "a-${opt[--service-account]} ${opt[--role-arn]}" >"$f" ;;
  "eks update-pod-identity-association")
    f="$(grep -l "^${opt[--association-id]} " "$state"/association.* || true)"
    [ -n "$f" ] || fail "ResourceNotFoundException"
    echo "${opt[--association-id]} ${opt[--role-arn]}" >"$f" ;;

  *) echo "fake aws: unsupported command $service $op" >&2; exit 2 ;;
esac
