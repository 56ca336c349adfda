package helmchart

import (
	"fmt"
	"maps"
	"slices"
)

// parsedFile is a values file decoded once for the list and override
// analyses.
type parsedFile struct {
	name   string
	values map[string]any
}

func parseFiles(files []ValuesFile) ([]parsedFile, error) {
	out := make([]parsedFile, 0, len(files))
	for _, f := range files {
		v, err := ParseValues(f)
		if err != nil {
			return nil, err
		}
		out = append(out, parsedFile{name: f.Name, values: v})
	}
	return out, nil
}

// touchedAt reports whether a values file decides the value at path when
// merged after others (Helm's -f semantics): it does if it sets the path
// itself, or sets one of its ancestors to something other than a map,
// which replaces everything below. The value is what the file leaves at
// path (nil when an ancestor replaced it).
func touchedAt(values map[string]any, path keyPath) (any, bool) {
	cur := values
	for i, k := range path {
		v, ok := cur[k]
		if !ok {
			return nil, false
		}
		if i == len(path)-1 {
			return v, true
		}
		m, ok := v.(map[string]any)
		if !ok {
			return nil, true
		}
		cur = m
	}
	return nil, false
}

// decidingFile is the last of files that touches path, whose value is
// the one Helm ends up with there, and that value.
func decidingFile(files []parsedFile, path keyPath) (name string, value any, ok bool) {
	for _, f := range files {
		if v, touched := touchedAt(f.values, path); touched {
			name, value, ok = f.name, v, true
		}
	}
	return name, value, ok
}

// forEachList calls fn for every list in values, in key order, with its
// path. fn returns the list to keep at that path.
func forEachList(values map[string]any, path keyPath, fn func(keyPath, []any) []any) {
	for _, k := range slices.Sorted(maps.Keys(values)) {
		switch v := values[k].(type) {
		case map[string]any:
			forEachList(v, path.child(k), fn)
		case []any:
			values[k] = fn(path.child(k), v)
		}
	}
}

// entryName is the name of a list item that is an object with a name
// (an env var, a volume mount), or "".
func entryName(item any) string {
	m, ok := item.(map[string]any)
	if !ok {
		return ""
	}
	name, _ := m["name"].(string)
	return name
}

// isNamedList reports whether every item of a non-empty list is an object
// with a name, the lists Kubernetes itself merges by name.
func isNamedList(list []any) bool {
	for _, item := range list {
		if entryName(item) == "" {
			return false
		}
	}
	return len(list) > 0
}

func indexByName(list []any) map[string]any {
	out := make(map[string]any, len(list))
	for _, item := range list {
		out[entryName(item)] = item
	}
	return out
}

// MergeUserLists returns a copy of overlay in which every list of named
// objects (env, extraEnvVars, extraVolumeMounts) also holds the entries
// the user's --values files (before) put at the same key path: Helm
// replaces lists whole, so without this the user's entries would be
// silently dropped. The user's entries come first, in their order, then
// ours; on a name clash ours wins and a warning names the file, the key
// path and the entry. A before file that cannot be parsed is skipped with
// a warning (rendering reports the parse error itself).
func MergeUserLists(overlay map[string]any, before []ValuesFile) (merged map[string]any, warnings []string) {
	var files []parsedFile
	for _, f := range before {
		v, err := ParseValues(f)
		if err != nil {
			warnings = append(warnings, fmt.Sprintf("%s: not merged into the overlay's lists: %v", f.Name, err))
			continue
		}
		files = append(files, parsedFile{name: f.Name, values: v})
	}
	merged = deepCopyMap(overlay)
	forEachList(merged, nil, func(path keyPath, ours []any) []any {
		if !isNamedList(ours) {
			return ours
		}
		file, value, ok := decidingFile(files, path)
		theirs, isList := value.([]any)
		if !ok || !isList {
			return ours
		}
		out, clashes := mergeNamed(ours, theirs)
		for _, name := range clashes {
			warnings = append(warnings, fmt.Sprintf("%s: %s: entry %q is also set by camunda-irsa; ours wins", file, path, name))
		}
		return out
	})
	return merged, warnings
}

// mergeNamed puts their entries before ours, leaving out theirs whose
// name ours already has, and names those that differed.
func mergeNamed(ours, theirs []any) (merged []any, clashes []string) {
	byName := indexByName(ours)
	for _, item := range theirs {
		name := entryName(item)
		if mine, ok := byName[name]; ok && name != "" {
			if !sameValue(mine, item) {
				clashes = append(clashes, name)
			}
			continue
		}
		merged = append(merged, deepCopy(item))
	}
	return append(merged, ours...), clashes
}

// LostEntry is a list entry of a user's --values file that the overlay's
// list at the same key path replaces.
type LostEntry struct {
	File string
	Path string
	// Entry is the entry's name, or its value when the list's items have
	// no names.
	Entry string
	// Replaced is true when the overlay has an entry of the same name with
	// a different value; false when the entry is gone entirely.
	Replaced bool
}

func (l LostEntry) String() string {
	if l.Replaced {
		return fmt.Sprintf("%s: %s entry %s is replaced by camunda-irsa's entry of that name", l.File, l.Path, l.Entry)
	}
	return fmt.Sprintf("%s: %s entry %s is dropped: Helm replaces the whole list with the overlay's", l.File, l.Path, l.Entry)
}

// LostListEntries names every list entry of the before files that will not
// reach the chart because the overlay, passed after them, sets a list at
// the same key path. Run on an overlay from MergeUserLists it only finds
// the entries whose names clash with ours.
func LostListEntries(overlay map[string]any, before []ValuesFile) ([]LostEntry, error) {
	files, err := parseFiles(before)
	if err != nil {
		return nil, err
	}
	var lost []LostEntry
	forEachList(deepCopyMap(overlay), nil, func(path keyPath, ours []any) []any {
		file, value, ok := decidingFile(files, path)
		theirs, isList := value.([]any)
		if ok && isList {
			lost = append(lost, lostEntries(file, path, ours, theirs)...)
		}
		return ours
	})
	return lost, nil
}

func lostEntries(file string, path keyPath, ours, theirs []any) []LostEntry {
	var out []LostEntry
	named := isNamedList(ours)
	byName := indexByName(ours)
	for _, item := range theirs {
		name := entryName(item)
		if named && name != "" {
			if mine, ok := byName[name]; ok {
				if !sameValue(mine, item) {
					out = append(out, LostEntry{File: file, Path: path.String(), Entry: fmt.Sprintf("%q", name), Replaced: true})
				}
				continue
			}
			out = append(out, LostEntry{File: file, Path: path.String(), Entry: fmt.Sprintf("%q", name)})
			continue
		}
		if !containsValue(ours, item) {
			label := describe(item)
			if name != "" {
				label = fmt.Sprintf("%q", name)
			}
			out = append(out, LostEntry{File: file, Path: path.String(), Entry: label})
		}
	}
	return out
}

func containsValue(list []any, v any) bool {
	for _, item := range list {
		if sameValue(item, v) {
			return true
		}
	}
	return false
}
