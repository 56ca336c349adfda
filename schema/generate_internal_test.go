package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/invopop/jsonschema"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/camunda-irsa/camunda-irsa/internal/golden"
	"github.com/camunda-irsa/camunda-irsa/irsa"
)

// TestTopologySchemaIsCurrent keeps topology.schema.json generated from
// irsa.Topology: go test ./schema -update rewrites it.
func TestTopologySchemaIsCurrent(t *testing.T) {
	got, err := generateTopology()
	require.NoError(t, err)

	const file = "topology.schema.json"
	golden.Assert(t, file, got)
	if golden.Updating() {
		return
	}
	// The embedded copy is what `camunda-irsa schema` prints.
	want, err := os.ReadFile(file)
	require.NoError(t, err)
	assert.Equal(t, want, TopologyJSON())
}

func TestGenerateTopologyIsDeterministic(t *testing.T) {
	a, err := generateTopology()
	require.NoError(t, err)
	b, err := generateTopology()
	require.NoError(t, err)
	assert.Equal(t, a, b)
}

func TestUnescapeHTML(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`"\u003cregion\u003e"`, `"<region>"`},
		{`"a \u0026 b"`, `"a & b"`},
		{`"\\u003c"`, `"\\u003c"`}, // an escaped backslash, then text
		{`"\"\u003c\""`, `"\"<\""`},
		{`"\u00e9"`, `"\u00e9"`},
		{`"\`, `"\`},
	} {
		assert.Equal(t, tc.want, string(unescapeHTML([]byte(tc.in))), tc.in)
	}
}

// irsaSource is where GenerateTopology finds the Go source of package irsa,
// relative to this package's directory.
const irsaSource = "../irsa"

// generateTopology reflects the topology schema from irsa.Topology and
// returns it exactly as committed in topology.schema.json: indented by two
// spaces, newline-terminated and deterministic.
//
// The descriptions are the doc comments of package irsa, which exist only
// in its source, so it reads ../irsa from the package directory, as
// `go test` runs; programs use the committed copy, TopologyJSON. The
// chart enum is the chart-line table's.
func generateTopology() ([]byte, error) {
	if _, err := os.Stat(filepath.Join(irsaSource, "topology.go")); err != nil {
		return nil, fmt.Errorf("generating the topology schema needs the source of package irsa in %s; run it from the schema package directory: %w", irsaSource, err)
	}
	r := &jsonschema.Reflector{
		// The root is the Topology object itself rather than a $ref to it,
		// which editors show more readably; nested types stay in $defs
		// because Component and DatabaseComponent are used several times.
		ExpandedStruct: true,
	}
	// AddGoComments names a package by joining base with the directory it
	// walked, so this package's import path plus ../irsa gives irsa's.
	if err := r.AddGoComments("github.com/camunda-irsa/camunda-irsa/schema", irsaSource); err != nil {
		return nil, fmt.Errorf("reading the doc comments of package irsa: %w", err)
	}
	comments := r.CommentMap
	r.LookupComment = func(t reflect.Type, field string) string { return describe(comments, t, field) }

	s := r.Reflect(&irsa.Topology{})
	s.ID = TopologyID
	s.Title = "camunda-irsa topology"
	chart, ok := s.Properties.Get("chart")
	if !ok {
		return nil, fmt.Errorf("the topology has no chart field")
	}
	for _, name := range irsa.ChartLineNames() {
		chart.Enum = append(chart.Enum, name)
	}
	// cluster and clusters are two spellings of one field; the Go types
	// cannot say "exactly one of", so the schema says it explicitly.
	s.OneOf = []*jsonschema.Schema{{Required: []string{"cluster"}}, {Required: []string{"clusters"}}}

	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(s); err != nil {
		return nil, fmt.Errorf("encoding the topology schema: %w", err)
	}
	return unescapeHTML(buf.Bytes()), nil
}

// describe turns a Go doc comment into a schema description. Readers of
// the schema never see Go names, so a field comment that starts with the
// Go field name, as Go convention has it, starts with the JSON name
// instead; line breaks of the comment are not meaningful in a description.
func describe(comments map[string]string, t reflect.Type, field string) string {
	key := t.PkgPath() + "." + t.Name()
	if field != "" {
		key += "." + field
	}
	text := strings.Join(strings.Fields(comments[key]), " ")
	if field == "" {
		return text
	}
	f, ok := t.FieldByName(field)
	if !ok {
		return text
	}
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	if rest, ok := strings.CutPrefix(text, field+" "); ok && name != "" {
		return name + " " + rest
	}
	return text
}

// unescapeHTML undoes the \u003c, \u003e and \u0026 escapes that
// jsonschema.Schema.MarshalJSON applies through json.Marshal (an encoder's
// SetEscapeHTML cannot reach inside a MarshalJSON result), so that
// descriptions such as <region> stay readable in the committed file. It
// steps over every escape sequence whole, so an escaped backslash followed
// by "u003c" is left alone.
func unescapeHTML(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		if b[i] != '\\' || i+1 == len(b) {
			out = append(out, b[i])
			continue
		}
		if b[i+1] == 'u' && i+6 <= len(b) {
			switch string(b[i+2 : i+6]) {
			case "003c":
				out, i = append(out, '<'), i+5
				continue
			case "003e":
				out, i = append(out, '>'), i+5
				continue
			case "0026":
				out, i = append(out, '&'), i+5
				continue
			}
		}
		out, i = append(out, b[i], b[i+1]), i+1
	}
	return out
}
