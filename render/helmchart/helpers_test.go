package helmchart

import (
	"sigs.k8s.io/yaml"
	// Every test package accepts -update, so that go test ./... -update works.
	_ "github.com/camunda-irsa/camunda-irsa/internal/golden"

	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	"helm.sh/helm/v4/pkg/chart/v2/loader"
	chartutil "helm.sh/helm/v4/pkg/chart/v2/util"

	"github.com/camunda-irsa/camunda-irsa/irsa"
)

// fixtureDir is the fixture chart of a line, as a directory.
func fixtureDir(line string) string {
	return filepath.Join("..", "..", "testdata", "charts", "camunda-platform-"+line)
}

// packageFixture packages a fixture chart into a .tgz as `helm package`
// does and returns its path.
func packageFixture(t *testing.T, line string) string {
	t.Helper()
	ch, err := loader.Load(fixtureDir(line))
	require.NoError(t, err)
	path, err := chartutil.Save(ch, t.TempDir())
	require.NoError(t, err)
	return path
}

func loadFixture(t *testing.T, line, source string) *Chart {
	t.Helper()
	path := fixtureDir(line)
	if source == "tgz" {
		path = packageFixture(t, line)
	}
	c, err := LoadChart(path)
	require.NoError(t, err)
	return c
}

// overlayFile reads one of the hand-written overlays under testdata/.
func overlayFile(t *testing.T, name string) ValuesFile {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return ValuesFile{Name: name, Data: data}
}

func lineOverlay(t *testing.T, line string) ValuesFile {
	return overlayFile(t, "overlay-"+line+".yaml")
}

func parsed(t *testing.T, f ValuesFile) map[string]any {
	t.Helper()
	v, err := ParseValues(f)
	require.NoError(t, err)
	return v
}

func file(name, data string) ValuesFile { return ValuesFile{Name: name, Data: []byte(data)} }

// chartBase is what the user's own values give the fixture charts beside
// the overlay: the values the charts themselves require and that have
// nothing to do with IAM. Like the real charts, the fixtures refuse to
// render Web Modeler without webModeler.restapi.mail.fromAddress.
func chartBase() ValuesFile {
	return file("base.yaml", "webModeler:\n  restapi:\n    mail:\n      fromAddress: modeler@example.com\n")
}

// withBase puts chartBase first among the user's files.
func withBase(before ...ValuesFile) []ValuesFile { return append([]ValuesFile{chartBase()}, before...) }

// baseTopology is examples/full.yaml's installation without components.
func baseTopology(line string) irsa.Topology {
	return irsa.Topology{
		APIVersion: irsa.APIVersion,
		Kind:       irsa.Kind,
		Chart:      line,
		Namespace:  "camunda",
		AWS:        irsa.AWS{AccountID: "123456789012", Region: "eu-central-1"},
		Cluster: irsa.Cluster{Name: "camunda",
			OIDCIssuer: "https://oidc.eks.eu-central-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF"},
		Aurora: &irsa.Aurora{Endpoint: "camunda.cluster-c1a2b3c4d5e6.eu-central-1.rds.amazonaws.com", Port: 5432,
			ClusterResourceID: "cluster-ABCDEFGHIJKLMNOPQRSTUVWXY2"},
	}
}

// fullTopology is what the overlay-<line>.yaml files are written for:
// Aurora for Keycloak, Identity and Web Modeler, OpenSearch for the rest.
func fullTopology(line string) irsa.Topology {
	t := baseTopology(line)
	t.OpenSearch = &irsa.OpenSearch{Domain: "camunda",
		Endpoint: "vpc-camunda-abcdefghijklmnopqrstuvwxyz.eu-central-1.es.amazonaws.com"}
	t.Components = irsa.Components{
		Keycloak:   &irsa.KeycloakComponent{ServiceAccount: "keycloak-sa", Database: "keycloak", DBUser: "keycloak_irsa"},
		Identity:   &irsa.DatabaseComponent{ServiceAccount: "identity-sa", Database: "identity", DBUser: "identity_irsa"},
		WebModeler: &irsa.DatabaseComponent{ServiceAccount: "webmodeler-sa", Database: "webmodeler", DBUser: "webmodeler_irsa"},
		Optimize:   &irsa.Component{ServiceAccount: "optimize-sa"},
	}
	if line == "8.7" {
		t.Components.Zeebe = &irsa.Component{ServiceAccount: "zeebe-sa"}
		t.Components.Operate = &irsa.Component{ServiceAccount: "operate-sa"}
		t.Components.Tasklist = &irsa.Component{ServiceAccount: "tasklist-sa"}
	} else {
		t.Components.Orchestration = &irsa.OrchestrationComponent{ServiceAccount: "orchestration-sa"}
	}
	return t
}

// elasticsearchTopology is what overlay-8.8-elasticsearch.yaml is written
// for: Identity on Aurora and the Bitnami Elasticsearch with S3 snapshots.
func elasticsearchTopology() irsa.Topology {
	t := baseTopology("8.8")
	t.ElasticsearchBackup = &irsa.ElasticsearchBackup{Bucket: "camunda-es-backups"}
	t.Components = irsa.Components{
		Identity:      &irsa.DatabaseComponent{ServiceAccount: "identity-sa", Database: "identity", DBUser: "identity_irsa"},
		Elasticsearch: &irsa.Component{ServiceAccount: "elasticsearch-master-sa"},
	}
	return t
}

func newPlan(t *testing.T, topo irsa.Topology) *irsa.Plan {
	t.Helper()
	p, err := irsa.NewPlan(topo)
	require.NoError(t, err)
	return p
}

// renderLine renders a line's fixture with its overlay and the given user
// files.
func renderLine(t *testing.T, line string, before, after []ValuesFile) *Result {
	t.Helper()
	c := loadFixture(t, line, "dir")
	r, err := Render(c, Input{Before: withBase(before...), Overlay: lineOverlay(t, line), After: after}, Options{Namespace: "camunda", OverrideBlocks: overridesOf(t, line)})
	require.NoError(t, err)
	return r
}

// failed returns the failed checks of a report.
func failed(r Report) Report {
	var out Report
	for _, c := range r {
		if c.Status == StatusFail {
			out = append(out, c)
		}
	}
	return out
}

func withStatus(r Report, s Status) Report {
	var out Report
	for _, c := range r {
		if c.Status == s {
			out = append(out, c)
		}
	}
	return out
}

// manifest finds a rendered manifest by kind and name.
func manifest(t *testing.T, r *Result, kind, name string) Manifest {
	t.Helper()
	for _, m := range r.Manifests {
		if m.Kind == kind && m.Name == name {
			return m
		}
	}
	require.Failf(t, "manifest not rendered", "%s/%s", kind, name)
	return Manifest{}
}

// overridesOf is the line's override blocks, for the key check.
func overridesOf(t *testing.T, line string) map[string]string {
	t.Helper()
	l, err := irsa.LookupChartLine(line)
	require.NoError(t, err)
	return l.OverrideBlocks
}

// withoutKey is the values file without one top-level key.
func withoutKey(t *testing.T, f ValuesFile, key string) ValuesFile {
	t.Helper()
	v := parsed(t, f)
	delete(v, key)
	data, err := yaml.Marshal(v)
	require.NoError(t, err)
	return ValuesFile{Name: f.Name, Data: data}
}
