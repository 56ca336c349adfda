package terraform

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zclconf/go-cty/cty"

	"github.com/camunda-irsa/camunda-irsa/internal/golden"
	"github.com/camunda-irsa/camunda-irsa/irsa"
)

// Generate builds its tokens by hand instead of with hclwrite's
// TokensFor* helpers, and no longer runs hclwrite.Format over its
// result. Formatting sets every token's spacing from the token types and
// bytes alone, so the output is unchanged when (1) the token types and
// bytes are those the helpers build, and (2) formatting the result again
// changes nothing. These tests hold both, besides the golden files.

// oddStrings need escaping in HCL or JSON, or are not ASCII, or read as
// HCL keywords or template sequences.
var oddStrings = []string{"", "a", "true", "null", "_x", "x-y", "9a", "a.b", "a:b/c", `"q"`, `back\slash`, "${var}", "%{if}", "$$", "%",
	"$", "a$\u0301", "%\u0301", "line\nbreak", "tab\t", "cr\r", "\x00\x7f", "\u2028", "é", "日本", "e\u0301", "🙂", "\xff", "a b", "<&>", strings64()}

func strings64() string { return "0123456789012345678901234567890123456789012345678901234567890123" }

func tokenString(toks hclwrite.Tokens) string {
	var b bytes.Buffer
	for _, t := range toks {
		fmt.Fprintf(&b, "%v %q\n", t.Type, t.Bytes)
	}
	return b.String()
}

func TestStringTokensAreTokensForValue(t *testing.T) {
	for _, s := range oddStrings {
		assert.Equal(t, tokenString(hclwrite.TokensForValue(cty.StringVal(s))), tokenString(stringTokens(s)), "%q", s)
	}
}

func TestValidIdentifierIsHCLs(t *testing.T) {
	alphabet := []string{"a", "Z", "_", "-", "0", "9", ".", ":", " ", "é", "\u0301", "$", "\x00"}
	check := func(s string) {
		assert.Equal(t, hclsyntax.ValidIdentifier(s), validIdentifier(s), "%q", s)
	}
	for c := range 0x80 {
		check(string(rune(c)))
		check("a" + string(rune(c)))
		check("_" + string(rune(c)) + "b")
	}
	for _, a := range alphabet {
		for _, b := range alphabet {
			for _, c := range alphabet {
				check(a + b + c)
			}
		}
	}
	for _, s := range oddStrings {
		check(s)
	}
}

// referenceJSONEncode is jsonencode as it was, with hclwrite's helpers.
func referenceJSONEncode(t testing.TB, doc irsa.PolicyDocument) hclwrite.Tokens {
	t.Helper()
	raw, err := json.Marshal(doc)
	require.NoError(t, err)
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var expr func() hclwrite.Tokens
	expr = func() hclwrite.Tokens {
		tok, err := dec.Token()
		require.NoError(t, err)
		switch v := tok.(type) {
		case json.Delim:
			if v == '{' {
				var attrs []hclwrite.ObjectAttrTokens
				for dec.More() {
					key, err := dec.Token()
					require.NoError(t, err)
					name := hclwrite.TokensForValue(cty.StringVal(key.(string)))
					if k := key.(string); k != "true" && k != "false" && k != "null" && hclsyntax.ValidIdentifier(k) {
						name = hclwrite.TokensForIdentifier(k)
					}
					attrs = append(attrs, hclwrite.ObjectAttrTokens{Name: name, Value: expr()})
				}
				_, err := dec.Token()
				require.NoError(t, err)
				return hclwrite.TokensForObject(attrs)
			}
			var elems []hclwrite.Tokens
			for dec.More() {
				elems = append(elems, expr())
			}
			_, err := dec.Token()
			require.NoError(t, err)
			if len(elems) == 0 {
				return hclwrite.TokensForTuple(nil)
			}
			toks := hclwrite.Tokens{{Type: hclsyntax.TokenOBrack, Bytes: []byte("[")}, {Type: hclsyntax.TokenNewline, Bytes: []byte("\n")}}
			for _, e := range elems {
				toks = append(append(toks, e...), &hclwrite.Token{Type: hclsyntax.TokenComma, Bytes: []byte(",")},
					&hclwrite.Token{Type: hclsyntax.TokenNewline, Bytes: []byte("\n")})
			}
			return append(toks, &hclwrite.Token{Type: hclsyntax.TokenCBrack, Bytes: []byte("]")})
		case string:
			return hclwrite.TokensForValue(cty.StringVal(v))
		case nil:
			return hclwrite.TokensForValue(cty.NullVal(cty.DynamicPseudoType))
		}
		t.Fatalf("unexpected %T in policy JSON", tok)
		return nil
	}
	return hclwrite.TokensForFunctionCall("jsonencode", expr())
}

// oddPolicy uses every part of a policy, with s wherever a string goes.
func oddPolicy(s string) irsa.PolicyDocument {
	return irsa.NewPolicy(
		irsa.Statement{Sid: s, Effect: irsa.Effect(s), Action: irsa.Strings{s}, Resource: irsa.Strings{s, s + "2"},
			Principal: &irsa.Principal{AWS: irsa.Strings{s}, Federated: irsa.Strings{}, Service: irsa.Strings{s, "x"}},
			Condition: irsa.Condition{s: {s: irsa.Strings{s}, "k": nil}, "StringEquals": {"true": irsa.Strings{}}}},
		irsa.Allowing("", nil),
	)
}

// examplePlans plans every example in both modes.
func examplePlans(t testing.TB) []*irsa.Plan {
	t.Helper()
	var plans []*irsa.Plan
	for name, top := range golden.Topologies(t) {
		for _, mode := range []irsa.Mode{irsa.ModeIRSA, irsa.ModePodIdentity} {
			top.Mode = mode
			plan, err := irsa.NewPlan(top)
			require.NoError(t, err, name)
			plans = append(plans, plan)
		}
	}
	return plans
}

func checkJSONEncode(t testing.TB, doc irsa.PolicyDocument) {
	t.Helper()
	got, err := jsonencode(doc)
	require.NoError(t, err)
	assert.Equal(t, tokenString(referenceJSONEncode(t, doc)), tokenString(got))
}

func TestJSONEncodeTokensAreTheHelpers(t *testing.T) {
	for _, p := range examplePlans(t) {
		for _, r := range p.Roles {
			checkJSONEncode(t, r.TrustPolicy)
			checkJSONEncode(t, r.PermissionPolicy)
		}
	}
	for _, s := range oddStrings {
		checkJSONEncode(t, oddPolicy(s))
	}
	checkJSONEncode(t, irsa.PolicyDocument{})
}

// oddPlan is a hand-built plan with s in every string Generate writes.
func oddPlan(s string) *irsa.Plan {
	top := irsa.Topology{AWS: irsa.AWS{AccountID: s, Region: "eu-west-1"},
		Clusters: []irsa.Cluster{{Name: s, Region: s}, {Name: "c2"}}}
	role := func(name string) irsa.Role {
		return irsa.Role{Name: name, ARN: s, Path: s, PermissionsBoundary: s, MaxSessionDuration: 3600,
			Tags:            map[string]string{s: s, "b": s, "a b": "c"},
			ServiceAccounts: []irsa.ServiceAccountRef{{Namespace: s, Name: s}},
			TrustPolicy:     oddPolicy(s), PermissionPolicy: oddPolicy(s + "p"), Notes: []string{s, "note"}}
	}
	return &irsa.Plan{Topology: top, Roles: []irsa.Role{role(s), role(s + "-2"), role("plain")},
		Associations: []irsa.PodIdentityAssociation{
			{ClusterName: s, Namespace: s, ServiceAccount: s, RoleName: s, RoleARN: s},
			{ClusterName: "c2", Namespace: "ns", ServiceAccount: s, RoleName: "plain", RoleARN: "arn"}}}
}

// checkFormatted: Generate used to end with hclwrite.Format, which it
// now runs only on output that is not all ASCII. Formatting its output
// again must change nothing: for ASCII that shows that leaving Format out
// changed no byte; beyond ASCII it fails where Format was needed and not
// run (FuzzGenerateTokens found "a$\u0301" in a quoted key).
func checkFormatted(t testing.TB, p *irsa.Plan) {
	t.Helper()
	out, err := Generate(p)
	require.NoError(t, err)
	assert.Equal(t, string(hclwrite.Format(out)), string(out), "hclwrite.Format would change the output")
}

// TestGenerateIsFormatted: formatting Generate's output again changes
// nothing (see checkFormatted).
func TestGenerateIsFormatted(t *testing.T) {
	for _, p := range examplePlans(t) {
		checkFormatted(t, p)
	}
	for _, s := range oddStrings {
		checkFormatted(t, oddPlan(s))
	}
}

func FuzzGenerateTokens(f *testing.F) {
	for _, s := range oddStrings {
		f.Add(s)
	}
	// The ASCII image of each input too: Generate skips hclwrite.Format
	// exactly when its output is ASCII.
	ascii := func(s string) string {
		return strings.Map(func(r rune) rune { return r % 0x80 }, s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, s := range []string{s, ascii(s)} {
			assert.Equal(t, tokenString(hclwrite.TokensForValue(cty.StringVal(s))), tokenString(stringTokens(s)))
			assert.Equal(t, hclsyntax.ValidIdentifier(s), validIdentifier(s))
			checkJSONEncode(t, oddPolicy(s))
			checkFormatted(t, oddPlan(s))
		}
	})
}
