package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/camunda-irsa/camunda-irsa/internal/cli"
)

func TestBuiltIn(t *testing.T) {
	root := cli.NewRoot(&cli.Streams{In: strings.NewReader(""), Out: io.Discard, Err: io.Discard}, cli.Config{})
	for _, tc := range []struct {
		args []string
		want bool
	}{
		{[]string{"render", "-f", "t.yaml"}, true},
		{[]string{"render", "-f", "t.yaml", "-o", "terraform"}, true},
		{[]string{"render", "-f", "t.yaml", "--out-dir", "out"}, true},
		{[]string{"render", "--help"}, true},
		{[]string{"-h", "render"}, false},
		{[]string{"version"}, true},
		{[]string{"completion", "bash"}, true},
		{[]string{"render", "-f", "t.yaml", "--values", "v.yaml"}, false},
		{[]string{"render", "-f", "t.yaml", "--values=v.yaml"}, false},
		{[]string{"verify", "-f", "t.yaml", "--chart", "c"}, false},
		{[]string{"template"}, false},
		{[]string{"lint", "-f", "t.yaml"}, false},
		{[]string{"schema"}, false},
		{[]string{"import", "v.yaml"}, false},
		{[]string{"diff"}, false},
		{[]string{"help"}, false},
		{[]string{"help", "render"}, false},
		{[]string{"--help"}, false},
		{nil, false},
		{[]string{"nonsense"}, false},
		// Shell completion: of render's flags here, of command names and
		// other commands' flags in the companion.
		{[]string{"__complete", "render", "-o", ""}, true},
		{[]string{"__complete", "render", "--values", ""}, true},
		{[]string{"__complete", ""}, false},
		{[]string{"__completeNoDesc", "ver"}, false},
		{[]string{"__complete", "verify", "--"}, false},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			assert.Equal(t, tc.want, builtIn(root, tc.args))
		})
	}
}

// TestCompanion builds camunda-irsa and runs it as a user does, beside a
// stand-in for camunda-irsa-full that reports how it was called: what
// camunda-irsa does not run itself runs in the companion, with the same
// arguments, streams and exit status, found through a symlink too;
// without the companion, render still works and the rest says what to
// install. (internal/fullcli's tests run every command of the real one.)
func TestCompanion(t *testing.T) {
	repo, err := filepath.Abs("../..")
	require.NoError(t, err)
	bin := t.TempDir()
	light := filepath.Join(bin, "camunda-irsa")
	build := exec.Command("go", "build", "-o", light, "./cmd/camunda-irsa")
	build.Dir = repo
	out, err := build.CombinedOutput()
	require.NoError(t, err, "%s", out)
	stand := "#!/bin/sh\nprintf 'companion:'; printf ' %s' \"$@\"; printf '\\n'; cat; echo stderr >&2; exit 3\n"
	require.NoError(t, os.WriteFile(filepath.Join(bin, companion), []byte(stand), 0o755))
	example := filepath.Join(repo, "examples", "full.yaml")
	golden, err := os.ReadFile(filepath.Join(repo, "golden", "full", "8.8", "values.yaml"))
	require.NoError(t, err)
	run := func(t *testing.T, exe, stdin string, args ...string) (int, string, string) {
		t.Helper()
		cmd := exec.Command(exe, args...)
		cmd.Stdin = strings.NewReader(stdin)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		code := 0
		if exit, ok := err.(*exec.ExitError); ok {
			code = exit.ExitCode()
		} else {
			require.NoError(t, err)
		}
		return code, stdout.String(), stderr.String()
	}

	t.Run("built in", func(t *testing.T) {
		code, stdout, stderr := run(t, light, "", "render", "-f", example)
		require.Equal(t, 0, code, stderr)
		assert.Equal(t, string(golden), stdout)
	})
	for _, args := range [][]string{
		{"verify", "-f", "t.yaml", "--chart", "a chart"},
		{"render", "-f", "-", "--values", "v.yaml"},
		{"--help"},
		{"__complete", ""},
	} {
		t.Run("delegated "+strings.Join(args, " "), func(t *testing.T) {
			code, stdout, stderr := run(t, light, "standard input\n", args...)
			assert.Equal(t, 3, code, "the companion's exit status")
			assert.Equal(t, "companion: "+strings.Join(args, " ")+"\nstandard input\n", stdout)
			assert.Equal(t, "stderr\n", stderr)
		})
	}
	t.Run("through a symlink", func(t *testing.T) {
		link := filepath.Join(t.TempDir(), "camunda-irsa")
		require.NoError(t, os.Symlink(light, link))
		code, stdout, _ := run(t, link, "", "schema")
		assert.Equal(t, 3, code)
		assert.Equal(t, "companion: schema\n", stdout)
	})
	t.Run("no companion", func(t *testing.T) {
		alone := filepath.Join(t.TempDir(), "camunda-irsa")
		data, err := os.ReadFile(light)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(alone, data, 0o755))
		code, stdout, stderr := run(t, alone, "", "render", "-f", example)
		require.Equal(t, 0, code, stderr)
		assert.Equal(t, string(golden), stdout)

		code, stdout, stderr = run(t, alone, "", "verify", "-f", example, "--chart", "x")
		assert.Equal(t, 1, code)
		assert.Empty(t, stdout)
		assert.Contains(t, stderr, "error: verify runs in camunda-irsa-full, which is not installed beside "+alone)
		assert.Contains(t, stderr, "go install github.com/camunda-irsa/camunda-irsa/cmd/...@latest")
	})
}
