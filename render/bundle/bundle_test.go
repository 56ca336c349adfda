package bundle_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/camunda-irsa/camunda-irsa/internal/golden"
	"github.com/camunda-irsa/camunda-irsa/render"
	"github.com/camunda-irsa/camunda-irsa/render/bundle"
)

// TestBundleKeycloak: keycloak.yaml is in the bundle exactly when
// Keycloak runs under its operator, and the README then has its step,
// numbered between the database and the Helm steps.
func TestBundleKeycloak(t *testing.T) {
	plans := golden.Plans(t)
	for _, tc := range []struct {
		plan     string
		keycloak bool
		steps    []string
	}{
		{"full/8.8", false, []string{"1. **IAM**", "2. **Database**", "3. **OpenSearch role mapping**", "4. **Helm**"}},
		{"full/8.10", true, []string{"1. **IAM**", "2. **Database**", "3. **Keycloak**: `kubectl apply -n camunda -f keycloak.yaml`",
			"4. **OpenSearch role mapping**", "5. **Helm**"}},
		{"opensearch-only/8.10", false, []string{"1. **IAM**", "2. **OpenSearch role mapping**", "3. **Helm**"}},
	} {
		t.Run(tc.plan, func(t *testing.T) {
			plan := plans[tc.plan]
			require.NotNil(t, plan)
			files, err := bundle.Files(plan, bundle.Options{})
			require.NoError(t, err)
			byPath := map[string]string{}
			for _, f := range files {
				byPath[f.Path] = string(f.Data)
			}
			if tc.keycloak {
				want, err := render.Keycloak(plan)
				require.NoError(t, err)
				assert.Equal(t, string(want), byPath["keycloak.yaml"])
			} else {
				assert.NotContains(t, byPath, "keycloak.yaml")
			}
			readme := byPath["README.md"]
			last := -1
			for _, step := range tc.steps {
				i := strings.Index(readme, "\n"+step)
				assert.Greater(t, i, last, "step %q, in order", step)
				last = i
			}
			assert.Equal(t, tc.keycloak, strings.Contains(readme, "**Keycloak**"))
		})
	}
}
