package cli

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/camunda-irsa/camunda-irsa/render/bundle"
)

const fullExample = "../../examples/full.yaml"

func mustRead(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(b)
}

func TestOutDirFailureHalfWayLeavesPreviousContent(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "out")
	require.NoError(t, os.MkdirAll(dir, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "values.yaml"), []byte("previous\n"), 0o644))

	w := newDirWriter(true)
	written := 0
	w.writeFile = func(name string, data []byte, perm fs.FileMode) error {
		if written == 2 {
			return errors.New("disk full")
		}
		written++
		return os.WriteFile(name, data, perm)
	}
	files := []bundle.File{{Path: "a.json", Data: []byte("{}")}, {Path: "iam/b.json", Data: []byte("{}")}, {Path: "values.yaml", Data: []byte("new\n")}}
	err := w.write(dir, files)
	require.ErrorContains(t, err, "writing values.yaml: disk full")
	assert.Equal(t, "previous\n", mustRead(t, filepath.Join(dir, "values.yaml")))
	entries, err := os.ReadDir(parent)
	require.NoError(t, err)
	require.Len(t, entries, 1, "no temporary directory is left behind")
	assert.Equal(t, "out", entries[0].Name())
}

// The version line says what the build recorded: the link-time version
// first (the Helm plugin's build), else the module version, and the
// commit when Go stamped one.
func TestVersionLine(t *testing.T) {
	platform := " " + runtime.GOOS + "/" + runtime.GOARCH + " " + runtime.Version()
	vcs := []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: "3fceeb5c0ffee"}, {Key: "vcs.time", Value: "2026-12-02T05:01:14Z"}}
	for _, tc := range []struct {
		name   string
		linked string
		info   *debug.BuildInfo
		want   string
	}{
		{"no build info", "", nil, "camunda-irsa (devel)"},
		{"go install module@v0.1.0", "", &debug.BuildInfo{Main: debug.Module{Version: "v0.1.0"}}, "camunda-irsa v0.1.0"},
		{"go build in a clean clone", "", &debug.BuildInfo{Main: debug.Module{Version: "v0.1.0"}, Settings: vcs},
			"camunda-irsa v0.1.0 (commit 3fceeb5c0ffee)"},
		{"go build with local changes", "", &debug.BuildInfo{Main: debug.Module{Version: "v0.1.1-0.20261202050114-3fceeb5c0ffe+dirty"},
			Settings: append(vcs, debug.BuildSetting{Key: "vcs.modified", Value: "true"})},
			"camunda-irsa v0.1.1-0.20261202050114-3fceeb5c0ffe+dirty (commit 3fceeb5c0ffee, modified)"},
		{"the plugin's build", "v0.1.0", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs},
			"camunda-irsa v0.1.0 (commit 3fceeb5c0ffee)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want+platform, versionLine(tc.linked, tc.info))
		})
	}
}

// Every note and warning is one line of stderr, whatever the user's
// values put into it.
func TestNoteAndWarnAreOneLine(t *testing.T) {
	var errb strings.Builder
	s := &Streams{Err: &errb}
	s.Note("key a\nb")
	s.Warn("value \"x\"\u2028y")
	assert.Equal(t, "note: key a\\nb\nwarning: value \"x\"\\u2028y\n", errb.String())
}
