package snapshot_test

import (
	"testing"

	"github.com/camunda-irsa/camunda-irsa/render/snapshot"
)

// BenchmarkRender times the example's script, template parsing
// included: Render parses its template on every call rather than keeping
// a parsed one in package state.
func BenchmarkRender(b *testing.B) {
	plan := examplePlan()
	for b.Loop() {
		if _, err := snapshot.Render(plan); err != nil {
			b.Fatal(err)
		}
	}
}
