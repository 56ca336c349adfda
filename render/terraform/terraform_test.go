package terraform_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"

	"github.com/camunda-irsa/camunda-irsa/internal/golden"
	"github.com/camunda-irsa/camunda-irsa/irsa"
	"github.com/camunda-irsa/camunda-irsa/render/terraform"
)

var identifierPattern = regexp.MustCompile(`^[a-z_][a-z0-9_]*$`)

// config is a parsed configuration: its blocks by "<type>.<name>" for
// resources and "output.<name>" for outputs, in file order in keys.
type config struct {
	blocks map[string]*hclsyntax.Block
	keys   []string
}

// parse parses generated HCL the way Terraform does and indexes its blocks.
func parse(t *testing.T, src []byte) config {
	t.Helper()
	f, diags := hclparse.NewParser().ParseHCL(src, "main.tf")
	require.False(t, diags.HasErrors(), "generated HCL does not parse: %s\n%s", diags.Error(), src)
	c := config{blocks: map[string]*hclsyntax.Block{}}
	for _, b := range f.Body.(*hclsyntax.Body).Blocks {
		var key string
		switch b.Type {
		case "resource":
			require.Len(t, b.Labels, 2)
			key = b.Labels[0] + "." + b.Labels[1]
		case "output":
			require.Len(t, b.Labels, 1)
			key = "output." + b.Labels[0]
		default:
			t.Fatalf("unexpected block %s", b.Type)
		}
		for _, l := range b.Labels[len(b.Labels)-1:] {
			assert.Regexp(t, identifierPattern, l, "block name must be a valid identifier")
		}
		require.NotContains(t, c.blocks, key, "duplicate block")
		c.blocks[key] = b
		c.keys = append(c.keys, key)
	}
	return c
}

func (c config) block(t *testing.T, key string) *hclsyntax.Block {
	t.Helper()
	b, ok := c.blocks[key]
	require.True(t, ok, "no block %s among %v", key, c.keys)
	return b
}

var evalCtx = &hcl.EvalContext{Functions: map[string]function.Function{"jsonencode": stdlib.JSONEncodeFunc}}

// value evaluates a literal attribute (jsonencode(...) included).
func value(t *testing.T, b *hclsyntax.Block, name string) cty.Value {
	t.Helper()
	attr, ok := b.Body.Attributes[name]
	require.True(t, ok, "block %v has no attribute %s", b.Labels, name)
	v, diags := attr.Expr.Value(evalCtx)
	require.False(t, diags.HasErrors(), diags.Error())
	return v
}

// policy evaluates a jsonencode(...) attribute and decodes the JSON.
func policy(t *testing.T, b *hclsyntax.Block, name string) irsa.PolicyDocument {
	t.Helper()
	call, ok := b.Body.Attributes[name].Expr.(*hclsyntax.FunctionCallExpr)
	require.True(t, ok, "%s must be a jsonencode call", name)
	assert.Equal(t, "jsonencode", call.Name)
	var doc irsa.PolicyDocument
	require.NoError(t, json.Unmarshal([]byte(value(t, b, name).AsString()), &doc))
	return doc
}

// reference is the attribute as a resource reference, type.name.attr.
func reference(t *testing.T, b *hclsyntax.Block, name string) string {
	t.Helper()
	expr, ok := b.Body.Attributes[name].Expr.(*hclsyntax.ScopeTraversalExpr)
	require.True(t, ok, "%s must be a reference", name)
	var parts []string
	for _, step := range expr.Traversal {
		switch s := step.(type) {
		case hcl.TraverseRoot:
			parts = append(parts, s.Name)
		case hcl.TraverseAttr:
			parts = append(parts, s.Name)
		}
	}
	return strings.Join(parts, ".")
}

func attributeNames(b *hclsyntax.Block) []string {
	var names []string
	for n := range b.Body.Attributes {
		names = append(names, n)
	}
	return names
}

// roleAttributes are the attributes aws_iam_role must have for r.
func roleAttributes(r irsa.Role) []string {
	names := []string{"name", "path", "assume_role_policy"}
	if r.PermissionsBoundary != "" {
		names = append(names, "permissions_boundary")
	}
	if r.MaxSessionDuration != 0 {
		names = append(names, "max_session_duration")
	}
	if len(r.Tags) > 0 {
		names = append(names, "tags")
	}
	return names
}

func TestGenerateFull(t *testing.T) {
	plan := golden.Plan(t, "full", "")
	out, err := terraform.Generate(plan)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(out), terraform.Header), "starts with the generated header")
	c := parse(t, out)

	ids := []string{"camunda_identity", "camunda_keycloak", "camunda_opensearch", "camunda_webmodeler"}
	require.Len(t, plan.Roles, len(ids))
	var want []string
	for _, id := range ids {
		want = append(want, "aws_iam_policy."+id, "aws_iam_role."+id, "aws_iam_role_policy_attachment."+id)
	}
	for _, id := range ids {
		want = append(want, "output."+id+"_role_arn")
	}
	assert.Equal(t, want, c.keys, "blocks and their order")

	keycloak := policy(t, c.block(t, "aws_iam_policy.camunda_keycloak"), "policy")
	assert.Equal(t, irsa.Strings{"arn:aws:rds-db:eu-central-1:123456789012:dbuser:cluster-ABCDEFGHIJKLMNOPQRSTUVWXY2/keycloak_irsa"},
		keycloak.Statement[0].Resource)
	assert.Equal(t, irsa.Strings{"rds-db:connect"}, keycloak.Statement[0].Action)

	trust := policy(t, c.block(t, "aws_iam_role.camunda_opensearch"), "assume_role_policy")
	issuer := "oidc.eks.eu-central-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF"
	assert.Equal(t, irsa.Condition{"StringEquals": {
		issuer + ":aud": {"sts.amazonaws.com"},
		issuer + ":sub": {"system:serviceaccount:camunda:optimize-sa", "system:serviceaccount:camunda:orchestration-sa"},
	}}, trust.Statement[0].Condition)
	assert.Equal(t, irsa.Strings{"arn:aws:iam::123456789012:oidc-provider/" + issuer}, trust.Statement[0].Principal.Federated)
}

// TestGenerateMatchesPlan checks every example: each role's policy and
// trust evaluate to exactly the plan's documents, and the resources refer
// to each other by the role's identifier.
func TestGenerateMatchesPlan(t *testing.T) {
	for name := range golden.Topologies(t) {
		t.Run(name, func(t *testing.T) {
			plan := golden.Plan(t, name, "")
			out, err := terraform.Generate(plan)
			require.NoError(t, err)
			c := parse(t, out)
			ids := terraform.RoleIdentifiers(plan.Roles)
			for i, r := range plan.Roles {
				id := ids[i]
				assert.Regexp(t, identifierPattern, id)

				p := c.block(t, "aws_iam_policy."+id)
				assert.Equal(t, cty.StringVal(r.Name), value(t, p, "name"))
				assert.Equal(t, r.PermissionPolicy, policy(t, p, "policy"))

				role := c.block(t, "aws_iam_role."+id)
				assert.ElementsMatch(t, roleAttributes(r), attributeNames(role), "optional settings appear only when set")
				assert.Equal(t, cty.StringVal(r.Name), value(t, role, "name"))
				assert.Equal(t, cty.StringVal(r.Path), value(t, role, "path"))
				assert.Equal(t, r.TrustPolicy, policy(t, role, "assume_role_policy"))

				attach := c.block(t, "aws_iam_role_policy_attachment."+id)
				assert.Equal(t, "aws_iam_role."+id+".name", reference(t, attach, "role"))
				assert.Equal(t, "aws_iam_policy."+id+".arn", reference(t, attach, "policy_arn"))

				output := c.block(t, "output."+id+"_role_arn")
				assert.Equal(t, "aws_iam_role."+id+".arn", reference(t, output, "value"))
			}
			assert.Len(t, c.keys, 4*len(plan.Roles)+len(plan.Associations), "associations in Pod Identity mode only")
		})
	}
}

func TestGeneratePodIdentity(t *testing.T) {
	plan := golden.Plan(t, "full", irsa.ModePodIdentity)
	out, err := terraform.Generate(plan)
	require.NoError(t, err)
	c := parse(t, out)

	role := c.block(t, "aws_iam_role.camunda_opensearch")
	trust := policy(t, role, "assume_role_policy")
	assert.Equal(t, irsa.Strings{"pods.eks.amazonaws.com"}, trust.Statement[0].Principal.Service)
	assert.Equal(t, irsa.Strings{"sts:AssumeRole", "sts:TagSession"}, trust.Statement[0].Action)

	type binding struct{ serviceAccount, role string }
	want := map[string]binding{ // by association identifier
		"camunda_identity_sa":      {"identity-sa", "camunda_identity"},
		"camunda_keycloak_sa":      {"keycloak-sa", "camunda_keycloak"},
		"camunda_optimize_sa":      {"optimize-sa", "camunda_opensearch"},
		"camunda_orchestration_sa": {"orchestration-sa", "camunda_opensearch"},
		"camunda_webmodeler_sa":    {"webmodeler-sa", "camunda_webmodeler"},
	}
	got := 0
	for _, key := range c.keys {
		id, ok := strings.CutPrefix(key, "aws_eks_pod_identity_association.")
		if !ok {
			continue
		}
		got++
		b := c.block(t, key)
		require.Contains(t, want, id)
		assert.ElementsMatch(t, []string{"cluster_name", "namespace", "service_account", "role_arn"}, attributeNames(b))
		assert.Equal(t, cty.StringVal("camunda"), value(t, b, "cluster_name"))
		assert.Equal(t, cty.StringVal("camunda"), value(t, b, "namespace"))
		assert.Equal(t, cty.StringVal(want[id].serviceAccount), value(t, b, "service_account"))
		assert.Equal(t, "aws_iam_role."+want[id].role+".arn", reference(t, b, "role_arn"))
	}
	assert.Equal(t, len(want), got)
}

// TestGenerateMultiClusterPodIdentity: with two clusters, associations
// are named by cluster too, and the one outside aws.region sets region.
func TestGenerateMultiClusterPodIdentity(t *testing.T) {
	plan := golden.Plan(t, "dual-region", irsa.ModePodIdentity)
	out, err := terraform.Generate(plan)
	require.NoError(t, err)
	c := parse(t, out)
	blue := c.block(t, "aws_eks_pod_identity_association.camunda_blue_camunda_orchestration_sa")
	green := c.block(t, "aws_eks_pod_identity_association.camunda_green_camunda_orchestration_sa")
	assert.Equal(t, cty.StringVal("camunda-blue"), value(t, blue, "cluster_name"))
	assert.NotContains(t, attributeNames(blue), "region", "the provider's region is aws.region")
	assert.Equal(t, cty.StringVal("camunda-green"), value(t, green, "cluster_name"))
	assert.Equal(t, cty.StringVal("eu-west-1"), value(t, green, "region"))
	assert.Equal(t, reference(t, blue, "role_arn"), reference(t, green, "role_arn"), "both clusters share the role")
}

// TestGenerateUsesPlanAssociations checks that associations the plan
// holds are written as they are, not derived again.
func TestGenerateUsesPlanAssociations(t *testing.T) {
	plan := golden.Plan(t, "opensearch-only", irsa.ModePodIdentity)
	r := plan.Roles[0]
	plan.Associations = []irsa.PodIdentityAssociation{{ClusterName: "other", Namespace: "ns", ServiceAccount: "only-sa", RoleName: r.Name, RoleARN: r.ARN}}
	out, err := terraform.Generate(plan)
	require.NoError(t, err)
	b := parse(t, out).block(t, "aws_eks_pod_identity_association.ns_only_sa")
	assert.Equal(t, cty.StringVal("other"), value(t, b, "cluster_name"))
	assert.Equal(t, cty.StringVal("only-sa"), value(t, b, "service_account"))

	plan.Associations[0].RoleName = "missing"
	_, err = terraform.Generate(plan)
	assert.ErrorContains(t, err, `names role "missing"`)
}

func TestGenerateOptionalRoleSettings(t *testing.T) {
	plan := golden.Plan(t, "opensearch-only", "")
	plan.Roles[0].PermissionsBoundary = "arn:aws:iam::123456789012:policy/boundary"
	plan.Roles[0].MaxSessionDuration = 7200
	// A tag value with ${...} must reach AWS literally, not be taken for
	// a Terraform interpolation.
	plan.Roles[0].Tags = map[string]string{"team": "search", "kubernetes.io/cluster": "${c8}"}
	out, err := terraform.Generate(plan)
	require.NoError(t, err)
	role := parse(t, out).block(t, "aws_iam_role.c8_opensearch")
	assert.Equal(t, cty.StringVal("arn:aws:iam::123456789012:policy/boundary"), value(t, role, "permissions_boundary"))
	assert.True(t, cty.NumberIntVal(7200).Equals(value(t, role, "max_session_duration")).True(), "max_session_duration")
	assert.Equal(t, cty.ObjectVal(map[string]cty.Value{
		"team": cty.StringVal("search"), "kubernetes.io/cluster": cty.StringVal("${c8}"),
	}), value(t, role, "tags"))
}

// TestGenerateCollidingRoleNames: role names that map to the same
// identifier still give distinct, valid resource names.
func TestGenerateCollidingRoleNames(t *testing.T) {
	plan := golden.Plan(t, "aurora-only", "")
	require.Len(t, plan.Roles, 3)
	plan.Roles[0].Name, plan.Roles[1].Name = "platform-db", "platform.db"
	out, err := terraform.Generate(plan)
	require.NoError(t, err)
	c := parse(t, out)
	assert.Equal(t, cty.StringVal("platform-db"), value(t, c.block(t, "aws_iam_role.platform_db"), "name"))
	assert.Equal(t, cty.StringVal("platform.db"), value(t, c.block(t, "aws_iam_role.platform_db_2"), "name"))
}

func TestGenerateIsDeterministic(t *testing.T) {
	plan := golden.Plan(t, "full", irsa.ModePodIdentity)
	plan.Roles[0].Tags = map[string]string{"a": "1", "b": "2", "c": "3", "d": "4"}
	first, err := terraform.Generate(plan)
	require.NoError(t, err)
	for range 10 {
		again, err := terraform.Generate(plan)
		require.NoError(t, err)
		require.Equal(t, string(first), string(again))
	}
}

// TestGenerateIsTerraformFormatted runs `terraform fmt` when Terraform is
// installed: the output must be what it would write.
func TestGenerateIsTerraformFormatted(t *testing.T) {
	bin, err := exec.LookPath("terraform")
	if err != nil {
		t.Skip("terraform is not installed; the hclparse tests still check the syntax")
	}
	plan := golden.Plan(t, "full", irsa.ModePodIdentity)
	plan.Roles[0].Tags = map[string]string{"team": "a", "kubernetes.io/x": "y"}
	plan.Roles[0].MaxSessionDuration = 7200
	out, err := terraform.Generate(plan)
	require.NoError(t, err)
	dir := t.TempDir()
	path := filepath.Join(dir, "main.tf")
	require.NoError(t, os.WriteFile(path, out, 0o644))
	cmd := exec.Command(bin, "fmt", "-check", "-diff", path)
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE=/dev/null", "CHECKPOINT_DISABLE=1")
	diff, err := cmd.CombinedOutput()
	assert.NoError(t, err, "terraform fmt would change the output:\n%s", diff)
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
		assert.Regexp(t, identifierPattern, terraform.Identifier(name))
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
