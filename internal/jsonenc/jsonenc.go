// Package jsonenc encodes JSON as every camunda-irsa output writes it:
// without HTML escaping, so that ARNs, conditions and URLs read as AWS
// prints them (& and not \u0026), and without the encoder's final newline.
package jsonenc

import (
	"bytes"
	"encoding/json"
)

// Encode returns v as JSON, on one line when indent is empty and indented
// by indent per level otherwise.
func Encode(v any, indent string) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", indent)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
