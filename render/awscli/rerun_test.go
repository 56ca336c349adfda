package awscli_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/camunda-irsa/camunda-irsa/internal/golden"
	"github.com/camunda-irsa/camunda-irsa/irsa"
)

// fakeAWS runs generated scripts against testdata/fake-aws.sh, a stand-in
// for the AWS CLI that keeps state between runs and fails as AWS does.
type fakeAWS struct {
	t      *testing.T
	bash   string
	script string
	state  string
	// account is the plan's, which the script insists on.
	account string
}

// newFakeAWS writes the plan's script to a temporary directory and gives
// it an empty account.
func newFakeAWS(t *testing.T, plan *irsa.Plan) *fakeAWS {
	t.Helper()
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("bash is not installed; the parse tests still check the commands")
	}
	f := &fakeAWS{t: t, bash: bash, state: t.TempDir(), account: plan.Topology().AWS.AccountID}
	f.script = filepath.Join(t.TempDir(), "apply.sh")
	require.NoError(t, os.WriteFile(f.script, render(t, plan), 0o644))
	return f
}

// run runs the script once as account and returns its output, its error
// and the aws calls it made. The fake is a bash function: a shell sources
// it, which exports it, and hands over to the script's own bash, which
// then finds aws among its functions before it would look on PATH.
func (f *fakeAWS) run(account string) (string, error, []string) {
	f.t.Helper()
	calls := filepath.Join(f.state, "calls")
	require.NoError(f.t, os.WriteFile(calls, nil, 0o644))
	fake, err := filepath.Abs(filepath.Join("testdata", "fake-aws.sh"))
	require.NoError(f.t, err)
	cmd := exec.Command(f.bash, "-c", `. "$1" && declare -F aws >/dev/null && exec "$BASH" "$2"`, "fake-aws", fake, f.script)
	cmd.Env = append(os.Environ(), "FAKE_AWS_STATE="+f.state, "FAKE_AWS_ACCOUNT="+account)
	out, err := cmd.CombinedOutput()
	log, readErr := os.ReadFile(calls)
	require.NoError(f.t, readErr)
	return string(out), err, strings.Split(strings.TrimSpace(string(log)), "\n")
}

// mustRun runs the script as the plan's account and requires success.
func (f *fakeAWS) mustRun() []string {
	f.t.Helper()
	out, err, calls := f.run(f.account)
	require.NoError(f.t, err, "script failed:\n%s", out)
	return calls
}

// document decodes a document the fake kept.
func (f *fakeAWS) document(name string) irsa.PolicyDocument {
	f.t.Helper()
	data, err := os.ReadFile(filepath.Join(f.state, name))
	require.NoError(f.t, err)
	var doc irsa.PolicyDocument
	require.NoError(f.t, json.Unmarshal(data, &doc))
	return doc
}

// setVersions sets how many versions the fake holds of a policy.
func (f *fakeAWS) setVersions(policy string, n int) {
	f.t.Helper()
	require.NoError(f.t, os.WriteFile(filepath.Join(f.state, "policy."+policy), []byte(strconv.Itoa(n)+"\n"), 0o644))
}

func count(calls []string, prefix string) int {
	n := 0
	for _, c := range calls {
		if strings.HasPrefix(c, prefix+" ") {
			n++
		}
	}
	return n
}

// optionsPlan is the full example with every role setting on the
// Keycloak role, in the given mode.
func optionsPlan(t *testing.T, mode irsa.Mode) *irsa.Plan {
	t.Helper()
	top := golden.Topologies(t)["full"]
	top.Mode = mode
	kc := *top.Components.Keycloak
	kc.RoleOptions = irsa.RoleOptions{Tags: map[string]string{"team": "search ops=a:b/c@d+e"}, MaxSessionDuration: 7200,
		PermissionsBoundary: "arn:aws:iam::123456789012:policy/boundary"}
	top.Components.Keycloak = &kc
	plan, err := irsa.NewPlan(top)
	require.NoError(t, err)
	return plan
}

// TestRenderRerun runs the script on an empty account, then again on the
// account it set up, then once more on an account whose policies hold
// IAM's limit of five versions: every run must succeed, the first
// creating, the later ones updating, and the versions must stay within
// the limit.
func TestRenderRerun(t *testing.T) {
	for _, mode := range []irsa.Mode{irsa.ModeIRSA, irsa.ModePodIdentity} {
		t.Run(string(mode), func(t *testing.T) {
			t.Parallel()
			plan := optionsPlan(t, mode)
			roles := plan.Roles()
			fake := newFakeAWS(t, plan)
			n := len(roles)
			associations := len(plan.Associations())
			if mode == irsa.ModePodIdentity {
				require.Equal(t, 5, associations)
			}

			first := fake.mustRun()
			assert.Equal(t, n, count(first, "iam create-policy"))
			assert.Equal(t, n, count(first, "iam create-role"))
			assert.Equal(t, n, count(first, "iam attach-role-policy"))
			assert.Equal(t, associations, count(first, "eks create-pod-identity-association"))
			assert.Zero(t, count(first, "iam create-policy-version"))
			for _, r := range roles {
				assert.Equal(t, r.PermissionPolicy, fake.document("policy-document."+r.Name))
				assert.Equal(t, r.TrustPolicy, fake.document("trust-document."+r.Name))
			}

			second := fake.mustRun()
			for _, created := range []string{"iam create-policy", "iam create-role", "eks create-pod-identity-association"} {
				assert.Zero(t, count(second, created), "%s on the second run", created)
			}
			assert.Equal(t, n, count(second, "iam create-policy-version"))
			assert.Equal(t, n, count(second, "iam update-assume-role-policy"))
			assert.Equal(t, 1, count(second, "iam tag-role"))
			assert.Equal(t, associations, count(second, "eks update-pod-identity-association"))

			// At IAM's limit, each new version needs room: without the
			// oldest version deleted first, create-policy-version fails.
			for _, r := range roles {
				fake.setVersions(r.Name, 5)
			}
			third := fake.mustRun()
			assert.Equal(t, n, count(third, "iam delete-policy-version"))
			assert.Equal(t, n, count(third, "iam create-policy-version"))
			for _, r := range roles {
				assert.Equal(t, r.PermissionPolicy, fake.document("policy-document."+r.Name))
			}
		})
	}
}

// TestRenderRefusesOtherAccount: credentials for another account stop
// the script before any IAM call.
func TestRenderRefusesOtherAccount(t *testing.T) {
	t.Parallel()
	fake := newFakeAWS(t, golden.Plan(t, "full", ""))
	out, err, calls := fake.run("999999999999")
	require.Error(t, err)
	assert.Contains(t, out, "account 999999999999, the topology is for account 123456789012")
	assert.Equal(t, []string{"sts get-caller-identity --query Account --output text"}, calls)
}

// TestRenderRerunEveryExample runs each example's script twice: the
// second run, on the account the first set up, creates nothing and fails
// on nothing (other partitions, several clusters included).
func TestRenderRerunEveryExample(t *testing.T) {
	for name := range golden.Topologies(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			plan := golden.Plan(t, name, "")
			fake := newFakeAWS(t, plan)
			first := fake.mustRun()
			assert.Equal(t, len(plan.Roles()), count(first, "iam create-role"))
			assert.Equal(t, len(plan.Associations()), count(first, "eks create-pod-identity-association"))
			second := fake.mustRun()
			for _, created := range []string{"iam create-policy", "iam create-role", "eks create-pod-identity-association"} {
				assert.Zero(t, count(second, created), "%s on the second run", created)
			}
			assert.Equal(t, len(plan.Roles()), count(second, "iam attach-role-policy"))
		})
	}
}
