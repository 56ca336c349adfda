package helmchart

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/camunda-irsa/camunda-irsa/irsa"
)

func TestCheckKeys(t *testing.T) {
	tests := []struct {
		name    string
		line    string
		overlay string
		want    KeyErrors
	}{
		{
			name: "the seed guide's elasticsearch.volumes is not a key of the chart",
			line: "8.8",
			overlay: `
elasticsearch:
  enabled: true
  volumes:
  - name: empty-dir
    emptyDir: {}
  master:
    serviceAccount: {create: true, name: es-sa}
`,
			want: KeyErrors{{Path: "elasticsearch.volumes", Reason: "not in the chart's values"}},
		},
		{
			name: "subchart keys count under their alias, even when the subchart is disabled",
			line: "8.8",
			overlay: `
identityKeycloak:
  serviceAccount: {create: true, name: kc, annotations: {eks.amazonaws.com/role-arn: arn}}
  externalDatabase: {host: h, port: 5432, user: u, database: d}
  postgresql: {enabled: false}
webModelerPostgresql: {enabled: false}
identityPostgresql: {enabled: false}
elasticsearch:
  master: {serviceAccount: {create: true}}
  initScripts: {"any-script.sh": "echo"}
  extraVolumeMounts: [{name: empty-dir, mountPath: /x, subPath: y}]
global:
  kibanaEnabled: false
`,
		},
		{
			name: "the 8.7 chart has Web Modeler's database under the postgresql alias",
			line: "8.7",
			overlay: `
postgresql: {enabled: false}
webModelerPostgresql: {enabled: false}
webModeler:
  restapi:
    externalDatabase: {password: p, secret: {inlineSecret: p}}
`,
			want: KeyErrors{
				{Path: "webModeler.restapi.externalDatabase.secret", Reason: "not in the chart's values"},
				{Path: "webModelerPostgresql", Reason: "not in the chart's values"},
			},
		},
		{
			name: "keys under a null default are free-form",
			line: "8.7",
			overlay: `
identity:
  externalDatabase: {host: h, port: 5432, username: u, database: d, existingSecret: {name: s}}
global:
  opensearch: {url: {host: h}}
`,
		},
		{
			name: "empty maps are free-form, lists are checked whole",
			line: "8.8",
			overlay: `
identity:
  serviceAccount: {annotations: {a: b, c: {d: e}}, labels: {x: y}}
  env: [{name: A, value: b, anything: goes}]
`,
		},
		{
			name: "a key below a single value or a list does not exist",
			line: "8.8",
			overlay: `
identity:
  enabled: {really: true}
  env: {name: A}
identityKeycloak:
  extraEnvVars: {KEY: value}
`,
			want: KeyErrors{
				{Path: "identity.enabled", Reason: "is a single value in the chart (default false), not a map"},
				{Path: "identity.env", Reason: "is a list in the chart, not a map"},
				{Path: "identityKeycloak.extraEnvVars", Reason: "is a list in the chart, not a map"},
			},
		},
		{
			name: "a key that differs only in case gets a hint",
			line: "8.9",
			overlay: `
optimize:
  serviceaccount: {name: x}
  database:
    opensearch: {aws: {enabled: true}, url: {host: h}}
orchestration:
  data:
    secondaryStorage: {type: opensearch, opensearch: {url: u, aws: {enabled: true}}, openSearch: {}}
`,
			want: KeyErrors{
				{Path: "optimize.serviceaccount", Reason: "not in the chart's values (did you mean serviceAccount?)"},
				{Path: "orchestration.data.secondaryStorage.openSearch", Reason: "not in the chart's values (did you mean opensearch?)"},
			},
		},
		{
			name: "dots in keys are escaped in the path",
			line: "8.8",
			overlay: `
global:
  opensearch:
    aws.enabled: true
`,
			want: KeyErrors{{Path: `global.opensearch.aws\.enabled`, Reason: "not in the chart's values"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := loadFixture(t, tt.line, "dir")
			err := CheckKeys(c, parsed(t, file("overlay.yaml", tt.overlay)), nil)
			if tt.want == nil {
				require.NoError(t, err)
				return
			}
			var got KeyErrors
			require.ErrorAs(t, err, &got)
			assert.Equal(t, tt.want, got)
		})
	}
}

// Every hand-written overlay only writes keys its chart has.
func TestOverlaysUseOnlyChartKeys(t *testing.T) {
	for _, line := range irsa.ChartLineNames() {
		t.Run(line, func(t *testing.T) {
			require.NoError(t, CheckKeys(loadFixture(t, line, "tgz"), parsed(t, lineOverlay(t, line)), overridesOf(t, line)))
		})
	}
}

// Render refuses an overlay with an unknown key and names the path.
func TestRenderReportsUnknownOverlayKey(t *testing.T) {
	overlay := string(lineOverlay(t, "8.8").Data) + "\nwebModelerPostgresql:\n  enabled: false\n  volumes: []\n"
	overlay = replaceOnce(t, overlay, "webModelerPostgresql:\n  enabled: false\n", "")
	_, err := Render(loadFixture(t, "8.8", "dir"), Input{Overlay: file("overlay.yaml", overlay)}, Options{Namespace: "camunda"})
	require.Error(t, err)
	assert.Equal(t, "the overlay writes keys the chart does not have:\n  webModelerPostgresql.volumes: not in the chart's values", err.Error())
}
