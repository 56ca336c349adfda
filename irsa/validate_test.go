package irsa_test

import (
	// Every test package accepts -update, so that go test ./... -update works.
	_ "github.com/camunda-irsa/camunda-irsa/internal/golden"

	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/camunda-irsa/camunda-irsa/irsa"
)

// Values of examples/full.yaml, reused by the tests of this package.
const (
	testAccount  = "123456789012"
	testRegion   = "eu-central-1"
	testIssuer   = "https://oidc.eks.eu-central-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF"
	testIssuerID = "0123456789ABCDEF0123456789ABCDEF"
	testCRID     = "cluster-ABCDEFGHIJKLMNOPQRSTUVWXY2"
)

// fullTopology is examples/full.yaml as a Go literal (decode_test.go
// checks that the two agree). Every call returns fresh pointers, so a
// test may mutate what it gets.
func fullTopology() irsa.Topology {
	return irsa.Topology{
		APIVersion: "camunda-irsa/v1",
		Kind:       "Topology",
		Chart:      "8.8",
		Namespace:  "camunda",
		AWS:        irsa.AWS{AccountID: testAccount, Region: testRegion},
		Cluster:    irsa.Cluster{Name: "camunda", OIDCIssuer: testIssuer},
		Aurora: &irsa.Aurora{
			Endpoint:          "camunda.cluster-c1a2b3c4d5e6.eu-central-1.rds.amazonaws.com",
			Port:              5432,
			ClusterResourceID: testCRID,
		},
		OpenSearch: &irsa.OpenSearch{
			Domain:   "camunda",
			Endpoint: "vpc-camunda-abcdefghijklmnopqrstuvwxyz.eu-central-1.es.amazonaws.com",
		},
		Components: irsa.Components{
			Keycloak:      &irsa.KeycloakComponent{ServiceAccount: "keycloak-sa", Database: "keycloak", DBUser: "keycloak_irsa"},
			Identity:      &irsa.DatabaseComponent{ServiceAccount: "identity-sa", Database: "identity", DBUser: "identity_irsa"},
			WebModeler:    &irsa.DatabaseComponent{ServiceAccount: "webmodeler-sa", Database: "webmodeler", DBUser: "webmodeler_irsa"},
			Orchestration: &irsa.OrchestrationComponent{ServiceAccount: "orchestration-sa"},
			Optimize:      &irsa.Component{ServiceAccount: "optimize-sa"},
		},
	}
}

// backupTopology trades OpenSearch for the elasticsearch component and
// its S3 snapshot bucket.
func backupTopology() irsa.Topology {
	t := fullTopology()
	t.OpenSearch = nil
	t.Components.Orchestration, t.Components.Optimize = nil, nil
	t.ElasticsearchBackup = &irsa.ElasticsearchBackup{Bucket: "camunda-es-backups"}
	t.Components.Elasticsearch = &irsa.Component{ServiceAccount: "elasticsearch-master-sa"}
	return t
}

// chinaTopology moves the full topology to cn-north-1.
func chinaTopology() irsa.Topology {
	return moved("cn-north-1", "https://oidc.eks.cn-north-1.amazonaws.com.cn/id/"+testIssuerID)
}

// govTopology moves the full topology to us-gov-west-1.
func govTopology() irsa.Topology {
	return moved("us-gov-west-1", "https://oidc.eks.us-gov-west-1.amazonaws.com/id/"+testIssuerID)
}

// moved is the full topology in another region, endpoints included.
func moved(region, issuer string) irsa.Topology {
	t := fullTopology()
	t.AWS.Region = region
	t.Cluster.OIDCIssuer = issuer
	t.Aurora.Endpoint = strings.Replace(t.Aurora.Endpoint, testRegion, region, 1)
	t.OpenSearch.Endpoint = strings.Replace(t.OpenSearch.Endpoint, testRegion, region, 1)
	return t
}

// on87 is the full topology on chart 8.7, with Zeebe, Operate and
// Tasklist in place of orchestration.
func on87(t *irsa.Topology) {
	t.Chart = "8.7"
	t.Components.Orchestration = nil
	t.Components.Zeebe = &irsa.Component{ServiceAccount: "zeebe-sa"}
	t.Components.Operate = &irsa.Component{ServiceAccount: "operate-sa"}
	t.Components.Tasklist = &irsa.Component{ServiceAccount: "tasklist-sa"}
}

// wantErr is one expected field error: its exact path and a substring
// of its message.
type wantErr struct{ path, msg string }

// requireFieldErrors asserts that err is FieldErrors matching want, in
// order.
func requireFieldErrors(t *testing.T, err error, want ...wantErr) {
	t.Helper()
	require.Error(t, err)
	got, ok := irsa.AsFieldErrors(err)
	require.True(t, ok, "error is not FieldErrors: %v", err)
	gotPaths := make([]string, len(got))
	for i, fe := range got {
		gotPaths[i] = fe.Path
	}
	wantPaths := make([]string, len(want))
	for i, w := range want {
		wantPaths[i] = w.path
	}
	require.Equal(t, wantPaths, gotPaths, "paths of:\n%v", err)
	for i, w := range want {
		assert.Contains(t, got[i].Message, w.msg, "message of %s", w.path)
		if got[i].Path == "" {
			assert.Equal(t, got[i].Message, got[i].Error())
		} else {
			assert.Equal(t, got[i].Path+": "+got[i].Message, got[i].Error())
		}
	}
}

func TestValidateAcceptsTheBase(t *testing.T) {
	for name, top := range map[string]irsa.Topology{
		"full": fullTopology(), "backup": backupTopology(), "china": chinaTopology(), "gov": govTopology(),
	} {
		assert.NoError(t, validate(top), name)
	}
}

func TestValidateAcceptsTheExamples(t *testing.T) {
	files, err := filepath.Glob("../examples/*.yaml")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			require.NoError(t, err)
			top, err := irsa.Decode(data)
			require.NoError(t, err)
			assert.NoError(t, validate(top))
		})
	}
}

// TestValidateRules breaks the full topology one rule at a time.
func TestValidateRules(t *testing.T) {
	long := func(n int) string { return strings.Repeat("a", n) }
	cases := []struct {
		name   string
		mutate func(*irsa.Topology)
		want   []wantErr
	}{
		// apiVersion, kind, chart
		{"apiVersion wrong", func(t *irsa.Topology) { t.APIVersion = "camunda-irsa/v2" }, []wantErr{{"apiVersion", `must be "camunda-irsa/v1", got "camunda-irsa/v2"`}}},
		{"apiVersion missing", func(t *irsa.Topology) { t.APIVersion = "" }, []wantErr{{"apiVersion", "is required"}}},
		{"kind wrong", func(t *irsa.Topology) { t.Kind = "topology" }, []wantErr{{"kind", `must be "Topology", got "topology"`}}},
		{"chart unknown", func(t *irsa.Topology) { t.Chart = "8.6" }, []wantErr{{"chart", `must be one of "8.7", "8.8", "8.9", "8.10", got "8.6"`}}},
		{"chart missing", func(t *irsa.Topology) { t.Chart = "" }, []wantErr{{"chart", "is required"}}},
		// An unknown chart is reported once, without guessing which
		// components it has.
		{"chart unknown with zeebe", func(t *irsa.Topology) {
			t.Chart = "9.0"
			t.Components.Zeebe = &irsa.Component{ServiceAccount: "zeebe-sa"}
		}, []wantErr{{"chart", `got "9.0"`}}},

		// namespace: a DNS-1123 label, nothing that could escape YAML or a template
		{"namespace empty", func(t *irsa.Topology) { t.Namespace = "" }, []wantErr{{"namespace", "is required"}}},
		{"namespace too long", func(t *irsa.Topology) { t.Namespace = long(64) }, []wantErr{{"namespace", "at most 63"}}},
		{"namespace upper case", func(t *irsa.Topology) { t.Namespace = "Camunda" }, []wantErr{{"namespace", `got "Camunda"`}}},
		{"namespace leading hyphen", func(t *irsa.Topology) { t.Namespace = "-camunda" }, []wantErr{{"namespace", "DNS-1123 label"}}},
		{"namespace trailing hyphen", func(t *irsa.Topology) { t.Namespace = "camunda-" }, []wantErr{{"namespace", "DNS-1123 label"}}},
		{"namespace with dot", func(t *irsa.Topology) { t.Namespace = "camunda.prod" }, []wantErr{{"namespace", "DNS-1123 label"}}},
		{"namespace trailing newline", func(t *irsa.Topology) { t.Namespace = "camunda\n" }, []wantErr{{"namespace", `got "camunda\n"`}}},
		{"namespace newline injection", func(t *irsa.Topology) { t.Namespace = "camunda\nkind: Secret" }, []wantErr{{"namespace", "DNS-1123 label"}}},
		{"namespace quote injection", func(t *irsa.Topology) { t.Namespace = `camunda"` }, []wantErr{{"namespace", "DNS-1123 label"}}},
		{"namespace template injection", func(t *irsa.Topology) { t.Namespace = "{{ .Release.Namespace }}" }, []wantErr{{"namespace", "DNS-1123 label"}}},

		// aws
		{"accountID short", func(t *irsa.Topology) { t.AWS.AccountID = "12345678901" }, []wantErr{{"aws.accountID", `must be 12 digits, got "12345678901"`}}},
		{"accountID long", func(t *irsa.Topology) { t.AWS.AccountID = "1234567890123" }, []wantErr{{"aws.accountID", "must be 12 digits"}}},
		{"accountID letters", func(t *irsa.Topology) { t.AWS.AccountID = "12345678901a" }, []wantErr{{"aws.accountID", "must be 12 digits"}}},
		{"accountID missing", func(t *irsa.Topology) { t.AWS.AccountID = "" }, []wantErr{{"aws.accountID", "is required"}}},
		{"region missing", func(t *irsa.Topology) { t.AWS.Region = "" }, []wantErr{{"aws.region", "is required"}}},
		{"region without number", func(t *irsa.Topology) { t.AWS.Region = "eu-central" }, []wantErr{{"aws.region", `got "eu-central"`}}},
		{"region upper case", func(t *irsa.Topology) { t.AWS.Region = "EU-CENTRAL-1" }, []wantErr{{"aws.region", "AWS region"}}},
		{"region an availability zone", func(t *irsa.Topology) { t.AWS.Region = "eu-central-1a" }, []wantErr{{"aws.region", "AWS region"}}},
		{"partition contradicts region", func(t *irsa.Topology) { t.AWS.Partition = "aws-cn" }, []wantErr{{"aws.partition", `region eu-central-1 is in partition aws, got "aws-cn"`}}},
		{"partition aws in China", func(t *irsa.Topology) {
			*t = chinaTopology()
			t.AWS.Partition = "aws"
		}, []wantErr{{"aws.partition", `region cn-north-1 is in partition aws-cn, got "aws"`}}},
		{"partition aws in GovCloud", func(t *irsa.Topology) {
			*t = govTopology()
			t.AWS.Partition = "aws"
		}, []wantErr{{"aws.partition", "is in partition aws-us-gov"}}},
		{"partition unknown", func(t *irsa.Topology) { t.AWS.Partition = "aws-iso" }, []wantErr{{"aws.partition", `must be one of "aws", "aws-cn", "aws-us-gov", got "aws-iso"`}}},

		// cluster
		{"cluster name missing", func(t *irsa.Topology) { t.Cluster.Name = "" }, []wantErr{{"cluster.name", "is required"}}},
		{"cluster name leading hyphen", func(t *irsa.Topology) { t.Cluster.Name = "-camunda" }, []wantErr{{"cluster.name", "starting with a letter or digit"}}},
		{"cluster name with dot", func(t *irsa.Topology) { t.Cluster.Name = "camunda.prod" }, []wantErr{{"cluster.name", `got "camunda.prod"`}}},
		{"cluster name with space", func(t *irsa.Topology) { t.Cluster.Name = "camunda prod" }, []wantErr{{"cluster.name", "EKS cluster name"}}},
		{"cluster name too long", func(t *irsa.Topology) {
			t.Cluster.Name = long(101)
			t.Components.Keycloak.RoleName = "role-" + t.Components.Keycloak.DBUser
			for _, c := range []*irsa.DatabaseComponent{t.Components.Identity, t.Components.WebModeler} {
				c.RoleName = "role-" + c.DBUser
			}
			t.Components.Orchestration.RoleName = "role-opensearch"
		}, []wantErr{{"cluster.name", "1-100"}}},
		{"issuer missing", func(t *irsa.Topology) { t.Cluster.OIDCIssuer = "" }, []wantErr{{"cluster.oidcIssuer", "is required"}}},
		{"issuer http", func(t *irsa.Topology) { t.Cluster.OIDCIssuer = strings.Replace(testIssuer, "https", "http", 1) }, []wantErr{{"cluster.oidcIssuer", "must be https://"}}},
		{"issuer lower-case hex", func(t *irsa.Topology) { t.Cluster.OIDCIssuer = strings.ToLower(testIssuer) }, []wantErr{{"cluster.oidcIssuer", "upper-case hex"}}},
		{"issuer id too short", func(t *irsa.Topology) { t.Cluster.OIDCIssuer = testIssuer[:len(testIssuer)-1] }, []wantErr{{"cluster.oidcIssuer", "32 upper-case hex digits"}}},
		{"issuer not hex", func(t *irsa.Topology) { t.Cluster.OIDCIssuer = strings.Replace(testIssuer, "ABCDEF", "ABCDEG", 1) }, []wantErr{{"cluster.oidcIssuer", "hex"}}},
		{"issuer trailing slash", func(t *irsa.Topology) { t.Cluster.OIDCIssuer = testIssuer + "/" }, []wantErr{{"cluster.oidcIssuer", "must be https://"}}},
		{"issuer other host", func(t *irsa.Topology) {
			t.Cluster.OIDCIssuer = "https://oidc.example.com/id/" + testIssuerID
		}, []wantErr{{"cluster.oidcIssuer", "must be https://oidc.eks."}}},
		{"issuer in another region", func(t *irsa.Topology) {
			t.Cluster.OIDCIssuer = "https://oidc.eks.eu-west-1.amazonaws.com/id/" + testIssuerID
		}, []wantErr{{"cluster.oidcIssuer", "is in region eu-west-1 but aws.region is eu-central-1"}}},
		{"issuer .com in China", func(t *irsa.Topology) {
			*t = chinaTopology()
			t.Cluster.OIDCIssuer = "https://oidc.eks.cn-north-1.amazonaws.com/id/" + testIssuerID
		}, []wantErr{{"cluster.oidcIssuer", "must end in amazonaws.com.cn for region cn-north-1, got amazonaws.com"}}},
		{"issuer .com.cn outside China", func(t *irsa.Topology) {
			t.Cluster.OIDCIssuer = "https://oidc.eks.eu-central-1.amazonaws.com.cn/id/" + testIssuerID
		}, []wantErr{{"cluster.oidcIssuer", "must end in amazonaws.com for region eu-central-1, got amazonaws.com.cn"}}},

		// mode, roleNamePrefix
		{"mode unknown", func(t *irsa.Topology) { t.Mode = "IRSA" }, []wantErr{{"mode", `must be "irsa" or "podIdentity", got "IRSA"`}}},
		{"mode kebab case", func(t *irsa.Topology) { t.Mode = "pod-identity" }, []wantErr{{"mode", `got "pod-identity"`}}},
		{"roleNamePrefix with space", func(t *irsa.Topology) { t.RoleNamePrefix = "team a-" }, []wantErr{{"roleNamePrefix", `may hold only letters, digits and +=,.@_-, got "team a-"`}}},
		{"roleNamePrefix with slash", func(t *irsa.Topology) { t.RoleNamePrefix = "team/a-" }, []wantErr{{"roleNamePrefix", "+=,.@_-"}}},
		{"roleNamePrefix non-ASCII", func(t *irsa.Topology) { t.RoleNamePrefix = "tëam-" }, []wantErr{{"roleNamePrefix", "+=,.@_-"}}},

		// aurora
		{"aurora endpoint with scheme", func(t *irsa.Topology) { t.Aurora.Endpoint = "postgresql://" + t.Aurora.Endpoint }, []wantErr{{"aurora.endpoint", "must be a host name without scheme or port"}}},
		{"aurora endpoint with port", func(t *irsa.Topology) { t.Aurora.Endpoint += ":5432" }, []wantErr{{"aurora.endpoint", "must be a DNS host name"}}},
		{"aurora endpoint with path", func(t *irsa.Topology) { t.Aurora.Endpoint += "/keycloak" }, []wantErr{{"aurora.endpoint", "no scheme, port or path"}}},
		{"aurora endpoint missing", func(t *irsa.Topology) { t.Aurora.Endpoint = "" }, []wantErr{{"aurora.endpoint", "is required"}}},
		{"aurora port negative", func(t *irsa.Topology) { t.Aurora.Port = -1 }, []wantErr{{"aurora.port", "must be a port between 1 and 65535, got -1"}}},
		{"aurora port too high", func(t *irsa.Topology) { t.Aurora.Port = 65536 }, []wantErr{{"aurora.port", "got 65536"}}},
		{"clusterResourceID is the name", func(t *irsa.Topology) { t.Aurora.ClusterResourceID = "camunda" }, []wantErr{{"aurora.clusterResourceID", "must be cluster- and 26 upper-case letters or digits"}}},
		{"clusterResourceID lower case", func(t *irsa.Topology) { t.Aurora.ClusterResourceID = strings.ToLower(testCRID) }, []wantErr{{"aurora.clusterResourceID", "upper-case"}}},
		{"clusterResourceID short", func(t *irsa.Topology) { t.Aurora.ClusterResourceID = testCRID[:len(testCRID)-1] }, []wantErr{{"aurora.clusterResourceID", "26"}}},
		{"clusterResourceID missing", func(t *irsa.Topology) { t.Aurora.ClusterResourceID = "" }, []wantErr{{"aurora.clusterResourceID", "is required"}}},

		// opensearch
		{"domain too short", func(t *irsa.Topology) { t.OpenSearch.Domain = "ab" }, []wantErr{{"opensearch.domain", `must be 3-28 lower-case letters, digits or hyphens starting with a letter, got "ab"`}}},
		{"domain too long", func(t *irsa.Topology) { t.OpenSearch.Domain = long(29) }, []wantErr{{"opensearch.domain", "3-28"}}},
		{"domain upper case", func(t *irsa.Topology) { t.OpenSearch.Domain = "Camunda" }, []wantErr{{"opensearch.domain", "lower-case"}}},
		{"domain starts with digit", func(t *irsa.Topology) { t.OpenSearch.Domain = "8camunda" }, []wantErr{{"opensearch.domain", "starting with a letter"}}},
		{"domain underscore", func(t *irsa.Topology) { t.OpenSearch.Domain = "camunda_search" }, []wantErr{{"opensearch.domain", "hyphens"}}},
		{"opensearch endpoint with scheme", func(t *irsa.Topology) { t.OpenSearch.Endpoint = "https://" + t.OpenSearch.Endpoint }, []wantErr{{"opensearch.endpoint", "without scheme"}}},
		{"opensearch endpoint with port", func(t *irsa.Topology) { t.OpenSearch.Endpoint += ":443" }, []wantErr{{"opensearch.endpoint", "DNS host name"}}},
		{"opensearch endpoint missing", func(t *irsa.Topology) { t.OpenSearch.Endpoint = "" }, []wantErr{{"opensearch.endpoint", "is required"}}},

		// components: presence, service accounts
		{"no components", func(t *irsa.Topology) { t.Components = irsa.Components{} }, []wantErr{{"components", "is required: list at least one component"}}},
		{"serviceAccount missing", func(t *irsa.Topology) { t.Components.Keycloak.ServiceAccount = "" }, []wantErr{{"components.keycloak.serviceAccount", "is required"}}},
		{"serviceAccount upper case", func(t *irsa.Topology) { t.Components.Identity.ServiceAccount = "Identity" }, []wantErr{{"components.identity.serviceAccount", `got "Identity"`}}},
		{"serviceAccount underscore", func(t *irsa.Topology) { t.Components.Optimize.ServiceAccount = "optimize_sa" }, []wantErr{{"components.optimize.serviceAccount", "DNS-1123 subdomain"}}},
		{"serviceAccount empty label", func(t *irsa.Topology) { t.Components.Orchestration.ServiceAccount = "orchestration..sa" }, []wantErr{{"components.orchestration.serviceAccount", "DNS-1123 subdomain"}}},
		{"serviceAccount too long", func(t *irsa.Topology) { t.Components.WebModeler.ServiceAccount = long(254) }, []wantErr{{"components.webModeler.serviceAccount", "at most 253"}}},
		{"serviceAccount injection", func(t *irsa.Topology) { t.Components.Keycloak.ServiceAccount = "sa\nnamespace: kube-system" }, []wantErr{{"components.keycloak.serviceAccount", "DNS-1123 subdomain"}}},

		// database and dbUser: PostgreSQL identifiers
		{"database missing", func(t *irsa.Topology) { t.Components.Keycloak.Database = "" }, []wantErr{{"components.keycloak.database", "is required"}}},
		{"database too long", func(t *irsa.Topology) { t.Components.Keycloak.Database = long(64) }, []wantErr{{"components.keycloak.database", "must be at most 63 characters (PostgreSQL's identifier limit), got 64"}}},
		{"database starts with digit", func(t *irsa.Topology) { t.Components.Identity.Database = "1identity" }, []wantErr{{"components.identity.database", "must start with a letter or '_'"}}},
		{"database with space", func(t *irsa.Topology) { t.Components.Identity.Database = "identity db" }, []wantErr{{"components.identity.database", `got "identity db"`}}},
		{"database with semicolon", func(t *irsa.Topology) { t.Components.WebModeler.Database = "wm;drop" }, []wantErr{{"components.webModeler.database", "letters, digits"}}},
		{"database with quote", func(t *irsa.Topology) { t.Components.WebModeler.Database = `wm"` }, []wantErr{{"components.webModeler.database", "letters, digits"}}},
		{"dbUser missing", func(t *irsa.Topology) { t.Components.Keycloak.DBUser = "" }, []wantErr{{"components.keycloak.dbUser", "is required"}}},
		{"dbUser too long", func(t *irsa.Topology) { t.Components.Keycloak.DBUser = long(64) }, []wantErr{{"components.keycloak.dbUser", "at most 63"}}},
		{"dbUser with space", func(t *irsa.Topology) { t.Components.Keycloak.DBUser = "keycloak irsa" }, []wantErr{{"components.keycloak.dbUser", "must start with a letter"}}},
		{"dbUser pg_ prefix", func(t *irsa.Topology) { t.Components.Identity.DBUser = "pg_identity" }, []wantErr{{"components.identity.dbUser", `"pg_identity" is reserved by PostgreSQL or Aurora`}}},
		{"dbUser rds_iam", func(t *irsa.Topology) { t.Components.Identity.DBUser = "rds_iam" }, []wantErr{{"components.identity.dbUser", "reserved"}}},
		{"dbUser rds_superuser", func(t *irsa.Topology) { t.Components.Identity.DBUser = "rds_superuser" }, []wantErr{{"components.identity.dbUser", "reserved"}}},
		{"dbUser rdsadmin", func(t *irsa.Topology) { t.Components.Identity.DBUser = "rdsadmin" }, []wantErr{{"components.identity.dbUser", "reserved"}}},
		{"dbUser postgres", func(t *irsa.Topology) { t.Components.WebModeler.DBUser = "postgres" }, []wantErr{{"components.webModeler.dbUser", "reserved"}}},
		{"dbUser POSTGRES", func(t *irsa.Topology) { t.Components.WebModeler.DBUser = "POSTGRES" }, []wantErr{{"components.webModeler.dbUser", "reserved"}}},

		// roleName overrides
		{"roleName with space", func(t *irsa.Topology) { t.Components.Keycloak.RoleName = "keycloak role" }, []wantErr{{"components.keycloak.roleName", `may hold only letters, digits and +=,.@_-, got "keycloak role"`}}},
		{"roleName with slash", func(t *irsa.Topology) { t.Components.Optimize.RoleName = "camunda/optimize" }, []wantErr{{"components.optimize.roleName", "+=,.@_-"}}},
		{"roleName too long", func(t *irsa.Topology) { t.Components.WebModeler.RoleName = long(65) }, []wantErr{{"components.webModeler.roleName", "must be at most 64 characters, got 65"}}},

		// a component without the block it needs
		{"aurora block missing", func(t *irsa.Topology) { t.Aurora = nil }, []wantErr{
			{"components.keycloak", "needs the aurora block"},
			{"components.identity", "needs the aurora block"},
			{"components.webModeler", "needs the aurora block"},
		}},
		{"opensearch block missing", func(t *irsa.Topology) { t.OpenSearch = nil }, []wantErr{
			{"components.orchestration", "needs the opensearch block"},
			{"components.optimize", "needs the opensearch block"},
		}},
		{"elasticsearchBackup block missing", func(t *irsa.Topology) {
			*t = backupTopology()
			t.ElasticsearchBackup = nil
		}, []wantErr{{"components.elasticsearch", "needs the elasticsearchBackup block (bucket)"}}},

		// components of the wrong chart line
		{"zeebe on 8.8", func(t *irsa.Topology) { t.Components.Zeebe = &irsa.Component{ServiceAccount: "zeebe-sa"} }, []wantErr{{"components.zeebe", "is not a component of chart 8.8; use components.orchestration"}}},
		{"operate on 8.8", func(t *irsa.Topology) { t.Components.Operate = &irsa.Component{ServiceAccount: "operate-sa"} }, []wantErr{{"components.operate", "use components.orchestration"}}},
		{"tasklist on 8.8", func(t *irsa.Topology) { t.Components.Tasklist = &irsa.Component{ServiceAccount: "tasklist-sa"} }, []wantErr{{"components.tasklist", "use components.orchestration"}}},
		{"zeebe, operate and tasklist on 8.9", func(t *irsa.Topology) {
			t.Chart = "8.9"
			t.Components.Zeebe = &irsa.Component{ServiceAccount: "zeebe-sa"}
			t.Components.Operate = &irsa.Component{ServiceAccount: "operate-sa"}
			t.Components.Tasklist = &irsa.Component{ServiceAccount: "tasklist-sa"}
		}, []wantErr{
			{"components.zeebe", "is not a component of chart 8.9; use components.orchestration"},
			{"components.operate", "chart 8.9; use components.orchestration"},
			{"components.tasklist", "chart 8.9; use components.orchestration"},
		}},
		{"orchestration on 8.7", func(t *irsa.Topology) { t.Chart = "8.7" }, []wantErr{{"components.orchestration", "is not a component of chart 8.7; use components.zeebe, components.operate and components.tasklist"}}},

		// alternative datastores
		{"opensearch and elasticsearch", func(t *irsa.Topology) {
			t.ElasticsearchBackup = &irsa.ElasticsearchBackup{Bucket: "camunda-es-backups"}
			t.Components.Elasticsearch = &irsa.Component{ServiceAccount: "elasticsearch-master-sa"}
		}, []wantErr{{"components.elasticsearch", "cannot be combined with the opensearch block"}}},

		// roles: shared service accounts, overrides, names
		{"service account shared across roles", func(t *irsa.Topology) { t.Components.Optimize.ServiceAccount = "keycloak-sa" }, []wantErr{{"components.optimize.serviceAccount",
			`"keycloak-sa" is also the service account of components.keycloak, which needs a different role (Aurora user keycloak_irsa)`}}},
		{"service account shared by two database users", func(t *irsa.Topology) { t.Components.Identity.ServiceAccount = "keycloak-sa" }, []wantErr{{"components.identity.serviceAccount",
			"components.keycloak, which needs a different role"}}},
		{"service account shared with backups", func(t *irsa.Topology) {
			*t = backupTopology()
			t.Components.Elasticsearch.ServiceAccount = "identity-sa"
		}, []wantErr{{"components.elasticsearch.serviceAccount", "also the service account of components.identity"}}},
		{"conflicting roleName overrides", func(t *irsa.Topology) {
			t.Components.Orchestration.RoleName = "camunda-search"
			t.Components.Optimize.RoleName = "camunda-optimize"
		}, []wantErr{{"components.optimize.roleName", `"camunda-optimize" differs from roleName "camunda-search" of components.orchestration, which shares the role (OpenSearch)`}}},
		// The conflict is reported on the component that has it, not on
		// the last member of the role.
		{"conflicting roleName overrides on 8.7", func(t *irsa.Topology) {
			on87(t)
			t.Components.Zeebe.RoleName = "camunda-search"
			t.Components.Operate.RoleName = "camunda-operate"
		}, []wantErr{{"components.operate.roleName", `differs from roleName "camunda-search" of components.zeebe`}}},
		{"two conflicting roleName overrides on 8.7", func(t *irsa.Topology) {
			on87(t)
			t.Components.Zeebe.RoleName = "camunda-search"
			t.Components.Operate.RoleName = "camunda-operate"
			t.Components.Optimize.RoleName = "camunda-optimize"
		}, []wantErr{
			{"components.operate.roleName", `"camunda-operate" differs`},
			{"components.optimize.roleName", `"camunda-optimize" differs`},
		}},
		{"elasticsearch with Pod Identity", func(t *irsa.Topology) {
			t.OpenSearch = nil
			t.Components.Orchestration, t.Components.Optimize = nil, nil
			t.ElasticsearchBackup = &irsa.ElasticsearchBackup{Bucket: "camunda-es-backups"}
			t.Components.Elasticsearch = &irsa.Component{ServiceAccount: "es"}
			t.Mode = irsa.ModePodIdentity
		}, []wantErr{{"components.elasticsearch", "cannot use mode podIdentity: Elasticsearch's repository-s3 plugin reads only a web identity token file"}}},
		{"backup repository of OpenSearch Service", func(t *irsa.Topology) {
			t.Backup = &irsa.Backup{S3Location: irsa.S3Location{Bucket: "camunda-backups"}, RepositoryName: "cs-automated"}
		}, []wantErr{{"backup.repositoryName", "must not start with cs-"}}},
		{"roleName equal to a generated name", func(t *irsa.Topology) { t.Components.Keycloak.RoleName = "camunda-identity" }, []wantErr{{"components.keycloak.roleName",
			`role name "camunda-identity" clashes with "camunda-identity", the role of components.identity; IAM role names must be unique`}}},
		{"roleName equal to an earlier generated name", func(t *irsa.Topology) { t.Components.Optimize.RoleName = "camunda-keycloak" }, []wantErr{{"components.optimize.roleName",
			"the role of components.keycloak"}}},
		{"roleName equal to a generated name but for case", func(t *irsa.Topology) { t.Components.WebModeler.RoleName = "Camunda-Keycloak" }, []wantErr{{"components.webModeler.roleName",
			`"Camunda-Keycloak" clashes with "camunda-keycloak"`}}},
	}
	seen := map[string]bool{}
	for _, tc := range cases {
		require.False(t, seen[tc.name], "duplicate case name %q", tc.name)
		seen[tc.name] = true
		t.Run(tc.name, func(t *testing.T) {
			top := fullTopology()
			tc.mutate(&top)
			requireFieldErrors(t, validate(top), tc.want...)
		})
	}
}

// TestValidateAccepts pins what the rules must not refuse.
func TestValidateAccepts(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(*irsa.Topology)
	}{
		{"chart 8.7 with zeebe, operate and tasklist", on87},
		{"chart 8.9", func(t *irsa.Topology) { t.Chart = "8.9" }},
		{"China with partition aws-cn", func(t *irsa.Topology) { *t = chinaTopology(); t.AWS.Partition = "aws-cn" }},
		{"China cn-northwest-1", func(t *irsa.Topology) {
			*t = moved("cn-northwest-1", "https://oidc.eks.cn-northwest-1.amazonaws.com.cn/id/"+testIssuerID)
		}},
		{"GovCloud with partition aws-us-gov", func(t *irsa.Topology) { *t = govTopology(); t.AWS.Partition = "aws-us-gov" }},
		{"partition aws given", func(t *irsa.Topology) { t.AWS.Partition = "aws" }},
		{"mode podIdentity", func(t *irsa.Topology) { t.Mode = irsa.ModePodIdentity }},
		{"mode irsa", func(t *irsa.Topology) { t.Mode = irsa.ModeIRSA }},
		{"aurora port defaulted", func(t *irsa.Topology) { t.Aurora.Port = 0 }},
		{"aurora port 65535", func(t *irsa.Topology) { t.Aurora.Port = 65535 }},
		{"namespace of 63", func(t *irsa.Topology) { t.Namespace = strings.Repeat("n", 63) }},
		{"namespace with digits and hyphens", func(t *irsa.Topology) { t.Namespace = "0-camunda-8" }},
		{"cluster name with underscore", func(t *irsa.Topology) { t.Cluster.Name = "Camunda_Prod-1" }},
		{"roleNamePrefix with every allowed character", func(t *irsa.Topology) { t.RoleNamePrefix = "a+b=c,d.e@f_g-" }},
		{"generated role name of exactly 64", func(t *irsa.Topology) {
			t.Cluster.Name = strings.Repeat("c", 53) // + "-webmodeler" is 64
			t.Components.Orchestration.RoleName = "camunda-search"
		}},
		{"domain of 3", func(t *irsa.Topology) { t.OpenSearch.Domain, t.OpenSearch.Endpoint = "abc", "search.example.com" }},
		{"domain of 28", func(t *irsa.Topology) {
			t.OpenSearch.Domain, t.OpenSearch.Endpoint = "a"+strings.Repeat("-", 26)+"z", "search.example.com"
		}},
		{"service account a subdomain", func(t *irsa.Topology) { t.Components.Keycloak.ServiceAccount = "keycloak.camunda.sa" }},
		{"dbUser of 63 with $", func(t *irsa.Topology) { t.Components.Keycloak.DBUser = "_" + strings.Repeat("u", 61) + "$" }},
		{"roleName of 64", func(t *irsa.Topology) { t.Components.Keycloak.RoleName = strings.Repeat("R", 64) }},
		{"shared service account within a role: orchestration and optimize", func(t *irsa.Topology) {
			t.Components.Optimize.ServiceAccount = "orchestration-sa"
		}},
		{"shared dbUser: keycloak and identity", func(t *irsa.Topology) {
			t.Components.Identity.DBUser = "keycloak_irsa"
			t.Components.Identity.ServiceAccount = "keycloak-sa"
		}},
		{"shared dbUser with separate service accounts", func(t *irsa.Topology) { t.Components.Identity.DBUser = "keycloak_irsa" }},
		{"same roleName on both members of a role", func(t *irsa.Topology) {
			t.Components.Orchestration.RoleName = "camunda-search"
			t.Components.Optimize.RoleName = "camunda-search"
		}},
		{"roleName on one member of a role", func(t *irsa.Topology) { t.Components.Optimize.RoleName = "camunda-search" }},
		{"opensearch block without its components", func(t *irsa.Topology) {
			*t = backupTopology()
			t.OpenSearch = nil
		}},
		{"elasticsearchBackup block without the component", func(t *irsa.Topology) {
			t.ElasticsearchBackup = &irsa.ElasticsearchBackup{Bucket: "camunda-es-backups"}
		}},
		{"one component", func(t *irsa.Topology) {
			t.Components = irsa.Components{Keycloak: t.Components.Keycloak}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			top := fullTopology()
			tc.mutate(&top)
			assert.NoError(t, validate(top))
		})
	}
}

// TestValidateBucket covers the S3 general purpose bucket naming rules.
func TestValidateBucket(t *testing.T) {
	bad := []struct{ bucket, msg string }{
		{"", "is required"},
		{"ab", "must be 3-63 characters"},
		{strings.Repeat("b", 64), "must be 3-63 characters"},
		{"Camunda-backups", "lower-case letters, digits, '.' and '-'"},
		{"camunda_backups", "lower-case letters"},
		{"-camunda", "starting and ending with a letter or digit"},
		{"camunda-", "starting and ending with a letter or digit"},
		{".camunda", "starting and ending"},
		{"camunda.", "starting and ending"},
		{"camunda backups", "lower-case letters"},
		{"camunda..backups", "must not contain two adjacent periods"},
		{"192.168.5.4", "must not be formatted as an IP address"},
		{"xn--camunda", "must not start with xn--, sthree- or amzn-s3-demo-"},
		{"sthree-camunda", "must not start with"},
		{"sthree-configurator-x", "must not start with"},
		{"amzn-s3-demo-bucket", "must not start with"},
		{"camunda-s3alias", "must not end with a suffix S3 reserves"},
		{"camunda--ol-s3", "reserves"},
		{"camunda.mrap", "reserves"},
		{"camunda--x-s3", "reserves"},
		{"camunda--table-s3", "reserves"},
	}
	for _, tc := range bad {
		t.Run("refuses "+tc.bucket, func(t *testing.T) {
			top := backupTopology()
			top.ElasticsearchBackup.Bucket = tc.bucket
			requireFieldErrors(t, validate(top), wantErr{"elasticsearchBackup.bucket", tc.msg})
			if tc.bucket != "" {
				assert.Contains(t, validate(top).Error(), `got "`+tc.bucket+`"`)
			}
		})
	}
	for _, good := range []string{"abc", strings.Repeat("b", 63), "camunda.es.backups", "0-camunda-9", "192.168.5.com", "camunda-s3"} {
		t.Run("accepts "+good, func(t *testing.T) {
			top := backupTopology()
			top.ElasticsearchBackup.Bucket = good
			assert.NoError(t, validate(top))
		})
	}
}

// TestValidateReportsEverythingAtOnce: one pass, every problem, in the
// order of the fields in the file format, role-level checks included.
func TestValidateReportsEverythingAtOnce(t *testing.T) {
	top := fullTopology()
	top.APIVersion = "v1"
	top.Namespace = "Camunda"
	top.AWS.AccountID = "1234"
	top.AWS.Region = "eu-west-1" // the issuer says eu-central-1
	top.Aurora.Port = 99999
	top.OpenSearch.Domain = "X"
	top.Components.Optimize.ServiceAccount = "keycloak-sa"

	err := validate(top)
	requireFieldErrors(t, err,
		wantErr{"apiVersion", "must be"},
		wantErr{"namespace", "DNS-1123 label"},
		wantErr{"aws.accountID", "12 digits"},
		wantErr{"cluster.oidcIssuer", "is in region eu-central-1 but aws.region is eu-west-1"},
		wantErr{"aurora.endpoint", "is in region eu-central-1 but aws.region is eu-west-1"},
		wantErr{"aurora.port", "got 99999"},
		wantErr{"opensearch.domain", `got "X"`},
		wantErr{"opensearch.endpoint", "is in region eu-central-1 but aws.region is eu-west-1"},
		wantErr{"components.optimize.serviceAccount", "also the service account of components.keycloak"},
	)
	lines := strings.Split(err.Error(), "\n")
	assert.Len(t, lines, 9)
	assert.Equal(t, "aws.accountID: must be 12 digits, got \"1234\"", lines[2])
}

// TestValidateRoleChecksWaitForComponents: a broken component is
// reported, not the consequences of it for roles (two empty service
// account names are not a shared service account).
func TestValidateRoleChecksWaitForComponents(t *testing.T) {
	top := fullTopology()
	top.Components.Keycloak.ServiceAccount = ""
	top.Components.Identity.ServiceAccount = ""
	requireFieldErrors(t, validate(top),
		wantErr{"components.keycloak.serviceAccount", "is required"},
		wantErr{"components.identity.serviceAccount", "is required"},
	)
}

func TestValidateDoesNotChangeItsInput(t *testing.T) {
	top := fullTopology()
	top.Aurora.Port = 0
	require.NoError(t, validate(top))
	assert.Equal(t, 0, top.Aurora.Port)
	assert.Empty(t, top.Mode)
	assert.Empty(t, top.AWS.Partition)
}

// validate is what a caller of NewPlan sees of a topology's problems.
func validate(top irsa.Topology) error {
	_, err := irsa.NewPlan(top)
	return err
}

// Every field the file must give says "is required" when left empty,
// whatever else is wrong, so the user knows it is missing, not malformed.
func TestMissingFieldsAreRequired(t *testing.T) {
	for _, tc := range []struct {
		path  string
		blank func(*irsa.Topology)
	}{
		{"apiVersion", func(t *irsa.Topology) { t.APIVersion = "" }},
		{"kind", func(t *irsa.Topology) { t.Kind = "" }},
		{"chart", func(t *irsa.Topology) { t.Chart = "" }},
		{"namespace", func(t *irsa.Topology) { t.Namespace = "" }},
		{"aws.accountID", func(t *irsa.Topology) { t.AWS.AccountID = "" }},
		{"aws.region", func(t *irsa.Topology) { t.AWS.Region = "" }},
		{"cluster", func(t *irsa.Topology) { t.Cluster = irsa.Cluster{} }},
		{"cluster.name", func(t *irsa.Topology) { t.Cluster.Name = "" }},
		{"cluster.oidcIssuer", func(t *irsa.Topology) { t.Cluster.OIDCIssuer = "" }},
		{"aurora.endpoint", func(t *irsa.Topology) { t.Aurora.Endpoint = "" }},
		{"aurora.clusterResourceID", func(t *irsa.Topology) { t.Aurora.ClusterResourceID = "" }},
		{"opensearch.domain", func(t *irsa.Topology) { t.OpenSearch.Domain = "" }},
		{"opensearch.endpoint", func(t *irsa.Topology) { t.OpenSearch.Endpoint = "" }},
		{"documentStore.bucket", func(t *irsa.Topology) { t.DocumentStore = &irsa.S3Location{} }},
		{"backup.bucket", func(t *irsa.Topology) { t.Backup = &irsa.Backup{} }},
		{"components", func(t *irsa.Topology) { t.Components = irsa.Components{} }},
		{"components.keycloak.serviceAccount", func(t *irsa.Topology) { t.Components.Keycloak.ServiceAccount = "" }},
		{"components.keycloak.database", func(t *irsa.Topology) { t.Components.Keycloak.Database = "" }},
		{"components.identity.dbUser", func(t *irsa.Topology) { t.Components.Identity.DBUser = "" }},
		{"components.orchestration.serviceAccount", func(t *irsa.Topology) { t.Components.Orchestration.ServiceAccount = "" }},
		{"components.connectors.statements", func(t *irsa.Topology) { t.Components.Connectors = &irsa.ConnectorsComponent{ServiceAccount: "c-sa"} }},
		{"elasticsearchBackup.bucket", func(t *irsa.Topology) {
			*t = backupTopology()
			t.ElasticsearchBackup.Bucket = ""
		}},
	} {
		t.Run(tc.path, func(t *testing.T) {
			top := fullTopology()
			tc.blank(&top)
			_, err := irsa.NewPlan(top)
			fe, ok := irsa.AsFieldErrors(err)
			require.True(t, ok, "%v", err)
			var messages []string
			for _, e := range fe {
				if e.Path == tc.path {
					messages = append(messages, e.Message)
				}
			}
			require.Len(t, messages, 1, "one problem at %s in:\n%v", tc.path, err)
			assert.True(t, strings.HasPrefix(messages[0], "is required"), "%s: %s", tc.path, messages[0])
		})
	}
}

// Terraform's EKS modules output the issuer without its scheme
// (oidc_provider); the plan reads it as the https:// URL and says so.
func TestIssuerWithoutSchemeIsNormalised(t *testing.T) {
	top := fullTopology()
	top.Cluster.OIDCIssuer = strings.TrimPrefix(testIssuer, "https://")
	p, err := irsa.NewPlan(top)
	require.NoError(t, err)
	assert.Equal(t, testIssuer, p.Clusters()[0].OIDCIssuer)
	assert.Equal(t, []string{`cluster.oidcIssuer: read "oidc.eks.eu-central-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF" as ` + testIssuer + ` (an issuer URL starts with https://)`}, p.Notes())
	want, err := irsa.NewPlan(fullTopology())
	require.NoError(t, err)
	assert.Equal(t, want.Roles(), p.Roles(), "the same trust policies")
	assert.Empty(t, want.Notes())

	top.Cluster.OIDCIssuer = "http://" + top.Cluster.OIDCIssuer
	_, err = irsa.NewPlan(top)
	requireFieldErrors(t, err, wantErr{"cluster.oidcIssuer", "must be https://oidc.eks.<region>.amazonaws.com/id/"})
}
