package fullcli

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/camunda-irsa/camunda-irsa/irsa"
)

// badDir holds the bad-input corpus: NNN-name.yaml (or .json), each with
// NNN-name.want beside it. See testdata/bad/README.md for the format.
const badDir = "../../testdata/bad"

// minBadCases is the size the corpus must keep (issue 6).
const minBadCases = 60

type badCase struct {
	name  string // file name without extension, e.g. 004-json-array
	input string // path of the topology
	want  []string
}

// loadBadCorpus reads every case and checks the corpus is well-formed:
// each input has its .want, each .want its input, and every expected
// line is an error line.
func loadBadCorpus(t *testing.T) []badCase {
	t.Helper()
	entries, err := os.ReadDir(badDir)
	require.NoError(t, err)
	inputs := map[string]string{}
	wants := map[string]bool{}
	for _, e := range entries {
		name := e.Name()
		ext := filepath.Ext(name)
		stem := strings.TrimSuffix(name, ext)
		switch ext {
		case ".yaml", ".json":
			require.NotContains(t, inputs, stem, "two inputs named %s", stem)
			inputs[stem] = filepath.Join(badDir, name)
		case ".want":
			wants[stem] = true
		}
	}
	for stem := range wants {
		assert.Contains(t, inputs, stem, "%s.want has no input file", stem)
	}
	var cases []badCase
	for _, stem := range sortedStems(inputs) {
		if !assert.True(t, wants[stem], "%s has no .want file", stem) {
			continue
		}
		want := readWant(t, filepath.Join(badDir, stem+".want"))
		require.NotEmpty(t, want, "%s.want expects no error line", stem)
		for _, w := range want {
			require.True(t, strings.HasPrefix(w, "error: "), "%s.want: %q is not an error: line", stem, w)
		}
		cases = append(cases, badCase{name: stem, input: inputs[stem], want: want})
	}
	return cases
}

func sortedStems(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	// Names start with their number, so this is corpus order.
	sort.Strings(out)
	return out
}

// readWant returns the expected stderr lines of a .want file: every line
// but blank ones and # comments.
func readWant(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var out []string
	for _, line := range strings.Split(string(data), "\n") {
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		out = append(out, line)
	}
	return out
}

// lineMatches reports whether a stderr line is what a .want line expects:
// the same text, or, when the .want line ends in "...", any line starting
// with the text before it.
func lineMatches(want, got string) bool {
	if prefix, ok := strings.CutSuffix(want, "..."); ok {
		return strings.HasPrefix(got, prefix)
	}
	return got == want
}

// helperT is what assertStderr needs of a *testing.T.
type helperT interface {
	assert.TestingT
	Helper()
}

// recorder is a helperT that only records whether it failed.
type recorder struct{ failed bool }

func (r *recorder) Errorf(string, ...any) { r.failed = true }
func (r *recorder) Helper()               {}

// assertStderr checks stderr holds exactly the expected lines, one each,
// in any order.
func assertStderr(t helperT, want []string, stderr string) {
	t.Helper()
	got := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
	if stderr == "" {
		got = nil
	}
	used := make([]bool, len(got))
	var missing []string
	for _, w := range want {
		found := false
		for i, g := range got {
			if !used[i] && lineMatches(w, g) {
				used[i], found = true, true
				break
			}
		}
		if !found {
			missing = append(missing, w)
		}
	}
	var extra []string
	for i, g := range got {
		if !used[i] {
			extra = append(extra, g)
		}
	}
	assert.Empty(t, missing, "expected lines missing from stderr:\n%s", stderr)
	assert.Empty(t, extra, "stderr lines the .want does not expect")
	assert.Len(t, got, len(want), "number of error lines")
}

// runBad runs the CLI in-process on stdin and returns exit status, stdout
// and stderr.
func runBad(stdin []byte, args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := Run(args, bytes.NewReader(stdin), &out, &errb, "")
	return code, out.String(), errb.String()
}

// snapshot maps every file under dir to its content.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	require.NoError(t, filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		files[filepath.ToSlash(rel)] = string(b)
		return nil
	}))
	return files
}

// dirNames lists the entries of dir, to show nothing (such as a temporary
// directory) was left beside an out-dir.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	names := make([]string, len(entries))
	for i, e := range entries {
		names[i] = e.Name()
	}
	return names
}

// TestBadCorpus runs every broken topology through the CLI in every way
// it can be given and checks the contract: exit status 1, exactly the
// expected error lines (each naming its field path), nothing on stdout
// and nothing written or removed on disk.
func TestBadCorpus(t *testing.T) {
	cases := loadBadCorpus(t)
	require.GreaterOrEqual(t, len(cases), minBadCases, "the bad-input corpus must keep at least %d cases", minBadCases)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			data, err := os.ReadFile(tc.input)
			require.NoError(t, err)
			check := func(t *testing.T, code int, stdout, stderr string) {
				t.Helper()
				assert.Equal(t, 1, code, "exit status; stderr:\n%s", stderr)
				assert.Empty(t, stdout, "nothing goes to stdout on failure")
				assertStderr(t, tc.want, stderr)
			}
			t.Run("file", func(t *testing.T) {
				code, stdout, stderr := runBad(nil, "render", "-f", tc.input)
				check(t, code, stdout, stderr)
			})
			t.Run("file/iam", func(t *testing.T) {
				code, stdout, stderr := runBad(nil, "render", "-f", tc.input, "--output", "iam")
				check(t, code, stdout, stderr)
			})
			t.Run("stdin/serviceaccounts", func(t *testing.T) {
				code, stdout, stderr := runBad(data, "render", "-f", "-", "--output", "serviceaccounts")
				check(t, code, stdout, stderr)
			})
			t.Run("lint", func(t *testing.T) {
				code, stdout, stderr := runBad(nil, "lint", "-f", tc.input, "--strict")
				check(t, code, stdout, stderr)
			})
			t.Run("out-dir", func(t *testing.T) {
				parent := t.TempDir()
				dir := filepath.Join(parent, "out")
				code, stdout, stderr := runBad(nil, "render", "-f", tc.input, "--out-dir", dir)
				check(t, code, stdout, stderr)
				_, err := os.Stat(dir)
				assert.ErrorIs(t, err, fs.ErrNotExist, "the out-dir is not created")
				assert.Empty(t, dirNames(t, parent), "nothing is left beside the out-dir")
			})
			for _, force := range []bool{false, true} {
				t.Run(fmt.Sprintf("existing out-dir/force=%t", force), func(t *testing.T) {
					parent := t.TempDir()
					dir := filepath.Join(parent, "out")
					require.NoError(t, os.MkdirAll(filepath.Join(dir, "iam"), 0o755))
					require.NoError(t, os.WriteFile(filepath.Join(dir, "values.yaml"), []byte("# the user's own values\n"), 0o644))
					require.NoError(t, os.WriteFile(filepath.Join(dir, "iam", "notes.txt"), []byte("keep me\n"), 0o600))
					before := snapshot(t, dir)
					args := []string{"render", "-f", tc.input, "--out-dir", dir}
					if force {
						args = append(args, "--force")
					}
					code, stdout, stderr := runBad(nil, args...)
					check(t, code, stdout, stderr)
					assert.Equal(t, before, snapshot(t, dir), "the user's files are left as they were")
					assert.Equal(t, []string{"out"}, dirNames(t, parent), "nothing is left beside the out-dir")
				})
			}
		})
	}
}

// TestBadCorpusMatcher pins the .want comparison itself, so a lenient
// matcher cannot make the corpus pass vacuously.
func TestBadCorpusMatcher(t *testing.T) {
	assert.True(t, lineMatches("error: a: b", "error: a: b"))
	assert.False(t, lineMatches("error: a: b", "error: a: bc"))
	assert.True(t, lineMatches("error: a: unknown field (known fields: ...", "error: a: unknown field (known fields: x, y)"))
	assert.False(t, lineMatches("error: a: unknown field (known fields: ...", "error: b: unknown field (known fields: x, y)"))

	for _, tc := range []struct {
		name   string
		want   []string
		stderr string
		fails  bool
	}{
		{"same lines", []string{"error: a: 1"}, "error: a: 1\n", false},
		{"order does not matter", []string{"error: b: 2", "error: a: 1"}, "error: a: 1\nerror: b: 2\n", false},
		{"an unexpected extra line fails", []string{"error: a: 1"}, "error: a: 1\nerror: extra\n", true},
		{"one line cannot satisfy two", []string{"error: a: 1", "error: a: 1"}, "error: a: 1\n", true},
		{"a missing line fails", []string{"error: a: 1"}, "", true},
	} {
		r := &recorder{}
		assertStderr(r, tc.want, tc.stderr)
		assert.Equal(t, tc.fails, r.failed, tc.name)
	}
}

// The size limit: a 20 MB topology is refused with a clear message by
// its size alone, whether read from a file or from standard input, and
// standard input is not read to its end. A topology of exactly the limit
// is read.
func TestBadHugeTopology(t *testing.T) {
	valid, err := os.ReadFile(fullExample)
	require.NoError(t, err)
	padded := func(size int) []byte {
		t.Helper()
		// A valid topology followed by comment lines: only the size can
		// make it fail.
		b := bytes.NewBuffer(append([]byte(nil), valid...))
		line := "# " + strings.Repeat("padding ", 12) + "\n"
		for b.Len()+len(line) <= size {
			b.WriteString(line)
		}
		b.WriteString("#" + strings.Repeat("x", size-b.Len()-2) + "\n")
		require.Equal(t, size, b.Len())
		return b.Bytes()
	}
	wantLine := fmt.Sprintf("error: topology is larger than %d bytes, the limit; refusing to read it", irsa.MaxTopologyBytes)

	dir := t.TempDir()
	huge := padded(20 << 20)
	hugeFile := filepath.Join(dir, "huge.yaml")
	require.NoError(t, os.WriteFile(hugeFile, huge, 0o644))

	t.Run("file", func(t *testing.T) {
		code, stdout, stderr := runBad(nil, "render", "-f", hugeFile)
		assert.Equal(t, 1, code)
		assert.Empty(t, stdout)
		assertStderr(t, []string{wantLine}, stderr)
	})
	t.Run("stdin", func(t *testing.T) {
		r := bytes.NewReader(huge)
		var out, errb bytes.Buffer
		code := Run([]string{"render", "-f", "-"}, r, &out, &errb, "")
		assert.Equal(t, 1, code)
		assert.Empty(t, out.String())
		assertStderr(t, []string{wantLine}, errb.String())
		assert.Positive(t, r.Len(), "standard input is not read beyond the limit")
	})
	t.Run("out-dir", func(t *testing.T) {
		parent := t.TempDir()
		out := filepath.Join(parent, "out")
		code, stdout, stderr := runBad(nil, "render", "-f", hugeFile, "--out-dir", out)
		assert.Equal(t, 1, code)
		assert.Empty(t, stdout)
		assertStderr(t, []string{wantLine}, stderr)
		assert.Empty(t, dirNames(t, parent))
	})
	t.Run("one byte over the limit", func(t *testing.T) {
		code, stdout, stderr := runBad(padded(irsa.MaxTopologyBytes+1), "render", "-f", "-")
		assert.Equal(t, 1, code)
		assert.Empty(t, stdout)
		assertStderr(t, []string{wantLine}, stderr)
	})
	t.Run("exactly the limit is read", func(t *testing.T) {
		code, stdout, stderr := runBad(padded(irsa.MaxTopologyBytes), "render", "-f", "-")
		assert.Equal(t, 0, code, stderr)
		assert.NotEmpty(t, stdout)
	})
}
