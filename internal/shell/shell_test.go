package shell_test

import (
	"strings"
	"testing"
	"text/template"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"mvdan.cc/sh/v3/expand"
	"mvdan.cc/sh/v3/syntax"

	"github.com/camunda-irsa/camunda-irsa/internal/shell"
)

// expandsTo parses "echo WORD" and requires that WORD stays one word that
// the shell expands, with quote removal and no field splitting, to s.
func expandsTo(t testing.TB, word, s string) {
	t.Helper()
	f, err := syntax.NewParser(syntax.Variant(syntax.LangBash)).Parse(strings.NewReader("echo "+word+"\n"), "")
	require.NoError(t, err, "%s", word)
	require.Len(t, f.Stmts, 1, "%q must stay one command", s)
	ce := f.Stmts[0].Cmd.(*syntax.CallExpr)
	require.Len(t, ce.Args, 2, "%q must stay one word", s)
	got, err := expand.Fields(nil, ce.Args[1])
	require.NoError(t, err)
	assert.Equal(t, []string{s}, got)
}

func TestQuote(t *testing.T) {
	for in, want := range map[string]string{
		"":                 `''`,
		"camunda":          `'camunda'`, // needs no quoting, quoted all the same
		"arn:aws:iam::1:x": `'arn:aws:iam::1:x'`,
		"a b=c":            `'a b=c'`,
		"$HOME ${x} `id`":  "'$HOME ${x} `id`'",
		"it's":             `"it's"`,
		"it's $(id)":       `"it's \$(id)"`,
		"a\nb":             `$'a\nb'`,
		"no\u00a0break":    `$'no\u00a0break'`,
	} {
		got, err := shell.Quote(in)
		require.NoError(t, err, "%q", in)
		assert.Equal(t, want, got, "%q", in)
		expandsTo(t, got, in)
	}
}

func TestQuoteRefusesNUL(t *testing.T) {
	_, err := shell.Quote("a\x00b")
	assert.ErrorContains(t, err, "null bytes")
}

// TestFuncs: sh quotes in templates, and a value it cannot quote fails
// the template instead of writing something else.
func TestFuncs(t *testing.T) {
	tmpl := template.Must(template.New("").Funcs(shell.Funcs()).Parse("echo {{sh .}}"))
	var b strings.Builder
	require.NoError(t, tmpl.Execute(&b, "it's"))
	assert.Equal(t, `echo "it's"`, b.String())
	assert.Error(t, tmpl.Execute(&b, "\x00"))
}

func FuzzQuote(f *testing.F) {
	for _, s := range []string{"", "plain", "it's", "''", "$HOME ${x} $(id) `id`", "a\nb\tc", `back\slash "dq"`,
		"!history", "*?[glob]", "~user", "{a,b}", "if", "é\u2028", "\xff", "; rm -rf / #", "<<'EOF'"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := shell.Quote(s)
		if strings.ContainsRune(s, 0) {
			if err == nil {
				t.Fatalf("%q holds a NUL but was quoted as %s", s, q)
			}
			return
		}
		if err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		expandsTo(t, q, s)
	})
}
