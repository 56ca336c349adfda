package terraform_test

import (
	"testing"

	"github.com/camunda-irsa/camunda-irsa/internal/golden"
	"github.com/camunda-irsa/camunda-irsa/render/terraform"
)

// BenchmarkRender measures Render from a ready plan: full is the
// four-role IRSA example, pod-identity adds five associations.
//
//	go test ./render/terraform -run '^$' -bench . -benchmem -count 10
func BenchmarkRender(b *testing.B) {
	for _, name := range []string{"full", "pod-identity"} {
		plan := golden.Plan(b, name, "")
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := terraform.Render(plan); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
