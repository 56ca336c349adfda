package awscli_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/camunda-irsa/camunda-irsa/internal/shell"
	"github.com/camunda-irsa/camunda-irsa/irsa"
	"github.com/camunda-irsa/camunda-irsa/render/awscli"
)

// fakeAWS runs generated scripts against testdata/fake-aws.sh, a stand-in
// for the AWS CLI that keeps an account's IAM and EKS objects as files and
// fails as AWS does.
type fakeAWS struct {
	t      *testing.T
	bash   string
	fake   string
	script string
	state  string
	// account is the plan's, which the script insists on.
	account string
}

// newFakeAWS writes the plan's script and gives it an account that has
// what the script checks before it writes: the plan's OIDC providers,
// clusters and permissions boundaries.
func newFakeAWS(t *testing.T, plan *irsa.Plan) *fakeAWS {
	t.Helper()
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("bash is not installed; the parse tests still check the script")
	}
	fake, err := filepath.Abs(filepath.Join("testdata", "fake-aws.sh"))
	require.NoError(t, err)
	f := &fakeAWS{t: t, bash: bash, fake: fake, state: t.TempDir(), account: plan.Topology().AWS.AccountID}
	f.script = filepath.Join(t.TempDir(), awscli.FileName)
	f.setPlan(plan)
	for _, r := range plan.Roles() {
		for _, st := range r.TrustPolicy.Statement {
			if st.Principal != nil {
				for _, provider := range st.Principal.Federated {
					_, host, _ := strings.Cut(provider, ":oidc-provider/")
					f.write("oidc."+strings.ReplaceAll(host, "/", "_"), "")
				}
			}
		}
		if b := r.PermissionsBoundary; b != "" {
			f.seedPolicy(b[strings.LastIndex(b, "/")+1:])
		}
	}
	for _, c := range plan.Clusters() {
		f.write("cluster."+c.Region+"."+c.Name, "")
	}
	return f
}

// seedPolicy gives the account a customer managed policy of one version
// without tags, as the fake keeps one.
func (f *fakeAWS) seedPolicy(name string) {
	f.t.Helper()
	for suffix, content := range map[string]string{"default": "v1\n", "v1": "{}\n", "count": "1\n", "next": "2\n", "tags": ""} {
		f.write("policy."+name+"."+suffix, content)
	}
}

// setPlan replaces the script by the plan's.
func (f *fakeAWS) setPlan(plan *irsa.Plan) {
	f.t.Helper()
	require.NoError(f.t, os.WriteFile(f.script, render(f.t, plan), 0o644))
}

// env is the environment of the script and the fake: the fake's state,
// the account of the credentials, and the C locale, in which the fake
// sorts tags as the CLI's sort_by does, by code point.
func (f *fakeAWS) env(account string, extra ...string) []string {
	return append(append(os.Environ(), "FAKE_AWS_STATE="+f.state, "FAKE_AWS_ACCOUNT="+account, "LC_ALL=C"), extra...)
}

// run runs the script once with the credentials of account and the extra
// environment, and returns its output, its error and the aws calls it
// made. The fake is a bash function: a shell sources it, which exports
// it, and hands over to the script's own bash, which then finds aws among
// its functions before it would look on PATH.
func (f *fakeAWS) run(account string, env ...string) (string, error, []string) {
	f.t.Helper()
	calls := filepath.Join(f.state, "calls")
	require.NoError(f.t, os.WriteFile(calls, nil, 0o644))
	cmd := exec.Command(f.bash, "-c", `. "$1" && declare -F aws >/dev/null && exec "$BASH" "$2"`, "fake-aws", f.fake, f.script)
	cmd.Env = f.env(account, env...)
	out, err := cmd.CombinedOutput()
	log, readErr := os.ReadFile(calls)
	require.NoError(f.t, readErr)
	return string(out), err, strings.Split(strings.TrimSpace(string(log)), "\n")
}

// mustRun runs the script as the plan's account and requires success.
func (f *fakeAWS) mustRun(env ...string) (string, []string) {
	f.t.Helper()
	out, err, calls := f.run(f.account, env...)
	require.NoError(f.t, err, "script failed:\n%s", out)
	return out, calls
}

// aws calls the fake directly, to change the account behind the
// script's back: each call is a list of arguments, and all run in one
// shell, which stops at the first that fails.
func (f *fakeAWS) aws(calls ...[]string) {
	f.t.Helper()
	script := ". \"$FAKE_AWS\"\nset -e\n"
	for _, args := range calls {
		script += "aws"
		for _, a := range args {
			q, err := shell.Quote(a)
			require.NoError(f.t, err)
			script += " " + q
		}
		script += "\n"
	}
	cmd := exec.Command(f.bash, "-c", script)
	cmd.Env = f.env(f.account, "FAKE_AWS="+f.fake)
	out, err := cmd.CombinedOutput()
	require.NoError(f.t, err, "%s: %s", script, out)
}

func (f *fakeAWS) write(name, content string) {
	f.t.Helper()
	require.NoError(f.t, os.WriteFile(filepath.Join(f.state, name), []byte(content), 0o644))
}

// read returns a state file, without its last newline, or "" when it
// does not exist.
func (f *fakeAWS) read(name string) string {
	f.t.Helper()
	data, err := os.ReadFile(filepath.Join(f.state, name))
	if os.IsNotExist(err) {
		return ""
	}
	require.NoError(f.t, err)
	return strings.TrimSuffix(string(data), "\n")
}

// names lists the objects of a kind (role, policy) in the state.
func (f *fakeAWS) names(kind, marker string) []string {
	f.t.Helper()
	matches, err := filepath.Glob(filepath.Join(f.state, kind+".*."+marker))
	require.NoError(f.t, err)
	var out []string
	for _, m := range matches {
		out = append(out, strings.TrimSuffix(strings.TrimPrefix(filepath.Base(m), kind+"."), "."+marker))
	}
	slices.Sort(out)
	return out
}

func (f *fakeAWS) roles() []string    { return f.names("role", "path") }
func (f *fakeAWS) policies() []string { return f.names("policy", "default") }

// document decodes a document the fake keeps.
func (f *fakeAWS) document(name string) irsa.PolicyDocument {
	f.t.Helper()
	var doc irsa.PolicyDocument
	require.NoError(f.t, json.Unmarshal([]byte(f.read(name)), &doc), name)
	return doc
}

// tags reads the tags of a role or policy.
func (f *fakeAWS) tags(kind, name string) map[string]string {
	f.t.Helper()
	out := map[string]string{}
	for _, line := range lines(f.read(kind + "." + name + ".tags")) {
		k, v, _ := strings.Cut(line, "\t")
		out[k] = v
	}
	return out
}

// associations maps cluster/namespace/service account to role ARN.
func (f *fakeAWS) associations() map[string]string {
	f.t.Helper()
	matches, err := filepath.Glob(filepath.Join(f.state, "association.*"))
	require.NoError(f.t, err)
	out := map[string]string{}
	for _, m := range matches {
		fields := strings.Fields(f.read(filepath.Base(m)))
		require.Len(f.t, fields, 5, m)
		out[fields[1]+"/"+fields[2]+"/"+fields[3]] = fields[4]
	}
	return out
}

// assertConverged checks that the account holds what the plan says: every
// role with its settings, tags and one policy; every policy with its
// document and the managed-by tag; the plan's associations and no other.
func (f *fakeAWS) assertConverged(plan *irsa.Plan) {
	t := f.t
	t.Helper()
	managed := plan.Topology().AWS.AccountID + "/" + plan.Clusters()[0].Name + "/" + plan.Namespace()
	for _, r := range plan.Roles() {
		role := "role." + r.Name
		if !assert.Equal(t, r.Path, f.read(role+".path"), "role %s", r.Name) {
			continue
		}
		maxSession := r.MaxSessionDuration
		if maxSession == 0 {
			maxSession = 3600
		}
		assert.Equal(t, strconv.Itoa(maxSession), f.read(role+".max"), "%s: max session", r.Name)
		assert.Equal(t, r.PermissionsBoundary, f.read(role+".boundary"), "%s: boundary", r.Name)
		assert.Contains(t, f.read(role+".description"), managed, "%s: description", r.Name)
		want := map[string]string{awscli.ManagedByKey: managed}
		for k, v := range r.Tags {
			want[k] = v
		}
		assert.Equal(t, want, f.tags("role", r.Name), "%s: tags", r.Name)
		assert.Equal(t, r.PolicyARN, f.read(role+".attached"), "%s: the one attached policy", r.Name)
		assert.Empty(t, f.read(role+".inline"), "%s: no inline policy", r.Name)
		assert.Equal(t, r.TrustPolicy, f.document(role+".trust"), "%s: trust", r.Name)

		policy := "policy." + r.Name
		assert.Equal(t, r.PermissionPolicy, f.document(policy+"."+f.read(policy+".default")), "%s: policy", r.Name)
		assert.Equal(t, map[string]string{awscli.ManagedByKey: managed}, f.tags("policy", r.Name), "%s: policy tags", r.Name)
	}
	want := map[string]string{}
	for _, a := range plan.Associations() {
		want[a.ClusterName+"/"+a.Namespace+"/"+a.ServiceAccount] = a.RoleARN
	}
	got := f.associations()
	for k := range got {
		if !strings.Contains(k, "/"+plan.Namespace()+"/") {
			delete(got, k) // another namespace's
		}
	}
	assert.Equal(t, want, got, "associations")
}

func lines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// writes are the calls that change something.
func writes(calls []string) []string {
	var out []string
	for _, c := range calls {
		fields := strings.Fields(c)
		if len(fields) < 2 {
			continue
		}
		for _, verb := range []string{"create-", "update-", "delete-", "put-", "tag-", "untag-", "attach-", "detach-"} {
			if strings.HasPrefix(fields[1], verb) {
				out = append(out, c)
			}
		}
	}
	return out
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
