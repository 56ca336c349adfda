package lint

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/camunda-irsa/camunda-irsa/schema"
)

func realGrammar(t *testing.T) func(any) error {
	t.Helper()
	v, err := schema.New()
	require.NoError(t, err)
	return v.ValidatePolicy
}

// With the project's IAM schema as the grammar, every table case still
// behaves: the bad policy triggers its code and the near miss passes the
// schema too.
func TestCodesWithSchemaGrammar(t *testing.T) {
	grammar := realGrammar(t)
	for _, c := range cases {
		t.Run(c.code+"/"+c.name, func(t *testing.T) {
			opts := c.opts
			opts.Grammar = grammar
			bad := Policy("policy.json", []byte(c.bad), c.kind, opts)
			assert.Contains(t, codes(bad), c.code, "%v", bad)
			good := Policy("policy.json", []byte(c.good), c.kind, opts)
			assert.NotContains(t, codes(good), c.code, "%v", good)
			if c.code != CodeMalformedJSON {
				assert.NotContains(t, codes(good), CodeGrammar, "the schema rejects the near miss: %v", good)
			}
		})
	}
}

// Schema errors become one IAM002 finding each, attributed to their
// statement, in place of the built-in structural checks.
func TestSchemaGrammarFindings(t *testing.T) {
	doc := policy(`{"Sid":"S1","Effect":"Permit","Action":"rds-db:connect","Resource":` + q(dbUser) + `}`)
	fs := Policy("p.json", []byte(doc), Permission, Options{Grammar: realGrammar(t)})
	require.NotEmpty(t, fs)
	for _, f := range fs {
		assert.Equal(t, CodeGrammar, f.Code)
		assert.Equal(t, "S1", f.Statement)
		assert.Contains(t, f.Message, "Statement[0].Effect")
	}
}

// IAM accepts a policy without Version (reading it as 2008-10-17), so its
// absence is IAM005's warning alone, with the schema as the grammar too.
func TestMissingVersionOnlyWarns(t *testing.T) {
	doc := []byte(`{"Statement":[` + allow(q("rds-db:connect"), q(dbUser)) + `]}`)
	for name, grammar := range map[string]func(any) error{"built-in": nil, "schema": realGrammar(t)} {
		t.Run(name, func(t *testing.T) {
			fs := Policy("p.json", doc, Permission, Options{Grammar: grammar})
			assert.Equal(t, []string{CodePolicyVersion}, codes(fs), "%v", fs)
			assert.False(t, Failed(fs, false))
		})
	}
}
