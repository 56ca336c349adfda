package helmchart

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"helm.sh/helm/v4/pkg/chart/common"
	commonutil "helm.sh/helm/v4/pkg/chart/common/util"
	chart "helm.sh/helm/v4/pkg/chart/v2"
	chartutil "helm.sh/helm/v4/pkg/chart/v2/util"
	"helm.sh/helm/v4/pkg/engine"
	releaseutil "helm.sh/helm/v4/pkg/release/v1/util"
	"sigs.k8s.io/yaml"

	"github.com/camunda-irsa/camunda-irsa/irsa"
)

// DefaultReleaseName is the release name used when Options leaves it
// empty; Camunda's guides install the chart as "camunda".
const DefaultReleaseName = "camunda"

// Input is the values of one render in the order the user's `helm
// install` will pass them: their --values files, our overlay, then their
// --values-after files.
type Input struct {
	Before  []ValuesFile
	Overlay ValuesFile
	After   []ValuesFile
}

// Files lists the values files in Helm's -f order.
func (in Input) Files() []ValuesFile {
	files := make([]ValuesFile, 0, len(in.Before)+1+len(in.After))
	files = append(files, in.Before...)
	files = append(files, in.Overlay)
	return append(files, in.After...)
}

// Options are the release settings of a render. No cluster is contacted:
// capabilities are Helm's defaults, as for `helm template`.
//
// OptionsFor gives the options a plan renders with: the plan's namespace,
// chart line and override blocks. Change Namespace to render for another
// namespace (helm -n); Verify then reports that the plan's roles do not
// trust service accounts there.
type Options struct {
	// ReleaseName defaults to DefaultReleaseName.
	ReleaseName string
	// Namespace is the release namespace (helm -n). It is required: the
	// plan's roles trust the service accounts of one namespace, so no
	// default (Helm's is "default") can be right. OptionsFor sets the
	// plan's.
	Namespace string
	// KubeVersion overrides the default capabilities' Kubernetes version
	// (helm template --kube-version), e.g. "v1.31.0".
	KubeVersion string
	// OverrideBlocks are the values blocks the chart merges over others
	// (irsa.ChartLine.OverrideBlocks), for the key check.
	OverrideBlocks map[string]string
	// Line is the chart line the overlay was written for. When it is set
	// (OptionsFor sets it), Render first checks the chart against it
	// (CheckChartLine); the zero value checks nothing.
	Line irsa.ChartLine
}

// OptionsFor returns the options to render the chart for a plan: the
// plan's namespace, its chart line (so that a chart of another line, or an
// older chart than the line supports, is refused before rendering) and
// the line's override blocks.
func OptionsFor(p *irsa.Plan) (Options, error) {
	if err := p.Check(); err != nil {
		return Options{}, err
	}
	line := p.Line()
	return Options{Namespace: p.Namespace(), Line: line, OverrideBlocks: line.OverrideBlocks}, nil
}

// ErrNoNamespace is returned for Options without a namespace.
var ErrNoNamespace = errors.New("helmchart: Options.Namespace is empty: set the release namespace, or build the options with OptionsFor(plan) for the plan's")

func (o Options) withDefaults() (Options, error) {
	if o.ReleaseName == "" {
		o.ReleaseName = DefaultReleaseName
	}
	if o.Namespace == "" {
		return o, ErrNoNamespace
	}
	return o, nil
}

// Manifest is one rendered Kubernetes document.
type Manifest struct {
	// Source is the template that produced it, e.g.
	// camunda-platform/templates/identity/deployment.yaml.
	Source     string
	APIVersion string
	Kind       string
	Name       string
	// Namespace is metadata.namespace as rendered; empty means the release
	// namespace.
	Namespace string
	// Hook is true for Helm hooks (helm.sh/hook annotation), which
	// `helm template` prints after the other manifests.
	Hook bool
	// Content is the document's YAML.
	Content string
}

// Result is a rendered chart.
type Result struct {
	// Values are the values the templates saw: chart defaults coalesced
	// with the values files, after dependency conditions.
	Values map[string]any
	// Manifests are in `helm template` order: resources in Helm's install
	// order (by kind, then template path, then position in the file),
	// then hooks.
	Manifests []Manifest
}

// YAML prints the manifests exactly as `helm template` does (without
// NOTES.txt).
func (r *Result) YAML() string {
	var res, hooks strings.Builder
	for _, m := range r.Manifests {
		b := &res
		if m.Hook {
			b = &hooks
		}
		fmt.Fprintf(b, "---\n# Source: %s\n%s\n", m.Source, m.Content)
	}
	return strings.TrimSpace(res.String()) + "\n" + hooks.String()
}

// Render renders the chart with the input's values as `helm template`
// would. It first checks the chart against opts.Line when set (a
// *ChartMismatch error) and that every key the overlay writes exists in
// the chart (a KeyErrors error), merges and coalesces the values,
// validates them against the chart's values.schema.json files (a
// SchemaErrors error), and then runs Helm's template engine; a render the
// chart stops with its own fail or required message is a *ChartFailure.
func Render(c *Chart, in Input, opts Options) (*Result, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	if opts.Line.Name != "" {
		if err := CheckChartLine(c, opts.Line); err != nil {
			return nil, err
		}
	}
	overlay, err := ParseValues(in.Overlay)
	if err != nil {
		return nil, err
	}
	if err := CheckKeys(c, overlay, opts.OverrideBlocks); err != nil {
		return nil, err
	}
	ch, top, err := c.renderValues(in.Files(), opts)
	if err != nil {
		return nil, err
	}
	manifests, err := renderManifests(ch, top)
	if err != nil {
		return nil, explainFailure(err, in)
	}
	vals, err := top.Table("Values")
	if err != nil {
		return nil, fmt.Errorf("rendering %s: %w", c.Name(), err)
	}
	return &Result{Values: vals.AsMap(), Manifests: manifests}, nil
}

// Values returns what the chart's templates would see for these values
// files: Helm's merge of the files, dependency conditions applied, chart
// and subchart defaults coalesced, validated against the chart's schemas.
func (c *Chart) Values(files []ValuesFile, opts Options) (map[string]any, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	_, top, err := c.renderValues(files, opts)
	if err != nil {
		return nil, err
	}
	vals, err := top.Table("Values")
	if err != nil {
		return nil, fmt.Errorf("values of %s: %w", c.Name(), err)
	}
	return vals.AsMap(), nil
}

// renderValues follows action.Install for `helm template`: merge the
// files, process dependencies (conditions, tags, import-values) on a copy
// of the chart, then coalesce with the defaults into the render values.
func (c *Chart) renderValues(files []ValuesFile, opts Options) (*chart.Chart, common.Values, error) {
	if err := chartutil.ValidateReleaseName(opts.ReleaseName); err != nil {
		return nil, nil, fmt.Errorf("release name %q: %w", opts.ReleaseName, err)
	}
	vals, err := MergeValues(files...)
	if err != nil {
		return nil, nil, err
	}
	caps, err := capabilities(opts.KubeVersion)
	if err != nil {
		return nil, nil, err
	}
	ch := c.helmChart()
	if err := chartutil.ProcessDependencies(ch, vals); err != nil {
		return nil, nil, fmt.Errorf("processing dependencies of %s: %w", c.Name(), err)
	}
	if ch.Metadata.KubeVersion != "" && !chartutil.IsCompatibleRange(ch.Metadata.KubeVersion, caps.KubeVersion.String()) {
		return nil, nil, fmt.Errorf("chart %s requires kubeVersion %s, which is incompatible with Kubernetes %s",
			c.Name(), ch.Metadata.KubeVersion, caps.KubeVersion.String())
	}
	release := common.ReleaseOptions{Name: opts.ReleaseName, Namespace: opts.Namespace, Revision: 1, IsInstall: true}
	// Helm's own schema check is skipped only to run the same check with
	// errors that name each value's path (validateSchemas).
	top, err := commonutil.ToRenderValuesWithSchemaValidation(ch, vals, release, caps, true)
	if err != nil {
		return nil, nil, fmt.Errorf("coalescing values of %s: %w", c.Name(), err)
	}
	coalesced, err := top.Table("Values")
	if err != nil {
		return nil, nil, fmt.Errorf("coalescing values of %s: %w", c.Name(), err)
	}
	if err := validateSchemas(ch, coalesced); err != nil {
		return nil, nil, err
	}
	return ch, top, nil
}

// capabilities are Helm's defaults, as `helm template` uses them: the
// Kubernetes version follows the linked client-go, and HelmVersion is the
// linked Helm SDK's (a library build has no release ldflags, so it reports
// the SDK's major.minor, e.g. v4.3, which is what charts compare against).
func capabilities(kubeVersion string) (*common.Capabilities, error) {
	caps := common.DefaultCapabilities.Copy()
	if kubeVersion != "" {
		kv, err := common.ParseKubeVersion(kubeVersion)
		if err != nil {
			return nil, fmt.Errorf("kube version %q: %w", kubeVersion, err)
		}
		caps.KubeVersion = *kv
	}
	return caps, nil
}

// renderManifests runs the template engine with no cluster access and
// splits and orders the output as Helm's release rendering does.
func renderManifests(ch *chart.Chart, top common.Values) ([]Manifest, error) {
	var e engine.Engine
	// Without a cluster client the context cancels nothing: lookup, the
	// only template function that uses it, returns empty results.
	files, err := e.RenderWithContext(context.Background(), ch, top)
	if err != nil {
		if f, ok := chartFailure(ch.Name(), err); ok {
			return nil, f
		}
		return nil, fmt.Errorf("rendering templates of %s: %w", ch.Name(), err)
	}
	for name := range files {
		// NOTES.txt is text for the user, not a manifest.
		if strings.HasSuffix(name, "NOTES.txt") {
			delete(files, name)
		}
	}
	hooks, generic, err := releaseutil.SortManifests(files, nil, releaseutil.InstallOrder)
	if err != nil {
		return nil, fmt.Errorf("splitting manifests of %s: %w", ch.Name(), err)
	}
	out := make([]Manifest, 0, len(generic)+len(hooks))
	for _, m := range generic {
		out = append(out, newManifest(m.Name, m.Content, false))
	}
	for _, h := range hooks {
		out = append(out, newManifest(h.Path, h.Manifest, true))
	}
	return out, nil
}

func newManifest(source, content string, hook bool) Manifest {
	var meta struct {
		APIVersion string `json:"apiVersion"`
		Kind       string `json:"kind"`
		Metadata   struct {
			Name      string `json:"name"`
			Namespace string `json:"namespace"`
		} `json:"metadata"`
	}
	// SortManifests has already parsed every document, so this cannot
	// fail in a way that matters; a failure leaves the fields empty.
	_ = yaml.Unmarshal([]byte(content), &meta)
	return Manifest{
		Source:     source,
		APIVersion: meta.APIVersion,
		Kind:       meta.Kind,
		Name:       meta.Metadata.Name,
		Namespace:  meta.Metadata.Namespace,
		Hook:       hook,
		Content:    content,
	}
}
