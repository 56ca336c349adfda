package irsa_test

import (
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/camunda-irsa/camunda-irsa/irsa"
)

// TestOnlyNewPlanMakesAPlan: a nil plan and a zero plan are refused by
// Check, which every renderer calls first.
func TestOnlyNewPlanMakesAPlan(t *testing.T) {
	var nilPlan *irsa.Plan
	assert.ErrorIs(t, nilPlan.Check(), irsa.ErrNoPlan)
	assert.ErrorIs(t, (&irsa.Plan{}).Check(), irsa.ErrNoPlan)
	assert.NoError(t, mustPlan(t, fullTopology()).Check())
}

// TestPlanHandsOutCopies: whatever a caller does to what the accessors
// return, the plan stays as NewPlan made it.
func TestPlanHandsOutCopies(t *testing.T) {
	top := fullTopology()
	top.Mode = irsa.ModePodIdentity
	top.PodIdentity = &irsa.PodIdentity{ConditionOnSessionTags: ptr(true)}
	top.RoleDefaults.Tags = map[string]string{"team": "platform"}
	top.Components.Keycloak.Tags = map[string]string{"app": "keycloak"}
	p := mustPlan(t, top)
	before := snapshot(p)

	mutate(reflect.ValueOf(p.Topology()))
	for _, r := range p.Roles() {
		mutate(reflect.ValueOf(r))
	}
	for _, b := range p.ServiceAccounts() {
		mutate(reflect.ValueOf(b))
	}
	r, ok := p.RoleFor(irsa.Keycloak)
	require.True(t, ok)
	mutate(reflect.ValueOf(r))
	mutate(reflect.ValueOf(p.Clusters()))
	mutate(reflect.ValueOf(p.Associations()))
	mutate(reflect.ValueOf(p.Databases()))

	assert.Equal(t, before, snapshot(p))
}

func snapshot(p *irsa.Plan) []any {
	return []any{p.Topology(), p.Roles(), p.ServiceAccounts(), p.Clusters(), p.Associations(), p.Databases()}
}

// mutate changes every string, int and map entry reachable from v
// through pointers, slices, maps and struct fields: a shallow copy
// anywhere lets the change reach the plan.
func mutate(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			mutate(v.Elem())
		}
	case reflect.Struct:
		for i := range v.NumField() {
			mutate(v.Field(i))
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			mutate(v.Index(i))
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			elem := reflect.New(v.Type().Elem()).Elem()
			elem.Set(v.MapIndex(k))
			if elem.Kind() == reflect.String {
				v.SetMapIndex(k, reflect.ValueOf("changed").Convert(v.Type().Elem()))
				continue
			}
			mutate(elem)
		}
		if !v.IsNil() && v.Type().Key().Kind() == reflect.String && v.Type().Elem().Kind() == reflect.String {
			v.SetMapIndex(reflect.ValueOf("added").Convert(v.Type().Key()), reflect.ValueOf("x").Convert(v.Type().Elem()))
		}
	case reflect.String:
		if v.CanSet() {
			v.SetString(v.String() + "-changed")
		}
	case reflect.Int:
		if v.CanSet() {
			v.SetInt(v.Int() + 1)
		}
	}
}
