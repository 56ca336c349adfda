package irsa_test

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/camunda-irsa/camunda-irsa/irsa"
)

// fullJSON is examples/full.yaml written as JSON.
const fullJSON = `{
  "apiVersion": "camunda-irsa/v1",
  "kind": "Topology",
  "chart": "8.8",
  "namespace": "camunda",
  "aws": {"accountID": "123456789012", "region": "eu-central-1"},
  "cluster": {
    "name": "camunda",
    "oidcIssuer": "https://oidc.eks.eu-central-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF"
  },
  "aurora": {
    "endpoint": "camunda.cluster-c1a2b3c4d5e6.eu-central-1.rds.amazonaws.com",
    "port": 5432,
    "clusterResourceID": "cluster-ABCDEFGHIJKLMNOPQRSTUVWXY2"
  },
  "opensearch": {
    "domain": "camunda",
    "endpoint": "vpc-camunda-abcdefghijklmnopqrstuvwxyz.eu-central-1.es.amazonaws.com"
  },
  "components": {
    "keycloak": {"serviceAccount": "keycloak-sa", "database": "keycloak", "dbUser": "keycloak_irsa"},
    "identity": {"serviceAccount": "identity-sa", "database": "identity", "dbUser": "identity_irsa"},
    "webModeler": {"serviceAccount": "webmodeler-sa", "database": "webmodeler", "dbUser": "webmodeler_irsa"},
    "orchestration": {"serviceAccount": "orchestration-sa"},
    "optimize": {"serviceAccount": "optimize-sa"}
  }
}`

// minimalYAML is a small valid topology to break in decode tests.
const minimalYAML = `apiVersion: camunda-irsa/v1
kind: Topology
chart: "8.8"
namespace: camunda
aws:
  accountID: "123456789012"
  region: eu-central-1
cluster:
  name: camunda
  oidcIssuer: https://oidc.eks.eu-central-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF
opensearch:
  domain: camunda
  endpoint: vpc-camunda-abcdefghijklmnopqrstuvwxyz.eu-central-1.es.amazonaws.com
components:
  optimize: {serviceAccount: optimize-sa}
`

func readFullExample(t *testing.T) []byte {
	t.Helper()
	data, err := os.ReadFile("../examples/full.yaml")
	require.NoError(t, err)
	return data
}

func TestDecodeYAMLAndJSONAgree(t *testing.T) {
	fromYAML, err := irsa.Decode(readFullExample(t))
	require.NoError(t, err)
	fromJSON, err := irsa.Decode([]byte(fullJSON))
	require.NoError(t, err)

	assert.Equal(t, fullTopology(), fromYAML, "examples/full.yaml and fullTopology() differ")
	assert.Equal(t, fromYAML, fromJSON)
}

func TestDecodeRoundTripsTheGoValue(t *testing.T) {
	for name, top := range map[string]irsa.Topology{"full": fullTopology(), "backup": backupTopology(), "china": chinaTopology()} {
		js, err := json.Marshal(top)
		require.NoError(t, err)
		got, err := irsa.Decode(js)
		require.NoError(t, err, name)
		assert.Equal(t, top, got, name)
	}
}

func TestDecodeAppliesNoDefaults(t *testing.T) {
	got, err := irsa.Decode([]byte(minimalYAML + "aurora: {endpoint: db.example.com, clusterResourceID: x}\n"))
	require.NoError(t, err)
	assert.Empty(t, got.Mode)
	assert.Empty(t, got.AWS.Partition)
	require.NotNil(t, got.Aurora)
	assert.Zero(t, got.Aurora.Port)
	assert.Nil(t, got.ElasticsearchBackup)
	assert.Nil(t, got.Components.Keycloak)
}

func TestDecodeAcceptsByteOrderMarkAndTrailingSeparator(t *testing.T) {
	for name, in := range map[string]string{
		"BOM":              "\ufeff" + minimalYAML,
		"leading ---":      "---\n" + minimalYAML,
		"trailing ---":     minimalYAML + "---\n",
		"trailing comment": minimalYAML + "---\n# nothing here\n",
		"document end":     minimalYAML + "...\n",
	} {
		_, err := irsa.Decode([]byte(in))
		assert.NoError(t, err, name)
	}
}

func TestDecodeReportsUnknownFieldsByPathAllAtOnce(t *testing.T) {
	in := strings.Replace(minimalYAML, "  region: eu-central-1\n", "  region: eu-central-1\n  foo: 1\n", 1)
	in = strings.Replace(in, "  name: camunda\n", "  name: camunda\n  x: y\n", 1)
	in = strings.Replace(in, "  optimize: {serviceAccount: optimize-sa}\n",
		"  optimize: {serviceAccount: optimize-sa}\n  keycloak: {serviceAccount: k, database: k, dbUser: k, bogus: true}\n  zeebee: {serviceAccount: z}\n", 1)
	in += "aurora: {endpoint: db.example.com, clusterResourceID: x, portt: 5432}\nspec: {}\n"

	_, err := irsa.Decode([]byte(in))
	// Keys are visited in sorted order at every level, depth first.
	requireFieldErrors(t, err,
		wantErr{"aurora.portt", "unknown field; did you mean port?"},
		wantErr{"aws.foo", "unknown field (known fields: accountID, partition, region, trustPolicyQuota)"},
		wantErr{"cluster.x", "unknown field (known fields: name, oidcIssuer, region)"},
		wantErr{"components.keycloak.bogus", "unknown field (known fields: createServiceAccount, database, dbUser, image, managedBy, maxSessionDuration, path, permissionsBoundary, roleName, serviceAccount, tags)"},
		wantErr{"components.zeebee", "unknown field; did you mean zeebe?"},
		wantErr{"spec", "unknown field (known fields: apiVersion, aurora, aws, backup, chart, cluster, clusters, components, documentStore, elasticsearchBackup, kind, mode, namespace, opensearch, podIdentity, roleDefaults, roleNamePrefix, secretStore)"},
	)
}

// A misspelt field names the field it was probably meant to be; one
// that resembles none lists the known fields.
func TestDecodeSuggestsTheClosestField(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     wantErr
	}{
		{"component field", strings.Replace(minimalYAML, "{serviceAccount: optimize-sa}", "{serviceAcount: optimize-sa}", 1),
			wantErr{"components.optimize.serviceAcount", "unknown field; did you mean serviceAccount?"}},
		{"top level", minimalYAML + "roleNamePrefx: c8-\n", wantErr{"roleNamePrefx", "unknown field; did you mean roleNamePrefix?"}},
		{"component name", strings.Replace(minimalYAML, "  optimize:", "  optimise:", 1), wantErr{"components.optimise", "unknown field; did you mean optimize?"}},
		{"nothing close", minimalYAML + "spec: {}\n", wantErr{"spec", "unknown field (known fields: apiVersion, aurora,"}},
		{"a letter short", strings.Replace(minimalYAML, "  domain: camunda\n", "  domain: camunda\n  polic: least\n", 1),
			wantErr{"opensearch.polic", "unknown field; did you mean policy?"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := irsa.Decode([]byte(tc.in))
			require.Error(t, err)
			fe, _ := irsa.AsFieldErrors(err)
			require.NotEmpty(t, fe)
			assert.Equal(t, tc.want.path, fe[0].Path)
			assert.Contains(t, fe[0].Message, tc.want.msg)
			if !strings.HasSuffix(tc.want.msg, ",") {
				assert.Equal(t, tc.want.msg, fe[0].Message)
			}
		})
	}
}

// encoding/json matches field names case-insensitively; the file format
// does not.
func TestDecodeFieldNamesAreCaseSensitive(t *testing.T) {
	in := strings.Replace(minimalYAML, "accountID:", "accountId:", 1)
	in = strings.Replace(in, "namespace:", "Namespace:", 1)
	_, err := irsa.Decode([]byte(in))
	requireFieldErrors(t, err,
		wantErr{"Namespace", "unknown field; did you mean namespace? (field names are case-sensitive)"},
		wantErr{"aws.accountId", "unknown field; did you mean accountID? (field names are case-sensitive)"},
	)
}

func TestDecodeReportsWrongTypesByPath(t *testing.T) {
	cases := []struct {
		name, in string
		want     []wantErr
	}{
		{"port as string", minimalYAML + `aurora: {endpoint: db, clusterResourceID: x, port: "5432"}`,
			[]wantErr{{"aurora.port", `must be an integer, got string "5432"`}}},
		{"port as fraction", minimalYAML + `aurora: {endpoint: db, clusterResourceID: x, port: 5432.5}`,
			[]wantErr{{"aurora.port", "must be an integer, got 5432.5"}}},
		{"port as list", minimalYAML + `aurora: {endpoint: db, clusterResourceID: x, port: [5432]}`,
			[]wantErr{{"aurora.port", "must be an integer, got a list"}}},
		{"namespace as list", strings.Replace(minimalYAML, "namespace: camunda", "namespace: [camunda]", 1),
			[]wantErr{{"namespace", "must be a string, got a list"}}},
		{"namespace as object", strings.Replace(minimalYAML, "namespace: camunda", "namespace: {name: camunda}", 1),
			[]wantErr{{"namespace", "must be a string, got an object"}}},
		{"unquoted chart", strings.Replace(minimalYAML, `chart: "8.8"`, "chart: 8.8", 1),
			[]wantErr{{"chart", "must be a string, got number 8.8; quote the value"}}},
		// YAML reads it as a number and drops the leading zero.
		{"unquoted account ID", strings.Replace(minimalYAML, `accountID: "123456789012"`, "accountID: 012345678901", 1),
			[]wantErr{{"aws.accountID", "must be a string, got number 12345678901; quote the value"}}},
		{"boolean", strings.Replace(minimalYAML, "namespace: camunda", "namespace: yes", 1),
			[]wantErr{{"namespace", "must be a string, got true"}}},
		{"aws as string", strings.Replace(minimalYAML, "aws:\n  accountID: \"123456789012\"\n  region: eu-central-1\n", "aws: eu-central-1\n", 1),
			[]wantErr{{"aws", `must be an object, got string "eu-central-1"`}}},
		{"components as list", strings.Replace(minimalYAML, "components:\n  optimize: {serviceAccount: optimize-sa}\n", "components: [optimize]\n", 1),
			[]wantErr{{"components", "must be an object, got a list"}}},
		{"component as string", strings.Replace(minimalYAML, "optimize: {serviceAccount: optimize-sa}", "optimize: optimize-sa", 1),
			[]wantErr{{"components.optimize", `must be an object, got string "optimize-sa"`}}},
		{"several at once", strings.Replace(strings.Replace(minimalYAML, `chart: "8.8"`, "chart: 8.8", 1), "name: camunda", "name: 42", 1),
			[]wantErr{{"chart", "must be a string"}, {"cluster.name", "must be a string, got number 42"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := irsa.Decode([]byte(tc.in))
			requireFieldErrors(t, err, tc.want...)
		})
	}
}

// null is the zero value; whether that is allowed is Validate's call.
func TestDecodeAcceptsNull(t *testing.T) {
	got, err := irsa.Decode([]byte(minimalYAML + "aurora: null\nroleNamePrefix: ~\n"))
	require.NoError(t, err)
	assert.Nil(t, got.Aurora)
	assert.Empty(t, got.RoleNamePrefix)
}

func TestDecodeReportsDuplicateKeysByPath(t *testing.T) {
	cases := []struct {
		name, in string
		want     []wantErr
	}{
		{"top level", minimalYAML + "namespace: other\n", []wantErr{{"namespace", "duplicate key: given on lines 4 and 16; keep one"}}},
		{"nested", strings.Replace(minimalYAML, "  region: eu-central-1\n", "  region: eu-central-1\n  region: eu-west-1\n", 1),
			[]wantErr{{"aws.region", "duplicate key: given on lines 7 and 8; keep one"}}},
		{"flow mapping", strings.Replace(minimalYAML, "{serviceAccount: optimize-sa}", "{serviceAccount: optimize-sa, serviceAccount: other}", 1),
			[]wantErr{{"components.optimize.serviceAccount", "duplicate key: given at 15:14 and 15:43 (line:column); keep one"}}},
		{"several, in the order of the file", minimalYAML + "kind: Topology\ncomponents: {}\n",
			[]wantErr{{"kind", "duplicate key: given on lines 2 and 16"}, {"components", "duplicate key: given on lines 14 and 17"}}},
		{"three times is one problem", minimalYAML + "namespace: a\nnamespace: b\n",
			[]wantErr{{"namespace", "duplicate key: given on lines 4, 16 and 17; keep one"}}},
		{"JSON", `{"apiVersion": "camunda-irsa/v1", "aws": {"region": "a", "region": "b"}}`,
			[]wantErr{{"aws.region", "duplicate key: given at 1:43 and 1:58 (line:column); keep one"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := irsa.Decode([]byte(tc.in))
			requireFieldErrors(t, err, tc.want...)
		})
	}
}

// TestDecodeRefusesDocumentsThatAreNotATopology: each error is one
// FieldError without a field path (or at the top level).
func TestDecodeRefusesDocumentsThatAreNotATopology(t *testing.T) {
	cases := []struct {
		name, in  string
		path, msg string
	}{
		{"empty", "", "", "topology is empty"},
		{"blank", " \n\t\n", "", "topology is empty"},
		{"only comments", "# yaml-language-server: $schema=x\n  # indented\n", "", "topology is empty"},
		{"only a separator", "---\n", "", "topology is empty"},
		{"null", "null\n", "", "topology is empty"},
		{"tilde", "~", "", "topology is empty"},
		{"JSON array", `[{"apiVersion": "camunda-irsa/v1"}]`, "(top level)", "must be an object, got a list"},
		{"YAML list", "- apiVersion: camunda-irsa/v1\n", "(top level)", "must be an object, got a list"},
		{"scalar", "camunda\n", "(top level)", `must be an object, got string "camunda"`},
		{"number", "42", "(top level)", "must be an object, got number 42"},
		{"two documents", minimalYAML + "---\n" + minimalYAML, "", "topology holds 2 YAML documents; it must be exactly one"},
		{"second document broken", minimalYAML + "---\nfoo: [\n", "", "2 YAML documents"},
		{"marker with a comment", minimalYAML + "--- # second\n" + minimalYAML, "", "2 YAML documents"},
		{"document end marker", minimalYAML + "...\n" + minimalYAML, "", "2 YAML documents"},
		{"CRLF marker", strings.ReplaceAll(minimalYAML+"---\n"+minimalYAML, "\n", "\r\n"), "", "2 YAML documents"},
		{"invalid UTF-8", "namespace: caf\xe9\n", "", "topology is not valid UTF-8"},
		{"syntax error", "namespace: [camunda\n", "", "not valid YAML or JSON: yaml: line"},
		{"tab indentation", "aws:\n\tregion: eu-central-1\n", "", "not valid YAML or JSON"},
		// YAML 1.1 reads 0, 00 and 000 as the same number, which no
		// node of the file shows as a duplicate: the parser's message,
		// on one line.
		{"keys equal as numbers", "0: a\n00: b\n000: c\n", "",
			"not valid YAML or JSON: yaml: unmarshal errors: line 2: key 0 already set in map; line 3: key 0 already set in map"},
		{"truncated JSON", `{"apiVersion": "camunda-irsa/v1"`, "", "not valid YAML or JSON"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := irsa.Decode([]byte(tc.in))
			requireFieldErrors(t, err, wantErr{tc.path, tc.msg})
		})
	}
}

func TestDecodeSizeLimit(t *testing.T) {
	full := readFullExample(t)
	padded := append(bytes.Clone(full), '#')
	padded = append(padded, bytes.Repeat([]byte{' '}, irsa.MaxTopologyBytes-len(padded))...)
	require.Len(t, padded, irsa.MaxTopologyBytes)
	_, err := irsa.Decode(padded)
	assert.NoError(t, err, "a file of exactly MaxTopologyBytes is read")

	_, err = irsa.Decode(append(padded, '\n'))
	requireFieldErrors(t, err, wantErr{"", "topology is larger than 1048576 bytes, the limit"})
}

// TestDecodeRefusesAliasBomb: a "billion laughs" document of 9 levels of
// 9 aliases (9^9 strings once expanded) is a few hundred bytes. The YAML
// library counts alias expansions against the document size and stops.
func TestDecodeRefusesAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString(`a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]` + "\n")
	for i := 1; i <= 9; i++ {
		prev := "*a" + string(rune('0'+i-1))
		b.WriteString("a" + string(rune('0'+i)) + ": &a" + string(rune('0'+i)) + " [" + strings.Repeat(prev+",", 8) + prev + "]\n")
	}
	bomb := b.String()
	require.Less(t, len(bomb), 1024)

	start := time.Now()
	_, err := irsa.Decode([]byte(bomb))
	elapsed := time.Since(start)
	requireFieldErrors(t, err, wantErr{"", "not valid YAML or JSON: yaml: document contains excessive aliasing"})
	assert.Less(t, elapsed, time.Second)
}

// Anchors and aliases as such are fine.
func TestDecodeAcceptsAliases(t *testing.T) {
	in := strings.Replace(minimalYAML, "  optimize: {serviceAccount: optimize-sa}\n",
		"  orchestration: &os {serviceAccount: camunda-os}\n  optimize: *os\n", 1)
	got, err := irsa.Decode([]byte(in))
	require.NoError(t, err)
	require.NotNil(t, got.Components.Optimize)
	assert.Equal(t, "camunda-os", got.Components.Optimize.ServiceAccount)
	assert.NoError(t, validate(got))
}
