package sql

import (
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

// plan plans a topology with the given Aurora components, each a line
// of the components block.
func plan(t *testing.T, components string) *irsa.Plan {
	t.Helper()
	p, err := irsa.Load([]byte(`apiVersion: camunda-irsa/v1
kind: Topology
chart: "8.8"
namespace: camunda
aws: {accountID: "123456789012", region: eu-central-1}
cluster: {name: camunda, oidcIssuer: https://oidc.eks.eu-central-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF}
aurora: {endpoint: db.cluster-abc.eu-central-1.rds.amazonaws.com, clusterResourceID: "*"}
opensearch: {domain: camunda, endpoint: search.example.eu-central-1.es.amazonaws.com}
components:
` + components))
	require.NoError(t, err)
	return p
}

// TestRenderQuotesEveryIdentifier checks the statements for names with
// '-', '$', the DO block's own dollar tag and upper case: every
// identifier is double-quoted, every catalog lookup compares a
// single-quoted literal, and the DO block's delimiter does not occur
// inside it.
func TestRenderQuotesEveryIdentifier(t *testing.T) {
	out, err := Render(plan(t, `  keycloak: {serviceAccount: kc, dbUser: "Kc-User$do$", database: "Kc-DB$x"}`))
	require.NoError(t, err)
	s := string(out)
	for _, want := range []string{
		`CREATE ROLE "Kc-User$do$" LOGIN;`,
		`ALTER ROLE "Kc-User$do$" LOGIN PASSWORD NULL;`,
		`WHERE rolname = 'Kc-User$do$'`,
		`GRANT "rds_iam" TO "Kc-User$do$";`,
		`SELECT 'CREATE DATABASE "Kc-DB$x"'`,
		`WHERE datname = 'Kc-DB$x')\gexec`,
		`GRANT ALL PRIVILEGES ON DATABASE "Kc-DB$x" TO "Kc-User$do$";`,
		`\connect "Kc-DB$x"`,
		`GRANT ALL ON SCHEMA "public" TO "Kc-User$do$";`,
		`REVOKE CONNECT, TEMPORARY ON DATABASE "Kc-DB$x" FROM PUBLIC;`,
		`pg_catalog.has_database_privilege('Kc-User$do$', 'Kc-DB$x', 'CONNECT')`,
		`pg_catalog.has_schema_privilege('Kc-User$do$', 'public', 'CREATE')`,
		`'"Kc-User$do$"', '"Kc-DB$x"'`,
		"DO $do1$\n",
		"END\n$do1$;\n",
	} {
		assert.Contains(t, s, want)
	}
	// No identifier appears unquoted.
	assert.NotContains(t, s, "TO Kc")
	assert.NotContains(t, s, "ROLE Kc")
}

func TestRenderDeduplicatesSharedUsersAndDatabases(t *testing.T) {
	out, err := Render(plan(t, `  keycloak: {serviceAccount: kc, dbUser: shared_user, database: shared_db}
  identity: {serviceAccount: identity, dbUser: shared_user, database: shared_db}
  webModeler: {serviceAccount: wm, dbUser: wm_user, database: shared_db}
`))
	require.NoError(t, err)
	s := string(out)
	assert.Equal(t, 1, strings.Count(s, `CREATE ROLE "shared_user"`))
	assert.Equal(t, 1, strings.Count(s, `CREATE ROLE "wm_user"`))
	assert.Equal(t, 1, strings.Count(s, `CREATE DATABASE "shared_db"`))
	assert.Equal(t, 1, strings.Count(s, `ON DATABASE "shared_db" TO "shared_user"`))
	assert.Equal(t, 1, strings.Count(s, `ON DATABASE "shared_db" TO "wm_user"`))
	assert.Equal(t, 1, strings.Count(s, `GRANT ALL ON SCHEMA "public" TO "wm_user"`))
	assert.Equal(t, 1, strings.Count(s, `REVOKE CONNECT, TEMPORARY ON DATABASE "shared_db" FROM PUBLIC`))
	assert.Equal(t, 1, strings.Count(s, `REVOKE CREATE ON SCHEMA "public" FROM PUBLIC`))
}

func TestRenderRejects(t *testing.T) {
	for _, p := range []*irsa.Plan{nil, {}} {
		_, err := Render(p)
		assert.ErrorIs(t, err, irsa.ErrNoPlan)
	}
	_, err := Render(plan(t, "  orchestration: {serviceAccount: orchestration}\n"))
	assert.ErrorIs(t, err, ErrNoDatabases)
}

// TestHeaderNamesTheEndpoint: the psql command in the header connects to
// the topology's endpoint, on PostgreSQL's port when the topology sets
// none.
func TestHeaderNamesTheEndpoint(t *testing.T) {
	out, err := Render(plan(t, "  keycloak: {serviceAccount: kc, dbUser: u, database: db}\n"))
	require.NoError(t, err)
	assert.Contains(t, string(out), `psql "host=db.cluster-abc.eu-central-1.rds.amazonaws.com port=5432 dbname=postgres user=<master user> sslmode=require" -f database.sql`)
}
