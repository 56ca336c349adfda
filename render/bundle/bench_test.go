package bundle_test

import (
	"testing"

	"github.com/camunda-irsa/camunda-irsa/internal/golden"
	"github.com/camunda-irsa/camunda-irsa/irsa"
	"github.com/camunda-irsa/camunda-irsa/render"
)

// BenchmarkRender measures each output kind of examples/full.yaml from a
// ready plan, and "all": irsa.NewPlan plus every kind, the figure the
// issue's 200µs goal is about.
//
//	go test ./render -run '^$' -bench BenchmarkRender -count 10
func BenchmarkRender(b *testing.B) {
	top := golden.Topologies(b)["full"]
	plan, err := irsa.NewPlan(top)
	if err != nil {
		b.Fatal(err)
	}
	for _, kind := range render.Kinds() {
		b.Run(string(kind), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := render.Render(plan, kind, render.Options{}); err != nil {
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
			for _, kind := range render.Kinds() {
				if _, err := render.Render(plan, kind, render.Options{}); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}
