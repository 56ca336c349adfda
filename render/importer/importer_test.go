package importer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/camunda-irsa/camunda-irsa/internal/golden"
	"github.com/camunda-irsa/camunda-irsa/irsa"
	"github.com/camunda-irsa/camunda-irsa/render/helmchart"
)

func fixture(t *testing.T, line string) helmchart.ValuesFile {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "import", line, "values.yaml"))
	require.NoError(t, err)
	return helmchart.ValuesFile{Name: "values.yaml", Data: data}
}

func values(t *testing.T, text string) helmchart.ValuesFile {
	return helmchart.ValuesFile{Name: "values.yaml", Data: []byte(text)}
}

// Each fixture's line is found from its keys alone, with the chart-line
// table; where two lines fit, the newest is taken and the other named.
func TestDetectLine(t *testing.T) {
	for _, tc := range []struct {
		fixture, want, also string
	}{
		{"8.7", "8.7", ""},
		{"8.8", "8.8", ""},
		{"8.9", "8.9", ""},
		{"8.10", "8.10", "8.9 fits them as well"},
	} {
		t.Run(tc.fixture, func(t *testing.T) {
			v, err := helmchart.ParseValues(fixture(t, tc.fixture))
			require.NoError(t, err)
			line, reason, err := DetectLine(v)
			require.NoError(t, err)
			assert.Equal(t, tc.want, line.Name)
			assert.True(t, strings.HasPrefix(reason, "read from the keys of the values ("), reason)
			if tc.also != "" {
				assert.Contains(t, reason, tc.also)
			} else {
				assert.NotContains(t, reason, "as well")
			}
		})
	}
	for name, tc := range map[string]struct{ values, want string }{
		"camundaHub is only on the newest line": {"camundaHub: {enabled: true}\n", lastLine()},
		"zeebe is only on the oldest line":      {"zeebe: {serviceAccount: {name: z}}\n", irsa.ChartLineNames()[0]},
	} {
		t.Run(name, func(t *testing.T) {
			v, err := helmchart.ParseValues(values(t, tc.values))
			require.NoError(t, err)
			line, _, err := DetectLine(v)
			require.NoError(t, err)
			assert.Equal(t, tc.want, line.Name)
		})
	}
	v, err := helmchart.ParseValues(values(t, "zeebe: {}\norchestration: {}\n"))
	require.NoError(t, err)
	_, _, err = DetectLine(v)
	require.ErrorContains(t, err, "the values fit no chart line camunda-irsa supports: not ")
	assert.ErrorContains(t, err, "pass --chart-line")
}

func lastLine() string {
	names := irsa.ChartLineNames()
	return names[len(names)-1]
}

// The import of every fixture is a valid topology with the fixture's
// service accounts, role names, account, region, databases and
// OpenSearch domain, and only the namespace, the cluster and the Aurora
// resource ID as placeholders.
func TestReadFixtures(t *testing.T) {
	for _, line := range irsa.ChartLineNames() {
		t.Run(line, func(t *testing.T) {
			imp, err := Read(fixture(t, line), "")
			require.NoError(t, err)
			top := imp.Topology
			assert.Equal(t, line, top.Chart)
			assert.Equal(t, "210987654321", top.AWS.AccountID)
			assert.Equal(t, "eu-west-1", top.AWS.Region)
			assert.Equal(t, PlaceholderNamespace, top.Namespace)
			assert.Equal(t, PlaceholderCluster, top.Cluster.Name)
			assert.Equal(t, "https://oidc.eks.eu-west-1.amazonaws.com/id/"+PlaceholderIssuerID, top.Cluster.OIDCIssuer)
			require.NotNil(t, top.Aurora)
			assert.Equal(t, irsa.Aurora{Endpoint: "camunda-prod.cluster-cx1y2z3a4b5c.eu-west-1.rds.amazonaws.com", Port: 5432,
				ClusterResourceID: PlaceholderClusterResourceID}, *top.Aurora)
			require.NotNil(t, top.OpenSearch)
			assert.Equal(t, "camunda-prod-os", top.OpenSearch.Domain)
			identity := top.Components.Identity
			require.NotNil(t, identity)
			assert.Equal(t, irsa.DatabaseComponent{ServiceAccount: "camunda-identity", Database: "identity_db", DBUser: "identity_app",
				RoleName: "camunda-prod-identity-irsa", RoleOptions: irsa.RoleOptions{Path: map[bool]string{true: "/camunda/"}[line == "8.9"]}}, *identity)
			assert.Nil(t, top.Components.WebModeler, "disabled in the values")
			require.Len(t, imp.Disabled, 1)
			assert.Equal(t, irsa.ListedComponent{Name: irsa.WebModeler, ServiceAccount: "camunda-web-modeler", Database: "modeler_db",
				DBUser: "modeler_app", RoleName: "camunda-prod-webmodeler-irsa"}, imp.Disabled[0])
			assert.Empty(t, imp.Notes)

			out, err := imp.Render()
			require.NoError(t, err)
			p, err := irsa.Load(out)
			require.NoError(t, err, "%s", out)
			for _, c := range p.Topology().Components.Listed() {
				role, ok := p.RoleFor(c.Name)
				require.True(t, ok)
				assert.True(t, strings.HasPrefix(role.Name, "camunda-prod-"), "%s: role %s", c.Name, role.Name)
			}
			assert.Equal(t, 4, strings.Count(string(out), "# REPLACE:"), "%s", out)
		})
	}
}

func TestReadRefusesWhatItCannotImport(t *testing.T) {
	for name, tc := range map[string]struct{ values, want string }{
		"environment variables left": {
			"identity:\n  serviceAccount:\n    name: ${SA}\n    annotations: {eks.amazonaws.com/role-arn: \"${ROLE_ARN}\"}\n",
			"values.yaml still holds ${ROLE_ARN}, ${SA}; substitute the environment variables first (envsubst < values.yml | camunda-irsa import -)"},
		"no role annotation": {"identity: {serviceAccount: {name: identity}}\n",
			"values.yaml gives no service account of chart 8.8 an eks.amazonaws.com/role-arn annotation: there is no IRSA wiring to import"},
		"not a role ARN": {"identity: {serviceAccount: {name: i, annotations: {eks.amazonaws.com/role-arn: arn:aws:iam::210987654321:user/me}}}\n",
			`values.yaml: identity.serviceAccount.annotations: "arn:aws:iam::210987654321:user/me" is not an IAM role ARN (arn:<partition>:iam::<account>:role/<name>)`},
		"not YAML": {"identity: [", "parsing values file values.yaml"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Read(values(t, tc.values), "8.8")
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

// What the topology cannot say as the values do is a note: one Aurora
// cluster, one role for components with the same permissions, one
// account.
func TestReadNotes(t *testing.T) {
	imp, err := Read(values(t, `
identity:
  serviceAccount: {name: identity, annotations: {eks.amazonaws.com/role-arn: "arn:aws:iam::210987654321:role/identity"}}
  externalDatabase: {host: a.cluster-x.eu-west-1.rds.amazonaws.com, port: 5432, username: identity, database: identity}
webModeler:
  serviceAccount: {name: modeler, annotations: {eks.amazonaws.com/role-arn: "arn:aws:iam::123456789012:role/modeler"}}
  restapi: {externalDatabase: {url: "jdbc:aws-wrapper:postgresql://b.cluster-x.eu-west-1.rds.amazonaws.com:5433/modeler", user: modeler}}
orchestration:
  serviceAccount: {name: zeebe, annotations: {eks.amazonaws.com/role-arn: "arn:aws:iam::210987654321:role/search-a"}}
optimize:
  serviceAccount: {name: optimize, annotations: {eks.amazonaws.com/role-arn: "arn:aws:iam::210987654321:role/search-b"}}
global:
  opensearch: {url: {host: search.example.com}}
`), "8.8")
	require.NoError(t, err)
	assert.Equal(t, []string{
		"the role ARNs name 2 accounts; the topology's roles are all in account 210987654321 (of identity's role)",
		"identity.externalDatabase.host is a.cluster-x.eu-west-1.rds.amazonaws.com:5432 but webModeler's JDBC URL is b.cluster-x.eu-west-1.rds.amazonaws.com:5433; the topology has one Aurora cluster, the first",
		"orchestration has role search-a and optimize role search-b; camunda-irsa gives components with the same permissions one role, so both get search-a",
	}, imp.Notes)
	assert.Equal(t, "search-a", imp.Topology.Components.Optimize.RoleName)
	assert.Equal(t, PlaceholderDomain, imp.Topology.OpenSearch.Domain, "a custom endpoint shows no domain")
	assert.Contains(t, imp.comments["opensearch.domain"], "REPLACE")
	out, err := imp.Render()
	require.NoError(t, err)
	assert.Contains(t, string(out), "# Note: orchestration has role search-a and optimize role search-b;")
}

func TestParsers(t *testing.T) {
	arn, err := parseRoleARN("arn:aws-cn:iam::210987654321:role/team/app/camunda-identity")
	require.NoError(t, err)
	assert.Equal(t, roleARN{partition: "aws-cn", account: "210987654321", path: "/team/app/", name: "camunda-identity"}, arn)

	host, port, db, ok := parseJDBC("jdbc:aws-wrapper:postgresql://db.example.com/identity?wrapperPlugins=iam")
	assert.True(t, ok)
	assert.Equal(t, []any{"db.example.com", 5432, "identity"}, []any{host, port, db})
	_, _, _, ok = parseJDBC("jdbc:mysql://db:3306/x")
	assert.False(t, ok)

	for host, want := range map[string]string{
		"c.cluster-x.eu-west-1.rds.amazonaws.com":     "eu-west-1",
		"c.cluster-x.rds.cn-north-1.amazonaws.com.cn": "cn-north-1",
		"vpc-d-x.us-gov-west-1.es.amazonaws.com":      "us-gov-west-1",
		"db.example.com":                              "",
	} {
		service := "rds"
		if strings.Contains(host, ".es.") {
			service = "es"
		}
		assert.Equal(t, want, endpointRegion(host, service), host)
	}
}

// The topology written for each fixture, pinned: testdata/import/<line>/
// topology.yaml (go test ./... -update rewrites it; review the diff).
func TestRenderIsPinned(t *testing.T) {
	for _, line := range irsa.ChartLineNames() {
		t.Run(line, func(t *testing.T) {
			imp, err := Read(fixture(t, line), "")
			require.NoError(t, err)
			out, err := imp.Render()
			require.NoError(t, err)
			golden.Assert(t, filepath.Join("..", "..", "testdata", "import", line, "topology.yaml"), out)
		})
	}
}

// A component wired without what the topology needs of it gets
// placeholders, and the file still validates.
func TestReadPlaceholdersValidate(t *testing.T) {
	imp, err := Read(values(t, `
identity:
  serviceAccount: {annotations: {eks.amazonaws.com/role-arn: "arn:aws-cn:iam::210987654321:role/identity"}}
connectors:
  serviceAccount: {name: connectors, annotations: {eks.amazonaws.com/role-arn: "arn:aws-cn:iam::210987654321:role/connectors"}}
`), "8.8")
	require.NoError(t, err)
	out, err := imp.Render()
	require.NoError(t, err)
	text := string(out)
	for _, want := range []string{
		"  # REPLACE: the region of the cluster and its databases (the values name no regional endpoint)\n  region: cn-north-1\n",
		"  oidcIssuer: https://oidc.eks.cn-north-1.amazonaws.com.cn/id/" + PlaceholderIssuerID + "\n",
		"  # REPLACE: the Aurora cluster (writer) endpoint (the values name no database host)\n",
		"    # REPLACE: identity.serviceAccount.name is not set, so the chart names the service account itself; give its name\n    serviceAccount: identity-sa\n",
		"    # REPLACE: identity names no database\n    database: replace_me\n",
		"    # REPLACE: the statements of the connectors' role: what your connectors call in AWS (values files do not hold IAM policies)\n" +
			`    statements: [{"sid":"ReplaceMe","actions":["lambda:InvokeFunction"],"resources":["arn:aws-cn:lambda:cn-north-1:210987654321:function:replace-me"]}]` + "\n",
	} {
		assert.Contains(t, text, want)
	}
	_, err = irsa.Load(out)
	require.NoError(t, err, "%s", out)
}
