package render_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/camunda-irsa/camunda-irsa/internal/golden"
	"github.com/camunda-irsa/camunda-irsa/irsa"
	"github.com/camunda-irsa/camunda-irsa/render"
)

const examplesDir = "../examples"

// TestGolden renders every example on every chart line it is valid for
// and compares each artifact byte for byte with golden/<example>/<line>/.
// An example's own chart line must be valid; other lines may not be (8.7
// has no orchestration, 8.8+ no zeebe).
func TestGolden(t *testing.T) {
	for file, kind := range map[string]render.Kind{
		"values.yaml":          render.KindValues,
		"serviceaccounts.yaml": render.KindServiceAccounts,
		"iam.json":             render.KindIAM,
	} {
		golden.Pin(t, golden.Artifact{File: file, Generate: func(p *irsa.Plan) ([]byte, error) {
			return render.Render(p, kind, render.Options{})
		}})
	}
}

// TestEveryExampleIsValidOnItsOwnLine keeps examples/ honest: the line an
// example names must accept it.
func TestEveryExampleIsValidOnItsOwnLine(t *testing.T) {
	for name, top := range golden.Topologies(t) {
		_, err := irsa.NewPlan(top)
		assert.NoError(t, err, name)
	}
}
