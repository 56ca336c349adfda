package helmchart

import (
	"fmt"
	"maps"
	"slices"

	"helm.sh/helm/v4/pkg/chart/v2/loader"
)

// Override is a key the overlay sets that a --values-after file, passed
// after the overlay, sets to something else.
type Override struct {
	// Path is the overlay's key path.
	Path string
	// File is the after-file whose value Helm ends up with.
	File string
	// Overlay is what the overlay sets; Value is what the chart gets.
	Overlay any
	Value   any
	// Removed is true when the after-file deletes the key (null, or an
	// ancestor replaced by a non-map); the chart then falls back to
	// nothing at all, not even its default.
	Removed bool

	path keyPath
}

// String is the short form attached to failed checks.
func (o Override) String() string { return "key " + o.Path + " set by " + o.File }

// Describe says what the after-file changes.
func (o Override) Describe() string {
	if o.Removed {
		return fmt.Sprintf("%s removes %s (the overlay sets %s)", o.File, o.Path, describe(o.Overlay))
	}
	return fmt.Sprintf("%s sets %s to %s (the overlay sets %s)", o.File, o.Path, describe(o.Value), describe(o.Overlay))
}

// under reports whether the override is at or below path.
func (o Override) under(path keyPath) bool { return o.path.hasPrefix(path) }

// AfterOverrides finds, for every key path the overlay writes, whether the
// files passed after it (helm -f overlay -f after...) end with a different
// value there, and which file decides it. Lists count as one value.
func AfterOverrides(overlay map[string]any, after []ValuesFile) ([]Override, error) {
	files, err := parseFiles(after)
	if err != nil {
		return nil, err
	}
	merged := deepCopyMap(overlay)
	for _, f := range files {
		merged = loader.MergeMaps(merged, f.values)
	}
	var out []Override
	forEachLeaf(overlay, nil, func(path keyPath, ours any) {
		file, _, touched := decidingFile(files, path)
		if !touched {
			return
		}
		final, present := Lookup(merged, path...)
		if present && sameValue(ours, final) {
			return
		}
		// An empty map of ours merged with the file's map keeps nothing of
		// ours to lose.
		if m, ok := ours.(map[string]any); ok && len(m) == 0 {
			if _, isMap := final.(map[string]any); isMap {
				return
			}
		}
		out = append(out, Override{Path: path.String(), File: file, Overlay: ours, Value: final,
			Removed: !present || final == nil, path: path})
	})
	return out, nil
}

// forEachLeaf calls fn for every value of values that is not a non-empty
// map, in key order.
func forEachLeaf(values map[string]any, path keyPath, fn func(keyPath, any)) {
	for _, k := range slices.Sorted(maps.Keys(values)) {
		if m, ok := values[k].(map[string]any); ok && len(m) > 0 {
			forEachLeaf(m, path.child(k), fn)
			continue
		}
		fn(path.child(k), values[k])
	}
}

// Shadowed is a key the overlay sets that a user's --values file, passed
// before the overlay, sets to something else: the overlay's value wins,
// and the user should hear so.
type Shadowed struct {
	// Path is the key path, File the last before-file that sets it.
	Path string
	File string
	// Value is the file's value, Overlay ours, which the chart gets.
	Value   any
	Overlay any
}

func (s Shadowed) String() string {
	return fmt.Sprintf("%s sets %s to %s; camunda-irsa's overlay, passed after it, sets %s, which wins",
		s.File, s.Path, describe(s.Value), describe(s.Overlay))
}

// BeforeOverrides finds every key the overlay sets that the files passed
// before it (helm -f before... -f overlay) set to another value. Lists
// are left out: MergeUserLists merges them and reports its own clashes.
func BeforeOverrides(overlay map[string]any, before []ValuesFile) ([]Shadowed, error) {
	files, err := parseFiles(before)
	if err != nil {
		return nil, err
	}
	return beforeOverrides(overlay, files), nil
}

// beforeOverrides is BeforeOverrides on files already parsed.
func beforeOverrides(overlay map[string]any, files []parsedFile) []Shadowed {
	var out []Shadowed
	forEachLeaf(overlay, nil, func(path keyPath, ours any) {
		if _, isList := ours.([]any); isList {
			return
		}
		if m, ok := ours.(map[string]any); ok && len(m) == 0 {
			return
		}
		file, theirs, touched := decidingFile(files, path)
		if !touched || theirs == nil || sameValue(ours, theirs) {
			return
		}
		out = append(out, Shadowed{Path: path.String(), File: file, Value: theirs, Overlay: ours})
	})
	return out
}

// MergeBefore folds the user's values files, passed to Helm before the
// overlay, into the overlay as render --values writes it, each file read
// once: their entries of the lists the overlay sets are merged with ours
// by name (MergeUserLists), since Helm would replace the whole list. The
// warnings say, key by key, what of theirs the overlay still overrides:
// list entries (and flags) whose names clash with ours, and every other
// key the overlay sets to another value (BeforeOverrides).
func MergeBefore(overlay map[string]any, before []ValuesFile) (merged map[string]any, warnings []string, err error) {
	files, err := parseFiles(before)
	if err != nil {
		return nil, nil, err
	}
	merged, warnings = mergeUserLists(overlay, files)
	for _, sh := range beforeOverrides(overlay, files) {
		warnings = append(warnings, sh.String())
	}
	return merged, warnings, nil
}
