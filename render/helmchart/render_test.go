package helmchart

import (
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"helm.sh/helm/v4/pkg/action"
	"helm.sh/helm/v4/pkg/chart"
	commonutil "helm.sh/helm/v4/pkg/chart/common/util"
	"helm.sh/helm/v4/pkg/chart/loader"
	chartv2 "helm.sh/helm/v4/pkg/chart/v2"
	chartv2loader "helm.sh/helm/v4/pkg/chart/v2/loader"
	chartutil "helm.sh/helm/v4/pkg/chart/v2/util"
	"helm.sh/helm/v4/pkg/cli/values"
	"helm.sh/helm/v4/pkg/getter"
	release "helm.sh/helm/v4/pkg/release/v1"

	"github.com/camunda-irsa/camunda-irsa/irsa"
)

// Every line's overlay renders from the chart directory and from a
// packaged .tgz, and the result verifies green.
func TestRenderAndVerifyEachLine(t *testing.T) {
	for _, line := range irsa.ChartLineNames() {
		for _, source := range []string{"dir", "tgz"} {
			t.Run(line+"/"+source, func(t *testing.T) {
				c := loadFixture(t, line, source)
				overlay := lineOverlay(t, line)
				r, err := Render(c, Input{Before: withBase(), Overlay: overlay}, Options{Namespace: "camunda", OverrideBlocks: overridesOf(t, line)})
				require.NoError(t, err)

				report := Verify(r.Manifests, newPlan(t, fullTopology(line)), VerifyOptions{Overlay: parsed(t, overlay)})
				assert.False(t, report.Failed(), "report:\n%s", report)
				assert.Empty(t, withStatus(report, StatusWarn), "report:\n%s", report)
				assert.NotEmpty(t, withStatus(report, StatusPass))
			})
		}
	}
}

func TestRenderAndVerifyElasticsearchBackup(t *testing.T) {
	c := loadFixture(t, "8.8", "tgz")
	overlay := overlayFile(t, "overlay-8.8-elasticsearch.yaml")
	r, err := Render(c, Input{Overlay: overlay}, Options{Namespace: "camunda"})
	require.NoError(t, err)

	report := Verify(r.Manifests, newPlan(t, elasticsearchTopology()), VerifyOptions{Overlay: parsed(t, overlay)})
	require.False(t, report.Failed(), "report:\n%s", report)
	assert.Contains(t, report.String(),
		"PASS elasticsearch StatefulSet/camunda-elasticsearch-master: service account: runs under elasticsearch-master-sa, "+
			"rendered with eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/camunda-es-backup")
	// The Bitnami master pod turns off the API token; that is reported, not failed.
	infos := withStatus(report, StatusInfo)
	require.Len(t, infos, 1)
	assert.Equal(t, "elasticsearch StatefulSet/camunda-elasticsearch-master: token", infos[0].Name)
	assert.Contains(t, infos[0].Message, "automountServiceAccountToken: false")
	// The init script the overlay adds is rendered and mounted.
	cm := manifest(t, r, "ConfigMap", "camunda-elasticsearch-initscripts")
	assert.Contains(t, cm.Content, "aws-web-identity-token-file")
}

// The 8.9 chart refuses to render without
// orchestration.data.secondaryStorage.type, like the real one.
func TestRender89RequiresSecondaryStorageType(t *testing.T) {
	c := loadFixture(t, "8.9", "dir")
	_, err := Render(c, Input{Overlay: file("overlay.yaml", "{}")}, Options{Namespace: "camunda"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "orchestration.data.secondaryStorage.type must be set")
}

func TestRenderDefaultsWithoutOverlay(t *testing.T) {
	for _, line := range []string{"8.7", "8.8"} {
		t.Run(line, func(t *testing.T) {
			r, err := Render(loadFixture(t, line, "dir"), Input{Overlay: file("empty.yaml", "")}, Options{Namespace: "camunda"})
			require.NoError(t, err)
			// Chart defaults pick the subcharts: 8.7 enables Keycloak (and its
			// own PostgreSQL) by default, 8.8 does not; both enable Elasticsearch.
			_, hasKeycloak := findManifest(r, "StatefulSet", "camunda-keycloak")
			assert.Equal(t, line == "8.7", hasKeycloak)
			_, hasKeycloakDB := findManifest(r, "StatefulSet", "camunda-postgresql")
			assert.Equal(t, line == "8.7", hasKeycloakDB)
			_, hasES := findManifest(r, "StatefulSet", "camunda-elasticsearch-master")
			assert.True(t, hasES)
			for _, m := range r.Manifests {
				assert.Contains(t, []string{"", "camunda"}, m.Namespace, "%s/%s", m.Kind, m.Name)
			}
		})
	}
}

func findManifest(r *Result, kind, name string) (Manifest, bool) {
	for _, m := range r.Manifests {
		if m.Kind == kind && m.Name == name {
			return m, true
		}
	}
	return Manifest{}, false
}

func TestRenderManifestsCarrySource(t *testing.T) {
	r := renderLine(t, "8.8", nil, nil)
	sts := manifest(t, r, "StatefulSet", "camunda-keycloak")
	assert.Equal(t, "camunda-platform/charts/identityKeycloak/templates/statefulset.yaml", sts.Source)
	assert.Equal(t, "apps/v1", sts.APIVersion)
	assert.Equal(t, "camunda", sts.Namespace)
	assert.False(t, sts.Hook)
	assert.True(t, strings.HasPrefix(sts.Content, "apiVersion: apps/v1\nkind: StatefulSet\n"), sts.Content)

	// Helm's install order: ServiceAccounts before Secrets before ConfigMaps
	// before workloads.
	kinds := make([]string, len(r.Manifests))
	for i, m := range r.Manifests {
		kinds[i] = m.Kind
	}
	assert.Less(t, indexOf(kinds, "ServiceAccount"), indexOf(kinds, "ConfigMap"))
	assert.Less(t, indexOf(kinds, "ConfigMap"), indexOf(kinds, "Deployment"))
	assert.Less(t, indexOf(kinds, "Deployment"), indexOf(kinds, "StatefulSet"))
}

func indexOf(list []string, v string) int {
	for i, x := range list {
		if x == v {
			return i
		}
	}
	return -1
}

// Rendering twice gives the same bytes; the chart is not changed by
// Helm's in-place dependency processing.
func TestRenderIsDeterministic(t *testing.T) {
	c := loadFixture(t, "8.8", "dir")
	in := Input{Before: withBase(), Overlay: lineOverlay(t, "8.8")}
	first, err := Render(c, in, Options{Namespace: "camunda"})
	require.NoError(t, err)
	// A render with Keycloak disabled in between must not leak into the next.
	_, err = Render(c, Input{Overlay: file("off.yaml", "identityKeycloak: {enabled: false}")}, Options{Namespace: "camunda"})
	require.NoError(t, err)
	second, err := Render(c, in, Options{Namespace: "camunda"})
	require.NoError(t, err)
	assert.Equal(t, first.YAML(), second.YAML())
}

// The merged values and the manifests are what Helm itself computes for
// `helm template -f before.yaml -f overlay.yaml -f after.yaml`, run here
// through Helm's own install action in client-only mode, as the helm CLI
// does.
func TestRenderEqualsHelmTemplate(t *testing.T) {
	before := file("before.yaml", `
identity:
  env:
  - name: USER_ONLY
    value: "1"
  podLabels: {team: a}
identityKeycloak:
  enabled: false
global:
  opensearch:
    url:
      port: 9200
optimize:
  serviceAccount:
    annotations:
      example.com/owner: team-a
webModeler:
  restapi:
    mail:
      fromAddress: modeler@example.com
`)
	after := file("after.yaml", `
webModeler:
  serviceAccount:
    name: other-sa
global:
  labels: null
identityKeycloak:
  enabled: true
  serviceAccount:
    annotations: null
`)
	for _, l := range irsa.ChartLines() {
		line := l.Name
		t.Run(line, func(t *testing.T) {
			files := []ValuesFile{before, lineOverlay(t, line), after}
			if _, ok := l.Component(irsa.Keycloak); !ok {
				// A line without the subchart refuses its keys outright.
				files = []ValuesFile{withoutKey(t, before, "identityKeycloak"), lineOverlay(t, line), withoutKey(t, after, "identityKeycloak")}
			}
			opts := Options{ReleaseName: "c8", Namespace: "camunda", OverrideBlocks: l.OverrideBlocks}

			r, err := Render(loadFixture(t, line, "dir"), Input{Before: files[:1], Overlay: files[1], After: files[2:]}, opts)
			require.NoError(t, err)
			wantYAML, wantValues := helmTemplate(t, fixtureDir(line), files, opts)
			assert.Equal(t, wantYAML, r.YAML())
			assert.Equal(t, wantValues, r.Values)

			got, err := loadFixture(t, line, "dir").Values(files, opts)
			require.NoError(t, err)
			assert.Equal(t, wantValues, got)
		})
	}
}

// helmTemplate renders with Helm's own CLI code path: values.Options reads
// the files, the chart loader `helm template` uses loads the chart, and
// action.Install renders with a client-side dry run. It returns the output
// of `helm template` and the values the templates saw.
func helmTemplate(t *testing.T, chartPath string, files []ValuesFile, opts Options) (string, map[string]any) {
	t.Helper()
	dir := t.TempDir()
	var paths []string
	for i, f := range files {
		p := filepath.Join(dir, fmt.Sprintf("%d-%s", i, f.Name))
		require.NoError(t, os.WriteFile(p, f.Data, 0o600))
		paths = append(paths, p)
	}
	vals, err := (&values.Options{ValueFiles: paths}).MergeValues(getter.Providers{})
	require.NoError(t, err)

	charter, err := loader.Load(chartPath)
	require.NoError(t, err)
	ch, ok := charter.(*chartv2.Chart)
	require.True(t, ok, "chart %s loads as %T, not an apiVersion v2 chart", chartPath, charter)
	inst := action.NewInstall(action.NewConfiguration(action.ConfigurationSetLogger(slog.DiscardHandler)))
	inst.DryRunStrategy, inst.Replace = action.DryRunClient, true
	inst.ReleaseName, inst.Namespace = opts.ReleaseName, opts.Namespace
	releaser, err := inst.Run(ch, vals)
	require.NoError(t, err)
	rel, ok := releaser.(*release.Release)
	require.True(t, ok, "install returned %T", releaser)

	var out strings.Builder
	fmt.Fprintln(&out, strings.TrimSpace(rel.Manifest))
	for _, h := range rel.Hooks {
		fmt.Fprintf(&out, "---\n# Source: %s\n%s\n", h.Path, h.Manifest)
	}
	// inst.Run processed ch's dependencies in place; coalescing the same
	// user values on it gives the values the templates saw.
	coalesced, err := commonutil.CoalesceValues(ch, rel.Config)
	require.NoError(t, err)
	return out.String(), coalesced.AsMap()
}

func TestMergeValuesIsHelmsMerge(t *testing.T) {
	files := []ValuesFile{
		file("a.yaml", "a: {b: 1, c: [1, 2], d: {e: x}}\nlist: [a]\nkeep: 1\n"),
		file("b.yaml", "a: {c: [3], d: null}\nlist: {now: map}\nnew: true\n"),
		file("c.yaml", "a: {b: 2.5}\nkeep: null\n"),
		file("empty.yaml", ""),
		// Helm 4 merges the documents of one file in order.
		file("multi.yaml", "---\na: {c: [4]}\n---\na: {c: [5]}\ndocs: 2\n"),
	}
	got, err := MergeValues(files...)
	require.NoError(t, err)

	dir := t.TempDir()
	var paths []string
	for _, f := range files {
		p := filepath.Join(dir, f.Name)
		require.NoError(t, os.WriteFile(p, f.Data, 0o600))
		paths = append(paths, p)
	}
	want, err := (&values.Options{ValueFiles: paths}).MergeValues(getter.Providers{})
	require.NoError(t, err)
	assert.Equal(t, want, got)
	assert.Equal(t, map[string]any{
		"a":    map[string]any{"b": 2.5, "c": []any{5.0}, "d": nil},
		"list": map[string]any{"now": "map"},
		"keep": nil,
		"new":  true,
		"docs": 2.0,
	}, got)
}

func TestParseValuesNamesTheFile(t *testing.T) {
	_, err := ParseValues(file("broken.yaml", "a: [1"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "broken.yaml")

	_, err = Render(loadFixture(t, "8.8", "dir"),
		Input{Before: withBase(), Overlay: lineOverlay(t, "8.8"), After: []ValuesFile{file("after.yaml", "a: b: c")}}, Options{Namespace: "camunda"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "after.yaml")
}

func TestLoadChartErrors(t *testing.T) {
	_, err := LoadChart(filepath.Join(t.TempDir(), "nope"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "loading chart")

	// A chart whose Chart.yaml declares a dependency charts/ lacks.
	ch, err := chartv2loader.Load(fixtureDir("8.8"))
	require.NoError(t, err)
	ch.SetDependencies(ch.Dependencies()[1:]...)
	dir := t.TempDir()
	require.NoError(t, chartutil.SaveDir(ch, dir))
	_, err = LoadChart(filepath.Join(dir, "camunda-platform"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "missing in charts/ directory")
}

// checkDependencies answers as Helm's action.CheckDependencies, which
// `helm template` runs on the chart it loaded.
func TestCheckDependenciesIsHelms(t *testing.T) {
	tests := []struct {
		name string
		keep func(deps []*chartv2.Chart) []*chartv2.Chart
	}{
		{name: "all present", keep: func(d []*chartv2.Chart) []*chartv2.Chart { return d }},
		{name: "first missing", keep: func(d []*chartv2.Chart) []*chartv2.Chart { return d[1:] }},
		{name: "all missing", keep: func([]*chartv2.Chart) []*chartv2.Chart { return nil }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ch, err := chartv2loader.Load(fixtureDir("8.8"))
			require.NoError(t, err)
			ch.SetDependencies(tt.keep(ch.Dependencies())...)
			reqs := make([]chart.Dependency, len(ch.Metadata.Dependencies))
			for i, d := range ch.Metadata.Dependencies {
				reqs[i] = d
			}
			want := action.CheckDependencies(ch, reqs)
			got := checkDependencies(ch)
			if want == nil {
				assert.NoError(t, got)
				return
			}
			assert.EqualError(t, got, want.Error())
		})
	}
}

func TestResultYAMLPrintsHooksLast(t *testing.T) {
	r := &Result{Manifests: []Manifest{
		{Source: "c/templates/a.yaml", Content: "kind: ConfigMap"},
		{Source: "c/templates/hook.yaml", Content: "kind: Job", Hook: true},
		{Source: "c/templates/b.yaml", Content: "kind: Deployment"},
	}}
	assert.Equal(t, "---\n# Source: c/templates/a.yaml\nkind: ConfigMap\n---\n# Source: c/templates/b.yaml\nkind: Deployment\n"+
		"---\n# Source: c/templates/hook.yaml\nkind: Job\n", r.YAML())
}

func TestKeyPathString(t *testing.T) {
	assert.Equal(t, `identity.serviceAccount.annotations.eks\.amazonaws\.com/role-arn`,
		keyPath{"identity", "serviceAccount", "annotations", "eks.amazonaws.com/role-arn"}.String())
}
