package terraform_test

import (
	"flag"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/camunda-irsa/camunda-irsa/irsa"
	"github.com/camunda-irsa/camunda-irsa/render/terraform"
)

var update = flag.Bool("update", false, "rewrite the golden main.tf files from the current output")

const goldenFile = "main.tf"

// TestGolden pins the configuration of every example in
// golden/<example>/<its chart line>/main.tf. IAM does not depend on the
// chart line, so instead of one identical copy per line the test checks
// that every other line the example is valid for gives the same bytes.
func TestGolden(t *testing.T) {
	want := map[string]bool{}
	for name, top := range exampleTopologies(t) {
		rel := filepath.Join(name, top.Chart, goldenFile)
		want[rel] = true
		own := generate(t, top)
		t.Run(rel, func(t *testing.T) { compareGolden(t, filepath.Join(goldenDir, rel), own) })
		for _, line := range irsa.ChartLines() {
			other := top
			other.Chart = line
			if _, err := irsa.NewPlan(other); line == top.Chart || err != nil {
				continue
			}
			assert.Equal(t, string(own), string(generate(t, other)), "%s on chart line %s differs from its own line %s", name, line, top.Chart)
		}
	}
	t.Run("no stale golden files", func(t *testing.T) {
		stale := staleGoldenFiles(t, want)
		if *update {
			for _, s := range stale {
				require.NoError(t, os.Remove(filepath.Join(goldenDir, s)))
			}
			return
		}
		assert.Empty(t, stale, "golden %s files no example produces; run go test ./render/terraform -update", goldenFile)
	})
}

func generate(t *testing.T, top irsa.Topology) []byte {
	t.Helper()
	plan, err := irsa.NewPlan(top)
	require.NoError(t, err)
	out, err := terraform.Generate(plan)
	require.NoError(t, err)
	return out
}

// compareGolden compares got with the file byte for byte, or rewrites the
// file under -update.
func compareGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
		return
	}
	expected, err := os.ReadFile(path)
	require.NoError(t, err, "missing golden file; run go test ./render/terraform -update and review the diff")
	assert.Equal(t, string(expected), string(got), "output differs from %s; if intended, run go test ./render/terraform -update and review the diff", path)
}

// staleGoldenFiles lists this package's golden files (and only those:
// other packages own the other files there) that no example produces.
func staleGoldenFiles(t *testing.T, want map[string]bool) []string {
	t.Helper()
	var stale []string
	err := filepath.WalkDir(goldenDir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() != goldenFile {
			return err
		}
		rel, err := filepath.Rel(goldenDir, path)
		if err == nil && !want[rel] {
			stale = append(stale, rel)
		}
		return err
	})
	require.NoError(t, err)
	sort.Strings(stale)
	return stale
}
