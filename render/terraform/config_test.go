package terraform_test

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/gohcl"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zclconf/go-cty/cty"

	"github.com/camunda-irsa/camunda-irsa/irsa"
	"github.com/camunda-irsa/camunda-irsa/render/terraform"
)

// This file reads generated configurations back the way Terraform and
// the AWS provider read them, for the tests to compare with the plan.

// config is a parsed configuration, its blocks indexed by address:
// <type>.<name> for resources, data.<type>.<name> for data sources and
// output.<name> for outputs; keys holds the addresses in file order.
type config struct {
	blocks map[string]*hclsyntax.Block
	keys   []string
}

// parse parses generated HCL as Terraform does and indexes its blocks;
// any other top-level block, or an attribute, fails the test.
func parse(t testing.TB, src []byte) config {
	t.Helper()
	f, diags := hclparse.NewParser().ParseHCL(src, "main.tf")
	require.False(t, diags.HasErrors(), "generated HCL does not parse: %s\n%s", diags.Error(), src)
	body := f.Body.(*hclsyntax.Body)
	require.Empty(t, body.Attributes, "no top-level attributes")
	c := config{blocks: map[string]*hclsyntax.Block{}}
	for _, b := range body.Blocks {
		var addr string
		switch {
		case b.Type == "resource" && len(b.Labels) == 2:
			addr = b.Labels[0] + "." + b.Labels[1]
		case b.Type == "data" && len(b.Labels) == 2:
			addr = "data." + b.Labels[0] + "." + b.Labels[1]
		case b.Type == "output" && len(b.Labels) == 1:
			addr = "output." + b.Labels[0]
		default:
			t.Fatalf("unexpected block %s %q", b.Type, b.Labels)
		}
		assert.True(t, hclsyntax.ValidIdentifier(b.Labels[len(b.Labels)-1]), "block name %q must be an identifier", b.Labels)
		require.NotContains(t, c.blocks, addr, "duplicate block")
		c.blocks[addr] = b
		c.keys = append(c.keys, addr)
	}
	return c
}

func (c config) block(t testing.TB, addr string) *hclsyntax.Block {
	t.Helper()
	b, ok := c.blocks[addr]
	require.True(t, ok, "no block %s among %v", addr, c.keys)
	return b
}

// value evaluates a literal attribute with no variables and no functions:
// it fails on anything Terraform would interpolate.
func value(t testing.TB, b *hclsyntax.Block, name string) cty.Value {
	t.Helper()
	attr, ok := b.Body.Attributes[name]
	require.True(t, ok, "block %v has no attribute %s", b.Labels, name)
	v, diags := attr.Expr.Value(nil)
	require.False(t, diags.HasErrors(), "%s: %s", name, diags.Error())
	return v
}

// str is a string attribute as Go text, to compare with the plan's text
// byte for byte (cty.StringVal would normalise the plan's side too).
func str(t testing.TB, b *hclsyntax.Block, name string) string {
	t.Helper()
	v := value(t, b, name)
	require.Equal(t, cty.String, v.Type(), "%s must be a string", name)
	return v.AsString()
}

// reference is the attribute as a reference, such as aws_iam_role.x.arn.
func reference(t testing.TB, b *hclsyntax.Block, name string) string {
	t.Helper()
	attr, ok := b.Body.Attributes[name]
	require.True(t, ok, "block %v has no attribute %s", b.Labels, name)
	expr, ok := attr.Expr.(*hclsyntax.ScopeTraversalExpr)
	require.True(t, ok, "%s must be a reference", name)
	return traversalString(expr.Traversal)
}

func traversalString(tr hcl.Traversal) string {
	parts := []string{tr.RootName()}
	for _, step := range tr[1:] {
		attr, ok := step.(hcl.TraverseAttr)
		if !ok {
			return "<not a plain reference>"
		}
		parts = append(parts, attr.Name)
	}
	return strings.Join(parts, ".")
}

func attributeNames(b *hclsyntax.Block) []string {
	return slices.Sorted(maps.Keys(b.Body.Attributes))
}

// exported are the attributes of each block type the configuration may
// refer to.
var exported = map[string][]string{
	"aws_iam_policy_document": {"json"},
	"aws_iam_policy":          {"arn"},
	"aws_iam_role":            {"arn", "name"},
}

// checkReferences: every reference in the configuration, at any depth,
// names a declared block and an attribute that block type exports.
func checkReferences(t testing.TB, c config) {
	t.Helper()
	for _, addr := range c.keys {
		walkAttributes(c.blocks[addr].Body, func(attr *hclsyntax.Attribute) {
			for _, tr := range attr.Expr.Variables() {
				ref := traversalString(tr)
				parts := strings.Split(ref, ".")
				target, typ := "", ""
				switch {
				case parts[0] == "data" && len(parts) == 4:
					target, typ = strings.Join(parts[:3], "."), parts[1]
				case len(parts) == 3:
					target, typ = strings.Join(parts[:2], "."), parts[0]
				default:
					t.Errorf("%s.%s: unexpected reference %s", addr, attr.Name, ref)
					continue
				}
				assert.Contains(t, c.blocks, target, "%s.%s refers to an undeclared block", addr, attr.Name)
				assert.Contains(t, exported[typ], parts[len(parts)-1], "%s.%s refers to %s", addr, attr.Name, ref)
			}
		})
	}
}

func walkAttributes(body *hclsyntax.Body, fn func(*hclsyntax.Attribute)) {
	for _, name := range slices.Sorted(maps.Keys(body.Attributes)) {
		fn(body.Attributes[name])
	}
	for _, b := range body.Blocks {
		walkAttributes(b.Body, fn)
	}
}

// The schema of aws_iam_policy_document, as much of it as the
// configuration may use: gohcl fails on any other argument or block.
type hclDocument struct {
	Version    *string        `hcl:"version,optional"`
	Statements []hclStatement `hcl:"statement,block"`
}

type hclStatement struct {
	Sid        *string        `hcl:"sid,optional"`
	Effect     *string        `hcl:"effect,optional"`
	Actions    []string       `hcl:"actions,optional"`
	Resources  []string       `hcl:"resources,optional"`
	Principals []hclPrincipal `hcl:"principals,block"`
	Conditions []hclCondition `hcl:"condition,block"`
}

type hclPrincipal struct {
	Type        string   `hcl:"type"`
	Identifiers []string `hcl:"identifiers"`
}

type hclCondition struct {
	Test     string   `hcl:"test"`
	Variable string   `hcl:"variable"`
	Values   []string `hcl:"values"`
}

// policyVariables is the data source's rewrite of "&{" to "${" in
// resources, principal identifiers and condition values.
var policyVariables = strings.NewReplacer("&{", "${")

// decodeDocument reads a data "aws_iam_policy_document" block into the
// document the provider renders from it: defaults applied (version
// 2012-10-17, effect Allow), principals of one type merged, conditions
// gathered by operator and key, policy variables rewritten. The body is
// decoded without an evaluation context, so an interpolation fails.
func decodeDocument(t testing.TB, b *hclsyntax.Block) irsa.PolicyDocument {
	t.Helper()
	require.Equal(t, "data", b.Type)
	require.Equal(t, "aws_iam_policy_document", b.Labels[0])
	var raw hclDocument
	diags := gohcl.DecodeBody(b.Body, nil, &raw)
	require.False(t, diags.HasErrors(), "data source %s: %s", b.Labels[1], diags.Error())
	doc := irsa.PolicyDocument{Version: "2012-10-17"}
	if raw.Version != nil {
		doc.Version = *raw.Version
	}
	for _, rs := range raw.Statements {
		st := irsa.Statement{Effect: irsa.Allow, Action: rs.Actions, Resource: rewrite(rs.Resources)}
		if rs.Sid != nil {
			st.Sid = *rs.Sid
		}
		if rs.Effect != nil {
			st.Effect = irsa.Effect(*rs.Effect)
		}
		for _, p := range rs.Principals {
			if st.Principal == nil {
				st.Principal = &irsa.Principal{}
			}
			ids := rewrite(p.Identifiers)
			switch p.Type {
			case "AWS":
				st.Principal.AWS = append(st.Principal.AWS, ids...)
			case "Federated":
				st.Principal.Federated = append(st.Principal.Federated, ids...)
			case "Service":
				st.Principal.Service = append(st.Principal.Service, ids...)
			default:
				t.Fatalf("unexpected principal type %q", p.Type)
			}
		}
		for _, c := range rs.Conditions {
			if st.Condition == nil {
				st.Condition = irsa.Condition{}
			}
			if st.Condition[c.Test] == nil {
				st.Condition[c.Test] = map[string]irsa.Strings{}
			}
			require.NotContains(t, st.Condition[c.Test], c.Variable, "one condition block per operator and key")
			st.Condition[c.Test][c.Variable] = rewrite(c.Values)
		}
		doc.Statement = append(doc.Statement, st)
	}
	return doc
}

func rewrite(list []string) irsa.Strings {
	if list == nil {
		return nil
	}
	out := make(irsa.Strings, len(list))
	for i, s := range list {
		out[i] = policyVariables.Replace(s)
	}
	return out
}

// normalize puts a document in a form where equal means the same policy
// to IAM: empty lists and maps are nil, and the string sets (actions,
// resources, principal identifiers) are sorted. A Strings of one element
// is the same whether the JSON writes it as a string or a list.
func normalize(doc irsa.PolicyDocument) irsa.PolicyDocument {
	out := irsa.PolicyDocument{Version: doc.Version}
	for _, st := range doc.Statement {
		st.Action, st.Resource = set(st.Action), set(st.Resource)
		if p := st.Principal; p != nil {
			n := irsa.Principal{AWS: set(p.AWS), Federated: set(p.Federated), Service: set(p.Service)}
			st.Principal = &n
			if n.AWS == nil && n.Federated == nil && n.Service == nil {
				st.Principal = nil
			}
		}
		var cond irsa.Condition
		for test, keys := range st.Condition {
			for variable, values := range keys {
				if cond == nil {
					cond = irsa.Condition{}
				}
				if cond[test] == nil {
					cond[test] = map[string]irsa.Strings{}
				}
				cond[test][variable] = append(irsa.Strings{}, values...)
			}
		}
		st.Condition = cond
		out.Statement = append(out.Statement, st)
	}
	return out
}

func set(s irsa.Strings) irsa.Strings {
	if len(s) == 0 {
		return nil
	}
	return slices.Sorted(slices.Values(s))
}

// checkConfig holds the whole configuration against the plan: every
// block the plan needs and no other, each attribute as the plan decided
// it, each policy document the plan's document, and every reference
// resolved.
func checkConfig(t testing.TB, p *irsa.Plan, src []byte) {
	t.Helper()
	require.True(t, strings.HasPrefix(string(src), terraform.Header), "starts with the header")
	c := parse(t, src)
	checkReferences(t, c)
	roles := p.Roles()
	ids := terraform.RoleIdentifiers(roles)
	want := 0
	for i, r := range roles {
		checkRole(t, c, r, ids[i])
		want += 6
	}
	idByRole := map[string]string{}
	for i, r := range roles {
		idByRole[r.Name] = ids[i]
	}
	assocs := p.Associations()
	checkAssociations(t, c, assocs, p.Topology().AWS.Region, idByRole)
	want += len(assocs)
	assert.Len(t, c.keys, want, "six blocks per role and one per association, nothing else")
}

func checkRole(t testing.TB, c config, r irsa.Role, id string) {
	t.Helper()
	assert.Regexp(t, `^[a-z_][a-z0-9_]*$`, id)
	permission := c.block(t, "data.aws_iam_policy_document."+id+"_policy")
	assert.Equal(t, normalize(r.PermissionPolicy), normalize(decodeDocument(t, permission)), "permission policy of %s", r.Name)
	trust := c.block(t, "data.aws_iam_policy_document."+id+"_trust")
	assert.Equal(t, normalize(r.TrustPolicy), normalize(decodeDocument(t, trust)), "trust policy of %s", r.Name)

	policy := c.block(t, "aws_iam_policy."+id)
	assert.Equal(t, []string{"name", "policy"}, attributeNames(policy))
	assert.Equal(t, r.PolicyName, str(t, policy, "name"))
	assert.Equal(t, "data.aws_iam_policy_document."+id+"_policy.json", reference(t, policy, "policy"))

	role := c.block(t, "aws_iam_role."+id)
	names := []string{"assume_role_policy", "name", "path"}
	if r.PermissionsBoundary != "" {
		names = append(names, "permissions_boundary")
		assert.Equal(t, r.PermissionsBoundary, str(t, role, "permissions_boundary"))
	}
	if r.MaxSessionDuration != 0 {
		names = append(names, "max_session_duration")
		assert.True(t, cty.NumberIntVal(int64(r.MaxSessionDuration)).Equals(value(t, role, "max_session_duration")).True(), "max_session_duration")
	}
	if len(r.Tags) > 0 {
		names = append(names, "tags")
		tags := map[string]string{}
		for k, v := range value(t, role, "tags").AsValueMap() {
			tags[k] = v.AsString()
		}
		assert.Equal(t, r.Tags, tags)
	}
	slices.Sort(names)
	assert.Equal(t, names, attributeNames(role), "optional settings appear only when set")
	assert.Equal(t, r.Name, str(t, role, "name"))
	assert.Equal(t, r.Path, str(t, role, "path"))
	assert.Equal(t, "data.aws_iam_policy_document."+id+"_trust.json", reference(t, role, "assume_role_policy"))

	attach := c.block(t, "aws_iam_role_policy_attachment."+id)
	assert.Equal(t, []string{"policy_arn", "role"}, attributeNames(attach))
	assert.Equal(t, "aws_iam_role."+id+".name", reference(t, attach, "role"))
	assert.Equal(t, "aws_iam_policy."+id+".arn", reference(t, attach, "policy_arn"))

	output := c.block(t, "output."+id+"_role_arn")
	assert.Equal(t, "ARN of the IAM role "+r.Name, str(t, output, "description"))
	assert.Equal(t, "aws_iam_role."+id+".arn", reference(t, output, "value"))
}

// checkAssociations finds one association block per plan association,
// each binding the right service account to the right role.
func checkAssociations(t testing.TB, c config, assocs []irsa.PodIdentityAssociation, region string, idByRole map[string]string) {
	t.Helper()
	type binding struct{ cluster, namespace, serviceAccount string }
	found := map[binding]*hclsyntax.Block{}
	for _, addr := range c.keys {
		if strings.HasPrefix(addr, "aws_eks_pod_identity_association.") {
			b := c.blocks[addr]
			k := binding{str(t, b, "cluster_name"), str(t, b, "namespace"), str(t, b, "service_account")}
			require.NotContains(t, found, k, "one association per cluster and service account")
			found[k] = b
		}
	}
	require.Len(t, found, len(assocs))
	for _, a := range assocs {
		b, ok := found[binding{a.ClusterName, a.Namespace, a.ServiceAccount}]
		require.True(t, ok, "no association for %+v", a)
		assert.Equal(t, "aws_iam_role."+idByRole[a.RoleName]+".arn", reference(t, b, "role_arn"))
		names := []string{"cluster_name", "namespace", "role_arn", "service_account"}
		if a.ClusterRegion != region {
			names = []string{"cluster_name", "namespace", "region", "role_arn", "service_account"}
			assert.Equal(t, a.ClusterRegion, str(t, b, "region"))
		}
		assert.Equal(t, names, attributeNames(b), "region only for clusters outside aws.region")
	}
}
