package terraform_test

import (
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/unicode/norm"

	"github.com/camunda-irsa/camunda-irsa/internal/golden"
	"github.com/camunda-irsa/camunda-irsa/irsa"
	"github.com/camunda-irsa/camunda-irsa/render/terraform"
)

// oddStrings need escaping in HCL, read as template sequences, HCL
// keywords or numbers, or are not ASCII.
var oddStrings = []string{"", "a", "true", "null", "9a", "a.b", "a:b/c", `"q"`, `back\slash`, `\"}`, "${var.x}", "${", "%{if true}x%{endif}",
	"%{", "$${x}", "%%{x}", "$", "%", "line\nbreak", "tab\t", "cr\r", "\x00\x7f", "\u2028", "\u00e9", "日本", "🙂", "<&>", "a b", "}", "#", "//", "/*",
	// Not in normal form C: Render refuses them.
	"a$\u0301", "e\u0301", "\u1100\u1161"}

// oddPolicy uses every part of a policy, with s wherever a string goes.
func oddPolicy(s string) irsa.PolicyDocument {
	return irsa.NewPolicy(
		irsa.Statement{Sid: s, Effect: irsa.Effect(s), Action: irsa.Strings{s}, Resource: irsa.Strings{s, s + "2"},
			Principal: &irsa.Principal{AWS: irsa.Strings{s}, Federated: irsa.Strings{s + "f"}, Service: irsa.Strings{s, "x"}},
			Condition: irsa.Condition{s: {s: irsa.Strings{s}, "k": {s, s}}, "StringEquals": {s + "k": irsa.Strings{"v"}}}},
		irsa.Allowing(s+"-2", []string{"s3:GetObject"}, "*"),
	)
}

// TestPolicyDocumentRoundTrip: whatever a document holds, the data block
// evaluates to it without interpolation, or Render refuses it.
func TestPolicyDocumentRoundTrip(t *testing.T) {
	for _, s := range oddStrings {
		if !norm.NFC.IsNormalString(s) {
			_, err := terraform.PolicyDocumentFile("doc", oddPolicy(s))
			assert.ErrorContains(t, err, "not in Unicode normal form C", "%q", s)
			continue
		}
		checkPolicyRoundTrip(t, oddPolicy(s))
	}
	checkPolicyRoundTrip(t, irsa.NewPolicy())
}

func checkPolicyRoundTrip(t testing.TB, doc irsa.PolicyDocument) {
	t.Helper()
	src, err := terraform.PolicyDocumentFile("doc", doc)
	require.NoError(t, err)
	assert.Equal(t, string(hclwrite.Format(src)), string(src), "formatting again changes the output")
	got := decodeDocument(t, parse(t, src).block(t, "data.aws_iam_policy_document.doc"))
	assert.Equal(t, normalize(doc), normalize(got), "%s", src)
}

// TestPolicyDocumentRefuses documents the data source would change or
// reject.
func TestPolicyDocumentRefuses(t *testing.T) {
	for name, tc := range map[string]struct {
		doc  irsa.PolicyDocument
		want string
	}{
		"&{ in a resource": {irsa.NewPolicy(irsa.Allowing("A", []string{"s3:GetObject"}, "arn:aws:s3:::b/&{aws:username}")), `holds "&{"`},
		"&{ in a principal": {irsa.NewPolicy(irsa.Statement{Effect: irsa.Allow, Action: irsa.Strings{"sts:AssumeRole"},
			Principal: &irsa.Principal{AWS: irsa.Strings{"&{x}"}}}), `holds "&{"`},
		"&{ in a condition value": {irsa.NewPolicy(irsa.Statement{Effect: irsa.Allow, Action: irsa.Strings{"sts:AssumeRole"},
			Condition: irsa.Condition{"StringLike": {"k": {"a", "&{x}"}}}}), `holds "&{"`},
		"duplicate Sid": {irsa.NewPolicy(irsa.Allowing("A", []string{"s3:GetObject"}, "*"), irsa.Allowing("A", []string{"s3:PutObject"}, "*")),
			`Sid "A" is not unique`},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := terraform.PolicyDocumentFile("doc", tc.doc)
			assert.ErrorContains(t, err, tc.want)
		})
	}
	// "&{" where the data source leaves it alone is written as it is.
	checkPolicyRoundTrip(t, irsa.NewPolicy(irsa.Statement{Sid: "&{", Effect: irsa.Allow, Action: irsa.Strings{"&{x}"},
		Condition: irsa.Condition{"&{": {"&{k": {"v"}}}}))
}

// TestRenderEscapesTopologyStrings puts template sequences, quotes and
// backslashes wherever a topology lets them through NewPlan, and checks
// that the configuration holds them literally; where NewPlan refuses
// them, no configuration can.
func TestRenderEscapesTopologyStrings(t *testing.T) {
	for _, tc := range []struct {
		name   string
		edit   func(*irsa.Topology)
		reject bool
	}{
		{name: "path ${", edit: func(top *irsa.Topology) { top.RoleDefaults.Path = "/${var.x}/" }},
		{name: "path %{", edit: func(top *irsa.Topology) { top.RoleDefaults.Path = "/%{x}/%{if(true)}y%{endif}/" }},
		{name: "path quote", edit: func(top *irsa.Topology) { top.RoleDefaults.Path = `/a"b/` }},
		{name: "path backslash", edit: func(top *irsa.Topology) { top.RoleDefaults.Path = `/a\"}/` }},
		{name: "path $${", edit: func(top *irsa.Topology) { top.RoleDefaults.Path = "/$${x}/%%{y}/" }},
		{name: "tag value ${", edit: func(top *irsa.Topology) { top.RoleDefaults.Tags = map[string]string{"k": "${x}"} }, reject: true},
		{name: "tag value %{", edit: func(top *irsa.Topology) { top.RoleDefaults.Tags = map[string]string{"k": "%{if}"} }, reject: true},
		{name: "tag value quote", edit: func(top *irsa.Topology) { top.RoleDefaults.Tags = map[string]string{"k": `a"b`} }, reject: true},
		{name: "tag value backslash", edit: func(top *irsa.Topology) { top.RoleDefaults.Tags = map[string]string{"k": `a\b`} }, reject: true},
		{name: "tag key ${", edit: func(top *irsa.Topology) { top.RoleDefaults.Tags = map[string]string{"${x}": "v"} }, reject: true},
		{name: "tag key quote", edit: func(top *irsa.Topology) { top.RoleDefaults.Tags = map[string]string{`"`: "v"} }, reject: true},
		{name: "role name ${", edit: func(top *irsa.Topology) { top.Components.Orchestration.RoleName = "${x}" }, reject: true},
		{name: "role name quote", edit: func(top *irsa.Topology) { top.Components.Orchestration.RoleName = `a"b` }, reject: true},
		{name: "prefix %{", edit: func(top *irsa.Topology) { top.RoleNamePrefix = "%{x}" }, reject: true},
		{name: "service account ${", edit: func(top *irsa.Topology) { top.Components.Orchestration.ServiceAccount = "${x}" }, reject: true},
		{name: "cluster name quote", edit: func(top *irsa.Topology) { top.Cluster.Name = `c"` }, reject: true},
		{name: "tags beyond ASCII", edit: func(top *irsa.Topology) {
			top.RoleDefaults.Tags = map[string]string{"\u00e9quipe": "donn\u00e9es", "チーム": "\uac00", "a b": "", "z": "a\u2028b"}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			top := golden.Topologies(t)["full"]
			tc.edit(&top)
			plan, err := irsa.NewPlan(top)
			if tc.reject {
				require.Error(t, err, "NewPlan accepts it; Render must then escape it: move the case up")
				return
			}
			require.NoError(t, err)
			out := render(t, plan)
			checkConfig(t, plan, out)
			assert.NotContains(t, strings.ReplaceAll(string(out), "$${", ""), "${", "every ${ is escaped")
			assert.NotContains(t, strings.ReplaceAll(string(out), "%%{", ""), "%{", "every %{ is escaped")
		})
	}
}

// TestRenderRefusesDenormalisedTags: IAM's tag alphabet allows
// decomposed Hangul, which Terraform would compose; Render says so rather
// than write tags AWS would store differently.
func TestRenderRefusesDenormalisedTags(t *testing.T) {
	for _, tags := range []map[string]string{{"k": "\u1100\u1161"}, {"\u1100\u1161": "v"}} {
		top := golden.Topologies(t)["full"]
		top.RoleDefaults.Tags = tags
		plan, err := irsa.NewPlan(top)
		require.NoError(t, err, "NewPlan refuses it now: drop the check from tagsValue")
		_, err = terraform.Render(plan)
		assert.ErrorContains(t, err, "not in Unicode normal form C")
	}
}

// FuzzRender puts one string wherever a topology takes free text; for
// every topology NewPlan accepts, the configuration must parse, hold
// every value literally and match the plan.
func FuzzRender(f *testing.F) {
	for _, s := range oddStrings {
		f.Add(s)
	}
	f.Add("/camunda/")
	f.Add("camunda-x")
	full := golden.Topologies(f)["full"]
	// fresh copies what the edits change through pointers.
	fresh := func() irsa.Topology {
		top := full
		orchestration, optimize, search := *full.Components.Orchestration, *full.Components.Optimize, *full.OpenSearch
		top.Components.Orchestration, top.Components.Optimize, top.OpenSearch = &orchestration, &optimize, &search
		return top
	}
	edits := []func(*irsa.Topology, string){
		func(t *irsa.Topology, s string) { t.RoleDefaults.Path = s },
		func(t *irsa.Topology, s string) { t.RoleDefaults.Path = "/" + s + "/" },
		func(t *irsa.Topology, s string) { t.RoleDefaults.Tags = map[string]string{"k": s} },
		func(t *irsa.Topology, s string) { t.RoleDefaults.Tags = map[string]string{s: "v"} },
		func(t *irsa.Topology, s string) { t.RoleDefaults.PermissionsBoundary = s },
		func(t *irsa.Topology, s string) { t.RoleNamePrefix = s },
		func(t *irsa.Topology, s string) { t.Components.Orchestration.RoleName = s },
		func(t *irsa.Topology, s string) { t.Components.Optimize.ServiceAccount = s },
		func(t *irsa.Topology, s string) { t.Namespace = s },
		func(t *irsa.Topology, s string) { t.Cluster.Name = s; t.Mode = irsa.ModePodIdentity },
		func(t *irsa.Topology, s string) { t.OpenSearch.Domain = s },
		func(t *irsa.Topology, s string) {
			t.ElasticsearchBackup = &irsa.ElasticsearchBackup{Bucket: "bucket", BasePath: s}
			t.Components.Elasticsearch = &irsa.Component{ServiceAccount: "es-sa"}
		},
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, edit := range edits {
			top := fresh()
			edit(&top, s)
			plan, err := irsa.NewPlan(top)
			if err != nil {
				continue
			}
			out, err := terraform.Render(plan)
			if err != nil && !norm.NFC.IsNormalString(s) {
				continue // TestRenderRefusesDenormalisedTags
			}
			require.NoError(t, err)
			checkConfig(t, plan, out)
			require.Equal(t, string(hclwrite.Format(out)), string(out), "formatting again changes the output")
		}
	})
}
