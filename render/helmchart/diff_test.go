package helmchart

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A --values file that sets keys the overlay also sets is overridden by
// the overlay; each such key is named with both values.
func TestBeforeOverrides(t *testing.T) {
	overlay := parsed(t, lineOverlay(t, "8.8"))
	got, err := BeforeOverrides(overlay, []ValuesFile{
		file("base.yaml", "identity: {serviceAccount: {name: base-identity}}"),
		file("values.yaml", `
identity:
  serviceAccount:
    name: my-identity
    annotations:
      eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/camunda-identity
      team: platform
  env: [{name: JAVA_OPTS, value: -Xmx1g}]
optimize:
  serviceAccount:
    enabled: false
global:
  opensearch:
    url:
      port: 443
`),
	})
	require.NoError(t, err)
	var lines []string
	for _, s := range got {
		lines = append(lines, s.String())
	}
	assert.Equal(t, []string{
		`values.yaml sets identity.serviceAccount.name to "my-identity"; camunda-irsa's overlay, passed after it, sets "identity-sa", which wins`,
		`values.yaml sets optimize.serviceAccount.enabled to false; camunda-irsa's overlay, passed after it, sets true, which wins`,
	}, lines, "equal values (the role ARN, the port), keys the overlay does not set and lists are not reported")

	_, err = BeforeOverrides(overlay, []ValuesFile{file("broken.yaml", "a: [")})
	require.ErrorContains(t, err, "broken.yaml")
}

func TestDiff(t *testing.T) {
	overlay := map[string]any{
		"identity": map[string]any{
			"enabled": true,
			"serviceAccount": map[string]any{"enabled": true, "name": "identity-sa",
				"annotations": map[string]any{"eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/camunda-identity"}},
			"env": []any{
				map[string]any{"name": "SPRING_DATASOURCE_URL", "value": "jdbc:aws-wrapper:postgresql://db:5432/identity?wrapperPlugins=iam"},
				map[string]any{"name": "SPRING_DATASOURCE_USERNAME", "value": "identity_irsa"},
			},
			"externalDatabase": map[string]any{"port": 5432},
		},
		"orchestration": map[string]any{"data": map[string]any{"secondaryStorage": map[string]any{"users": []any{"a", "b"}}}},
	}
	user := file("values.yaml", `
identity:
  enabled: true
  fullURL: http://localhost:8080
  serviceAccount:
    name: identity
  env:
  - name: JAVA_OPTS
    value: -Xmx1g
  - name: SPRING_DATASOURCE_USERNAME
    value: admin
  externalDatabase:
    port: 5432
orchestration:
  data:
    secondaryStorage:
      users: [a]
`)
	changes, err := Diff([]ValuesFile{user}, overlay)
	require.NoError(t, err)
	var lines []string
	for _, c := range changes {
		lines = append(lines, c.String())
	}
	assert.Equal(t, []string{
		`+ identity.env[SPRING_DATASOURCE_URL].value: "jdbc:aws-wrapper:postgresql://db:5432/identity?wrapperPlugins=iam"`,
		`~ identity.env[SPRING_DATASOURCE_USERNAME].value: "admin" -> "identity_irsa"`,
		`+ identity.serviceAccount.annotations.eks\.amazonaws\.com/role-arn: "arn:aws:iam::123456789012:role/camunda-identity"`,
		`+ identity.serviceAccount.enabled: true`,
		`~ identity.serviceAccount.name: "identity" -> "identity-sa"`,
		`~ orchestration.data.secondaryStorage.users: ["a"] -> ["a","b"]`,
	}, lines, "sorted by key path; unchanged keys (enabled, the port, JAVA_OPTS, fullURL) are not shown")

	none, err := Diff([]ValuesFile{file("same.yaml", "identity: {enabled: true}")}, map[string]any{"identity": map[string]any{"enabled": true}})
	require.NoError(t, err)
	assert.Empty(t, none)

	_, err = Diff([]ValuesFile{file("broken.yaml", "a: [")}, overlay)
	require.ErrorContains(t, err, "broken.yaml")
}
