package render_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/yaml"

	"github.com/camunda-irsa/camunda-irsa/internal/golden"
	"github.com/camunda-irsa/camunda-irsa/irsa"
	"github.com/camunda-irsa/camunda-irsa/render"
)

// serviceAccountPath is where each component's serviceAccount block sits
// in the chart's values.
var serviceAccountPath = map[irsa.ComponentName][]string{
	irsa.Keycloak:      {"identityKeycloak", "serviceAccount"},
	irsa.Identity:      {"identity", "serviceAccount"},
	irsa.WebModeler:    {"webModeler", "serviceAccount"},
	irsa.Orchestration: {"orchestration", "serviceAccount"},
	irsa.Zeebe:         {"zeebe", "serviceAccount"},
	irsa.Operate:       {"operate", "serviceAccount"},
	irsa.Tasklist:      {"tasklist", "serviceAccount"},
	irsa.Optimize:      {"optimize", "serviceAccount"},
	irsa.Elasticsearch: {"elasticsearch", "master", "serviceAccount"},
}

func lookup(t *testing.T, m map[string]any, path ...string) any {
	t.Helper()
	var cur any = m
	for _, k := range path {
		obj, ok := cur.(map[string]any)
		require.True(t, ok, "%v: %q is not under an object", path, k)
		cur, ok = obj[k]
		require.True(t, ok, "%v: no key %q", path, k)
	}
	return cur
}

// TestOverlayPutsEachRoleOnItsServiceAccount parses the rendered overlay
// and checks, for every component of every example on every line, that
// its serviceAccount block names the topology's service account and
// carries the ARN of the role the plan gave that component.
func TestOverlayPutsEachRoleOnItsServiceAccount(t *testing.T) {
	for name, top := range golden.Topologies(t) {
		for _, line := range irsa.ChartLines() {
			top.Chart = line
			plan, err := irsa.NewPlan(top)
			if err != nil {
				continue
			}
			t.Run(name+"/"+line, func(t *testing.T) {
				out, err := render.OverlayYAML(plan)
				require.NoError(t, err)
				var values map[string]any
				require.NoError(t, yaml.Unmarshal(out, &values))
				for _, c := range plan.Topology.Components.Listed() {
					role, ok := plan.RoleFor(c.Name)
					require.True(t, ok)
					sa := lookup(t, values, serviceAccountPath[c.Name]...).(map[string]any)
					assert.Equal(t, c.ServiceAccount, sa["name"], c.Name)
					if plan.Topology.Mode == irsa.ModeIRSA {
						assert.Equal(t, role.ARN, lookup(t, sa, "annotations", render.RoleARNAnnotation), c.Name)
					} else {
						assert.NotContains(t, sa, "annotations", "Pod Identity binds roles by association")
					}
					enabled := sa["enabled"]
					if c.Name == irsa.Elasticsearch || c.Name == irsa.Keycloak {
						enabled = sa["create"]
					}
					assert.Equal(t, true, enabled, "%s service account is created by the chart", c.Name)
				}
			})
		}
	}
}

func TestOverlayPortsAreIntegers(t *testing.T) {
	top := golden.Topologies(t)["aurora-only"]
	plan, err := irsa.NewPlan(top)
	require.NoError(t, err)
	out, err := render.OverlayYAML(plan)
	require.NoError(t, err)
	var values map[string]any
	require.NoError(t, yaml.Unmarshal(out, &values))
	assert.Equal(t, float64(5433), lookup(t, values, "identityKeycloak", "externalDatabase", "port"))
	assert.Equal(t, float64(5433), lookup(t, values, "identity", "externalDatabase", "port"))
}

func TestPodIdentityWritesNoAnnotation(t *testing.T) {
	top := golden.Topologies(t)["full"]
	top.Mode = irsa.ModePodIdentity
	plan, err := irsa.NewPlan(top)
	require.NoError(t, err)
	for _, kind := range []render.Kind{render.KindValues, render.KindServiceAccounts} {
		out, err := render.Render(plan, kind, render.Options{})
		require.NoError(t, err)
		assert.NotContains(t, string(out), render.RoleARNAnnotation, kind)
	}
}

func TestRenderIsDeterministic(t *testing.T) {
	plan, err := irsa.NewPlan(golden.Topologies(t)["full"])
	require.NoError(t, err)
	first, err := render.Files(plan, render.Options{})
	require.NoError(t, err)
	for range 20 {
		again, err := render.Files(plan, render.Options{})
		require.NoError(t, err)
		assert.Equal(t, first, again)
	}
}

func TestUnknownKind(t *testing.T) {
	plan, err := irsa.NewPlan(golden.Topologies(t)["full"])
	require.NoError(t, err)
	_, err = render.Render(plan, "helmfile", render.Options{})
	assert.ErrorContains(t, err, `unknown output kind "helmfile"`)
}
