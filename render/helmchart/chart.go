package helmchart

import (
	"fmt"
	"strings"

	chart "helm.sh/helm/v4/pkg/chart/v2"
	"helm.sh/helm/v4/pkg/chart/v2/loader"
	chartutil "helm.sh/helm/v4/pkg/chart/v2/util"
)

// Chart is a loaded Helm chart with its subcharts. It is never modified:
// Helm's dependency processing rewrites the chart it works on, so every
// render works on a private copy.
type Chart struct {
	chart *chart.Chart
	path  string
}

// LoadChart loads a chart from a directory or a packaged .tgz, with its
// dependencies from the charts/ folder, as `helm template PATH` does. A
// dependency declared in Chart.yaml but missing from charts/ is an error,
// as it is for Helm (run `helm dependency build` on the chart first).
func LoadChart(path string) (*Chart, error) {
	c, err := loader.Load(path)
	if err != nil {
		return nil, fmt.Errorf("loading chart %s: %w", path, err)
	}
	if err := checkChart(c); err != nil {
		return nil, fmt.Errorf("chart %s: %w", path, err)
	}
	return &Chart{chart: c, path: path}, nil
}

// checkChart refuses what `helm template` refuses before rendering, beyond
// what the loader already validates.
func checkChart(c *chart.Chart) error {
	if c.Metadata.Type != "" && c.Metadata.Type != "application" {
		return fmt.Errorf("chart type %q cannot be rendered; only application charts can", c.Metadata.Type)
	}
	return checkDependencies(c)
}

// checkDependencies does what action.CheckDependencies does, with Helm's
// message: every dependency Chart.yaml declares must be in charts/, by
// name. Helm's is not called because importing pkg/action links the rest
// of Helm (cluster client, release storage drivers, registry client,
// plugin runtimes) into every program that renders: about 500 more
// packages, 26 MB more binary and some 5-10 ms more start-up for every
// command of the CLI, for these fifteen lines. A test holds the two equal.
func checkDependencies(c *chart.Chart) error {
	present := map[string]bool{}
	for _, sub := range c.Dependencies() {
		present[sub.Name()] = true
	}
	var missing []string
	for _, d := range c.Metadata.Dependencies {
		if !present[d.Name] {
			missing = append(missing, d.Name)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("found in Chart.yaml, but missing in charts/ directory: %s", strings.Join(missing, ", "))
	}
	return nil
}

// subchart finds the loaded chart a Chart.yaml dependency refers to, by
// name and version constraint, as Helm's dependency processing does (a
// subchart whose version does not match is left out of the render).
func subchart(c *chart.Chart, d *chart.Dependency) *chart.Chart {
	for _, sub := range c.Dependencies() {
		if sub.Name() == d.Name && chartutil.IsCompatibleRange(d.Version, sub.Metadata.Version) {
			return sub
		}
	}
	return nil
}

// Name is the chart's name from Chart.yaml.
func (c *Chart) Name() string { return c.chart.Name() }

// Version is the chart's version from Chart.yaml.
func (c *Chart) Version() string { return c.chart.Metadata.Version }

// Path is where the chart was loaded from.
func (c *Chart) Path() string { return c.path }

// HasSchema reports whether the chart or one of its subcharts ships a
// values.schema.json.
func (c *Chart) HasSchema() bool { return hasSchema(c.chart) }

func hasSchema(c *chart.Chart) bool {
	if len(c.Schema) > 0 {
		return true
	}
	for _, d := range c.Dependencies() {
		if hasSchema(d) {
			return true
		}
	}
	return false
}

// helmChart returns a private copy of the Helm chart, safe to hand to
// Helm's functions that rewrite dependencies, dependency metadata and
// values in place.
func (c *Chart) helmChart() *chart.Chart { return cloneChart(c.chart) }

func cloneChart(c *chart.Chart) *chart.Chart {
	out := *c
	if c.Metadata != nil {
		md := *c.Metadata
		md.Dependencies = make([]*chart.Dependency, len(c.Metadata.Dependencies))
		for i, d := range c.Metadata.Dependencies {
			dc := *d
			md.Dependencies[i] = &dc
		}
		out.Metadata = &md
	}
	out.Values = deepCopyMap(c.Values)
	deps := make([]*chart.Chart, len(c.Dependencies()))
	for i, d := range c.Dependencies() {
		deps[i] = cloneChart(d)
	}
	// SetDependencies also points every copied subchart at the copy as its
	// parent, which Helm's processing relies on.
	out.SetDependencies(deps...)
	return &out
}
