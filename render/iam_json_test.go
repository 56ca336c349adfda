package render_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/camunda-irsa/camunda-irsa/internal/golden"
	"github.com/camunda-irsa/camunda-irsa/irsa"
	"github.com/camunda-irsa/camunda-irsa/render"
)

// encodingJSON is render.JSON as it was: encoding/json by reflection.
func encodingJSON(t *testing.T, v any) string {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	require.NoError(t, enc.Encode(v))
	return buf.String()
}

func checkJSON(t *testing.T, v any) {
	t.Helper()
	got, err := render.JSON(v)
	require.NoError(t, err)
	assert.Equal(t, encodingJSON(t, v), string(got))
}

// TestIAMJSONMatchesEncodingJSON holds the hand-written encoder of the IAM
// document to encoding/json: on every example in both modes, and on a
// document with every field set to strings that need escaping.
func TestIAMJSONMatchesEncodingJSON(t *testing.T) {
	for name, top := range golden.Topologies(t) {
		for _, mode := range []irsa.Mode{irsa.ModeIRSA, irsa.ModePodIdentity} {
			top.Mode = mode
			plan, err := irsa.NewPlan(top)
			require.NoError(t, err, name)
			doc := render.IAM(plan)
			checkJSON(t, doc)
			for _, r := range plan.Roles {
				checkJSON(t, r.TrustPolicy)
				checkJSON(t, r.PermissionPolicy)
			}
		}
	}

	odd := []string{"a<b>&c", `"q"`, `\`, "tab\t", "nl\n", "\u2028", "\xff", "日本", "\x01", ""}
	policy := irsa.NewPolicy(irsa.Statement{Sid: odd[0], Effect: irsa.Effect(odd[1]), Action: irsa.Strings(odd[2:4]),
		Resource: irsa.Strings(odd[4:5]), Principal: &irsa.Principal{AWS: irsa.Strings(odd[5:6])},
		Condition: irsa.Condition{odd[6]: {odd[7]: irsa.Strings(odd[8:])}}})
	role := render.IAMRole{Name: odd[0], ARN: odd[1], Path: odd[2], PermissionsBoundary: odd[3], MaxSessionDuration: 3600,
		Tags: map[string]string{odd[4]: odd[5], odd[6]: odd[7], "b": odd[9]}, ServiceAccounts: odd[8:],
		TrustPolicy: policy, PermissionPolicy: irsa.NewPolicy(irsa.Allowing(odd[7], odd[8:])), Notes: odd}
	assoc := render.IAMAssociation{Cluster: odd[0], Namespace: odd[1], ServiceAccount: odd[2], RoleARN: odd[3]}
	// A field added to these types needs a line in their appendJSON;
	// this fails until the values above set it.
	for _, v := range []any{role, assoc} {
		rv := reflect.ValueOf(v)
		for i := range rv.NumField() {
			assert.False(t, rv.Field(i).IsZero(), "%T.%s is not set here; does appendJSON write it?", v, rv.Type().Field(i).Name)
		}
	}
	for _, doc := range []render.IAMDocument{
		{Roles: []render.IAMRole{role, {Name: "minimal", TrustPolicy: irsa.PolicyDocument{Statement: []irsa.Statement{}}}}, Associations: []render.IAMAssociation{assoc, {}}},
		{Roles: []render.IAMRole{}},
		{},
	} {
		checkJSON(t, doc)
	}
}
