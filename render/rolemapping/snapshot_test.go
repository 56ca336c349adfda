package rolemapping_test

import (
	"bytes"
	"encoding/json"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"mvdan.cc/sh/v3/expand"
	"mvdan.cc/sh/v3/syntax"

	"github.com/camunda-irsa/camunda-irsa/internal/golden"
	"github.com/camunda-irsa/camunda-irsa/internal/shellcheck"
	"github.com/camunda-irsa/camunda-irsa/irsa"
	"github.com/camunda-irsa/camunda-irsa/render/rolemapping"
)

// snapshotSection starts the part of the script that maps the principal
// registering the snapshot repository.
const snapshotSection = "\n# The snapshot repository of the backups:"

// beforeSnapshots is the script without that part: the mapping of the
// plan's OpenSearch roles, which the tests of that mapping read.
func beforeSnapshots(script []byte) []byte {
	before, _, _ := bytes.Cut(script, []byte(snapshotSection))
	return before
}

// snapshotTopology is the full example with backups to S3, so that its
// plans have a snapshot role.
func snapshotTopology(t *testing.T) irsa.Topology {
	t.Helper()
	top := golden.Topologies(t)["full"]
	top.Backup = &irsa.Backup{S3Location: irsa.S3Location{Bucket: "camunda-backups", Prefix: "camunda/"}}
	return top
}

func snapshotPlan(t *testing.T) *irsa.Plan {
	t.Helper()
	plan, err := irsa.NewPlan(snapshotTopology(t))
	require.NoError(t, err)
	_, ok := plan.SnapshotRole()
	require.True(t, ok)
	return plan
}

const snapshotPrincipal = "arn:aws:iam::123456789012:role/platform/ops-admin"

// TestSnapshotPrincipalMapping reads the manage_snapshots part back: the
// principal comes from the environment, is checked before any request,
// and goes through the same append_unless_mapped and PUT as the plan's
// roles, with bodies that decode to the same JSON Patch and mapping.
func TestSnapshotPrincipalMapping(t *testing.T) {
	plan := snapshotPlan(t)
	script, err := rolemapping.Render(plan, "")
	require.NoError(t, err)
	text := string(script)
	p := parseScript(t, script)

	withoutBackup, err := rolemapping.Render(golden.Plan(t, "full", ""), "")
	require.NoError(t, err)
	assert.NotContains(t, string(withoutBackup), "OPENSEARCH_SNAPSHOT_PRINCIPAL_ARN", "no snapshot role, no manage_snapshots")
	assert.NotContains(t, string(withoutBackup), rolemapping.SnapshotInternalRole)

	head, section, ok := strings.Cut(text, snapshotSection)
	require.True(t, ok)
	assert.Contains(t, head, "#   OPENSEARCH_SNAPSHOT_PRINCIPAL_ARN\n")
	check := strings.Index(head, "if [[ -n $snapshot_principal && ! $snapshot_principal =~ $principal_pattern ]]; then")
	assert.Greater(t, check, 0)
	assert.Less(t, check, strings.Index(head, "status=$(curl"), "the principal is checked before the first request")
	assert.Contains(t, section, "# needs iam:PassRole on the snapshot role,\n# arn:aws:iam::123456789012:role/camunda-opensearch-snapshots.\n")
	assert.Contains(t, section, "internal_role='manage_snapshots'\n")
	assert.Contains(t, section, `url="https://${OPENSEARCH_ENDPOINT}"'/_plugins/_security/api/rolesmapping/manage_snapshots'`)
	assert.Contains(t, section, `echo "note: OPENSEARCH_SNAPSHOT_PRINCIPAL_ARN is not set: skipped mapping`)
	assert.Equal(t, `^arn:aws:iam::123456789012:role/[A-Za-z0-9+=,.@_/-]+$`, p.assigns["principal_pattern"])

	// The bodies, as bash builds them for a principal.
	env := expand.ListEnviron("snapshot_principal=" + snapshotPrincipal)
	bodies := map[string]string{}
	syntax.Walk(p.file, func(n syntax.Node) bool {
		if a, ok := n.(*syntax.Assign); ok && (a.Name.Value == "patch" || a.Name.Value == "create") {
			v, err := expand.Literal(&expand.Config{Env: env}, a.Value)
			require.NoError(t, err)
			bodies[a.Name.Value] = v
		}
		return true
	})
	var patch []rolemapping.PatchOp
	require.NoError(t, json.Unmarshal([]byte(bodies["patch"]), &patch), bodies["patch"])
	assert.Equal(t, []rolemapping.PatchOp{{Op: "add", Path: "/backend_roles/-", Value: snapshotPrincipal}}, patch)
	var create map[string][]string
	require.NoError(t, json.Unmarshal([]byte(bodies["create"]), &create), bodies["create"])
	assert.Equal(t, map[string][]string{"backend_roles": {snapshotPrincipal}}, create)

	// One read-then-append block per internal role: the same curl calls,
	// the same function, fed the run-time bodies.
	var appended []string
	curls := 0
	for _, args := range p.calls {
		switch args[0].Lit() {
		case "append_unless_mapped":
			appended = append(appended, printWord(args[1]))
		case "curl":
			curls++
		}
	}
	var planned []string
	for _, arn := range openSearchARNs(plan) {
		planned = append(planned, "'"+arn+"'")
	}
	assert.Equal(t, append(planned, `"$snapshot_principal"`), appended)
	assert.Equal(t, 5, curls, "GET and PUT for each internal role, and the PATCH of append_unless_mapped")
	assert.Contains(t, section, `append_unless_mapped "$snapshot_principal" <<<"$patch"`)
	assert.Contains(t, section, `--data-binary @- "$url" <<<"$create"`)

	// What the test of the plan's roles reads is that mapping alone.
	main := parseScript(t, beforeSnapshots(script))
	assert.Equal(t, rolemapping.DefaultInternalRole, main.assigns["internal_role"])
}

// TestSnapshotPrincipalShellCheck runs ShellCheck over the script with the
// manage_snapshots part, on every chart line the topology is valid for.
func TestSnapshotPrincipalShellCheck(t *testing.T) {
	scripts := map[string][]byte{}
	top := snapshotTopology(t)
	for _, line := range irsa.ChartLineNames() {
		top.Chart = line
		plan, err := irsa.NewPlan(top)
		if err != nil {
			continue
		}
		script, err := rolemapping.Render(plan, "")
		require.NoError(t, err)
		scripts["full-backup/"+line+"/"+rolemapping.FileName] = script
	}
	require.NotEmpty(t, scripts)
	shellcheck.Check(t, scripts)
}

// TestSnapshotPrincipalAgainstFakeSecurityAPI runs the script against
// the fake security API serving both role mappings: the principal is
// mapped to manage_snapshots next to the backend roles already there, or
// in a new mapping; a second run only reads; without the variable the
// script maps the plan's roles and says it skipped the principal; a
// value that is not an IAM role of the account stops it before any
// request.
func TestSnapshotPrincipalAgainstFakeSecurityAPI(t *testing.T) {
	for _, tool := range []string{"bash", "curl"} {
		_, err := exec.LookPath(tool)
		require.NoError(t, err, "%s runs the generated script", tool)
	}
	plan := snapshotPlan(t)
	arns := openSearchARNs(plan)
	script, err := rolemapping.Render(plan, "")
	require.NoError(t, err)
	dir := t.TempDir()
	path := filepath.Join(dir, rolemapping.FileName)
	require.NoError(t, os.WriteFile(path, script, 0o700))

	allAccess := &fakeSecurityAPI{t: t, role: rolemapping.DefaultInternalRole}
	snapshots := &fakeSecurityAPI{t: t, role: rolemapping.SnapshotInternalRole}
	mux := http.NewServeMux()
	mux.Handle("/_plugins/_security/api/rolesmapping/"+allAccess.role, allAccess)
	mux.Handle("/_plugins/_security/api/rolesmapping/"+snapshots.role, snapshots)
	srv := httptest.NewTLSServer(mux)
	defer srv.Close()
	ca := filepath.Join(dir, "ca.pem")
	require.NoError(t, os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o600))

	run := func(principal string) (string, error) {
		cmd := exec.Command("bash", path)
		cmd.Env = []string{
			"PATH=" + os.Getenv("PATH"),
			"HOME=" + t.TempDir(),
			"CURL_CA_BUNDLE=" + ca,
			"OPENSEARCH_ENDPOINT=" + strings.TrimPrefix(srv.URL, "https://"),
			"OPENSEARCH_MASTER_USER=" + testUser,
			"OPENSEARCH_MASTER_PASSWORD=" + testPassword,
		}
		if principal != "" {
			cmd.Env = append(cmd.Env, "OPENSEARCH_SNAPSHOT_PRINCIPAL_ARN="+principal)
		}
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	// requests returns the methods each API answered since the last call.
	requests := func() (all, snap []string) {
		all, snap = allAccess.requests, snapshots.requests
		allAccess.requests, snapshots.requests = nil, nil
		return all, snap
	}
	backendRoles := func(api *fakeSecurityAPI) []any {
		api.mu.Lock()
		defer api.mu.Unlock()
		roles, _ := api.mapping["backend_roles"].([]any)
		return roles
	}

	t.Run("without the principal", func(t *testing.T) {
		out, err := run("")
		require.NoError(t, err, out)
		all, snap := requests()
		assert.Equal(t, []string{"GET", "PUT"}, all, "the plan's roles are mapped")
		assert.Empty(t, snap)
		assert.Contains(t, out, "note: OPENSEARCH_SNAPSHOT_PRINCIPAL_ARN is not set: skipped mapping")
	})
	t.Run("appends to manage_snapshots", func(t *testing.T) {
		snapshots.mapping = map[string]any{"backend_roles": []any{"arn:aws:iam::123456789012:role/other"}, "users": []any{"admin"}}
		out, err := run(snapshotPrincipal)
		require.NoError(t, err, out)
		all, snap := requests()
		assert.Equal(t, []string{"GET"}, all)
		assert.Equal(t, []string{"GET", "PATCH"}, snap)
		assert.Equal(t, []any{"arn:aws:iam::123456789012:role/other", snapshotPrincipal}, backendRoles(snapshots))
		assert.Equal(t, []any{arns[0], arns[1]}, backendRoles(allAccess))
		assert.Contains(t, out, "mapped "+snapshotPrincipal+" to OpenSearch role manage_snapshots")
	})
	t.Run("a second run only reads", func(t *testing.T) {
		out, err := run(snapshotPrincipal)
		require.NoError(t, err, out)
		all, snap := requests()
		assert.Equal(t, []string{"GET"}, all)
		assert.Equal(t, []string{"GET"}, snap)
		assert.Contains(t, out, snapshotPrincipal+" is already mapped to OpenSearch role manage_snapshots")
	})
	t.Run("creates the manage_snapshots mapping", func(t *testing.T) {
		snapshots.mapping = nil
		out, err := run(snapshotPrincipal)
		require.NoError(t, err, out)
		_, snap := requests()
		assert.Equal(t, []string{"GET", "PUT"}, snap)
		assert.Equal(t, []any{snapshotPrincipal}, backendRoles(snapshots))
	})
	for name, principal := range map[string]string{
		"an assumed-role session": "arn:aws:sts::123456789012:assumed-role/ops-admin/me",
		"a user":                  "arn:aws:iam::123456789012:user/me",
		"another account":         "arn:aws:iam::210987654321:role/ops-admin",
		"another partition":       "arn:aws-cn:iam::123456789012:role/ops-admin",
		"JSON in the name":        `arn:aws:iam::123456789012:role/x"],"users":["*`,
		"a second line":           "arn:aws:iam::123456789012:role/x\narn:aws:iam::123456789012:role/y",
	} {
		t.Run("refuses "+name, func(t *testing.T) {
			out, err := run(principal)
			require.Error(t, err)
			assert.Contains(t, out, "OPENSEARCH_SNAPSHOT_PRINCIPAL_ARN must be the ARN of an IAM role of the account")
			all, snap := requests()
			assert.Empty(t, all, "nothing is sent")
			assert.Empty(t, snap)
		})
	}
}
