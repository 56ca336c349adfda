// Package sql generates the PostgreSQL side of IAM database
// authentication on Aurora (--output sql): for every Aurora component of a
// plan, a login role without a password that is granted rds_iam (so it
// signs in with an IAM token only), its database, and the privileges to
// use it.
//
// The output is a psql script, not plain SQL: CREATE DATABASE cannot run
// inside a transaction or a DO block, so it is guarded with psql's \gexec,
// and the grant on each database's public schema needs \connect. Running
// it twice is safe; see Render.
package sql

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"
	"text/template"

	"github.com/camunda-irsa/camunda-irsa/internal/tmpl"
	"github.com/camunda-irsa/camunda-irsa/irsa"
)

// FileName is the name the script is written under (golden files,
// --out-dir).
const FileName = "database.sql"

// RDSIAMRole is the role Aurora and RDS define for IAM authentication: a
// member logs in with an IAM token and no longer with a password.
const RDSIAMRole = "rds_iam"

//go:embed database.sql.tmpl
var scriptTemplate string

// Error is a constant error of this package, comparable with errors.Is.
type Error string

func (e Error) Error() string { return string(e) }

// ErrNoDatabases is returned for a plan without Aurora components: there
// is nothing to set up in PostgreSQL.
const ErrNoDatabases Error = "the topology lists no Aurora component (keycloak, identity, webModeler): there is no database to set up"

// Render returns the psql script that creates every Aurora component's
// database user and database, in the fixed component order.
//
// For each component the script
//   - creates the user as a LOGIN role without a password, unless it
//     exists (a DO block looks it up in pg_roles); an existing role is
//     given LOGIN and loses any password, so that it signs in with an IAM
//     token only, and nothing else about it changes;
//   - grants it rds_iam;
//   - creates the database unless it exists (\gexec runs the CREATE
//     DATABASE that a SELECT produces only when pg_database lacks it);
//   - revokes CONNECT and TEMPORARY on the database from PUBLIC, which
//     PostgreSQL grants them by default, so that no other component's
//     user can open it;
//   - grants the user ALL PRIVILEGES ON DATABASE (CONNECT, CREATE, TEMP);
//   - connects to the database, revokes CREATE on its public schema from
//     PUBLIC (PostgreSQL grants it before version 15) and grants the user
//     ALL ON SCHEMA public.
//
// After the grants on the database and on the schema, a DO block checks
// that the user holds them, and raises an error naming the user and the
// database if not: on a database that exists and belongs to a role the
// master user is not a member of, GRANT only warns that it granted
// nothing, and psql would go on and succeed while the user cannot create
// a table. Taking the database over instead (ALTER DATABASE ... OWNER)
// would silently take it from whoever made it.
//
// Grants that are already in place are accepted again by PostgreSQL, so
// a second run changes nothing. Identifiers are always double-quoted
// (embedded quotes doubled), and catalog lookups compare string literals,
// so names with upper case, '-' or '$' are exact.
//
// The schema grant is needed from PostgreSQL 15 on, where PUBLIC may no
// longer create objects in the public schema and the schema belongs to
// the database owner. The alternative, creating the database with OWNER
// set to the user, would give the user the schema too, but it makes the
// user able to drop or reconfigure its database, and on Aurora it needs
// the master user to be a member of the new role first (PostgreSQL checks
// that the creator may SET ROLE to the owner), which rds_superuser does
// not grant by itself. The database therefore stays owned by the master
// user, as in the guide.
func Render(p *irsa.Plan) ([]byte, error) {
	if err := p.Check(); err != nil {
		return nil, err
	}
	dbs := p.Databases()
	if len(dbs) == 0 {
		return nil, ErrNoDatabases
	}
	aurora := p.Topology().Aurora
	v := view{Host: aurora.Endpoint, Port: aurora.Port, FileName: FileName, RDSIAMRole: RDSIAMRole, Steps: steps(dbs)}
	out, err := script.Render(v)
	if err != nil {
		return nil, fmt.Errorf("sql: %w", err)
	}
	return out, nil
}

// script is the psql script's template.
var script = tmpl.New(FileName, scriptTemplate, func(t *template.Template) template.FuncMap {
	return template.FuncMap{"ident": quoteIdent, "literal": quoteLiteral, "do": doBlock(t)}
})

// view is what the template formats.
type view struct {
	// Host and Port are the cluster (writer) endpoint the header tells
	// the user to connect to.
	Host       string
	Port       int
	FileName   string
	RDSIAMRole string
	Steps      []step
}

// step is one Aurora component and what the script does for it: users
// and databases that components share are created, and granted, once.
type step struct {
	irsa.Database
	NewUser, NewDatabase, NewGrant bool
}

// steps marks the first occurrence of each user, database and pair.
func steps(dbs []irsa.Database) []step {
	users, databases, grants := map[string]bool{}, map[string]bool{}, map[[2]string]bool{}
	out := make([]step, len(dbs))
	for i, d := range dbs {
		pair := [2]string{d.Name, d.User}
		out[i] = step{Database: d, NewUser: !users[d.User], NewDatabase: !databases[d.Name], NewGrant: !grants[pair]}
		users[d.User], databases[d.Name], grants[pair] = true, true, true
	}
	return out
}

// doBlock returns the template function that wraps the output of a named
// template in a DO block, dollar-quoted with a tag that the body does not
// hold. The names are known when the script is generated, so a block
// holds plain statements with the names quoted, not dynamic SQL: there
// is no EXECUTE and nothing inside a block is built at run time.
func doBlock(tmpl *template.Template) func(name string, data any) (string, error) {
	return func(name string, data any) (string, error) {
		var b strings.Builder
		if err := tmpl.ExecuteTemplate(&b, name, data); err != nil {
			return "", err
		}
		tag := dollarTag(b.String())
		return "DO " + tag + b.String() + tag + ";", nil
	}
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
