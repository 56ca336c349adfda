package fullcli

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/camunda-irsa/camunda-irsa/irsa"
	"github.com/camunda-irsa/camunda-irsa/render/helmchart"
)

// importValues is the values file of testdata/import for a line, modelled
// on Camunda's IRSA deployment reference of that line.
func importValues(line string) string {
	return filepath.Join("../../testdata/import", line, "values.yaml")
}

// TestImportRoundTrip imports the values of every line and renders the
// topology it gives with the same file as --values: every service
// account and role ARN of the values comes out the same, no entry of
// their lists is lost and nothing of theirs is overridden (no warning),
// diff shows only the keys the overlay adds, and verify passes on the
// fixture chart.
func TestImportRoundTrip(t *testing.T) {
	wantDiff := map[string][]string{
		"8.7": {
			"+ identity.enabled: true", "+ identity.serviceAccount.enabled: true",
			"+ identityKeycloak.enabled: true", "+ identityKeycloak.serviceAccount.create: true", "+ identityPostgresql.enabled: false",
			"+ operate.serviceAccount.enabled: true", "+ optimize.enabled: true", "+ optimize.serviceAccount.enabled: true",
			"+ tasklist.serviceAccount.enabled: true", "+ zeebe.serviceAccount.enabled: true"},
		"8.8": {
			"+ identity.serviceAccount.enabled: true", "+ identityKeycloak.serviceAccount.create: true", "+ identityPostgresql.enabled: false",
			"+ optimize.serviceAccount.enabled: true", "+ orchestration.serviceAccount.enabled: true"},
		"8.9": {
			"+ global.elasticsearch.enabled: false", `+ global.opensearch.url.protocol: "https"`,
			"+ identity.serviceAccount.enabled: true", "+ identityPostgresql.enabled: false",
			"+ optimize.serviceAccount.enabled: true", "+ orchestration.serviceAccount.enabled: true"},
		"8.10": {
			"+ global.elasticsearch.enabled: false", `+ global.opensearch.url.protocol: "https"`,
			"+ identity.serviceAccount.enabled: true", "+ optimize.serviceAccount.enabled: true", "+ orchestration.serviceAccount.enabled: true"},
	}
	for _, line := range irsa.ChartLineNames() {
		t.Run(line, func(t *testing.T) {
			t.Parallel()
			values := importValues(line)
			r := runCLI(t, "", "import", values)
			require.Equal(t, 0, r.code, r.stderr)
			assert.Equal(t, "note: 4 values are placeholders under a REPLACE comment; replace them before you render\n", r.stderr)
			assert.True(t, strings.HasPrefix(r.stdout, "# yaml-language-server: $schema="))
			topology := writeFile(t, "topology.yaml", r.stdout)

			r = runCLI(t, "", "render", "-f", topology, "--values", values)
			require.Equal(t, 0, r.code, r.stderr)
			assert.Empty(t, r.stderr, "nothing of the values is dropped or overridden")
			user := parseValues(t, mustRead(t, values))
			overlay := parseValues(t, r.stdout)
			wired := 0
			chartLine, err := irsa.LookupChartLine(line)
			require.NoError(t, err)
			for _, spec := range chartLine.Components {
				theirs, ok := lookupPath(user, spec.ServiceAccount)
				arn, _ := lookupPath(theirs, "annotations", "eks.amazonaws.com/role-arn")
				if !ok || arn == nil {
					continue
				}
				ours, ok := lookupPath(overlay, spec.ServiceAccount)
				// A block the line overrides (Camunda Hub over Web Modeler)
				// is switched off by either.
				enabled, _ := lookupPath(user, spec.Values, "enabled")
				if base, overridden := chartLine.OverrideBlocks[spec.Values]; overridden && enabled == nil {
					enabled, _ = lookupPath(user, base, "enabled")
				}
				if enabled == false {
					assert.False(t, ok, "%s is disabled in the values and left out", spec.Name)
					continue
				}
				require.True(t, ok, "%s: the overlay sets %s", spec.Name, spec.ServiceAccount)
				name, _ := lookupPath(theirs, "name")
				got, _ := lookupPath(ours, "name")
				assert.Equal(t, name, got, "%s service account", spec.Name)
				got, _ = lookupPath(ours, "annotations", "eks.amazonaws.com/role-arn")
				assert.Equal(t, arn, got, "%s role ARN", spec.Name)
				wired++
			}
			assert.GreaterOrEqual(t, wired, 3)
			lost, err := helmchart.LostListEntries(overlay, []helmchart.ValuesFile{{Name: values, Data: []byte(mustRead(t, values))}})
			require.NoError(t, err)
			assert.Empty(t, lost, "every list entry of the values reaches the chart")

			r = runCLI(t, "", "diff", "-f", topology, "--values", values)
			require.Equal(t, 0, r.code, r.stderr)
			assert.Empty(t, r.stderr)
			assert.Equal(t, strings.Join(wantDiff[line], "\n")+"\n", r.stdout)

			r = runCLI(t, "", "verify", "-f", topology, "--chart", fixtureChart(line), "--values", values)
			require.Equal(t, 0, r.code, r.stdout+r.stderr)
			assert.NotContains(t, r.stdout, "WARN")
			assert.NotContains(t, r.stdout, "FAIL")
			assert.Empty(t, r.stderr)
		})
	}
}

func parseValues(t *testing.T, text string) map[string]any {
	t.Helper()
	v, err := helmchart.ParseValues(helmchart.ValuesFile{Name: "values", Data: []byte(text)})
	require.NoError(t, err)
	return v
}

// lookupPath follows dotted key paths (and single keys) through maps.
func lookupPath(v any, keys ...string) (any, bool) {
	var path []string
	for _, k := range keys {
		if strings.Contains(k, "/") {
			path = append(path, k)
			continue
		}
		path = append(path, strings.Split(k, ".")...)
	}
	cur := v
	for _, k := range path {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = m[k]; !ok {
			return nil, false
		}
	}
	return cur, true
}

func TestImportUsage(t *testing.T) {
	r := runCLI(t, "", "import")
	assert.Equal(t, 2, r.code)
	r = runCLI(t, "", "import", importValues("8.8"), "--chart-line", "8.6")
	assert.Equal(t, 1, r.code)
	assert.Equal(t, "error: chart line \"8.6\" is not supported (supported: \"8.7\", \"8.8\", \"8.9\", \"8.10\")\n", r.stderr)
	r = runCLI(t, mustRead(t, importValues("8.9")), "import", "-", "--chart-line", "8.9")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "# chart line given with --chart-line\nchart: \"8.9\"\n")
	r = runCLI(t, "", "diff", "-f", fullExample)
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, "error: diff needs -f TOPOLOGY and --values FILE")
}
