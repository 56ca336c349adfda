package awscli_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
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
	bin    string
	state  string
	// account is the plan's, which the script insists on.
	account string
}

// newFakeAWS writes the plan's script and the fake CLI to temporary
// directories.
func newFakeAWS(t *testing.T, plan *irsa.Plan) *fakeAWS {
	t.Helper()
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("bash is not installed; the parse tests still check the commands")
	}
	f := &fakeAWS{t: t, bash: bash, bin: t.TempDir(), state: t.TempDir(), account: plan.Topology.AWS.AccountID}
	fake, err := os.ReadFile(filepath.Join("testdata", "fake-aws.sh"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(f.bin, "aws"), fake, 0o755))
	f.script = filepath.Join(t.TempDir(), "apply.sh")
	require.NoError(t, os.WriteFile(f.script, generate(t, plan), 0o644))
	return f
}

// run runs the script once as account and returns its output, its error
// and the aws calls it made.
func (f *fakeAWS) run(account string) (string, error, []string) {
	f.t.Helper()
	calls := filepath.Join(f.state, "calls")
	require.NoError(f.t, os.WriteFile(calls, nil, 0o644))
	cmd := exec.Command(f.bash, f.script)
	cmd.Env = append(os.Environ(), "PATH="+f.bin+string(os.PathListSeparator)+os.Getenv("PATH"),
		"FAKE_AWS_STATE="+f.state, "FAKE_AWS_ACCOUNT="+account)
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

func count(calls []string, prefix string) int {
	n := 0
	for _, c := range calls {
		if strings.HasPrefix(c, prefix+" ") {
			n++
		}
	}
	return n
}

// TestGenerateRerun runs the script on an empty account, then again and
// again on the account it set up: every run must succeed, the first
// creating, the later ones updating, and the policy versions must stay
// within IAM's limit of five.
func TestGenerateRerun(t *testing.T) {
	for _, mode := range []irsa.Mode{irsa.ModeIRSA, irsa.ModePodIdentity} {
		t.Run(string(mode), func(t *testing.T) {
			plan := golden.Plan(t, "full", mode)
			plan.Roles[0].Tags = map[string]string{"team": "it's mine"}
			plan.Roles[0].MaxSessionDuration = 7200
			plan.Roles[0].PermissionsBoundary = "arn:aws:iam::123456789012:policy/boundary"
			fake := newFakeAWS(t, plan)
			n := len(plan.Roles)
			associations := 0
			if mode == irsa.ModePodIdentity {
				associations = 5
			}

			first := fake.mustRun()
			assert.Equal(t, n, count(first, "iam create-policy"))
			assert.Equal(t, n, count(first, "iam create-role"))
			assert.Equal(t, n, count(first, "iam attach-role-policy"))
			assert.Equal(t, associations, count(first, "eks create-pod-identity-association"))
			assert.Zero(t, count(first, "iam create-policy-version"))
			for _, r := range plan.Roles {
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

			// Five more runs: without pruning, the fifth new version would
			// exceed IAM's limit.
			var pruned int
			for range 5 {
				pruned += count(fake.mustRun(), "iam delete-policy-version")
			}
			assert.Positive(t, pruned)
			for _, r := range plan.Roles {
				assert.Equal(t, r.PermissionPolicy, fake.document("policy-document."+r.Name))
			}
		})
	}
}

// TestGenerateRefusesOtherAccount: credentials for another account stop
// the script before any IAM call.
func TestGenerateRefusesOtherAccount(t *testing.T) {
	fake := newFakeAWS(t, golden.Plan(t, "full", ""))
	out, err, calls := fake.run("999999999999")
	require.Error(t, err)
	assert.Contains(t, out, "account 999999999999, the topology is for account 123456789012")
	assert.Equal(t, []string{"sts get-caller-identity --query Account --output text"}, calls)
}

// TestGenerateRerunEveryExample runs each example's script twice: the
// second run, on the account the first set up, creates nothing and fails
// on nothing (other partitions, several clusters, split roles included).
func TestGenerateRerunEveryExample(t *testing.T) {
	for name := range golden.Topologies(t) {
		t.Run(name, func(t *testing.T) {
			plan := golden.Plan(t, name, "")
			fake := newFakeAWS(t, plan)
			first := fake.mustRun()
			assert.Equal(t, len(plan.Roles), count(first, "iam create-role"))
			assert.Equal(t, len(plan.Associations), count(first, "eks create-pod-identity-association"))
			second := fake.mustRun()
			for _, created := range []string{"iam create-policy", "iam create-role", "eks create-pod-identity-association"} {
				assert.Zero(t, count(second, created), "%s on the second run", created)
			}
			assert.Equal(t, len(plan.Roles), count(second, "iam attach-role-policy"))
		})
	}
}
