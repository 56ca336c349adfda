package awscli_test

import (
	"testing"

	"github.com/camunda-irsa/camunda-irsa/internal/golden"
	"github.com/camunda-irsa/camunda-irsa/render/awscli"
)

// BenchmarkRender times the full example's script, template parsing
// included: Render parses its template on every call rather than keeping
// a parsed one in package state.
func BenchmarkRender(b *testing.B) {
	plan := golden.Plan(b, "full", "")
	for b.Loop() {
		if _, err := awscli.Render(plan); err != nil {
			b.Fatal(err)
		}
	}
}
