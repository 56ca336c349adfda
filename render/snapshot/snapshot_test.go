package snapshot_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"mvdan.cc/sh/v3/expand"
	"mvdan.cc/sh/v3/syntax"

	"github.com/camunda-irsa/camunda-irsa/internal/golden"
	"github.com/camunda-irsa/camunda-irsa/internal/shellcheck"
	"github.com/camunda-irsa/camunda-irsa/irsa"
	"github.com/camunda-irsa/camunda-irsa/render/snapshot"
)

// TestGolden pins the script of every example with a backup bucket and
// an OpenSearch domain, under its own chart line: the registration does
// not depend on the line.
func TestGolden(t *testing.T) {
	golden.Pin(t, golden.Artifact{File: snapshot.FileName, Generate: snapshot.Render,
		NotApplicable: []error{snapshot.ErrNoSnapshotRepository}})
}

const kmsKey = "arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"

// topology is Orchestration and Optimize on OpenSearch with backups to
// S3, on chart 8.8 in eu-central-1.
func topology(backup irsa.Backup) irsa.Topology {
	return irsa.Topology{
		APIVersion: irsa.APIVersion, Kind: irsa.Kind, Chart: "8.8", Namespace: "camunda",
		AWS: irsa.AWS{AccountID: "123456789012", Region: "eu-central-1"},
		Cluster: irsa.Cluster{Name: "camunda",
			OIDCIssuer: "https://oidc.eks.eu-central-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF"},
		OpenSearch: &irsa.OpenSearch{Domain: "camunda", Endpoint: "vpc-camunda-abcdefghijklmnopqrstuvwxyz.eu-central-1.es.amazonaws.com"},
		Backup:     &backup,
		Components: irsa.Components{
			Orchestration: &irsa.OrchestrationComponent{ServiceAccount: "orchestration-sa"},
			Optimize:      &irsa.Component{ServiceAccount: "optimize-sa"},
		},
	}
}

// chinaTopology is the same in aws-cn, with a repository name of its own.
func chinaTopology() irsa.Topology {
	top := topology(irsa.Backup{S3Location: irsa.S3Location{Bucket: "c8-backups"}, RepositoryName: "c8_web-apps"})
	top.AWS.Region = "cn-northwest-1"
	top.Cluster.OIDCIssuer = "https://oidc.eks.cn-northwest-1.amazonaws.com.cn/id/0123456789ABCDEF0123456789ABCDEF"
	top.OpenSearch.Endpoint = "vpc-camunda-abcdefghijklmnopqrstuvwxyz.cn-northwest-1.es.amazonaws.com.cn"
	top.RoleNamePrefix = "c8-"
	return top
}

// renderCase is a topology and what its script must register.
type renderCase struct {
	name     string
	top      irsa.Topology
	repo     string
	sigV4    string
	settings snapshot.Settings
	kms      bool
}

func renderCases() []renderCase {
	return []renderCase{
		{name: "whole bucket", top: topology(irsa.Backup{S3Location: irsa.S3Location{Bucket: "camunda-backups"}}),
			repo: "camunda", sigV4: "aws:amz:eu-central-1:es",
			settings: snapshot.Settings{Bucket: "camunda-backups", BasePath: "opensearch", Region: "eu-central-1",
				RoleARN: "arn:aws:iam::123456789012:role/camunda-opensearch-snapshots"}},
		{name: "prefix and KMS key",
			top:  topology(irsa.Backup{S3Location: irsa.S3Location{Bucket: "camunda-backups", Prefix: "prod/camunda/", KMSKeyARN: kmsKey}}),
			repo: "camunda", sigV4: "aws:amz:eu-central-1:es", kms: true,
			settings: snapshot.Settings{Bucket: "camunda-backups", BasePath: "prod/camunda/opensearch", Region: "eu-central-1",
				RoleARN: "arn:aws:iam::123456789012:role/camunda-opensearch-snapshots"}},
		{name: "china, repository name", top: chinaTopology(), repo: "c8_web-apps", sigV4: "aws:amz:cn-northwest-1:es",
			settings: snapshot.Settings{Bucket: "c8-backups", BasePath: "opensearch", Region: "cn-northwest-1",
				RoleARN: "arn:aws-cn:iam::123456789012:role/c8-camunda-opensearch-snapshots"}},
	}
}

func (c renderCase) plan(t *testing.T) *irsa.Plan {
	t.Helper()
	p, err := irsa.NewPlan(c.top)
	require.NoError(t, err)
	return p
}

// script is what the tests read out of a generated script.
type script struct {
	file    *syntax.File
	assigns map[string]string   // top-level literal assignments, quotes removed
	hdocs   map[string][]string // heredoc bodies by (quoted) delimiter
	calls   [][]*syntax.Word    // every simple command
	funcs   map[string]*syntax.FuncDecl
}

func parse(t *testing.T, src []byte) script {
	t.Helper()
	f, err := syntax.NewParser(syntax.Variant(syntax.LangBash)).Parse(strings.NewReader(string(src)), snapshot.FileName)
	require.NoError(t, err, "the script parses as bash")
	s := script{file: f, assigns: map[string]string{}, hdocs: map[string][]string{}, funcs: map[string]*syntax.FuncDecl{}}
	for _, stmt := range f.Stmts {
		if call, ok := stmt.Cmd.(*syntax.CallExpr); ok && len(call.Args) == 0 {
			for _, a := range call.Assigns {
				if a.Value != nil && len(a.Value.Parts) == 1 {
					if _, quoted := a.Value.Parts[0].(*syntax.SglQuoted); quoted {
						s.assigns[a.Name.Value] = words(t, a.Value)[0]
					}
				}
			}
		}
	}
	syntax.Walk(f, func(n syntax.Node) bool {
		switch n := n.(type) {
		case *syntax.Redirect:
			if n.Op == syntax.Hdoc {
				q, ok := n.Word.Parts[0].(*syntax.SglQuoted)
				require.True(t, ok && len(n.Word.Parts) == 1, "heredoc delimiters are quoted, so nothing in the body expands")
				s.hdocs[q.Value] = append(s.hdocs[q.Value], n.Hdoc.Lit())
			}
		case *syntax.CallExpr:
			if len(n.Args) > 0 {
				s.calls = append(s.calls, n.Args)
			}
		case *syntax.FuncDecl:
			s.funcs[n.Name.Value] = n
		}
		return true
	})
	return s
}

// words expands literal words as bash would, without the environment.
func words(t *testing.T, ws ...*syntax.Word) []string {
	t.Helper()
	out, err := expand.Fields(nil, ws...)
	require.NoError(t, err)
	return out
}

func printed(w *syntax.Word) string {
	var b strings.Builder
	_ = syntax.NewPrinter().Print(&b, w)
	return b.String()
}

// TestRender reads the scripts of topologies built here back: the request
// body, the settings the GET answer is compared with, and the signing.
func TestRender(t *testing.T) {
	for _, c := range renderCases() {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			plan := c.plan(t)
			role, ok := plan.SnapshotRole()
			require.True(t, ok)
			require.Equal(t, c.settings.RoleARN, role.ARN, "the snapshot role of the plan")
			out, err := snapshot.Render(plan)
			require.NoError(t, err)
			s := parse(t, out)

			assert.Equal(t, c.repo, s.assigns["repository"])
			assert.Equal(t, c.settings.RoleARN, s.assigns["role_arn"])
			assert.Contains(t, string(out), `url="https://${OPENSEARCH_ENDPOINT}"'/_snapshot/`+c.repo+`'`)
			assert.Contains(t, string(out), "OPENSEARCH_ENDPOINT=${OPENSEARCH_ENDPOINT:-'"+c.top.OpenSearch.Endpoint+"'}")

			require.Len(t, s.hdocs["REPOSITORY"], 1)
			var body map[string]any
			require.NoError(t, json.Unmarshal([]byte(s.hdocs["REPOSITORY"][0]), &body), "the PUT body is JSON")
			assert.Equal(t, map[string]any{"type": "s3", "settings": map[string]any{
				"bucket": c.settings.Bucket, "base_path": c.settings.BasePath, "region": c.settings.Region, "role_arn": c.settings.RoleARN,
			}}, body, "exactly these settings; no server_side_encryption, even with a KMS key")
			assert.False(t, strings.HasPrefix(c.settings.BasePath, "/") || strings.HasSuffix(c.settings.BasePath, "/"))

			// The settings compared with the GET answer, spelled as
			// OpenSearch answers them.
			var compared, absent []string
			syntax.Walk(s.funcs["registered"], func(n syntax.Node) bool {
				switch n := n.(type) {
				case *syntax.ForClause:
					compared = words(t, n.Loop.(*syntax.WordIter).Items...)
				case *syntax.Stmt:
					if call, ok := n.Cmd.(*syntax.CallExpr); ok && n.Negated && call.Args[0].Lit() == "grep" {
						absent = words(t, call.Args[2])
					}
				}
				return true
			})
			assert.Equal(t, []string{`"type":"s3"`, `"bucket":"` + c.settings.Bucket + `"`, `"base_path":"` + c.settings.BasePath + `"`,
				`"region":"` + c.settings.Region + `"`, `"role_arn":"` + c.settings.RoleARN + `"`}, compared)
			if c.kms {
				assert.Equal(t, []string{`"server_side_encryption":"true"`}, absent, "SSE-S3 would replace the bucket's KMS key")
				assert.Contains(t, string(out), "#   "+kmsKey+"\n")
			} else {
				assert.Empty(t, absent)
				assert.NotContains(t, string(out), "KMS")
			}

			// Signed for es in the region, with the credentials from the
			// environment; every request goes through it, and no other
			// credential is in the script.
			var signing []string
			curls := 0
			for _, args := range s.calls {
				if args[0].Lit() != "curl" {
					continue
				}
				curls++
				all := make([]string, len(args))
				for i, a := range args {
					all[i] = printed(a)
				}
				assert.Contains(t, all, `"${sign[@]}"`)
				assert.Equal(t, `"$url"`, all[len(all)-1])
			}
			assert.Equal(t, 2, curls, "GET and PUT")
			syntax.Walk(s.file, func(n syntax.Node) bool {
				if a, ok := n.(*syntax.Assign); ok && a.Name.Value == "sign" && a.Array != nil {
					for _, e := range a.Array.Elems {
						signing = append(signing, printed(e.Value))
					}
				}
				return true
			})
			assert.Equal(t, []string{"--aws-sigv4", "'" + c.sigV4 + "'", "--user", `"$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY"`, "-H",
				`"x-amz-security-token: $AWS_SESSION_TOKEN"`}, signing)

			// The note the brief asks for, in the comments and printed.
			assert.Contains(t, string(out), "# The principal those credentials belong to needs iam:PassRole on the\n# snapshot role")
			assert.Contains(t, string(out), "be mapped to the OpenSearch role manage_snapshots")
			assert.Contains(t, string(out), `echo "note: registering the repository needs iam:PassRole on $role_arn and, with fine-grained access control, a mapping of the caller to the OpenSearch role manage_snapshots`)
		})
	}
}

// TestShellCheck runs ShellCheck over the scripts of the topologies above
// and of every example that has a snapshot repository.
func TestShellCheck(t *testing.T) {
	scripts := map[string][]byte{}
	for _, c := range renderCases() {
		out, err := snapshot.Render(c.plan(t))
		require.NoError(t, err)
		scripts[strings.ReplaceAll(c.name, " ", "-")+"/"+snapshot.FileName] = out
	}
	for key, plan := range golden.Plans(t) {
		out, err := snapshot.Render(plan)
		if errors.Is(err, snapshot.ErrNoSnapshotRepository) {
			continue
		}
		require.NoError(t, err, key)
		scripts[key+"/"+snapshot.FileName] = out
	}
	shellcheck.Check(t, scripts)
}

func TestNewRegistration(t *testing.T) {
	for _, c := range renderCases() {
		reg, err := snapshot.NewRegistration(c.plan(t))
		require.NoError(t, err, c.name)
		assert.Equal(t, snapshot.Registration{Name: c.repo, Body: snapshot.Repository{Type: "s3", Settings: c.settings}}, reg, c.name)
	}
}

func TestErrors(t *testing.T) {
	for _, p := range []*irsa.Plan{nil, {}} {
		out, err := snapshot.Render(p)
		assert.ErrorIs(t, err, irsa.ErrNoPlan)
		assert.Nil(t, out)
		_, err = snapshot.NewRegistration(p)
		assert.ErrorIs(t, err, irsa.ErrNoPlan)
	}
	noBackup := topology(irsa.Backup{})
	noBackup.Backup = nil
	// Orchestration with secondary storage on Aurora: Zeebe's backups
	// need no OpenSearch, and there is no domain to register a repository
	// on.
	noSearch := golden.Topologies(t)["aurora-only"]
	noSearch.Chart = "8.9"
	noSearch.Components.Orchestration = &irsa.OrchestrationComponent{ServiceAccount: "orchestration", Database: "camunda", DBUser: "camunda"}
	noSearch.Backup = &irsa.Backup{S3Location: irsa.S3Location{Bucket: "camunda-backups"}}
	for name, top := range map[string]irsa.Topology{"no backup": noBackup, "no opensearch": noSearch} {
		plan, err := irsa.NewPlan(top)
		require.NoError(t, err, name)
		_, err = snapshot.Render(plan)
		assert.ErrorIs(t, err, snapshot.ErrNoSnapshotRepository, name)
	}
}
