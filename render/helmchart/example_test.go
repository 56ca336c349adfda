package helmchart_test

import (
	"fmt"
	"os"

	"github.com/camunda-irsa/camunda-irsa/irsa"
	"github.com/camunda-irsa/camunda-irsa/render"
	"github.com/camunda-irsa/camunda-irsa/render/helmchart"
)

// Render the chart of the topology's line with the overlay of its plan,
// between the user's values, and verify the manifests.
func Example() {
	topology, err := os.ReadFile("../../examples/full.yaml")
	if err != nil {
		panic(err)
	}
	plan, err := irsa.Load(topology)
	if err != nil {
		panic(err)
	}
	overlay, err := render.Values(plan)
	if err != nil {
		panic(err)
	}
	chart, err := helmchart.LoadChart("../../testdata/charts/camunda-platform-" + plan.Line().Name)
	if err != nil {
		panic(err)
	}
	// The plan's namespace and chart line: a chart of another line is
	// refused before rendering.
	opts, err := helmchart.OptionsFor(plan)
	if err != nil {
		panic(err)
	}
	mine := helmchart.ValuesFile{Name: "my-values.yaml",
		Data: []byte("webModeler:\n  restapi:\n    mail:\n      fromAddress: modeler@example.com\n")}
	in := helmchart.Input{Before: []helmchart.ValuesFile{mine}, Overlay: helmchart.ValuesFile{Name: "overlay", Data: overlay}}
	result, err := helmchart.Render(chart, in, opts)
	if err != nil {
		panic(err)
	}
	report := helmchart.Verify(result.Manifests, plan, helmchart.VerifyOptions{Before: in.Before})
	fmt.Println(report.Failed())
	fmt.Println(report.Summary())
	// Output:
	// false
	// 21 checks: 21 pass, 0 warn, 0 fail
}

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
