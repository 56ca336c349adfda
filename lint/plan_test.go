package lint_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/camunda-irsa/camunda-irsa/irsa"
	"github.com/camunda-irsa/camunda-irsa/lint"
)

func plan(t *testing.T, path string, edit func(*irsa.Topology)) *irsa.Plan {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	top, err := irsa.Decode(data)
	require.NoError(t, err)
	if edit != nil {
		edit(&top)
	}
	p, err := irsa.NewPlan(top)
	require.NoError(t, err)
	return p
}

// What camunda-irsa generates passes its own linter at --strict: not even
// a suggestion. Both modes, for every example topology.
func TestExamplePlansLintClean(t *testing.T) {
	files, err := filepath.Glob("../examples/*.yaml")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	modes := map[string]func(*irsa.Topology){
		"irsa":        nil,
		"podIdentity": func(t *irsa.Topology) { t.Mode = irsa.ModePodIdentity },
	}
	for _, f := range files {
		for mode, edit := range modes {
			t.Run(filepath.Base(f)+"/"+mode, func(t *testing.T) {
				p := plan(t, f, edit)
				require.NotEmpty(t, p.Roles)
				fs := lint.LintPlan(p, lint.Options{})
				assert.False(t, lint.Failed(fs, true), "findings:\n%s", lines(fs))
			})
		}
	}
}

// The plan is linted against its own account, partition and region: a
// context that differs is reported for every ARN.
func TestLintPlanUsesPlanContext(t *testing.T) {
	p := plan(t, "../examples/full.yaml", nil)
	fs := lint.LintPlan(p, lint.Options{Account: "999999999999"})
	require.NotEmpty(t, fs)
	for _, f := range fs {
		assert.Equal(t, lint.CodeARNAccount, f.Code)
		assert.True(t, strings.HasSuffix(f.Document, "/trust") || strings.HasSuffix(f.Document, "/permission"), f.Document)
	}
}

// Every committed golden IAM document lints clean at --strict when read
// back as raw JSON, with the kind auto-detected.
func TestGoldenIAMLintsClean(t *testing.T) {
	files, err := filepath.Glob("../golden/*/*/iam.json")
	require.NoError(t, err)
	if len(files) == 0 {
		t.Skip("no golden IAM documents")
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		var doc struct {
			Roles []struct {
				Name             string          `json:"name"`
				TrustPolicy      json.RawMessage `json:"trustPolicy"`
				PermissionPolicy json.RawMessage `json:"permissionPolicy"`
			} `json:"roles"`
		}
		require.NoError(t, json.Unmarshal(data, &doc), f)
		require.NotEmpty(t, doc.Roles, f)
		for _, r := range doc.Roles {
			var fs []lint.Finding
			fs = append(fs, lint.LintRoleName(r.Name)...)
			fs = append(fs, lint.LintPolicy(r.Name+"/trust", r.TrustPolicy, lint.Auto, lint.Options{})...)
			fs = append(fs, lint.LintPolicy(r.Name+"/permission", r.PermissionPolicy, lint.Auto, lint.Options{})...)
			assert.Empty(t, fs, "%s: %s", f, lines(fs))
		}
	}
}

func lines(fs []lint.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString(f.String())
		b.WriteString("\n")
	}
	return b.String()
}
