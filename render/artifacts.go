package render

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/camunda-irsa/camunda-irsa/irsa"
	"github.com/camunda-irsa/camunda-irsa/render/awscli"
	"github.com/camunda-irsa/camunda-irsa/render/imds"
	"github.com/camunda-irsa/camunda-irsa/render/rolemapping"
	"github.com/camunda-irsa/camunda-irsa/render/sql"
	"github.com/camunda-irsa/camunda-irsa/render/terraform"
)

// Kind is an output kind of `camunda-irsa render --output`.
type Kind string

const (
	KindValues          Kind = "values"
	KindServiceAccounts Kind = "serviceaccounts"
	KindIAM             Kind = "iam"
	KindTerraform       Kind = "terraform"
	KindAWSCLI          Kind = "aws-cli"
	KindSQL             Kind = "sql"
	KindRoleMapping     Kind = "opensearch-rolemapping"
	KindIMDS            Kind = "imds"
)

// Options tune the artifacts that have choices.
type Options struct {
	// InternalRole is the OpenSearch role the IAM role is mapped to;
	// empty means all_access.
	InternalRole string
}

// kindSpec is everything about one output kind in one place: its file
// in --out-dir, and how to produce it.
type kindSpec struct {
	kind Kind
	// file is the path --out-dir writes; empty for kinds written as
	// several files (iam).
	file       string
	executable bool
	generate   func(*irsa.Plan, Options) ([]byte, error)
}

// specs lists the kinds in the order of --help and of the bundle index.
func specs() []kindSpec {
	return []kindSpec{
		{kind: KindValues, file: "values.yaml", generate: func(p *irsa.Plan, _ Options) ([]byte, error) { return OverlayYAML(p) }},
		{kind: KindServiceAccounts, file: "serviceaccounts.yaml", generate: func(p *irsa.Plan, _ Options) ([]byte, error) { return ServiceAccountsYAML(p) }},
		{kind: KindIAM, generate: func(p *irsa.Plan, _ Options) ([]byte, error) { return JSON(IAM(p)) }},
		{kind: KindTerraform, file: "terraform/main.tf", generate: func(p *irsa.Plan, _ Options) ([]byte, error) { return terraform.Generate(p) }},
		{kind: KindAWSCLI, file: "aws-cli/apply.sh", executable: true, generate: func(p *irsa.Plan, _ Options) ([]byte, error) { return awscli.Generate(p) }},
		{kind: KindSQL, file: sql.FileName, generate: func(p *irsa.Plan, _ Options) ([]byte, error) { return sql.Generate(p) }},
		{kind: KindRoleMapping, file: rolemapping.FileName, executable: true, generate: func(p *irsa.Plan, o Options) ([]byte, error) {
			return rolemapping.Generate(p, o.InternalRole)
		}},
		{kind: KindIMDS, file: imds.FileName, generate: func(p *irsa.Plan, _ Options) ([]byte, error) { return imds.Generate(p) }},
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

// File is one artifact: a slash-separated path relative to the output
// directory, its content, and whether it is a script to run.
type File struct {
	Path       string
	Data       []byte
	Executable bool
}

// Render produces the single artifact of one output kind.
func Render(p *irsa.Plan, kind Kind, opts Options) ([]byte, error) {
	for _, s := range specs() {
		if s.kind == kind {
			return s.generate(p, opts)
		}
	}
	return nil, fmt.Errorf("unknown output kind %q (known: %s)", kind, kindList())
}

func kindList() string {
	names := make([]string, 0, len(specs()))
	for _, k := range Kinds() {
		names = append(names, string(k))
	}
	return strings.Join(names, ", ")
}

// notApplicable reports the errors of kinds that have nothing to say
// about a topology (no Aurora component for sql, no OpenSearch role for
// the role mapping): the bundle leaves them out instead of failing.
func notApplicable(err error) bool {
	return errors.Is(err, sql.ErrNoDatabases) || errors.Is(err, rolemapping.ErrNoOpenSearch)
}

// Files produces every artifact --out-dir writes, sorted by path: one
// file per kind that applies, iam/<role>.trust.json and
// iam/<role>.policy.json per role, and a README.md that says what was
// written and in which order to apply it.
func Files(p *irsa.Plan, opts Options) ([]File, error) {
	var files []File
	for _, s := range specs() {
		if s.file == "" {
			continue
		}
		data, err := s.generate(p, opts)
		if notApplicable(err) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", s.kind, err)
		}
		files = append(files, File{Path: s.file, Data: data, Executable: s.executable})
	}
	for _, r := range p.Roles {
		policy, err := JSON(r.PermissionPolicy)
		if err != nil {
			return nil, fmt.Errorf("role %s: %w", r.Name, err)
		}
		trust, err := JSON(r.TrustPolicy)
		if err != nil {
			return nil, fmt.Errorf("role %s: %w", r.Name, err)
		}
		files = append(files, File{Path: "iam/" + r.Name + ".policy.json", Data: policy},
			File{Path: "iam/" + r.Name + ".trust.json", Data: trust})
	}
	sortFiles(files)
	files = append(files, File{Path: "README.md", Data: BundleIndex(p, files)})
	sortFiles(files)
	return files, nil
}

func sortFiles(files []File) {
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
}
