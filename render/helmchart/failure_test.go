package helmchart

import (
	"errors"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/camunda-irsa/camunda-irsa/render"
)

// A render the chart stops with its own fail or required message says
// that it is the chart's rule, keeps the chart's text and says what to do.
func TestChartFailures(t *testing.T) {
	tests := []struct {
		name   string
		line   string
		before []ValuesFile
		// overlay replaces the line's overlay when set.
		overlay string
		// features renders featureTopology's overlay, as render writes it.
		features bool
		after    []ValuesFile
		kind     FailureKind
		key      string
		want     string
	}{
		{
			name: "a value the chart requires (8.7)", line: "8.7", kind: RequiredValue, key: "webModeler.restapi.mail.fromAddress",
			want: "the chart requires webModeler.restapi.mail.fromAddress (a requirement of the camunda-platform chart, not of IAM): " +
				"set it in a values file and pass it with --values; the chart says: The value 'webModeler.restapi.mail.fromAddress' is required " +
				"(camunda-platform/templates/web-modeler/configmap-restapi.yaml:17:27)",
		},
		{
			name: "a value the chart requires (8.10)", line: "8.10", kind: RequiredValue, key: "webModeler.restapi.mail.fromAddress",
			want: "the chart requires webModeler.restapi.mail.fromAddress (a requirement of the camunda-platform chart, not of IAM): " +
				"set it in a values file and pass it with --values; the chart says: The value 'webModeler.restapi.mail.fromAddress' is required " +
				"(camunda-platform/templates/web-modeler/configmap-restapi.yaml:24:27)",
		},
		{
			name: "a removed subchart key in the user's values", line: "8.10", kind: RemovedKey, key: "identityKeycloak",
			before: []ValuesFile{chartBase(), file("mine.yaml", "identityKeycloak: {enabled: false}")},
			want: "the camunda-platform chart no longer has the key identityKeycloak (a rule of the chart, not of IAM): remove it from mine.yaml; " +
				`the chart says: [camunda][error] The Helm values file key "identityKeycloak" has been removed. ` +
				"The bundled Bitnami subcharts are not part of chart 15.x; see the Camunda Helm chart upgrade documentation. " +
				"(camunda-platform/templates/common/constraints.tpl:15:4)",
		},
		{
			name: "a removed key set before and after the overlay", line: "8.10", kind: RemovedKey, key: "webModeler.restapi.externalDatabase.user",
			before: []ValuesFile{chartBase(), file("mine.yaml", "webModeler: {restapi: {externalDatabase: {user: admin}}}")},
			after:  []ValuesFile{file("after.yaml", "webModeler: {restapi: {externalDatabase: {user: admin}}}")},
			want: "the camunda-platform chart no longer has the key webModeler.restapi.externalDatabase.user (a rule of the chart, not of IAM): " +
				"remove it from mine.yaml, after.yaml; " +
				`the chart says: [camunda][error] The Helm values file key "webModeler.restapi.externalDatabase.user" has been removed. Use "username". ` +
				"(camunda-platform/templates/common/constraints.tpl:22:4)",
		},
		{
			name: "a required value the overlay writes, removed after it", line: "8.8", kind: RequiredValue, key: "webModeler.restapi.mail.fromAddress",
			overlay: "webModeler: {enabled: true, restapi: {mail: {fromAddress: modeler@example.com}}}",
			after:   []ValuesFile{file("after.yaml", "webModeler: {restapi: {mail: {fromAddress: null}}}")},
			want: "the camunda-platform chart stopped the render with its own check; the chart says: The value 'webModeler.restapi.mail.fromAddress' is required " +
				"(camunda-platform/templates/web-modeler/configmap-restapi.yaml:17:27)",
		},
		{
			name: "any other check of the chart", line: "8.9", kind: ChartCheck, overlay: "{}",
			want: "the camunda-platform chart stopped the render with its own check; " +
				"the chart says: orchestration.data.secondaryStorage.type must be set to elasticsearch, opensearch, rdbms or none " +
				"(camunda-platform/templates/orchestration/configmap-unified.yaml:3:13)",
		},
		{
			name: "an IAM check of the chart is not called unrelated to IAM", line: "8.10", kind: ChartCheck, features: true,
			before: []ValuesFile{chartBase()},
			after:  []ValuesFile{file("after.yaml", "orchestration: {serviceAccount: {annotations: {eks.amazonaws.com/role-arn: 'arn:aws:iam::123456789012:role/other'}}}")},
			want: "the camunda-platform chart stopped the render with its own check; the chart says: " +
				"[camunda][error] orchestration.serviceAccount.annotations.eks.amazonaws.com/role-arn conflicts with the identity configured by orchestration.secretStore. " +
				"(camunda-platform/templates/common/constraints.tpl:53:4)",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			plan := newPlan(t, fullTopology(tt.line))
			overlay := lineOverlay(t, tt.line)
			switch {
			case tt.overlay != "":
				overlay = file("overlay.yaml", tt.overlay)
			case tt.features:
				plan = newPlan(t, featureTopology(t, tt.line))
				data, err := render.Values(plan)
				require.NoError(t, err)
				overlay = file("overlay.yaml", string(data))
			}
			opts, err := OptionsFor(plan)
			require.NoError(t, err)
			_, err = Render(loadFixture(t, tt.line, "dir"), Input{Before: tt.before, Overlay: overlay, After: tt.after}, opts)
			var f *ChartFailure
			require.ErrorAs(t, err, &f)
			assert.Equal(t, tt.kind, f.Kind)
			assert.Equal(t, tt.key, f.Key)
			assert.Equal(t, tt.want, err.Error())
		})
	}
}

// The Helm-version guard of a chart is a check of the chart like any
// other.
func TestChartFailureHelmVersion(t *testing.T) {
	c, err := LoadChart(filepath.Join("testdata", "helm4-only"))
	require.NoError(t, err)
	_, err = Render(c, Input{Before: []ValuesFile{file("before.yaml", "helmVersion: v3.22.0")}, Overlay: file("overlay.yaml", "")},
		Options{Namespace: "camunda"})
	assert.EqualError(t, err, "the helm4-only chart stopped the render with its own check; "+
		"the chart says: this chart requires Helm 4 or later, got v3.22.0 (helm4-only/templates/configmap.yaml:3:4)")
}

// Only the engine's fail/required errors are the chart's; others keep
// Helm's message.
func TestChartFailureOnlyForFailMessages(t *testing.T) {
	_, ok := chartFailure("c", errors.New(`template: c/templates/x.yaml:3:4: executing "c/templates/x.yaml" at <.Values.a.b>: nil pointer evaluating interface {}.b`))
	assert.False(t, ok)
	f, ok := chartFailure("c", errors.New("execution error at (c/templates/x.yaml:1:2): components.x.enabled is required"))
	require.True(t, ok)
	assert.Equal(t, ChartFailure{Chart: "c", Location: "c/templates/x.yaml:1:2", Message: "components.x.enabled is required",
		Kind: RequiredValue, Key: "components.x.enabled"}, *f)
	f, ok = chartFailure("c", errors.New("execution error at (c/templates/x.yaml:1:2): a mail address is required"))
	require.True(t, ok)
	assert.Equal(t, ChartCheck, f.Kind, "a message that names no key is no required value")
}
