package helmchart

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/yaml"

	"github.com/camunda-irsa/camunda-irsa/irsa"
)

// verifyAfter renders a line with its overlay and one after-file and
// verifies against the line's full topology.
func verifyAfter(t *testing.T, line, after string) Report {
	t.Helper()
	afterFile := file("after.yaml", after)
	r := renderLine(t, line, nil, []ValuesFile{afterFile})
	return Verify(r.Manifests, newPlan(t, fullTopology(line)),
		VerifyOptions{Overlay: parsed(t, lineOverlay(t, line)), After: []ValuesFile{afterFile}})
}

// The headline case: a user file passed after the overlay renames
// Identity's service account; verify fails and names the key and file.
func TestVerifyNamesAfterFileThatRenamesServiceAccount(t *testing.T) {
	for _, line := range irsa.ChartLineNames() {
		t.Run(line, func(t *testing.T) {
			report := verifyAfter(t, line, "identity:\n  serviceAccount:\n    name: my-identity\n")
			require.True(t, report.Failed())
			fails := failed(report)
			require.Len(t, fails, 1, "report:\n%s", report)
			f := fails[0]
			assert.Equal(t, "identity Deployment/camunda-identity: service account", f.Name)
			assert.Equal(t, "runs under service account my-identity, but role camunda-identity trusts only camunda:identity-sa", f.Message)
			require.Len(t, f.Causes, 1)
			assert.Equal(t, "key identity.serviceAccount.name set by after.yaml", f.Causes[0].String())
			assert.Equal(t, `after.yaml sets identity.serviceAccount.name to "my-identity" (the overlay sets "identity-sa")`, f.Causes[0].Describe())
			assert.Contains(t, report.String(),
				"FAIL identity Deployment/camunda-identity: service account: runs under service account my-identity, "+
					"but role camunda-identity trusts only camunda:identity-sa [key identity.serviceAccount.name set by after.yaml]\n")

			warns := withStatus(report, StatusWarn)
			require.Len(t, warns, 1)
			assert.Equal(t, "values-after", warns[0].Name)
		})
	}
}

func TestVerifyFailures(t *testing.T) {
	tests := []struct {
		name   string
		line   string
		after  string
		check  string
		want   string
		causes []string
	}{
		{
			name:   "service account switched off: the pod would reference a missing account",
			line:   "8.8",
			after:  "identity: {serviceAccount: {enabled: false}}",
			check:  "identity Deployment/camunda-identity: service account",
			want:   "runs under identity-sa, which neither the chart nor camunda-irsa's ServiceAccount manifests create; the pod cannot start",
			causes: []string{"key identity.serviceAccount.enabled set by after.yaml"},
		},
		{
			name:   "service account switched off and unnamed: the default account",
			line:   "8.7",
			after:  "zeebe: {serviceAccount: {enabled: false, name: \"\"}}",
			check:  "zeebe StatefulSet/camunda-zeebe: service account",
			want:   "runs under the namespace's default service account, not zeebe-sa, so it gets no role (AWS calls fall back to the node's role)",
			causes: []string{"key zeebe.serviceAccount.enabled set by after.yaml", "key zeebe.serviceAccount.name set by after.yaml"},
		},
		{
			name:   "role annotation removed",
			line:   "8.8",
			after:  "webModeler: {serviceAccount: {annotations: null}}",
			check:  "webModeler Deployment/camunda-web-modeler-restapi: service account",
			want:   "runs under webmodeler-sa, rendered without the eks.amazonaws.com/role-arn annotation (want arn:aws:iam::123456789012:role/camunda-webmodeler)",
			causes: []string{`key webModeler.serviceAccount.annotations.eks\.amazonaws\.com/role-arn set by after.yaml`},
		},
		{
			name:   "role annotation pointing at another role",
			line:   "8.9",
			after:  "identityKeycloak: {serviceAccount: {annotations: {eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/other}}}",
			check:  "keycloak StatefulSet/camunda-keycloak: service account",
			want:   "runs under keycloak-sa, rendered with eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/other, want arn:aws:iam::123456789012:role/camunda-keycloak",
			causes: []string{`key identityKeycloak.serviceAccount.annotations.eks\.amazonaws\.com/role-arn set by after.yaml`},
		},
		{
			name:  "a Job of the chart that names no service account runs under default",
			line:  "8.8",
			after: "orchestration: {migration: {data: {enabled: true}}}",
			check: "orchestration Job/camunda-zeebe-migration-data: service account",
			want:  "runs under the namespace's default service account, not orchestration-sa, so it gets no role (AWS calls fall back to the node's role)",
		},
		{
			name:   "component switched off",
			line:   "8.8",
			after:  "optimize: {enabled: false}",
			check:  "optimize: workloads",
			want:   "the chart renders no Deployment, StatefulSet, Job or CronJob of optimize (is optimize.enabled true?)",
			causes: []string{"key optimize.enabled set by after.yaml"},
		},
		{
			name:   "Identity's env replaced by the user's own list",
			line:   "8.8",
			after:  "identity: {env: [{name: LOG_LEVEL, value: debug}]}",
			check:  "identity Deployment/camunda-identity: JDBC wrapper",
			want:   `container identity: SPRING_DATASOURCE_DRIVER_CLASS_NAME is not set (want "software.amazon.jdbc.Driver"); container identity: SPRING_DATASOURCE_URL is "jdbc:postgresql://camunda.cluster-c1a2b3c4d5e6.eu-central-1.rds.amazonaws.com:5432/identity" (ConfigMap camunda-identity-configuration, application.yaml), want a jdbc:aws-wrapper:postgresql:// URL with wrapperPlugins=iam`,
			causes: []string{"key identity.env set by after.yaml"},
		},
		{
			name:   "Keycloak's driver switched back",
			line:   "8.7",
			after:  "identityKeycloak: {extraEnvVars: [{name: KEYCLOAK_JDBC_DRIVER, value: postgresql}, {name: KEYCLOAK_JDBC_PARAMS, value: wrapperPlugins=iam}, {name: KEYCLOAK_EXTRA_ARGS, value: --db-driver=software.amazon.jdbc.Driver}]}",
			check:  "keycloak StatefulSet/camunda-keycloak: JDBC wrapper",
			want:   `container keycloak: KEYCLOAK_JDBC_DRIVER is "postgresql" (env), want "aws-wrapper:postgresql"`,
			causes: []string{"key identityKeycloak.extraEnvVars set by after.yaml"},
		},
		{
			name:  "Keycloak too old for the wrapper",
			line:  "8.8",
			after: "identityKeycloak: {image: {tag: 19.0.3}}",
			check: "keycloak StatefulSet/camunda-keycloak: JDBC wrapper",
			want:  "image docker.io/camunda/keycloak:19.0.3 is Keycloak 19; the AWS JDBC wrapper needs Keycloak 21 or later",
		},
		{
			name:   "Web Modeler's URL without the wrapper, read from its config file",
			line:   "8.9",
			after:  "webModeler: {restapi: {externalDatabase: {url: 'jdbc:postgresql://db:5432/webmodeler'}}}",
			check:  "webModeler Deployment/camunda-web-modeler-restapi: JDBC wrapper",
			want:   `container web-modeler-restapi: SPRING_DATASOURCE_URL is "jdbc:postgresql://db:5432/webmodeler" (ConfigMap camunda-web-modeler-restapi-configuration, application.yaml), want a jdbc:aws-wrapper:postgresql:// URL with wrapperPlugins=iam`,
			causes: []string{"key webModeler.restapi.externalDatabase.url set by after.yaml"},
		},
		{
			name:   "AWS auth off for OpenSearch (8.8 config file)",
			line:   "8.8",
			after:  "global: {opensearch: {aws: {enabled: false}}}",
			check:  "orchestration StatefulSet/camunda-zeebe: OpenSearch AWS auth",
			want:   `container orchestration: camunda.database.awsEnabled is "false" (ConfigMap camunda-zeebe-configuration-unified, application.yaml), want true; container orchestration: zeebe.broker.exporters.camundaexporter.args.connect.awsEnabled is "false" (ConfigMap camunda-zeebe-configuration-unified, application.yaml), want true`,
			causes: []string{"key global.opensearch.aws.enabled set by after.yaml"},
		},
		{
			name:   "AWS auth off for OpenSearch (8.7 env)",
			line:   "8.7",
			after:  "global: {opensearch: {aws: {enabled: false}}}",
			check:  "optimize Deployment/camunda-optimize: OpenSearch AWS auth",
			want:   "container optimize is configured for OpenSearch but no setting enables AWS auth (global.opensearch.aws.enabled)",
			causes: []string{"key global.opensearch.aws.enabled set by after.yaml"},
		},
		{
			name:   "8.9: the new secondary storage switch off while the legacy one is on",
			line:   "8.9",
			after:  "orchestration: {data: {secondaryStorage: {opensearch: {aws: {enabled: false}}}}}",
			check:  "orchestration StatefulSet/camunda-zeebe: OpenSearch AWS auth",
			want:   `container orchestration: camunda.data.secondary-storage.opensearch.aws-enabled is "false" (ConfigMap camunda-zeebe-configuration-unified, application.yaml), want true`,
			causes: []string{"key orchestration.data.secondaryStorage.opensearch.aws.enabled set by after.yaml"},
		},
		{
			name:  "an OpenSearch password from an existing Secret",
			line:  "8.8",
			after: "global: {opensearch: {auth: {existingSecret: os-auth}}}",
			check: "orchestration StatefulSet/camunda-zeebe: OpenSearch password",
			want: "container orchestration: camunda.data.secondary-storage.opensearch.password is set (ConfigMap camunda-zeebe-configuration-unified, application.yaml via env from Secret os-auth, key password); " +
				"container orchestration: VALUES_OPENSEARCH_PASSWORD is set (env from Secret os-auth, key password); " +
				"with AWS auth the OpenSearch client must not use a password: remove global.opensearch.auth (after.yaml)",
		},
		{
			name:  "static AWS keys in a container",
			line:  "8.7",
			after: "operate: {env: [{name: AWS_ACCESS_KEY_ID, value: AKIAEXAMPLE}, {name: AWS_SECRET_ACCESS_KEY, valueFrom: {secretKeyRef: {name: aws, key: secret}}}]}",
			check: "operate Deployment/camunda-operate: static AWS keys",
			want: "container operate has AWS_ACCESS_KEY_ID (env); " +
				"container operate has AWS_SECRET_ACCESS_KEY (env from Secret aws, key secret); static keys take precedence over the role in the AWS SDK",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			report := verifyAfter(t, tt.line, tt.after)
			c, ok := findCheck(report, tt.check)
			require.True(t, ok, "no check %q in report:\n%s", tt.check, report)
			assert.Equal(t, StatusFail, c.Status, "report:\n%s", report)
			assert.Equal(t, tt.want, c.Message)
			var causes []string
			for _, o := range c.Causes {
				causes = append(causes, o.String())
			}
			assert.Equal(t, tt.causes, causes)
		})
	}
}

func findCheck(r Report, name string) (Check, bool) {
	for _, c := range r {
		if c.Name == name {
			return c, true
		}
	}
	return Check{}, false
}

// The 8.7 Zeebe gateway has its own service account block, but it never
// calls OpenSearch: verify ignores it, whatever account it runs under.
// A component under another account its role trusts works; verify warns
// that the topology says otherwise.
func TestVerifyWarnsOnSharedRoleAccount(t *testing.T) {
	report := verifyAfter(t, "8.8", "optimize: {serviceAccount: {name: orchestration-sa}}")
	assert.False(t, report.Failed(), "report:\n%s", report)
	c, ok := findCheck(report, "optimize Deployment/camunda-optimize: service account")
	require.True(t, ok)
	assert.Equal(t, StatusWarn, c.Status)
	assert.Equal(t, "runs under service account orchestration-sa instead of the topology's optimize-sa; role camunda-opensearch trusts both, so it gets the role", c.Message)
}

func TestVerifyIgnoresZeebeGateway(t *testing.T) {
	report := verifyAfter(t, "8.7", "zeebeGateway: {serviceAccount: {enabled: false}}")
	assert.False(t, report.Failed(), "report:\n%s", report)
	assert.NotContains(t, report.String(), "zeebe-gateway")
}

// Service accounts from camunda-irsa's own manifests satisfy the check
// when the chart is told not to create them.
func TestVerifyAcceptsExternalServiceAccounts(t *testing.T) {
	after := file("after.yaml", "identity: {serviceAccount: {enabled: false}}\nidentityKeycloak: {serviceAccount: {create: false}}")
	r := renderLine(t, "8.8", nil, []ValuesFile{after})
	plan := newPlan(t, fullTopology("8.8"))
	var external []irsa.ServiceAccountRef
	for _, b := range plan.ServiceAccounts() {
		external = append(external, b.ServiceAccount)
	}
	report := Verify(r.Manifests, plan, VerifyOptions{ExternalServiceAccounts: external})
	assert.False(t, report.Failed(), "report:\n%s", report)
	c, ok := findCheck(report, "identity Deployment/camunda-identity: service account")
	require.True(t, ok)
	assert.Equal(t, "runs under identity-sa from camunda-irsa's ServiceAccount manifests (role arn:aws:iam::123456789012:role/camunda-identity)", c.Message)

	// Where the chart still renders them, both would be applied: warn.
	var dups []string
	for _, w := range withStatus(report, StatusWarn) {
		dups = append(dups, w.Name)
	}
	assert.Equal(t, []string{"service account optimize-sa", "service account orchestration-sa", "service account webmodeler-sa"}, dups)
}

// In podIdentity mode roles are bound by association: the annotation is
// not expected, and a leftover one is a failure.
func TestVerifyPodIdentity(t *testing.T) {
	topo := fullTopology("8.8")
	topo.Mode = irsa.ModePodIdentity
	plan := newPlan(t, topo)

	withAnnotations := renderLine(t, "8.8", nil, nil)
	report := Verify(withAnnotations.Manifests, plan, VerifyOptions{})
	require.True(t, report.Failed())
	c, ok := findCheck(report, "identity Deployment/camunda-identity: service account")
	require.True(t, ok)
	assert.Contains(t, c.Message, "in podIdentity mode that annotation makes the SDK try web identity")

	overlay := withoutAnnotations(t, parsed(t, lineOverlay(t, "8.8")))
	data, err := yaml.Marshal(overlay)
	require.NoError(t, err)
	r, err := Render(loadFixture(t, "8.8", "dir"), Input{Before: withBase(), Overlay: ValuesFile{Name: "overlay.yaml", Data: data}}, Options{Namespace: "camunda"})
	require.NoError(t, err)
	report = Verify(r.Manifests, plan, VerifyOptions{Overlay: overlay})
	assert.False(t, report.Failed(), "report:\n%s", report)
	c, ok = findCheck(report, "identity Deployment/camunda-identity: service account")
	require.True(t, ok)
	assert.Equal(t, "runs under identity-sa; bind it to role arn:aws:iam::123456789012:role/camunda-identity with an EKS Pod Identity association", c.Message)
}

// withoutAnnotations drops every serviceAccount.annotations block, as the
// overlay for podIdentity mode does.
func withoutAnnotations(t *testing.T, v map[string]any) map[string]any {
	t.Helper()
	for _, k := range slices.Sorted(maps.Keys(v)) {
		m, ok := v[k].(map[string]any)
		if !ok {
			continue
		}
		if k == "serviceAccount" {
			delete(m, "annotations")
			continue
		}
		withoutAnnotations(t, m)
	}
	return v
}

func TestAfterOverrides(t *testing.T) {
	overlay := map[string]any{
		"a": map[string]any{"b": "ours", "c": 1.0, "list": []any{"x"}, "empty": map[string]any{}},
		"d": map[string]any{"e": true},
		"f": "same",
	}
	got, err := AfterOverrides(overlay, []ValuesFile{
		file("one.yaml", "a: {b: theirs, c: 1, empty: {k: v}}\nd: null\nf: same"),
		file("two.yaml", "a: {b: last, list: [x, z]}"),
	})
	require.NoError(t, err)
	var lines []string
	for _, o := range got {
		lines = append(lines, o.Describe())
	}
	assert.Equal(t, []string{
		`two.yaml sets a.b to "last" (the overlay sets "ours")`,
		`two.yaml sets a.list to ["x","z"] (the overlay sets ["x"])`,
		`one.yaml removes d.e (the overlay sets true)`,
	}, lines, "equal values (1 and 1.0), an empty map filled in, and untouched keys are no overrides")

	_, err = AfterOverrides(overlay, []ValuesFile{file("bad.yaml", "a: [")})
	require.ErrorContains(t, err, "bad.yaml")
}

func TestReport(t *testing.T) {
	r := Report{
		{Name: "a", Status: StatusPass, Message: "fine"},
		{Name: "b", Status: StatusInfo, Message: "note"},
		{Name: "c", Status: StatusWarn, Message: "hm"},
	}
	assert.False(t, r.Failed())
	r = append(r, Check{Name: "d", Status: StatusFail, Message: "broken",
		Causes: []Override{{Path: "x.y", File: "after.yaml"}, {Path: "x.z", File: "later.yaml"}}})
	assert.True(t, r.Failed())
	assert.Equal(t, strings.Join([]string{
		"PASS a: fine",
		"INFO b: note",
		"WARN c: hm",
		"FAIL d: broken [key x.y set by after.yaml; key x.z set by later.yaml]",
		"3 checks: 1 pass, 1 warn, 1 fail",
		"",
	}, "\n"), r.String(), "INFO lines are notes, not counted as checks")
	assert.Equal(t, "0 checks: 0 pass, 0 warn, 0 fail", Report{}.Summary())
}

func TestVerifyReportsBadManifests(t *testing.T) {
	report := Verify([]Manifest{{Source: "x.yaml", Kind: "Deployment", Name: "d", Content: "spec: [not, a, map]"}},
		newPlan(t, fullTopology("8.8")), VerifyOptions{})
	require.True(t, report.Failed())
	assert.Equal(t, "manifests", report[0].Name)
	assert.Contains(t, report[0].Message, "decoding Deployment d from x.yaml")
}
