// Package snapshot generates the registration of the OpenSearch snapshot
// repository that Camunda's web applications back up to (--output
// opensearch-snapshot): with a backup bucket and an OpenSearch domain the
// plan has a snapshot role that OpenSearch Service assumes to write the
// repository, but OpenSearch knows nothing of it until the repository is
// registered with that role, by a principal allowed to pass it.
//
// The artifact is one bash script that signs its requests with SigV4
// (curl --aws-sigv4), takes the credentials from the environment and
// embeds the request body in a quoted heredoc, so it never holds a
// secret.
package snapshot

import (
	_ "embed"
	"fmt"
	"net/url"
	"text/template"

	"github.com/camunda-irsa/camunda-irsa/internal/jsonenc"
	"github.com/camunda-irsa/camunda-irsa/internal/shell"
	"github.com/camunda-irsa/camunda-irsa/internal/tmpl"
	"github.com/camunda-irsa/camunda-irsa/irsa"
)

// FileName is the name the script is written under (golden files,
// --out-dir).
const FileName = "opensearch-snapshot.sh"

// SigV4Service is the service name OpenSearch Service domains sign
// requests for.
const SigV4Service = "es"

//go:embed opensearch-snapshot.sh.tmpl
var scriptTemplate string

// Error is a constant error of this package, comparable with errors.Is.
type Error string

func (e Error) Error() string { return string(e) }

// ErrNoSnapshotRepository is returned for a plan without a snapshot role:
// without both a backup block and an OpenSearch domain there is no
// repository to register.
const ErrNoSnapshotRepository Error = "the topology has no OpenSearch snapshot repository: it needs both the backup and the opensearch block"

// Repository is the body of PUT _snapshot/<name> for an S3 repository
// written through a role that OpenSearch Service assumes.
type Repository struct {
	Type     string   `json:"type"`
	Settings Settings `json:"settings"`
}

// Settings are the repository settings the script manages. A registered
// repository whose other settings (chunk_size, readonly, ...) differ is
// left alone; a PUT, when one is needed, replaces them all.
//
// ServerSideEncryption is never sent: it asks for SSE-S3 (AES256) on every
// object, which on a bucket with SSE-KMS default encryption would replace
// the bucket's KMS key instead of using it. Without it, S3 applies the
// bucket's default encryption, and the snapshot role holds the KMS grant
// that needs.
type Settings struct {
	Bucket string `json:"bucket"`
	// BasePath is the key prefix of the repository in the bucket, without
	// a leading or trailing "/": <backup.prefix>opensearch.
	BasePath string `json:"base_path"`
	Region   string `json:"region"`
	// RoleARN is the snapshot role; OpenSearch Service requires it.
	RoleARN string `json:"role_arn"`
}

// Registration is a snapshot repository to register: its name and the
// body of the PUT request.
type Registration struct {
	// Name is backup.repositoryName, the name the Camunda components back
	// up to.
	Name string
	Body Repository
}

// NewRegistration returns the registration of the plan's snapshot
// repository, or ErrNoSnapshotRepository.
func NewRegistration(p *irsa.Plan) (Registration, error) {
	if err := p.Check(); err != nil {
		return Registration{}, err
	}
	role, ok := p.SnapshotRole()
	t := p.Topology()
	if !ok || t.Backup == nil || t.OpenSearch == nil {
		return Registration{}, ErrNoSnapshotRepository
	}
	return Registration{Name: t.Backup.RepositoryName, Body: Repository{Type: "s3", Settings: Settings{
		Bucket:   t.Backup.Bucket,
		BasePath: t.Backup.Prefix + irsa.SnapshotFolder,
		Region:   t.AWS.Region,
		RoleARN:  role.ARN,
	}}}, nil
}

// Render returns the bash script that registers the plan's snapshot
// repository on the OpenSearch domain, or ErrNoSnapshotRepository.
//
// The script reads the repository first. When it is registered with the
// settings of NewRegistration (and, on a bucket with a KMS key, without
// server_side_encryption) it changes nothing; otherwise it registers the
// repository with PUT. It fails on any other answer, printing it.
func Render(p *irsa.Plan) ([]byte, error) {
	reg, err := NewRegistration(p)
	if err != nil {
		return nil, err
	}
	v, err := newView(p, reg)
	if err != nil {
		return nil, err
	}
	out, err := script.Render(v)
	if err != nil {
		return nil, fmt.Errorf("snapshot: %w", err)
	}
	return out, nil
}

// view is what the template formats.
type view struct {
	Registration
	// Endpoint is the domain endpoint from the topology, the script's
	// default for OPENSEARCH_ENDPOINT.
	Endpoint string
	// SigV4 is curl's --aws-sigv4 argument: provider, region, service.
	SigV4 string
	// Path is the URL path of the repository.
	Path string
	// Expected are the settings as the GET answer spells them, one
	// "key":"value" each (OpenSearch answers every setting as a string).
	Expected []string
	// KMSKey is the bucket's KMS key, if any; SSE is the GET answer's
	// spelling of server_side_encryption turned on, which must be absent
	// then.
	KMSKey, SSE string
	// PutBody is Body as JSON.
	PutBody string
}

func newView(p *irsa.Plan, reg Registration) (view, error) {
	t := p.Topology()
	v := view{Registration: reg, Endpoint: t.OpenSearch.Endpoint,
		SigV4: "aws:amz:" + t.AWS.Region + ":" + SigV4Service, Path: "/_snapshot/" + url.PathEscape(reg.Name),
		KMSKey: t.Backup.KMSKeyARN}
	s := reg.Body.Settings
	for _, kv := range [][2]string{{"type", reg.Body.Type}, {"bucket", s.Bucket}, {"base_path", s.BasePath},
		{"region", s.Region}, {"role_arn", s.RoleARN}} {
		f, err := member(kv[0], kv[1])
		if err != nil {
			return view{}, err
		}
		v.Expected = append(v.Expected, f)
	}
	if v.KMSKey != "" {
		sse, err := member("server_side_encryption", "true")
		if err != nil {
			return view{}, err
		}
		v.SSE = sse
	}
	body, err := encode(reg.Body, "  ")
	if err != nil {
		return view{}, err
	}
	v.PutBody = body
	return v, nil
}

// member is one "key":"value" member of a compact JSON object, as
// OpenSearch writes it.
func member(key, value string) (string, error) {
	k, err := encode(key, "")
	if err != nil {
		return "", err
	}
	val, err := encode(value, "")
	if err != nil {
		return "", err
	}
	return k + ":" + val, nil
}

// encode is v as JSON text for the script (jsonenc.Encode).
func encode(v any, indent string) (string, error) {
	b, err := jsonenc.Encode(v, indent)
	if err != nil {
		return "", fmt.Errorf("snapshot: encoding JSON: %w", err)
	}
	return string(b), nil
}

// script is the template of the output, parsed on first use.
var script = tmpl.New(FileName, scriptTemplate, func(*template.Template) template.FuncMap { return shell.Funcs() })
