package golden

import (
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/camunda-irsa/camunda-irsa/irsa"
)

// Root is the module's root directory, found from the test's working
// directory (its package directory) by looking for go.mod.
func Root(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	require.NoError(t, err)
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		require.NotEqual(t, dir, parent, "no go.mod above the test's directory")
		dir = parent
	}
}

// Case is one example topology planned on one chart line.
type Case struct {
	// Example is the file name under examples/ without .yaml.
	Example string
	Line    string
	// OwnLine is true on the line the example itself names.
	OwnLine bool
	Plan    *irsa.Plan
}

// Cases plans every examples/*.yaml on every chart line it is valid for,
// sorted by example and then in the order of the chart-line table.
func Cases(t testing.TB) []Case {
	t.Helper()
	var out []Case
	tops := Topologies(t)
	for _, name := range Keys(tops) {
		top := tops[name]
		own := top.Chart
		for _, line := range irsa.ChartLineNames() {
			top.Chart = line
			plan, err := irsa.NewPlan(top)
			if err != nil {
				require.NotEqual(t, own, line, "example %s is invalid on its own chart line: %v", name, err)
				continue
			}
			out = append(out, Case{Example: name, Line: line, OwnLine: line == own, Plan: plan})
		}
	}
	return out
}

// Artifact describes one generated file pinned under golden/.
type Artifact struct {
	File     string
	Generate func(*irsa.Plan) ([]byte, error)
	// NotApplicable are errors meaning the artifact has nothing to say
	// about a topology (no database for SQL, say): no golden file then.
	NotApplicable []error
	// PerLine pins the artifact once per chart line, under
	// golden/<example>/<line>/<File>, for artifacts that differ between
	// lines. Every other artifact is pinned once per example, under
	// golden/<example>/<File>, from the example's own line, and must come
	// out the same on every other line the example is valid for, unless
	// it is not applicable there (Keycloak's default manager is the
	// chart on some lines and the operator on others).
	PerLine bool
}

// Pin compares every case's output with its golden file (rewriting it
// under -update) and reports golden files of this artifact that no case
// produces any more (deleting them under -update).
func Pin(t *testing.T, a Artifact) {
	t.Helper()
	dir := filepath.Join(Root(t), "golden")
	want := map[string]bool{}
	own := map[string][]byte{}
	cases := Cases(t)
	for _, c := range cases {
		if !a.PerLine && !c.OwnLine {
			continue
		}
		got, err := a.Generate(c.Plan)
		if isAny(err, a.NotApplicable) {
			continue
		}
		rel := filepath.Join(c.Example, a.File)
		if a.PerLine {
			rel = filepath.Join(c.Example, c.Line, a.File)
		}
		want[rel] = true
		own[c.Example] = got
		t.Run(rel, func(t *testing.T) {
			require.NoError(t, err)
			Assert(t, filepath.Join(dir, rel), got)
		})
	}
	if !a.PerLine {
		t.Run("same on every line", func(t *testing.T) {
			for _, c := range cases {
				if pinned, ok := own[c.Example]; ok && !c.OwnLine {
					got, err := a.Generate(c.Plan)
					if isAny(err, a.NotApplicable) {
						continue // another line's defaults can leave the artifact out
					}
					require.NoError(t, err)
					assert.Equal(t, string(pinned), string(got), "%s on chart line %s differs from its own line", c.Example, c.Line)
				}
			}
		})
	}
	t.Run("no stale "+a.File, func(t *testing.T) {
		var stale []string
		for _, pattern := range []string{filepath.Join(dir, "*", a.File), filepath.Join(dir, "*", "*", a.File)} {
			matches, err := filepath.Glob(pattern)
			require.NoError(t, err)
			for _, m := range matches {
				rel, err := filepath.Rel(dir, m)
				require.NoError(t, err)
				if !want[rel] {
					stale = append(stale, rel)
				}
			}
		}
		if Updating() {
			for _, s := range stale {
				require.NoError(t, os.Remove(filepath.Join(dir, s)))
			}
			return
		}
		assert.Empty(t, stale, "golden files no example produces; run go test ./... -update")
	})
}

func isAny(err error, targets []error) bool {
	for _, target := range targets {
		if errors.Is(err, target) {
			return true
		}
	}
	return false
}

// Topologies decodes every examples/*.yaml, keyed by file name without
// .yaml.
func Topologies(t testing.TB) map[string]irsa.Topology {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(Root(t), "examples", "*.yaml"))
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

// NamedPlan is an example planned in one mode, named <example>/<mode>.
type NamedPlan struct {
	Name string
	Plan *irsa.Plan
}

// BothModes plans every example on its own line in IRSA and in Pod
// Identity mode. An example whose features need IRSA (Elasticsearch's
// snapshots, the secret store) is left out in Pod Identity mode, and
// must be refused there for that reason.
func BothModes(t testing.TB) []NamedPlan {
	t.Helper()
	var out []NamedPlan
	tops := Topologies(t)
	for _, name := range Keys(tops) {
		for _, mode := range []irsa.Mode{irsa.ModeIRSA, irsa.ModePodIdentity} {
			top := tops[name]
			top.Mode = mode
			plan, err := irsa.NewPlan(top)
			if err != nil && mode == irsa.ModePodIdentity && strings.Contains(err.Error(), "mode podIdentity") && strings.Contains(err.Error(), "use mode irsa") {
				continue
			}
			require.NoError(t, err, name)
			out = append(out, NamedPlan{Name: name + "/" + string(mode), Plan: plan})
		}
	}
	return out
}

// Plan plans examples/<name>.yaml on its own chart line, in mode when one
// is given.
func Plan(t testing.TB, name string, mode irsa.Mode) *irsa.Plan {
	t.Helper()
	top, ok := Topologies(t)[name]
	require.True(t, ok, "no example %s", name)
	if mode != "" {
		top.Mode = mode
	}
	plan, err := irsa.NewPlan(top)
	require.NoError(t, err)
	return plan
}

// Plans is Cases keyed by <example>/<line>.
func Plans(t testing.TB) map[string]*irsa.Plan {
	t.Helper()
	out := map[string]*irsa.Plan{}
	for _, c := range Cases(t) {
		out[c.Example+"/"+c.Line] = c.Plan
	}
	return out
}

// Keys returns a map's keys sorted, for deterministic subtests.
func Keys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
