package awscli_test

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"mvdan.cc/sh/v3/expand"
	"mvdan.cc/sh/v3/syntax"

	"github.com/camunda-irsa/camunda-irsa/internal/golden"
	"github.com/camunda-irsa/camunda-irsa/irsa"
	"github.com/camunda-irsa/camunda-irsa/render/awscli"
)

// scriptVariables are the only variables the script may expand: its own,
// never one holding a value from the topology.
var scriptVariables = map[string]bool{"workdir": true, "account": true, "association": true, "arn": true, "count": true, "oldest": true, "1": true}

func generate(t *testing.T, plan *irsa.Plan) []byte {
	t.Helper()
	out, err := awscli.Generate(plan)
	require.NoError(t, err)
	return out
}

func parse(t *testing.T, src []byte) *syntax.File {
	t.Helper()
	f, err := syntax.NewParser(syntax.Variant(syntax.LangBash)).Parse(bytes.NewReader(src), "apply.sh")
	require.NoError(t, err, "%s", src)
	return f
}

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
func awsCalls(t *testing.T, f *syntax.File) []call {
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

// wordText is the word's value with each "$var" left as written.
func wordText(t *testing.T, w *syntax.Word) string {
	t.Helper()
	var b strings.Builder
	var parts func([]syntax.WordPart)
	parts = func(ps []syntax.WordPart) {
		for _, p := range ps {
			switch p := p.(type) {
			case *syntax.Lit:
				b.WriteString(unescape(p.Value))
			case *syntax.SglQuoted:
				b.WriteString(p.Value)
			case *syntax.DblQuoted:
				parts(p.Parts)
			case *syntax.ParamExp:
				b.WriteString("$" + p.Param.Value)
			default:
				t.Fatalf("unexpected %T in an aws argument", p)
			}
		}
	}
	parts(w.Parts)
	return b.String()
}

// unescape removes the backslash of each \x in an unquoted literal, as
// the shell's quote removal does.
func unescape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
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

func TestGenerateFull(t *testing.T) {
	plan := golden.Plan(t, "full", "")
	out := generate(t, plan)
	calls := awsCalls(t, parse(t, out))
	roles := []string{"camunda-identity", "camunda-keycloak", "camunda-opensearch", "camunda-webmodeler"}
	require.Len(t, plan.Roles, len(roles))

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

// TestGenerateOrder pins the command sequence for one role: look up,
// then create or update, then attach.
func TestGenerateOrder(t *testing.T) {
	calls := awsCalls(t, parse(t, generate(t, golden.Plan(t, "opensearch-only", ""))))
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

// TestGenerateDocuments checks that the heredocs hold exactly the plan's
// documents, policy then trust for each role, and that every heredoc's
// delimiter is quoted so that nothing in it is expanded.
func TestGenerateDocuments(t *testing.T) {
	for name := range golden.Topologies(t) {
		t.Run(name, func(t *testing.T) {
			plan := golden.Plan(t, name, "")
			var docs []string
			syntax.Walk(parse(t, generate(t, plan)), func(n syntax.Node) bool {
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
			require.Len(t, docs, 2*len(plan.Roles))
			for i, r := range plan.Roles {
				var permission, trust irsa.PolicyDocument
				require.NoError(t, json.Unmarshal([]byte(docs[2*i]), &permission))
				require.NoError(t, json.Unmarshal([]byte(docs[2*i+1]), &trust))
				assert.Equal(t, r.PermissionPolicy, permission)
				assert.Equal(t, r.TrustPolicy, trust)
			}
		})
	}
}

func TestGenerateStrictMode(t *testing.T) {
	out := generate(t, golden.Plan(t, "full", ""))
	assert.True(t, strings.HasPrefix(string(out), "#!/usr/bin/env bash\n"+awscli.Header))
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

// TestGenerateQuoting checks every word of the script: an expansion is
// only ever of the script's own variables and only inside double quotes,
// and every value an aws option takes from the plan is single-quoted.
func TestGenerateQuoting(t *testing.T) {
	plan := golden.Plan(t, "full", irsa.ModePodIdentity)
	plan.Roles[0].Tags = map[string]string{"owner": "it's ${HOME} `id`"}
	plan.Roles[0].MaxSessionDuration = 7200
	plan.Roles[0].PermissionsBoundary = "arn:aws:iam::123456789012:policy/boundary"
	f := parse(t, generate(t, plan))
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
		case *syntax.CallExpr:
			if len(n.Args) > 0 && n.Args[0].Lit() == "aws" {
				checkOptionValues(t, n)
			}
		}
		return true
	})
}

// checkOptionValues: the value of every --option is single-quoted, a
// double-quoted word of the script's own, or a fixed literal of the
// script (--output text, --query Account).
func checkOptionValues(t *testing.T, ce *syntax.CallExpr) {
	t.Helper()
	for i := 3; i < len(ce.Args); i++ {
		flag := ce.Args[i].Lit()
		if !strings.HasPrefix(flag, "--") || flag == "--set-as-default" {
			continue
		}
		require.Less(t, i+1, len(ce.Args), "%s has no value", flag)
		v := ce.Args[i+1]
		i++
		if lit := v.Lit(); lit != "" {
			assert.Contains(t, []string{"--output text", "--query Account"}, flag+" "+lit, "unquoted value at %s", v.Pos())
			continue
		}
		if _, ok := v.Parts[0].(*syntax.DblQuoted); ok && len(v.Parts) == 1 {
			continue
		}
		// Quote writes an embedded ' as '\'' : single-quoted runs joined by
		// escaped quotes, and nothing else.
		for _, p := range v.Parts {
			switch p := p.(type) {
			case *syntax.SglQuoted:
				assert.False(t, p.Dollar, "$'...' at %s", p.Pos())
			case *syntax.Lit:
				assert.Equal(t, `\'`, p.Value, "value of %s at %s", flag, v.Pos())
			default:
				t.Errorf("value of %s at %s holds a %T", flag, v.Pos(), p)
			}
		}
	}
}

func TestGenerateOptionalRoleSettings(t *testing.T) {
	plan := golden.Plan(t, "opensearch-only", "")
	plan.Roles[0].PermissionsBoundary = "arn:aws:iam::123456789012:policy/boundary"
	plan.Roles[0].MaxSessionDuration = 7200
	plan.Roles[0].Tags = map[string]string{"team": "search, ops", "cost-center": "a=b"}
	calls := awsCalls(t, parse(t, generate(t, plan)))
	const wantTags = `[{"Key":"cost-center","Value":"a=b"},{"Key":"team","Value":"search, ops"}]`
	seen := map[string]bool{}
	for _, c := range calls {
		sub := c.subcommand()
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

func TestGeneratePodIdentity(t *testing.T) {
	plan := golden.Plan(t, "full", irsa.ModePodIdentity)
	calls := awsCalls(t, parse(t, generate(t, plan)))
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

// TestGenerateMultiClusterPodIdentity: each association is looked up and
// created in its own cluster's region.
func TestGenerateMultiClusterPodIdentity(t *testing.T) {
	calls := awsCalls(t, parse(t, generate(t, golden.Plan(t, "dual-region", irsa.ModePodIdentity))))
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

func TestGenerateBashSyntax(t *testing.T) {
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
			cmd.Stdin = bytes.NewReader(generate(t, plan))
			out, err := cmd.CombinedOutput()
			assert.NoError(t, err, "%s %s: %s", name, mode, out)
		}
	}
}

func TestGenerateIsDeterministic(t *testing.T) {
	plan := golden.Plan(t, "full", irsa.ModePodIdentity)
	plan.Roles[0].Tags = map[string]string{"a": "1", "b": "2", "c": "3", "d": "4"}
	first := generate(t, plan)
	for range 10 {
		require.Equal(t, string(first), string(generate(t, plan)))
	}
}

// TestQuote parses each quoted word back and expands it as the shell
// does (quote removal, no field splitting): it must be the original.
func TestQuote(t *testing.T) {
	for _, s := range []string{"", "plain", "it's", "''", "$HOME ${x} $(id) `id`", "a\nb\tc", `back\slash "dq"`, "!history", "*?[glob]"} {
		f := parse(t, []byte("echo "+awscli.Quote(s)+"\n"))
		ce := f.Stmts[0].Cmd.(*syntax.CallExpr)
		require.Len(t, ce.Args, 2, "%q must stay one word", s)
		got, err := expand.Fields(nil, ce.Args[1])
		require.NoError(t, err)
		assert.Equal(t, []string{s}, got)
	}
}
