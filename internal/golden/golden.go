// Package golden pins test output to files compared byte for byte. Every
// test package that imports it accepts -update, so `go test ./... -update`
// rewrites all golden files at once; the diff is then a review item.
package golden

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The flag is registered once per test binary that links this package.
var update = flag.Bool("update", false, "rewrite golden files from the current output")

// Updating reports whether the test run was asked to rewrite golden files.
func Updating() bool { return *update }

// Assert compares got with the file at path, or rewrites the file with
// got when -update is set.
func Assert(t testing.TB, path string, got []byte) {
	t.Helper()
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "missing golden file %s; run go test ./... -update and review the diff", path)
	assert.Equal(t, string(want), string(got), "output differs from %s; if intended, run go test ./... -update and review the diff", path)
}
