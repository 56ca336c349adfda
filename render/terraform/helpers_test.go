package terraform_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/camunda-irsa/camunda-irsa/irsa"
)

const (
	examplesDir = "../../examples"
	goldenDir   = "../../golden"
)

// exampleTopologies decodes every examples/*.yaml, by file name without
// the extension.
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

// examplePlan plans examples/<name>.yaml on its own chart line, in the
// given mode when one is given.
func examplePlan(t *testing.T, name string, mode irsa.Mode) *irsa.Plan {
	t.Helper()
	top, ok := exampleTopologies(t)[name]
	require.True(t, ok, "no example %s", name)
	if mode != "" {
		top.Mode = mode
	}
	plan, err := irsa.NewPlan(top)
	require.NoError(t, err)
	return plan
}
