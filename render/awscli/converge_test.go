package awscli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/camunda-irsa/camunda-irsa/internal/golden"
	"github.com/camunda-irsa/camunda-irsa/irsa"
)

// optionsPlan is the full example with every role setting on the
// Keycloak role, in the given mode.
func optionsPlan(t *testing.T, mode irsa.Mode) *irsa.Plan {
	t.Helper()
	top := golden.Topologies(t)["full"]
	top.Mode = mode
	kc := *top.Components.Keycloak
	kc.RoleOptions = irsa.RoleOptions{Tags: map[string]string{"team": "search ops=a:b/c@d+e", "cost center": "Grüße"},
		MaxSessionDuration: 7200, PermissionsBoundary: "arn:aws:iam::123456789012:policy/boundary"}
	top.Components.Keycloak = &kc
	plan, err := irsa.NewPlan(top)
	require.NoError(t, err)
	return plan
}

// TestRenderRerunEveryExample runs each example's script on an empty
// account and again: the first run converges, the second writes nothing
// (other partitions, several clusters, Pod Identity included), and every
// IAM and STS call names the topology's region, every EKS call its
// cluster's.
func TestRenderRerunEveryExample(t *testing.T) {
	for name := range golden.Topologies(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			plan := golden.Plan(t, name, "")
			fake := newFakeAWS(t, plan)
			_, first := fake.mustRun()
			assert.Equal(t, len(plan.Roles()), count(first, "iam create-role"))
			assert.Equal(t, len(plan.Associations()), count(first, "eks create-pod-identity-association"))
			fake.assertConverged(plan)
			assertRegions(t, plan, first)
			_, second := fake.mustRun()
			assert.Empty(t, writes(second), "the second run writes nothing")
		})
	}
}

// assertRegions: IAM and STS calls pass the topology's region, so that
// they reach its partition; EKS calls pass the region of their cluster.
func assertRegions(t *testing.T, plan *irsa.Plan, calls []string) {
	t.Helper()
	regions := map[string]string{}
	for _, c := range plan.Clusters() {
		regions[c.Name] = c.Region
	}
	iamRegion := plan.Topology().AWS.Region
	for _, c := range calls {
		fields := strings.Fields(c)
		switch fields[0] {
		case "iam", "sts":
			assert.True(t, strings.HasSuffix(c, " --region "+iamRegion), "%s", c)
		case "eks":
			var cluster, region string
			for i := 2; i+1 < len(fields); i++ {
				switch fields[i] {
				case "--cluster-name", "--name":
					cluster = fields[i+1]
				case "--region":
					region = fields[i+1]
				}
			}
			assert.Equal(t, regions[cluster], region, "%s", c)
		}
	}
}

// TestRenderRestoresWhatWasChanged changes a converged account behind
// the script's back in every way it knows: tags added and changed, the
// maximum session duration, a boundary added to one role and dropped
// from another, both documents, a foreign policy attached, an inline
// policy added, an association pointed elsewhere, and a policy at IAM's
// limit of five versions. One run restores the plan; the next writes
// nothing.
func TestRenderRestoresWhatWasChanged(t *testing.T) {
	for _, mode := range []irsa.Mode{irsa.ModeIRSA, irsa.ModePodIdentity} {
		t.Run(string(mode), func(t *testing.T) {
			t.Parallel()
			plan := optionsPlan(t, mode)
			fake := newFakeAWS(t, plan)
			fake.mustRun()
			fake.assertConverged(plan)

			const role, other = "camunda-opensearch", "camunda-keycloak"
			arn := "arn:aws:iam::123456789012:policy/" + role
			fake.write("tampered.json", "{}\n")
			tampered := "file://" + fake.state + "/tampered.json"
			tamper := [][]string{
				{"iam", "tag-role", "--role-name", role, "--tags", `[{"Key":"camunda-irsa/topology","Value":"x"},{"Key":"extra","Value":"1"}]`},
				{"iam", "untag-role", "--role-name", other, "--tag-keys", "team"},
				{"iam", "update-role", "--role-name", role, "--max-session-duration", "7200", "--description", "mine now"},
				{"iam", "put-role-permissions-boundary", "--role-name", role, "--permissions-boundary", "arn:aws:iam::123456789012:policy/boundary"},
				{"iam", "delete-role-permissions-boundary", "--role-name", other},
				{"iam", "update-assume-role-policy", "--role-name", role, "--policy-document", tampered},
				{"iam", "create-policy", "--policy-name", "foreign", "--policy-document", tampered},
				{"iam", "attach-role-policy", "--role-name", role, "--policy-arn", "arn:aws:iam::123456789012:policy/foreign"},
				{"iam", "put-role-policy", "--role-name", role, "--policy-name", "inline", "--policy-document", tampered},
				{"iam", "tag-policy", "--policy-arn", arn, "--tags", `[{"Key":"extra","Value":"1"}]`},
			}
			for range 4 {
				tamper = append(tamper, []string{"iam", "create-policy-version", "--policy-arn", arn, "--policy-document", tampered, "--set-as-default"})
			}
			if mode == irsa.ModePodIdentity {
				tamper = append(tamper, []string{"eks", "update-pod-identity-association", "--region", "eu-central-1", "--cluster-name", "camunda",
					"--association-id", "a-1", "--role-arn", "arn:aws:iam::123456789012:role/" + other})
			}
			fake.aws(tamper...)

			out, calls := fake.mustRun()
			fake.assertConverged(plan)
			assert.Equal(t, 1, count(calls, "iam delete-policy-version"), "room for the new version")
			assert.Equal(t, 1, count(calls, "iam create-policy-version"))
			assert.Contains(t, out, "updated the trust policy of role "+role)
			assert.Contains(t, fake.policies(), "foreign", "a foreign policy is detached, not deleted")

			_, calls = fake.mustRun()
			assert.Empty(t, writes(calls), "the next run writes nothing")
		})
	}
}

// topologyChange is the full example in Pod Identity mode with every
// role setting on Keycloak, before; after, Web Modeler is gone,
// Orchestration runs as another service account, and Keycloak's settings
// are gone.
func topologyChange(t *testing.T) (before, after *irsa.Plan) {
	t.Helper()
	before = optionsPlan(t, irsa.ModePodIdentity)
	top := golden.Topologies(t)["full"]
	top.Mode = irsa.ModePodIdentity
	top.Components.WebModeler = nil
	orchestration := *top.Components.Orchestration
	orchestration.ServiceAccount = "orchestration-renamed"
	top.Components.Orchestration = &orchestration
	after, err := irsa.NewPlan(top)
	require.NoError(t, err)
	return before, after
}

// appliedBefore is an account on which the script of the topology before
// a change ran, with two more roles with the description the script uses:
// one made by hand, without the managed-by tag, and one of another
// topology.
func appliedBefore(t *testing.T) (*fakeAWS, *irsa.Plan) {
	t.Helper()
	before, after := topologyChange(t)
	fake := newFakeAWS(t, before)
	fake.mustRun()
	fake.assertConverged(before)
	description := "Managed by camunda-irsa for topology 123456789012/camunda/camunda: change the topology and run its aws-cli script again."
	fake.write("trust.json", "{}\n")
	var seed [][]string
	for name, tag := range map[string]string{"by-hand": `[]`, "other-topology": `[{"Key":"camunda-irsa/topology","Value":"123456789012/other/camunda"}]`} {
		seed = append(seed, []string{"iam", "create-role", "--role-name", name, "--path", "/", "--description", description,
			"--assume-role-policy-document", "file://" + fake.state + "/trust.json", "--tags", tag})
	}
	fake.aws(seed...)
	fake.setPlan(after)
	return fake, after
}

// TestRenderConvergesAfterTopologyChange: after a change of the topology,
// one run with PRUNE=1 brings the account to the new plan: settings the
// topology no longer has are reset, and the dropped role, its policy and
// the associations of the dropped and the renamed service account are
// deleted, while the role made by hand and the other topology's stay.
// The next run writes nothing.
func TestRenderConvergesAfterTopologyChange(t *testing.T) {
	t.Parallel()
	fake, after := appliedBefore(t)
	out, _ := fake.mustRun("PRUNE=1")
	assert.Contains(t, out, "deleted role camunda-webmodeler")
	fake.assertConverged(after)
	assert.Equal(t, []string{"by-hand", "camunda-identity", "camunda-keycloak", "camunda-opensearch", "other-topology"}, fake.roles())
	assert.Equal(t, []string{"boundary", "camunda-identity", "camunda-keycloak", "camunda-opensearch"}, fake.policies())

	_, calls := fake.mustRun("PRUNE=1")
	assert.Empty(t, writes(calls), "the next run writes nothing")
}

// TestRenderPrunesOnlyWithPRUNE: without PRUNE=1 the script says what it
// would delete and deletes nothing, but still resets the settings.
func TestRenderPrunesOnlyWithPRUNE(t *testing.T) {
	t.Parallel()
	fake, _ := appliedBefore(t)
	out, calls := fake.mustRun()
	for _, want := range []string{
		"would delete role camunda-webmodeler (run with PRUNE=1 to delete it)",
		"would delete policy arn:aws:iam::123456789012:policy/camunda-webmodeler",
		"would delete the association of camunda:webmodeler-sa on cluster camunda",
		"would delete the association of camunda:orchestration-sa on cluster camunda",
	} {
		assert.Contains(t, out, want)
	}
	assert.Equal(t, 4, strings.Count(out, "would delete"), "%s", out)
	for _, c := range writes(calls) {
		assert.False(t, strings.HasPrefix(c, "iam delete-role ") || strings.HasPrefix(c, "iam delete-policy ") ||
			strings.HasPrefix(c, "eks delete-"), "%s without PRUNE=1", c)
	}
	assert.Contains(t, fake.roles(), "camunda-webmodeler")
	assert.Len(t, fake.associations(), 6, "five before, and the renamed service account's")
	assert.Equal(t, "3600", fake.read("role.camunda-keycloak.max"), "settings are reset without PRUNE=1 too")
}

// TestRenderStops: a failure the script cannot take for "absent" stops
// it with AWS's message, and so does a role on another path than the
// plan's; nothing is created after.
func TestRenderStops(t *testing.T) {
	for name, tc := range map[string]struct {
		fail    string
		seed    func(*fakeAWS)
		message string
	}{
		"access denied on get-role":      {fail: "iam get-role=AccessDenied", message: "(AccessDenied)"},
		"throttled on get-policy":        {fail: "iam get-policy=Throttling", message: "(Throttling)"},
		"access denied on an OIDC probe": {fail: "iam get-open-id-connect-provider=AccessDenied", message: "(AccessDenied)"},
		"role on another path": {
			seed: func(f *fakeAWS) {
				f.write("trust.json", "{}\n")
				f.aws([]string{"iam", "create-role", "--role-name", "camunda-identity", "--path", "/elsewhere/",
					"--assume-role-policy-document", "file://" + f.state + "/trust.json"})
			},
			message: "Role camunda-identity exists on path /elsewhere/, but the topology puts it on /",
		},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fake := newFakeAWS(t, golden.Plan(t, "full", ""))
			if tc.seed != nil {
				tc.seed(fake)
			}
			out, err, calls := fake.run(fake.account, "FAKE_AWS_FAIL="+tc.fail)
			require.Error(t, err, out)
			assert.Contains(t, out, tc.message)
			assert.Zero(t, count(calls, "iam create-role"), "%s", out)
		})
	}
}

// TestRenderPreflight: before it writes anything, the script checks the
// CLI's version, the account, and that what the roles rely on exists,
// and stops naming all that is missing.
func TestRenderPreflight(t *testing.T) {
	for name, tc := range map[string]struct {
		plan     func(*testing.T) *irsa.Plan
		env      []string
		remove   []string
		messages []string
	}{
		"OIDC providers": {
			plan:   func(t *testing.T) *irsa.Plan { return golden.Plan(t, "dual-region", "") },
			remove: []string{"oidc.oidc.eks.eu-central-1.amazonaws.com_id_0123456789ABCDEF0123456789ABCDEF", "oidc.oidc.eks.eu-west-1.amazonaws.com_id_FEDCBA9876543210FEDCBA9876543210"},
			messages: []string{"Nothing was changed. These do not exist:",
				"OIDC provider arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-central-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF",
				"OIDC provider arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/FEDCBA9876543210FEDCBA9876543210"},
		},
		"cluster": {
			plan:     func(t *testing.T) *irsa.Plan { return golden.Plan(t, "dual-region", irsa.ModePodIdentity) },
			remove:   []string{"cluster.eu-west-1.camunda-green"},
			messages: []string{"EKS cluster camunda-green in eu-west-1"},
		},
		"boundary": {
			plan:     func(t *testing.T) *irsa.Plan { return optionsPlan(t, irsa.ModeIRSA) },
			remove:   []string{"policy.boundary.default"},
			messages: []string{"permissions boundary policy arn:aws:iam::123456789012:policy/boundary"},
		},
		"CLI too old for Pod Identity": {
			plan:     func(t *testing.T) *irsa.Plan { return golden.Plan(t, "pod-identity", "") },
			env:      []string{"FAKE_AWS_VERSION=2.13.9"},
			messages: []string{"This script needs AWS CLI 2.14 or later; aws --version says: aws-cli/2.13.9"},
		},
		"CLI version 1": {
			plan:     func(t *testing.T) *irsa.Plan { return golden.Plan(t, "full", "") },
			env:      []string{"FAKE_AWS_VERSION=1.33.0"},
			messages: []string{"This script needs AWS CLI 2.0 or later"},
		},
		"other account": {
			plan:     func(t *testing.T) *irsa.Plan { return golden.Plan(t, "full", "") },
			env:      []string{"FAKE_AWS_ACCOUNT=999999999999"},
			messages: []string{"The AWS credentials are for account 999999999999, the topology is for account 123456789012."},
		},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fake := newFakeAWS(t, tc.plan(t))
			for _, name := range tc.remove {
				require.NoError(t, os.Remove(filepath.Join(fake.state, name)))
			}
			out, err, calls := fake.run(fake.account, tc.env...)
			require.Error(t, err, out)
			for _, m := range tc.messages {
				assert.Contains(t, out, m)
			}
			assert.Empty(t, writes(calls), "nothing is written")
		})
	}
}
