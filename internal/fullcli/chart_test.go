package fullcli

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/yaml"

	"github.com/camunda-irsa/camunda-irsa/internal/golden"
	"github.com/camunda-irsa/camunda-irsa/irsa"
)

func fixtureChart(line string) string {
	return filepath.Join("../../testdata/charts", "camunda-platform-"+line)
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
	return path
}

// secondaryStorage is what a user's own values give chart 8.9 when the
// topology has no OpenSearch: the chart refuses to render without a type.
const secondaryStorage = "orchestration:\n  data:\n    secondaryStorage:\n      type: elasticsearch\n      elasticsearch:\n        url: http://camunda-elasticsearch:9200\n"

// chartBase is what a user's own values give the fixture charts: the
// values the charts themselves require, unrelated to IAM. Like the real
// charts, the fixtures refuse to render Web Modeler without
// webModeler.restapi.mail.fromAddress.
const chartBase = "webModeler:\n  restapi:\n    mail:\n      fromAddress: modeler@example.com\n"

// TestVerifyEveryExampleOnEveryLine renders each example against the
// fixture chart of every line it is valid for and expects every check
// to pass.
func TestVerifyEveryExampleOnEveryLine(t *testing.T) {
	paths, err := filepath.Glob("../../examples/*.yaml")
	require.NoError(t, err)
	for _, path := range paths {
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		top, err := irsa.Decode(data)
		require.NoError(t, err)
		for _, line := range irsa.ChartLineNames() {
			top.Chart = line
			plan, err := irsa.NewPlan(top)
			if err != nil {
				continue
			}
			name := strings.TrimSuffix(filepath.Base(path), ".yaml") + "/" + line
			t.Run(name, func(t *testing.T) {
				js, err := yaml.Marshal(top)
				require.NoError(t, err)
				args := []string{"verify", "-f", "-", "--chart", fixtureChart(line), "--values", writeFile(t, "base.yaml", chartBase)}
				if plan.Line().SecondaryStorage && top.OpenSearch == nil {
					args = append(args, "--values", writeFile(t, "storage.yaml", secondaryStorage))
				}
				r := runCLI(t, string(js), args...)
				require.Equal(t, 0, r.code, r.stdout+r.stderr)
				assert.NotContains(t, r.stdout, "FAIL")
				assert.Contains(t, r.stdout, "PASS")
				assert.Regexp(t, `\n(\d+) checks: \d+ pass, 0 warn, 0 fail\n$`, r.stdout, "the report ends with its summary")
				for _, c := range plan.Topology().Components.Listed() {
					if c.ManagedBy == irsa.KeycloakByOperator {
						assert.Contains(t, r.stdout, "INFO keycloak: runs under the Keycloak Operator", "Keycloak outside the chart is named")
						continue
					}
					assert.Contains(t, r.stdout, "PASS "+string(c.Name)+" ", "every component is checked")
				}
			})
		}
	}
}

func TestVerifyNamesTheKeyThatBrokeIt(t *testing.T) {
	after := writeFile(t, "after.yaml", "identity:\n  serviceAccount:\n    name: my-identity\n")
	base := writeFile(t, "base.yaml", chartBase)
	r := runCLI(t, "", "verify", "-f", fullExample, "--chart", fixtureChart("8.8"), "--values", base, "--values-after", after)
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stdout, "FAIL identity Deployment/camunda-identity: service account: runs under service account my-identity")
	assert.Contains(t, r.stdout, "[key identity.serviceAccount.name set by "+after+"]")
}

func TestUserEnvBeforeTheOverlayIsMergedNotLost(t *testing.T) {
	before := writeFile(t, "mine.yaml", "identity:\n  env:\n  - name: JAVA_OPTS\n    value: -Xmx1g\n  - name: SPRING_DATASOURCE_USERNAME\n    value: admin\n")

	r := runCLI(t, "", "render", "-f", fullExample, "--values", before)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "  - name: JAVA_OPTS\n    value: -Xmx1g\n")
	assert.Contains(t, r.stdout, "  - name: SPRING_DATASOURCE_USERNAME\n    value: identity_irsa\n", "ours win on a clash")
	assert.Contains(t, r.stderr, "SPRING_DATASOURCE_USERNAME", "the clash is reported")
	assert.Contains(t, r.stdout, "    port: 5432\n", "ports stay integers")

	r = runCLI(t, "", "template", "-f", fullExample, "--chart", fixtureChart("8.8"), "--values", writeFile(t, "base.yaml", chartBase), "--values", before)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "name: JAVA_OPTS")
}

func TestTemplateAndVerifyUsage(t *testing.T) {
	for _, args := range [][]string{
		{"verify", "-f", fullExample},
		{"template", "--chart", fixtureChart("8.8")},
		{"render", "-f", fullExample, "-o", "iam", "--values", "x.yaml"},
		{"render", "-f", fullExample, "--out-dir", "out", "--values", "x.yaml"},
	} {
		r := runCLI(t, "", args...)
		assert.Equal(t, 2, r.code, "%v: %s", args, r.stderr)
	}
	r := runCLI(t, "", "verify", "-f", fullExample, "--chart", "no-such-chart")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "no-such-chart")
}

// withChart copies a line's fixture chart into a temporary directory,
// with another version in its Chart.yaml.
func withChart(t *testing.T, line, version string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "camunda-platform")
	require.NoError(t, os.CopyFS(dir, os.DirFS(fixtureChart(line))))
	path := filepath.Join(dir, "Chart.yaml")
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	data = regexp.MustCompile(`(?m)^version: .*$`).ReplaceAll(data, []byte("version: "+version))
	require.NoError(t, os.WriteFile(path, data, 0o644))
	return dir
}

// withLine is examples/full.yaml for another chart line.
func withLine(t *testing.T, line string) string {
	t.Helper()
	data, err := os.ReadFile(fullExample)
	require.NoError(t, err)
	return writeFile(t, "topology.yaml", strings.Replace(string(data), `chart: "8.8"`, fmt.Sprintf("chart: %q", line), 1))
}

// A chart of another line, or older than the line supports, is one line
// on stderr that names both sides and the fix; for template and verify.
func TestTemplateAndVerifyCheckTheChartLine(t *testing.T) {
	base := writeFile(t, "base.yaml", chartBase)
	older := withChart(t, "8.9", "14.8.3")
	tests := []struct {
		name, topology, chart, want string
	}{
		{name: "another line", topology: withLine(t, "8.9"), chart: fixtureChart("8.8"),
			want: keycloakDeprecated + "error: topology is for chart line 8.9 (chart 14.x) but the chart at " + fixtureChart("8.8") +
				` is camunda-platform 13.12.7 (line 8.8); set chart: "8.8" in the topology or pass a 14.x chart` + "\n"},
		{name: "older than the line's minimum", topology: withLine(t, "8.9"), chart: older,
			want: keycloakDeprecated + "error: the chart at " + older + " is camunda-platform 14.8.3, older than 14.8.4, the oldest chart of line 8.9 that camunda-irsa supports: " +
				"older charts of the line demand a Web Modeler database password, which the overlay does not write (IAM authentication needs none); " +
				"pass chart 14.8.4 or later of 14.x\n"},
	}
	for _, tt := range tests {
		for _, cmd := range []string{"template", "verify"} {
			t.Run(tt.name+"/"+cmd, func(t *testing.T) {
				r := runCLI(t, "", cmd, "-f", tt.topology, "--chart", tt.chart, "--values", base)
				assert.Equal(t, 1, r.code)
				assert.Empty(t, r.stdout)
				assert.Equal(t, tt.want, r.stderr)
			})
		}
	}
}

// A value the chart itself requires is the chart's requirement, not IAM's.
func TestTemplateNamesTheChartsRequirement(t *testing.T) {
	r := runCLI(t, "", "template", "-f", fullExample, "--chart", fixtureChart("8.8"))
	assert.Equal(t, 1, r.code)
	assert.Empty(t, r.stdout)
	assert.Equal(t, "error: the chart requires webModeler.restapi.mail.fromAddress (a requirement of the camunda-platform chart, not of IAM): "+
		"set it in a values file and pass it with --values; the chart says: The value 'webModeler.restapi.mail.fromAddress' is required "+
		"(camunda-platform/templates/web-modeler/configmap-restapi.yaml:17:27)\n", r.stderr)
}

// Problems of the merged values and keys the chart lacks are one error
// line each, never a line with \n in it.
func TestTemplateChartProblemsOnePerLine(t *testing.T) {
	base := writeFile(t, "base.yaml", chartBase)
	after := writeFile(t, "after.yaml", "identity:\n  externalDatabase:\n    port: abc\n  serviceAccount:\n    enabled: 7\n")
	r := runCLI(t, "", "template", "-f", fullExample, "--chart", fixtureChart("8.8"), "--values", base, "--values-after", after)
	assert.Equal(t, 1, r.code)
	assert.Equal(t, "error: identity.externalDatabase.port: got string, want number (values.schema.json of camunda-platform)\n"+
		"error: identity.serviceAccount.enabled: got number, want boolean (values.schema.json of camunda-platform)\n", r.stderr)

	// A chart of the line whose values lack two blocks the overlay writes.
	chart := withChart(t, "8.8", "13.12.7")
	values := filepath.Join(chart, "values.yaml")
	data, err := os.ReadFile(values)
	require.NoError(t, err)
	var v map[string]any
	require.NoError(t, yaml.Unmarshal(data, &v))
	delete(v["identity"].(map[string]any), "externalDatabase")
	delete(v["optimize"].(map[string]any), "migration")
	data, err = yaml.Marshal(v)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(values, data, 0o644))
	r = runCLI(t, "", "template", "-f", fullExample, "--chart", chart, "--values", base)
	assert.Equal(t, 1, r.code)
	assert.Equal(t, "error: identity.externalDatabase: not in the chart's values (a key the overlay writes)\n"+
		"error: optimize.migration: not in the chart's values (a key the overlay writes)\n", r.stderr)
}

func TestNamespaceFlag(t *testing.T) {
	base := writeFile(t, "base.yaml", chartBase)

	// The topology's namespace by default.
	r := runCLI(t, "", "template", "-f", fullExample, "--chart", fixtureChart("8.8"), "--values", base)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, `  namespace: "camunda"`)
	r = runCLI(t, "", "verify", "-f", fullExample, "--chart", fixtureChart("8.8"), "--values", base, "--namespace", "camunda")
	require.Equal(t, 0, r.code, r.stdout)

	r = runCLI(t, "", "template", "-f", fullExample, "--chart", fixtureChart("8.8"), "--values", base, "-n", "staging")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, `  namespace: "staging"`)
	assert.NotContains(t, r.stdout, `  namespace: "camunda"`)

	r = runCLI(t, "", "verify", "-f", fullExample, "--chart", fixtureChart("8.8"), "--values", base, "-n", "staging")
	assert.Equal(t, 1, r.code)
	lines := strings.Split(r.stdout, "\n")
	assert.Equal(t, "FAIL namespace: the chart is rendered for namespace staging, but the topology's roles trust service accounts of namespace camunda only; "+
		"install into camunda (helm -n camunda), or set namespace: staging in the topology and apply its roles again", lines[0])
	assert.Contains(t, r.stdout, "FAIL identity Deployment/camunda-identity: service account: runs as staging:identity-sa, but role camunda-identity trusts only camunda:identity-sa\n")
}

// chartLinesMarker encloses the README's table of chart lines, which
// TestREADMEChartLines keeps equal to irsa.ChartLines().
var chartLinesMarker = regexp.MustCompile(`(?s)<!-- chart-lines -->\n.*?<!-- /chart-lines -->`)

// chartLinesTable is the README's table of the supported lines and their
// oldest charts, from the chart-line table.
func chartLinesTable() string {
	var b strings.Builder
	b.WriteString("<!-- chart-lines -->\n| Camunda | chart | oldest chart camunda-irsa supports |\n|---|---|---|\n")
	for _, l := range irsa.ChartLines() {
		oldest := l.MinChartVersion
		// SemVer's lowest pre-release: every pre-release counts.
		if release, ok := strings.CutSuffix(oldest, "-0"); ok {
			oldest = fmt.Sprintf("%s (every pre-release of %s counts)", oldest, release)
		}
		fmt.Fprintf(&b, "| %s | %s | %s |\n", l.Name, l.ChartVersions, oldest)
	}
	b.WriteString("<!-- /chart-lines -->")
	return b.String()
}

// The README states the minimum chart of every line as the table has it;
// -update rewrites the README's table.
func TestREADMEChartLines(t *testing.T) {
	const path = "../../README.md"
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	readme := string(data)
	require.Regexp(t, chartLinesMarker, readme, "README.md needs the <!-- chart-lines --> table in \"Checking against the chart\"")
	want := chartLinesMarker.ReplaceAllLiteralString(readme, chartLinesTable())
	if golden.Updating() {
		require.NoError(t, os.WriteFile(path, []byte(want), 0o644))
		return
	}
	assert.Equal(t, want, readme, "README's chart-line table differs from irsa.ChartLines(); run go test ./internal/fullcli -update")
}

// keycloakDeprecated is the warning of a topology that runs Keycloak in
// the chart on a line that deprecates that subchart.
const keycloakDeprecated = "warning: components.keycloak: the identityKeycloak subchart is deprecated on this line; run Keycloak with managedBy: operator\n"
