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

// TestCompanion builds both binaries and runs them as a user does: what
// camunda-irsa does not run itself runs in camunda-irsa-full beside it,
// with the same streams and exit status, found through a symlink too;
// without the companion, render still works and the rest says what to
// install.
func TestCompanion(t *testing.T) {
	repo, err := filepath.Abs("../..")
	require.NoError(t, err)
	bin := t.TempDir()
	build := exec.Command("go", "build", "-o", bin+string(filepath.Separator), "./cmd/camunda-irsa", "./cmd/camunda-irsa-full")
	build.Dir = repo
	out, err := build.CombinedOutput()
	require.NoError(t, err, "%s", out)
	light := filepath.Join(bin, "camunda-irsa")
	example := filepath.Join(repo, "examples", "full.yaml")
	golden := func(rel string) string {
		b, err := os.ReadFile(filepath.Join(repo, "golden", rel))
		require.NoError(t, err)
		return string(b)
	}
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
		assert.Equal(t, golden("full/8.8/values.yaml"), stdout)
	})
	t.Run("delegated, standard input and output", func(t *testing.T) {
		topology, err := os.ReadFile(example)
		require.NoError(t, err)
		code, stdout, stderr := run(t, light, string(topology), "lint", "-f", "-", "--strict")
		require.Equal(t, 0, code, stderr)
		assert.Equal(t, "0 errors, 0 security warnings, 0 warnings, 0 suggestions\n", stdout)
	})
	t.Run("delegated exit status", func(t *testing.T) {
		code, _, stderr := run(t, light, "", "verify")
		assert.Equal(t, 2, code)
		assert.Contains(t, stderr, "error: needs -f TOPOLOGY and --chart PATH")
	})
	t.Run("help lists every command", func(t *testing.T) {
		code, stdout, _ := run(t, light, "", "--help")
		require.Equal(t, 0, code)
		for _, c := range []string{"render", "verify", "template", "diff", "import", "lint", "schema", "version"} {
			assert.Contains(t, stdout, "\n  "+c+" ")
		}
	})
	t.Run("through a symlink", func(t *testing.T) {
		link := filepath.Join(t.TempDir(), "camunda-irsa")
		require.NoError(t, os.Symlink(light, link))
		code, stdout, stderr := run(t, link, "", "schema")
		require.Equal(t, 0, code, stderr)
		assert.True(t, strings.HasPrefix(stdout, "{"), stdout)
	})
	t.Run("no companion", func(t *testing.T) {
		alone := filepath.Join(t.TempDir(), "camunda-irsa")
		data, err := os.ReadFile(light)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(alone, data, 0o755))
		code, stdout, stderr := run(t, alone, "", "render", "-f", example)
		require.Equal(t, 0, code, stderr)
		assert.Equal(t, golden("full/8.8/values.yaml"), stdout)

		code, stdout, stderr = run(t, alone, "", "verify", "-f", example, "--chart", "x")
		assert.Equal(t, 1, code)
		assert.Empty(t, stdout)
		assert.Contains(t, stderr, "error: verify runs in camunda-irsa-full, which is not installed beside "+alone)
		assert.Contains(t, stderr, "go install github.com/camunda-irsa/camunda-irsa/cmd/...@latest")
	})
}
