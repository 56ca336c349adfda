// Package sql generates the PostgreSQL side of IAM database
// authentication on Aurora (--output sql): for every Aurora component of a
// plan, a login role without a password that is granted rds_iam (so it
// signs in with an IAM token only), its database, and the privileges to
// use it.
//
// The output is a psql script, not plain SQL: CREATE DATABASE cannot run
// inside a transaction or a DO block, so it is guarded with psql's \gexec,
// and the grant on each database's public schema needs \connect. Running
// it twice is safe; see Generate.
package sql

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"github.com/camunda-irsa/camunda-irsa/irsa"
)

// FileName is the name the script is written under (golden files,
// --out-dir).
const FileName = "database.sql"

// RDSIAMRole is the role Aurora and RDS define for IAM authentication: a
// member logs in with an IAM token and no longer with a password.
const RDSIAMRole = "rds_iam"

// maxIdentifierBytes is PostgreSQL's identifier limit (NAMEDATALEN - 1).
// Longer names are silently truncated by the server, so that the catalog
// lookups that make the script re-runnable would miss the truncated
// object and the second run would fail on "already exists".
const maxIdentifierBytes = 63

// Error is a constant error of this package, comparable with errors.Is.
type Error string

func (e Error) Error() string { return string(e) }

// ErrNoDatabases is returned for a plan without Aurora components: there
// is nothing to set up in PostgreSQL.
const ErrNoDatabases Error = "the topology lists no Aurora component (keycloak, identity, webModeler): there is no database to set up"

// dbComponent is one Aurora component: who connects to which database.
type dbComponent struct {
	name     irsa.ComponentName
	user     string
	database string
}

// Generate returns the psql script that creates every Aurora component's
// database user and database, in the fixed component order.
//
// For each component the script
//   - creates the user as a LOGIN role without a password, unless it
//     exists (a DO block looks it up in pg_roles; an existing role that
//     cannot log in is given LOGIN, nothing else about it changes);
//   - grants it rds_iam;
//   - creates the database unless it exists (\gexec runs the CREATE
//     DATABASE that a SELECT produces only when pg_database lacks it);
//   - grants the user ALL PRIVILEGES ON DATABASE (CONNECT, CREATE, TEMP);
//   - connects to the database and grants the user ALL ON SCHEMA public.
//
// Grants that are already in place are accepted again by PostgreSQL, so
// a second run changes nothing. Identifiers are always double-quoted
// (embedded quotes doubled), and catalog lookups compare string literals,
// so names with upper case, '-', '$' or quotes are exact.
//
// The last step is needed from PostgreSQL 15 on, where PUBLIC may no
// longer create objects in the public schema and the schema belongs to
// the database owner. The alternative, creating the database with OWNER
// set to the user, would give the user the schema too, but it makes the
// user able to drop or reconfigure its database, and on Aurora it needs
// the master user to be a member of the new role first (PostgreSQL checks
// that the creator may SET ROLE to the owner), which rds_superuser does
// not grant by itself. The database therefore stays owned by the master
// user, as in the guide.
func Generate(p *irsa.Plan) ([]byte, error) {
	if p == nil {
		return nil, fmt.Errorf("sql: no plan")
	}
	comps := auroraComponents(p)
	if len(comps) == 0 {
		return nil, ErrNoDatabases
	}
	aurora := p.Topology.Aurora
	if aurora == nil {
		return nil, fmt.Errorf("sql: the plan lists Aurora components but no aurora block")
	}
	for _, c := range comps {
		if err := checkIdentifier(c.name, "dbUser", c.user); err != nil {
			return nil, err
		}
		if err := checkIdentifier(c.name, "database", c.database); err != nil {
			return nil, err
		}
	}

	var b bytes.Buffer
	writeHeader(&b, aurora)
	users, databases, grants := map[string]bool{}, map[string]bool{}, map[[2]string]bool{}
	for _, c := range comps {
		fmt.Fprintf(&b, "\n-- %s: database user %s, database %s.\n", c.name, quoteIdent(c.user), quoteIdent(c.database))
		if !users[c.user] {
			users[c.user] = true
			writeCreateRole(&b, c.user)
			fmt.Fprintf(&b, "GRANT %s TO %s;\n", quoteIdent(RDSIAMRole), quoteIdent(c.user))
		}
		if !databases[c.database] {
			databases[c.database] = true
			fmt.Fprintf(&b, "SELECT %s\nWHERE NOT EXISTS (SELECT FROM pg_catalog.pg_database WHERE datname = %s)\\gexec\n",
				quoteLiteral("CREATE DATABASE "+quoteIdent(c.database)), quoteLiteral(c.database))
		}
		if key := [2]string{c.database, c.user}; !grants[key] {
			grants[key] = true
			fmt.Fprintf(&b, "GRANT ALL PRIVILEGES ON DATABASE %s TO %s;\n", quoteIdent(c.database), quoteIdent(c.user))
			fmt.Fprintf(&b, "\\connect %s\n", quoteIdent(c.database))
			fmt.Fprintf(&b, "GRANT ALL ON SCHEMA %s TO %s;\n", quoteIdent("public"), quoteIdent(c.user))
		}
	}
	return b.Bytes(), nil
}

// auroraComponents lists the Aurora components in the fixed component
// order.
func auroraComponents(p *irsa.Plan) []dbComponent {
	var out []dbComponent
	for _, l := range p.Topology.Components.Listed() {
		if l.Purpose == irsa.PurposeAurora {
			out = append(out, dbComponent{name: l.Name, user: l.DBUser, database: l.Database})
		}
	}
	return out
}

// checkIdentifier rejects names the script could not handle exactly.
// Topology validation is stricter; this guards plans built by hand.
// A control character (a newline above all) would end a "--" comment or
// the \connect line early.
func checkIdentifier(comp irsa.ComponentName, field, v string) error {
	switch {
	case v == "":
		return fmt.Errorf("sql: components.%s.%s: must not be empty", comp, field)
	case len(v) > maxIdentifierBytes:
		return fmt.Errorf("sql: components.%s.%s: %q is %d bytes; PostgreSQL truncates identifiers to %d", comp, field, v, len(v), maxIdentifierBytes)
	case strings.ContainsFunc(v, unicode.IsControl):
		return fmt.Errorf("sql: components.%s.%s: %q holds a control character", comp, field, v)
	}
	return nil
}

func writeHeader(b *bytes.Buffer, a *irsa.Aurora) {
	host := a.Endpoint
	b.WriteString(`-- Generated by camunda-irsa. Do not edit: change the topology and render again.
--
-- Aurora PostgreSQL setup for IAM database authentication: one LOGIN role
-- per database user, without a password and granted rds_iam, so that it
-- signs in with an IAM token only; its database with all privileges; and
-- the right to create tables in that database's public schema.
--
-- This is a psql script (it uses \gexec and \connect). Run it as the
-- cluster's master user against the cluster (writer) endpoint:
--
`)
	// DDL fails on the reader endpoint, <name>.cluster-ro-<id>...; the
	// writer endpoint of the same cluster is <name>.cluster-<id>...
	writer := strings.Replace(host, ".cluster-ro-", ".cluster-", 1)
	fmt.Fprintf(b, "--   psql \"host=%s port=%d dbname=postgres user=<master user> sslmode=require\" -f %s\n", writer, port(a), FileName)
	if writer != host {
		fmt.Fprintf(b, "--\n-- (aurora.endpoint, %s, is the cluster's\n-- read-only endpoint; the command uses its writer endpoint.)\n", host)
	}
	b.WriteString(`--
-- psql asks for the master password (or reads PGPASSWORD or ~/.pgpass).
-- Running it again is safe: it creates only what is missing, and repeated
-- grants change nothing.
\set ON_ERROR_STOP on
`)
}

func port(a *irsa.Aurora) int {
	if a.Port == 0 {
		return irsa.DefaultAuroraPort
	}
	return a.Port
}

// writeCreateRole writes the DO block that creates the role if it is
// missing. The role name is known when the script is generated, so the
// block holds plain statements with the name quoted, not dynamic SQL:
// there is no EXECUTE and nothing inside the block is built at run time.
func writeCreateRole(b *bytes.Buffer, user string) {
	ident, lit := quoteIdent(user), quoteLiteral(user)
	body := fmt.Sprintf(`
BEGIN
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = %[2]s) THEN
    CREATE ROLE %[1]s LOGIN;
  ELSIF NOT (SELECT rolcanlogin FROM pg_catalog.pg_roles WHERE rolname = %[2]s) THEN
    ALTER ROLE %[1]s LOGIN;
  END IF;
END
`, ident, lit)
	tag := dollarTag(body)
	fmt.Fprintf(b, "DO %s%s%s;\n", tag, body, tag)
}

// dollarTag returns a dollar-quote delimiter that does not occur in body.
// Names may contain '$' (the topology allows it), so a fixed $$ could end
// the block in the middle of a name.
func dollarTag(body string) string {
	for i := 0; ; i++ {
		tag := "$do$"
		if i > 0 {
			tag = "$do" + strconv.Itoa(i) + "$"
		}
		if !strings.Contains(body, tag) {
			return tag
		}
	}
}

// quoteIdent double-quotes an identifier, doubling embedded quotes, so
// that PostgreSQL takes it verbatim: no case folding, no keyword clash.
func quoteIdent(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// quoteLiteral single-quotes a string literal like PostgreSQL's
// quote_literal: quotes are doubled, and a value with a backslash becomes
// an E'...' literal with the backslash doubled, which reads the same whatever
// standard_conforming_strings is set to.
func quoteLiteral(s string) string {
	q := "'" + strings.ReplaceAll(s, "'", "''") + "'"
	if strings.Contains(s, `\`) {
		return "E" + strings.ReplaceAll(q, `\`, `\\`)
	}
	return q
}
