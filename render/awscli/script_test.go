package awscli_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os/exec"
	"slices"
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

// topCalls lists the commands the script runs at its top level (not in
// its functions) whose name is one of names, each as its words.
func topCalls(t testing.TB, f *syntax.File, names ...string) [][]string {
	t.Helper()
	var calls [][]string
	for _, st := range f.Stmts {
		ce, ok := st.Cmd.(*syntax.CallExpr)
		if !ok || len(ce.Args) == 0 || !slices.Contains(names, ce.Args[0].Lit()) {
			continue
		}
		words := make([]string, len(ce.Args))
		for i, w := range ce.Args {
			words[i] = wordText(t, w)
		}
		calls = append(calls, words)
	}
	return calls
}

// ensureRole is one ensure_role call of the script.
type ensureRole struct {
	Name, Path, Policy, MaxSession, Boundary, Tags, TagsJSON string
}

func ensureRoles(t testing.TB, f *syntax.File) []ensureRole {
	t.Helper()
	var out []ensureRole
	for _, c := range topCalls(t, f, "ensure_role") {
		require.Len(t, c, 8, "%q", c)
		out = append(out, ensureRole{c[1], c[2], c[3], c[4], c[5], c[6], c[7]})
	}
	return out
}

func TestRenderNoPlan(t *testing.T) {
	for _, p := range []*irsa.Plan{nil, {}} {
		_, err := awscli.Render(p)
		assert.ErrorIs(t, err, irsa.ErrNoPlan)
	}
}

// TestRenderRoles: the script ensures each role of the plan, after its
// policy, with what the plan says about it and IAM's defaults for what it
// leaves out.
func TestRenderRoles(t *testing.T) {
	plan := golden.Plan(t, "full", "")
	f := parse(t, render(t, plan))
	const managed = "camunda-irsa/topology\t123456789012/camunda/camunda"
	var want []ensureRole
	var wantPolicies [][]string
	for _, r := range plan.Roles() {
		want = append(want, ensureRole{Name: r.Name, Path: "/", Policy: "arn:aws:iam::123456789012:policy/" + r.Name,
			MaxSession: "3600", Tags: managed, TagsJSON: `[{"Key":"camunda-irsa/topology","Value":"123456789012/camunda/camunda"}]`})
		wantPolicies = append(wantPolicies, []string{"ensure_policy", r.Name, r.PolicyARN})
	}
	assert.Equal(t, want, ensureRoles(t, f))
	assert.Equal(t, wantPolicies, topCalls(t, f, "ensure_policy"))
	assert.Empty(t, topCalls(t, f, "ensure_association"), "no Pod Identity in IRSA mode")
}

// TestRenderOrder pins the order of the script's steps: the checks, then
// per role its policy and the role, then the associations, then pruning.
func TestRenderOrder(t *testing.T) {
	plan := golden.Plan(t, "dual-region", irsa.ModePodIdentity)
	want := []string{"preflight"}
	for range plan.Roles() {
		want = append(want, "ensure_policy", "ensure_role")
	}
	for range plan.Associations() {
		want = append(want, "ensure_association")
	}
	for range plan.Clusters() {
		want = append(want, "prune_associations")
	}
	var steps []string
	f := parse(t, render(t, plan))
	for _, c := range topCalls(t, f, "preflight", "ensure_policy", "ensure_role", "ensure_association", "prune_associations") {
		steps = append(steps, c[0])
	}
	assert.Equal(t, want, steps)
}

// heredocs returns the bodies of the script's heredocs, checking that
// each delimiter is quoted so that nothing in the body is expanded.
func heredocs(t testing.TB, f *syntax.File) []string {
	t.Helper()
	var docs []string
	syntax.Walk(f, func(n syntax.Node) bool {
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
	return docs
}

func documentPlans(t *testing.T) map[string]*irsa.Plan {
	plans := map[string]*irsa.Plan{"odd values": load(t, oddValuesPlan), "long names": load(t, longNamesPlan)}
	for name := range golden.Topologies(t) {
		plans[name] = golden.Plan(t, name, "")
	}
	return plans
}

// TestRenderDocuments checks that the heredocs hold exactly the plan's
// documents, for each role its policy (with the first role that holds it:
// the parts of a split role share one) then its trust, in the form AWS
// CLI 2 prints documents with --output json (Python's json.dumps with
// indent=4 and ensure_ascii=False), which the script compares them with.
func TestRenderDocuments(t *testing.T) {
	for name, plan := range documentPlans(t) {
		t.Run(name, func(t *testing.T) {
			docs := heredocs(t, parse(t, render(t, plan)))
			var want []irsa.PolicyDocument
			written := map[string]bool{}
			for _, r := range plan.Roles() {
				if !written[r.PolicyARN] {
					written[r.PolicyARN] = true
					want = append(want, r.PermissionPolicy)
				}
				want = append(want, r.TrustPolicy)
			}
			require.Len(t, docs, len(want))
			for i, doc := range docs {
				var got irsa.PolicyDocument
				require.NoError(t, json.Unmarshal([]byte(doc), &got))
				assert.Equal(t, want[i], got)
				assert.Equal(t, pythonJSON(t, doc)+"\n", doc, "the CLI's form")
			}
		})
	}
}

// pythonJSON formats JSON as Python's json.dumps(v, indent=4,
// ensure_ascii=False) does, keeping the order of object keys, which is
// how the AWS CLI prints a document (awscli/formatter.py, JSONFormatter).
func pythonJSON(t testing.TB, doc string) string {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(doc))
	dec.UseNumber()
	var b strings.Builder
	var value func(indent string)
	value = func(indent string) {
		tok, err := dec.Token()
		require.NoError(t, err)
		switch tok := tok.(type) {
		case json.Delim:
			closing := map[json.Delim]string{'{': "}", '[': "]"}[tok]
			if !dec.More() {
				_, err := dec.Token()
				require.NoError(t, err)
				b.WriteString(tok.String() + closing)
				return
			}
			b.WriteString(tok.String())
			for first := true; dec.More(); first = false {
				if !first {
					b.WriteByte(',')
				}
				b.WriteString("\n" + indent + "    ")
				if tok == '{' {
					key, err := dec.Token()
					require.NoError(t, err)
					b.WriteString(pythonString(key.(string)) + ": ")
				}
				value(indent + "    ")
			}
			_, err := dec.Token()
			require.NoError(t, err)
			b.WriteString("\n" + indent + closing)
		case string:
			b.WriteString(pythonString(tok))
		case nil:
			b.WriteString("null")
		default:
			fmt.Fprint(&b, tok)
		}
	}
	value("")
	return b.String()
}

// pythonString is json.dumps of a string with ensure_ascii=False.
func pythonString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		default:
			if r < 0x20 {
				fmt.Fprintf(&b, `\u%04x`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
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

// splitVariables are the script's lists of names and ARNs, which it
// expands unquoted on purpose: split into words under set -f, whose
// items hold no white space (IAM names and ARNs).
var splitVariables = map[string]bool{"list": true, "policies": true, "managed_roles": true, "stale_roles": true}

// outsideVariables are the variables the script takes from bash and the
// environment rather than setting them.
var outsideVariables = map[string]bool{"PRUNE": true, "BASH_REMATCH": true, "@": true, "*": true}

// TestRenderQuoting checks every expansion of a script whose values hold
// shell syntax: each is of a variable the script sets itself (or a
// parameter), and where words are split, only of its lists of names; and
// every value from the plan reaches its function exactly.
func TestRenderQuoting(t *testing.T) {
	plan := load(t, oddValuesPlan)
	r := plan.Roles()[0]
	f := parse(t, render(t, plan))
	own := scriptVariables(t, f)
	syntax.Walk(f, func(n syntax.Node) bool {
		switch n := n.(type) {
		case *syntax.ParamExp:
			name := n.Param.Value
			assert.True(t, own[name] || outsideVariables[name] || isDigits(name), "expansion of $%s at %s", name, n.Pos())
		case *syntax.CallExpr:
			for _, w := range n.Args {
				checkSplit(t, w)
			}
		case *syntax.WordIter:
			for _, w := range n.Items {
				checkSplit(t, w)
			}
		}
		return true
	})
	roles := ensureRoles(t, f)
	require.Len(t, roles, 1)
	assert.Equal(t, r.Path, roles[0].Path)
	assert.Equal(t, r.PermissionsBoundary, roles[0].Boundary)
	assert.Equal(t, "7200", roles[0].MaxSession)
	assert.Equal(t, "camunda-irsa/topology\t123456789012/camunda/camunda\ncost center\tGrüße\nowner\tsearch\u00a0ops=a:b/c@d+e", roles[0].Tags)
	assert.Equal(t, `[{"Key":"camunda-irsa/topology","Value":"123456789012/camunda/camunda"},{"Key":"cost center","Value":"Grüße"},`+
		`{"Key":"owner","Value":"search`+"\u00a0"+`ops=a:b/c@d+e"}]`, roles[0].TagsJSON)
	assert.Equal(t, [][]string{{"ensure_association", "eu-central-1", "camunda", "$namespace", "orchestration-sa", r.ARN}},
		topCalls(t, f, "ensure_association"))
	assert.Contains(t, r.ARN, "/it's/$(id)/")
}

// checkSplit: a word that bash splits holds an unquoted expansion only of
// the script's lists of names.
func checkSplit(t *testing.T, w *syntax.Word) {
	t.Helper()
	for _, p := range w.Parts {
		switch p := p.(type) {
		case *syntax.ParamExp:
			assert.True(t, splitVariables[p.Param.Value], "unquoted $%s at %s", p.Param.Value, p.Pos())
		case *syntax.CmdSubst, *syntax.ArithmExp, *syntax.ProcSubst:
			t.Errorf("unquoted expansion at %s", w.Pos())
		}
	}
}

// scriptVariables are the names the script sets: assigned, declared
// local, iterated over, read into, or slurped into.
func scriptVariables(t *testing.T, f *syntax.File) map[string]bool {
	own := map[string]bool{}
	syntax.Walk(f, func(n syntax.Node) bool {
		switch n := n.(type) {
		case *syntax.Assign:
			if n.Name != nil {
				own[n.Name.Value] = true
			}
		case *syntax.ForClause:
			if it, ok := n.Loop.(*syntax.WordIter); ok {
				own[it.Name.Value] = true
			}
		case *syntax.CallExpr:
			if len(n.Args) == 0 {
				break
			}
			switch n.Args[0].Lit() {
			case "read":
				for i := 1; i < len(n.Args); i++ {
					switch lit := n.Args[i].Lit(); {
					case lit == "-d":
						i++
					case isName(lit):
						own[lit] = true
					}
				}
			case "slurp":
				own[n.Args[1].Lit()] = true
			}
		}
		return true
	})
	require.NotEmpty(t, own)
	return own
}

func isName(s string) bool {
	return s != "" && !strings.ContainsFunc(s, func(r rune) bool { return r != '_' && !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

func isDigits(s string) bool {
	return s != "" && !strings.ContainsFunc(s, func(r rune) bool { return !unicode.IsDigit(r) })
}

func TestRenderOptionalRoleSettings(t *testing.T) {
	plan := optionsPlan(t, irsa.ModeIRSA)
	for _, r := range ensureRoles(t, parse(t, render(t, plan))) {
		if r.Name != "camunda-keycloak" {
			assert.Equal(t, "3600", r.MaxSession, r.Name)
			assert.Empty(t, r.Boundary, r.Name)
			continue
		}
		assert.Equal(t, "7200", r.MaxSession)
		assert.Equal(t, "arn:aws:iam::123456789012:policy/boundary", r.Boundary)
		assert.Equal(t, "camunda-irsa/topology\t123456789012/camunda/camunda\ncost center\tGrüße\nteam\tsearch ops=a:b/c@d+e", r.Tags)
	}
}

// TestRenderRefusesTheManagedByTag: the topology cannot set the tag that
// marks what the script manages.
func TestRenderRefusesTheManagedByTag(t *testing.T) {
	top := golden.Topologies(t)["full"]
	top.RoleDefaults.Tags = map[string]string{awscli.ManagedByKey: "mine"}
	plan, err := irsa.NewPlan(top)
	require.NoError(t, err)
	_, err = awscli.Render(plan)
	assert.ErrorContains(t, err, "tag camunda-irsa/topology is the script's own")
}

func TestRenderPodIdentity(t *testing.T) {
	plan := golden.Plan(t, "full", irsa.ModePodIdentity)
	f := parse(t, render(t, plan))
	roleOf := map[string]string{
		"identity-sa": "camunda-identity", "keycloak-sa": "camunda-keycloak", "optimize-sa": "camunda-opensearch",
		"orchestration-sa": "camunda-opensearch", "webmodeler-sa": "camunda-webmodeler",
	}
	var associated []string
	for _, c := range topCalls(t, f, "ensure_association") {
		require.Len(t, c, 6)
		assert.Equal(t, []string{"eu-central-1", "camunda", "$namespace"}, c[1:4])
		assert.Equal(t, "arn:aws:iam::123456789012:role/"+roleOf[c[4]], c[5])
		associated = append(associated, c[4])
	}
	want := []string{"identity-sa", "keycloak-sa", "optimize-sa", "orchestration-sa", "webmodeler-sa"}
	assert.Equal(t, want, associated)
	assert.Equal(t, [][]string{{"prune_associations", "eu-central-1", "camunda", strings.Join(want, " ")}},
		topCalls(t, f, "prune_associations"))
}

// TestRenderMultiClusterPodIdentity: each association is made in its own
// cluster's region.
func TestRenderMultiClusterPodIdentity(t *testing.T) {
	f := parse(t, render(t, golden.Plan(t, "dual-region", irsa.ModePodIdentity)))
	regions := map[string]string{}
	for _, c := range topCalls(t, f, "ensure_association", "prune_associations") {
		regions[c[2]] = c[1]
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

// TestShellCheck runs ShellCheck over the script of every example, of
// the two-cluster example in Pod Identity mode, and of the plans with odd
// values and long names. ShellCheck takes about half a second per script,
// so it runs twice in parallel, on half of them each.
func TestShellCheck(t *testing.T) {
	scripts := map[string][]byte{
		"odd values/" + awscli.FileName:              render(t, load(t, oddValuesPlan)),
		"long names/" + awscli.FileName:              render(t, load(t, longNamesPlan)),
		"dual-region/podIdentity/" + awscli.FileName: render(t, golden.Plan(t, "dual-region", irsa.ModePodIdentity)),
	}
	for name := range golden.Topologies(t) {
		scripts[name+"/"+awscli.FileName] = render(t, golden.Plan(t, name, ""))
	}
	halves := []map[string][]byte{{}, {}}
	for i, name := range golden.Keys(scripts) {
		halves[i%2][name] = scripts[name]
	}
	for i, half := range halves {
		t.Run(fmt.Sprint(i+1), func(t *testing.T) {
			t.Parallel()
			shellcheck.Check(t, half)
		})
	}
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
