package sql_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/camunda-irsa/camunda-irsa/internal/golden"
	"github.com/camunda-irsa/camunda-irsa/irsa"
	"github.com/camunda-irsa/camunda-irsa/render/sql"
)

// postgresEnv names the server the live test uses: a libpq URI or
// key=value string for a superuser, e.g. the one .ci/postgres.sh exports.
const postgresEnv = "CAMUNDA_IRSA_TEST_POSTGRES"

// TestAgainstPostgreSQL runs the generated script twice through psql, the
// way the header tells users to, against a real server, then checks the
// result in the catalog. Every run uses fresh names (the examples' names
// with a random suffix) and drops what it created, so runs on the same
// server neither collide nor pile up.
func TestAgainstPostgreSQL(t *testing.T) {
	dsn := os.Getenv(postgresEnv)
	if dsn == "" {
		t.Skip("CAMUNDA_IRSA_TEST_POSTGRES not set: start a server with .ci/postgres.sh")
	}
	psql, err := exec.LookPath("psql")
	require.NoError(t, err, "psql must be installed to run the script (it uses \\gexec and \\connect)")

	ensureRDSIAM(t, connect(t, dsn))

	cases := map[string]*irsa.Plan{}
	for name, top := range golden.Topologies(t) {
		if top.Aurora == nil {
			continue
		}
		cases[name] = suffixed(t, top, randomSuffix(t))
	}
	// Names validation allows that need quoting everywhere: upper case,
	// '-', '$' and the DO block's own dollar tag, one user shared by two
	// components, one database by two users.
	sfx := randomSuffix(t)
	cases["odd names"] = load(t, `apiVersion: camunda-irsa/v1
kind: Topology
chart: "8.8"
namespace: camunda
aws: {accountID: "123456789012", region: eu-central-1}
cluster: {name: camunda, oidcIssuer: https://oidc.eks.eu-central-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF}
aurora: {endpoint: db.cluster-abc.eu-central-1.rds.amazonaws.com, clusterResourceID: "*"}
components:
  keycloak: {serviceAccount: kc, dbUser: "Shared-User$$`+sfx+`", database: "Key-Cloak$do$DB`+sfx+`"}
  identity: {serviceAccount: identity, dbUser: "Shared-User$$`+sfx+`", database: "Identity-DB`+sfx+`"}
  webModeler: {serviceAccount: wm, dbUser: "Web-Modeler$do$`+sfx+`", database: "Identity-DB`+sfx+`"}
`)

	names := make([]string, 0, len(cases))
	for name := range cases {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		plan := cases[name]
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx := t.Context()
			admin := connect(t, dsn)
			users, databases := namesOf(plan)
			t.Cleanup(func() { dropAll(t, dsn, users, databases) })

			if name == "odd names" {
				// A role that exists but cannot log in takes the script's
				// other path: it is given LOGIN, not created again.
				_, err := admin.Exec(ctx, "CREATE ROLE "+pgx.Identifier{users[0]}.Sanitize()+" NOLOGIN")
				require.NoError(t, err)
			}
			script, err := sql.Render(plan)
			require.NoError(t, err)
			path := filepath.Join(t.TempDir(), sql.FileName)
			require.NoError(t, os.WriteFile(path, script, 0o600))
			for run := 1; run <= 2; run++ {
				// As the header says: psql -f, no -v ON_ERROR_STOP; the
				// script sets that itself. -X keeps ~/.psqlrc out.
				out, err := exec.CommandContext(ctx, psql, "-X", "-q", "-d", dsn, "-f", path).CombinedOutput()
				require.NoError(t, err, "run %d of psql -f %s:\n%s", run, sql.FileName, out)
				assert.NotContains(t, string(out), "ERROR", "run %d", run)
			}

			for _, u := range users {
				var canLogin, noPassword bool
				require.NoError(t, admin.QueryRow(ctx,
					`SELECT rolcanlogin, rolpassword IS NULL FROM pg_catalog.pg_authid WHERE rolname = $1`, u).
					Scan(&canLogin, &noPassword), "role %q", u)
				assert.True(t, canLogin, "role %q can log in", u)
				assert.True(t, noPassword, "role %q has no password", u)

				var grants int
				require.NoError(t, admin.QueryRow(ctx, `
					SELECT count(*) FROM pg_catalog.pg_auth_members m
					JOIN pg_catalog.pg_roles g ON g.oid = m.roleid
					JOIN pg_catalog.pg_roles u ON u.oid = m.member
					WHERE g.rolname = $1 AND u.rolname = $2`, sql.RDSIAMRole, u).Scan(&grants))
				assert.Equal(t, 1, grants, "%q is a member of rds_iam, once", u)
			}
			for _, c := range plan.Databases() {
				var create, connect, temp bool
				err := admin.QueryRow(ctx, `
					SELECT has_database_privilege(r.oid, d.oid, 'CREATE'),
					       has_database_privilege(r.oid, d.oid, 'CONNECT'),
					       has_database_privilege(r.oid, d.oid, 'TEMP')
					FROM pg_catalog.pg_roles r, pg_catalog.pg_database d
					WHERE r.rolname = $1 AND d.datname = $2`, c.User, c.Name).Scan(&create, &connect, &temp)
				require.NoError(t, err, "user %q, database %q exist", c.User, c.Name)
				assert.True(t, create && connect && temp, "%q has CREATE, CONNECT, TEMP on %q: %v %v %v",
					c.User, c.Name, create, connect, temp)
				createTableAs(t, dsn, c.Name, c.User)
			}
		})
	}
}

// connect opens a connection that the test's cleanup closes. Parallel
// subtests each need their own: a pgx.Conn is not safe for concurrent use.
func connect(t *testing.T, dsn string) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(t.Context(), dsn)
	require.NoError(t, err)
	t.Cleanup(func() { _ = conn.Close(context.Background()) })
	return conn
}

// ensureRDSIAM creates the rds_iam role Aurora has built in. Concurrent
// test processes may race to create it; losing the race is fine.
func ensureRDSIAM(t *testing.T, admin *pgx.Conn) {
	t.Helper()
	_, err := admin.Exec(t.Context(), `
		DO $$
		BEGIN
		  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'rds_iam') THEN
		    CREATE ROLE rds_iam NOLOGIN;
		  END IF;
		EXCEPTION WHEN duplicate_object OR unique_violation THEN
		  NULL;
		END
		$$`)
	require.NoError(t, err)
}

// createTableAs proves that the user can create a table in the public
// schema of its database, which PostgreSQL 15+ no longer allows PUBLIC.
func createTableAs(t *testing.T, dsn, database, user string) {
	t.Helper()
	ctx := t.Context()
	cfg, err := pgx.ParseConfig(dsn)
	require.NoError(t, err)
	cfg.Database = database
	conn, err := pgx.ConnectConfig(ctx, cfg)
	require.NoError(t, err, "connect to %q", database)
	defer func() { _ = conn.Close(context.Background()) }()
	table := "probe_" + randomSuffix(t)
	_, err = conn.Exec(ctx, "SET ROLE "+pgx.Identifier{user}.Sanitize())
	require.NoError(t, err)
	_, err = conn.Exec(ctx, "CREATE TABLE "+pgx.Identifier{"public", table}.Sanitize()+" (id int)")
	require.NoError(t, err, "%q creates a table in %q.public", user, database)
	var owner string
	require.NoError(t, conn.QueryRow(ctx,
		`SELECT tableowner FROM pg_catalog.pg_tables WHERE schemaname = 'public' AND tablename = $1`, table).Scan(&owner))
	assert.Equal(t, user, owner)
}

// dropAll removes the test's databases and roles. It runs in Cleanup,
// after the test's context is cancelled, so it has its own.
func dropAll(t *testing.T, dsn string, users, databases []string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Errorf("cleanup: %v", err)
		return
	}
	defer func() { _ = conn.Close(ctx) }()
	for _, d := range databases {
		if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{d}.Sanitize()+" WITH (FORCE)"); err != nil {
			t.Errorf("cleanup: drop database %q: %v", d, err)
		}
	}
	for _, u := range users {
		if _, err := conn.Exec(ctx, "DROP ROLE IF EXISTS "+pgx.Identifier{u}.Sanitize()); err != nil {
			t.Errorf("cleanup: drop role %q: %v", u, err)
		}
	}
}

// namesOf returns the distinct users and databases of a plan.
func namesOf(p *irsa.Plan) (users, databases []string) {
	seenU, seenD := map[string]bool{}, map[string]bool{}
	for _, c := range p.Databases() {
		if !seenU[c.User] {
			seenU[c.User] = true
			users = append(users, c.User)
		}
		if !seenD[c.Name] {
			seenD[c.Name] = true
			databases = append(databases, c.Name)
		}
	}
	return users, databases
}

// suffixed gives every database and user of a topology a suffix and
// plans it, so that the names are unique on a shared server.
func suffixed(t *testing.T, top irsa.Topology, sfx string) *irsa.Plan {
	t.Helper()
	c := top.Components
	for _, d := range []**irsa.DatabaseComponent{&c.Keycloak, &c.Identity, &c.WebModeler} {
		if *d != nil {
			cp := **d
			cp.DBUser += sfx
			cp.Database += sfx
			*d = &cp
		}
	}
	top.Components = c
	plan, err := irsa.NewPlan(top)
	require.NoError(t, err)
	return plan
}

// load plans a topology given as YAML.
func load(t *testing.T, yaml string) *irsa.Plan {
	t.Helper()
	plan, err := irsa.Load([]byte(yaml))
	require.NoError(t, err)
	return plan
}

func randomSuffix(t *testing.T) string {
	t.Helper()
	b := make([]byte, 4)
	_, err := rand.Read(b)
	require.NoError(t, err)
	return "_t" + hex.EncodeToString(b)
}
