package render

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/yaml"

	"github.com/camunda-irsa/camunda-irsa/internal/golden"
	"github.com/camunda-irsa/camunda-irsa/irsa"
)

// checkYAML holds jsonToYAML to sigs.k8s.io/yaml for v and reports
// whether jsonToYAML took v (rather than leaving it to yaml.v2).
func checkYAML(t *testing.T, v any) bool {
	t.Helper()
	js, err := json.Marshal(v)
	require.NoError(t, err)
	want, wantErr := yaml.JSONToYAML(js)
	got, ok := jsonToYAML(js)
	if ok {
		require.NoError(t, wantErr, "jsonToYAML took JSON sigs.k8s.io/yaml refuses: %s", js)
		assert.Equal(t, string(want), string(got), "JSON: %s", js)
	}
	viaMarshal, err := marshalYAML(v)
	if wantErr == nil {
		require.NoError(t, err)
		assert.Equal(t, string(want), string(viaMarshal))
	}
	return ok
}

// TestMarshalYAMLOfExamples: the overlay and the ServiceAccounts of every
// example, in both modes and on every chart line the example is valid
// for, come out as sigs.k8s.io/yaml writes them, and without falling back
// to it.
func TestMarshalYAMLOfExamples(t *testing.T) {
	for path, top := range golden.Topologies(t) {
		for _, line := range irsa.ChartLines() {
			for _, mode := range []irsa.Mode{irsa.ModeIRSA, irsa.ModePodIdentity} {
				top.Chart, top.Mode = line, mode
				plan, err := irsa.NewPlan(top)
				if err != nil {
					continue
				}
				overlay, err := Overlay(plan)
				require.NoError(t, err)
				assert.True(t, checkYAML(t, overlay), "%s %s %s: overlay fell back to yaml.v2", path, line, mode)
				for _, sa := range ServiceAccounts(plan) {
					assert.True(t, checkYAML(t, sa), "%s %s %s: ServiceAccount %s fell back to yaml.v2", path, line, mode, sa.Name)
				}
			}
		}
	}
}

// yamlTrickyStrings are strings whose YAML form is not just the string.
var yamlTrickyStrings = []string{
	"", " ", "a", "true", "True", "TRUE", "yes", "No", "on", "OFF", "y", "n", "~", "null", "Null", "NULL", "<<",
	"0", "-0", "+1", "1", "01", "0x1F", "0o17", "0b101", "-0b101", "0b2", "1_000", "1e3", "1E+3", "1.", ".5", "-.5", "+.inf", ".nan", ".NaN", "1.2.3",
	"9223372036854775807", "9223372036854775808", "18446744073709551616", "-9223372036854775809", "123456789012",
	"1:30", "-1:30:00.5", "190:20:30", "1:60", "2001-12-14", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10", "2001-13-14", "20011-12-14", "8.8",
	"a: b", "a:b", "a:", ":a", ": a", ":", "?", "? a", "?a", "-", "- a", "-a", "--a", "---", "--- a", "...", "a...", "a---",
	"#a", "a#b", "a #b", "a# b", "a #", "[a]", "a[b]", "{a}", "a{b}", "a,b", ",a", "&a", "*a", "!a", "|a", ">a", "'a", "a'b", "'", "''", `"a`, `a"b`, `a\b`, "%a", "@a", "`a",
	"a ", " a", "a  b", "a b c", "it's", "--db-driver=software.amazon.jdbc.Driver --transaction-xa-enabled=false",
	"wrapperPlugins=iam&ssl=true&sslmode=require", "jdbc:aws-wrapper:postgresql://h:5432/db?wrapperPlugins=iam", "<a>&b",
	"a\nb", "a\nb\n", "a\n", "\n", "\na", "\na\n", " a\nb\n", "a\n\nb\n", "a\n\n", "a \nb", "a\n b\n", "a\nb ", "#!/bin/sh\nln -sf \"$X\" \"/y\"\n", "a: b\n- c\n",
	"tab\there", "cr\r\n", "nul\x00", "\x7f", "é", "日本", "\u2028", "\ufeffbom",
	strings.Repeat("x", 79) + " y", strings.Repeat("x", 90) + " y z", strings.Repeat("a b ", 30), strings.Repeat("k", 129),
	strings.Repeat("'", 50) + " " + strings.Repeat("'", 50), "1 2", "2001-12-14 21:59:43.10 " + strings.Repeat("x", 80),
}

// yamlDocsFor puts s into every position of a document: value and key,
// at several depths and behind keys of several lengths (so at many
// columns), in sequences, next to empty and scalar values of the other
// types.
func yamlDocsFor(s string) []any {
	nested := any(s)
	var docs []any
	for depth := range 6 {
		nested = map[string]any{strings.Repeat("k", 1+depth*7): nested, "list": []any{s, []any{s}, map[string]any{"k": s}}}
		docs = append(docs, nested)
	}
	docs = append(docs, []any{nested},
		map[string]any{"a": s, "b": []any{s, []any{s, map[string]any{s: s}}, map[string]any{}, []any{}},
			"c": map[string]any{s: []any{s}}, "d": 5432, "e": true, "f": nil, "g": -1, "h": map[string]any{}, "i": []any{}},
		map[string]any{s: 1, s + "1": 2, s + "10": 3, s + "9": 4, "0" + s: 5, "a" + s: 6, "A" + s: 7},
		s, []any{}, map[string]any{}, 1.5, nil)
	return docs
}

func TestMarshalYAMLOfTrickyStrings(t *testing.T) {
	took := 0
	for _, s := range yamlTrickyStrings {
		for _, doc := range yamlDocsFor(s) {
			if checkYAML(t, doc) {
				took++
			}
		}
	}
	t.Logf("jsonToYAML wrote %d of %d documents itself", took, len(yamlTrickyStrings)*len(yamlDocsFor("")))
}

func TestYAMLKeyOrder(t *testing.T) {
	keys := []string{"b", "a", "B", "a1", "a10", "a9", "a01", "a001", "_a", "-a", "1", "10", "9", "01", "a.b", "a_b", "ab", "z0", "z00", "z1"}
	doc := map[string]any{}
	for i, k := range keys {
		doc[k] = i
	}
	assert.True(t, checkYAML(t, doc))
}

func FuzzMarshalYAML(f *testing.F) {
	for _, s := range yamlTrickyStrings {
		f.Add(s, "k")
	}
	// Most random strings are not printable ASCII, which jsonToYAML
	// declines; their printable-ASCII image keeps it busy.
	ascii := func(s string) string {
		return strings.Map(func(r rune) rune {
			if r == '\n' || r >= ' ' && r <= '~' {
				return r
			}
			return ' ' + r%('~'-' '+1)
		}, s)
	}
	f.Fuzz(func(t *testing.T, s, k string) {
		for _, s := range []string{s, ascii(s)} {
			for _, doc := range append(yamlDocsFor(s), map[string]any{k: s, s: k, fmt.Sprint(len(k)): []any{k, s}}) {
				checkYAML(t, doc)
			}
		}
	})
}
