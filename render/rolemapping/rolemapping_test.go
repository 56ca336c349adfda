package rolemapping_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"mvdan.cc/sh/v3/expand"
	"mvdan.cc/sh/v3/syntax"

	"github.com/camunda-irsa/camunda-irsa/internal/golden"
	"github.com/camunda-irsa/camunda-irsa/internal/shellcheck"
	"github.com/camunda-irsa/camunda-irsa/irsa"
	"github.com/camunda-irsa/camunda-irsa/render/rolemapping"
)

// TestGolden pins the artifact of every example on every chart line it
// is valid for.
func TestGolden(t *testing.T) {
	golden.Pin(t, golden.Artifact{File: rolemapping.FileName, Generate: func(p *irsa.Plan) ([]byte, error) { return rolemapping.Render(p, "") },
		NotApplicable: []error{rolemapping.ErrNoOpenSearch}})
}

// parsed is what the tests read out of a generated script.
type parsed struct {
	file    *syntax.File
	assigns map[string]string   // top-level variable assignments, expanded
	hdocs   map[string][]string // heredoc bodies by delimiter, in order
	calls   [][]*syntax.Word    // every simple command, with its arguments
}

func parseScript(t *testing.T, script []byte) parsed {
	t.Helper()
	f, err := syntax.NewParser(syntax.Variant(syntax.LangBash)).Parse(strings.NewReader(string(script)), rolemapping.FileName)
	require.NoError(t, err, "the script parses as bash")
	p := parsed{file: f, assigns: map[string]string{}, hdocs: map[string][]string{}}
	for _, stmt := range f.Stmts {
		call, ok := stmt.Cmd.(*syntax.CallExpr)
		if ok && len(call.Args) == 0 {
			for _, a := range call.Assigns {
				if a.Value != nil && isLiteral(a.Value) {
					// Fields, unlike Literal, does the quote removal bash
					// does ('\'' included); with a nil config it neither
					// globs nor reads the environment.
					v, err := expand.Fields(nil, a.Value)
					require.NoError(t, err)
					require.Len(t, v, 1)
					p.assigns[a.Name.Value] = v[0]
				}
			}
		}
	}
	syntax.Walk(f, func(n syntax.Node) bool {
		switch n := n.(type) {
		case *syntax.Redirect:
			if n.Op == syntax.Hdoc {
				// A quoted delimiter ('PATCH') keeps the body literal.
				require.Len(t, n.Word.Parts, 1)
				_, quoted := n.Word.Parts[0].(*syntax.SglQuoted)
				require.True(t, quoted, "heredoc delimiters are quoted, so nothing in the body expands")
				delim := n.Word.Parts[0].(*syntax.SglQuoted).Value
				p.hdocs[delim] = append(p.hdocs[delim], n.Hdoc.Lit())
			}
		case *syntax.CallExpr:
			if len(n.Args) > 0 {
				p.calls = append(p.calls, n.Args)
			}
		}
		return true
	})
	return p
}

// isLiteral reports whether a word holds no expansion: only literal text
// and quotes.
func isLiteral(w *syntax.Word) bool {
	for _, part := range w.Parts {
		switch part := part.(type) {
		case *syntax.Lit, *syntax.SglQuoted:
		case *syntax.DblQuoted:
			for _, inner := range part.Parts {
				if _, ok := inner.(*syntax.Lit); !ok {
					return false
				}
			}
		default:
			return false
		}
	}
	return true
}

func printWord(w *syntax.Word) string {
	var b strings.Builder
	_ = syntax.NewPrinter().Print(&b, w)
	return b.String()
}

// openSearchARNs lists the ARNs of a plan's OpenSearch roles in plan
// order (by name).
func openSearchARNs(p *irsa.Plan) []string {
	var arns []string
	for _, r := range p.RolesWith(irsa.GrantOpenSearchHTTP) {
		arns = append(arns, r.ARN)
	}
	return arns
}

// splitPlan is full-8.7 trusted from two clusters, with service account
// names so long that the OpenSearch role's trust policy exceeds IAM's
// quota and the plan splits it into numbered roles.
func splitPlan(t *testing.T) *irsa.Plan {
	t.Helper()
	top := golden.Topologies(t)["full-8.7"]
	top.Clusters = []irsa.Cluster{top.Cluster, {Name: "camunda-green", Region: "eu-west-1",
		OIDCIssuer: "https://oidc.eks.eu-west-1.amazonaws.com/id/FEDCBA9876543210FEDCBA9876543210"}}
	top.Cluster = irsa.Cluster{}
	for i, c := range []*irsa.Component{top.Components.Zeebe, top.Components.Operate, top.Components.Tasklist, top.Components.Optimize} {
		c.ServiceAccount = strings.Repeat(string(rune('a'+i)), 120) + "-sa"
	}
	plan, err := irsa.NewPlan(top)
	require.NoError(t, err)
	require.Greater(t, len(openSearchARNs(plan)), 1, "the plan splits the OpenSearch role")
	return plan
}

func TestScript(t *testing.T) {
	plans := golden.Plans(t)
	plans["split role"] = splitPlan(t)
	for _, key := range golden.Keys(plans) {
		plan := plans[key]
		arns := openSearchARNs(plan)
		if len(arns) == 0 {
			continue
		}
		t.Run(key, func(t *testing.T) {
			script, err := rolemapping.Render(plan, "")
			require.NoError(t, err)
			p := parseScript(t, beforeSnapshots(script))
			assert.Equal(t, rolemapping.DefaultInternalRole, p.assigns["internal_role"])

			// One append_unless_mapped per ARN, each with the JSON Patch
			// that appends exactly that ARN on its standard input.
			var appended []string
			for _, args := range p.calls {
				if args[0].Lit() == "append_unless_mapped" {
					require.Len(t, args, 2)
					v, err := expand.Fields(nil, args[1])
					require.NoError(t, err)
					appended = append(appended, v...)
				}
			}
			assert.Equal(t, arns, appended)
			require.Len(t, p.hdocs["PATCH"], len(arns))
			for i, body := range p.hdocs["PATCH"] {
				var patch []map[string]any
				require.NoError(t, json.Unmarshal([]byte(body), &patch), "the PATCH body is JSON")
				assert.Equal(t, []map[string]any{{"op": "add", "path": "/backend_roles/-", "value": arns[i]}}, patch,
					"a JSON Patch that appends the role's ARN to backend_roles")
			}
			require.Len(t, p.hdocs["CREATE"], 1)
			var create map[string][]string
			require.NoError(t, json.Unmarshal([]byte(p.hdocs["CREATE"][0]), &create), "the PUT body is JSON")
			assert.Equal(t, map[string][]string{"backend_roles": arns}, create)

			// Every curl authenticates with the master user from the
			// environment and nothing else: no literal credential, no
			// Authorization header.
			curls := 0
			for _, args := range p.calls {
				if args[0].Lit() != "curl" {
					continue
				}
				curls++
				var auth []string
				for i, a := range args {
					if a.Lit() == "-u" && i+1 < len(args) {
						auth = append(auth, printWord(args[i+1]))
					}
					assert.NotContains(t, strings.ToLower(printWord(a)), "authorization")
				}
				assert.Equal(t, []string{`"$OPENSEARCH_MASTER_USER:$OPENSEARCH_MASTER_PASSWORD"`}, auth)
				assert.Equal(t, `"$url"`, printWord(args[len(args)-1]))
			}
			assert.Equal(t, 3, curls, "GET, PATCH and PUT")
			assert.NotContains(t, string(script), "password=")
			assert.Contains(t, string(script), `url="https://${OPENSEARCH_ENDPOINT}"'/_plugins/_security/api/rolesmapping/all_access'`)
			assert.Contains(t, string(script), "OPENSEARCH_ENDPOINT=${OPENSEARCH_ENDPOINT:-'"+plan.Topology().OpenSearch.Endpoint+"'}")
		})
	}
}

// TestInternalRoleIsQuoted: a role name that tries to break out of the
// shell quotes or the URL path stays one literal value.
func TestInternalRoleIsQuoted(t *testing.T) {
	plan := golden.Plans(t)["full/8.8"]
	require.NotNil(t, plan)
	evil := `x'; rm -rf / #/../$(id)"`
	script, err := rolemapping.Render(plan, evil)
	require.NoError(t, err)
	p := parseScript(t, script)
	assert.Equal(t, evil, p.assigns["internal_role"])
	for _, args := range p.calls {
		assert.NotEqual(t, "rm", args[0].Lit())
		assert.NotEqual(t, "id", args[0].Lit())
	}
	assert.Contains(t, string(script), `'/_plugins/_security/api/rolesmapping/x%27%3B%20rm%20-rf%20%2F%20%23%2F..%2F$%28id%29%22'`)
}

// TestShellCheck runs ShellCheck over the script of every example on
// every chart line, the split role and an internal role full of shell
// syntax.
func TestShellCheck(t *testing.T) {
	plans := golden.Plans(t)
	plans["split/role"] = splitPlan(t)
	scripts := map[string][]byte{}
	for key, plan := range plans {
		if len(openSearchARNs(plan)) == 0 {
			continue
		}
		script, err := rolemapping.Render(plan, "")
		require.NoError(t, err)
		scripts[key+"/"+rolemapping.FileName] = script
	}
	script, err := rolemapping.Render(plans["full/8.8"], `x'; rm -rf / #/../$(id)"`)
	require.NoError(t, err)
	scripts["odd internal role/"+rolemapping.FileName] = script
	shellcheck.Check(t, scripts)
}

func TestErrors(t *testing.T) {
	plans := golden.Plans(t)
	_, err := rolemapping.Render(plans["aurora-only/8.8"], "")
	assert.True(t, errors.Is(err, rolemapping.ErrNoOpenSearch), "%v", err)
	for _, p := range []*irsa.Plan{nil, {}} {
		_, err = rolemapping.Render(p, "")
		assert.ErrorIs(t, err, irsa.ErrNoPlan)
	}
	for _, bad := range []string{".", "..", "a\nb"} {
		_, err = rolemapping.Render(plans["full/8.8"], bad)
		assert.Error(t, err, "%q", bad)
	}
}
