package irsa_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/camunda-irsa/camunda-irsa/irsa"
	"github.com/camunda-irsa/camunda-irsa/lint"
)

func mustPlan(t *testing.T, top irsa.Topology) *irsa.Plan {
	t.Helper()
	p, err := irsa.NewPlan(top)
	require.NoError(t, err)
	require.NotNil(t, p)
	return p
}

func roleNamed(t *testing.T, p *irsa.Plan, name string) irsa.Role {
	t.Helper()
	for _, r := range p.Roles() {
		if r.Name == name {
			return r
		}
	}
	require.Failf(t, "no such role", "%s; roles: %v", name, roleNames(p))
	return irsa.Role{}
}

func roleNames(p *irsa.Plan) []string {
	out := make([]string, len(p.Roles()))
	for i, r := range p.Roles() {
		out[i] = r.Name
	}
	return out
}

func serviceAccounts(r irsa.Role) []string {
	out := make([]string, len(r.ServiceAccounts))
	for i, sa := range r.ServiceAccounts {
		out[i] = sa.String()
	}
	return out
}

// compact turns a readable expected JSON document into the compact form
// json.Marshal writes, keeping its key order.
func compact(t *testing.T, s string) string {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, json.Compact(&b, []byte(s)))
	return b.String()
}

func marshal(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

func TestPlanRolesOfTheFullTopology(t *testing.T) {
	p := mustPlan(t, fullTopology())
	assert.Equal(t, []string{"camunda-identity", "camunda-keycloak", "camunda-opensearch", "camunda-webmodeler"}, roleNames(p))
	assert.Equal(t, "aws", p.Partition().Name)

	want := []struct {
		name   string
		grants []irsa.GrantKind
		comps  []irsa.ComponentName
		sas    []string
	}{
		{"camunda-identity", []irsa.GrantKind{irsa.GrantAuroraConnect}, []irsa.ComponentName{irsa.Identity}, []string{"camunda:identity-sa"}},
		{"camunda-keycloak", []irsa.GrantKind{irsa.GrantAuroraConnect}, []irsa.ComponentName{irsa.Keycloak}, []string{"camunda:keycloak-sa"}},
		{"camunda-opensearch", []irsa.GrantKind{irsa.GrantOpenSearchHTTP}, []irsa.ComponentName{irsa.Orchestration, irsa.Optimize},
			[]string{"camunda:optimize-sa", "camunda:orchestration-sa"}},
		{"camunda-webmodeler", []irsa.GrantKind{irsa.GrantAuroraConnect}, []irsa.ComponentName{irsa.WebModeler}, []string{"camunda:webmodeler-sa"}},
	}
	require.Len(t, p.Roles(), len(want))
	for i, w := range want {
		r := p.Roles()[i]
		assert.Equal(t, w.name, r.Name)
		assert.Equal(t, "arn:aws:iam::123456789012:role/"+w.name, r.ARN)
		assert.Equal(t, w.grants, grantKinds(r), w.name)
		assert.Equal(t, w.comps, r.Components, w.name)
		assert.Equal(t, w.sas, serviceAccounts(r), w.name)
	}
}

func TestPlanTopologyHasDefaultsAndInputIsUnchanged(t *testing.T) {
	top := fullTopology()
	top.Aurora.Port = 0
	p := mustPlan(t, top)
	assert.Equal(t, irsa.ModeIRSA, p.Topology().Mode)
	assert.Equal(t, "aws", p.Topology().AWS.Partition)
	assert.Equal(t, irsa.DefaultAuroraPort, p.Topology().Aurora.Port)
	assert.Equal(t, 0, top.Aurora.Port, "NewPlan must not write through the caller's pointers")
	assert.Empty(t, top.Mode)
}

func TestPlanRefusesAnInvalidTopology(t *testing.T) {
	top := fullTopology()
	top.AWS.AccountID = "x"
	p, err := irsa.NewPlan(top)
	assert.Nil(t, p)
	requireFieldErrors(t, err, wantErr{"aws.accountID", "must be 12 digits"})
}

func TestPlanLookups(t *testing.T) {
	p := mustPlan(t, fullTopology())

	r, ok := p.RoleFor(irsa.Optimize)
	require.True(t, ok)
	assert.Equal(t, "camunda-opensearch", r.Name)
	r, ok = p.RoleFor(irsa.WebModeler)
	require.True(t, ok)
	assert.Equal(t, "camunda-webmodeler", r.Name)
	_, ok = p.RoleFor(irsa.Zeebe)
	assert.False(t, ok)

	var got []string
	for _, b := range p.ServiceAccounts() {
		got = append(got, b.ServiceAccount.String()+" "+b.Role.Name)
	}
	assert.Equal(t, []string{
		"camunda:identity-sa camunda-identity",
		"camunda:keycloak-sa camunda-keycloak",
		"camunda:optimize-sa camunda-opensearch",
		"camunda:orchestration-sa camunda-opensearch",
		"camunda:webmodeler-sa camunda-webmodeler",
	}, got)

	sa := irsa.ServiceAccountRef{Namespace: "camunda", Name: "keycloak-sa"}
	assert.Equal(t, "camunda:keycloak-sa", sa.String())
	assert.Equal(t, "system:serviceaccount:camunda:keycloak-sa", sa.Subject())
}

func TestPlanTrustPolicyIRSA(t *testing.T) {
	p := mustPlan(t, fullTopology())
	want := `{
	  "Version": "2012-10-17",
	  "Statement": [{
	    "Sid": "ServiceAccountsOfCamunda",
	    "Effect": "Allow",
	    "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-central-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF"},
	    "Action": "sts:AssumeRoleWithWebIdentity",
	    "Condition": {"StringEquals": {
	      "oidc.eks.eu-central-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF:aud": "sts.amazonaws.com",
	      "oidc.eks.eu-central-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF:sub": "system:serviceaccount:camunda:keycloak-sa"
	    }}
	  }]
	}`
	assert.Equal(t, compact(t, want), marshal(t, roleNamed(t, p, "camunda-keycloak").TrustPolicy))
}

// The OpenSearch role trusts the service account of every OpenSearch
// component, in one condition.
func TestPlanOpenSearchRoleTrustsEveryOpenSearchComponent(t *testing.T) {
	p := mustPlan(t, fullTopology())
	cond := roleNamed(t, p, "camunda-opensearch").TrustPolicy.Statement[0].Condition
	host := "oidc.eks.eu-central-1.amazonaws.com/id/" + testIssuerID
	assert.Equal(t, irsa.Condition{"StringEquals": {
		host + ":aud": {"sts.amazonaws.com"},
		host + ":sub": {"system:serviceaccount:camunda:optimize-sa", "system:serviceaccount:camunda:orchestration-sa"},
	}}, cond)

	top := fullTopology()
	on87(&top)
	p = mustPlan(t, top)
	r := roleNamed(t, p, "camunda-opensearch")
	assert.Equal(t, []irsa.ComponentName{irsa.Zeebe, irsa.Operate, irsa.Tasklist, irsa.Optimize}, r.Components)
	assert.Equal(t, []string{"camunda:operate-sa", "camunda:optimize-sa", "camunda:tasklist-sa", "camunda:zeebe-sa"}, serviceAccounts(r))
	assert.Len(t, r.TrustPolicy.Statement[0].Condition["StringEquals"][host+":sub"], 4)
}

// Components that share a service account within one role trust it once.
func TestPlanSharedServiceAccountIsTrustedOnce(t *testing.T) {
	top := fullTopology()
	top.Components.Optimize.ServiceAccount = "orchestration-sa"
	r := roleNamed(t, mustPlan(t, top), "camunda-opensearch")
	assert.Equal(t, []irsa.ComponentName{irsa.Orchestration, irsa.Optimize}, r.Components)
	assert.Equal(t, []string{"camunda:orchestration-sa"}, serviceAccounts(r))
	assert.Contains(t, marshal(t, r.TrustPolicy), `:sub":"system:serviceaccount:camunda:orchestration-sa"`)
}

func TestPlanPermissionPolicies(t *testing.T) {
	p := mustPlan(t, fullTopology())
	assert.Equal(t, compact(t, `{
	  "Version": "2012-10-17",
	  "Statement": [{
	    "Sid": "RDSIAMConnect",
	    "Effect": "Allow",
	    "Action": "rds-db:connect",
	    "Resource": "arn:aws:rds-db:eu-central-1:123456789012:dbuser:cluster-ABCDEFGHIJKLMNOPQRSTUVWXY2/keycloak_irsa"
	  }]
	}`), marshal(t, roleNamed(t, p, "camunda-keycloak").PermissionPolicy))
	assert.Equal(t, "arn:aws:rds-db:eu-central-1:123456789012:dbuser:cluster-ABCDEFGHIJKLMNOPQRSTUVWXY2/webmodeler_irsa",
		roleNamed(t, p, "camunda-webmodeler").PermissionPolicy.Statement[0].Resource[0])

	assert.Equal(t, compact(t, `{
	  "Version": "2012-10-17",
	  "Statement": [{
	    "Sid": "OpenSearchHTTP",
	    "Effect": "Allow",
	    "Action": ["es:ESHttpDelete", "es:ESHttpGet", "es:ESHttpHead", "es:ESHttpPatch", "es:ESHttpPost", "es:ESHttpPut"],
	    "Resource": "arn:aws:es:eu-central-1:123456789012:domain/camunda/*"
	  }]
	}`), marshal(t, roleNamed(t, p, "camunda-opensearch").PermissionPolicy))

	backup := mustPlan(t, backupTopology())
	assert.Equal(t, []string{"camunda-es-backup", "camunda-identity", "camunda-keycloak", "camunda-webmodeler"}, roleNames(backup))
	r := roleNamed(t, backup, "camunda-es-backup")
	assert.Equal(t, []irsa.GrantKind{irsa.GrantS3Snapshots}, grantKinds(r))
	assert.Equal(t, []string{"camunda:elasticsearch-master-sa"}, serviceAccounts(r))
	assert.Equal(t, compact(t, `{
	  "Version": "2012-10-17",
	  "Statement": [{
	    "Sid": "SnapshotBucket",
	    "Effect": "Allow",
	    "Action": ["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads", "s3:ListBucketVersions"],
	    "Resource": "arn:aws:s3:::camunda-es-backups"
	  }, {
	    "Sid": "SnapshotObjects",
	    "Effect": "Allow",
	    "Action": ["s3:AbortMultipartUpload", "s3:DeleteObject", "s3:GetObject", "s3:ListMultipartUploadParts", "s3:PutObject"],
	    "Resource": "arn:aws:s3:::camunda-es-backups/*"
	  }]
	}`), marshal(t, r.PermissionPolicy))
}

// TestPlanIsLeastPrivilege: no wildcard resource or action, no
// StringLike, and every document within IAM's default size limits
// (whitespace not counted).
func TestPlanIsLeastPrivilege(t *testing.T) {
	for name, top := range map[string]irsa.Topology{"full": fullTopology(), "backup": backupTopology()} {
		for _, r := range mustPlan(t, top).Roles() {
			for _, doc := range []irsa.PolicyDocument{r.TrustPolicy, r.PermissionPolicy} {
				for _, s := range doc.Statement {
					assert.Equal(t, irsa.Allow, s.Effect)
					for _, res := range s.Resource {
						assert.NotEqual(t, "*", res, "%s %s", name, r.Name)
						assert.True(t, strings.HasPrefix(res, "arn:aws:"), res)
					}
					for _, a := range s.Action {
						assert.NotContains(t, a, "*", "%s %s", name, r.Name)
					}
					assert.NotContains(t, s.Condition, "StringLike")
				}
			}
			assert.LessOrEqual(t, nonSpace(marshal(t, r.TrustPolicy)), 2048, r.Name)
			assert.LessOrEqual(t, nonSpace(marshal(t, r.PermissionPolicy)), 6144, r.Name)
		}
	}
}

// nonSpace counts the characters IAM counts against its size limits.
func nonSpace(s string) int {
	n := 0
	for _, r := range s {
		if !unicode.IsSpace(r) {
			n++
		}
	}
	return n
}

func TestPlanChina(t *testing.T) {
	top := chinaTopology()
	top.ElasticsearchBackup = &irsa.ElasticsearchBackup{Bucket: "camunda-es-backups"}
	p := mustPlan(t, top)
	assert.Equal(t, irsa.Partition{Name: "aws-cn", RegionPrefix: "cn-", DNSSuffix: "amazonaws.com.cn", Supported: true}, p.Partition())
	for _, r := range p.Roles() {
		assert.Equal(t, "arn:aws-cn:iam::123456789012:role/"+r.Name, r.ARN)
	}
	host := "oidc.eks.cn-north-1.amazonaws.com.cn/id/" + testIssuerID
	assert.Equal(t, compact(t, `{
	  "Version": "2012-10-17",
	  "Statement": [{
	    "Sid": "ServiceAccountsOfCamunda",
	    "Effect": "Allow",
	    "Principal": {"Federated": "arn:aws-cn:iam::123456789012:oidc-provider/`+host+`"},
	    "Action": "sts:AssumeRoleWithWebIdentity",
	    "Condition": {"StringEquals": {
	      "`+host+`:aud": "sts.amazonaws.com",
	      "`+host+`:sub": "system:serviceaccount:camunda:identity-sa"
	    }}
	  }]
	}`), marshal(t, roleNamed(t, p, "camunda-identity").TrustPolicy))
	assert.Equal(t, "arn:aws-cn:rds-db:cn-north-1:123456789012:dbuser:"+testCRID+"/identity_irsa",
		roleNamed(t, p, "camunda-identity").PermissionPolicy.Statement[0].Resource[0])
	assert.Equal(t, "arn:aws-cn:es:cn-north-1:123456789012:domain/camunda/*",
		roleNamed(t, p, "camunda-opensearch").PermissionPolicy.Statement[0].Resource[0])

	b := mustPlan(t, func() irsa.Topology {
		bt := backupTopology()
		bt.AWS, bt.Cluster, bt.Aurora = top.AWS, top.Cluster, top.Aurora
		return bt
	}())
	r := roleNamed(t, b, "camunda-es-backup")
	assert.Equal(t, irsa.Strings{"arn:aws-cn:s3:::camunda-es-backups"}, r.PermissionPolicy.Statement[0].Resource)
	assert.Equal(t, irsa.Strings{"arn:aws-cn:s3:::camunda-es-backups/*"}, r.PermissionPolicy.Statement[1].Resource)
}

func TestPlanGovCloud(t *testing.T) {
	p := mustPlan(t, govTopology())
	assert.Equal(t, irsa.Partition{Name: "aws-us-gov", RegionPrefix: "us-gov-", DNSSuffix: "amazonaws.com", Supported: true}, p.Partition())
	r := roleNamed(t, p, "camunda-opensearch")
	assert.Equal(t, "arn:aws-us-gov:iam::123456789012:role/camunda-opensearch", r.ARN)
	assert.Equal(t, irsa.Strings{"arn:aws-us-gov:iam::123456789012:oidc-provider/oidc.eks.us-gov-west-1.amazonaws.com/id/" + testIssuerID},
		r.TrustPolicy.Statement[0].Principal.Federated)
	assert.Equal(t, irsa.Strings{"sts.amazonaws.com"},
		r.TrustPolicy.Statement[0].Condition["StringEquals"]["oidc.eks.us-gov-west-1.amazonaws.com/id/"+testIssuerID+":aud"])
	assert.Equal(t, irsa.Strings{"arn:aws-us-gov:es:us-gov-west-1:123456789012:domain/camunda/*"}, r.PermissionPolicy.Statement[0].Resource)
	assert.Equal(t, "arn:aws-us-gov:rds-db:us-gov-west-1:123456789012:dbuser:"+testCRID+"/keycloak_irsa",
		roleNamed(t, p, "camunda-keycloak").PermissionPolicy.Statement[0].Resource[0])
}

// TestPlanPodIdentity: the Pod Identity trust conditions on the session
// tags the agent sets unless the topology turns that off: without them,
// whoever may create an association can hand the role to any cluster's
// or namespace's pods.
func TestPlanPodIdentity(t *testing.T) {
	top := fullTopology()
	top.Mode = irsa.ModePodIdentity
	p := mustPlan(t, top)
	assert.Equal(t, compact(t, `{
	  "Version": "2012-10-17",
	  "Statement": [{
	    "Sid": "EKSPodIdentity",
	    "Effect": "Allow",
	    "Principal": {"Service": "pods.eks.amazonaws.com"},
	    "Action": ["sts:AssumeRole", "sts:TagSession"],
	    "Condition": {"StringEquals": {
	      "aws:RequestTag/eks-cluster-name": "camunda",
	      "aws:RequestTag/kubernetes-namespace": "camunda",
	      "aws:RequestTag/kubernetes-service-account": "keycloak-sa"
	    }}
	  }]
	}`), marshal(t, roleNamed(t, p, "camunda-keycloak").TrustPolicy))

	top.PodIdentity = &irsa.PodIdentity{ConditionOnSessionTags: ptr(false)}
	want := compact(t, `{
	  "Version": "2012-10-17",
	  "Statement": [{
	    "Sid": "EKSPodIdentity",
	    "Effect": "Allow",
	    "Principal": {"Service": "pods.eks.amazonaws.com"},
	    "Action": ["sts:AssumeRole", "sts:TagSession"]
	  }]
	}`)
	for _, r := range mustPlan(t, top).Roles() {
		assert.Equal(t, want, marshal(t, r.TrustPolicy), r.Name)
	}
	// The permissions do not depend on how the role is assumed.
	irsaPlan := mustPlan(t, fullTopology())
	for i, r := range p.Roles() {
		assert.Equal(t, irsaPlan.Roles()[i].PermissionPolicy, r.PermissionPolicy)
		assert.Equal(t, irsaPlan.Roles()[i].ServiceAccounts, r.ServiceAccounts)
	}
}

func TestPlanRoleNames(t *testing.T) {
	top := fullTopology()
	top.RoleNamePrefix = "team-a-"
	top.Components.WebModeler.RoleName = "wm-db"
	top.Components.Optimize.RoleName = "search"
	p := mustPlan(t, top)
	assert.Equal(t, []string{"search", "team-a-camunda-identity", "team-a-camunda-keycloak", "wm-db"}, roleNames(p))
	r := roleNamed(t, p, "wm-db")
	assert.Equal(t, "arn:aws:iam::123456789012:role/wm-db", r.ARN)
	assert.Equal(t, []irsa.ComponentName{irsa.WebModeler}, r.Components)
	// An override on any member names the whole role.
	assert.Equal(t, []irsa.ComponentName{irsa.Orchestration, irsa.Optimize}, roleNamed(t, p, "search").Components)
}

// Keycloak and Identity with one database user share one role.
func TestPlanSharedDBUser(t *testing.T) {
	top := fullTopology()
	top.Components.Identity.DBUser = "keycloak_irsa"
	p := mustPlan(t, top)
	assert.Equal(t, []string{"camunda-keycloak", "camunda-opensearch", "camunda-webmodeler"}, roleNames(p))
	r := roleNamed(t, p, "camunda-keycloak")
	assert.Equal(t, []irsa.ComponentName{irsa.Keycloak, irsa.Identity}, r.Components)
	assert.Equal(t, []string{"camunda:identity-sa", "camunda:keycloak-sa"}, serviceAccounts(r))
	assert.Equal(t, irsa.Strings{"arn:aws:rds-db:eu-central-1:123456789012:dbuser:" + testCRID + "/keycloak_irsa"},
		r.PermissionPolicy.Statement[0].Resource)
	idRole, ok := p.RoleFor(irsa.Identity)
	require.True(t, ok)
	assert.Equal(t, "camunda-keycloak", idRole.Name)
}

func TestPlanSidOfClusterName(t *testing.T) {
	top := fullTopology()
	top.Cluster.Name = "prod_eu-camunda-8"
	p := mustPlan(t, top)
	assert.Equal(t, "ServiceAccountsOfProdEuCamunda8", p.Roles()[0].TrustPolicy.Statement[0].Sid)
}

func TestPlanIsDeterministic(t *testing.T) {
	for name, top := range map[string]irsa.Topology{"full": fullTopology(), "backup": backupTopology(), "china": chinaTopology()} {
		a, b := mustPlan(t, top), mustPlan(t, top)
		assert.Equal(t, marshal(t, a), marshal(t, b), name)
		assert.Equal(t, a, b, name)
	}
}

func TestStringsJSON(t *testing.T) {
	assert.Equal(t, `"s3:GetObject"`, marshal(t, irsa.Strings{"s3:GetObject"}))
	assert.Equal(t, `["s3:GetObject","s3:PutObject"]`, marshal(t, irsa.Strings{"s3:GetObject", "s3:PutObject"}))
	assert.Equal(t, `[]`, marshal(t, irsa.Strings{}))

	for in, want := range map[string]irsa.Strings{
		`"a"`:       {"a"},
		`["a"]`:     {"a"},
		`["a","b"]`: {"a", "b"},
		`[]`:        {},
		`null`:      nil,
	} {
		var got irsa.Strings
		require.NoError(t, json.Unmarshal([]byte(in), &got), in)
		assert.Equal(t, want, got, in)
	}
	for _, in := range []string{`5`, `{"a":1}`, `[1]`, `true`} {
		var got irsa.Strings
		err := json.Unmarshal([]byte(in), &got)
		require.Error(t, err, in)
		assert.Contains(t, err.Error(), "must be a string or a list of strings")
	}
}

// Every policy document of a plan survives a JSON round trip unchanged,
// and omitted parts stay omitted.
func TestPolicyDocumentRoundTrip(t *testing.T) {
	top := fullTopology()
	for _, mode := range []irsa.Mode{irsa.ModeIRSA, irsa.ModePodIdentity} {
		top.Mode = mode
		for _, r := range mustPlan(t, top).Roles() {
			for _, doc := range []irsa.PolicyDocument{r.TrustPolicy, r.PermissionPolicy} {
				js := marshal(t, doc)
				var back irsa.PolicyDocument
				require.NoError(t, json.Unmarshal([]byte(js), &back))
				assert.Equal(t, doc, back)
				assert.Equal(t, js, marshal(t, back))
			}
		}
	}
	var doc irsa.PolicyDocument
	require.NoError(t, json.Unmarshal([]byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":null}]}`), &doc))
	assert.Nil(t, doc.Statement[0].Resource)
	assert.Equal(t, `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*"}]}`, marshal(t, doc))
}

// grantKinds lists the kinds of a role's grants, in the role's order.
func grantKinds(r irsa.Role) []irsa.GrantKind {
	out := make([]irsa.GrantKind, len(r.Grants))
	for i, g := range r.Grants {
		out[i] = g.Kind()
	}
	return out
}

// TestPlanOneRoleNameJoinsDifferentGrants: components of different needs
// given one roleName share that role, which holds the union of their
// grants; statements that differ only in resources merge.
func TestPlanOneRoleNameJoinsDifferentGrants(t *testing.T) {
	top := fullTopology()
	top.Components.Keycloak.RoleName = "camunda-db"
	top.Components.Identity.RoleName = "camunda-db"
	top.Components.Optimize.RoleName = "camunda-db"
	p := mustPlan(t, top)
	// A roleName names every component of equal grants: orchestration
	// comes along with optimize.
	assert.Equal(t, []string{"camunda-db", "camunda-webmodeler"}, roleNames(p))
	r := roleNamed(t, p, "camunda-db")
	assert.Equal(t, []irsa.ComponentName{irsa.Keycloak, irsa.Identity, irsa.Orchestration, irsa.Optimize}, r.Components)
	assert.Equal(t, []string{"camunda:identity-sa", "camunda:keycloak-sa", "camunda:optimize-sa", "camunda:orchestration-sa"}, serviceAccounts(r))
	assert.Equal(t, []irsa.GrantKind{irsa.GrantAuroraConnect, irsa.GrantAuroraConnect, irsa.GrantOpenSearchHTTP}, grantKinds(r))
	assert.Equal(t, compact(t, `{
	  "Version": "2012-10-17",
	  "Statement": [{
	    "Sid": "RDSIAMConnect",
	    "Effect": "Allow",
	    "Action": "rds-db:connect",
	    "Resource": [
	      "arn:aws:rds-db:eu-central-1:123456789012:dbuser:cluster-ABCDEFGHIJKLMNOPQRSTUVWXY2/identity_irsa",
	      "arn:aws:rds-db:eu-central-1:123456789012:dbuser:cluster-ABCDEFGHIJKLMNOPQRSTUVWXY2/keycloak_irsa"
	    ]
	  }, {
	    "Sid": "OpenSearchHTTP",
	    "Effect": "Allow",
	    "Action": ["es:ESHttpDelete", "es:ESHttpGet", "es:ESHttpHead", "es:ESHttpPatch", "es:ESHttpPost", "es:ESHttpPut"],
	    "Resource": "arn:aws:es:eu-central-1:123456789012:domain/camunda/*"
	  }]
	}`), marshal(t, r.PermissionPolicy))
	require.Len(t, r.Notes, 1)
	assert.Equal(t, "roleName camunda-db joins components of different needs: the role holds the union of their grants (Aurora user identity_irsa, Aurora user keycloak_irsa, OpenSearch)", r.Notes[0])
}

func ptr[T any](v T) *T { return &v }

// TestPlanTrustSidsAreUnique: clusters whose names differ only in case
// or punctuation make the same Sid word; IAM refuses a policy with a Sid
// twice, so the later ones are numbered.
func TestPlanTrustSidsAreUnique(t *testing.T) {
	top := fullTopology()
	top.Cluster = irsa.Cluster{}
	for i, name := range []string{"camunda-blue", "camunda_blue", "Camunda-Blue"} {
		id := strings.Repeat(string("ABC"[i]), 32)
		top.Clusters = append(top.Clusters, irsa.Cluster{Name: name, OIDCIssuer: "https://oidc.eks.eu-central-1.amazonaws.com/id/" + id})
	}
	p := mustPlan(t, top)
	for _, r := range p.Roles() {
		var sids []string
		for _, st := range r.TrustPolicy.Statement {
			sids = append(sids, st.Sid)
		}
		assert.Equal(t, []string{"ServiceAccountsOfCamundaBlue", "ServiceAccountsOfCamundaBlue2", "ServiceAccountsOfCamundaBlue3"}, sids, r.Name)
	}
	assert.Empty(t, lint.Errors(lint.Plan(p, lint.Options{})))
}

// TestPlanSplitRolesShareOnePolicy: the parts of a role split to fit the
// trust quota hold one managed policy between them.
func TestPlanSplitRolesShareOnePolicy(t *testing.T) {
	p := mustPlan(t, overflowing())
	parts := p.RolesWith(irsa.GrantOpenSearchHTTP)
	require.Greater(t, len(parts), 1)
	for _, r := range parts {
		assert.Equal(t, "camunda-opensearch", r.PolicyName, r.Name)
		assert.Equal(t, "arn:aws:iam::123456789012:policy/camunda-opensearch", r.PolicyARN, r.Name)
	}
	keycloak := roleNamed(t, p, "camunda-keycloak")
	assert.Equal(t, "camunda-keycloak", keycloak.PolicyName, "an unsplit role's policy has its name")
}
