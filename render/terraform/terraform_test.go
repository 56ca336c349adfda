package terraform_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zclconf/go-cty/cty"

	"github.com/camunda-irsa/camunda-irsa/internal/golden"
	"github.com/camunda-irsa/camunda-irsa/irsa"
	"github.com/camunda-irsa/camunda-irsa/render/terraform"
)

// namedPlan is a plan and what it was made from, for messages.
type namedPlan struct {
	name string
	plan *irsa.Plan
}

// examplePlans plans every example in both modes, where the example
// allows the mode.
func examplePlans(t testing.TB) []namedPlan {
	t.Helper()
	var out []namedPlan
	for _, np := range golden.BothModes(t) {
		out = append(out, namedPlan{np.Name, np.Plan})
	}
	return out
}

// planOf plans the example after edit changed its topology.
func planOf(t testing.TB, example string, edit func(*irsa.Topology)) *irsa.Plan {
	t.Helper()
	top := golden.Topologies(t)[example]
	edit(&top)
	plan, err := irsa.NewPlan(top)
	require.NoError(t, err)
	return plan
}

func render(t testing.TB, p *irsa.Plan) []byte {
	t.Helper()
	out, err := terraform.Render(p)
	require.NoError(t, err)
	return out
}

func TestRenderWithoutPlan(t *testing.T) {
	for name, p := range map[string]*irsa.Plan{"nil": nil, "zero": {}} {
		t.Run(name, func(t *testing.T) {
			out, err := terraform.Render(p)
			assert.ErrorIs(t, err, irsa.ErrNoPlan)
			assert.Nil(t, out)
		})
	}
}

// TestRenderMatchesPlan reads every example's configuration back and
// holds it against the plan: each policy document evaluates to the
// plan's document, each resource has the plan's values, and every
// reference points at a declared block.
func TestRenderMatchesPlan(t *testing.T) {
	for _, np := range examplePlans(t) {
		t.Run(np.name, func(t *testing.T) {
			checkConfig(t, np.plan, render(t, np.plan))
		})
	}
}

// TestRenderLayout: each role's blocks come together, every document
// right before the resource that reads it, and the outputs last.
func TestRenderLayout(t *testing.T) {
	c := parse(t, render(t, golden.Plan(t, "full", "")))
	ids := []string{"camunda_identity", "camunda_keycloak", "camunda_opensearch", "camunda_webmodeler"}
	var want []string
	for _, id := range ids {
		want = append(want,
			"data.aws_iam_policy_document."+id+"_policy", "aws_iam_policy."+id,
			"data.aws_iam_policy_document."+id+"_trust", "aws_iam_role."+id,
			"aws_iam_role_policy_attachment."+id)
	}
	for _, id := range ids {
		want = append(want, "output."+id+"_role_arn")
	}
	assert.Equal(t, want, c.keys)
}

// TestRenderTrustPolicies spells out the two kinds of trust once, as a
// reader of the configuration sees them.
func TestRenderTrustPolicies(t *testing.T) {
	issuer := "oidc.eks.eu-central-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF"
	irsaTrust := decodeDocument(t, parse(t, render(t, golden.Plan(t, "full", ""))).
		block(t, "data.aws_iam_policy_document.camunda_opensearch_trust"))
	assert.Equal(t, irsa.NewPolicy(irsa.Statement{
		Sid: "ServiceAccountsOfCamunda", Effect: irsa.Allow, Action: irsa.Strings{"sts:AssumeRoleWithWebIdentity"},
		Principal: &irsa.Principal{Federated: irsa.Strings{"arn:aws:iam::123456789012:oidc-provider/" + issuer}},
		Condition: irsa.Condition{"StringEquals": {
			issuer + ":aud": {"sts.amazonaws.com"},
			issuer + ":sub": {"system:serviceaccount:camunda:optimize-sa", "system:serviceaccount:camunda:orchestration-sa"},
		}},
	}), irsaTrust)

	podTrust := decodeDocument(t, parse(t, render(t, golden.Plan(t, "full", irsa.ModePodIdentity))).
		block(t, "data.aws_iam_policy_document.camunda_opensearch_trust"))
	assert.Equal(t, irsa.NewPolicy(irsa.Statement{
		Sid: "EKSPodIdentity", Effect: irsa.Allow, Action: irsa.Strings{"sts:AssumeRole", "sts:TagSession"},
		Principal: &irsa.Principal{Service: irsa.Strings{"pods.eks.amazonaws.com"}},
		Condition: irsa.Condition{"StringEquals": {
			"aws:RequestTag/eks-cluster-name":           {"camunda"},
			"aws:RequestTag/kubernetes-namespace":       {"camunda"},
			"aws:RequestTag/kubernetes-service-account": {"optimize-sa", "orchestration-sa"},
		}},
	}), podTrust)
}

func TestRenderPodIdentity(t *testing.T) {
	c := parse(t, render(t, golden.Plan(t, "full", irsa.ModePodIdentity)))
	type binding struct{ serviceAccount, role string }
	want := map[string]binding{ // by association identifier
		"camunda_identity_sa":      {"identity-sa", "camunda_identity"},
		"camunda_keycloak_sa":      {"keycloak-sa", "camunda_keycloak"},
		"camunda_optimize_sa":      {"optimize-sa", "camunda_opensearch"},
		"camunda_orchestration_sa": {"orchestration-sa", "camunda_opensearch"},
		"camunda_webmodeler_sa":    {"webmodeler-sa", "camunda_webmodeler"},
	}
	got := map[string]binding{}
	for _, addr := range c.keys {
		if id, ok := strings.CutPrefix(addr, "aws_eks_pod_identity_association."); ok {
			b := c.blocks[addr]
			assert.Equal(t, cty.StringVal("camunda"), value(t, b, "cluster_name"))
			assert.Equal(t, cty.StringVal("camunda"), value(t, b, "namespace"))
			role, _ := strings.CutSuffix(strings.TrimPrefix(reference(t, b, "role_arn"), "aws_iam_role."), ".arn")
			got[id] = binding{value(t, b, "service_account").AsString(), role}
		}
	}
	assert.Equal(t, want, got)
}

// TestRenderMultiClusterPodIdentity: with two clusters, associations are
// named by cluster too, and the one outside aws.region sets region.
func TestRenderMultiClusterPodIdentity(t *testing.T) {
	c := parse(t, render(t, golden.Plan(t, "dual-region", irsa.ModePodIdentity)))
	blue := c.block(t, "aws_eks_pod_identity_association.camunda_blue_camunda_orchestration_sa")
	green := c.block(t, "aws_eks_pod_identity_association.camunda_green_camunda_orchestration_sa")
	assert.Equal(t, cty.StringVal("camunda-blue"), value(t, blue, "cluster_name"))
	assert.NotContains(t, attributeNames(blue), "region", "the provider's region is aws.region")
	assert.Equal(t, cty.StringVal("camunda-green"), value(t, green, "cluster_name"))
	assert.Equal(t, cty.StringVal("eu-west-1"), value(t, green, "region"))
	assert.Equal(t, reference(t, blue, "role_arn"), reference(t, green, "role_arn"), "both clusters share the role")
}

// TestRenderRoleSettings: path, permissions boundary, session duration
// and tags of the govcloud example reach the role.
func TestRenderRoleSettings(t *testing.T) {
	c := parse(t, render(t, golden.Plan(t, "govcloud", "")))
	keycloak := c.block(t, "aws_iam_role.camunda_gov_keycloak")
	assert.Equal(t, cty.StringVal("/camunda/"), value(t, keycloak, "path"))
	assert.Equal(t, cty.StringVal("arn:aws-us-gov:iam::123456789012:policy/workload-boundary"), value(t, keycloak, "permissions_boundary"))
	assert.True(t, cty.NumberIntVal(7200).Equals(value(t, keycloak, "max_session_duration")).True(), "max_session_duration")
	backup := c.block(t, "aws_iam_role.camunda_gov_es_backup")
	assert.Equal(t, cty.ObjectVal(map[string]cty.Value{
		"team": cty.StringVal("platform"), "cost-center": cty.StringVal("4711"), "data": cty.StringVal("snapshots"),
	}), value(t, backup, "tags"))
	assert.NotContains(t, attributeNames(backup), "max_session_duration")
}

// TestRenderCollidingRoleNames: role names that map to the same
// identifier still give distinct, valid block names.
func TestRenderCollidingRoleNames(t *testing.T) {
	plan := planOf(t, "aurora-only", func(top *irsa.Topology) {
		top.Components.Keycloak.RoleName = "platform-db"
		top.Components.Identity.RoleName = "platform.db"
	})
	out := render(t, plan)
	checkConfig(t, plan, out)
	c := parse(t, out)
	assert.Equal(t, cty.StringVal("platform-db"), value(t, c.block(t, "aws_iam_role.platform_db"), "name"))
	assert.Equal(t, cty.StringVal("platform.db"), value(t, c.block(t, "aws_iam_role.platform_db_2"), "name"))
}

func TestRenderIsDeterministic(t *testing.T) {
	plan := planOf(t, "full", func(top *irsa.Topology) {
		top.Mode = irsa.ModePodIdentity
		top.PodIdentity = nil // session-tag conditions are on by default
		top.RoleDefaults.Tags = map[string]string{"a": "1", "b": "2", "c": "3", "d": "4", "e f": "5"}
	})
	first := render(t, plan)
	for range 20 {
		require.Equal(t, string(first), string(render(t, plan)))
	}
}

// TestRenderIsFormatted: formatting the output again changes nothing.
func TestRenderIsFormatted(t *testing.T) {
	for _, np := range examplePlans(t) {
		out := render(t, np.plan)
		assert.Equal(t, string(hclwrite.Format(out)), string(out), np.name)
	}
}

// TestRenderIsTerraformFormatted runs `terraform fmt` when Terraform is
// installed: the output must be what it would write.
func TestRenderIsTerraformFormatted(t *testing.T) {
	bin, err := exec.LookPath("terraform")
	if err != nil {
		t.Skip("terraform is not installed; TestRenderIsFormatted still checks hclwrite.Format")
	}
	dir := t.TempDir()
	for i, np := range examplePlans(t) {
		path := filepath.Join(dir, strings.ReplaceAll(np.name, "/", "_")+".tf")
		require.NoError(t, os.WriteFile(path, render(t, np.plan), 0o644), i)
	}
	cmd := exec.Command(bin, "fmt", "-check", "-diff", dir)
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE=/dev/null", "CHECKPOINT_DISABLE=1")
	diff, err := cmd.CombinedOutput()
	assert.NoError(t, err, "terraform fmt would change the output:\n%s", diff)
}

// notePlans are plans whose roles carry notes: a shortened name, a role
// split to fit the trust quota, and a roleName that joins two roles.
func notePlans(t testing.TB) []namedPlan {
	t.Helper()
	long := strings.Repeat("p", 60)
	sa := func(c string) string { return strings.Repeat(c, 150) }
	return []namedPlan{
		{"shortened", planOf(t, "full", func(top *irsa.Topology) { top.RoleNamePrefix = long })},
		{"split", planOf(t, "dual-region", func(top *irsa.Topology) {
			top.Clusters = append(top.Clusters, irsa.Cluster{Name: "camunda-red", Region: "eu-west-2",
				OIDCIssuer: "https://oidc.eks.eu-west-2.amazonaws.com/id/00000000000000000000000000000003"})
			top.Components.Orchestration.ServiceAccount = sa("a")
			top.Components.Optimize.ServiceAccount = sa("b")
		})},
		{"joined", planOf(t, "full", func(top *irsa.Topology) {
			top.Components.Keycloak.RoleName = "camunda-shared"
			top.Components.Orchestration.RoleName = "camunda-shared"
		})},
	}
}

// TestCommentsAreSingleLines holds what lets Render write summaries and
// notes into comments as they are: for plans made by NewPlan they are
// single lines of printable text, which cannot end the comment.
func TestCommentsAreSingleLines(t *testing.T) {
	notes := 0
	for _, np := range append(examplePlans(t), notePlans(t)...) {
		for _, r := range np.plan.Roles() {
			for _, text := range append([]string{r.Summary()}, r.Notes...) {
				assert.True(t, isPrintableLine(text), "%s: %q", np.name, text)
			}
			notes += len(r.Notes)
		}
		c := parse(t, render(t, np.plan)) // a broken comment would not parse
		assert.NotEmpty(t, c.keys)
	}
	assert.GreaterOrEqual(t, notes, 3, "the note plans must produce notes")
}

func isPrintableLine(s string) bool {
	for _, r := range s {
		if !unicode.IsPrint(r) {
			return false
		}
	}
	return s != ""
}

// TestRenderComments: the role's summary and notes precede its blocks.
func TestRenderComments(t *testing.T) {
	plan := notePlans(t)[0].plan
	out := render(t, plan)
	for _, r := range plan.Roles() {
		require.NotEmpty(t, r.Notes)
		lines := "# " + r.Summary() + "\n"
		for _, n := range r.Notes {
			lines += "# Note: " + n + "\n"
		}
		lines += `data "aws_iam_policy_document" "` + terraform.Identifier(r.Name) + `_policy" {`
		assert.Contains(t, string(out), "\n\n"+lines)
	}
}

func TestRenderPreamble(t *testing.T) {
	for _, tc := range []struct {
		example string
		mode    irsa.Mode
		want    []string
	}{
		{"full", irsa.ModeIRSA, nil},
		{"full", irsa.ModePodIdentity, []string{"# The Pod Identity associations need the hashicorp/aws provider 5.31 or later,",
			"# configured for region eu-central-1."}},
		{"dual-region", irsa.ModePodIdentity, []string{"# The Pod Identity associations need the hashicorp/aws provider 5.31 or later,",
			"# configured for region eu-central-1.", "# Associations on clusters in other regions set region, which needs 6.0 or later."}},
	} {
		t.Run(tc.example+"/"+string(tc.mode), func(t *testing.T) {
			out := render(t, golden.Plan(t, tc.example, tc.mode))
			head, _, _ := bytes.Cut(out, []byte("\n\n"))
			want := append([]string{strings.TrimSuffix(terraform.Header, "\n"),
				"# IAM roles for the service accounts of Camunda in AWS account 123456789012."}, tc.want...)
			assert.Equal(t, strings.Join(want, "\n"), string(head))
		})
	}
}

func TestIdentifier(t *testing.T) {
	for name, want := range map[string]string{
		"camunda-keycloak":       "camunda_keycloak",
		"Team-A.Camunda@Prod+Es": "team_a_camunda_prod_es",
		"a=b,c_d":                "a_b_c_d",
		"1camunda":               "role_1camunda",
		"":                       "role_",
	} {
		assert.Equal(t, want, terraform.Identifier(name), name)
		assert.Regexp(t, `^[a-z_][a-z0-9_]*$`, terraform.Identifier(name))
	}
}

func TestUniqueIdentifiers(t *testing.T) {
	// a_b_2 is another name's own identifier, so the second a-b collision
	// skips it rather than take it away.
	got := terraform.UniqueIdentifiers([]string{"a-b", "a.b", "a_b_2", "a@b", "solo"})
	assert.Equal(t, []string{"a_b", "a_b_3", "a_b_2", "a_b_4", "solo"}, got)
	seen := map[string]bool{}
	for _, id := range got {
		assert.False(t, seen[id], "duplicate %s", id)
		seen[id] = true
	}
}

// TestRenderSplitRolesShareOnePolicy: the parts of a role split to fit
// the trust quota get one aws_iam_policy, attached to each part.
func TestRenderSplitRolesShareOnePolicy(t *testing.T) {
	plan := planOf(t, "full-8.7", func(top *irsa.Topology) {
		top.Cluster = irsa.Cluster{}
		top.Clusters = []irsa.Cluster{
			{Name: "blue", OIDCIssuer: "https://oidc.eks.eu-central-1.amazonaws.com/id/" + strings.Repeat("A", 32)},
			{Name: "green", OIDCIssuer: "https://oidc.eks.eu-central-1.amazonaws.com/id/" + strings.Repeat("B", 32)},
		}
		for i, c := range []**irsa.Component{&top.Components.Zeebe, &top.Components.Operate, &top.Components.Tasklist, &top.Components.Optimize} {
			*c = &irsa.Component{ServiceAccount: strings.Repeat(string(rune('a'+i)), 120) + "-sa"}
		}
	})
	parts := plan.RolesWith(irsa.GrantOpenSearchHTTP)
	require.Greater(t, len(parts), 1, "the OpenSearch role is split")
	c := parse(t, render(t, plan))
	var policies []string
	for _, addr := range c.keys {
		if strings.HasPrefix(addr, "aws_iam_policy.") && strings.Contains(addr, "opensearch") {
			policies = append(policies, addr)
		}
	}
	assert.Equal(t, []string{"aws_iam_policy.blue_opensearch"}, policies)
	for _, r := range parts {
		id := terraform.Identifier(r.Name)
		assert.Equal(t, "aws_iam_policy.blue_opensearch.arn", reference(t, c.block(t, "aws_iam_role_policy_attachment."+id), "policy_arn"), r.Name)
	}
}
