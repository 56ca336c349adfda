// Package bundle knows every output kind of camunda-irsa: it renders one
// kind by name (render --output KIND) or every kind that applies as the
// files of a bundle (render --out-dir), with a README.md that says what
// each file is and the order to apply them in.
//
// The kinds themselves live in their own packages (render for the values
// overlay, ServiceAccounts and IAM; render/terraform, render/awscli, ...),
// so that a program that needs only the overlay does not link HCL or a
// shell parser; this package links them all.
package bundle

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/camunda-irsa/camunda-irsa/irsa"
	"github.com/camunda-irsa/camunda-irsa/render"
	"github.com/camunda-irsa/camunda-irsa/render/awscli"
	"github.com/camunda-irsa/camunda-irsa/render/imds"
	"github.com/camunda-irsa/camunda-irsa/render/rolemapping"
	"github.com/camunda-irsa/camunda-irsa/render/snapshot"
	"github.com/camunda-irsa/camunda-irsa/render/sql"
	"github.com/camunda-irsa/camunda-irsa/render/terraform"
)

// Kind is an output kind of `camunda-irsa render --output`.
type Kind string

const (
	KindValues          Kind = "values"
	KindServiceAccounts Kind = "serviceaccounts"
	KindKeycloak        Kind = "keycloak"
	KindIAM             Kind = "iam"
	KindTerraform       Kind = "terraform"
	KindAWSCLI          Kind = "aws-cli"
	KindSQL             Kind = "sql"
	KindRoleMapping     Kind = "opensearch-rolemapping"
	KindSnapshot        Kind = "opensearch-snapshot"
	KindIMDS            Kind = "imds"
)

// keycloakFile is the bundle file of the keycloak kind; the README names it.
const keycloakFile = "keycloak.yaml"

// Options tune the artifacts that have choices.
type Options struct {
	// InternalRole is the OpenSearch role the IAM role is mapped to;
	// empty means all_access.
	InternalRole string
}

// kindSpec is everything about one output kind in one place.
type kindSpec struct {
	kind Kind
	// file is the path in a bundle; empty for kinds written as several
	// files (iam).
	file       string
	executable bool
	// description says what the file is, in the bundle's README.
	description string
	render      func(*irsa.Plan, Options) ([]byte, error)
}

// specs lists the kinds in the order of --help.
func specs() []kindSpec {
	plain := func(f func(*irsa.Plan) ([]byte, error)) func(*irsa.Plan, Options) ([]byte, error) {
		return func(p *irsa.Plan, _ Options) ([]byte, error) { return f(p) }
	}
	return []kindSpec{
		{kind: KindValues, file: "values.yaml", description: "Helm values overlay for the Camunda chart", render: plain(render.Values)},
		{kind: KindServiceAccounts, file: "serviceaccounts.yaml", description: "ServiceAccount manifests, only for service accounts created outside the chart",
			render: plain(render.ServiceAccounts)},
		{kind: KindKeycloak, file: keycloakFile,
			description: "Keycloak Operator resource with its ServiceAccount and database user Secret (Keycloak with managedBy: operator)",
			render:      plain(render.Keycloak)},
		{kind: KindIAM, render: plain(render.IAM)},
		{kind: KindTerraform, file: "terraform/main.tf", description: "IAM policies and roles (and Pod Identity associations) as Terraform",
			render: plain(terraform.Render)},
		{kind: KindAWSCLI, file: "aws-cli/apply.sh", executable: true, description: "the same with the AWS CLI; re-runnable", render: plain(awscli.Render)},
		{kind: KindSQL, file: sql.FileName, description: "Aurora PostgreSQL users and databases, for psql as the master user; re-runnable",
			render: plain(sql.Render)},
		{kind: KindRoleMapping, file: rolemapping.FileName, executable: true,
			description: "maps the OpenSearch IAM role into fine-grained access control; re-runnable",
			render:      func(p *irsa.Plan, o Options) ([]byte, error) { return rolemapping.Render(p, o.InternalRole) }},
		{kind: KindSnapshot, file: snapshot.FileName, executable: true,
			description: "registers the OpenSearch snapshot repository of the web applications (SigV4); re-runnable",
			render:      plain(snapshot.Render)},
		{kind: KindIMDS, file: imds.FileName, description: "node hardening so pods cannot fall back to the node role", render: plain(imds.Render)},
	}
}

// Kinds lists every output kind.
func Kinds() []Kind {
	var out []Kind
	for _, s := range specs() {
		out = append(out, s.kind)
	}
	return out
}

// Render produces the single artifact of one output kind.
func Render(p *irsa.Plan, kind Kind, opts Options) ([]byte, error) {
	known := specs()
	for _, s := range known {
		if s.kind == kind {
			return s.render(p, opts)
		}
	}
	names := make([]string, len(known))
	for i, s := range known {
		names[i] = string(s.kind)
	}
	return nil, fmt.Errorf("unknown output kind %q (known: %s)", kind, strings.Join(names, ", "))
}

// File is one artifact: a slash-separated path relative to the bundle's
// directory, its content, and whether it is a script to run.
type File struct {
	Path       string
	Data       []byte
	Executable bool
	// description says what the file is, in the README.
	description string
}

// NotApplicable reports the errors of kinds that have nothing to say
// about a topology (no Aurora component for sql, no OpenSearch role for
// the role mapping, no operator-managed Keycloak for keycloak, no backup
// bucket or no OpenSearch for the snapshot repository): the bundle leaves
// them out instead of failing.
func NotApplicable(err error) bool {
	return errors.Is(err, sql.ErrNoDatabases) || errors.Is(err, rolemapping.ErrNoOpenSearch) ||
		errors.Is(err, render.ErrNoOperatorKeycloak) || errors.Is(err, snapshot.ErrNoSnapshotRepository)
}

// Files produces every artifact of a bundle, sorted by path: one file per
// kind that applies, iam/<role>.trust.json and iam/<role>.policy.json per
// role, and a README.md that says what was written and in which order to
// apply it.
func Files(p *irsa.Plan, opts Options) ([]File, error) {
	if err := p.Check(); err != nil {
		return nil, err
	}
	var files []File
	for _, s := range specs() {
		if s.file == "" {
			continue
		}
		data, err := s.render(p, opts)
		if NotApplicable(err) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", s.kind, err)
		}
		files = append(files, File{Path: s.file, Data: data, Executable: s.executable, description: s.description})
	}
	for _, r := range p.Roles() {
		policy, err := render.JSON(r.PermissionPolicy)
		if err != nil {
			return nil, fmt.Errorf("role %s: %w", r.Name, err)
		}
		trust, err := render.JSON(r.TrustPolicy)
		if err != nil {
			return nil, fmt.Errorf("role %s: %w", r.Name, err)
		}
		files = append(files,
			File{Path: "iam/" + r.Name + ".policy.json", Data: policy, description: "permission policy of role " + r.Name},
			File{Path: "iam/" + r.Name + ".trust.json", Data: trust, description: "trust policy of role " + r.Name})
	}
	sortFiles(files)
	index, err := readme(p, files)
	if err != nil {
		return nil, err
	}
	files = append(files, File{Path: "README.md", Data: index})
	sortFiles(files)
	return files, nil
}

func sortFiles(files []File) {
	slices.SortFunc(files, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
}
