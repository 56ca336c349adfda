package render_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/camunda-irsa/camunda-irsa/internal/golden"
	"github.com/camunda-irsa/camunda-irsa/irsa"
	"github.com/camunda-irsa/camunda-irsa/render"
)

// TestGolden renders every example on every chart line it is valid for
// and compares each artifact byte for byte with golden/: the overlay per
// line, the others once per example. An example's own chart line must be
// valid; other lines may not be (a line lacks some components).
func TestGolden(t *testing.T) {
	golden.Pin(t, golden.Artifact{File: "values.yaml", Generate: render.Values, PerLine: true})
	golden.Pin(t, golden.Artifact{File: "serviceaccounts.yaml", Generate: render.ServiceAccounts})
	golden.Pin(t, golden.Artifact{File: "iam.json", Generate: render.IAM})
	golden.Pin(t, golden.Artifact{File: "keycloak.yaml", Generate: render.Keycloak,
		NotApplicable: []error{render.ErrNoOperatorKeycloak}})
}

// TestEveryExampleIsValidOnItsOwnLine keeps examples/ honest: the line an
// example names must accept it.
func TestEveryExampleIsValidOnItsOwnLine(t *testing.T) {
	for name, top := range golden.Topologies(t) {
		_, err := irsa.NewPlan(top)
		assert.NoError(t, err, name)
	}
}
