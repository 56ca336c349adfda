package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/yaml"

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
