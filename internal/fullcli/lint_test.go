package fullcli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// raisedQuota is a topology with aws.trustPolicyQuota 4096 and a trust
// policy over the default quota.
const raisedQuota = "../../testdata/lint/trust-quota-4096.yaml"

const wildcardPolicy = `{"Version":"2012-10-17","Statement":[{"Sid":"All","Effect":"Allow","Action":"es:*","Resource":"arn:aws:es:eu-central-1:123456789012:domain/camunda/*"}]}`

func TestLint(t *testing.T) {
	dir := t.TempDir()
	r := runCLI(t, "", "render", "-f", fullExample, "--out-dir", filepath.Join(dir, "out"))
	require.Equal(t, 0, r.code, r.stderr)
	generated, err := filepath.Glob(filepath.Join(dir, "out", "iam", "*.json"))
	require.NoError(t, err)
	require.Len(t, generated, 8)
	bad := filepath.Join(dir, "bad.json")
	require.NoError(t, os.WriteFile(bad, []byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"rds-db:connect","Resource":"*"}`), 0o644))

	for _, tc := range []struct {
		name   string
		stdin  string
		args   []string
		code   int
		stdout []string
	}{
		{"own plan, strict", "", []string{"lint", "-f", fullExample, "--strict"}, 0,
			[]string{"0 errors, 0 security warnings, 0 warnings, 0 suggestions\n"}},
		{"generated files, strict", "", append([]string{"lint", "--strict"}, generated...), 0,
			[]string{"0 errors, 0 security warnings, 0 warnings, 0 suggestions\n"}},
		{"warning passes without --strict", wildcardPolicy, []string{"lint", "-"}, 0,
			[]string{"SECURITY_WARNING IAM012-wildcard-action - All:", "0 errors, 1 security warnings"}},
		{"warning fails with --strict", wildcardPolicy, []string{"lint", "--strict", "-"}, 1, []string{"IAM012-wildcard-action"}},
		{"malformed JSON is an error", "", []string{"lint", bad}, 1, []string{"ERROR IAM001-malformed-json " + bad}},
		{"trust quota flag", "", []string{"lint", "--trust-quota", "100", filepath.Join(dir, "out", "iam", "camunda-opensearch.trust.json")}, 1,
			[]string{"IAM051-trust-policy-size"}},
		// The plan keeps a 2,442-character trust policy whole under the
		// topology's quota of 4096; lint must not judge it by the default.
		{"topology's trust quota", "", []string{"lint", "-f", raisedQuota, "--strict"}, 0,
			[]string{"0 errors, 0 security warnings, 0 warnings, 0 suggestions\n"}},
		{"explicit trust quota wins over the topology's", "", []string{"lint", "-f", raisedQuota, "--trust-quota", "2048"}, 1,
			[]string{"ERROR IAM051-trust-policy-size camunda-blue-opensearch/trust: the trust policy is 2,442 characters"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runCLI(t, tc.stdin, tc.args...)
			assert.Equal(t, tc.code, r.code, r.stdout+r.stderr)
			for _, s := range tc.stdout {
				assert.Contains(t, r.stdout, s)
			}
		})
	}
}

func TestLintJSONReport(t *testing.T) {
	r := runCLI(t, wildcardPolicy, "lint", "-o", "json", "-")
	require.Equal(t, 0, r.code, r.stderr)
	var report struct {
		Findings []struct {
			Level, Code, Statement string
		} `json:"findings"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &report))
	require.Len(t, report.Findings, 1)
	assert.Equal(t, "SECURITY_WARNING", report.Findings[0].Level)
	assert.Equal(t, "IAM012-wildcard-action", report.Findings[0].Code)
	assert.Equal(t, "All", report.Findings[0].Statement)
}

func TestLintUsage(t *testing.T) {
	for _, args := range [][]string{{"lint"}, {"lint", "-f", fullExample, "x.json"}, {"lint", "--kind", "other", "-"}, {"lint", "--trust-quota", "0", "-"}} {
		assert.Equal(t, 2, runCLI(t, "", args...).code, args)
	}
}
