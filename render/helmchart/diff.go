package helmchart

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"helm.sh/helm/v4/pkg/chart/v2/loader"
)

// ChangeKind says how the overlay changes a key.
type ChangeKind string

// The kinds of change, as their diff line starts.
const (
	Added   ChangeKind = "+"
	Changed ChangeKind = "~"
	Removed ChangeKind = "-"
)

// Change is one key whose value differs between the user's values alone
// and the user's values with the overlay on top.
type Change struct {
	Kind ChangeKind
	// Path is the key path as --set spells it; an entry of a named list
	// is [its name]: identity.env[SPRING_DATASOURCE_URL].value.
	Path string
	// Old is the value in the user's files (Added: none), New the value
	// with the overlay (Removed: none).
	Old, New any
}

// String is the change's diff line: "+ key: value", "~ key: old -> new"
// or "- key: old".
func (c Change) String() string {
	switch c.Kind {
	case Added:
		return fmt.Sprintf("+ %s: %s", c.Path, describe(c.New))
	case Removed:
		return fmt.Sprintf("- %s: %s", c.Path, describe(c.Old))
	default:
		return fmt.Sprintf("~ %s: %s -> %s", c.Path, describe(c.Old), describe(c.New))
	}
}

// Diff compares the user's values files, merged as helm -f merges them,
// with the same files plus the overlay passed after them, its lists
// merged with theirs as MergeUserLists does (as render --values writes
// it). It returns one change per key that differs, sorted by key path;
// entries of named lists are compared by name, field by field, and other
// lists as one value.
func Diff(before []ValuesFile, overlay map[string]any) ([]Change, error) {
	files, err := parseFiles(before)
	if err != nil {
		return nil, err
	}
	user := mergeParsed(files)
	merged, _ := mergeUserLists(overlay, files)
	with := loader.MergeMaps(deepCopyMap(user), merged)
	old, now := map[string]any{}, map[string]any{}
	flattenValues(user, "", old)
	flattenValues(with, "", now)
	var out []Change
	for _, path := range slices.Sorted(maps.Keys(now)) {
		prev, had := old[path]
		switch {
		case !had:
			out = append(out, Change{Kind: Added, Path: path, New: now[path]})
		case !sameValue(prev, now[path]):
			out = append(out, Change{Kind: Changed, Path: path, Old: prev, New: now[path]})
		}
	}
	for _, path := range slices.Sorted(maps.Keys(old)) {
		if _, ok := now[path]; !ok {
			out = append(out, Change{Kind: Removed, Path: path, Old: old[path]})
		}
	}
	slices.SortStableFunc(out, func(a, b Change) int { return strings.Compare(a.Path, b.Path) })
	return out, nil
}

// flattenValues records every leaf of v under its path: maps key by key (an
// empty map is a leaf), named lists entry by entry, other lists whole.
func flattenValues(v any, path string, out map[string]any) {
	switch x := v.(type) {
	case map[string]any:
		if len(x) == 0 {
			out[path] = x
			return
		}
		for k, e := range x {
			child := keyPath{k}.String()
			if path != "" {
				child = path + "." + child
			}
			flattenValues(e, child, out)
		}
	case []any:
		if !isNamedList(x) {
			out[path] = x
			return
		}
		for _, item := range x {
			field, name := entryKey(item)
			entry := path + "[" + name + "]"
			// The field that names the entry is in its path already.
			rest := maps.Clone(item.(map[string]any))
			delete(rest, field)
			if len(rest) == 0 {
				out[entry] = item
				continue
			}
			flattenValues(rest, entry, out)
		}
	default:
		out[path] = v
	}
}
