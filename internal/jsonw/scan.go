package jsonw

import (
	"encoding/json"
	"fmt"
)

// Scanner reads the compact JSON that json.Marshal, or a Writer without
// Indent, writes. Callers walk values themselves; Scanner holds the
// primitives they share.
type Scanner struct {
	Data []byte
	Pos  int
}

// Skip consumes c if it is the next byte.
func (s *Scanner) Skip(c byte) bool {
	if s.Pos < len(s.Data) && s.Data[s.Pos] == c {
		s.Pos++
		return true
	}
	return false
}

// String reads the JSON string at the read position. One without escapes
// is sliced out as it is; one with escapes is left to encoding/json.
func (s *Scanner) String() (string, error) {
	start := s.Pos
	if !s.Skip('"') {
		return "", fmt.Errorf("JSON at offset %d: expected a string", start)
	}
	escaped := false
	for s.Pos < len(s.Data) {
		switch s.Data[s.Pos] {
		case '\\':
			escaped = true
			s.Pos += 2
			continue
		case '"':
			s.Pos++
			if !escaped {
				return string(s.Data[start+1 : s.Pos-1]), nil
			}
			var out string
			if err := json.Unmarshal(s.Data[start:s.Pos], &out); err != nil {
				return "", fmt.Errorf("JSON at offset %d: %w", start, err)
			}
			return out, nil
		}
		s.Pos++
	}
	return "", fmt.Errorf("JSON at offset %d: unterminated string", start)
}
