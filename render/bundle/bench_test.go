package bundle_test

import (
	"testing"

	"github.com/camunda-irsa/camunda-irsa/internal/golden"
	"github.com/camunda-irsa/camunda-irsa/irsa"
	"github.com/camunda-irsa/camunda-irsa/render/bundle"
)

// BenchmarkRender measures each output kind of examples/full.yaml that
// applies to it from a ready plan, and "all": irsa.NewPlan plus those
// kinds.
//
//	go test ./render/bundle -run '^$' -bench BenchmarkRender -count 10
func BenchmarkRender(b *testing.B) {
	top := golden.Topologies(b)["full"]
	plan, err := irsa.NewPlan(top)
	if err != nil {
		b.Fatal(err)
	}
	// full's own line runs Keycloak in the chart; the keycloak kind is
	// measured with the same Keycloak under the operator.
	operator := top
	keycloak := *top.Components.Keycloak
	keycloak.ManagedBy = irsa.KeycloakByOperator
	operator.Components.Keycloak = &keycloak
	operatorPlan, err := irsa.NewPlan(operator)
	if err != nil {
		b.Fatal(err)
	}
	for _, kind := range bundle.Kinds() {
		p := plan
		if kind == bundle.KindKeycloak {
			p = operatorPlan
		}
		b.Run(string(kind), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := bundle.Render(p, kind, bundle.Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("all", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			plan, err := irsa.NewPlan(top)
			if err != nil {
				b.Fatal(err)
			}
			for _, kind := range bundle.Kinds() {
				if _, err := bundle.Render(plan, kind, bundle.Options{}); err != nil && !bundle.NotApplicable(err) {
					b.Fatal(err)
				}
			}
		}
	})
}
