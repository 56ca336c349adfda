package irsa

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	yamlv2 "go.yaml.in/yaml/v2"
	yamlv3 "go.yaml.in/yaml/v3"
	"sigs.k8s.io/yaml"
)

// MaxTopologyBytes bounds the size of a topology file. Real topologies are
// a few kilobytes; the bound keeps a hostile input from costing memory.
const MaxTopologyBytes = 1 << 20

// Decode reads a topology from YAML or JSON. It is strict: duplicate keys,
// unknown fields and values of the wrong type are errors, reported all at
// once with their field paths. The file must hold exactly one YAML
// document, and a document that is empty (or null) is an error too.
// Decode does not apply defaults or check values; NewPlan does, and Load
// does both in one pass.
func Decode(data []byte) (Topology, error) {
	t, problems, err := decode(data)
	if err != nil {
		return t, err
	}
	if len(problems) > 0 {
		return t, problems
	}
	return t, nil
}

// Load decodes a topology and plans it, reporting the problems of both
// steps together: an unknown field does not hide an invalid value
// elsewhere. Problems that leave nothing to validate (not YAML, empty,
// several documents) are reported alone.
func Load(data []byte) (*Plan, error) {
	t, problems, err := decode(data)
	if err != nil {
		return nil, err
	}
	return plan(t, problems)
}

// decode reads what it can of a topology. err is a problem that leaves
// nothing to read; problems are the fields it had to leave out (unknown,
// or of the wrong type), with everything else decoded into t.
func decode(data []byte) (t Topology, problems FieldErrors, err error) {
	whole := func(msg string) (Topology, FieldErrors, error) { return t, nil, FieldErrors{{Message: msg}} }
	if len(data) > MaxTopologyBytes {
		return whole(fmt.Sprintf("topology is larger than %d bytes, the limit; refusing to read it", MaxTopologyBytes))
	}
	if !utf8.Valid(data) {
		return whole("topology is not valid UTF-8")
	}
	if len(bytes.TrimSpace(stripComments(data))) == 0 {
		return whole("topology is empty")
	}
	js, err := yaml.YAMLToJSONStrict(data)
	if err != nil {
		if strings.Contains(err.Error(), "already set in map") {
			if dups := duplicateKeys(data); len(dups) > 0 {
				return t, nil, dups
			}
		}
		return whole("not valid YAML or JSON: " + yamlProblem(data, err))
	}
	if n := countDocuments(data); n > 1 {
		return whole(fmt.Sprintf("topology holds %d YAML documents; it must be exactly one", n))
	}
	var doc any
	dec := json.NewDecoder(bytes.NewReader(js))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		return whole("not valid YAML or JSON: " + err.Error())
	}
	if doc == nil {
		// "---", "null" or "~": a document, but an empty one.
		return whole("topology is empty")
	}
	if msg, ok := helmValues(doc); ok {
		return whole(msg)
	}
	var c collector
	clean, ok := checkShape(&c, "", doc, reflect.TypeOf(t))
	if !ok {
		// Not an object: there is nothing to validate.
		return t, nil, c.errs
	}
	known := js
	if len(c.errs) > 0 {
		// Decode what is left once the reported parts are dropped.
		known, err = json.Marshal(clean)
	}
	if err == nil {
		err = json.Unmarshal(known, &t)
	}
	if err != nil {
		return whole("cannot decode topology: " + err.Error())
	}
	return t, c.errs, nil
}

// helmValues recognises a Helm values file of the Camunda chart given
// where a topology belongs: no apiVersion and kind, and top-level keys the
// chart has. Listing each of its keys as unknown would bury the cause.
func helmValues(doc any) (string, bool) {
	obj, ok := doc.(map[string]any)
	if !ok || obj["apiVersion"] != nil || obj["kind"] != nil {
		return "", false
	}
	blocks := map[string]bool{"global": true}
	for _, l := range ChartLines() {
		for _, c := range l.Components {
			root, _, _ := strings.Cut(c.Values, ".")
			blocks[root] = true
		}
	}
	var found []string
	for _, k := range slices.Sorted(maps.Keys(obj)) {
		if blocks[k] {
			found = append(found, k)
		}
	}
	if len(found) == 0 {
		return "", false
	}
	return fmt.Sprintf("this looks like a Helm values file of the Camunda chart (it has %s and no apiVersion or kind), not a topology; a topology starts with apiVersion: %s and kind: %s (see camunda-irsa schema)",
		strings.Join(found, ", "), APIVersion, Kind), true
}

// yamlLine is the line number a YAML parser message starts with
// ("yaml: line 3: ..."), or 0.
func yamlLine(msg string) int {
	rest, ok := strings.CutPrefix(msg, "yaml: line ")
	if !ok {
		return 0
	}
	num, _, ok := strings.Cut(rest, ":")
	n, err := strconv.Atoi(num)
	if !ok || err != nil || n < 1 {
		return 0
	}
	return n
}

// yamlProblem is the parser's message, with a hint where the parser's own
// words do not point at the cause: a tab in the indentation is reported
// as "found character that cannot start any token", and a null mapping
// key as a Go-formatted value.
func yamlProblem(data []byte, err error) string {
	msg := joinLines(strings.TrimPrefix(err.Error(), "error converting YAML to JSON: "))
	if strings.HasPrefix(msg, "unsupported map key") {
		return "a mapping key is null or not a string (~, null and an empty key are null; quote the key to mean the text)"
	}
	if n := yamlLine(msg); n > 0 && !strings.Contains(msg, "tab") {
		lines := bytes.Split(data, []byte("\n"))
		if n <= len(lines) {
			indent := lines[n-1][:len(lines[n-1])-len(bytes.TrimLeft(lines[n-1], " \t"))]
			if bytes.IndexByte(indent, '\t') >= 0 {
				msg += fmt.Sprintf(" (line %d is indented with a tab; YAML indents with spaces only)", n)
			}
		}
	}
	return msg
}

// joinLines makes a parser message of several lines ("yaml: unmarshal
// errors:" and one indented line per problem) one line, the problems
// separated by "; ".
func joinLines(msg string) string {
	lines := strings.Split(msg, "\n")
	if len(lines) == 1 {
		return msg
	}
	var parts []string
	for _, l := range lines[1:] {
		if l = strings.TrimSpace(l); l != "" {
			parts = append(parts, l)
		}
	}
	return strings.TrimSpace(lines[0]) + " " + strings.Join(parts, "; ")
}

// stripComments drops YAML comment lines so that a file of only comments
// is reported as empty rather than as a null document.
func stripComments(data []byte) []byte {
	var out []byte
	for _, line := range bytes.Split(data, []byte("\n")) {
		if t := bytes.TrimSpace(line); len(t) > 0 && t[0] != '#' {
			out = append(out, t...)
		}
	}
	return out
}

// duplicateKeys names every key given more than once in one mapping, by
// path, once, with the lines it is given on. sigs.k8s.io/yaml refuses
// duplicates but names only one line and no path; the YAML node tree
// keeps every key with its position. It returns nil when data cannot be
// read that way (the caller then falls back to the parser's own message).
func duplicateKeys(data []byte) FieldErrors {
	var doc yamlv3.Node
	if err := yamlv3.Unmarshal(data, &doc); err != nil {
		return nil
	}
	var c collector
	var walk func(path string, n *yamlv3.Node)
	walk = func(path string, n *yamlv3.Node) {
		switch n.Kind {
		case yamlv3.DocumentNode:
			for _, child := range n.Content {
				walk(path, child)
			}
		case yamlv3.MappingNode:
			// The first pass finds every key's positions, the second
			// reports each duplicated key once, at its first occurrence,
			// so the problems come in the order of the file.
			at := map[string][]*yamlv3.Node{}
			for i := 0; i+1 < len(n.Content); i += 2 {
				k := n.Content[i]
				at[k.Value] = append(at[k.Value], k)
			}
			for i := 0; i+1 < len(n.Content); i += 2 {
				k := n.Content[i]
				if at[k.Value][0] != k {
					continue
				}
				if len(at[k.Value]) > 1 {
					c.add(join(path, k.Value), "duplicate key: given %s; keep one", positions(at[k.Value]))
				}
				walk(join(path, k.Value), n.Content[i+1])
			}
		case yamlv3.SequenceNode:
			for i, e := range n.Content {
				walk(fmt.Sprintf("%s[%d]", path, i), e)
			}
		}
	}
	walk("", &doc)
	return c.errs
}

// positions says where the nodes are: "on lines 4 and 7", or, when two
// share a line (JSON on one line), "at 1:2 and 1:40 (line:column)".
func positions(nodes []*yamlv3.Node) string {
	lines := map[int]bool{}
	for _, n := range nodes {
		lines[n.Line] = true
	}
	byLine := len(lines) == len(nodes)
	s := make([]string, len(nodes))
	for i, n := range nodes {
		s[i] = strconv.Itoa(n.Line)
		if !byLine {
			s[i] += ":" + strconv.Itoa(n.Column)
		}
	}
	list := andList(s)
	if byLine {
		return "on lines " + list
	}
	return "at " + list + " (line:column)"
}

// closest is the known name nearest to an unknown one, when it is near
// enough to be a typo: one edit away, or one per five letters of the
// known name (letter case aside), and no other known name equally near.
func closest(unknown string, known []string) (string, bool) {
	best, bestDist, tie := "", -1, false
	for _, k := range known {
		d := editDistance(strings.ToLower(unknown), strings.ToLower(k))
		switch {
		case bestDist < 0 || d < bestDist:
			best, bestDist, tie = k, d, false
		case d == bestDist:
			tie = true
		}
	}
	if bestDist < 0 || tie || bestDist > max(1, len(best)/5) {
		return "", false
	}
	return best, true
}

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// countDocuments counts the non-empty YAML documents in data. The YAML
// to JSON conversion reads only the first one and would silently drop
// the rest. A document that fails to parse counts: it is not nothing.
// Without a document marker there is one document, and no second parse.
func countDocuments(data []byte) int {
	if !hasDocumentMarker(data) {
		return 1
	}
	dec := yamlv2.NewDecoder(bytes.NewReader(data))
	n := 0
	for {
		var v any
		err := dec.Decode(&v)
		if err == io.EOF {
			return n
		}
		if err != nil {
			return n + 1
		}
		if v != nil {
			n++
		}
	}
}

// hasDocumentMarker reports whether a line of data starts with a YAML
// document marker, "---" or "...", followed by a blank or nothing: only
// they separate documents.
func hasDocumentMarker(data []byte) bool {
	for line := range bytes.Lines(data) {
		if !bytes.HasPrefix(line, []byte("---")) && !bytes.HasPrefix(line, []byte("...")) {
			continue
		}
		if rest := line[3:]; len(rest) == 0 || rest[0] == ' ' || rest[0] == '\t' || rest[0] == '\n' || rest[0] == '\r' {
			return true
		}
	}
	return false
}

// componentsType is the one struct whose null fields are an error in
// Decode: a null component is listed but says nothing.
var componentsType = reflect.TypeOf(Components{})

// checkShape compares a decoded JSON value with the Go type it will be
// decoded into, reporting unknown fields and wrong types by path.
// encoding/json alone stops at the first problem and names no path for
// unknown fields. It returns the value without the parts it reported, so
// that the rest can still be decoded and validated; ok is false when
// nothing of v is usable.
func checkShape(c *collector, path string, v any, t reflect.Type) (clean any, ok bool) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if v == nil {
		return nil, true // null is the zero value; validation decides whether it is allowed
	}
	switch t.Kind() {
	case reflect.Struct:
		obj, ok := v.(map[string]any)
		if !ok {
			c.add(pathOrRoot(path), "must be an object, got %s", jsonKind(v))
			return nil, false
		}
		fields := jsonFields(t)
		out := make(map[string]any, len(obj))
		for _, k := range slices.Sorted(maps.Keys(obj)) {
			f, ok := fields[k]
			if !ok {
				known := slices.Sorted(maps.Keys(fields))
				if guess, ok := closest(k, known); ok && strings.EqualFold(guess, k) {
					c.add(join(path, k), "unknown field; did you mean %s? (field names are case-sensitive)", guess)
				} else if ok {
					c.add(join(path, k), "unknown field; did you mean %s?", guess)
				} else {
					c.add(join(path, k), "unknown field (known fields: %s)", strings.Join(known, ", "))
				}
				continue
			}
			if obj[k] == nil && t == componentsType {
				// "optimize:" with its body left out or commented out
				// would otherwise drop the component without a word.
				c.add(join(path, k), "is null; give the component its serviceAccount, or remove the line to leave it out")
				continue
			}
			if value, ok := checkShape(c, join(path, k), obj[k], f.Type); ok {
				out[k] = value
			}
		}
		return out, true
	case reflect.Slice:
		list, ok := v.([]any)
		if !ok {
			c.add(pathOrRoot(path), "must be a list, got %s", jsonKind(v))
			return nil, false
		}
		out := make([]any, 0, len(list))
		for i, e := range list {
			if value, ok := checkShape(c, fmt.Sprintf("%s[%d]", path, i), e, t.Elem()); ok {
				out = append(out, value)
			}
		}
		return out, true
	case reflect.Map:
		obj, ok := v.(map[string]any)
		if !ok {
			c.add(pathOrRoot(path), "must be an object, got %s", jsonKind(v))
			return nil, false
		}
		out := make(map[string]any, len(obj))
		for _, k := range slices.Sorted(maps.Keys(obj)) {
			if value, ok := checkShape(c, join(path, k), obj[k], t.Elem()); ok {
				out[k] = value
			}
		}
		return out, true
	case reflect.String:
		switch x := v.(type) {
		case string:
			return v, true
		case json.Number, bool:
			// An unquoted chart line or accountID: 012345678901 is the
			// usual cause: YAML reads them as numbers (dropping leading
			// zeros).
			c.add(path, "must be a string, got %s; quote the value in YAML", jsonKind(x))
		default:
			c.add(path, "must be a string, got %s", jsonKind(v))
		}
		return nil, false
	case reflect.Int, reflect.Int32, reflect.Int64:
		n, ok := v.(json.Number)
		if !ok {
			c.add(path, "must be an integer, got %s", jsonKind(v))
			return nil, false
		}
		if _, err := n.Int64(); err != nil {
			c.add(path, "must be an integer, got %s", n)
			return nil, false
		}
		return v, true
	case reflect.Bool:
		if _, ok := v.(bool); !ok {
			c.add(path, "must be true or false, got %s", jsonKind(v))
			return nil, false
		}
		return v, true
	}
	return v, true
}

func jsonFields(t reflect.Type) map[string]reflect.StructField {
	out := make(map[string]reflect.StructField, t.NumField())
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if f.Anonymous && tag == "" {
			// encoding/json promotes the fields of an untagged embedded struct.
			for name, inner := range jsonFields(f.Type) {
				out[name] = inner
			}
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if name == "" || name == "-" {
			continue
		}
		out[name] = f
	}
	return out
}

func jsonKind(v any) string {
	switch x := v.(type) {
	case map[string]any:
		return "an object"
	case []any:
		return "a list"
	case string:
		return fmt.Sprintf("string %q", x)
	case json.Number:
		return "number " + x.String()
	case bool:
		return fmt.Sprintf("%t", x)
	default:
		return fmt.Sprintf("%T", v)
	}
}

// join appends a key to a field path. A key holding control characters
// (a newline, above all) is quoted, so that one problem stays one line
// and a key cannot forge further error lines.
func join(path, key string) string {
	if strings.ContainsFunc(key, isControl) {
		key = strconv.Quote(key)
	}
	if path == "" {
		return key
	}
	return path + "." + key
}

// isControl reports control characters and the Unicode line and
// paragraph separators, which some terminals and editors break lines at.
func isControl(r rune) bool {
	return unicode.IsControl(r) || r == '\u2028' || r == '\u2029'
}

func pathOrRoot(path string) string {
	if path == "" {
		return "(top level)"
	}
	return path
}
