// Package rolemapping generates the OpenSearch role mapping for domains
// with fine-grained access control (--output opensearch-rolemapping):
// IAM authorises the OpenSearch role's requests, but the security plugin
// then looks for the role's ARN among the backend roles of an internal
// role, and without that mapping every request is refused.
//
// The artifact is one bash script that embeds the JSON Patch request body
// in a quoted heredoc and reads the endpoint and the master user's
// credentials from the environment, so it never holds a secret.
package rolemapping

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"unicode"

	"github.com/camunda-irsa/camunda-irsa/irsa"
)

// FileName is the name the script is written under (golden files,
// --out-dir).
const FileName = "opensearch-rolemapping.sh"

// DefaultInternalRole is the OpenSearch role the guide maps the IAM role
// to: full access to the cluster's indices. A narrower custom role works
// as long as it can manage the indices and templates Camunda creates.
const DefaultInternalRole = "all_access"

// The environment variables the script reads.
const (
	EnvEndpoint       = "OPENSEARCH_ENDPOINT"
	EnvMasterUser     = "OPENSEARCH_MASTER_USER"
	EnvMasterPassword = "OPENSEARCH_MASTER_PASSWORD"
)

// Error is a constant error of this package, comparable with errors.Is.
type Error string

func (e Error) Error() string { return string(e) }

// ErrNoOpenSearch is returned for a plan without an OpenSearch role:
// there is nothing to map.
const ErrNoOpenSearch Error = "the topology lists no OpenSearch component (orchestration, zeebe, operate, tasklist, optimize): there is no role to map"

// PatchOp is one operation of a JSON Patch (RFC 6902) document.
type PatchOp struct {
	Op    string `json:"op"`
	Path  string `json:"path"`
	Value any    `json:"value"`
}

// Mapping is the role mapping of a plan: which IAM roles are added to the
// backend roles of which internal role, on which domain endpoint.
type Mapping struct {
	// RoleARNs are the ARNs of the plan's OpenSearch roles, sorted by role
	// name: one, or several when the plan split the role to keep its trust
	// policy within the quota.
	RoleARNs []string
	// InternalRole is the OpenSearch role the ARNs are mapped to.
	InternalRole string
	// Endpoint is the domain endpoint from the topology, the script's
	// default for OPENSEARCH_ENDPOINT.
	Endpoint string
}

// AppendPatch returns the JSON Patch body that adds one ARN to
// backend_roles.
//
// The guide's body, {"op":"add","path":"/backend_roles","value":[ARN]},
// replaces the whole array, and with it every backend role already
// mapped to the internal role (other applications, other clusters). The
// path "/backend_roles/-" appends one element instead (RFC 6902, 4.1),
// and the script first reads the mapping and sends the patch only for an
// ARN that is missing, so that a second run does not add it twice.
func AppendPatch(roleARN string) []PatchOp {
	return []PatchOp{{Op: "add", Path: "/backend_roles/-", Value: roleARN}}
}

// NewMapping finds the plan's OpenSearch roles. internalRole "" means
// DefaultInternalRole.
func NewMapping(p *irsa.Plan, internalRole string) (Mapping, error) {
	if p == nil {
		return Mapping{}, fmt.Errorf("rolemapping: no plan")
	}
	if internalRole == "" {
		internalRole = DefaultInternalRole
	}
	if err := checkInternalRole(internalRole); err != nil {
		return Mapping{}, err
	}
	m := Mapping{InternalRole: internalRole}
	for _, r := range p.Roles {
		if r.Purpose == irsa.PurposeOpenSearch {
			m.RoleARNs = append(m.RoleARNs, r.ARN)
		}
	}
	switch {
	case len(m.RoleARNs) == 0:
		return Mapping{}, ErrNoOpenSearch
	case p.Topology.OpenSearch == nil:
		return Mapping{}, fmt.Errorf("rolemapping: the plan has an OpenSearch role but no opensearch block")
	}
	m.Endpoint = p.Topology.OpenSearch.Endpoint
	return m, nil
}

// checkInternalRole keeps the role name usable as one URL path segment.
// OpenSearch role names are free-form, so it is percent-encoded in the
// URL; only what could never be a role name is refused.
func checkInternalRole(r string) error {
	switch {
	case r == "." || r == "..":
		return fmt.Errorf("rolemapping: internal role %q is not a role name", r)
	case strings.ContainsFunc(r, unicode.IsControl):
		return fmt.Errorf("rolemapping: internal role %q holds a control character", r)
	}
	return nil
}

// Generate returns the bash script that maps the plan's OpenSearch roles
// to internalRole ("" means DefaultInternalRole) through the security
// plugin's REST API, authenticating as the domain's master user.
//
// The script reads the mapping first. If the internal role has no mapping
// yet (404) it creates one with PUT; otherwise it PATCHes each ARN that
// the mapping does not list yet with AppendPatch, keeping the backend
// roles already there. It fails on any other answer, printing it, so a
// second run only reads.
func Generate(p *irsa.Plan, internalRole string) ([]byte, error) {
	m, err := NewMapping(p, internalRole)
	if err != nil {
		return nil, err
	}
	create, err := compactJSON(map[string][]string{"backend_roles": m.RoleARNs})
	if err != nil {
		return nil, err
	}
	path := "/_plugins/_security/api/rolesmapping/" + url.PathEscape(m.InternalRole)

	var b bytes.Buffer
	fmt.Fprintf(&b, `#!/usr/bin/env bash
# Generated by camunda-irsa. Do not edit: change the topology and render again.
#
# Maps the IAM role of Camunda's OpenSearch clients to the OpenSearch role
# %[1]s, for domains with fine-grained access control: the requests
# pass IAM but are refused by the security plugin until the IAM role's ARN
# is one of that role's backend roles. Adds the ARN next to the backend
# roles already mapped, and changes nothing when it is already there.
#
# Needs the domain's master user (an internal user: basic authentication)
# and curl 7.76 or later. Set:
#   %[2]s           host name; defaults to the topology's, below
#   %[3]s        the master user name
#   %[4]s    the master user's password
#
# With an IAM master user, send the same requests signed instead, e.g.
# with curl --aws-sigv4 "aws:amz:<region>:es" and that role's credentials.
set -euo pipefail

internal_role=%[6]s
%[2]s=${%[2]s:-%[5]s}
: "${%[3]s:?set %[3]s to the domain's master user}"
: "${%[4]s:?set %[4]s to the master user's password}"
url="https://${%[2]s}"%[7]s

response=$(mktemp)
trap 'rm -f "$response"' EXIT

# append_unless_mapped ARN: sends the JSON Patch on standard input, which
# appends ARN to backend_roles, unless the mapping read below lists ARN.
append_unless_mapped() {
	if grep -qF "\"$1\"" "$response"; then
		echo "$1 is already mapped to OpenSearch role $internal_role"
		return
	fi
	curl -sS --fail-with-body -u "$%[3]s:$%[4]s" -X PATCH -H 'Content-Type: application/json' --data-binary @- "$url"
	echo
	echo "mapped $1 to OpenSearch role $internal_role"
}

status=$(curl -sS -o "$response" -w '%%{http_code}' -u "$%[3]s:$%[4]s" "$url")
case "$status" in
200)
`, m.InternalRole, EnvEndpoint, EnvMasterUser, EnvMasterPassword,
		shellQuote(m.Endpoint), shellQuote(m.InternalRole), shellQuote(path))
	for _, arn := range m.RoleARNs {
		patch, err := compactJSON(AppendPatch(arn))
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(&b, "\tappend_unless_mapped %s <<'PATCH'\n%s\nPATCH\n", shellQuote(arn), patch)
	}
	fmt.Fprintf(&b, `	;;
404)
	# The role has no mapping yet: create one with just these ARNs.
	curl -sS --fail-with-body -u "$%[1]s:$%[2]s" -X PUT -H 'Content-Type: application/json' --data-binary @- "$url" <<'CREATE'
%[3]s
CREATE
	echo
	echo "created the mapping of OpenSearch role $internal_role"
	;;
*)
	echo "GET $url answered HTTP $status:" >&2
	cat "$response" >&2
	exit 1
	;;
esac
`, EnvMasterUser, EnvMasterPassword, create)
	return b.Bytes(), nil
}

// compactJSON encodes v on one line, without HTML escaping, so that the
// heredoc holds the ARN as AWS prints it.
func compactJSON(v any) (string, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", fmt.Errorf("rolemapping: encoding JSON: %w", err)
	}
	return strings.TrimSuffix(buf.String(), "\n"), nil
}

// shellQuote single-quotes s for bash: nothing inside single quotes is
// expanded, and an embedded quote is closed, escaped and reopened.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
