package schema_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/camunda-irsa/camunda-irsa/schema"
)

func TestTopologySchemaHeader(t *testing.T) {
	var s struct {
		Schema string `json:"$schema"`
		ID     string `json:"$id"`
		Title  string `json:"title"`
	}
	b := schema.TopologyJSON()
	require.NoError(t, json.Unmarshal(b, &s))
	assert.Equal(t, "https://json-schema.org/draft/2020-12/schema", s.Schema)
	assert.Equal(t, schema.TopologyID, s.ID)
	assert.NotEmpty(t, s.Title)
	assert.True(t, bytes.HasSuffix(b, []byte("}\n")), "ends in one newline")
	assert.NotContains(t, string(b), `\u003c`, "descriptions keep < and > readable")
}

func TestSchemasAreCopies(t *testing.T) {
	for name, get := range map[string]func() []byte{
		"topology": schema.TopologyJSON,
		"policy":   schema.PolicyJSON,
		"overlay":  schema.OverlayJSON,
	} {
		t.Run(name, func(t *testing.T) {
			b := get()
			require.True(t, json.Valid(b))
			b[0] = 'x'
			assert.Equal(t, byte('{'), get()[0], "callers cannot change the embedded schema")
		})
	}
}

func TestHandWrittenSchemaIDs(t *testing.T) {
	for id, b := range map[string][]byte{
		schema.PolicyID:  schema.PolicyJSON(),
		schema.OverlayID: schema.OverlayJSON(),
	} {
		var s struct {
			Schema string `json:"$schema"`
			ID     string `json:"$id"`
		}
		require.NoError(t, json.Unmarshal(b, &s))
		assert.Equal(t, "https://json-schema.org/draft/2020-12/schema", s.Schema)
		assert.Equal(t, id, s.ID)
	}
}
