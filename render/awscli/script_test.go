package awscli_test

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"mvdan.cc/sh/v3/expand"
	"mvdan.cc/sh/v3/syntax"

	"github.com/camunda-irsa/camunda-irsa/internal/golden"
	"github.com/camunda-irsa/camunda-irsa/internal/shellcheck"
	"github.com/camunda-irsa/camunda-irsa/irsa"
	"github.com/camunda-irsa/camunda-irsa/render/awscli"
)

// scriptVariables are the only variables the script may expand: its own,
// never one holding a value from the topology.
var scriptVariables = map[string]bool{"workdir": true, "account": true, "association": true, "arn": true, "count": true, "oldest": true, "1": true}

func render(t testing.TB, plan *irsa.Plan) []byte {
	t.Helper()
	out, err := awscli.Render(plan)
	require.NoError(t, err)
	return out
}

func parse(t testing.TB, src []byte) *syntax.File {
	t.Helper()
	f, err := syntax.NewParser(syntax.Variant(syntax.LangBash)).Parse(bytes.NewReader(src), awscli.FileName)
	require.NoError(t, err, "%s", src)
	return f
}

// load plans a topology given as YAML.
func load(t testing.TB, yaml string) *irsa.Plan {
	t.Helper()
	plan, err := irsa.Load([]byte(yaml))
	require.NoError(t, err)
	return plan
}

// oddValuesPlan has in every value the plan lets through what a shell
// would read as syntax: a role path and a boundary with quotes, $(...)
// and backquotes (IAM allows any printable ASCII there), and tags with a
// no-break space, which is not printable for the shell quoting either.
const oddValuesPlan = `apiVersion: camunda-irsa/v1
kind: Topology
chart: "8.8"
namespace: camunda
mode: podIdentity
aws: {accountID: "123456789012", region: eu-central-1}
cluster: {name: camunda, oidcIssuer: https://oidc.eks.eu-central-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF}
opensearch: {domain: camunda, endpoint: search.example.eu-central-1.es.amazonaws.com}
roleDefaults:
  path: "/it's/$(id)/` + "`id`" + `/${HOME}/"
  permissionsBoundary: "arn:aws:iam::123456789012:policy/b'$HOME` + "`id`" + `\"x\""
  tags: {owner: "search\u00a0ops=a:b/c@d+e", "cost center": "Grüße"}
  maxSessionDuration: 7200
components:
  orchestration: {serviceAccount: orchestration-sa}
`

// longNamesPlan splits the OpenSearch role across four roles whose
// generated names are shortened: the plan then has notes for each.
const longNamesPlan = `apiVersion: camunda-irsa/v1
kind: Topology
chart: "8.7"
namespace: a-very-long-namespace-name-for-testing-the-limits-of-things
aws: {accountID: "123456789012", region: us-gov-west-1, trustPolicyQuota: 2600}
clusters:
  - {name: cluster-with-a-really-long-name-that-goes-on-and-on-forever, oidcIssuer: https://oidc.eks.us-gov-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF}
  - {name: c2, region: us-gov-east-1, oidcIssuer: https://oidc.eks.us-gov-east-1.amazonaws.com/id/1123456789ABCDEF0123456789ABCDEF}
  - {name: c3, oidcIssuer: https://oidc.eks.us-gov-west-1.amazonaws.com/id/2123456789ABCDEF0123456789ABCDEF}
  - {name: c4, oidcIssuer: https://oidc.eks.us-gov-west-1.amazonaws.com/id/3123456789ABCDEF0123456789ABCDEF}
roleNamePrefix: prefix-that-is-long-
opensearch: {domain: camunda, endpoint: vpc-camunda-x.us-gov-west-1.es.amazonaws.com}
components:
  zeebe: {serviceAccount: zeebe-service-account-with-a-long-name-too}
  operate: {serviceAccount: operate-service-account-with-a-long-name-too}
  tasklist: {serviceAccount: tasklist-service-account-with-a-long-name-too}
  optimize: {serviceAccount: optimize-service-account-with-a-long-name-too}
`

// call is one aws command: its words as the shell passes them, except that
// "$var" is kept as written.
type call []string

// subcommand is "iam create-role" and the like.
func (c call) subcommand() string { return c[1] + " " + c[2] }

// option returns the value following --name.
func (c call) option(name string) (string, bool) {
	for i := 3; i+1 < len(c); i++ {
		if c[i] == "--"+name {
			return c[i+1], true
		}
	}
	return "", false
}

// awsCalls lists the aws commands of the script in source order,
// including those inside command substitutions.
func awsCalls(t testing.TB, f *syntax.File) []call {
	t.Helper()
	var calls []call
	syntax.Walk(f, func(n syntax.Node) bool {
		ce, ok := n.(*syntax.CallExpr)
		if !ok || len(ce.Args) == 0 || ce.Args[0].Lit() != "aws" {
			return true
		}
		c := make(call, len(ce.Args))
		for i, w := range ce.Args {
			c[i] = wordText(t, w)
		}
		calls = append(calls, c)
		return true
	})
	return calls
}

// keepVariables expands $var to "$var", so that a word's text shows
// which of the script's variables it holds.
var keepVariables = &expand.Config{Env: expand.FuncEnviron(func(name string) string { return "$" + name })}

// wordText is the word's value after quote removal, with each "$var"
// left as written; a command substitution is an error.
func wordText(t testing.TB, w *syntax.Word) string {
	t.Helper()
	s, err := expand.Literal(keepVariables, w)
	require.NoError(t, err)
	return s
}

func subcommands(calls []call, keep func(call) bool) []string {
	var out []string
	for _, c := range calls {
		if keep == nil || keep(c) {
			out = append(out, c.subcommand())
		}
	}
	return out
}

func TestRenderNoPlan(t *testing.T) {
	for _, p := range []*irsa.Plan{nil, {}} {
		_, err := awscli.Render(p)
		assert.ErrorIs(t, err, irsa.ErrNoPlan)
	}
}

func TestRenderFull(t *testing.T) {
	plan := golden.Plan(t, "full", "")
	calls := awsCalls(t, parse(t, render(t, plan)))
	roles := []string{"camunda-identity", "camunda-keycloak", "camunda-opensearch", "camunda-webmodeler"}
	require.Len(t, plan.Roles(), len(roles))

	var created, createdRoles, attached []string
	for _, c := range calls {
		switch c.subcommand() {
		case "iam create-policy":
			name, _ := c.option("policy-name")
			doc, _ := c.option("policy-document")
			created = append(created, name)
			assert.Equal(t, "file://$workdir/policy.json", doc)
		case "iam create-role":
			name, _ := c.option("role-name")
			doc, _ := c.option("assume-role-policy-document")
			path, _ := c.option("path")
			createdRoles = append(createdRoles, name)
			assert.Equal(t, "file://$workdir/trust.json", doc)
			assert.Equal(t, "/", path)
			for _, unset := range []string{"permissions-boundary", "max-session-duration", "tags"} {
				_, ok := c.option(unset)
				assert.False(t, ok, "--%s only when the role sets it", unset)
			}
		case "iam attach-role-policy":
			name, _ := c.option("role-name")
			arn, _ := c.option("policy-arn")
			attached = append(attached, name+" "+arn)
		}
	}
	assert.Equal(t, roles, created)
	assert.Equal(t, roles, createdRoles)
	var wantAttached []string
	for _, r := range roles {
		wantAttached = append(wantAttached, r+" arn:aws:iam::123456789012:policy/"+r)
	}
	assert.Equal(t, wantAttached, attached)
	assert.Empty(t, subcommands(calls, func(c call) bool { return c[1] == "eks" }), "no Pod Identity in IRSA mode")
}

// TestRenderOrder pins the command sequence for one role: look up,
// then create or update, then attach.
func TestRenderOrder(t *testing.T) {
	calls := awsCalls(t, parse(t, render(t, golden.Plan(t, "opensearch-only", ""))))
	assert.Equal(t, []string{
		"sts get-caller-identity",
		"iam list-policy-versions", "iam list-policy-versions", "iam delete-policy-version",
		"iam get-policy", "iam create-policy-version", "iam create-policy",
		"iam get-role", "iam update-assume-role-policy", "iam create-role",
		"iam attach-role-policy",
	}, subcommands(calls, nil))
	const arn = "arn:aws:iam::123456789012:policy/c8-opensearch"
	for _, c := range calls {
		switch c.subcommand() {
		case "iam get-policy", "iam create-policy-version":
			v, _ := c.option("policy-arn")
			assert.Equal(t, arn, v, c.subcommand())
		case "iam get-role", "iam update-assume-role-policy":
			v, _ := c.option("role-name")
			assert.Equal(t, "c8-opensearch", v, c.subcommand())
		}
	}
}

// TestRenderDocuments checks that the heredocs hold exactly the plan's
// documents, policy then trust for each role, and that every heredoc's
// delimiter is quoted so that nothing in it is expanded.
func TestRenderDocuments(t *testing.T) {
	plans := map[string]*irsa.Plan{"odd values": load(t, oddValuesPlan), "long names": load(t, longNamesPlan)}
	for name := range golden.Topologies(t) {
		plans[name] = golden.Plan(t, name, "")
	}
	for name, plan := range plans {
		t.Run(name, func(t *testing.T) {
			var docs []string
			syntax.Walk(parse(t, render(t, plan)), func(n syntax.Node) bool {
				r, ok := n.(*syntax.Redirect)
				if !ok || r.Op != syntax.Hdoc {
					return true
				}
				require.Len(t, r.Word.Parts, 1)
				_, quoted := r.Word.Parts[0].(*syntax.SglQuoted)
				assert.True(t, quoted, "heredoc delimiter must be quoted")
				require.Len(t, r.Hdoc.Parts, 1)
				docs = append(docs, r.Hdoc.Parts[0].(*syntax.Lit).Value)
				return true
			})
			roles := plan.Roles()
			require.Len(t, docs, 2*len(roles))
			for i, r := range roles {
				var permission, trust irsa.PolicyDocument
				require.NoError(t, json.Unmarshal([]byte(docs[2*i]), &permission))
				require.NoError(t, json.Unmarshal([]byte(docs[2*i+1]), &trust))
				assert.Equal(t, r.PermissionPolicy, permission)
				assert.Equal(t, r.TrustPolicy, trust)
			}
		})
	}
}

func TestRenderStrictMode(t *testing.T) {
	out := render(t, golden.Plan(t, "full", ""))
	assert.True(t, strings.HasPrefix(string(out), "#!/usr/bin/env bash\n# Generated by camunda-irsa. Do not edit"))
	f := parse(t, out)
	require.NotEmpty(t, f.Stmts)
	first, ok := f.Stmts[0].Cmd.(*syntax.CallExpr)
	require.True(t, ok, "the first command is set -euo pipefail")
	var words []string
	for _, w := range first.Args {
		words = append(words, w.Lit())
	}
	assert.Equal(t, []string{"set", "-euo", "pipefail"}, words)
}

// TestRenderQuoting checks every word of a script whose values hold
// shell syntax: an expansion is only ever of the script's own variables
// and only inside double quotes, and every value an aws option takes
// from the plan reaches aws exactly.
func TestRenderQuoting(t *testing.T) {
	plan := load(t, oddValuesPlan)
	role := plan.Roles()[0]
	f := parse(t, render(t, plan))
	syntax.Walk(f, func(n syntax.Node) bool {
		switch n := n.(type) {
		case *syntax.Word:
			for _, p := range n.Parts {
				switch p.(type) {
				case *syntax.ParamExp, *syntax.CmdSubst, *syntax.ArithmExp, *syntax.ProcSubst:
					t.Errorf("unquoted expansion at %s", n.Pos())
				}
			}
		case *syntax.DblQuoted:
			for _, p := range n.Parts {
				if pe, ok := p.(*syntax.ParamExp); ok {
					assert.True(t, scriptVariables[pe.Param.Value], "expansion of $%s at %s", pe.Param.Value, pe.Pos())
				}
			}
		}
		return true
	})
	const wantTags = `[{"Key":"cost center","Value":"Grüße"},{"Key":"owner","Value":"search` + "\u00a0" + `ops=a:b/c@d+e"}]`
	seen := map[string]bool{}
	for _, c := range awsCalls(t, f) {
		want := map[string]map[string]string{
			"iam create-role": {"path": role.Path, "permissions-boundary": role.PermissionsBoundary, "tags": wantTags,
				"max-session-duration": "7200"},
			"iam put-role-permissions-boundary":   {"permissions-boundary": role.PermissionsBoundary},
			"iam tag-role":                        {"tags": wantTags},
			"eks create-pod-identity-association": {"role-arn": role.ARN},
		}[c.subcommand()]
		for opt, v := range want {
			got, ok := c.option(opt)
			assert.True(t, ok, "%s --%s", c.subcommand(), opt)
			assert.Equal(t, v, got, "%s --%s", c.subcommand(), opt)
		}
		seen[c.subcommand()] = true
	}
	assert.True(t, seen["iam create-role"] && seen["eks create-pod-identity-association"])
	assert.Contains(t, role.ARN, "/it's/$(id)/")
}

func TestRenderOptionalRoleSettings(t *testing.T) {
	plan := optionsPlan(t, irsa.ModeIRSA)
	calls := awsCalls(t, parse(t, render(t, plan)))
	const wantTags = `[{"Key":"team","Value":"search ops=a:b/c@d+e"}]`
	seen := map[string]bool{}
	for _, c := range calls {
		sub := c.subcommand()
		name, _ := c.option("role-name")
		if name != "camunda-keycloak" {
			for _, opt := range []string{"permissions-boundary", "max-session-duration", "tags"} {
				_, ok := c.option(opt)
				assert.False(t, ok, "%s sets --%s on %s", sub, opt, name)
			}
			continue
		}
		switch sub {
		case "iam create-role":
			for opt, want := range map[string]string{
				"permissions-boundary": "arn:aws:iam::123456789012:policy/boundary",
				"max-session-duration": "7200",
				"tags":                 wantTags,
			} {
				got, _ := c.option(opt)
				assert.Equal(t, want, got, opt)
			}
		case "iam update-role":
			got, _ := c.option("max-session-duration")
			assert.Equal(t, "7200", got)
		case "iam put-role-permissions-boundary":
			got, _ := c.option("permissions-boundary")
			assert.Equal(t, "arn:aws:iam::123456789012:policy/boundary", got)
		case "iam tag-role":
			got, _ := c.option("tags")
			assert.Equal(t, wantTags, got)
		}
		seen[sub] = true
	}
	for _, sub := range []string{"iam create-role", "iam update-role", "iam put-role-permissions-boundary", "iam tag-role"} {
		assert.True(t, seen[sub], "%s missing", sub)
	}
}

func TestRenderPodIdentity(t *testing.T) {
	plan := golden.Plan(t, "full", irsa.ModePodIdentity)
	calls := awsCalls(t, parse(t, render(t, plan)))
	roleOf := map[string]string{
		"identity-sa": "camunda-identity", "keycloak-sa": "camunda-keycloak", "optimize-sa": "camunda-opensearch",
		"orchestration-sa": "camunda-opensearch", "webmodeler-sa": "camunda-webmodeler",
	}
	var listed, created []string
	for _, c := range calls {
		if c[1] != "eks" {
			continue
		}
		region, _ := c.option("region")
		cluster, _ := c.option("cluster-name")
		assert.Equal(t, "eu-central-1", region)
		assert.Equal(t, "camunda", cluster)
		sa, _ := c.option("service-account")
		switch c.subcommand() {
		case "eks list-pod-identity-associations":
			ns, _ := c.option("namespace")
			assert.Equal(t, "camunda", ns)
			listed = append(listed, sa)
		case "eks create-pod-identity-association":
			arn, _ := c.option("role-arn")
			assert.Equal(t, "arn:aws:iam::123456789012:role/"+roleOf[sa], arn)
			created = append(created, sa)
		case "eks update-pod-identity-association":
			id, _ := c.option("association-id")
			assert.Equal(t, "$association", id)
		default:
			t.Errorf("unexpected %s", c.subcommand())
		}
	}
	want := []string{"identity-sa", "keycloak-sa", "optimize-sa", "orchestration-sa", "webmodeler-sa"}
	assert.Equal(t, want, listed)
	assert.Equal(t, want, created)
	// Every association comes after every role it could need.
	last := 0
	for i, c := range calls {
		if c.subcommand() == "iam attach-role-policy" {
			last = i
		}
	}
	assert.Equal(t, "eks list-pod-identity-associations", calls[last+1].subcommand())
}

// TestRenderMultiClusterPodIdentity: each association is looked up and
// created in its own cluster's region.
func TestRenderMultiClusterPodIdentity(t *testing.T) {
	calls := awsCalls(t, parse(t, render(t, golden.Plan(t, "dual-region", irsa.ModePodIdentity))))
	regions := map[string]string{}
	for _, c := range calls {
		if c.subcommand() == "eks create-pod-identity-association" {
			cluster, _ := c.option("cluster-name")
			region, _ := c.option("region")
			regions[cluster] = region
		}
	}
	assert.Equal(t, map[string]string{"camunda-blue": "eu-central-1", "camunda-green": "eu-west-1"}, regions)
}

func TestRenderBashSyntax(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("bash is not installed; the mvdan.cc/sh parse still checks the syntax")
	}
	for name, top := range golden.Topologies(t) {
		// Each example in its own mode and, where valid, in the other.
		for _, mode := range []irsa.Mode{irsa.ModeIRSA, irsa.ModePodIdentity} {
			top.Mode = mode
			plan, err := irsa.NewPlan(top)
			if err != nil {
				continue
			}
			cmd := exec.Command(bash, "-n")
			cmd.Stdin = bytes.NewReader(render(t, plan))
			out, err := cmd.CombinedOutput()
			assert.NoError(t, err, "%s %s: %s", name, mode, out)
		}
	}
}

// TestShellCheck runs ShellCheck over the script of every example, in
// its own mode and, where valid, in the other, and of the plans with odd
// values and long names.
func TestShellCheck(t *testing.T) {
	scripts := map[string][]byte{
		"odd values/" + awscli.FileName: render(t, load(t, oddValuesPlan)),
		"long names/" + awscli.FileName: render(t, load(t, longNamesPlan)),
	}
	for name, top := range golden.Topologies(t) {
		for _, mode := range []irsa.Mode{irsa.ModeIRSA, irsa.ModePodIdentity} {
			top.Mode = mode
			if plan, err := irsa.NewPlan(top); err == nil {
				scripts[name+"/"+string(mode)+"/"+awscli.FileName] = render(t, plan)
			}
		}
	}
	shellcheck.Check(t, scripts)
}

func TestRenderIsDeterministic(t *testing.T) {
	plan := load(t, oddValuesPlan)
	first := render(t, plan)
	for range 10 {
		require.Equal(t, string(first), string(render(t, plan)))
	}
}

// TestCommentsAreOneLine: the script writes each role's summary and
// notes on a comment line as they are, which is safe because a plan only
// holds validated names: every summary and note is one line of printable
// text. A newline in one would end the comment and run the rest.
func TestCommentsAreOneLine(t *testing.T) {
	plans := golden.Plans(t)
	plans["long names"] = load(t, longNamesPlan)
	plans["odd values"] = load(t, oddValuesPlan)
	notes := 0
	for name, plan := range plans {
		for _, r := range plan.Roles() {
			for _, text := range append([]string{r.Summary()}, r.Notes...) {
				assert.True(t, isPrintableLine(text), "%s: %q", name, text)
			}
			notes += len(r.Notes)
		}
	}
	assert.Positive(t, notes, "some plan has notes")
}

func isPrintableLine(s string) bool {
	return s != "" && !strings.ContainsFunc(s, func(r rune) bool { return !unicode.IsPrint(r) })
}
