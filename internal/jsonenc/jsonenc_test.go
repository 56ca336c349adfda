package jsonenc_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/camunda-irsa/camunda-irsa/internal/jsonenc"
)

func TestEncode(t *testing.T) {
	v := map[string]any{"url": "https://h/?a=1&b=<2>", "n": []int{1}}
	compact, err := jsonenc.Encode(v, "")
	require.NoError(t, err)
	assert.Equal(t, `{"n":[1],"url":"https://h/?a=1&b=<2>"}`, string(compact))
	indented, err := jsonenc.Encode(v, "  ")
	require.NoError(t, err)
	assert.Equal(t, "{\n  \"n\": [\n    1\n  ],\n  \"url\": \"https://h/?a=1&b=<2>\"\n}", string(indented))
	_, err = jsonenc.Encode(func() {}, "")
	assert.Error(t, err)
}
