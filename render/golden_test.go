package render_test

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/camunda-irsa/camunda-irsa/internal/golden"
	"github.com/camunda-irsa/camunda-irsa/irsa"
	"github.com/camunda-irsa/camunda-irsa/render"
)

const (
	examplesDir = "../examples"
	goldenDir   = "../golden"
)

// goldenArtifacts maps each golden file name to the output kind it pins.
var goldenArtifacts = map[string]render.Kind{
	"values.yaml":          render.KindValues,
	"serviceaccounts.yaml": render.KindServiceAccounts,
	"iam.json":             render.KindIAM,
}

// exampleTopologies decodes every examples/*.yaml.
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

// TestGolden renders every example on every chart line it is valid for and
// compares each artifact byte for byte with golden/<example>/<line>/.
// An example's own chart line must be valid; other lines may not be (8.7
// has no orchestration, 8.8+ no zeebe).
func TestGolden(t *testing.T) {
	want := map[string]bool{}
	for name, top := range exampleTopologies(t) {
		for _, line := range irsa.ChartLines() {
			top := top
			top.Chart = line
			plan, err := irsa.NewPlan(top)
			if err != nil {
				continue
			}
			for file, kind := range goldenArtifacts {
				rel := filepath.Join(name, line, file)
				want[rel] = true
				t.Run(rel, func(t *testing.T) {
					got, err := render.Render(plan, kind, render.Options{})
					require.NoError(t, err)
					golden.Assert(t, filepath.Join(goldenDir, rel), got)
				})
			}
		}
	}
	t.Run("no stale golden files", func(t *testing.T) {
		var stale []string
		err := filepath.WalkDir(goldenDir, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(goldenDir, path)
			_, ours := goldenArtifacts[filepath.Base(rel)]
			if ours && !want[rel] {
				stale = append(stale, rel)
			}
			return nil
		})
		require.NoError(t, err)
		sort.Strings(stale)
		if golden.Updating() {
			for _, s := range stale {
				require.NoError(t, os.Remove(filepath.Join(goldenDir, s)))
			}
			return
		}
		assert.Empty(t, stale, "golden files no example produces; run go test ./render -update")
	})
}

// TestEveryExampleIsValidOnItsOwnLine keeps examples/ honest: the line an
// example names must accept it.
func TestEveryExampleIsValidOnItsOwnLine(t *testing.T) {
	for name, top := range exampleTopologies(t) {
		_, err := irsa.NewPlan(top)
		assert.NoError(t, err, name)
	}
}
