package render_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/yaml"

	"github.com/camunda-irsa/camunda-irsa/internal/golden"
	"github.com/camunda-irsa/camunda-irsa/irsa"
	"github.com/camunda-irsa/camunda-irsa/render"
)

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
// the serviceAccount block the chart-line table names holds the
// topology's service account and the ARN of the role the plan gave that
// component.
func TestOverlayPutsEachRoleOnItsServiceAccount(t *testing.T) {
	for _, c := range golden.Cases(t) {
		plan := c.Plan
		t.Run(c.Example+"/"+c.Line, func(t *testing.T) {
			out, err := render.Values(plan)
			require.NoError(t, err)
			var values map[string]any
			require.NoError(t, yaml.Unmarshal(out, &values))
			for _, comp := range plan.Topology().Components.Listed() {
				role, ok := plan.RoleFor(comp.Name)
				require.True(t, ok)
				if comp.ManagedBy == irsa.KeycloakByOperator {
					continue // runs outside the chart
				}
				spec, ok := plan.Line().Component(comp.Name)
				require.True(t, ok)
				sa := lookup(t, values, strings.Split(spec.ServiceAccount, ".")...).(map[string]any)
				assert.Equal(t, comp.ServiceAccount, sa["name"], comp.Name)
				if plan.Mode() == irsa.ModeIRSA {
					assert.Equal(t, role.ARN, lookup(t, sa, "annotations", render.RoleARNAnnotation), comp.Name)
				} else {
					assert.NotContains(t, sa, "annotations", "Pod Identity binds roles by association")
				}
				enabled := sa["enabled"]
				if spec.Subchart {
					enabled = sa["create"]
				}
				assert.Equal(t, true, enabled, "%s service account is created by the chart", comp.Name)
			}
		})
	}
}

func TestOverlayPortsAreIntegers(t *testing.T) {
	top := golden.Topologies(t)["aurora-only"]
	plan, err := irsa.NewPlan(top)
	require.NoError(t, err)
	out, err := render.Values(plan)
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
	for _, render := range []func(*irsa.Plan) ([]byte, error){render.Values, render.ServiceAccounts} {
		out, err := render(plan)
		require.NoError(t, err)
		assert.NotContains(t, string(out), "eks.amazonaws.com/role-arn")
	}
}

// TestRenderersRefuseAPlanNewPlanDidNotMake: nil and zero plans are an
// error, never a panic or an empty document.
func TestRenderersRefuseAPlanNewPlanDidNotMake(t *testing.T) {
	for _, p := range []*irsa.Plan{nil, {}} {
		for name, render := range map[string]func(*irsa.Plan) ([]byte, error){
			"values": render.Values, "serviceaccounts": render.ServiceAccounts, "iam": render.IAM, "keycloak": render.Keycloak,
		} {
			out, err := render(p)
			assert.ErrorIs(t, err, irsa.ErrNoPlan, name)
			assert.Nil(t, out, name)
		}
	}
}

// With createServiceAccount: false the overlay leaves the service account
// to the user (enabled or create false, the name, no annotation), and
// the ServiceAccounts are exactly those the chart then does not create:
// applying one the chart creates too would make Helm refuse the release.
func TestServiceAccountsCreatedOutsideTheChart(t *testing.T) {
	no := false
	top := golden.Topologies(t)["full"]
	top.Components.Identity.CreateServiceAccount = &no
	top.Components.Keycloak.CreateServiceAccount = &no
	plan, err := irsa.NewPlan(top)
	require.NoError(t, err)

	out, err := render.Values(plan)
	require.NoError(t, err)
	var values map[string]any
	require.NoError(t, yaml.Unmarshal(out, &values))
	assert.Equal(t, map[string]any{"enabled": false, "name": "identity-sa"}, lookup(t, values, "identity", "serviceAccount"))
	assert.Equal(t, map[string]any{"create": false, "name": "keycloak-sa"}, lookup(t, values, "identityKeycloak", "serviceAccount"))
	assert.Equal(t, true, lookup(t, values, "optimize", "serviceAccount", "enabled"))

	sas, err := render.NewServiceAccounts(plan)
	require.NoError(t, err)
	var names []string
	for _, sa := range sas {
		names = append(names, sa.Name)
		role, _ := plan.RoleFor(irsa.Identity)
		if sa.Name == "identity-sa" {
			assert.Equal(t, role.ARN, sa.Annotations[render.RoleARNAnnotation])
		}
	}
	assert.Equal(t, []string{"identity-sa", "keycloak-sa"}, names)

	all, err := render.NewServiceAccounts(golden.Plan(t, "full", irsa.ModeIRSA))
	require.NoError(t, err)
	assert.Len(t, all, 5, "without createServiceAccount: false, every service account")
}
