// Package awscli renders a plan as a bash script of AWS CLI commands
// (--output aws-cli) that creates the plan's IAM policies and roles,
// attaches them and, in Pod Identity mode, creates the EKS Pod Identity
// associations.
//
// The script is safe to run again on an account where the objects exist:
// it looks each one up first and brings it up to date instead of creating
// it (see Render). Every value from the plan is passed as one quoted word
// (internal/shell) and every policy document through a quoted heredoc
// into a temporary file, so nothing the plan holds is ever expanded by
// the shell.
package awscli

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"text/template"

	"github.com/camunda-irsa/camunda-irsa/internal/shell"
	"github.com/camunda-irsa/camunda-irsa/irsa"
)

// FileName is the name the script is written under (golden files,
// --out-dir).
const FileName = "apply.sh"

//go:embed apply.sh.tmpl
var scriptTemplate string

// Render writes the script. Its bytes are deterministic.
//
// Re-running it is safe, because per object it does:
//   - managed policy: create-policy, or, when get-policy finds it, a new
//     default version with create-policy-version --set-as-default, after
//     deleting the oldest non-default version when IAM's limit of five
//     versions is reached (every run adds a version, changed or not:
//     comparing documents would need a JSON tool the script cannot count
//     on, and the limit keeps the history bounded);
//   - role: create-role, or, when get-role finds it,
//     update-assume-role-policy (and update-role, put-role-permissions-boundary
//     and tag-role for the settings the plan sets; a role's path cannot
//     change);
//   - attach-role-policy, which IAM accepts again for an attached policy;
//   - Pod Identity association: list-pod-identity-associations for the
//     service account, then create-pod-identity-association, or
//     update-pod-identity-association to point an existing one at the role.
//
// It first checks that the caller's credentials are for the topology's
// account, since every ARN in the script names that account.
func Render(p *irsa.Plan) ([]byte, error) {
	if err := p.Check(); err != nil {
		return nil, err
	}
	v, err := newView(p)
	if err != nil {
		return nil, err
	}
	tmpl, err := template.New(FileName).Funcs(shell.Funcs()).Funcs(template.FuncMap{"cmd": command}).Parse(scriptTemplate)
	if err != nil {
		return nil, fmt.Errorf("parsing the %s template: %w", FileName, err)
	}
	var b bytes.Buffer
	if err := tmpl.Execute(&b, v); err != nil {
		return nil, fmt.Errorf("rendering %s: %w", FileName, err)
	}
	return b.Bytes(), nil
}

// view is what the template formats.
type view struct {
	Account      string
	Roles        []role
	Associations []irsa.PodIdentityAssociation
}

// role is a plan's role with its documents and tags as the script writes
// them.
type role struct {
	irsa.Role
	// Policy and Trust are the permission and trust policy, indented as
	// AWS prints them, each ending in a newline.
	Policy, Trust string
	// Tags is the --tags value, or "" for a role without tags.
	Tags string
}

func newView(p *irsa.Plan) (view, error) {
	v := view{Account: p.Topology().AWS.AccountID, Associations: p.Associations()}
	for _, r := range p.Roles() {
		policy, err := indentedJSON(r.PermissionPolicy)
		if err != nil {
			return view{}, fmt.Errorf("role %s: permission policy: %w", r.Name, err)
		}
		trust, err := indentedJSON(r.TrustPolicy)
		if err != nil {
			return view{}, fmt.Errorf("role %s: trust policy: %w", r.Name, err)
		}
		tags, err := tagsJSON(r.Tags)
		if err != nil {
			return view{}, fmt.Errorf("role %s: tags: %w", r.Name, err)
		}
		v.Roles = append(v.Roles, role{Role: r, Policy: policy, Trust: trust, Tags: tags})
	}
	return v, nil
}

// CreateSettings are the create-role options, quoted, for what the plan
// sets beyond IAM's defaults.
func (r role) CreateSettings() ([]string, error) {
	var opts []string
	add := func(flag, value string) error {
		q, err := shell.Quote(value)
		opts = append(opts, flag, q)
		return err
	}
	if r.PermissionsBoundary != "" {
		if err := add("--permissions-boundary", r.PermissionsBoundary); err != nil {
			return nil, err
		}
	}
	if r.MaxSessionDuration != 0 {
		if err := add("--max-session-duration", strconv.Itoa(r.MaxSessionDuration)); err != nil {
			return nil, err
		}
	}
	if r.Tags != "" {
		if err := add("--tags", r.Tags); err != nil {
			return nil, err
		}
	}
	return opts, nil
}

// command formats one command at the given indentation (in steps of two
// spaces) from words that are already quoted; a word may also be a list
// of words. A command longer than 80 columns is split before each
// --option, one option per continuation line, the way AWS documents its
// CLI examples.
func command(indent int, words ...any) (string, error) {
	var flat []string
	for _, w := range words {
		switch w := w.(type) {
		case string:
			flat = append(flat, w)
		case []string:
			flat = append(flat, w...)
		default:
			return "", fmt.Errorf("cmd: a word must be a string or a list of strings, got %T", w)
		}
	}
	prefix := strings.Repeat("  ", indent)
	if one := strings.Join(flat, " "); len(one)+len(prefix) <= 80 {
		return prefix + one, nil
	}
	var b strings.Builder
	b.WriteString(prefix)
	for i, w := range flat {
		if i > 0 {
			if strings.HasPrefix(w, "--") {
				b.WriteString(" \\\n" + prefix + "    ")
			} else {
				b.WriteByte(' ')
			}
		}
		b.WriteString(w)
	}
	return b.String(), nil
}

// indentedJSON is a policy document as AWS prints it: indented by two
// spaces, without HTML escaping, ending in a newline.
func indentedJSON(doc irsa.PolicyDocument) (string, error) {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return "", err
	}
	return b.String(), nil
}

// tagsJSON is the --tags value as JSON, which the AWS CLI accepts for any
// list option: unlike its Key=..,Value=.. shorthand it has no trouble with
// the commas, spaces and = that tag values may hold. Tags are sorted by
// key, so the bytes are stable; no tags give "".
func tagsJSON(tags map[string]string) (string, error) {
	if len(tags) == 0 {
		return "", nil
	}
	type tag struct {
		Key   string `json:"Key"`
		Value string `json:"Value"`
	}
	var list []tag
	for _, k := range slices.Sorted(maps.Keys(tags)) {
		list = append(list, tag{Key: k, Value: tags[k]})
	}
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(list); err != nil {
		return "", err
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}
