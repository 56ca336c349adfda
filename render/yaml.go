package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/camunda-irsa/camunda-irsa/internal/jsonw"
	"sigs.k8s.io/yaml"
)

// marshalYAML is sigs.k8s.io/yaml.Marshal, made fast for the documents
// render writes. Marshal encodes v as JSON and hands that to yaml.v2,
// which parses it with its full YAML parser and encodes the result by
// reflection: nearly all the time of the values and serviceaccounts
// kinds. jsonToYAML writes the bytes yaml.v2 would write, directly, for
// the JSON it fully understands (block mappings and sequences of
// printable-ASCII strings, integers, booleans and null) and declines
// anything else, which then goes yaml.v2's way. The TestMarshalYAML*
// tests and FuzzMarshalYAML compare the two.
func marshalYAML(v any) ([]byte, error) {
	js, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("error marshaling into JSON: %w", err)
	}
	if out, ok := jsonToYAML(js); ok {
		return out, nil
	}
	return yaml.JSONToYAML(js)
}

// jsonToYAML converts the output of json.Marshal as yaml.v2 would
// convert it; ok is false where it does not know the answer for sure.
func jsonToYAML(js []byte) (out []byte, ok bool) {
	r := jsonReader{Scanner: jsonw.Scanner{Data: js}}
	doc, ok := r.value()
	if !ok || r.Pos != len(js) || doc.kind != '{' || len(doc.keys) == 0 {
		return nil, false
	}
	w := yamlWriter{b: make([]byte, 0, len(js)+len(js)/2)}
	if !w.mapping(doc, 0, false) {
		return nil, false
	}
	return w.b, true
}

// jsonNode is a parsed JSON value.
type jsonNode struct {
	// kind is '{', '[', '"' (text is the string) or '0' (text is the
	// literal: an integer, true, false or null).
	kind   byte
	text   string
	keys   []string // of an object
	values []jsonNode
}

// jsonReader parses what json.Marshal writes: valid, compact JSON.
type jsonReader struct {
	jsonw.Scanner
	// keys and values collect the members of the objects and arrays
	// being read, so that each gets one slice of the right size.
	keys   []string
	values []jsonNode
}

func (r *jsonReader) value() (jsonNode, bool) {
	if r.Pos >= len(r.Data) {
		return jsonNode{}, false
	}
	switch c := r.Data[r.Pos]; {
	case c == '{', c == '[':
		r.Pos++
		n := jsonNode{kind: c}
		end := byte('}')
		if c == '[' {
			end = ']'
		}
		if r.Skip(end) {
			return n, true
		}
		keys, values := len(r.keys), len(r.values)
		defer func() { r.keys, r.values = r.keys[:keys], r.values[:values] }()
		for {
			if c == '{' {
				k, err := r.String()
				if err != nil || !r.Skip(':') {
					return n, false
				}
				r.keys = append(r.keys, k)
			}
			v, ok := r.value()
			if !ok {
				return n, false
			}
			r.values = append(r.values, v)
			if !r.Skip(',') {
				break
			}
		}
		if c == '{' {
			n.keys = slices.Clone(r.keys[keys:])
		}
		n.values = slices.Clone(r.values[values:])
		return n, r.Skip(end)
	case c == '"':
		s, err := r.String()
		return jsonNode{kind: '"', text: s}, err == nil
	default:
		start := r.Pos
		for r.Pos < len(r.Data) && strings.IndexByte(",]}", r.Data[r.Pos]) < 0 {
			r.Pos++
		}
		lit := string(r.Data[start:r.Pos])
		switch lit {
		case "true", "false", "null", "-0":
			return jsonNode{kind: '0', text: lit}, lit != "-0"
		}
		// yaml.v2 reads an integer and writes it back the same, unless it
		// is -0 or does not fit in 64 bits; floats it may rewrite.
		_, err := strconv.ParseInt(lit, 10, 64)
		return jsonNode{kind: '0', text: lit}, err == nil
	}
}

// yamlWriter writes block YAML the way yaml.v2's emitter does with its
// defaults (two-space indentation, sequences in mappings not indented,
// lines wrapped at spaces past column 80).
type yamlWriter struct {
	b []byte
}

const (
	yamlIndent = 2
	// yamlWidth is the column past which yaml.v2 breaks a scalar at a
	// space; the writer declines such scalars instead.
	yamlWidth = 80
	// yamlMaxSimpleKey is the longest key yaml.v2 writes as "key:"
	// rather than in the "? key" form the writer does not do.
	yamlMaxSimpleKey = 128
)

func (w *yamlWriter) pad(n int) {
	for range n {
		w.b = append(w.b, ' ')
	}
}

func (w *yamlWriter) endLine() {
	if len(w.b) > 0 && w.b[len(w.b)-1] != '\n' {
		w.b = append(w.b, '\n')
	}
}

// mapping writes a non-empty mapping with its keys at column indent and
// in yaml.v2's order; inline continues the current line ("- " of a
// sequence) with the first key.
func (w *yamlWriter) mapping(n jsonNode, indent int, inline bool) bool {
	for _, k := range n.keys {
		if !printableASCII(k, false) { // as scalar would, but before sorting
			return false
		}
	}
	order := make([]int, len(n.keys))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(i, j int) int {
		switch {
		case yamlKeyLess(n.keys[i], n.keys[j]):
			return -1
		case yamlKeyLess(n.keys[j], n.keys[i]):
			return 1
		}
		return 0
	})
	for i, k := range order {
		if i > 0 || !inline {
			w.pad(indent)
		}
		if len(n.keys[k]) > yamlMaxSimpleKey || !w.scalar(n.keys[k], indent, true) {
			return false
		}
		w.b = append(w.b, ':')
		if !w.value(n.values[k], indent, true) {
			return false
		}
	}
	return true
}

// sequence writes a non-empty sequence with its "- " at column indent.
func (w *yamlWriter) sequence(n jsonNode, indent int, inline bool) bool {
	for i, v := range n.values {
		if i > 0 || !inline {
			w.pad(indent)
		}
		w.b = append(w.b, '-')
		if !w.value(v, indent, false) {
			return false
		}
	}
	return true
}

// value writes the value after "key:" or "-" of a mapping or sequence
// at column indent, and ends its line.
func (w *yamlWriter) value(n jsonNode, indent int, inMapping bool) bool {
	switch {
	case n.kind == '{' && len(n.keys) > 0:
		if inMapping {
			w.b = append(w.b, '\n')
			return w.mapping(n, indent+yamlIndent, false)
		}
		w.b = append(w.b, ' ')
		return w.mapping(n, indent+yamlIndent, true)
	case n.kind == '[' && len(n.values) > 0:
		if inMapping {
			w.b = append(w.b, '\n')
			return w.sequence(n, indent, false)
		}
		w.b = append(w.b, ' ')
		return w.sequence(n, indent+yamlIndent, true)
	case n.kind == '{':
		w.b = append(w.b, " {}\n"...)
	case n.kind == '[':
		w.b = append(w.b, " []\n"...)
	case n.kind == '"':
		w.b = append(w.b, ' ')
		if !w.scalar(n.text, indent, false) {
			return false
		}
		w.endLine()
	default:
		w.b = append(w.b, ' ')
		w.b = append(w.b, n.text...)
		w.b = append(w.b, '\n')
	}
	return true
}

func printableASCII(s string, newlines bool) bool {
	for i := 0; i < len(s); i++ {
		if (s[i] < ' ' || s[i] > '~') && !(newlines && s[i] == '\n') {
			return false
		}
	}
	return true
}

// scalar writes a string in the style yaml.v2 chooses for it: plain
// where it reads back as the same string, single-quoted where plain
// would be misread as YAML syntax (": ", " #", a leading "- " or "&"
// ...), double-quoted where plain would read back as another type (a
// number, a boolean such as "yes", null, a date), and a literal block
// (|) for several lines. It declines everything that is not printable
// ASCII, and what yaml.v2 would wrap.
func (w *yamlWriter) scalar(s string, indent int, key bool) bool {
	switch {
	case printableASCII(s, false):
	case !key && printableASCII(s, true):
		return w.literal(s, indent+yamlIndent)
	default:
		return false
	}
	isString, known := plainIsString(s)
	switch {
	case !known:
		return false
	case !isString:
		if strings.ContainsAny(s, `"\`) {
			return false
		}
		return w.quoted('"', s, key)
	case plainAllowed(s):
		return w.quoted(0, s, key)
	default:
		return w.quoted('\'', s, key)
	}
}

// quoted writes s between quote characters (none for plain), doubling
// single quotes inside single ones. yaml.v2 breaks the line at a space
// past yamlWidth (not in keys); rather than do the same, it declines.
func (w *yamlWriter) quoted(quote byte, s string, key bool) bool {
	lineStart := bytes.LastIndexByte(w.b, '\n') + 1
	if quote != 0 {
		w.b = append(w.b, quote)
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ' ' && !key && len(w.b)-lineStart > yamlWidth {
			return false
		}
		if c == '\'' && quote == '\'' {
			w.b = append(w.b, '\'')
		}
		w.b = append(w.b, c)
	}
	if quote != 0 {
		w.b = append(w.b, quote)
	}
	return true
}

// literal writes s as a literal block scalar whose lines are indented to
// column indent, as yaml.v2 does for a string with line breaks unless a
// space ends it or a line (then it double-quotes, which is declined
// here), or it ends in two line breaks (|+, also declined).
func (w *yamlWriter) literal(s string, indent int) bool {
	if s[len(s)-1] == ' ' || strings.Contains(s, " \n") {
		return false
	}
	w.b = append(w.b, '|')
	if s[0] == ' ' || s[0] == '\n' {
		w.b = append(w.b, '0'+yamlIndent) // indentation indicator
	}
	switch {
	case s[len(s)-1] != '\n':
		w.b = append(w.b, '-') // strip: no final line break
	case len(s) == 1 || s[len(s)-2] == '\n':
		return false
	}
	w.b = append(w.b, '\n')
	for line := range strings.SplitAfterSeq(s, "\n") {
		if line != "\n" && line != "" { // empty lines are not indented
			w.pad(indent)
		}
		w.b = append(w.b, line...)
	}
	return true
}

// plainAllowed reports whether yaml.v2's emitter writes a one-line
// printable-ASCII string plain in block context, rather than in single
// quotes because plain it would read as an indicator or a comment.
func plainAllowed(s string) bool {
	if s[0] == ' ' || s[len(s)-1] == ' ' || strings.HasPrefix(s, "---") || strings.HasPrefix(s, "...") {
		return false
	}
	switch s[0] {
	case '#', ',', '[', ']', '{', '}', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`':
		return false
	case '?', ':', '-':
		if len(s) == 1 || s[1] == ' ' {
			return false
		}
	}
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case ':':
			if i+1 == len(s) || s[i+1] == ' ' {
				return false
			}
		case '#':
			if s[i-1] == ' ' {
				return false
			}
		}
	}
	return true
}

// plainIsString reports whether yaml.v2 reads s, written plain, back as
// the string s (its resolve and isBase60Float, for one-line printable
// ASCII). known is false for the numeric forms it leaves to yaml.v2.
func plainIsString(s string) (isString, known bool) {
	if s == "" {
		return false, true // null
	}
	c := s[0]
	numeric := c == '+' || c == '-' || c == '.' || c >= '0' && c <= '9'
	if !numeric && !strings.ContainsRune("yYnNtTfFoO~", rune(c)) {
		return true, true
	}
	switch s {
	case "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON",
		"n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF",
		"~", "null", "Null", "NULL",
		".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF":
		return false, true
	}
	if !numeric {
		return true, true
	}
	if c == '.' {
		_, err := strconv.ParseFloat(s, 64)
		return err != nil, true
	}
	if isYAMLTimestamp(s) {
		return false, true
	}
	plain := strings.ReplaceAll(s, "_", "")
	if _, err := strconv.ParseInt(plain, 0, 64); err == nil {
		return false, true
	}
	if _, err := strconv.ParseUint(plain, 0, 64); err == nil {
		return false, true
	}
	// Floats (yaml.v2 matches a regular expression over these characters
	// first) and base-60 numbers such as 1:30: not decided here.
	if strings.Trim(plain, "0123456789+-.eE") == "" || strings.Contains(s, ":") {
		return false, false
	}
	switch {
	case strings.HasPrefix(plain, "0b"):
		if _, err := strconv.ParseInt(plain[2:], 2, 64); err == nil {
			return false, true
		}
		if _, err := strconv.ParseUint(plain[2:], 2, 64); err == nil {
			return false, true
		}
	case strings.HasPrefix(plain, "-0b"):
		if _, err := strconv.ParseInt("-"+plain[3:], 2, 64); err == nil {
			return false, true
		}
	}
	return true, true
}

// isYAMLTimestamp is yaml.v2's parseTimestamp: the forms it reads as a
// date or time when unquoted.
func isYAMLTimestamp(s string) bool {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i != 4 || i == len(s) || s[i] != '-' {
		return false
	}
	for _, layout := range []string{"2006-1-2T15:4:5.999999999Z07:00", "2006-1-2t15:4:5.999999999Z07:00", "2006-1-2 15:4:5.999999999", "2006-1-2"} {
		if _, err := time.Parse(layout, s); err == nil {
			return true
		}
	}
	return false
}

// yamlKeyLess is the order in which yaml.v2 writes the keys of a map,
// its keyList.Less for strings, here for printable ASCII (where its
// unicode.IsLetter and unicode.IsDigit are the ASCII classes): letters
// before other characters, and runs of digits by their numeric value.
func yamlKeyLess(a, b string) bool {
	isLetter := func(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
	isDigit := func(c byte) bool { return c >= '0' && c <= '9' }
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] == b[i] {
			continue
		}
		al, bl := isLetter(a[i]), isLetter(b[i])
		if al && bl {
			return a[i] < b[i]
		}
		if al || bl {
			return bl
		}
		var ai, bi int
		var an, bn int64
		if a[i] == '0' || b[i] == '0' {
			for j := i - 1; j >= 0 && isDigit(a[j]); j-- {
				if a[j] != '0' {
					an, bn = 1, 1
					break
				}
			}
		}
		for ai = i; ai < len(a) && isDigit(a[ai]); ai++ {
			an = an*10 + int64(a[ai]-'0')
		}
		for bi = i; bi < len(b) && isDigit(b[bi]); bi++ {
			bn = bn*10 + int64(b[bi]-'0')
		}
		if an != bn {
			return an < bn
		}
		if ai != bi {
			return ai < bi
		}
		return a[i] < b[i]
	}
	return len(a) < len(b)
}
