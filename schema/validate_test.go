package schema_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/yaml"

	"github.com/camunda-irsa/camunda-irsa/internal/golden"
	"github.com/camunda-irsa/camunda-irsa/irsa"
	"github.com/camunda-irsa/camunda-irsa/schema"
)

func newValidator(t *testing.T) *schema.Validator {
	t.Helper()
	v, err := schema.New()
	require.NoError(t, err)
	return v
}

// fromYAML decodes YAML (or JSON) the way a caller holding a file would:
// numbers arrive as float64.
func fromYAML(t *testing.T, src string) any {
	t.Helper()
	var doc any
	require.NoError(t, yaml.Unmarshal([]byte(src), &doc))
	return doc
}

// fromJSON decodes JSON the way ToJSONValue does: numbers arrive as
// json.Number.
func fromJSON(t *testing.T, src string) any {
	t.Helper()
	var raw any
	require.NoError(t, json.Unmarshal([]byte(src), &raw))
	doc, err := schema.ToJSONValue(raw)
	require.NoError(t, err)
	return doc
}

func asErrors(t *testing.T, err error) schema.Errors {
	t.Helper()
	require.Error(t, err)
	var errs schema.Errors
	require.True(t, errors.As(err, &errs), "want schema.Errors, got %T: %v", err, err)
	return errs
}

func examples(t *testing.T) map[string][]byte {
	t.Helper()
	files, err := filepath.Glob("../examples/*.yaml")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	out := map[string][]byte{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		out[filepath.Base(f)] = b
	}
	return out
}

func TestTopologyAcceptsExamples(t *testing.T) {
	v := newValidator(t)
	for name, data := range examples(t) {
		t.Run(name, func(t *testing.T) {
			assert.NoError(t, v.ValidateTopology(fromYAML(t, string(data))))

			// The typed model round-trips to a document the schema accepts.
			topo, err := irsa.Decode(data)
			require.NoError(t, err)
			doc, err := schema.ToJSONValue(topo)
			require.NoError(t, err)
			assert.NoError(t, v.ValidateTopology(doc))
		})
	}
}

const baseTopology = `
apiVersion: camunda-irsa/v1
kind: Topology
chart: "8.8"
namespace: camunda
aws: {accountID: "123456789012", region: eu-central-1}
cluster:
  name: camunda
  oidcIssuer: https://oidc.eks.eu-central-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF
aurora:
  endpoint: camunda.cluster-c1a2b3c4d5e6.eu-central-1.rds.amazonaws.com
  port: 5432
  clusterResourceID: cluster-ABCDEFGHIJKLMNOPQRSTUVWXY2
components:
  keycloak: {serviceAccount: keycloak-sa, database: keycloak, dbUser: keycloak_irsa}
`

func TestTopologyRejects(t *testing.T) {
	v := newValidator(t)
	require.NoError(t, v.ValidateTopology(fromYAML(t, baseTopology)))

	for _, tc := range []struct {
		name   string
		change func(doc map[string]any)
		want   schema.Errors
	}{
		{
			name:   "unknown top-level field",
			change: func(d map[string]any) { d["extra"] = true },
			want:   schema.Errors{{Path: "extra", Message: "unknown field"}},
		},
		{
			name:   "unknown nested field",
			change: func(d map[string]any) { obj(d, "components", "keycloak")["dbuser"] = "x" },
			want:   schema.Errors{{Path: "components.keycloak.dbuser", Message: "unknown field"}},
		},
		{
			name:   "unknown component",
			change: func(d map[string]any) { obj(d, "components")["broker"] = map[string]any{"serviceAccount": "zg"} },
			want:   schema.Errors{{Path: "components.broker", Message: "unknown field"}},
		},
		{
			name:   "port as a string",
			change: func(d map[string]any) { obj(d, "aurora")["port"] = "5432" },
			want:   schema.Errors{{Path: "aurora.port", Message: "must be integer, got string"}},
		},
		{
			name:   "port out of range",
			change: func(d map[string]any) { obj(d, "aurora")["port"] = 70000 },
			want:   schema.Errors{{Path: "aurora.port", Message: "must be at most 65535, got 70000"}},
		},
		{
			name:   "block of the wrong type",
			change: func(d map[string]any) { d["aws"] = "123456789012" },
			want:   schema.Errors{{Path: "aws", Message: "must be object, got string"}},
		},
		{
			name:   "chart as a number",
			change: func(d map[string]any) { d["chart"] = 8.8 },
			want:   schema.Errors{{Path: "chart", Message: "must be string, got number"}},
		},
		{
			name:   "account ID too short",
			change: func(d map[string]any) { obj(d, "aws")["accountID"] = "12345" },
			want:   schema.Errors{{Path: "aws.accountID", Message: `must match ^[0-9]{12}$, got "12345"`}},
		},
		{
			name:   "account ID with letters",
			change: func(d map[string]any) { obj(d, "aws")["accountID"] = "12345678901a" },
			want:   schema.Errors{{Path: "aws.accountID", Message: `must match ^[0-9]{12}$, got "12345678901a"`}},
		},
		{
			name:   "unsupported chart line",
			change: func(d map[string]any) { d["chart"] = "8.6" },
			want:   schema.Errors{{Path: "chart", Message: `must be one of "8.7", "8.8", "8.9", "8.10", got "8.6"`}},
		},
		{
			name:   "wrong apiVersion",
			change: func(d map[string]any) { d["apiVersion"] = "v1" },
			want:   schema.Errors{{Path: "apiVersion", Message: `must be "camunda-irsa/v1", got "v1"`}},
		},
		{
			name:   "unknown mode",
			change: func(d map[string]any) { d["mode"] = "pod-identity" },
			want:   schema.Errors{{Path: "mode", Message: `must be one of "irsa", "podIdentity", got "pod-identity"`}},
		},
		{
			name:   "unknown partition",
			change: func(d map[string]any) { obj(d, "aws")["partition"] = "aws-eu" },
			want:   schema.Errors{{Path: "aws.partition", Message: `must be one of "aws", "aws-cn", "aws-us-gov", got "aws-eu"`}},
		},
		{
			name:   "missing fields",
			change: func(d map[string]any) { delete(d, "kind"); delete(obj(d, "components", "keycloak"), "dbUser") },
			want: schema.Errors{
				{Path: "components.keycloak.dbUser", Message: "required field is missing"},
				{Path: "kind", Message: "required field is missing"},
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc := fromYAML(t, baseTopology).(map[string]any)
			tc.change(doc)
			assert.Equal(t, tc.want, asErrors(t, v.ValidateTopology(doc)))
		})
	}
}

// stmt wraps one statement in an otherwise valid policy.
func stmt(s string) string {
	return `{"Version": "2012-10-17", "Statement": [` + s + `]}`
}

// obj returns the object at path in a decoded document.
func obj(doc map[string]any, path ...string) map[string]any {
	for _, p := range path {
		doc = doc[p].(map[string]any)
	}
	return doc
}

func TestPolicyAccepts(t *testing.T) {
	v := newValidator(t)
	for name, src := range map[string]string{
		"a service prefix in upper case (IAM ignores the case of actions)": `{
			"Version": "2012-10-17",
			"Statement": [{"Effect": "Allow", "Action": "S3:GetObject", "Resource": "*"}]
		}`,
		"IRSA trust, string forms": `{
			"Version": "2012-10-17",
			"Statement": [{
				"Sid": "ServiceAccountsOfCamunda",
				"Effect": "Allow",
				"Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-central-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF"},
				"Action": "sts:AssumeRoleWithWebIdentity",
				"Condition": {"StringEquals": {
					"oidc.eks.eu-central-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF:aud": "sts.amazonaws.com",
					"oidc.eks.eu-central-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF:sub": ["system:serviceaccount:camunda:a", "system:serviceaccount:camunda:b"]
				}}
			}]
		}`,
		"Pod Identity trust, statement as an object": `{
			"Version": "2012-10-17",
			"Statement": {
				"Effect": "Allow",
				"Principal": {"Service": "pods.eks.amazonaws.com"},
				"Action": ["sts:AssumeRole", "sts:TagSession"]
			}
		}`,
		"permission, array forms and wildcards": `{
			"Version": "2012-10-17",
			"Id": "camunda-opensearch",
			"Statement": [
				{"Effect": "Allow", "Action": ["es:ESHttpGet", "es:ESHttp*"], "Resource": ["arn:aws:es:eu-central-1:123456789012:domain/camunda/*"]},
				{"Effect": "Allow", "Action": "rds-db:connect", "Resource": "arn:aws:rds-db:eu-central-1:123456789012:dbuser:cluster-ABC/keycloak"},
				{"Effect": "Deny", "NotAction": "s3:Get?bject", "NotResource": "*", "Condition": {
					"Bool": {"aws:SecureTransport": false},
					"NumericLessThan": {"s3:max-keys": 10},
					"ForAnyValue:StringLike": {"aws:TagKeys": ["team-*", "env"]}
				}}
			]
		}`,
		"old version, everyone, NotPrincipal": `{
			"Version": "2008-10-17",
			"Statement": [
				{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"},
				{"Effect": "Deny", "NotPrincipal": {"AWS": ["arn:aws:iam::123456789012:root", "123456789012"], "CanonicalUser": "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"}, "Action": "s3:*", "Resource": "arn:aws:s3:::bucket/*"}
			]
		}`,
	} {
		t.Run(name, func(t *testing.T) {
			assert.NoError(t, v.ValidatePolicy(fromJSON(t, src)))
			assert.NoError(t, v.ValidatePolicy(fromYAML(t, src)), "float64 numbers")
		})
	}
}

// The policies irsa generates are what camunda-irsa prints, so every one
// of every example must pass.
func TestPolicyAcceptsGeneratedPolicies(t *testing.T) {
	v := newValidator(t)
	for _, np := range golden.BothModes(t) {
		require.NotEmpty(t, np.Plan.Roles(), np.Name)
		for _, role := range np.Plan.Roles() {
			for kind, policy := range map[string]irsa.PolicyDocument{"trust": role.TrustPolicy, "permission": role.PermissionPolicy} {
				doc, err := schema.ToJSONValue(policy)
				require.NoError(t, err)
				assert.NoError(t, v.ValidatePolicy(doc), "%s: %s policy of %s", np.Name, kind, role.Name)
			}
		}
	}
}

func TestPolicyRejects(t *testing.T) {
	v := newValidator(t)
	for _, tc := range []struct {
		name string
		doc  string
		want schema.Errors
	}{
		{"unknown version", `{"Version": "2012-10-18", "Statement": {"Effect": "Allow", "Action": "*"}}`,
			schema.Errors{{Path: "Version", Message: `must be one of "2012-10-17", "2008-10-17", got "2012-10-18"`}}},
		{"missing statement (Version is optional, as in IAM)", `{}`,
			schema.Errors{{Path: "Statement", Message: "required field is missing"}}},
		{"unknown document field", `{"Version": "2012-10-17", "Statements": [], "Statement": {"Effect": "Allow", "Action": "*"}}`,
			schema.Errors{{Path: "Statements", Message: "unknown field"}}},
		{"statement as a string", `{"Version": "2012-10-17", "Statement": "Allow"}`,
			schema.Errors{{Path: "Statement", Message: "must be object or array, got string"}}},
		{"no statements", `{"Version": "2012-10-17", "Statement": []}`,
			schema.Errors{{Path: "Statement", Message: "must hold at least 1 item, got 0"}}},
		{"Sid with a hyphen", stmt(`{"Sid": "read-logs", "Effect": "Allow", "Action": "logs:GetLogEvents"}`),
			schema.Errors{{Path: "Statement[0].Sid", Message: `must match ^[A-Za-z0-9]*$, got "read-logs"`}}},
		{"missing Effect", stmt(`{"Action": "*"}`),
			schema.Errors{{Path: "Statement[0].Effect", Message: "required field is missing"}}},
		{"lower-case Effect", stmt(`{"Effect": "allow", "Action": "*"}`),
			schema.Errors{{Path: "Statement[0].Effect", Message: `must be one of "Allow", "Deny", got "allow"`}}},
		{"neither Action nor NotAction", stmt(`{"Effect": "Allow", "Resource": "*"}`),
			schema.Errors{{Path: "Statement[0].Action", Message: "required field is missing"}}},
		{"both Action and NotAction", stmt(`{"Effect": "Allow", "Action": "s3:GetObject", "NotAction": "s3:PutObject"}`),
			schema.Errors{{Path: "Statement[0].NotAction", Message: "cannot be used together with Action"}}},
		{"both Principal and NotPrincipal", stmt(`{"Effect": "Allow", "Principal": "*", "NotPrincipal": "*", "Action": "*"}`),
			schema.Errors{{Path: "Statement[0].NotPrincipal", Message: "cannot be used together with Principal"}}},
		{"both Resource and NotResource", stmt(`{"Effect": "Allow", "Action": "*", "Resource": "*", "NotResource": "*"}`),
			schema.Errors{{Path: "Statement[0].NotResource", Message: "cannot be used together with Resource"}}},
		{"unknown statement field", stmt(`{"Effect": "Allow", "Actions": "*"}`),
			schema.Errors{{Path: "Statement[0].Action", Message: "required field is missing"}, {Path: "Statement[0].Actions", Message: "unknown field"}}},
		{"action without service", stmt(`{"Effect": "Allow", "Action": "GetObject"}`),
			schema.Errors{{Path: "Statement[0].Action", Message: `must match ^(\*|[A-Za-z0-9-]+:[A-Za-z0-9*?]+)$, got "GetObject"`}}},
		{"bad action in a list", stmt(`{"Effect": "Allow", "Action": ["s3:GetObject", "s3:Get Object"]}`),
			schema.Errors{{Path: "Statement[0].Action[1]", Message: `must match ^(\*|[A-Za-z0-9-]+:[A-Za-z0-9*?]+)$, got "s3:Get Object"`}}},
		{"empty action list", stmt(`{"Effect": "Allow", "Action": []}`),
			schema.Errors{{Path: "Statement[0].Action", Message: "must hold at least 1 item, got 0"}}},
		{"action as a number", stmt(`{"Effect": "Allow", "Action": 1}`),
			schema.Errors{{Path: "Statement[0].Action", Message: "must be string or array, got number"}}},
		{"resource that is no ARN", stmt(`{"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["*", "my-bucket"]}`),
			schema.Errors{{Path: "Statement[0].Resource[1]", Message: `must match ^(\*|arn:.+)$, got "my-bucket"`}}},
		{"principal string other than *", stmt(`{"Effect": "Allow", "Principal": "123456789012", "Action": "sts:AssumeRole"}`),
			schema.Errors{{Path: "Statement[0].Principal", Message: `must be "*", got "123456789012"`}}},
		{"unknown principal type", stmt(`{"Effect": "Allow", "Principal": {"User": "alice"}, "Action": "sts:AssumeRole"}`),
			schema.Errors{{Path: "Statement[0].Principal.User", Message: "unknown field"}}},
		{"empty principal", stmt(`{"Effect": "Allow", "Principal": {}, "Action": "sts:AssumeRole"}`),
			schema.Errors{{Path: "Statement[0].Principal", Message: "must hold at least 1 field, got 0"}}},
		{"principal of the wrong type", stmt(`{"Effect": "Allow", "Principal": {"Service": 1}, "Action": "sts:AssumeRole"}`),
			schema.Errors{{Path: "Statement[0].Principal.Service", Message: "must be string or array, got number"}}},
		{"unknown condition operator", stmt(`{"Effect": "Allow", "Action": "*", "Condition": {"String Equals": {"aws:PrincipalTag/team": "a"}}}`),
			schema.Errors{{Path: "Statement[0].Condition.String Equals", Message: "unknown field"}}},
		{"condition operator without keys", stmt(`{"Effect": "Allow", "Action": "*", "Condition": {"StringEquals": "a"}}`),
			schema.Errors{{Path: "Statement[0].Condition.StringEquals", Message: "must be object, got string"}}},
		{"condition value as an object", stmt(`{"Effect": "Allow", "Action": "*", "Condition": {"StringEquals": {"aws:PrincipalTag/team": {"a": 1}}}}`),
			schema.Errors{{Path: "Statement[0].Condition.StringEquals.aws:PrincipalTag/team", Message: "must be boolean or number or string or array, got object"}}},
		{"condition value list holding a list", stmt(`{"Effect": "Allow", "Action": "*", "Condition": {"StringEquals": {"k": ["a", ["b"]]}}}`),
			schema.Errors{{Path: "Statement[0].Condition.StringEquals.k[1]", Message: "must be boolean or number or string, got array"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, asErrors(t, v.ValidatePolicy(fromJSON(t, tc.doc))))
		})
	}
}

const validOverlay = `
global:
  opensearch:
    enabled: true
    aws: {enabled: true}
    url: {protocol: https, host: vpc-camunda.eu-central-1.es.amazonaws.com, port: 443}
  identity:
    keycloak:
      url: http://keycloak.example.com
identityKeycloak:
  serviceAccount:
    create: true
    name: keycloak-sa
    annotations:
      eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/camunda-keycloak
  externalDatabase: {host: db.example.com, port: 5432, user: keycloak_irsa, database: keycloak}
  extraEnvVars:
    - {name: KEYCLOAK_JDBC_DRIVER, value: aws-wrapper:postgresql}
  extraVolumeMounts:
    - {name: data-tmp, mountPath: /opt/bitnami/keycloak/data/tmp}
identity:
  serviceAccount:
    enabled: true
    name: identity-sa
    annotations:
      eks.amazonaws.com/role-arn: arn:aws-cn:iam::123456789012:role/platform/camunda-identity
  externalDatabase: {enabled: true, host: db.example.com, port: 5432}
  env:
    - {name: SPRING_DATASOURCE_USERNAME, value: identity_irsa}
    - name: FROM_SECRET
      valueFrom: {secretKeyRef: {name: s, key: k}}
orchestration:
  serviceAccount: {name: orchestration-sa}
`

func TestOverlayAccepts(t *testing.T) {
	v := newValidator(t)
	assert.NoError(t, v.ValidateOverlay(fromYAML(t, validOverlay)))
	assert.NoError(t, v.ValidateOverlay(fromJSON(t, mustJSON(t, fromYAML(t, validOverlay)))))
	assert.NoError(t, v.ValidateOverlay(map[string]any{}))
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

func TestOverlayRejects(t *testing.T) {
	v := newValidator(t)
	const arnPattern = `^arn:aws(-cn|-us-gov)?:iam::[0-9]{12}:role/[\w+=,.@/-]{1,64}$`
	for _, tc := range []struct {
		name string
		doc  string
		want schema.Errors
	}{
		{"string port in externalDatabase", `identity: {externalDatabase: {port: "5432"}}`,
			schema.Errors{{Path: "identity.externalDatabase.port", Message: "must be integer, got string"}}},
		{"string port in a url", `global: {opensearch: {url: {port: "443"}}}`,
			schema.Errors{{Path: "global.opensearch.url.port", Message: "must be integer, got string"}}},
		{"fractional port", `global: {elasticsearch: {url: {port: 65535.5}}}`,
			schema.Errors{{Path: "global.elasticsearch.url.port", Message: "must be integer, got number"}}},
		{"port zero", `optimize: {database: {opensearch: {url: {port: 0}}}}`,
			schema.Errors{{Path: "optimize.database.opensearch.url.port", Message: "must be at least 1, got 0"}}},
		{"named port key", `webModeler: {restapi: {externalDatabase: {adminPort: 5432.5}}}`,
			schema.Errors{{Path: "webModeler.restapi.externalDatabase.adminPort", Message: "must be integer, got number"}}},
		{"string enabled", `global: {opensearch: {aws: {enabled: "true"}}}`,
			schema.Errors{{Path: "global.opensearch.aws.enabled", Message: "must be boolean, got string"}}},
		{"numeric enabled in a list", `extraVolumes: [{enabled: 1}]`,
			schema.Errors{{Path: "extraVolumes[0].enabled", Message: "must be boolean, got number"}}},
		{"role-arn with a short account", `identity: {serviceAccount: {annotations: {eks.amazonaws.com/role-arn: "arn:aws:iam::12345:role/x"}}}`,
			schema.Errors{{Path: "identity.serviceAccount.annotations.eks.amazonaws.com/role-arn", Message: `must match ` + arnPattern + `, got "arn:aws:iam::12345:role/x"`}}},
		{"role-arn of a user", `identity: {serviceAccount: {annotations: {eks.amazonaws.com/role-arn: "arn:aws:iam::123456789012:user/x"}}}`,
			schema.Errors{{Path: "identity.serviceAccount.annotations.eks.amazonaws.com/role-arn", Message: `must match ` + arnPattern + `, got "arn:aws:iam::123456789012:user/x"`}}},
		{"role-arn with an unknown partition", `identity: {serviceAccount: {annotations: {eks.amazonaws.com/role-arn: "arn:aws-eu:iam::123456789012:role/x"}}}`,
			schema.Errors{{Path: "identity.serviceAccount.annotations.eks.amazonaws.com/role-arn", Message: `must match ` + arnPattern + `, got "arn:aws-eu:iam::123456789012:role/x"`}}},
		{"role-arn placeholder", `identity: {serviceAccount: {annotations: {eks.amazonaws.com/role-arn: "${DB_ROLE_IDENTITY_ARN}"}}}`,
			schema.Errors{{Path: "identity.serviceAccount.annotations.eks.amazonaws.com/role-arn", Message: `must match ` + arnPattern + `, got "${DB_ROLE_IDENTITY_ARN}"`}}},
		{"non-string annotation", `identity: {serviceAccount: {annotations: {example.com/weight: 3}}}`,
			schema.Errors{{Path: "identity.serviceAccount.annotations.example.com/weight", Message: "must be string, got number"}}},
		{"unknown serviceAccount key", `identity: {serviceAccount: {annotation: {}}}`,
			schema.Errors{{Path: "identity.serviceAccount.annotation", Message: "unknown field"}}},
		{"invalid serviceAccount name", `elasticsearch: {master: {serviceAccount: {create: true, name: Master_SA}}}`,
			schema.Errors{{Path: "elasticsearch.master.serviceAccount.name", Message: `must match ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$, got "Master_SA"`}}},
		{"string create", `identityKeycloak: {serviceAccount: {create: "yes"}}`,
			schema.Errors{{Path: "identityKeycloak.serviceAccount.create", Message: "must be boolean, got string"}}},
		{"env item without name", `identity: {env: [{value: x}]}`,
			schema.Errors{{Path: "identity.env[0].name", Message: "required field is missing"}}},
		{"env value as a number", `identity: {env: [{name: PORT, value: 8080}]}`,
			schema.Errors{{Path: "identity.env[0].value", Message: "must be string, got number"}}},
		{"env as a map", `identity: {env: {PORT: "8080"}}`,
			schema.Errors{{Path: "identity.env", Message: "must be array, got object"}}},
		{"env item with a typo", `identityKeycloak: {extraEnvVars: [{name: A, values: b}]}`,
			schema.Errors{{Path: "identityKeycloak.extraEnvVars[0].values", Message: "unknown field"}}},
		{"volume mount without mountPath", `identityKeycloak: {extraVolumeMounts: [{name: data-tmp}]}`,
			schema.Errors{{Path: "identityKeycloak.extraVolumeMounts[0].mountPath", Message: "required field is missing"}}},
		{"volume mounts as strings", `identity: {extraVolumeMounts: [/tmp]}`,
			schema.Errors{{Path: "identity.extraVolumeMounts[0]", Message: "must be object, got string"}}},
		{"not an object", `[]`,
			schema.Errors{{Path: "", Message: "must be object, got array"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, asErrors(t, v.ValidateOverlay(fromYAML(t, tc.doc))))
		})
	}
}

func TestErrorsAreSortedAndDeduplicated(t *testing.T) {
	v := newValidator(t)
	// Both statements break the same rules; each path is reported once,
	// in path order, whatever order the validator found them in.
	doc := fromJSON(t, `{"Version": "2012-10-17", "Extra": 1, "Statement": [
		{"Effect": "allow", "Action": "x", "Sid": "a-b"},
		{"Effect": "allow", "Action": "x", "Sid": "a-b"}]}`)
	errs := asErrors(t, v.ValidatePolicy(doc))
	var paths []string
	for _, e := range errs {
		paths = append(paths, e.Path)
	}
	assert.Equal(t, []string{
		"Extra",
		"Statement[0].Action", "Statement[0].Effect", "Statement[0].Sid",
		"Statement[1].Action", "Statement[1].Effect", "Statement[1].Sid",
	}, paths)
}

func TestErrorsError(t *testing.T) {
	errs := schema.Errors{
		{Path: "", Message: "must be object, got array"},
		{Path: "aws.accountID", Message: "must be 12 digits"},
	}
	assert.Equal(t, "(top level): must be object, got array\naws.accountID: must be 12 digits", errs.Error())
	assert.Equal(t, "aws.accountID: must be 12 digits", errs[1].Error())
}

func TestToJSONValue(t *testing.T) {
	doc, err := schema.ToJSONValue(irsa.NewPolicy(irsa.PodIdentityTrust("PodIdentity")))
	require.NoError(t, err)
	stmt := doc.(map[string]any)["Statement"].([]any)[0].(map[string]any)
	assert.Equal(t, []any{"sts:AssumeRole", "sts:TagSession"}, stmt["Action"])

	n, err := schema.ToJSONValue(map[string]int{"port": 5432})
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"port": json.Number("5432")}, n)

	_, err = schema.ToJSONValue(make(chan int))
	assert.Error(t, err)
}

func TestNonJSONValueIsAnError(t *testing.T) {
	v := newValidator(t)
	// A Go struct must go through ToJSONValue first; passed as it is, it is
	// reported rather than silently accepted.
	err := v.ValidatePolicy(irsa.NewPolicy())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "irsa.PolicyDocument")
}
