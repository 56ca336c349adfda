package sql_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/camunda-irsa/camunda-irsa/internal/golden"
	"github.com/camunda-irsa/camunda-irsa/irsa"
	"github.com/camunda-irsa/camunda-irsa/render/sql"
)

// postgresEnv names the server the live tests use: a libpq URI or
// key=value string for a superuser, e.g. the one .ci/postgres.sh exports.
// The tests sign in as the roles they create, without a password, so the
// server must trust local connections, as that one does.
const postgresEnv = "CAMUNDA_IRSA_TEST_POSTGRES"

// server is a PostgreSQL server with a master user like Aurora's: it may
// create databases and roles but is not a superuser. The scripts run as
// the master; the tests look at the result as the superuser.
type server struct {
	psql string
	// dsn is the superuser's, master the master user's.
	dsn, master string
	// masterName is the master user's role name.
	masterName string
}

// newServer connects to the server the environment names, or skips the
// test, and creates rds_iam (which Aurora has built in) and a master user
// that the cleanup drops.
func newServer(t *testing.T) *server {
	t.Helper()
	dsn := os.Getenv(postgresEnv)
	if dsn == "" {
		t.Skip("CAMUNDA_IRSA_TEST_POSTGRES not set: start a server with .ci/postgres.sh")
	}
	psql, err := exec.LookPath("psql")
	require.NoError(t, err, "psql must be installed to run the script (it uses \\gexec and \\connect)")
	admin := connect(t, dsn)
	ensureRDSIAM(t, admin)
	s := &server{psql: psql, dsn: dsn, masterName: "master" + randomSuffix(t)}
	s.master = withUser(t, dsn, s.masterName)
	exec1(t, admin, "CREATE ROLE "+ident(s.masterName)+" LOGIN CREATEDB CREATEROLE")
	var version int
	require.NoError(t, admin.QueryRow(t.Context(), "SELECT current_setting('server_version_num')::int").Scan(&version))
	if version >= 160000 {
		// From PostgreSQL 16, CREATEROLE no longer grants membership in
		// every role; Aurora's master may grant rds_iam.
		exec1(t, admin, "GRANT rds_iam TO "+ident(s.masterName)+" WITH ADMIN OPTION")
	}
	t.Cleanup(func() { dropAll(t, dsn, nil, []string{s.masterName}) })
	return s
}

// run runs the script through psql as the master user, the way the
// header tells users to: psql -f, no -v ON_ERROR_STOP (the script sets
// that itself); -X keeps ~/.psqlrc out.
func (s *server) run(t *testing.T, script []byte) (string, error) {
	t.Helper()
	path := filepath.Join(t.TempDir(), sql.FileName)
	require.NoError(t, os.WriteFile(path, script, 0o600))
	out, err := exec.CommandContext(t.Context(), s.psql, "-X", "-q", "-d", s.master, "-f", path).CombinedOutput()
	return string(out), err
}

// TestAgainstPostgreSQL runs the generated script twice as the master
// user, then checks the result in the catalog and by signing in as the
// database users. Every case uses fresh names (the examples' names with
// a random suffix) and drops what it created, so runs on the same server
// neither collide nor pile up.
func TestAgainstPostgreSQL(t *testing.T) {
	srv := newServer(t)
	cases := map[string]*irsa.Plan{}
	// Examples that differ only where the SQL does not look (clusters,
	// partitions, OpenSearch) give the same script: it runs once.
	seen := map[string]bool{}
	topologies := golden.Topologies(t)
	for _, name := range golden.Keys(topologies) {
		top := topologies[name]
		if top.Aurora == nil {
			continue
		}
		plan, err := irsa.NewPlan(top)
		require.NoError(t, err)
		script, err := sql.Render(plan)
		require.NoError(t, err)
		if seen[string(script)] {
			continue
		}
		seen[string(script)] = true
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

	for _, name := range golden.Keys(cases) {
		plan := cases[name]
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx := t.Context()
			admin := connect(t, srv.dsn)
			users, databases := namesOf(plan)
			t.Cleanup(func() { dropAll(t, srv.dsn, databases, users) })

			if name == "odd names" {
				// A role that exists, cannot log in and has a password
				// takes the script's other path: it is given LOGIN and
				// loses its password, so that only IAM tokens sign in.
				exec1(t, connect(t, srv.master), "CREATE ROLE "+ident(users[0])+" NOLOGIN PASSWORD 'secret'")
			}
			script, err := sql.Render(plan)
			require.NoError(t, err)
			for run := 1; run <= 2; run++ {
				out, err := srv.run(t, script)
				require.NoError(t, err, "run %d of psql -f %s:\n%s", run, sql.FileName, out)
				assert.NotContains(t, out, "ERROR", "run %d", run)
				assert.NotContains(t, out, "WARNING", "run %d: every grant and revoke takes effect", run)
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
			own := map[[2]string]bool{}
			for _, c := range plan.Databases() {
				own[[2]string{c.User, c.Name}] = true
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
				createTableAs(t, srv.dsn, c.Name, c.User)
			}
			// PUBLIC has lost CONNECT: a user signs in to its own
			// databases only.
			for _, u := range users {
				for _, d := range databases {
					err := signIn(t, srv.dsn, u, d)
					if own[[2]string{u, d}] {
						assert.NoError(t, err, "%q signs in to its database %q", u, d)
					} else {
						assert.ErrorContains(t, err, "permission denied for database", "%q signs in to %q", u, d)
					}
				}
			}
		})
	}
}

// TestRefusesDatabaseOfAnotherOwner: a database that exists already and
// belongs to another role cannot be granted on by the master user;
// PostgreSQL only warns, so the script must stop, naming the user and
// the database.
func TestRefusesDatabaseOfAnotherOwner(t *testing.T) {
	srv := newServer(t)
	sfx := randomSuffix(t)
	owner, user, database := "owner"+sfx, "kc"+sfx, "kcdb"+sfx
	admin := connect(t, srv.dsn)
	t.Cleanup(func() { dropAll(t, srv.dsn, []string{database}, []string{user, owner}) })
	exec1(t, admin, "CREATE ROLE "+ident(owner)+" NOLOGIN")
	exec1(t, admin, "CREATE DATABASE "+ident(database)+" OWNER "+ident(owner))

	script, err := sql.Render(load(t, `apiVersion: camunda-irsa/v1
kind: Topology
chart: "8.8"
namespace: camunda
aws: {accountID: "123456789012", region: eu-central-1}
cluster: {name: camunda, oidcIssuer: https://oidc.eks.eu-central-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF}
aurora: {endpoint: db.cluster-abc.eu-central-1.rds.amazonaws.com, clusterResourceID: "*"}
components:
  keycloak: {serviceAccount: kc, dbUser: `+user+`, database: `+database+`}
`))
	require.NoError(t, err)
	out, err := srv.run(t, script)
	require.Error(t, err, "the script must fail:\n%s", out)
	assert.Contains(t, out, `database user "`+user+`" lacks CONNECT, CREATE or TEMPORARY on database "`+database+`", which is owned by `+owner)
}

// signIn connects as user to database.
func signIn(t *testing.T, dsn, user, database string) error {
	t.Helper()
	cfg, err := pgx.ParseConfig(dsn)
	require.NoError(t, err)
	cfg.User, cfg.Password, cfg.Database = user, "", database
	conn, err := pgx.ConnectConfig(t.Context(), cfg)
	if err == nil {
		_ = conn.Close(context.Background())
	}
	return err
}

// withUser is dsn with another user and no password.
func withUser(t *testing.T, dsn, user string) string {
	t.Helper()
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		u, err := url.Parse(dsn)
		require.NoError(t, err)
		u.User = url.User(user)
		return u.String()
	}
	// In a key=value string the last of a repeated keyword wins.
	return dsn + " user='" + user + "' password=''"
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

func exec1(t *testing.T, conn *pgx.Conn, statement string) {
	t.Helper()
	_, err := conn.Exec(t.Context(), statement)
	require.NoError(t, err, statement)
}

func ident(name string) string { return pgx.Identifier{name}.Sanitize() }

// ensureRDSIAM creates the rds_iam role Aurora has built in. Concurrent
// test processes may race to create it; losing the race is fine.
func ensureRDSIAM(t *testing.T, admin *pgx.Conn) {
	t.Helper()
	exec1(t, admin, `
		DO $$
		BEGIN
		  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'rds_iam') THEN
		    CREATE ROLE rds_iam NOLOGIN;
		  END IF;
		EXCEPTION WHEN duplicate_object OR unique_violation THEN
		  NULL;
		END
		$$`)
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
	_, err = conn.Exec(ctx, "SET ROLE "+ident(user))
	require.NoError(t, err)
	_, err = conn.Exec(ctx, "CREATE TABLE "+pgx.Identifier{"public", table}.Sanitize()+" (id int)")
	require.NoError(t, err, "%q creates a table in %q.public", user, database)
	var owner string
	require.NoError(t, conn.QueryRow(ctx,
		`SELECT tableowner FROM pg_catalog.pg_tables WHERE schemaname = 'public' AND tablename = $1`, table).Scan(&owner))
	assert.Equal(t, user, owner)
}

// dropAll removes databases, then roles, as the superuser. It runs in
// Cleanup, after the test's context is cancelled, so it has its own.
func dropAll(t *testing.T, dsn string, databases, roles []string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Errorf("cleanup: %v", err)
		return
	}
	defer func() { _ = conn.Close(ctx) }()
	for _, d := range databases {
		if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+ident(d)+" WITH (FORCE)"); err != nil {
			t.Errorf("cleanup: drop database %q: %v", d, err)
		}
	}
	for _, r := range roles {
		if _, err := conn.Exec(ctx, "DROP ROLE IF EXISTS "+ident(r)); err != nil {
			t.Errorf("cleanup: drop role %q: %v", r, err)
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
	if c.Keycloak != nil {
		cp := *c.Keycloak
		cp.DBUser += sfx
		cp.Database += sfx
		c.Keycloak = &cp
	}
	if c.Orchestration != nil && c.Orchestration.DBUser != "" {
		cp := *c.Orchestration
		cp.DBUser += sfx
		cp.Database += sfx
		c.Orchestration = &cp
	}
	for _, d := range []**irsa.DatabaseComponent{&c.Identity, &c.WebModeler} {
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
