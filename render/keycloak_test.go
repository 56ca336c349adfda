package render_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/yaml"

	"github.com/camunda-irsa/camunda-irsa/internal/golden"
	"github.com/camunda-irsa/camunda-irsa/irsa"
	"github.com/camunda-irsa/camunda-irsa/render"
)

// keycloakTopology is a topology with only Keycloak, on the Aurora
// cluster and in the namespace of examples/full.yaml.
func keycloakTopology(chart string, mode irsa.Mode, k irsa.KeycloakComponent) irsa.Topology {
	return irsa.Topology{
		APIVersion: irsa.APIVersion, Kind: irsa.Kind, Chart: chart, Namespace: "camunda", Mode: mode,
		AWS: irsa.AWS{AccountID: "123456789012", Region: "eu-central-1"},
		Cluster: irsa.Cluster{Name: "camunda",
			OIDCIssuer: "https://oidc.eks.eu-central-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF"},
		Aurora: &irsa.Aurora{Endpoint: "camunda.cluster-c1a2b3c4d5e6.eu-central-1.rds.amazonaws.com",
			ClusterResourceID: "cluster-ABCDEFGHIJKLMNOPQRSTUVWXY2"},
		Components: irsa.Components{Keycloak: &k},
	}
}

const customKeycloakImage = "registry.example.com/identity/keycloak:26.3.1-aws"

// keycloakTopologies are operator-managed Keycloaks built here, beside
// the examples: the examples run Keycloak in the chart on their own
// lines. The one on 8.10 is Keycloak of examples/full.yaml on 8.10.
func keycloakTopologies() map[string]irsa.Topology {
	sa := irsa.KeycloakComponent{ServiceAccount: "keycloak-sa", Database: "keycloak", DBUser: "keycloak_irsa"}
	operator := sa
	operator.ManagedBy = irsa.KeycloakByOperator
	custom := operator
	custom.Image = customKeycloakImage
	custom.Database = "auth"
	onPort := keycloakTopology("8.8", irsa.ModeIRSA, custom)
	onPort.Namespace = "identity"
	onPort.Aurora.Port = 5433
	return map[string]irsa.Topology{
		"8.10":                      keycloakTopology("8.10", "", sa),
		"8.9-operator-pod-identity": keycloakTopology("8.9", irsa.ModePodIdentity, operator),
		"8.8-operator-custom-image": onPort,
	}
}

// operatorKeycloakPlans are every example on every line where its
// Keycloak is operator-managed, and keycloakTopologies.
func operatorKeycloakPlans(t *testing.T) map[string]*irsa.Plan {
	t.Helper()
	plans := map[string]*irsa.Plan{}
	for _, c := range golden.Cases(t) {
		if k := c.Plan.Topology().Components.Keycloak; k != nil && k.ManagedBy == irsa.KeycloakByOperator {
			plans[c.Example+"/"+c.Line] = c.Plan
		}
	}
	require.Contains(t, plans, "full/8.10", "examples/full.yaml defaults to the operator on the line without the subchart")
	for name, top := range keycloakTopologies() {
		plan, err := irsa.NewPlan(top)
		require.NoError(t, err, name)
		plans[name] = plan
	}
	return plans
}

// documents splits a rendered stream into its documents, decoded.
func documents(t *testing.T, out []byte) []map[string]any {
	t.Helper()
	parts := regexp.MustCompile(`(?m)^---\n`).Split(string(out), -1)
	require.Equal(t, render.GeneratedHeader, parts[0], "the stream starts with the header")
	docs := make([]map[string]any, 0, len(parts)-1)
	for _, part := range parts[1:] {
		var doc map[string]any
		require.NoError(t, yaml.Unmarshal([]byte(part), &doc), part)
		docs = append(docs, doc)
	}
	return docs
}

func keycloakSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	path := filepath.Join(golden.Root(t), "testdata", "crds", "keycloak-v2alpha1.schema.json")
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	require.NoError(t, err)
	c := jsonschema.NewCompiler()
	require.NoError(t, c.AddResource(path, doc))
	sch, err := c.Compile(path)
	require.NoError(t, err)
	return sch
}

// TestKeycloakValidatesAgainstCRDSchema checks the Keycloak resource of
// every operator-managed Keycloak against the subset of the operator's
// CRD schema camunda-irsa writes, and that the stream is the
// ServiceAccount, the Secret and the Keycloak, in that order.
func TestKeycloakValidatesAgainstCRDSchema(t *testing.T) {
	sch := keycloakSchema(t)
	for name, plan := range operatorKeycloakPlans(t) {
		t.Run(name, func(t *testing.T) {
			out, err := render.Keycloak(plan)
			require.NoError(t, err)
			docs := documents(t, out)
			require.Len(t, docs, 3)
			var kinds []any
			for _, d := range docs {
				kinds = append(kinds, d["kind"])
			}
			assert.Equal(t, []any{"ServiceAccount", "Secret", "Keycloak"}, kinds)
			// Through JSON again: the validator wants json.Number numbers.
			data, err := json.Marshal(docs[2])
			require.NoError(t, err)
			inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
			require.NoError(t, err)
			assert.NoError(t, sch.Validate(inst))
		})
	}
}

// TestKeycloakSchemaRejectsWhatTheCRDWouldPrune keeps the schema test
// meaningful: a field the CRD does not have, or a wrong type, fails.
func TestKeycloakSchemaRejectsWhatTheCRDWouldPrune(t *testing.T) {
	sch := keycloakSchema(t)
	for name, doc := range map[string]string{
		"unknown db field":             `{"apiVersion":"k8s.keycloak.org/v2alpha1","kind":"Keycloak","metadata":{"name":"k"},"spec":{"db":{"driver":"x"}}}`,
		"xaEnabled as string":          `{"apiVersion":"k8s.keycloak.org/v2alpha1","kind":"Keycloak","metadata":{"name":"k"},"spec":{"transaction":{"xaEnabled":"false"}}}`,
		"serviceAccountName as number": `{"apiVersion":"k8s.keycloak.org/v2alpha1","kind":"Keycloak","metadata":{"name":"k"},"spec":{"unsupported":{"podTemplate":{"spec":{"serviceAccountName":1}}}}}`,
	} {
		inst, err := jsonschema.UnmarshalJSON(strings.NewReader(doc))
		require.NoError(t, err)
		assert.Error(t, sch.Validate(inst), name)
	}
}

// TestKeycloakObjects checks what the objects say, field by field.
func TestKeycloakObjects(t *testing.T) {
	for name, tc := range map[string]struct {
		top                  irsa.Topology
		namespace, image, db string
	}{
		"default image": {keycloakTopologies()["8.10"], "camunda", irsa.DefaultKeycloakImage,
			"camunda.cluster-c1a2b3c4d5e6.eu-central-1.rds.amazonaws.com:5432/keycloak"},
		"custom image and port": {keycloakTopologies()["8.8-operator-custom-image"], "identity", customKeycloakImage,
			"camunda.cluster-c1a2b3c4d5e6.eu-central-1.rds.amazonaws.com:5433/auth"},
	} {
		t.Run(name, func(t *testing.T) {
			plan, err := irsa.NewPlan(tc.top)
			require.NoError(t, err)
			o, err := render.NewKeycloak(plan)
			require.NoError(t, err)

			assert.Equal(t, "keycloak-sa", o.ServiceAccount.Name)
			assert.Equal(t, map[string]string{render.KeycloakUsernameKey: "keycloak_irsa"}, o.Secret.StringData, "the user name and nothing else")
			assert.EqualValues(t, "Opaque", o.Secret.Type)

			kc := o.Keycloak
			assert.Equal(t, render.KeycloakAPIVersion, kc.APIVersion)
			assert.Equal(t, "Keycloak", kc.Kind)
			assert.Equal(t, render.KeycloakName, kc.Name)
			for _, ns := range []string{o.ServiceAccount.Namespace, o.Secret.Namespace, kc.Namespace} {
				assert.Equal(t, tc.namespace, ns, "the plan's namespace")
			}
			assert.Equal(t, tc.image, kc.Spec.Image)
			assert.Equal(t, "postgres", kc.Spec.DB.Vendor)
			assert.Equal(t, "jdbc:aws-wrapper:postgresql://"+tc.db+"?wrapperPlugins=iam&ssl=true&sslmode=require", kc.Spec.DB.URL)
			assert.Equal(t, render.KeycloakSecretKey{Name: o.Secret.Name, Key: render.KeycloakUsernameKey}, kc.Spec.DB.UsernameSecret,
				"the resource names the Secret written beside it")
			assert.Equal(t, []render.KeycloakOption{{Name: "db-driver", Value: "software.amazon.jdbc.Driver"}}, kc.Spec.AdditionalOptions)
			assert.False(t, kc.Spec.Transaction.XAEnabled)
			assert.Equal(t, "keycloak-sa", kc.Spec.Unsupported.PodTemplate.Spec.ServiceAccountName)
		})
	}
}

// TestKeycloakHasNoPassword: no key or value of any document names a
// password; the wrapper signs an IAM token instead.
func TestKeycloakHasNoPassword(t *testing.T) {
	var walk func(path string, v any) []string
	walk = func(path string, v any) []string {
		var found []string
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				if strings.Contains(strings.ToLower(k), "password") {
					found = append(found, path+"."+k)
				}
				found = append(found, walk(path+"."+k, e)...)
			}
		case []any:
			for _, e := range x {
				found = append(found, walk(path+"[]", e)...)
			}
		case string:
			if strings.Contains(strings.ToLower(x), "password") {
				found = append(found, path+": "+x)
			}
		}
		return found
	}
	for name, plan := range operatorKeycloakPlans(t) {
		out, err := render.Keycloak(plan)
		require.NoError(t, err, name)
		for _, doc := range documents(t, out) {
			assert.Empty(t, walk(doc["kind"].(string), doc), name)
		}
	}
}

// TestKeycloakServiceAccount: the ServiceAccount is the one
// NewServiceAccounts writes, annotated with Keycloak's role in IRSA mode
// and not at all in Pod Identity mode.
func TestKeycloakServiceAccount(t *testing.T) {
	for _, mode := range []irsa.Mode{irsa.ModeIRSA, irsa.ModePodIdentity} {
		t.Run(string(mode), func(t *testing.T) {
			top := keycloakTopologies()["8.10"]
			top.Mode = mode
			plan, err := irsa.NewPlan(top)
			require.NoError(t, err)
			o, err := render.NewKeycloak(plan)
			require.NoError(t, err)
			sas, err := render.NewServiceAccounts(plan)
			require.NoError(t, err)
			require.Len(t, sas, 1)
			assert.Equal(t, sas[0], o.ServiceAccount)
			role, ok := plan.RoleFor(irsa.Keycloak)
			require.True(t, ok)
			if mode == irsa.ModeIRSA {
				assert.Equal(t, map[string]string{render.RoleARNAnnotation: role.ARN}, o.ServiceAccount.Annotations)
			} else {
				assert.Empty(t, o.ServiceAccount.Annotations, "Pod Identity binds roles by association")
			}
		})
	}
}

// TestKeycloakNotApplicable: without an operator-managed Keycloak there
// is nothing to write, and the error says so comparably.
func TestKeycloakNotApplicable(t *testing.T) {
	chart := irsa.KeycloakComponent{ServiceAccount: "keycloak-sa", Database: "keycloak", DBUser: "keycloak_irsa"}
	explicit := chart
	explicit.ManagedBy = irsa.KeycloakByChart
	for name, top := range map[string]irsa.Topology{
		"chart by default on 8.9": keycloakTopology("8.9", "", chart),
		"chart on 8.7":            keycloakTopology("8.7", "", explicit),
		"no keycloak":             golden.Topologies(t)["opensearch-only"],
		"full on its own line":    golden.Topologies(t)["full"],
	} {
		plan, err := irsa.NewPlan(top)
		require.NoError(t, err, name)
		out, err := render.Keycloak(plan)
		assert.ErrorIs(t, err, render.ErrNoOperatorKeycloak, name)
		assert.Nil(t, out, name)
	}
}

// TestKeycloakGolden pins the stream of the topologies built here: the
// examples run Keycloak in the chart on their own lines, so golden.Pin
// in TestGolden has none of them yet. The one on 8.10 is also what
// examples/full.yaml gives on 8.10, which the README shows.
func TestKeycloakGolden(t *testing.T) {
	outputs := map[string][]byte{}
	for _, name := range golden.Keys(keycloakTopologies()) {
		plan, err := irsa.NewPlan(keycloakTopologies()[name])
		require.NoError(t, err, name)
		out, err := render.Keycloak(plan)
		require.NoError(t, err, name)
		outputs[name] = out
		t.Run(name, func(t *testing.T) {
			golden.Assert(t, filepath.Join("testdata", "keycloak", name+".yaml"), out)
		})
	}
	full, err := render.Keycloak(golden.Plans(t)["full/8.10"])
	require.NoError(t, err)
	assert.Equal(t, string(outputs["8.10"]), string(full))
}
