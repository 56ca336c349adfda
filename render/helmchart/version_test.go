package helmchart

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/camunda-irsa/camunda-irsa/irsa"
)

// fixtureAs copies a line's fixture chart into a temporary directory and
// gives its Chart.yaml another name and version.
func fixtureAs(t *testing.T, line, name, version string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "camunda-platform")
	require.NoError(t, os.CopyFS(dir, os.DirFS(fixtureDir(line))))
	path := filepath.Join(dir, "Chart.yaml")
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	data = regexp.MustCompile(`(?m)^version: .*$`).ReplaceAll(data, []byte("version: "+version))
	data = regexp.MustCompile(`(?m)^name: .*$`).ReplaceAll(data, []byte("name: "+name))
	require.NoError(t, os.WriteFile(path, data, 0o644))
	return dir
}

func TestCheckChartLine(t *testing.T) {
	tests := []struct {
		name     string
		topology string // the topology's chart line
		fixture  string // the fixture chart copied
		chart    string // its name in Chart.yaml
		version  string // its version in Chart.yaml
		reason   MismatchReason
		want     string // with PATH for the chart's path
	}{
		{name: "the line's own chart", topology: "8.9", fixture: "8.9", chart: "camunda-platform", version: "14.8.4"},
		{name: "a newer patch", topology: "8.9", fixture: "8.9", chart: "camunda-platform", version: "14.12.0"},
		{name: "a pre-release of a newer minor", topology: "8.9", fixture: "8.9", chart: "camunda-platform", version: "14.9.0-rc1"},
		{name: "the pre-release line's alpha", topology: "8.10", fixture: "8.10", chart: "camunda-platform", version: "15.0.0-alpha4"},
		{name: "the chart of another line", topology: "8.9", fixture: "8.8", chart: "camunda-platform", version: "13.12.7", reason: OtherLine,
			want: `topology is for chart line 8.9 (chart 14.x) but the chart at PATH is camunda-platform 13.12.7 (line 8.8); set chart: "8.8" in the topology or pass a 14.x chart`},
		{name: "the chart of a newer line", topology: "8.8", fixture: "8.10", chart: "camunda-platform", version: "15.0.0-alpha4", reason: OtherLine,
			want: `topology is for chart line 8.8 (chart 13.x) but the chart at PATH is camunda-platform 15.0.0-alpha4 (line 8.10); set chart: "8.10" in the topology or pass a 13.x chart`},
		{name: "a chart no line ships", topology: "8.7", fixture: "8.7", chart: "camunda-platform", version: "11.4.0", reason: OtherLine,
			want: "topology is for chart line 8.7 (chart 12.x) but the chart at PATH is camunda-platform 11.4.0, which no supported chart line ships " +
				"(8.7: 12.x, 8.8: 13.x, 8.9: 14.x, 8.10: 15.x); pass a 12.x chart"},
		{name: "older than the line's minimum", topology: "8.9", fixture: "8.9", chart: "camunda-platform", version: "14.2.0", reason: OlderThanSupported,
			want: "the chart at PATH is camunda-platform 14.2.0, older than 14.8.4, the oldest chart of line 8.9 that camunda-irsa supports: " +
				"older charts of the line demand a Web Modeler database password, which the overlay does not write (IAM authentication needs none); " +
				"pass chart 14.8.4 or later of 14.x"},
		{name: "a pre-release of the minimum", topology: "8.8", fixture: "8.8", chart: "camunda-platform", version: "13.12.7-rc1", reason: OlderThanSupported,
			want: "the chart at PATH is camunda-platform 13.12.7-rc1, older than 13.12.7, the oldest chart of line 8.8 that camunda-irsa supports: " +
				"older charts of the line demand a Web Modeler database password, which the overlay does not write (IAM authentication needs none); " +
				"pass chart 13.12.7 or later of 13.x"},
		{name: "not Camunda's chart", topology: "8.8", fixture: "8.8", chart: "my-platform", version: "13.12.7", reason: NotCamundaChart,
			want: "the chart at PATH is my-platform 13.12.7, not camunda-platform; pass Camunda's chart (helm pull camunda/camunda-platform --version 13.x --untar)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := fixtureAs(t, tt.fixture, tt.chart, tt.version)
			c, err := LoadChart(path)
			require.NoError(t, err)
			line, err := irsa.LookupChartLine(tt.topology)
			require.NoError(t, err)
			err = CheckChartLine(c, line)
			if tt.reason == 0 {
				assert.NoError(t, err)
				return
			}
			var m *ChartMismatch
			require.ErrorAs(t, err, &m)
			assert.Equal(t, tt.reason, m.Reason)
			assert.Equal(t, regexp.MustCompile(`\bPATH\b`).ReplaceAllLiteralString(tt.want, path), err.Error())
		})
	}
}

// Options from a plan check the chart before anything else: the
// mismatch, not the keys the other line lacks, is what the user sees.
func TestRenderRefusesAChartOfAnotherLine(t *testing.T) {
	plan := newPlan(t, fullTopology("8.9"))
	opts, err := OptionsFor(plan)
	require.NoError(t, err)
	_, err = Render(loadFixture(t, "8.8", "dir"), Input{Before: withBase(), Overlay: lineOverlay(t, "8.9")}, opts)
	var m *ChartMismatch
	require.ErrorAs(t, err, &m)
	assert.Equal(t, OtherLine, m.Reason)
	assert.NotContains(t, err.Error(), "\n")

	// Without a line, nothing is checked: the key check speaks.
	opts.Line = irsa.ChartLine{}
	_, err = Render(loadFixture(t, "8.8", "dir"), Input{Before: withBase(), Overlay: lineOverlay(t, "8.9")}, opts)
	var keys KeyErrors
	require.ErrorAs(t, err, &keys)
}

func TestOptionsFor(t *testing.T) {
	topo := fullTopology("8.10")
	topo.Namespace = "camunda-prod"
	plan := newPlan(t, topo)
	opts, err := OptionsFor(plan)
	require.NoError(t, err)
	assert.Equal(t, Options{Namespace: "camunda-prod", Line: plan.Line(), OverrideBlocks: plan.Line().OverrideBlocks}, opts)

	_, err = OptionsFor(nil)
	assert.ErrorIs(t, err, irsa.ErrNoPlan)
}

// No namespace is no render: Helm's "default" would be wrong for every
// plan whose roles trust another namespace.
func TestRenderNeedsANamespace(t *testing.T) {
	c := loadFixture(t, "8.8", "dir")
	_, err := Render(c, Input{Before: withBase(), Overlay: lineOverlay(t, "8.8")}, Options{})
	assert.ErrorIs(t, err, ErrNoNamespace)
	_, err = c.Values([]ValuesFile{chartBase()}, Options{})
	assert.ErrorIs(t, err, ErrNoNamespace)
}
