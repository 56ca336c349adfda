package main

import (
	"fmt"

	"github.com/camunda-irsa/camunda-irsa/render/helmchart"
)

// mergeBefore folds the user's --values files (passed to Helm before the
// overlay) into the overlay as render --values writes it: their entries
// of the lists the overlay sets are merged with ours by name, since Helm
// would replace the whole list. The warnings say, key by key, what of
// theirs the overlay still overrides: list entries (and flags) whose
// names clash with ours, and every other key the overlay sets to another
// value.
func mergeBefore(overlay map[string]any, before []helmchart.ValuesFile) (merged map[string]any, warnings []string, err error) {
	merged, warnings, err = helmchart.MergeUserLists(overlay, before)
	if err != nil {
		return nil, nil, err
	}
	shadowed, err := helmchart.BeforeOverrides(overlay, before)
	if err != nil {
		return nil, nil, err
	}
	for _, sh := range shadowed {
		warnings = append(warnings, sh.String())
	}
	return merged, warnings, nil
}

func printWarnings(s *streams, warnings []string) {
	for _, w := range warnings {
		fmt.Fprintln(s.err, "warning: "+oneLine(w))
	}
}
