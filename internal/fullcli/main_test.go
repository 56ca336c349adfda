package fullcli

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const fullExample = "../../examples/full.yaml"

type result struct {
	code           int
	stdout, stderr string
}

func runCLI(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(args, strings.NewReader(stdin), &out, &errb, "")
	return result{code: code, stdout: out.String(), stderr: errb.String()}
}

func goldenFile(t *testing.T, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("../../golden", rel))
	require.NoError(t, err)
	return string(b)
}

func TestRenderOutputsMatchGolden(t *testing.T) {
	for _, tc := range []struct {
		args   []string
		golden string
	}{
		{[]string{"render", "-f", fullExample}, "full/8.8/values.yaml"},
		{[]string{"render", "-f", fullExample, "--output", "values"}, "full/8.8/values.yaml"},
		{[]string{"render", "-f", fullExample, "-o", "serviceaccounts"}, "full/serviceaccounts.yaml"},
		{[]string{"render", "-f", fullExample, "--output", "iam"}, "full/iam.json"},
		{[]string{"render", "--file", "../../examples/elasticsearch-backup.yaml"}, "elasticsearch-backup/8.8/values.yaml"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			r := runCLI(t, "", tc.args...)
			require.Equal(t, 0, r.code, r.stderr)
			assert.Empty(t, r.stderr)
			assert.Equal(t, goldenFile(t, tc.golden), r.stdout)
		})
	}
}

func TestRenderReadsStandardInput(t *testing.T) {
	data, err := os.ReadFile(fullExample)
	require.NoError(t, err)
	r := runCLI(t, string(data), "render", "-f", "-", "--output", "iam")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, goldenFile(t, "full/iam.json"), r.stdout)
}

func TestExitStatuses(t *testing.T) {
	bad := strings.Replace(mustRead(t, fullExample), `accountID: "123456789012"`, `accountID: "1234"`, 1)
	bad = strings.Replace(bad, "namespace: camunda", "namespace: Camunda_NS", 1)
	for _, tc := range []struct {
		name     string
		stdin    string
		args     []string
		code     int
		inStderr []string
	}{
		{"valid", "", []string{"render", "-f", fullExample}, 0, nil},
		{"invalid topology names every field", bad, []string{"render", "-f", "-"}, 1,
			[]string{`error: aws.accountID: must be 12 digits, got "1234"`, "error: namespace: must be a DNS-1123 label"}},
		{"unknown field", "apiVersion: camunda-irsa/v1\nbogus: 1\n", []string{"render", "-f", "-"}, 1, []string{"error: bogus: unknown field"}},
		{"missing file", "", []string{"render", "-f", "does-not-exist.yaml"}, 1, []string{"does-not-exist.yaml"}},
		{"no -f", "", []string{"render"}, 2, []string{"render needs -f FILE"}},
		{"unknown flag", "", []string{"render", "-f", fullExample, "--bogus"}, 2, []string{"unknown flag: --bogus"}},
		{"unknown output kind", "", []string{"render", "-f", fullExample, "-o", "yaml"}, 2, []string{"--output must be one of values, serviceaccounts, keycloak, iam"}},
		{"output with out-dir", "", []string{"render", "-f", fullExample, "-o", "iam", "--out-dir", t.TempDir()}, 2, []string{"exclude each other"}},
		{"unknown command", "", []string{"bogus"}, 2, []string{"unknown command"}},
		{"extra argument", "", []string{"render", "-f", fullExample, "extra"}, 2, []string{"unknown command \"extra\""}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runCLI(t, tc.stdin, tc.args...)
			assert.Equal(t, tc.code, r.code, r.stderr)
			if tc.code != 0 {
				assert.Empty(t, r.stdout, "nothing goes to stdout on failure")
			}
			for _, s := range tc.inStderr {
				assert.Contains(t, r.stderr, s)
			}
		})
	}
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(b)
}

// listFiles returns dir's files as slash paths relative to dir.
func listFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	require.NoError(t, filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		out = append(out, filepath.ToSlash(rel))
		return nil
	}))
	return out
}

func TestOutDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	r := runCLI(t, "", "render", "-f", fullExample, "--out-dir", dir)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Empty(t, r.stdout)
	assert.Equal(t, []string{
		"README.md", "aws-cli/apply.sh", "database.sql",
		"iam/camunda-identity.policy.json", "iam/camunda-identity.trust.json",
		"iam/camunda-keycloak.policy.json", "iam/camunda-keycloak.trust.json",
		"iam/camunda-opensearch.policy.json", "iam/camunda-opensearch.trust.json",
		"iam/camunda-webmodeler.policy.json", "iam/camunda-webmodeler.trust.json",
		"imds.md", "opensearch-rolemapping.sh", "serviceaccounts.yaml", "terraform/main.tf", "values.yaml",
	}, listFiles(t, dir))
	info, err := os.Stat(filepath.Join(dir, "aws-cli/apply.sh"))
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o755), info.Mode().Perm(), "scripts are executable")
	readme := mustRead(t, filepath.Join(dir, "README.md"))
	assert.Contains(t, readme, "1. **IAM**")
	assert.Contains(t, readme, "`camunda-irsa render -f topology.yaml --values your-values.yaml | helm upgrade --install camunda camunda/camunda-platform --version '13.x' -n camunda -f your-values.yaml -f -`",
		"the Helm step merges the user's values and installs into the topology's namespace")
	assert.Equal(t, goldenFile(t, "full/8.8/values.yaml"), mustRead(t, filepath.Join(dir, "values.yaml")))
	assert.Equal(t, goldenFile(t, "full/serviceaccounts.yaml"), mustRead(t, filepath.Join(dir, "serviceaccounts.yaml")))
	assert.Contains(t, mustRead(t, filepath.Join(dir, "iam/camunda-keycloak.policy.json")), "dbuser:cluster-ABCDEFGHIJKLMNOPQRSTUVWXY2/keycloak_irsa")

	t.Run("existing files are kept without --force", func(t *testing.T) {
		r := runCLI(t, "", "render", "-f", fullExample, "--out-dir", dir)
		assert.Equal(t, 1, r.code)
		assert.Contains(t, r.stderr, "exists and is not empty")
		assert.Len(t, listFiles(t, dir), 16)
	})
	t.Run("--force replaces", func(t *testing.T) {
		require.NoError(t, os.WriteFile(filepath.Join(dir, "mine.txt"), []byte("x"), 0o644))
		r := runCLI(t, "", "render", "-f", "../../examples/opensearch-only.yaml", "--out-dir", dir, "--force")
		require.Equal(t, 0, r.code, r.stderr)
		assert.Equal(t, []string{"README.md", "aws-cli/apply.sh", "iam/c8-opensearch.policy.json", "iam/c8-opensearch.trust.json",
			"imds.md", "opensearch-rolemapping.sh", "serviceaccounts.yaml", "terraform/main.tf", "values.yaml"}, listFiles(t, dir), "no database.sql without Aurora")
	})
	t.Run("invalid topology writes nothing", func(t *testing.T) {
		fresh := filepath.Join(t.TempDir(), "out")
		r := runCLI(t, "apiVersion: nope\n", "render", "-f", "-", "--out-dir", fresh)
		assert.Equal(t, 1, r.code)
		assert.NoDirExists(t, fresh)
	})
}

func TestSchemaCommandPrintsCommittedSchema(t *testing.T) {
	r := runCLI(t, "", "schema")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, mustRead(t, "../../schema/topology.schema.json"), r.stdout)
}

func TestVersion(t *testing.T) {
	r := runCLI(t, "", "version")
	require.Equal(t, 0, r.code)
	assert.Regexp(t, `^camunda-irsa \S+( \(commit [0-9a-f]+(, modified)?\))? \w+/\w+ go\S+\n$`, r.stdout)
}
