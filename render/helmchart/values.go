package helmchart

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"

	"github.com/camunda-irsa/camunda-irsa/internal/jsonenc"
	"helm.sh/helm/v4/pkg/chart/v2/loader"
)

// ValuesFile is one Helm values file: its name, used in every message
// about it, and its content.
type ValuesFile struct {
	Name string
	Data []byte
}

// ParseValues decodes a values file the way `helm -f` does, with Helm's
// own reader: every YAML document of the file, merged in order, numbers as
// float64 exactly as Helm sees them. An empty file is an empty map.
func ParseValues(f ValuesFile) (map[string]any, error) {
	out, err := loader.LoadValues(bytes.NewReader(f.Data))
	if err != nil {
		return nil, fmt.Errorf("parsing values file %s: %w", f.Name, err)
	}
	return out, nil
}

// MergeValues merges values files in command-line order exactly as
// `helm install -f a -f b` does before chart defaults are applied: later
// maps are merged into earlier ones key by key, and anything that is not
// a map on both sides (lists included) is replaced whole by the later
// file. A null in a later file is kept so that coalescing with the chart
// removes the default, as Helm does.
func MergeValues(files ...ValuesFile) (map[string]any, error) {
	parsed, err := parseFiles(files)
	if err != nil {
		return nil, err
	}
	return mergeParsed(parsed), nil
}

// mergeParsed is MergeValues on files already parsed.
func mergeParsed(files []parsedFile) map[string]any {
	base := map[string]any{}
	for _, f := range files {
		base = loader.MergeMaps(base, f.values)
	}
	return base
}

// keyPath is a path of keys into a values tree.
type keyPath []string

// String renders the path the way `helm --set` spells it, escaping dots
// inside keys (annotations.eks\.amazonaws\.com/role-arn), so a reported
// path can be pasted back into a --set flag.
func (p keyPath) String() string {
	parts := make([]string, len(p))
	for i, k := range p {
		parts[i] = strings.ReplaceAll(k, ".", `\.`)
	}
	return strings.Join(parts, ".")
}

func (p keyPath) child(k string) keyPath {
	out := make(keyPath, len(p), len(p)+1)
	copy(out, p)
	return append(out, k)
}

// hasPrefix reports whether p is q or lies below q.
func (p keyPath) hasPrefix(q keyPath) bool {
	if len(q) > len(p) {
		return false
	}
	for i := range q {
		if p[i] != q[i] {
			return false
		}
	}
	return true
}

// parseKeyPath splits a dotted path written without escapes; it is only
// used for the fixed paths of the component table.
func parseKeyPath(s string) keyPath { return strings.Split(s, ".") }

// Lookup returns the value of values (decoded YAML or JSON) at the key
// path and whether every key on the way exists.
func Lookup(values any, path ...string) (any, bool) {
	cur := values
	for _, k := range path {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = m[k]; !ok {
			return nil, false
		}
	}
	return cur, true
}

// deepCopy copies a decoded YAML/JSON tree so that Helm's in-place
// coalescing never reaches a caller's map.
func deepCopy(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = deepCopy(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = deepCopy(e)
		}
		return out
	default:
		return v
	}
}

func deepCopyMap(m map[string]any) map[string]any {
	if m == nil {
		return nil
	}
	return deepCopy(m).(map[string]any)
}

// sameValue compares two decoded values, treating numbers by value so an
// int from Go code equals the float64 Helm decodes from YAML.
func sameValue(a, b any) bool {
	if fa, ok := toFloat(a); ok {
		fb, ok := toFloat(b)
		return ok && fa == fb
	}
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, e := range x {
			f, ok := y[k]
			if !ok || !sameValue(e, f) {
				return false
			}
		}
		return true
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !sameValue(x[i], y[i]) {
				return false
			}
		}
		return true
	default:
		return reflect.DeepEqual(a, b)
	}
}

func toFloat(v any) (float64, bool) {
	switch n := v.(type) {
	case float64:
		return n, true
	case float32:
		return float64(n), true
	case int:
		return float64(n), true
	case int64:
		return float64(n), true
	case int32:
		return float64(n), true
	default:
		return 0, false
	}
}

// describe renders a value for a message: strings quoted, maps and lists
// as compact JSON, other scalars as Go prints them.
func describe(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return fmt.Sprintf("%q", x)
	case map[string]any, []any:
		b, err := jsonenc.Encode(x, "")
		if err != nil {
			return fmt.Sprint(x)
		}
		return string(b)
	default:
		return fmt.Sprint(x)
	}
}
