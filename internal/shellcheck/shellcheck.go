// Package shellcheck runs ShellCheck on generated scripts in tests. It is
// not optional: a test that generates a script fails, rather than skips,
// where ShellCheck is missing, so that CI (which installs it in .ci/run)
// cannot pass without having run it.
package shellcheck

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/camunda-irsa/camunda-irsa/internal/golden"
)

// Check runs ShellCheck once over every script, named by the keys of
// scripts, as bash, and fails the test on any finding of severity
// warning or above.
func Check(t *testing.T, scripts map[string][]byte) {
	t.Helper()
	bin, err := exec.LookPath("shellcheck")
	require.NoError(t, err, "ShellCheck is required to test the generated scripts: apt-get install shellcheck (.ci/run does)")
	dir := t.TempDir()
	args := []string{"--shell=bash", "--severity=warning", "--format=gcc"}
	for _, name := range golden.Keys(scripts) {
		path := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, scripts[name], 0o644))
		args = append(args, filepath.FromSlash(name))
	}
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "shellcheck found problems in the generated scripts:\n%s", out)
}
