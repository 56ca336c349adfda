package lint_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/camunda-irsa/camunda-irsa/internal/golden"
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
// a suggestion. Both modes, for every example topology that allows the
// mode.
func TestExamplePlansLintClean(t *testing.T) {
	for _, np := range golden.BothModes(t) {
		t.Run(np.Name, func(t *testing.T) {
			require.NotEmpty(t, np.Plan.Roles())
			fs := lint.Plan(np.Plan, lint.Options{})
			assert.False(t, lint.Failed(fs, true), "findings:\n%s", lines(fs))
		})
	}
}

// The plan is linted against its own account, partition and region: a
// context that differs is reported for every ARN.
func TestPlanUsesPlanContext(t *testing.T) {
	p := plan(t, "../examples/full.yaml", nil)
	fs := lint.Plan(p, lint.Options{Account: "999999999999"})
	require.NotEmpty(t, fs)
	for _, f := range fs {
		assert.Equal(t, lint.CodeARNAccount, f.Code)
		assert.True(t, strings.HasSuffix(f.Document, "/trust") || strings.HasSuffix(f.Document, "/permission"), f.Document)
	}
}

// Every committed golden IAM document lints clean at --strict when read
// back as raw JSON, with the kind auto-detected.
func TestGoldenIAMLintsClean(t *testing.T) {
	files, err := filepath.Glob("../golden/*/iam.json")
	require.NoError(t, err)
	require.NotEmpty(t, files, "golden IAM documents")
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
			fs = append(fs, lint.Policy(r.Name+"/trust", r.TrustPolicy, lint.Auto, lint.Options{})...)
			fs = append(fs, lint.Policy(r.Name+"/permission", r.PermissionPolicy, lint.Auto, lint.Options{})...)
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

// A role whose trust policy would exceed the quota is split by the plan;
// each part must lint clean, size check included.
func TestSplitTrustPoliciesLintClean(t *testing.T) {
	p := plan(t, "../examples/dual-region.yaml", func(top *irsa.Topology) {
		top.Chart = "8.7"
		top.Components = irsa.Components{}
		for i, c := range []**irsa.Component{&top.Components.Zeebe, &top.Components.Operate, &top.Components.Tasklist, &top.Components.Optimize} {
			*c = &irsa.Component{ServiceAccount: strings.Repeat(string(rune('a'+i)), 120) + "-sa"}
		}
	})
	require.Greater(t, len(p.Roles()), 1, "the OpenSearch role is split")
	fs := lint.Plan(p, lint.Options{})
	assert.False(t, lint.Failed(fs, true), "findings:\n%s", lines(fs))
}

func TestPresets(t *testing.T) {
	t.Run("seed OpenSearch policy lints clean", func(t *testing.T) {
		p := plan(t, "../examples/full.yaml", func(top *irsa.Topology) { top.OpenSearch.Policy = irsa.OpenSearchPolicySeed })
		fs := lint.Plan(p, lint.Options{})
		assert.False(t, lint.Failed(fs, true), "findings:\n%s", lines(fs))
	})
	t.Run("unknown Aurora resource ID warns", func(t *testing.T) {
		p := plan(t, "../examples/full.yaml", func(top *irsa.Topology) { top.Aurora.ClusterResourceID = "*" })
		fs := lint.Plan(p, lint.Options{})
		assert.Empty(t, lint.Errors(fs), "a warning, not an error")
		assert.True(t, lint.Failed(fs, true), "--strict fails on it")
		var codes []string
		for _, f := range fs {
			codes = append(codes, f.Code)
		}
		assert.Contains(t, codes, lint.CodeBroadResource)
	})
}
