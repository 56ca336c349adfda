package irsa_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/camunda-irsa/camunda-irsa/irsa"
)

const greenIssuer = "https://oidc.eks.eu-west-1.amazonaws.com/id/FEDCBA9876543210FEDCBA9876543210"

// twoClusters is the full topology trusted from a second cluster in
// another region.
func twoClusters() irsa.Topology {
	t := fullTopology()
	t.Clusters = []irsa.Cluster{t.Cluster, {Name: "camunda-green", Region: "eu-west-1", OIDCIssuer: greenIssuer}}
	t.Cluster = irsa.Cluster{}
	return t
}

func TestIAMOptionRules(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mutate func(*irsa.Topology)
		want   []wantErr
	}{
		{"cluster and clusters", func(t *irsa.Topology) { t.Clusters = []irsa.Cluster{t.Cluster} },
			[]wantErr{{"clusters", "either cluster (one cluster) or clusters"}}},
		{"no cluster", func(t *irsa.Topology) { t.Cluster = irsa.Cluster{} }, []wantErr{{"cluster", "is required"}}},
		{"duplicate cluster name", func(t *irsa.Topology) { *t = twoClusters(); t.Clusters[1].Name = "camunda" },
			[]wantErr{{"clusters[1].name", `"camunda" is also the name of clusters[0]`}}},
		{"duplicate issuer", func(t *irsa.Topology) {
			*t = twoClusters()
			t.Clusters[1].OIDCIssuer, t.Clusters[1].Region = testIssuer, ""
		}, []wantErr{{"clusters[1].oidcIssuer", "is also the issuer of clusters[0]"}}},
		{"issuer region differs from its own region", func(t *irsa.Topology) { *t = twoClusters(); t.Clusters[1].Region = "eu-north-1" },
			[]wantErr{{"clusters[1].oidcIssuer", "is in region eu-west-1 but clusters[1].region is eu-north-1"}}},
		{"cluster in another partition", func(t *irsa.Topology) {
			*t = twoClusters()
			t.Clusters[1].Region = "cn-north-1"
			t.Clusters[1].OIDCIssuer = "https://oidc.eks.cn-north-1.amazonaws.com.cn/id/" + testIssuerID
		}, []wantErr{{"clusters[1].region", "IAM roles cannot trust clusters of another partition"}}},
		{"path without slashes", func(t *irsa.Topology) { t.RoleDefaults.Path = "camunda" },
			[]wantErr{{"roleDefaults.path", "must start and end with /"}}},
		{"boundary not an ARN", func(t *irsa.Topology) { t.Components.Keycloak.PermissionsBoundary = "boundary" },
			[]wantErr{{"components.keycloak.permissionsBoundary", "must be a managed policy ARN"}}},
		{"boundary in another partition", func(t *irsa.Topology) {
			t.RoleDefaults.PermissionsBoundary = "arn:aws-cn:iam::123456789012:policy/b"
		}, []wantErr{{"roleDefaults.permissionsBoundary", "is in partition aws-cn but the roles are in aws"}}},
		{"session too short", func(t *irsa.Topology) { t.RoleDefaults.MaxSessionDuration = 900 },
			[]wantErr{{"roleDefaults.maxSessionDuration", "between 3600 and 43200 seconds, got 900"}}},
		{"session too long", func(t *irsa.Topology) { t.Components.Optimize.MaxSessionDuration = 43201 },
			[]wantErr{{"components.optimize.maxSessionDuration", "got 43201"}}},
		{"reserved tag key", func(t *irsa.Topology) { t.RoleDefaults.Tags = map[string]string{"aws:owner": "x"} },
			[]wantErr{{"roleDefaults.tags.aws:owner", "reserved by AWS"}}},
		{"tag value with newline", func(t *irsa.Topology) { t.Components.Identity.Tags = map[string]string{"team": "a\nb"} },
			[]wantErr{{"components.identity.tags.team", "tag value must be"}}},
		{"shared role, different paths", func(t *irsa.Topology) {
			t.Components.Orchestration.Path = "/a/"
			t.Components.Optimize.Path = "/b/"
		}, []wantErr{{"components.optimize.path", "/b/ differs from /a/ set by components.orchestration, which shares the role"}}},
		{"shared role, different tag values", func(t *irsa.Topology) {
			t.Components.Orchestration.Tags = map[string]string{"team": "a"}
			t.Components.Optimize.Tags = map[string]string{"team": "b"}
		}, []wantErr{{"components.optimize.tags.team", "b differs from a"}}},
		{"resource ID neither ID nor *", func(t *irsa.Topology) { t.Aurora.ClusterResourceID = "cluster-*" },
			[]wantErr{{"aurora.clusterResourceID", `or "*" while it is not known yet`}}},
		{"unknown OpenSearch preset", func(t *irsa.Topology) { t.OpenSearch.Policy = "admin" },
			[]wantErr{{"opensearch.policy", `must be "least" or "seed"`}}},
		{"base path with leading slash", func(t *irsa.Topology) {
			*t = backupTopology()
			t.ElasticsearchBackup.BasePath = "/snapshots"
		}, []wantErr{{"elasticsearchBackup.basePath", "without leading or trailing '/'"}}},
		{"trust quota below IAM's default", func(t *irsa.Topology) { t.AWS.TrustPolicyQuota = 1024 },
			[]wantErr{{"aws.trustPolicyQuota", "between 2048"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			top := fullTopology()
			tc.mutate(&top)
			requireFieldErrors(t, validate(top), tc.want...)
		})
	}
}

func TestRoleOptionsReachTheRoles(t *testing.T) {
	top := fullTopology()
	top.RoleDefaults = irsa.RoleOptions{Path: "/camunda/", Tags: map[string]string{"team": "platform", "env": "prod"},
		PermissionsBoundary: "arn:aws:iam::123456789012:policy/boundary"}
	top.Components.Keycloak.MaxSessionDuration = 7200
	top.Components.Keycloak.Tags = map[string]string{"env": "staging"}
	p := mustPlan(t, top)

	kc := roleNamed(t, p, "camunda-keycloak")
	assert.Equal(t, "arn:aws:iam::123456789012:role/camunda/camunda-keycloak", kc.ARN)
	assert.Equal(t, "/camunda/", kc.Path)
	assert.Equal(t, 7200, kc.MaxSessionDuration)
	assert.Equal(t, map[string]string{"team": "platform", "env": "staging"}, kc.Tags, "a component overrides a default tag")
	assert.Equal(t, "arn:aws:iam::123456789012:policy/boundary", kc.PermissionsBoundary)

	id := roleNamed(t, p, "camunda-identity")
	assert.Equal(t, 0, id.MaxSessionDuration, "a component's setting stays on its own role")
	assert.Equal(t, map[string]string{"team": "platform", "env": "prod"}, id.Tags)
}

func TestLongGeneratedNamesAreShortenedDeterministically(t *testing.T) {
	top := fullTopology()
	top.Cluster.Name = strings.Repeat("c", 60)
	p := mustPlan(t, top)
	seen := map[string]bool{}
	for _, r := range p.Roles() {
		assert.Len(t, r.Name, irsa.MaxRoleNameLength, r.Name)
		assert.Regexp(t, `^c{55}-[0-9a-f]{8}$`, r.Name)
		require.Len(t, r.Notes, 1)
		assert.Contains(t, r.Notes[0], "name shortened from "+top.Cluster.Name+"-")
		assert.False(t, seen[r.Name], "shortened names stay distinct")
		seen[r.Name] = true
	}
	again := mustPlan(t, top)
	assert.Equal(t, roleNames(p), roleNames(again))
}

func TestSeveralClustersTrustEveryProvider(t *testing.T) {
	p := mustPlan(t, twoClusters())
	r := roleNamed(t, p, "camunda-opensearch")
	require.Len(t, r.TrustPolicy.Statement, 2)
	for i, want := range []struct{ sid, provider, key string }{
		{"ServiceAccountsOfCamunda", "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-central-1.amazonaws.com/id/" + testIssuerID,
			"oidc.eks.eu-central-1.amazonaws.com/id/" + testIssuerID},
		{"ServiceAccountsOfCamundaGreen", "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/FEDCBA9876543210FEDCBA9876543210",
			"oidc.eks.eu-west-1.amazonaws.com/id/FEDCBA9876543210FEDCBA9876543210"},
	} {
		st := r.TrustPolicy.Statement[i]
		assert.Equal(t, want.sid, st.Sid)
		assert.Equal(t, irsa.Strings{want.provider}, st.Principal.Federated)
		assert.Equal(t, irsa.Strings{"sts.amazonaws.com"}, st.Condition["StringEquals"][want.key+":aud"])
		assert.Equal(t, irsa.Strings{"system:serviceaccount:camunda:optimize-sa", "system:serviceaccount:camunda:orchestration-sa"},
			st.Condition["StringEquals"][want.key+":sub"])
	}
}

func TestPodIdentityAssociationsAndSessionTags(t *testing.T) {
	top := twoClusters()
	top.Mode = irsa.ModePodIdentity
	top.PodIdentity = &irsa.PodIdentity{ConditionOnSessionTags: ptr(true)}
	p := mustPlan(t, top)
	assert.Len(t, p.Associations(), 2*5, "one per cluster and service account")
	assert.Equal(t, irsa.PodIdentityAssociation{ClusterName: "camunda", Namespace: "camunda", ServiceAccount: "identity-sa",
		ClusterRegion: "eu-central-1", RoleName: "camunda-identity", RoleARN: "arn:aws:iam::123456789012:role/camunda-identity"}, p.Associations()[0])
	assert.Equal(t, "camunda-green", p.Associations()[5].ClusterName)

	st := roleNamed(t, p, "camunda-opensearch").TrustPolicy.Statement[0]
	assert.Equal(t, irsa.Strings{"pods.eks.amazonaws.com"}, st.Principal.Service)
	assert.Equal(t, irsa.Strings{"sts:AssumeRole", "sts:TagSession"}, st.Action)
	assert.Equal(t, map[string]irsa.Strings{
		"aws:RequestTag/eks-cluster-name":           {"camunda", "camunda-green"},
		"aws:RequestTag/kubernetes-namespace":       {"camunda"},
		"aws:RequestTag/kubernetes-service-account": {"optimize-sa", "orchestration-sa"},
	}, map[string]irsa.Strings(st.Condition["StringEquals"]))

	irsaPlan := mustPlan(t, twoClusters())
	assert.Empty(t, irsaPlan.Associations(), "IRSA needs no associations")
}

// overflowing is a chart-8.7 topology whose four OpenSearch service
// accounts, with long names and two clusters, need more than 2,048
// characters of trust policy.
func overflowing() irsa.Topology {
	t := twoClusters()
	on87(&t)
	t.Clusters[0] = irsa.Cluster{Name: "camunda", OIDCIssuer: testIssuer}
	for i, c := range []*irsa.Component{t.Components.Zeebe, t.Components.Operate, t.Components.Tasklist, t.Components.Optimize} {
		c.ServiceAccount = strings.Repeat(string(rune('a'+i)), 120) + "-sa"
	}
	return t
}

func TestTrustPolicyOverQuotaIsSplit(t *testing.T) {
	top := overflowing()
	p := mustPlan(t, top)
	var parts []irsa.Role
	for _, r := range p.Roles() {
		if slices.Equal(grantKinds(r), []irsa.GrantKind{irsa.GrantOpenSearchHTTP}) {
			parts = append(parts, r)
		}
	}
	require.Greater(t, len(parts), 1, "the OpenSearch role is split")
	covered := map[irsa.ComponentName]bool{}
	for i, r := range parts {
		assert.Equal(t, "camunda-opensearch-"+string(rune('1'+i)), r.Name)
		assert.LessOrEqual(t, r.TrustPolicy.Length(), irsa.DefaultTrustPolicyQuota, r.Name)
		assert.Equal(t, parts[0].PermissionPolicy, r.PermissionPolicy, "every part grants the same")
		require.NotEmpty(t, r.Notes)
		assert.Contains(t, r.Notes[0], "exceeds the 2048-character quota")
		for _, c := range r.Components {
			got, ok := p.RoleFor(c)
			require.True(t, ok)
			assert.Equal(t, r.Name, got.Name, "a component's service account is in exactly one part")
			covered[c] = true
		}
	}
	assert.Len(t, covered, 4)

	top.AWS.TrustPolicyQuota = 4096
	assert.Len(t, mustPlan(t, top).Roles(), 4, "a raised quota needs no split")
}

func TestTrustPolicyOfOneServiceAccountOverQuota(t *testing.T) {
	top := fullTopology()
	var clusters []irsa.Cluster
	for i := range 10 {
		id := strings.Repeat(string("0123456789"[i]), 32)
		clusters = append(clusters, irsa.Cluster{Name: "c" + string("0123456789"[i]), OIDCIssuer: "https://oidc.eks.eu-central-1.amazonaws.com/id/" + id})
	}
	top.Cluster, top.Clusters = irsa.Cluster{}, clusters
	_, err := irsa.NewPlan(top)
	requireFieldErrors(t, err, wantErr{"aws.trustPolicyQuota", "alone is"})
}

func TestPermissionPresets(t *testing.T) {
	t.Run("seed OpenSearch policy keeps configuration actions off domain/*", func(t *testing.T) {
		top := fullTopology()
		top.OpenSearch.Policy = irsa.OpenSearchPolicySeed
		st := roleNamed(t, mustPlan(t, top), "camunda-opensearch").PermissionPolicy.Statement
		require.Len(t, st, 3)
		domain := "arn:aws:es:eu-central-1:123456789012:domain/camunda"
		assert.Equal(t, irsa.Strings{domain + "/*"}, st[0].Resource)
		assert.Equal(t, irsa.Strings{domain}, st[1].Resource)
		assert.Contains(t, st[1].Action, "es:DescribeElasticsearchDomain")
		assert.Equal(t, irsa.Strings{"*"}, st[2].Resource)
		assert.Contains(t, st[2].Action, "es:ListDomainNames")
	})
	t.Run("unknown resource ID", func(t *testing.T) {
		top := fullTopology()
		top.Aurora.ClusterResourceID = "*"
		st := roleNamed(t, mustPlan(t, top), "camunda-keycloak").PermissionPolicy.Statement[0]
		assert.Equal(t, irsa.Strings{"arn:aws:rds-db:eu-central-1:123456789012:dbuser:*/keycloak_irsa"}, st.Resource)
	})
	t.Run("snapshot base path", func(t *testing.T) {
		top := backupTopology()
		top.ElasticsearchBackup.BasePath = "camunda/prod"
		policy := roleNamed(t, mustPlan(t, top), "camunda-es-backup").PermissionPolicy
		assert.Equal(t, compact(t, `{
		  "Version": "2012-10-17",
		  "Statement": [{
		    "Sid": "SnapshotBucket",
		    "Effect": "Allow",
		    "Action": ["s3:GetBucketLocation", "s3:ListBucketMultipartUploads"],
		    "Resource": "arn:aws:s3:::camunda-es-backups"
		  }, {
		    "Sid": "SnapshotListing",
		    "Effect": "Allow",
		    "Action": ["s3:ListBucket", "s3:ListBucketVersions"],
		    "Resource": "arn:aws:s3:::camunda-es-backups",
		    "Condition": {"StringLike": {"s3:prefix": ["camunda/prod", "camunda/prod/*"]}}
		  }, {
		    "Sid": "SnapshotObjects",
		    "Effect": "Allow",
		    "Action": ["s3:AbortMultipartUpload", "s3:DeleteObject", "s3:GetObject", "s3:ListMultipartUploadParts", "s3:PutObject"],
		    "Resource": "arn:aws:s3:::camunda-es-backups/camunda/prod/*"
		  }]
		}`), marshal(t, policy), "listing is limited to the base path")
	})
}
