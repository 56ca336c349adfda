package bundle_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"

	"github.com/camunda-irsa/camunda-irsa/irsa"
	"github.com/camunda-irsa/camunda-irsa/lint"
	"github.com/camunda-irsa/camunda-irsa/render"
	"github.com/camunda-irsa/camunda-irsa/render/bundle"
	"github.com/camunda-irsa/camunda-irsa/schema"
)

// maxRenderSeedBytes leaves out the few large corpus cases (deep
// nesting), which only slow the mutator down.
const maxRenderSeedBytes = 4 << 10

// edgeSeeds are accepted topologies at the edges of the file format, so
// the fuzzer starts from every feature of the render path: Pod Identity
// with session tags, several clusters, role options, unicode tags, a
// wildcard resource ID and the seed preset; names that need shortening
// and trust policies that need splitting; GovCloud with S3 snapshots, a
// base path and Keycloak under its operator; China, in JSON; backups with
// a KMS key and a snapshot repository.
var edgeSeeds = []string{
	`apiVersion: camunda-irsa/v1
kind: Topology
chart: "8.9"
namespace: camunda-prod
aws: {accountID: "210987654321", region: us-east-1, trustPolicyQuota: 4096}
clusters:
  - {name: blue_1, oidcIssuer: "https://oidc.eks.us-east-1.amazonaws.com/id/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}
  - {name: green-2, region: us-west-2, oidcIssuer: "https://oidc.eks.us-west-2.amazonaws.com/id/BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB"}
mode: podIdentity
podIdentity: {conditionOnSessionTags: true}
roleNamePrefix: "team+=,.@_-"
roleDefaults:
  path: /camunda/prod/
  permissionsBoundary: arn:aws:iam::210987654321:policy/boundary
  maxSessionDuration: 7200
  tags: {"Équipe": "données", "cost center": "4 2", "a:b/c=d+e-f@g": "x"}
aurora: {endpoint: DB.Example.COM, port: 1, clusterResourceID: "*"}
opensearch: {domain: abc, endpoint: search.example.com, policy: seed}
components:
  keycloak: {serviceAccount: shared.db, database: "k$-1", dbUser: "Key-User$", roleName: "db+role", tags: {owner: keycloak}}
  identity: {serviceAccount: shared.db, database: _id, dbUser: "Key-User$", roleName: "db+role"}
  webModeler: {serviceAccount: wm, database: wm, dbUser: wm_user, maxSessionDuration: 43200}
  orchestration: {serviceAccount: search, path: /camunda/prod/}
  optimize: {serviceAccount: search}
`,
	`apiVersion: camunda-irsa/v1
kind: Topology
chart: "8.7"
namespace: nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn
aws: {accountID: "123456789012", region: eu-west-1}
clusters:
  - {name: cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc, oidcIssuer: "https://oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF"}
  - {name: ddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd, oidcIssuer: "https://oidc.eks.eu-west-1.amazonaws.com/id/FEDCBA9876543210FEDCBA9876543210"}
roleNamePrefix: pppppppppppppppppppppppppppppppppppppppp
opensearch: {domain: aaaaaaaaaaaaaaaaaaaaaaaaaaaa, endpoint: vpc-x.eu-west-1.es.amazonaws.com}
components:
  zeebe: {serviceAccount: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-sa}
  operate: {serviceAccount: bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb-sa}
  tasklist: {serviceAccount: cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc-sa}
  optimize: {serviceAccount: dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd-sa}
`,
	`apiVersion: camunda-irsa/v1
kind: Topology
chart: "8.9"
namespace: elastic
aws: {accountID: "123456789012", region: us-gov-west-1, partition: aws-us-gov}
cluster: {name: gov, oidcIssuer: "https://oidc.eks.us-gov-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF"}
elasticsearchBackup: {bucket: a.b-c.d, basePath: snapshots/camunda_prod/v1.2}
components:
  elasticsearch: {serviceAccount: es, roleName: ES.Backup@gov}
  keycloak: {serviceAccount: kc, database: keycloak, dbUser: kc, managedBy: operator, image: "registry.example:5000/kc:26.1.0"}
aurora: {endpoint: a.b, clusterResourceID: cluster-ABCDEFGHIJKLMNOPQRSTUVWXY2}
`,
	`apiVersion: camunda-irsa/v1
kind: Topology
chart: "8.9"
namespace: camunda
aws: {accountID: "123456789012", region: eu-west-1}
cluster: {name: c-1, oidcIssuer: "https://oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF"}
opensearch: {domain: search, endpoint: vpc-search-abc.eu-west-1.es.amazonaws.com}
backup: {bucket: c.backups, prefix: a/b_c/, kmsKeyARN: "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab", repositoryName: web_apps-1}
components:
  orchestration: {serviceAccount: orchestration}
  optimize: {serviceAccount: optimize}
`,
	`{"apiVersion": "camunda-irsa/v1", "kind": "Topology", "chart": "8.8", "namespace": "cn",
 "aws": {"accountID": "123456789012", "region": "cn-northwest-1"},
 "cluster": {"name": "cn", "oidcIssuer": "https://oidc.eks.cn-northwest-1.amazonaws.com.cn/id/0123456789ABCDEF0123456789ABCDEF"},
 "opensearch": {"domain": "search-1", "endpoint": "vpc-search.cn-northwest-1.es.amazonaws.com.cn"},
 "aurora": {"endpoint": "db.cn", "port": 65535, "clusterResourceID": "cluster-00000000000000000000000000"},
 "components": {"orchestration": {"serviceAccount": "o"}, "identity": {"serviceAccount": "i", "database": "identity", "dbUser": "identity"}}}
`,
}

// FuzzRender runs arbitrary bytes down the whole render path: decode,
// validate and plan, then every output kind and the --out-dir bundle.
// Whatever is accepted must pass the topology's published JSON Schema,
// render outputs that pass their schemas (the overlay's and IAM's; they
// are proved here rather than checked on every run) and `lint --strict`,
// the overlay must read back as exactly the values it was made from (no
// injected keys), and rendering twice must give the same bytes.
//
//	go test ./render/bundle -run='^$' -fuzz=FuzzRender -fuzztime=60s
func FuzzRender(f *testing.F) {
	v, err := schema.New()
	if err != nil {
		f.Fatal(err)
	}
	var files []string
	for _, pattern := range []string{"../../examples/*.yaml", "../../testdata/bad/*.yaml", "../../testdata/bad/*.json"} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			f.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) < 60 {
		f.Fatalf("only %d seed files; the examples or the bad corpus are missing", len(files))
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		if len(data) <= maxRenderSeedBytes {
			f.Add(data)
		}
	}
	for i, seed := range edgeSeeds {
		if _, err := irsa.Load([]byte(seed)); err != nil {
			f.Fatalf("edge seed %d is not accepted: %v", i, err)
		}
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := irsa.Load(data)
		if err != nil || len(lint.UserStatements(p, lint.Options{})) > 0 {
			return // refused, as the CLI refuses it
		}
		checkTopologySchema(t, v, data)
		checkDocumentsValid(t, v, p)
		checkLintStrict(t, v, p)
		checkOverlayReadsBack(t, p)
		checkKindsDeterministic(t, p)
		checkFiles(t, p)
	})
}

// checkTopologySchema: the published schema accepts whatever the
// library accepts (the CLI refuses a topology either one refuses), but
// for explicit nulls.
func checkTopologySchema(t *testing.T, v *schema.Validator, data []byte) {
	t.Helper()
	js, err := yaml.YAMLToJSON(data)
	if err != nil {
		t.Fatalf("an accepted topology does not convert to JSON: %v", err)
	}
	doc, err := schema.ToJSONValue(json.RawMessage(js))
	if err != nil {
		t.Fatal(err)
	}
	err = v.ValidateTopology(doc)
	var errs schema.Errors
	if err == nil || !errors.As(err, &errs) {
		if err != nil {
			t.Fatalf("validating the topology against its JSON Schema: %v", err)
		}
		return
	}
	for _, e := range errs {
		// Decode reads an explicit null as the field's zero value
		// (irsa.TestDecodeAcceptsNull); the schema refuses null and the
		// CLI with it. That is the one known difference.
		if !strings.HasSuffix(e.Message, "got null") {
			t.Fatalf("Validate accepted the topology but its JSON Schema refuses it:\n%v", err)
		}
	}
}

func checkDocumentsValid(t *testing.T, v *schema.Validator, p *irsa.Plan) {
	t.Helper()
	overlay, err := render.NewOverlay(p)
	if err != nil {
		t.Fatalf("NewOverlay: %v", err)
	}
	mustValidate(t, "values overlay", overlay, v.ValidateOverlay)
	for _, r := range p.Roles() {
		mustValidate(t, "role "+r.Name+" trust policy", r.TrustPolicy, v.ValidatePolicy)
		mustValidate(t, "role "+r.Name+" permission policy", r.PermissionPolicy, v.ValidatePolicy)
	}
}

func mustValidate(t *testing.T, what string, doc any, validate func(any) error) {
	t.Helper()
	val, err := schema.ToJSONValue(doc)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if err := validate(val); err != nil {
		t.Fatalf("%s does not pass its schema:\n%v", what, err)
	}
}

// checkLintStrict: the plan lints clean at --strict, with the schema as
// the grammar, except for the one warning the file format documents:
// aurora.clusterResourceID "*" grants every cluster, and lint says so.
func checkLintStrict(t *testing.T, v *schema.Validator, p *irsa.Plan) {
	t.Helper()
	aurora := map[string]bool{}
	for _, r := range p.RolesWith(irsa.GrantAuroraConnect) {
		aurora[r.Name+"/permission"] = true
	}
	top := p.Topology()
	var left []lint.Finding
	for _, fd := range lint.Plan(p, lint.Options{Grammar: v.ValidatePolicy}) {
		if fd.Code == lint.CodeBroadResource && top.Aurora != nil && top.Aurora.ClusterResourceID == "*" && aurora[fd.Document] {
			continue
		}
		left = append(left, fd)
	}
	if lint.Failed(left, true) {
		var b strings.Builder
		for _, fd := range left {
			b.WriteString(fd.String() + "\n")
		}
		t.Fatalf("the plan fails lint --strict:\n%s", b.String())
	}
}

// checkOverlayReadsBack parses the overlay YAML as Helm would and
// compares it with the values it was encoded from: a value that broke
// out of its string (a newline, ": ", a quote) would add or change keys.
func checkOverlayReadsBack(t *testing.T, p *irsa.Plan) {
	t.Helper()
	values, err := render.NewOverlay(p)
	if err != nil {
		t.Fatal(err)
	}
	out, err := render.Values(p)
	if err != nil {
		t.Fatalf("Values: %v", err)
	}
	want, err := json.Marshal(values)
	if err != nil {
		t.Fatal(err)
	}
	got, err := yaml.YAMLToJSON(out)
	if err != nil {
		t.Fatalf("the overlay is not valid YAML: %v\n%s", err, out)
	}
	var w, g any
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(w, g) {
		t.Fatalf("the overlay YAML reads back as other values:\nwant %s\ngot  %s", want, got)
	}
	if bytes.Contains(out, []byte("{{")) {
		t.Fatalf("the overlay holds template delimiters:\n%s", out)
	}
}

func checkKindsDeterministic(t *testing.T, p *irsa.Plan) {
	t.Helper()
	for _, kind := range bundle.Kinds() {
		first, err := bundle.Render(p, kind, bundle.Options{})
		if bundle.NotApplicable(err) {
			continue
		}
		if err != nil {
			t.Fatalf("render %s: %v", kind, err)
		}
		if len(first) == 0 {
			t.Fatalf("render %s: empty output", kind)
		}
		second, err := bundle.Render(p, kind, bundle.Options{})
		if err != nil {
			t.Fatalf("render %s the second time: %v", kind, err)
		}
		if !bytes.Equal(first, second) {
			t.Fatalf("render %s gave different bytes the second time", kind)
		}
		switch kind {
		case bundle.KindIAM:
			var doc render.IAMDocument
			if err := json.Unmarshal(first, &doc); err != nil {
				t.Fatalf("the iam output is not valid JSON: %v", err)
			}
			if len(doc.Roles) != len(p.Roles()) {
				t.Fatalf("the iam output has %d roles, the plan %d", len(doc.Roles), len(p.Roles()))
			}
		case bundle.KindServiceAccounts:
			checkServiceAccountsYAML(t, p, first)
		case bundle.KindKeycloak:
			checkKeycloakYAML(t, p, first)
		}
	}
}

// documentSeparator splits a multi-document YAML stream; what comes
// before the first separator is the generated-file header.
var documentSeparator = regexp.MustCompile(`(?m)^---\n`)

// checkServiceAccountsYAML reads the manifests back: one per service
// account of the plan, each in the topology's namespace.
func checkServiceAccountsYAML(t *testing.T, p *irsa.Plan, out []byte) {
	t.Helper()
	var names []string
	for _, doc := range documentSeparator.Split(string(out), -1)[1:] {
		var sa struct {
			Kind     string `json:"kind"`
			Metadata struct {
				Name      string `json:"name"`
				Namespace string `json:"namespace"`
			} `json:"metadata"`
		}
		if err := yaml.Unmarshal([]byte(doc), &sa); err != nil {
			t.Fatalf("a ServiceAccount manifest is not valid YAML: %v\n%s", err, doc)
		}
		if sa.Kind != "ServiceAccount" || sa.Metadata.Namespace != p.Namespace() {
			t.Fatalf("unexpected manifest:\n%s", doc)
		}
		names = append(names, sa.Metadata.Name)
	}
	bindings := p.ServiceAccounts()
	if len(names) != len(bindings) {
		t.Fatalf("%d ServiceAccount manifests for %d service accounts", len(names), len(bindings))
	}
	for i, b := range bindings {
		if names[i] != b.ServiceAccount.Name {
			t.Fatalf("manifest %d is %q, want %q", i, names[i], b.ServiceAccount.Name)
		}
	}
}

// checkKeycloakYAML reads the Keycloak stream back: the ServiceAccount,
// the Secret and the Keycloak, in the topology's namespace, the resource
// naming both, and no password anywhere.
func checkKeycloakYAML(t *testing.T, p *irsa.Plan, out []byte) {
	t.Helper()
	if bytes.Contains(bytes.ToLower(out), []byte("password")) {
		t.Fatalf("the keycloak output mentions a password:\n%s", out)
	}
	type object struct {
		Kind     string `json:"kind"`
		Metadata struct {
			Name      string `json:"name"`
			Namespace string `json:"namespace"`
		} `json:"metadata"`
		Spec render.KeycloakSpec `json:"spec"`
	}
	docs := documentSeparator.Split(string(out), -1)[1:]
	if len(docs) != 3 {
		t.Fatalf("the keycloak output has %d documents, want 3:\n%s", len(docs), out)
	}
	var objs []object
	for i, doc := range docs {
		var o object
		if err := yaml.Unmarshal([]byte(doc), &o); err != nil {
			t.Fatalf("a keycloak document is not valid YAML: %v\n%s", err, doc)
		}
		if want := []string{"ServiceAccount", "Secret", "Keycloak"}[i]; o.Kind != want || o.Metadata.Namespace != p.Namespace() {
			t.Fatalf("document %d is a %s in %q, want a %s in %q", i, o.Kind, o.Metadata.Namespace, want, p.Namespace())
		}
		objs = append(objs, o)
	}
	spec := objs[2].Spec
	if spec.DB.UsernameSecret.Name != objs[1].Metadata.Name || spec.Unsupported.PodTemplate.Spec.ServiceAccountName != objs[0].Metadata.Name {
		t.Fatalf("the Keycloak resource names other objects than those beside it:\n%s", out)
	}
}

// checkFiles: the --out-dir bundle renders the same twice, and every
// path is relative, clean, unique and inside the directory.
func checkFiles(t *testing.T, p *irsa.Plan) {
	t.Helper()
	first, err := bundle.Files(p, bundle.Options{})
	if err != nil {
		t.Fatalf("Files: %v", err)
	}
	second, err := bundle.Files(p, bundle.Options{})
	if err != nil {
		t.Fatalf("Files the second time: %v", err)
	}
	if !reflect.DeepEqual(first, second) {
		t.Fatal("Files gave different files the second time")
	}
	seen := map[string]bool{}
	for i, f := range first {
		if f.Path == "" || path.IsAbs(f.Path) || path.Clean(f.Path) != f.Path || f.Path == ".." || strings.HasPrefix(f.Path, "../") {
			t.Fatalf("file path %q is not a clean relative path inside the out-dir", f.Path)
		}
		if seen[strings.ToLower(f.Path)] {
			t.Fatalf("file path %q given twice (regardless of case)", f.Path)
		}
		seen[strings.ToLower(f.Path)] = true
		if i > 0 && first[i-1].Path >= f.Path {
			t.Fatalf("files not sorted by path: %q before %q", first[i-1].Path, f.Path)
		}
	}
}
