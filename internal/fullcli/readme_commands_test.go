package fullcli

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"mvdan.cc/sh/v3/syntax"
)

// readmeFixtures are the names the README's commands use, as a user types
// them, and the fixtures of this repository they stand for. Each command
// runs in a fresh directory holding these names (links to the fixtures),
// so the README keeps realistic commands and the test runs them as
// written. testdata/readme/README.md says the same.
func readmeFixtures() map[string]string {
	return map[string]string{
		"topology.yaml":    "examples/full.yaml",
		"values.yaml":      "testdata/readme/values.yaml",
		"old-values.yaml":  "testdata/readme/old-values.yaml",
		"after.yaml":       "testdata/readme/after.yaml",
		"bad.yaml":         "testdata/readme/bad.yaml",
		"camunda-platform": "testdata/charts/camunda-platform-8.8",
		"examples":         "examples",
	}
}

// readmeBlock is a fenced sh, shell or console block of the README.
var readmeBlock = regexp.MustCompile("(?s)```(sh|shell|console)\n(.*?)```")

// readmeCommand is one camunda-irsa command of the README, with what it
// must print (console blocks only) and whether it fails on purpose.
type readmeCommand struct {
	text   string
	args   []string
	stdin  string
	expect []string
	fails  bool
}

// TestREADMECommandsRun runs every camunda-irsa command in the README's
// sh and console code blocks (also as `helm camunda-irsa ...` and `go run
// ./cmd/camunda-irsa ...`, on either side of a pipe, in <(...)) against
// the fixtures, and expects success; a console block's command must print
// every line the block shows after it (... skips lines) and fails exactly
// when those lines show an error or a failed check.
func TestREADMECommandsRun(t *testing.T) {
	root, err := filepath.Abs("../..")
	require.NoError(t, err)
	data, err := os.ReadFile(filepath.Join(root, "README.md"))
	require.NoError(t, err)
	var cmds []readmeCommand
	for _, m := range readmeBlock.FindAllStringSubmatch(string(data), -1) {
		if m[1] == "console" {
			cmds = append(cmds, consoleCommands(t, m[2])...)
			continue
		}
		cmds = append(cmds, shellCommands(t, m[2])...)
	}
	require.GreaterOrEqual(t, len(cmds), 15, "the README's commands are found")
	for i, c := range cmds {
		t.Run(fmt.Sprintf("%02d %s", i, c.text), func(t *testing.T) {
			dir := t.TempDir()
			for name, target := range readmeFixtures() {
				require.NoError(t, os.Symlink(filepath.Join(root, target), filepath.Join(dir, name)))
			}
			t.Chdir(dir)
			stdin := c.stdin
			if path, ok := strings.CutPrefix(stdin, "file:"); ok {
				stdin = mustRead(t, path)
			}
			r := runCLI(t, stdin, c.args...)
			want := 0
			if c.fails {
				want = 1
			}
			require.Equal(t, want, r.code, "%s\nstdout:\n%s\nstderr:\n%s", c.text, r.stdout, r.stderr)
			got := strings.Split(r.stdout+r.stderr, "\n")
			for _, line := range c.expect {
				assert.Contains(t, got, line, "%s prints the line the README shows", c.text)
			}
		})
	}
}

// consoleCommands reads a console block: "$ " lines are commands, the
// lines after each are its output.
func consoleCommands(t *testing.T, block string) []readmeCommand {
	t.Helper()
	var out []readmeCommand
	var cur *readmeCommand
	for _, line := range strings.Split(strings.TrimSuffix(block, "\n"), "\n") {
		if text, ok := strings.CutPrefix(line, "$ "); ok {
			found := shellCommands(t, text)
			require.Len(t, found, 1, "one camunda-irsa command per $ line: %s", text)
			out = append(out, found[0])
			cur = &out[len(out)-1]
			continue
		}
		require.NotNil(t, cur, "console output before a command: %s", line)
		if line == "..." {
			continue
		}
		cur.expect = append(cur.expect, line)
		if strings.HasPrefix(line, "error: ") || strings.HasPrefix(line, "FAIL ") {
			cur.fails = true
		}
	}
	return out
}

// shellCommands parses a block as the shell would and returns its
// camunda-irsa commands: their arguments, and standard input when they
// read the file of a `cat FILE |`, the text of an `echo TEXT |` or a
// `< FILE`. Output redirections are left out: the output is checked
// here instead.
func shellCommands(t *testing.T, block string) []readmeCommand {
	t.Helper()
	f, err := syntax.NewParser().Parse(strings.NewReader(block), "README.md")
	require.NoError(t, err, "README block:\n%s", block)
	pipedFrom := map[*syntax.Stmt]*syntax.Stmt{}
	var out []readmeCommand
	syntax.Walk(f, func(node syntax.Node) bool {
		switch n := node.(type) {
		case *syntax.BinaryCmd:
			if n.Op == syntax.Pipe {
				pipedFrom[n.Y] = n.X
			}
		case *syntax.Stmt:
			call, ok := n.Cmd.(*syntax.CallExpr)
			if !ok {
				return true
			}
			words := literals(t, call.Args)
			args, ok := camundaIrsaArgs(words)
			if !ok {
				return true
			}
			c := readmeCommand{text: strings.Join(words, " "), args: args}
			if from, ok := pipedFrom[n]; ok {
				c.stdin = pipedInput(t, from, c.text)
			}
			for _, r := range n.Redirs {
				if r.Op == syntax.RdrIn {
					c.stdin = "file:" + literals(t, []*syntax.Word{r.Word})[0]
				}
			}
			out = append(out, c)
		}
		return true
	})
	return out
}

// camundaIrsaArgs are the arguments of a camunda-irsa invocation, as the
// binary, the Helm plugin or go run.
func camundaIrsaArgs(words []string) ([]string, bool) {
	switch {
	case len(words) > 0 && words[0] == "camunda-irsa":
		return words[1:], true
	case len(words) > 1 && words[0] == "helm" && words[1] == "camunda-irsa":
		return words[2:], true
	case len(words) > 2 && words[0] == "go" && words[1] == "run" && words[2] == "./cmd/camunda-irsa":
		return words[3:], true
	}
	return nil, false
}

// pipedInput is what the command on the left of a pipe feeds a
// camunda-irsa command: "file:PATH" for cat, the text for echo.
func pipedInput(t *testing.T, from *syntax.Stmt, command string) string {
	t.Helper()
	call, ok := from.Cmd.(*syntax.CallExpr)
	require.True(t, ok, "%s: only cat FILE or echo TEXT may feed it", command)
	words := literals(t, call.Args)
	switch {
	case len(words) == 2 && words[0] == "cat":
		return "file:" + words[1]
	case len(words) == 2 && words[0] == "echo":
		return words[1] + "\n"
	}
	require.Failf(t, "unsupported pipe", "%s is fed by %s; only cat FILE or echo TEXT", command, strings.Join(words, " "))
	return ""
}

// literals are the words' values, quotes removed. A word with an
// expansion ($VAR, $(...)) in a camunda-irsa command could not run as
// written, so it fails the test wherever it appears in one.
func literals(t *testing.T, words []*syntax.Word) []string {
	t.Helper()
	out := make([]string, 0, len(words))
	for _, w := range words {
		var b strings.Builder
		for _, part := range w.Parts {
			switch p := part.(type) {
			case *syntax.Lit:
				b.WriteString(p.Value)
			case *syntax.SglQuoted:
				b.WriteString(p.Value)
			case *syntax.DblQuoted:
				for _, inner := range p.Parts {
					lit, ok := inner.(*syntax.Lit)
					if !ok {
						b.WriteString("\x00expansion")
						continue
					}
					b.WriteString(lit.Value)
				}
			default:
				b.WriteString("\x00expansion")
			}
		}
		out = append(out, b.String())
	}
	if len(out) > 0 {
		if _, ours := camundaIrsaArgs(out); ours {
			for _, w := range out {
				require.NotContains(t, w, "\x00expansion", "a README camunda-irsa command uses a shell expansion: %q", out)
			}
		}
	}
	return out
}
