package importer

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/camunda-irsa/camunda-irsa/irsa"
	"github.com/camunda-irsa/camunda-irsa/render/helmchart"
)

// DetectLine reads the chart line from the keys of a values file, with
// the chart-line table: a line is out when the values have a top-level
// block it lacks (zeebe, orchestration, camundaHub, a Bitnami subchart
// or database alias) or a feature it lacks
// (orchestration.data.secondaryStorage, optimize.database, Web Modeler's
// database username). Of the lines left, one is preferred whose features
// the values use (its Web Modeler user key) and do not leave out (its
// secondary storage, its Optimize database block); on a tie, the newest.
// The reason says what decided and which other lines fit as well.
func DetectLine(values map[string]any) (irsa.ChartLine, string, error) {
	lines := irsa.ChartLines()
	all, everywhere := map[string]bool{}, map[string]int{}
	for _, l := range lines {
		for k := range blocks(l) {
			all[k] = true
			everywhere[k]++
		}
	}
	// present are the blocks the values set; telling are those that
	// only some lines have, which the reason names.
	var present, telling []string
	for _, k := range slices.Sorted(maps.Keys(values)) {
		if all[k] {
			present = append(present, k)
			if everywhere[k] < len(lines) {
				telling = append(telling, k)
			}
		}
	}
	f := readFeatures(values)
	type candidate struct {
		line  irsa.ChartLine
		score int
	}
	var fits []candidate
	var ruledOut []string
	for _, l := range lines {
		if why := f.excludes(l, present); why != "" {
			ruledOut = append(ruledOut, fmt.Sprintf("%s (%s)", l.Name, why))
			continue
		}
		fits = append(fits, candidate{l, f.score(l)})
	}
	if len(fits) == 0 {
		return irsa.ChartLine{}, "", fmt.Errorf("the values fit no chart line camunda-irsa supports: not %s; pass --chart-line",
			strings.Join(ruledOut, ", not "))
	}
	best := fits[0]
	for _, c := range fits[1:] {
		if c.score >= best.score {
			best = c
		}
	}
	var also []string
	for _, c := range fits {
		if c.line.Name != best.line.Name && c.score == best.score {
			also = append(also, c.line.Name)
		}
	}
	reason := "read from the keys of the values"
	if evidence := append(telling, f.describe()...); len(evidence) > 0 {
		reason += " (" + strings.Join(evidence, ", ") + ")"
	}
	if len(also) > 0 {
		reason += fmt.Sprintf("; %s fits them as well: set the line you run", strings.Join(also, " and "))
	}
	return best.line, reason, nil
}

// blocks are the top-level values blocks of a line: its components', the
// blocks its components override, and its database subcharts'.
func blocks(l irsa.ChartLine) map[string]bool {
	out := map[string]bool{}
	for _, c := range l.Components {
		root, _, _ := strings.Cut(c.Values, ".")
		out[root] = true
	}
	for _, under := range l.OverrideBlocks {
		out[under] = true
	}
	for _, alias := range []string{l.IdentityDatabaseAlias, l.WebModelerDatabaseAlias} {
		if alias != "" {
			out[alias] = true
		}
	}
	return out
}

// features are the keys of a values file that only some lines have.
type features struct {
	secondaryStorage, optimizeDatabase bool
	// orchestration and optimize: the blocks whose features are looked for.
	orchestration, optimize bool
	// webModelerUser is the key naming Web Modeler's database user, if any.
	webModelerUser string
}

func readFeatures(values map[string]any) features {
	var f features
	_, f.orchestration = values["orchestration"]
	_, f.optimize = values["optimize"]
	_, f.secondaryStorage = helmchart.Lookup(values, "orchestration", "data", "secondaryStorage")
	_, f.optimizeDatabase = helmchart.Lookup(values, "optimize", "database")
	for _, block := range []string{"webModeler", "camundaHub"} {
		for _, key := range []string{"username", "user"} {
			if _, ok := helmchart.Lookup(values, block, "restapi", "externalDatabase", key); ok && f.webModelerUser == "" {
				f.webModelerUser = key
			}
		}
	}
	return f
}

// excludes says why the values cannot be for line l, or "".
func (f features) excludes(l irsa.ChartLine, present []string) string {
	have := blocks(l)
	for _, k := range present {
		if !have[k] {
			return "no " + k
		}
	}
	switch {
	case f.secondaryStorage && !l.SecondaryStorage:
		return "no orchestration.data.secondaryStorage"
	case f.optimizeDatabase && !l.OptimizeDatabase:
		return "no optimize.database"
	case f.webModelerUser == "username" && l.WebModelerDatabaseUser != "username":
		return "no restapi.externalDatabase.username"
	}
	return ""
}

// score prefers the lines whose features the values use.
func (f features) score(l irsa.ChartLine) int {
	s := 0
	if f.orchestration && l.SecondaryStorage && !f.secondaryStorage {
		s--
	}
	if f.optimize && l.OptimizeDatabase && !f.optimizeDatabase {
		s--
	}
	if f.webModelerUser != "" && f.webModelerUser == l.WebModelerDatabaseUser {
		s++
	}
	return s
}

// describe names the features the values use.
func (f features) describe() []string {
	var out []string
	if f.secondaryStorage {
		out = append(out, "orchestration.data.secondaryStorage")
	}
	if f.optimizeDatabase {
		out = append(out, "optimize.database")
	}
	if f.webModelerUser != "" {
		out = append(out, "restapi.externalDatabase."+f.webModelerUser)
	}
	return out
}
