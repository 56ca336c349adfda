package helmchart

import (
	"fmt"
	"maps"
	"slices"
	"strings"
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

// entryName is the key of a list item that is an object with a name (an
// env var, a volume mount) or a file (an extraConfiguration entry), or
// "".
func entryName(item any) string {
	_, name := entryKey(item)
	return name
}

// entryKey is entryName with the field it was read from, "name" or
// "file", so that Diff can leave that field out of the entry's path.
func entryKey(item any) (field, name string) {
	m, ok := item.(map[string]any)
	if !ok {
		return "", ""
	}
	for _, field := range []string{"name", "file"} {
		if name, _ := m[field].(string); name != "" {
			return field, name
		}
	}
	return "", ""
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
// objects (env, extraEnvVars, extraVolumeMounts, extraConfiguration) also
// holds the entries the user's --values files (before) put at the same
// key path: Helm replaces lists whole, so without this the user's entries
// would be silently dropped. The user's entries come first, in their
// order, then ours. On a name clash ours wins, except that the flags of
// an entry holding command-line flags (KEYCLOAK_EXTRA_ARGS) are merged:
// ours, then the user's others. Every value of the user's that is dropped
// is a warning naming the file, the key path, what was kept and what was
// dropped. A before file that is not valid YAML is an error.
func MergeUserLists(overlay map[string]any, before []ValuesFile) (merged map[string]any, warnings []string, err error) {
	files, err := parseFiles(before)
	if err != nil {
		return nil, nil, err
	}
	merged, warnings = mergeUserLists(overlay, files)
	return merged, warnings, nil
}

// mergeUserLists is MergeUserLists on files already parsed.
func mergeUserLists(overlay map[string]any, files []parsedFile) (merged map[string]any, warnings []string) {
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
		out, dropped := mergeNamed(ours, theirs)
		for _, d := range dropped {
			warnings = append(warnings, fmt.Sprintf("%s: %s: %s", file, path, d))
		}
		return out
	})
	return merged, warnings
}

// mergeNamed puts their entries before ours, leaving out theirs whose
// name ours already has (merging flag entries), and says what of theirs
// was dropped.
func mergeNamed(ours, theirs []any) (merged []any, dropped []string) {
	byName := indexByName(ours)
	out := make([]any, 0, len(ours)+len(theirs))
	replaced := map[string]any{}
	for _, item := range theirs {
		name := entryName(item)
		mine, clash := byName[name]
		if !clash || name == "" {
			out = append(out, deepCopy(item))
			continue
		}
		if combined, lost, ok := mergeFlagEntries(mine, item); ok {
			replaced[name] = combined
			for _, l := range lost {
				dropped = append(dropped, fmt.Sprintf("%s: kept camunda-irsa's %s, dropped yours %s; your other flags are kept", name, l.ours, l.theirs))
			}
			continue
		}
		if !sameValue(mine, item) {
			dropped = append(dropped, fmt.Sprintf("%s: kept camunda-irsa's %s, dropped yours %s", name, entryValue(mine), entryValue(item)))
		}
	}
	for _, item := range ours {
		if combined, ok := replaced[entryName(item)]; ok {
			item = combined
		}
		out = append(out, item)
	}
	return out, dropped
}

// entryValue describes a list entry without its name: the value of an
// env var, else the entry's other fields as JSON.
func entryValue(item any) string {
	m, ok := item.(map[string]any)
	if !ok {
		return describe(item)
	}
	rest := make(map[string]any, len(m))
	for k, v := range m {
		if k != "name" && k != "file" {
			rest[k] = v
		}
	}
	if v, ok := rest["value"]; ok && len(rest) == 1 {
		return "value " + describe(v)
	}
	return describe(rest)
}

// flagVars are the env vars whose value is a list of command-line flags
// that the program reads word by word: the Bitnami Keycloak image appends
// KEYCLOAK_EXTRA_ARGS to kc.sh unquoted.
var flagVars = map[string]bool{"KEYCLOAK_EXTRA_ARGS": true}

// flag is one command-line flag of a flag list: --name=value, or --name
// and the word after it that is not a flag itself.
type flag struct{ name, text string }

func parseFlags(s string) []flag {
	var out []flag
	open := false // the last flag has no value yet and may take the next word
	for _, w := range strings.Fields(s) {
		if open && !strings.HasPrefix(w, "-") {
			out[len(out)-1].text += " " + w
			open = false
			continue
		}
		name, _, hasValue := strings.Cut(w, "=")
		out = append(out, flag{name: name, text: w})
		open = strings.HasPrefix(w, "-") && !hasValue
	}
	return out
}

// flagClash is a flag both lists set to different values.
type flagClash struct{ ours, theirs string }

// mergeFlagEntries merges two env entries of a flag variable: our flags,
// then theirs that name other flags. ok is false for other entries.
func mergeFlagEntries(mine, theirs any) (merged any, lost []flagClash, ok bool) {
	m, _ := mine.(map[string]any)
	t, _ := theirs.(map[string]any)
	name, _ := m["name"].(string)
	ourValue, ok1 := m["value"].(string)
	theirValue, ok2 := t["value"].(string)
	if !flagVars[name] || !ok1 || !ok2 || len(m) != 2 || len(t) != 2 {
		return nil, nil, false
	}
	ours := parseFlags(ourValue)
	have := map[string]string{}
	words := make([]string, 0, len(ours))
	for _, f := range ours {
		have[f.name] = f.text
		words = append(words, f.text)
	}
	for _, f := range parseFlags(theirValue) {
		mineText, clash := have[f.name]
		switch {
		case !clash:
			have[f.name] = f.text
			words = append(words, f.text)
		case mineText != f.text:
			lost = append(lost, flagClash{ours: mineText, theirs: f.text})
		}
	}
	return map[string]any{"name": name, "value": strings.Join(words, " ")}, lost, true
}

// keptIn reports whether the chart gets their entry as it is: an equal
// entry, or, for a flag variable, one holding every flag of theirs.
func keptIn(mine, theirs any) bool {
	if sameValue(mine, theirs) {
		return true
	}
	_, lost, ok := mergeFlagEntries(mine, theirs)
	if !ok || len(lost) > 0 {
		return false
	}
	got := map[string]bool{}
	for _, f := range parseFlags(mine.(map[string]any)["value"].(string)) {
		got[f.text] = true
	}
	for _, f := range parseFlags(theirs.(map[string]any)["value"].(string)) {
		if !got[f.text] {
			return false
		}
	}
	return true
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
	// Kept and Dropped describe the values of a replaced entry: ours,
	// which the chart gets, and theirs.
	Kept, Dropped string
}

func (l LostEntry) String() string {
	if l.Replaced {
		return fmt.Sprintf("%s: %s entry %s is replaced by camunda-irsa's: kept %s, dropped %s", l.File, l.Path, l.Entry, l.Kept, l.Dropped)
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
				if !keptIn(mine, item) {
					out = append(out, LostEntry{File: file, Path: path.String(), Entry: fmt.Sprintf("%q", name), Replaced: true,
						Kept: entryValue(mine), Dropped: entryValue(item)})
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
