package imds_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zclconf/go-cty/cty"
	"mvdan.cc/sh/v3/syntax"

	"github.com/camunda-irsa/camunda-irsa/internal/golden"
	"github.com/camunda-irsa/camunda-irsa/internal/shellcheck"
	"github.com/camunda-irsa/camunda-irsa/irsa"
	"github.com/camunda-irsa/camunda-irsa/render/imds"
)

// TestGolden pins the document of every example; it does not depend on
// the chart line.
func TestGolden(t *testing.T) {
	golden.Pin(t, golden.Artifact{File: imds.FileName, Generate: imds.Render})
}

var fence = regexp.MustCompile("(?ms)^```([a-z]*)\n(.*?)^```$")

// codeBlocks returns the fenced code blocks of a Markdown document by
// language, in order.
func codeBlocks(t *testing.T, md []byte) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, m := range fence.FindAllStringSubmatch(string(md), -1) {
		require.NotEmpty(t, m[1], "every code block names its language")
		out[m[1]] = append(out[m[1]], m[2])
	}
	return out
}

// assertHardened checks the three settings of metadata_options, read
// from a block body or an object, whichever form the snippet uses.
func assertHardened(t *testing.T, attrs map[string]cty.Value) {
	t.Helper()
	require.Contains(t, attrs, "http_put_response_hop_limit")
	assert.True(t, attrs["http_put_response_hop_limit"].Equals(cty.NumberIntVal(1)).True(), "hop limit 1")
	assert.Equal(t, cty.StringVal("required"), attrs["http_tokens"])
	assert.Equal(t, cty.StringVal("enabled"), attrs["http_endpoint"])
}

func evalAttrs(t *testing.T, body hcl.Body) map[string]cty.Value {
	t.Helper()
	attrs, diags := body.JustAttributes()
	require.False(t, diags.HasErrors(), diags.Error())
	out := map[string]cty.Value{}
	for name, a := range attrs {
		v, diags := a.Expr.Value(nil)
		require.False(t, diags.HasErrors(), diags.Error())
		out[name] = v
	}
	return out
}

func TestTerraformSnippets(t *testing.T) {
	md, err := imds.Render(golden.Plan(t, "full", ""))
	require.NoError(t, err)
	blocks := codeBlocks(t, md)
	require.Len(t, blocks["hcl"], 2, "the launch template and the module")

	for i, src := range blocks["hcl"] {
		assert.Equal(t, string(hclwrite.Format([]byte(src))), src, "snippet %d is in terraform fmt form", i)
	}

	p := hclparse.NewParser()
	lt, diags := p.ParseHCL([]byte(blocks["hcl"][0]), "launch_template.tf")
	require.False(t, diags.HasErrors(), diags.Error())
	content, diags := lt.Body.Content(&hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: "resource", LabelNames: []string{"type", "name"}}}})
	require.False(t, diags.HasErrors(), diags.Error())
	require.Len(t, content.Blocks, 1)
	assert.Equal(t, "aws_launch_template", content.Blocks[0].Labels[0])
	inner, diags := content.Blocks[0].Body.Content(&hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: "metadata_options"}}})
	require.False(t, diags.HasErrors(), diags.Error())
	require.Len(t, inner.Blocks, 1, "one metadata_options block")
	assertHardened(t, evalAttrs(t, inner.Blocks[0].Body))

	mod, diags := p.ParseHCL([]byte(blocks["hcl"][1]), "eks.tf")
	require.False(t, diags.HasErrors(), diags.Error())
	content, diags = mod.Body.Content(&hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{{Type: "module", LabelNames: []string{"name"}}}})
	require.False(t, diags.HasErrors(), diags.Error())
	require.Len(t, content.Blocks, 1)
	attrs := evalAttrs(t, content.Blocks[0].Body)
	assert.Equal(t, cty.StringVal("terraform-aws-modules/eks/aws"), attrs["source"])
	defaults := attrs["eks_managed_node_group_defaults"]
	require.True(t, defaults.Type().IsObjectType(), "eks_managed_node_group_defaults is an object")
	assertHardened(t, defaults.GetAttr("metadata_options").AsValueMap())
}

// parseBash parses a snippet and returns its simple commands, each as
// its arguments printed back in shell syntax ('quoted', "$var" and all),
// so that the tests see exactly what the script passes.
func parseBash(t *testing.T, src string) [][]string {
	t.Helper()
	f, err := syntax.NewParser(syntax.Variant(syntax.LangBash)).Parse(strings.NewReader(src), "snippet.sh")
	require.NoError(t, err, "parses as bash:\n%s", src)
	var calls [][]string
	syntax.Walk(f, func(n syntax.Node) bool {
		if ce, ok := n.(*syntax.CallExpr); ok && len(ce.Args) > 0 {
			args := make([]string, len(ce.Args))
			for i, w := range ce.Args {
				var b strings.Builder
				require.NoError(t, syntax.NewPrinter().Print(&b, w))
				args[i] = b.String()
			}
			calls = append(calls, args)
		}
		return true
	})
	return calls
}

func named(calls [][]string, name ...string) [][]string {
	var out [][]string
	for _, c := range calls {
		if len(c) >= len(name) && slices.Equal(c[:len(name)], name) {
			out = append(out, c)
		}
	}
	return out
}

func TestShellSnippets(t *testing.T) {
	plans := golden.Plans(t)
	for _, key := range golden.Keys(plans) {
		plan := plans[key]
		t.Run(key, func(t *testing.T) {
			md, err := imds.Render(plan)
			require.NoError(t, err)
			blocks := codeBlocks(t, md)
			require.Len(t, blocks["bash"], 2, "the AWS CLI script and the check")

			calls := parseBash(t, blocks["bash"][0])
			describe := named(calls, "aws", "ec2", "describe-instances")
			require.Len(t, describe, 1)
			assert.Equal(t, `"$region"`, argAfter(describe[0], "--region"))
			assert.Contains(t, describe[0], `"Name=tag:eks:cluster-name,Values=$cluster"`)
			assert.Equal(t, `'Reservations[].Instances[].InstanceId'`, argAfter(describe[0], "--query"))

			modify := named(calls, "aws", "ec2", "modify-instance-metadata-options")
			require.Len(t, modify, 1)
			assert.Equal(t, "1", argAfter(modify[0], "--http-put-response-hop-limit"))
			assert.Equal(t, "required", argAfter(modify[0], "--http-tokens"))
			assert.Equal(t, `"$region"`, argAfter(modify[0], "--region"))
			assert.Equal(t, `"$id"`, argAfter(modify[0], "--instance-id"))

			// One harden call per cluster of the plan, with its region.
			var want [][]string
			for _, c := range plan.Clusters() {
				want = append(want, []string{"harden", "'" + c.Name + "'", "'" + c.Region + "'"})
			}
			require.NotEmpty(t, want)
			assert.Equal(t, want, named(calls, "harden"))

			check := parseBash(t, blocks["bash"][1])
			require.Len(t, check, 1)
			assert.Equal(t, "'"+plan.Namespace()+"'", argAfter(check[0], "--namespace"))
			assert.Contains(t, check[0], "http://169.254.169.254/latest/api/token")
		})
	}
}

// TestShellCheck runs ShellCheck over both bash blocks of every
// example's document.
func TestShellCheck(t *testing.T) {
	scripts := map[string][]byte{}
	for name := range golden.Topologies(t) {
		md, err := imds.Render(golden.Plan(t, name, ""))
		require.NoError(t, err)
		for i, block := range codeBlocks(t, md)["bash"] {
			scripts[fmt.Sprintf("%s/block%d.sh", name, i+1)] = []byte(block)
		}
	}
	shellcheck.Check(t, scripts)
}

func argAfter(c []string, flag string) string {
	for i, a := range c {
		if a == flag && i+1 < len(c) {
			return c[i+1]
		}
	}
	return ""
}

func TestRenderNoPlan(t *testing.T) {
	for _, p := range []*irsa.Plan{nil, {}} {
		_, err := imds.Render(p)
		assert.ErrorIs(t, err, irsa.ErrNoPlan)
	}
}

func TestPodIdentityWording(t *testing.T) {
	md, err := imds.Render(golden.Plan(t, "full", irsa.ModePodIdentity))
	require.NoError(t, err)
	assert.Contains(t, string(md), "Pod Identity setup is broken")
}

// TestParagraphsWrap: prose wraps at 76 columns, except where one inline
// code span alone is longer; headings and code blocks are kept as they
// are.
func TestParagraphsWrap(t *testing.T) {
	md, err := imds.Render(golden.Plan(t, "dual-region", ""))
	require.NoError(t, err)
	fenced := false
	for _, line := range strings.Split(string(md), "\n") {
		if strings.HasPrefix(line, "```") {
			fenced = !fenced
		}
		if fenced || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "<!--") {
			continue
		}
		assert.True(t, len(line) <= 76 || !strings.Contains(line, " "), "%q", line)
	}
	assert.Contains(t, string(md), "# IMDS hardening for EKS clusters `camunda-blue`, `camunda-green`\n")
}

// TestScriptRunsWithAStubAWSCLI runs the AWS CLI script with bash and a
// stub aws on PATH that lists two instances per cluster, and checks that
// each instance of each cluster is changed in the cluster's region.
func TestScriptRunsWithAStubAWSCLI(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skipf("bash not installed: %v", err)
	}
	plan := golden.Plans(t)["dual-region/8.8"]
	require.NotNil(t, plan)
	md, err := imds.Render(plan)
	require.NoError(t, err)
	dir := t.TempDir()
	script := filepath.Join(dir, "harden.sh")
	require.NoError(t, os.WriteFile(script, []byte(codeBlocks(t, md)["bash"][0]), 0o700))
	log := filepath.Join(dir, "aws.log")
	// The stub logs its arguments and, for describe-instances, prints two
	// instance IDs named after the region it was asked about.
	stub := `#!/usr/bin/env bash
printf '%s\n' "$*" >>"$AWS_STUB_LOG"
region=
prev=
for a in "$@"; do
  [ "$prev" = --region ] && region=$a
  prev=$a
done
if [ "$2" = describe-instances ]; then
  printf 'i-%s-a\ti-%s-b\n' "$region" "$region"
fi
`
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "bin"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "bin", "aws"), []byte(stub), 0o755))
	cmd := exec.Command("bash", script)
	cmd.Env = []string{"PATH=" + filepath.Join(dir, "bin") + ":" + os.Getenv("PATH"), "AWS_STUB_LOG=" + log}
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, string(out))
	data, err := os.ReadFile(log)
	require.NoError(t, err)
	var modified []string
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if strings.HasPrefix(line, "ec2 modify-instance-metadata-options") {
			modified = append(modified, line)
		}
	}
	assert.Equal(t, []string{
		"ec2 modify-instance-metadata-options --region eu-central-1 --instance-id i-eu-central-1-a --http-put-response-hop-limit 1 --http-tokens required",
		"ec2 modify-instance-metadata-options --region eu-central-1 --instance-id i-eu-central-1-b --http-put-response-hop-limit 1 --http-tokens required",
		"ec2 modify-instance-metadata-options --region eu-west-1 --instance-id i-eu-west-1-a --http-put-response-hop-limit 1 --http-tokens required",
		"ec2 modify-instance-metadata-options --region eu-west-1 --instance-id i-eu-west-1-b --http-put-response-hop-limit 1 --http-tokens required",
	}, modified)
	assert.Contains(t, string(data), "ec2 describe-instances --region eu-west-1 --filters Name=tag:eks:cluster-name,Values=camunda-green Name=instance-state-name,Values=pending,running")
}

// TestClusterRegions: a cluster without a region of its own is in
// aws.region, and its nodes are hardened there.
func TestClusterRegions(t *testing.T) {
	plan, err := irsa.Load([]byte(`apiVersion: camunda-irsa/v1
kind: Topology
chart: "8.8"
namespace: camunda
aws: {accountID: "123456789012", region: eu-central-1}
clusters:
  - {name: c1, oidcIssuer: https://oidc.eks.eu-central-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF}
  - {name: c2, region: eu-west-1, oidcIssuer: https://oidc.eks.eu-west-1.amazonaws.com/id/1123456789ABCDEF0123456789ABCDEF}
opensearch: {domain: camunda, endpoint: search.example.eu-central-1.es.amazonaws.com}
components:
  orchestration: {serviceAccount: orchestration}
`))
	require.NoError(t, err)
	md, err := imds.Render(plan)
	require.NoError(t, err)
	assert.Contains(t, string(md), "harden 'c1' 'eu-central-1'\nharden 'c2' 'eu-west-1'\n")
}
