package sql_test

import (
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/camunda-irsa/camunda-irsa/internal/golden"
	"github.com/camunda-irsa/camunda-irsa/irsa"
	"github.com/camunda-irsa/camunda-irsa/render/sql"
)

const (
	examplesDir = "../../examples"
	goldenDir   = "../../golden"
)

// exampleTopologies decodes every examples/*.yaml, keyed by file name
// without extension.
func exampleTopologies(t *testing.T) map[string]irsa.Topology {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(examplesDir, "*.yaml"))
	require.NoError(t, err)
	require.NotEmpty(t, paths)
	out := map[string]irsa.Topology{}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		require.NoError(t, err)
		top, err := irsa.Decode(data)
		require.NoError(t, err, p)
		out[strings.TrimSuffix(filepath.Base(p), ".yaml")] = top
	}
	return out
}

// TestGolden pins the script of every example on every chart line it is
// valid for (the layout of golden/ is per line, though the SQL does not
// depend on it) and reports golden files no example produces any more.
func TestGolden(t *testing.T) {
	want := map[string]bool{}
	tops := exampleTopologies(t)
	names := make([]string, 0, len(tops))
	for name := range tops {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		for _, line := range irsa.ChartLines() {
			top := tops[name]
			top.Chart = line
			plan, err := irsa.NewPlan(top)
			if err != nil {
				continue // not a valid topology on this line
			}
			got, err := sql.Generate(plan)
			if errors.Is(err, sql.ErrNoDatabases) {
				continue
			}
			rel := filepath.Join(name, line, sql.FileName)
			want[rel] = true
			t.Run(rel, func(t *testing.T) {
				require.NoError(t, err)
				golden.Assert(t, filepath.Join(goldenDir, rel), got)
			})
		}
	}
	t.Run("no stale golden files", func(t *testing.T) {
		matches, err := filepath.Glob(filepath.Join(goldenDir, "*", "*", sql.FileName))
		require.NoError(t, err)
		var stale []string
		for _, m := range matches {
			rel, err := filepath.Rel(goldenDir, m)
			require.NoError(t, err)
			if !want[rel] {
				stale = append(stale, rel)
			}
		}
		if golden.Updating() {
			for _, s := range stale {
				require.NoError(t, os.Remove(filepath.Join(goldenDir, s)))
			}
			return
		}
		assert.Empty(t, stale, "golden files no example produces; run go test ./... -update")
	})
}
