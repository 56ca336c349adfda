package awscli_test

import (
	"testing"

	"github.com/camunda-irsa/camunda-irsa/internal/golden"
	"github.com/camunda-irsa/camunda-irsa/irsa"
	"github.com/camunda-irsa/camunda-irsa/render/awscli"
)

// Generate no longer parses its own script before handing it out (that
// was most of its time); these tests do, for every example and for
// plans with arbitrary strings wherever the script writes one.

func TestEveryExampleScriptParses(t *testing.T) {
	for name, top := range golden.Topologies(t) {
		for _, line := range irsa.ChartLines() {
			for _, mode := range []irsa.Mode{irsa.ModeIRSA, irsa.ModePodIdentity} {
				top.Chart, top.Mode = line, mode
				plan, err := irsa.NewPlan(top)
				if err != nil {
					continue
				}
				t.Run(name+"/"+line+"/"+string(mode), func(t *testing.T) { parse(t, generate(t, plan)) })
			}
		}
	}
}

// oddPlan is a hand-built plan with s in every string the script holds.
func oddPlan(s string) *irsa.Plan {
	policy := irsa.NewPolicy(irsa.Statement{Sid: s, Effect: irsa.Effect(s), Action: irsa.Strings{s}, Resource: irsa.Strings{s, s},
		Principal: &irsa.Principal{Federated: irsa.Strings{s}}, Condition: irsa.Condition{s: {s: irsa.Strings{s}}}})
	role := func(name string) irsa.Role {
		return irsa.Role{Name: name, ARN: s, Path: s, PermissionsBoundary: s, MaxSessionDuration: 3600,
			Tags: map[string]string{s: s, "b": s}, ServiceAccounts: []irsa.ServiceAccountRef{{Namespace: s, Name: s}},
			TrustPolicy: policy, PermissionPolicy: policy, Notes: []string{s}}
	}
	return &irsa.Plan{
		Topology:  irsa.Topology{AWS: irsa.AWS{AccountID: s, Region: s}, Clusters: []irsa.Cluster{{Name: s, Region: s}}},
		Partition: irsa.Partition{Name: s},
		Roles:     []irsa.Role{role(s), role("plain")},
		Associations: []irsa.PodIdentityAssociation{{ClusterName: s, Namespace: s, ServiceAccount: s, RoleName: s, RoleARN: s},
			{ClusterName: "other", Namespace: s, ServiceAccount: s, RoleName: "plain", RoleARN: s}},
	}
}

func FuzzGenerateParses(f *testing.F) {
	for _, s := range []string{"", "plain", "it's", "''", "$HOME ${x} $(id) `id`", "a\nb\tc", `back\slash "dq"`, "!history",
		"*?[glob]", "POLICY", "\nPOLICY\n", "# comment", "\r\x00\x7f", "é\u2028", "\xff", "; rm -rf / #", "<<'EOF'"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, err := awscli.Generate(oddPlan(s))
		if err != nil {
			return // a document holding the heredoc's end line is refused
		}
		parse(t, out)
	})
}
