package awscli_test

import (
	"testing"

	"github.com/camunda-irsa/camunda-irsa/internal/golden"
	"github.com/camunda-irsa/camunda-irsa/irsa"
	"github.com/camunda-irsa/camunda-irsa/render/awscli"
)

// Render does not parse its own script before handing it out; these
// tests do, for every example and for plans with arbitrary values
// wherever validation lets them through.

func TestEveryExampleScriptParses(t *testing.T) {
	for name, top := range golden.Topologies(t) {
		for _, line := range irsa.ChartLineNames() {
			for _, mode := range []irsa.Mode{irsa.ModeIRSA, irsa.ModePodIdentity} {
				top.Chart, top.Mode = line, mode
				plan, err := irsa.NewPlan(top)
				if err != nil {
					continue
				}
				t.Run(name+"/"+line+"/"+string(mode), func(t *testing.T) { parse(t, render(t, plan)) })
			}
		}
	}
}

// FuzzRenderParses puts arbitrary strings where a topology may hold the
// most varied text (a role path and a boundary policy name, any printable
// ASCII; tag keys and values, letters and spaces of any script): whatever
// validation accepts must give a script that parses, with every value
// intact.
func FuzzRenderParses(f *testing.F) {
	for _, s := range []string{"plain", "it's", "''", "$HOME ${x} $(id) `id`", `back\slash "dq"`, "!history",
		"*?[glob]", "POLICY", "# comment", "é\u00a0\u2028", "; rm -rf / #", "<<'EOF'"} {
		f.Add(s, s, s)
	}
	top := golden.Topologies(f)["full"]
	f.Fuzz(func(t *testing.T, path, boundary, tag string) {
		top := top
		top.Mode = irsa.ModePodIdentity
		top.RoleDefaults = irsa.RoleOptions{Path: "/" + path + "/", Tags: map[string]string{tag: tag},
			PermissionsBoundary: "arn:aws:iam::123456789012:policy/" + boundary}
		plan, err := irsa.NewPlan(top)
		if err != nil {
			return // validation refused a value
		}
		out, err := awscli.Render(plan)
		if err != nil {
			if tag == awscli.ManagedByKey {
				return // the script's own tag
			}
			t.Fatalf("a valid plan must render: %v", err)
		}
		for _, r := range ensureRoles(t, parse(t, out)) {
			if r.Path != "/"+path+"/" || r.Boundary != top.RoleDefaults.PermissionsBoundary {
				t.Fatalf("path %q and boundary %q reached ensure_role as %q and %q", "/"+path+"/",
					top.RoleDefaults.PermissionsBoundary, r.Path, r.Boundary)
			}
		}
	})
}
