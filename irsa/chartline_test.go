package irsa_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/camunda-irsa/camunda-irsa/internal/golden"
	"github.com/camunda-irsa/camunda-irsa/irsa"
)

// TestChartLineLiteralsLiveInTheTable: what differs between chart lines
// is written once, in the chart-line table. A line's name in any other
// non-test Go file (code, message, help text or comment) is a second copy
// that adding a line would leave stale. examples/ is left out: a user's
// program names the line of its installation, as a topology file does.
func TestChartLineLiteralsLiveInTheTable(t *testing.T) {
	root := golden.Root(t)
	var names []string
	for _, n := range irsa.ChartLineNames() {
		names = append(names, regexp.QuoteMeta(n))
	}
	literal := regexp.MustCompile(`(^|[^0-9.])(` + strings.Join(names, "|") + `)($|[^0-9])`)
	table := filepath.Join(root, "irsa", "chartline.go")
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || d.Name() == "examples" || strings.HasPrefix(d.Name(), ".")) {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") || path == table {
			return nil
		}
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		for i, line := range strings.Split(string(data), "\n") {
			if m := literal.FindStringSubmatch(line); m != nil {
				rel, _ := filepath.Rel(root, path)
				assert.Fail(t, "chart line outside the table", "%s:%d names chart line %s: %s", rel, i+1, m[2], strings.TrimSpace(line))
			}
		}
		return nil
	})
	require.NoError(t, err)
}

// TestChartLinesAreWellFormed: names are unique and ordered oldest first,
// and every line has the components the overlay and verify look up.
func TestChartLinesAreWellFormed(t *testing.T) {
	seen := map[string]bool{}
	prevMajor := 0
	for _, l := range irsa.ChartLines() {
		assert.False(t, seen[l.Name], "duplicate line %s", l.Name)
		seen[l.Name] = true
		assert.Greater(t, l.ChartMajor, prevMajor, "%s: lines are listed oldest first", l.Name)
		prevMajor = l.ChartMajor
		assert.NotEmpty(t, l.ChartVersions, l.Name)
		for _, c := range l.Components {
			assert.NotEmpty(t, c.Values, "%s/%s", l.Name, c.Name)
			assert.True(t, strings.HasPrefix(c.ServiceAccount, c.Values+"."), "%s/%s: the serviceAccount block is inside the component's block", l.Name, c.Name)
			assert.NotEmpty(t, c.Workloads, "%s/%s", l.Name, c.Name)
		}
		got, err := irsa.LookupChartLine(l.Name)
		require.NoError(t, err)
		assert.Equal(t, l.Name, got.Name)
	}
	_, err := irsa.LookupChartLine("7.0")
	assert.ErrorContains(t, err, `chart line "7.0" is not supported`)
}
