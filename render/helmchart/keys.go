package helmchart

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	chart "helm.sh/helm/v4/pkg/chart/v2"
)

// KeyError is a key path the overlay writes that the chart's values do not
// have. Helm ignores such a key silently, so the setting never takes
// effect.
type KeyError struct {
	Path   string
	Reason string
}

func (e KeyError) Error() string { return e.Path + ": " + e.Reason }

// KeyErrors is every unknown key of one overlay, in key order.
type KeyErrors []KeyError

func (e KeyErrors) Error() string {
	lines := make([]string, len(e))
	for i, ke := range e {
		lines[i] = "  " + ke.Error()
	}
	return "the overlay writes keys the chart does not have:\n" + strings.Join(lines, "\n")
}

// CheckKeys checks that every key path of overlay exists in the chart's
// own values: its values.yaml plus each subchart's values.yaml under the
// subchart's alias (identityKeycloak.* is the keycloak subchart), whether
// or not the subchart is enabled. Keys under a map whose default is empty
// (annotations: {}, initScripts: {}) or null are free-form, and a list is
// checked as a whole. overrides are blocks the chart deep-merges over
// others, by top-level key (camundaHub over webModeler): a key under the
// first is known when the second has it. It returns KeyErrors, or nil.
func CheckKeys(c *Chart, overlay map[string]any, overrides map[string]string) error {
	var errs KeyErrors
	known := knownValues(c.chart)
	for over, under := range overrides {
		if m, ok := unionTree(known[over], known[under]).(map[string]any); ok {
			known[over] = m
		}
	}
	checkKeys(overlay, known, nil, &errs)
	if len(errs) == 0 {
		return nil
	}
	return errs
}

func checkKeys(overlay, known map[string]any, path keyPath, errs *KeyErrors) {
	for _, k := range slices.Sorted(maps.Keys(overlay)) {
		p := path.child(k)
		def, ok := known[k]
		if !ok {
			*errs = append(*errs, KeyError{Path: p.String(), Reason: unknownReason(known, k)})
			continue
		}
		sub, isMap := overlay[k].(map[string]any)
		if !isMap || len(sub) == 0 {
			continue
		}
		switch d := def.(type) {
		case nil:
			// A null default documents the key without its shape.
		case map[string]any:
			if len(d) > 0 {
				checkKeys(sub, d, p, errs)
			}
		case []any:
			*errs = append(*errs, KeyError{Path: p.String(), Reason: "is a list in the chart, not a map"})
		default:
			*errs = append(*errs, KeyError{Path: p.String(),
				Reason: fmt.Sprintf("is a single value in the chart (default %s), not a map", describe(d))})
		}
	}
}

// unknownReason points at a key that differs only in case, the usual
// cause (serviceaccount for serviceAccount).
func unknownReason(known map[string]any, k string) string {
	for _, other := range slices.Sorted(maps.Keys(known)) {
		if strings.EqualFold(other, k) {
			return fmt.Sprintf("not in the chart's values (did you mean %s?)", other)
		}
	}
	return "not in the chart's values"
}

// knownValues is the tree of every key the chart knows: its own values
// with each subchart's known values merged in under the subchart's alias,
// and subcharts' globals merged into global.
func knownValues(c *chart.Chart) map[string]any {
	known := deepCopyMap(c.Values)
	if known == nil {
		known = map[string]any{}
	}
	for _, sub := range c.Dependencies() {
		subKnown := knownValues(sub)
		for _, key := range dependencyKeys(c, sub) {
			known[key] = unionTree(known[key], subKnown)
		}
		if g, ok := subKnown["global"]; ok {
			known["global"] = unionTree(known["global"], g)
		}
	}
	return known
}

// dependencyKeys are the keys a subchart's values live under: the alias
// of every Chart.yaml entry that names it (a chart can be included twice
// under two aliases), or its name when Chart.yaml does not declare it.
func dependencyKeys(c *chart.Chart, sub *chart.Chart) []string {
	var keys []string
	for _, d := range c.Metadata.Dependencies {
		if subchart(c, d) != sub {
			continue
		}
		if d.Alias != "" {
			keys = append(keys, d.Alias)
		} else {
			keys = append(keys, d.Name)
		}
	}
	if len(keys) == 0 {
		keys = []string{sub.Name()}
	}
	return keys
}

// unionTree merges two known-values trees: maps are united key by key;
// otherwise the parent chart's value stands, unless it is absent or null.
func unionTree(parent, sub any) any {
	pm, pok := parent.(map[string]any)
	sm, sok := sub.(map[string]any)
	switch {
	case pok && sok:
		out := deepCopyMap(pm)
		for k, v := range sm {
			out[k] = unionTree(out[k], v)
		}
		return out
	case parent == nil:
		return deepCopy(sub)
	default:
		return parent
	}
}
