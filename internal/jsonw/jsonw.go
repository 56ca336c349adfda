// Package jsonw writes JSON laid out exactly as encoding/json's Encoder
// does with SetIndent, without reflection, for the few typed documents
// camunda-irsa writes on its hot path (IAM policies and the iam output).
package jsonw

import (
	"bytes"
	"encoding/json"
	"strings"
)

// Writer appends JSON to B. With an empty Indent it writes compact JSON,
// as json.Marshal does; an empty object or array stays {} or [].
type Writer struct {
	B              []byte
	Prefix, Indent string
	depth          int
	// first is true right after { or [, before the first member.
	first bool
}

// LinePrefix is the indentation of the current line, for a nested
// document to continue from.
func (w *Writer) LinePrefix() string { return w.Prefix + strings.Repeat(w.Indent, w.depth) }

func (w *Writer) newline() {
	if w.Indent == "" {
		return
	}
	w.B = append(w.B, '\n')
	w.B = append(w.B, w.Prefix...)
	for range w.depth {
		w.B = append(w.B, w.Indent...)
	}
}

// Open starts an object ({) or array ([).
func (w *Writer) Open(c byte) {
	w.B = append(w.B, c)
	w.depth++
	w.first = true
}

// Close ends an object (}) or array (]).
func (w *Writer) Close(c byte) {
	w.depth--
	if !w.first {
		w.newline()
	}
	w.B = append(w.B, c)
	w.first = false
}

// Elem starts an array element or object member.
func (w *Writer) Elem() {
	if !w.first {
		w.B = append(w.B, ',')
	}
	w.first = false
	w.newline()
}

// Key starts an object member.
func (w *Writer) Key(k string) {
	w.Elem()
	w.String(k, false)
	w.B = append(w.B, ':')
	if w.Indent != "" {
		w.B = append(w.B, ' ')
	}
}

// Null writes null.
func (w *Writer) Null() { w.B = append(w.B, "null"...) }

// String writes s as a JSON string. Printable ASCII other than " and \
// (and <, > and & when escaping HTML) stands for itself, which covers
// every name, ARN, action and condition key a plan holds; anything else
// is left to encoding/json, so its escaping rules are not repeated here.
func (w *Writer) String(s string, escapeHTML bool) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c > 0x7e || c == '"' || c == '\\' || escapeHTML && (c == '<' || c == '>' || c == '&') {
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(escapeHTML)
			_ = enc.Encode(s) // a string always encodes
			w.B = append(w.B, bytes.TrimSuffix(buf.Bytes(), []byte("\n"))...)
			return
		}
	}
	w.B = append(w.B, '"')
	w.B = append(w.B, s...)
	w.B = append(w.B, '"')
}
