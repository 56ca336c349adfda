package helmchart_test

import (
	"fmt"

	"github.com/camunda-irsa/camunda-irsa/render/helmchart"
)

// What an overlay changes in a user's values file, key by key.
func ExampleDiff() {
	user := helmchart.ValuesFile{Name: "values.yaml", Data: []byte(`
identity:
  serviceAccount:
    name: identity
  env:
  - name: JAVA_OPTS
    value: -Xmx1g
`)}
	overlay := map[string]any{"identity": map[string]any{
		"serviceAccount": map[string]any{"name": "identity-sa"},
		"env":            []any{map[string]any{"name": "SPRING_DATASOURCE_USERNAME", "value": "identity_irsa"}},
	}}
	changes, err := helmchart.Diff([]helmchart.ValuesFile{user}, overlay)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range changes {
		fmt.Println(c)
	}
	// Output:
	// + identity.env[SPRING_DATASOURCE_USERNAME].value: "identity_irsa"
	// ~ identity.serviceAccount.name: "identity" -> "identity-sa"
}
