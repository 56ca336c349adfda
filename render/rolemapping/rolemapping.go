// Package rolemapping generates the OpenSearch role mapping for domains
// with fine-grained access control (--output opensearch-rolemapping):
// IAM authorises the OpenSearch role's requests, but the security plugin
// then looks for the role's ARN among the backend roles of an internal
// role, and without that mapping every request is refused.
//
// The artifact is one bash script that embeds the JSON Patch request body
// in a quoted heredoc and reads the endpoint and the master user's
// credentials from the environment, so it never holds a secret.
//
// With backups and OpenSearch the script also maps the principal that
// registers the snapshot repository (opensearch-snapshot.sh) to
// manage_snapshots: its SigV4-signed requests are refused without it.
package rolemapping

import (
	_ "embed"
	"fmt"
	"net/url"
	"strings"
	"text/template"
	"unicode"

	"github.com/camunda-irsa/camunda-irsa/internal/jsonenc"
	"github.com/camunda-irsa/camunda-irsa/internal/shell"
	"github.com/camunda-irsa/camunda-irsa/internal/tmpl"
	"github.com/camunda-irsa/camunda-irsa/irsa"
)

// FileName is the name the script is written under (golden files,
// --out-dir).
const FileName = "opensearch-rolemapping.sh"

// DefaultInternalRole is the OpenSearch role the guide maps the IAM role
// to: full access to the cluster's indices. A narrower custom role works
// as long as it can manage the indices and templates Camunda creates.
const DefaultInternalRole = "all_access"

// SnapshotInternalRole is the OpenSearch role that may register snapshot
// repositories. With a snapshot role in the plan, the script maps the IAM
// role named by OPENSEARCH_SNAPSHOT_PRINCIPAL_ARN to it, the principal
// that runs opensearch-snapshot.sh; without that variable it skips this.
const SnapshotInternalRole = "manage_snapshots"

//go:embed opensearch-rolemapping.sh.tmpl
var scriptTemplate string

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

// Render returns the bash script that maps the plan's OpenSearch roles
// to internalRole ("" means DefaultInternalRole) through the security
// plugin's REST API, authenticating as the domain's master user.
//
// The script reads the mapping first. If the internal role has no mapping
// yet (404) it creates one with PUT; otherwise it PATCHes each ARN that
// the mapping does not list yet with AppendPatch, keeping the backend
// roles already there. It fails on any other answer, printing it, so a
// second run only reads.
func Render(p *irsa.Plan, internalRole string) ([]byte, error) {
	if err := p.Check(); err != nil {
		return nil, err
	}
	v, err := newView(p, internalRole)
	if err != nil {
		return nil, err
	}
	out, err := script.Render(v)
	if err != nil {
		return nil, fmt.Errorf("rolemapping: %w", err)
	}
	return out, nil
}

// view is what the template formats: which IAM roles are added to the
// backend roles of which internal role, on which domain endpoint.
type view struct {
	InternalRole string
	// Endpoint is the domain endpoint from the topology, the script's
	// default for OPENSEARCH_ENDPOINT.
	Endpoint string
	// Path is the URL path of the internal role's mapping.
	Path    string
	Mapping mapping
	// Snapshots maps the principal that registers the snapshot
	// repository, when the plan has a snapshot role.
	Snapshots *snapshotView
}

// mapping is what the read-then-append block of the template sends.
type mapping struct {
	// Roles are the plan's OpenSearch roles, sorted by name: one, or
	// several when the plan split the role to keep its trust policy
	// within the quota. None for the principal named at run time.
	Roles []mappedRole
	// Create is the PUT body that creates the mapping with every ARN;
	// empty for the principal named at run time.
	Create string
}

// snapshotView maps the ARN in $OPENSEARCH_SNAPSHOT_PRINCIPAL_ARN to
// SnapshotInternalRole. The bodies are built at run time: the template
// joins the head, the validated ARN and the tail, each encoded here.
type snapshotView struct {
	InternalRole string
	// RoleARN is the snapshot role the principal must be able to pass.
	RoleARN string
	Path    string
	// Pattern is the bash regular expression an IAM role of the
	// topology's account matches; its characters need no escaping in
	// JSON.
	Pattern                string
	PatchHead, PatchTail   string
	CreateHead, CreateTail string
	// Mapping is empty: the block then uses the run-time bodies.
	Mapping mapping
}

// mappedRole is one role's ARN and the PATCH body that appends it.
type mappedRole struct {
	ARN   string
	Patch string
}

func newView(p *irsa.Plan, internalRole string) (view, error) {
	if internalRole == "" {
		internalRole = DefaultInternalRole
	}
	if err := checkInternalRole(internalRole); err != nil {
		return view{}, err
	}
	roles := p.RolesWith(irsa.GrantOpenSearchHTTP)
	if len(roles) == 0 {
		return view{}, ErrNoOpenSearch
	}
	top := p.Topology()
	v := view{InternalRole: internalRole, Endpoint: top.OpenSearch.Endpoint, Path: mappingPath(internalRole)}
	var arns []string
	for _, r := range roles {
		patch, err := compactJSON(AppendPatch(r.ARN))
		if err != nil {
			return view{}, err
		}
		v.Mapping.Roles = append(v.Mapping.Roles, mappedRole{ARN: r.ARN, Patch: patch})
		arns = append(arns, r.ARN)
	}
	create, err := compactJSON(createBody(arns...))
	if err != nil {
		return view{}, err
	}
	v.Mapping.Create = create
	if r, ok := p.SnapshotRole(); ok {
		s, err := newSnapshotView(p.Partition().Name, top.AWS.AccountID, r.ARN)
		if err != nil {
			return view{}, err
		}
		v.Snapshots = &s
	}
	return v, nil
}

func mappingPath(internalRole string) string {
	return "/_plugins/_security/api/rolesmapping/" + url.PathEscape(internalRole)
}

// createBody is the PUT body of a new mapping with these backend roles.
func createBody(arns ...string) map[string][]string {
	return map[string][]string{"backend_roles": arns}
}

func newSnapshotView(partition, account, snapshotRole string) (snapshotView, error) {
	v := snapshotView{InternalRole: SnapshotInternalRole, RoleARN: snapshotRole, Path: mappingPath(SnapshotInternalRole),
		Pattern: "^" + irsa.RoleARN(partition, account, "/", "") + "[A-Za-z0-9+=,.@_/-]+$"}
	var err error
	if v.PatchHead, v.PatchTail, err = aroundARN(func(arn string) any { return AppendPatch(arn) }); err != nil {
		return snapshotView{}, err
	}
	if v.CreateHead, v.CreateTail, err = aroundARN(func(arn string) any { return createBody(arn) }); err != nil {
		return snapshotView{}, err
	}
	return v, nil
}

// aroundARN encodes a body for a placeholder ARN and returns what comes
// before and after the ARN, its quotes included.
func aroundARN(body func(arn string) any) (head, tail string, err error) {
	const placeholder = "ARN"
	js, err := compactJSON(body(placeholder))
	if err != nil {
		return "", "", err
	}
	head, tail, ok := strings.Cut(js, `"`+placeholder+`"`)
	if !ok {
		return "", "", fmt.Errorf("rolemapping: %s holds no %q", js, placeholder)
	}
	return head + `"`, `"` + tail, nil
}

// checkInternalRole keeps the role name, which comes from the command
// line rather than the plan, usable as one URL path segment and on the
// script's comment line. OpenSearch role names are free-form, so it is
// percent-encoded in the URL; only what could never be a role name is
// refused.
func checkInternalRole(r string) error {
	switch {
	case r == "." || r == "..":
		return fmt.Errorf("rolemapping: internal role %q is not a role name", r)
	case strings.ContainsFunc(r, unicode.IsControl):
		return fmt.Errorf("rolemapping: internal role %q holds a control character", r)
	}
	return nil
}

// compactJSON encodes v on one line, so that the heredoc holds the ARN as
// AWS prints it.
func compactJSON(v any) (string, error) {
	b, err := jsonenc.Encode(v, "")
	if err != nil {
		return "", fmt.Errorf("rolemapping: encoding JSON: %w", err)
	}
	return string(b), nil
}

// script is the template of the output, parsed on first use.
var script = tmpl.New(FileName, scriptTemplate, func(*template.Template) template.FuncMap { return shell.Funcs() })
