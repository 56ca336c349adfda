package helmchart

import (
	"fmt"
	"strings"

	"github.com/Masterminds/semver/v3"

	"github.com/camunda-irsa/camunda-irsa/irsa"
)

// ChartName is the name of Camunda's chart in its Chart.yaml.
const ChartName = "camunda-platform"

// MismatchReason says how a chart fails to be one of a line's charts.
type MismatchReason int

const (
	// NotCamundaChart: the chart is not camunda-platform.
	NotCamundaChart MismatchReason = iota + 1
	// OtherLine: the chart belongs to another line, or to none that is
	// supported.
	OtherLine
	// OlderThanSupported: the chart is of the line, but older than its
	// MinChartVersion.
	OlderThanSupported
)

// ChartMismatch is a chart that is not one of the chart line's: the
// overlay, written for the line, would not do what it should there.
type ChartMismatch struct {
	Reason MismatchReason
	// Path is where the chart was loaded from.
	Path string
	// Chart and Version are the chart's name and version from Chart.yaml.
	Chart, Version string
	// Line is the line the overlay was written for (the topology's).
	Line irsa.ChartLine
	// ChartLine is the line that ships the chart's major version, for
	// OtherLine; its Name is empty when no supported line does.
	ChartLine irsa.ChartLine
}

func (e *ChartMismatch) Error() string {
	switch e.Reason {
	case NotCamundaChart:
		return fmt.Sprintf("the chart at %s is %s %s, not %s; pass Camunda's chart (helm pull camunda/%s --version %s --untar)",
			e.Path, e.Chart, e.Version, ChartName, ChartName, e.Line.ChartVersions)
	case OlderThanSupported:
		return fmt.Sprintf("the chart at %s is %s %s, older than %s, the oldest chart of line %s that camunda-irsa supports: "+
			"older charts of the line demand a Web Modeler database password, which the overlay does not write (IAM authentication needs none); "+
			"pass chart %s or later of %s",
			e.Path, e.Chart, e.Version, e.Line.MinChartVersion, e.Line.Name, e.Line.MinChartVersion, e.Line.ChartVersions)
	default:
		is := fmt.Sprintf("%s %s (line %s)", e.Chart, e.Version, e.ChartLine.Name)
		fix := fmt.Sprintf("set chart: %q in the topology or pass a %s chart", e.ChartLine.Name, e.Line.ChartVersions)
		if e.ChartLine.Name == "" {
			is = fmt.Sprintf("%s %s, which no supported chart line ships (%s)", e.Chart, e.Version, supportedCharts())
			fix = fmt.Sprintf("pass a %s chart", e.Line.ChartVersions)
		}
		return fmt.Sprintf("topology is for chart line %s (chart %s) but the chart at %s is %s; %s",
			e.Line.Name, e.Line.ChartVersions, e.Path, is, fix)
	}
}

// supportedCharts lists every line with its charts, "<line>: <versions>".
func supportedCharts() string {
	var parts []string
	for _, l := range irsa.ChartLines() {
		parts = append(parts, l.Name+": "+l.ChartVersions)
	}
	return strings.Join(parts, ", ")
}

// CheckChartLine checks that the chart is Camunda's chart of the line (its
// major version is the line's ChartMajor) and no older than the line's
// MinChartVersion. It returns a *ChartMismatch, or nil.
func CheckChartLine(c *Chart, line irsa.ChartLine) error {
	mismatch := &ChartMismatch{Path: c.Path(), Chart: c.Name(), Version: c.Version(), Line: line}
	if c.Name() != ChartName {
		mismatch.Reason = NotCamundaChart
		return mismatch
	}
	// Helm's loader has already refused a version that is not SemVer.
	v, err := semver.NewVersion(c.Version())
	if err != nil {
		return fmt.Errorf("chart %s: version %q: %w", c.Path(), c.Version(), err)
	}
	if v.Major() != uint64(line.ChartMajor) {
		mismatch.Reason = OtherLine
		for _, l := range irsa.ChartLines() {
			if uint64(l.ChartMajor) == v.Major() {
				mismatch.ChartLine = l
			}
		}
		return mismatch
	}
	minimum, err := semver.NewVersion(line.MinChartVersion)
	if err != nil {
		return fmt.Errorf("chart line %s: MinChartVersion %q: %w", line.Name, line.MinChartVersion, err)
	}
	if v.LessThan(minimum) {
		mismatch.Reason = OlderThanSupported
		return mismatch
	}
	return nil
}
