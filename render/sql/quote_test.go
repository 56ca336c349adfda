package sql

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/camunda-irsa/camunda-irsa/irsa"
)

func TestQuoteIdent(t *testing.T) {
	for in, want := range map[string]string{
		"keycloak":     `"keycloak"`,
		"Web-Modeler":  `"Web-Modeler"`, // upper case kept, '-' allowed
		`say "hi"`:     `"say ""hi"""`,
		`"`:            `""""`,
		"user":         `"user"`, // a reserved word, harmless when quoted
		"a$$b":         `"a$$b"`,
		`back\slash`:   `"back\slash"`,
		"O'Brien":      `"O'Brien"`,
		"Ünïcødé-name": `"Ünïcødé-name"`,
	} {
		assert.Equal(t, want, quoteIdent(in), in)
	}
}

func TestQuoteLiteral(t *testing.T) {
	for in, want := range map[string]string{
		"keycloak":   `'keycloak'`,
		"O'Brien":    `'O''Brien'`,
		`say "hi"`:   `'say "hi"'`,
		`back\slash`: `E'back\\slash'`,
		`it's \ok`:   `E'it''s \\ok'`,
	} {
		assert.Equal(t, want, quoteLiteral(in), in)
	}
}

func TestDollarTagAvoidsTheBody(t *testing.T) {
	assert.Equal(t, "$do$", dollarTag("CREATE ROLE \"a$$b\""))
	assert.Equal(t, "$do1$", dollarTag("CREATE ROLE \"x$do$y\""))
	assert.Equal(t, "$do2$", dollarTag("\"$do$\" \"$do1$\""))
}

// handPlan builds a plan around one component without validating it, as
// a library user could, to reach names the topology schema refuses.
func handPlan(user, database string) *irsa.Plan {
	return &irsa.Plan{Topology: irsa.Topology{
		Aurora: &irsa.Aurora{Endpoint: "db.cluster-abc.eu-central-1.rds.amazonaws.com", Port: 5432},
		Components: irsa.Components{
			Keycloak: &irsa.DatabaseComponent{ServiceAccount: "keycloak", DBUser: user, Database: database},
		},
	}}
}

// TestGenerateQuotesEveryIdentifier checks the statements for names with
// quotes, '-', '$' and upper case: every identifier is double-quoted with
// its quotes doubled, every catalog lookup compares a single-quoted
// literal, and the DO block's delimiter does not occur inside it.
func TestGenerateQuotesEveryIdentifier(t *testing.T) {
	user, db := `Kc-"User"$$`, `Kc-DB's "x"`
	out, err := Generate(handPlan(user, db))
	require.NoError(t, err)
	s := string(out)
	for _, want := range []string{
		`CREATE ROLE "Kc-""User""$$" LOGIN;`,
		`ALTER ROLE "Kc-""User""$$" LOGIN;`,
		`WHERE rolname = 'Kc-"User"$$'`,
		`GRANT "rds_iam" TO "Kc-""User""$$";`,
		`SELECT 'CREATE DATABASE "Kc-DB''s ""x"""'`,
		`WHERE datname = 'Kc-DB''s "x"')\gexec`,
		`GRANT ALL PRIVILEGES ON DATABASE "Kc-DB's ""x""" TO "Kc-""User""$$";`,
		`\connect "Kc-DB's ""x"""`,
		`GRANT ALL ON SCHEMA "public" TO "Kc-""User""$$";`,
		"DO $do$\n",
		"END\n$do$;\n",
	} {
		assert.Contains(t, s, want)
	}
	// No identifier appears unquoted: every occurrence of the names'
	// distinctive parts is inside a quoted form.
	assert.NotContains(t, s, "TO Kc")
	assert.NotContains(t, s, "ROLE Kc")
}

func TestGenerateDeduplicatesSharedUsersAndDatabases(t *testing.T) {
	p := handPlan("shared_user", "shared_db")
	p.Topology.Components.Identity = &irsa.DatabaseComponent{ServiceAccount: "identity", DBUser: "shared_user", Database: "shared_db"}
	p.Topology.Components.WebModeler = &irsa.DatabaseComponent{ServiceAccount: "wm", DBUser: "wm_user", Database: "shared_db"}
	out, err := Generate(p)
	require.NoError(t, err)
	s := string(out)
	assert.Equal(t, 1, strings.Count(s, `CREATE ROLE "shared_user"`))
	assert.Equal(t, 1, strings.Count(s, `CREATE ROLE "wm_user"`))
	assert.Equal(t, 1, strings.Count(s, `CREATE DATABASE "shared_db"`))
	assert.Equal(t, 1, strings.Count(s, `ON DATABASE "shared_db" TO "shared_user"`))
	assert.Equal(t, 1, strings.Count(s, `ON DATABASE "shared_db" TO "wm_user"`))
	assert.Equal(t, 1, strings.Count(s, `ON SCHEMA "public" TO "wm_user"`))
}

func TestGenerateRejects(t *testing.T) {
	_, err := Generate(nil)
	assert.Error(t, err)

	_, err = Generate(&irsa.Plan{})
	assert.True(t, errors.Is(err, ErrNoDatabases), "%v", err)

	for name, p := range map[string]*irsa.Plan{
		"empty user":     handPlan("", "db"),
		"empty database": handPlan("u", ""),
		"64-byte name":   handPlan(strings.Repeat("u", 64), "db"),
		"newline":        handPlan("u\n\\! rm -rf /", "db"),
		"NUL":            handPlan("u\x00", "db"),
	} {
		_, err := Generate(p)
		assert.Error(t, err, name)
	}
	_, err = Generate(handPlan(strings.Repeat("u", 63), "db"))
	assert.NoError(t, err, "63 bytes is PostgreSQL's limit and allowed")

	noAurora := handPlan("u", "db")
	noAurora.Topology.Aurora = nil
	_, err = Generate(noAurora)
	assert.Error(t, err)
}

func TestHeaderUsesTheWriterEndpoint(t *testing.T) {
	p := handPlan("u", "db")
	p.Topology.Aurora.Endpoint = "app.cluster-ro-abc.eu-central-1.rds.amazonaws.com"
	p.Topology.Aurora.Port = 0
	out, err := Generate(p)
	require.NoError(t, err)
	assert.Contains(t, string(out), `psql "host=app.cluster-abc.eu-central-1.rds.amazonaws.com port=5432 dbname=postgres user=<master user> sslmode=require" -f database.sql`)
	assert.Contains(t, string(out), "read-only endpoint")
}
