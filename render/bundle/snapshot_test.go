package bundle_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/camunda-irsa/camunda-irsa/internal/golden"
	"github.com/camunda-irsa/camunda-irsa/irsa"
	"github.com/camunda-irsa/camunda-irsa/render/bundle"
	"github.com/camunda-irsa/camunda-irsa/render/snapshot"
)

// TestSnapshotRepositoryStep: with backups and OpenSearch the bundle holds
// the executable snapshot script, and its README registers the repository
// after the role mapping (which maps the registering principal to
// manage_snapshots) and before Helm; without backups there is neither.
func TestSnapshotRepositoryStep(t *testing.T) {
	top := golden.Topologies(t)["full"]
	without, err := irsa.NewPlan(top)
	require.NoError(t, err)
	top.Backup = &irsa.Backup{S3Location: irsa.S3Location{Bucket: "camunda-backups", Prefix: "camunda/"}}
	with, err := irsa.NewPlan(top)
	require.NoError(t, err)

	for name, tc := range map[string]struct {
		plan *irsa.Plan
		want bool
	}{"with backup": {with, true}, "without backup": {without, false}} {
		t.Run(name, func(t *testing.T) {
			files, err := bundle.Files(tc.plan, bundle.Options{})
			require.NoError(t, err)
			byPath := map[string]bundle.File{}
			for _, f := range files {
				byPath[f.Path] = f
			}
			script, ok := byPath[snapshot.FileName]
			readme := string(byPath["README.md"].Data)
			if !tc.want {
				assert.False(t, ok)
				assert.NotContains(t, readme, "snapshot")
				return
			}
			require.True(t, ok)
			assert.True(t, script.Executable)
			want, err := snapshot.Render(tc.plan)
			require.NoError(t, err)
			assert.Equal(t, string(want), string(script.Data))
			mapping := strings.Index(readme, ". **OpenSearch role mapping**")
			register := strings.Index(readme, ". **OpenSearch snapshot repository**: `bash opensearch-snapshot.sh`")
			helm := strings.Index(readme, ". **Helm**")
			assert.True(t, mapping > 0 && mapping < register && register < helm, "role mapping, then the repository, then Helm:\n%s", readme)
			assert.Contains(t, readme, "`iam:PassRole`")
			assert.Contains(t, readme, "`manage_snapshots`")
			assert.Contains(t, readme, "| `opensearch-snapshot.sh` | registers the OpenSearch snapshot repository")
		})
	}
}
