package helmchart

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func replaceOnce(t *testing.T, s, old, new string) string {
	t.Helper()
	require.Contains(t, s, old)
	return strings.Replace(s, old, new, 1)
}

func TestSchemaViolationsNameTheirPath(t *testing.T) {
	tests := []struct {
		name  string
		line  string
		after string
		want  SchemaErrors
	}{
		{
			name:  "a string port in the chart's own values",
			line:  "8.8",
			after: "identity: {externalDatabase: {port: \"5432\"}}\nglobal: {opensearch: {url: {port: \"443\"}}}",
			want: SchemaErrors{
				{Chart: "camunda-platform", Path: "global.opensearch.url.port", Message: "got string, want number"},
				{Chart: "camunda-platform", Path: "identity.externalDatabase.port", Message: "got string, want number"},
			},
		},
		{
			name:  "a subchart's schema applies under its alias",
			line:  "8.8",
			after: "identityKeycloak: {externalDatabase: {port: \"5432\"}}",
			want: SchemaErrors{
				{Chart: "identityKeycloak", Path: "identityKeycloak.externalDatabase.port", Message: "got string, want number"},
			},
		},
		{
			name:  "an enum of 8.9",
			line:  "8.9",
			after: "orchestration: {data: {secondaryStorage: {type: open-search}}}",
			want: SchemaErrors{
				{Chart: "camunda-platform", Path: "orchestration.data.secondaryStorage.type",
					Message: "value must be one of '', 'elasticsearch', 'opensearch', 'rdbms', 'none'"},
			},
		},
		{
			name:  "8.7 ships no schema, so its keys are not checked (the subcharts' are)",
			line:  "8.7",
			after: "identity: {externalDatabase: {port: \"5432\"}}",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := loadFixture(t, tt.line, "tgz")
			_, err := Render(c, Input{Before: withBase(), Overlay: lineOverlay(t, tt.line), After: []ValuesFile{file("after.yaml", tt.after)}},
				Options{Namespace: "camunda"})
			if tt.want == nil {
				require.NoError(t, err)
				return
			}
			var got SchemaErrors
			require.ErrorAs(t, err, &got)
			assert.Equal(t, tt.want, got)
			assert.Contains(t, err.Error(), tt.want[0].Path)
		})
	}
}

func TestSchemaErrorText(t *testing.T) {
	err := SchemaErrors{{Chart: "camunda-platform", Path: "identity.externalDatabase.port", Message: "got string, want number"}}
	assert.Equal(t, "values do not meet the chart's schema:\n"+
		"  identity.externalDatabase.port: got string, want number (values.schema.json of camunda-platform)", err.Error())
	assert.True(t, loadFixture(t, "8.8", "dir").HasSchema())
}
