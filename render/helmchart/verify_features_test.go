package helmchart

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/camunda-irsa/camunda-irsa/irsa"
	"github.com/camunda-irsa/camunda-irsa/render"
)

// featureTopology is fullTopology with every AWS feature its line has:
// the S3 document store and backups everywhere, orchestration's
// secondary storage in Aurora where the line has it, and the secret
// store where the line has it. On lines where the chart hands the
// document store to the Zeebe gateway and connectors, they are listed
// too, so that every reader of the store has a role.
func featureTopology(t *testing.T, line string) irsa.Topology {
	t.Helper()
	l, err := irsa.LookupChartLine(line)
	require.NoError(t, err)
	topo := fullTopology(line)
	topo.DocumentStore = &irsa.S3Location{Bucket: "camunda-documents", Prefix: "documents/"}
	topo.Backup = &irsa.Backup{S3Location: irsa.S3Location{Bucket: "camunda-backups", Prefix: "camunda/"}}
	if o := topo.Components.Orchestration; o != nil && l.SecondaryStorage {
		o.Database, o.DBUser = "camunda", "camunda_irsa"
	}
	if l.SecretStore {
		topo.SecretStore = &irsa.SecretStore{PathPrefix: "camunda/"}
	}
	if slices.Contains(l.DocumentStoreConsumers, irsa.ZeebeGateway) {
		topo.Components.ZeebeGateway = &irsa.Component{ServiceAccount: "zeebe-gateway-sa"}
	}
	if slices.Contains(l.DocumentStoreConsumers, irsa.Connectors) {
		topo.Components.Connectors = &irsa.ConnectorsComponent{ServiceAccount: "connectors-sa"}
	}
	return topo
}

// verifyPlan renders the fixture chart of the plan's line with the
// overlay render writes for the plan, between the user's files, as
// OptionsFor(plan) says, and verifies the result.
func verifyPlan(t *testing.T, plan *irsa.Plan, before, after []ValuesFile) Report {
	t.Helper()
	overlay, err := render.Values(plan)
	require.NoError(t, err)
	overlayFile := ValuesFile{Name: "overlay.yaml", Data: overlay}
	opts, err := OptionsFor(plan)
	require.NoError(t, err)
	r, err := Render(loadFixture(t, plan.Line().Name, "dir"), Input{Before: withBase(before...), Overlay: overlayFile, After: after}, opts)
	require.NoError(t, err)
	return Verify(r.Manifests, plan, VerifyOptions{Overlay: parsed(t, overlayFile), Before: withBase(before...), After: after})
}

// Every feature renders into the chart of every line and verifies green,
// with one check per feature and workload that uses it.
func TestVerifyFeaturesOnEveryLine(t *testing.T) {
	for _, line := range irsa.ChartLineNames() {
		t.Run(line, func(t *testing.T) {
			t.Parallel()
			plan := newPlan(t, featureTopology(t, line))
			report := verifyPlan(t, plan, nil, nil)
			require.False(t, report.Failed(), "report:\n%s", report)
			assert.Empty(t, withStatus(report, StatusWarn), "report:\n%s", report)

			// The checks the plan calls for, from the chart-line table.
			var docs, backups, rdbms, secrets []string
			for _, c := range report {
				switch {
				case strings.HasSuffix(c.Name, ": document store"):
					docs = append(docs, strings.Fields(c.Name)[0])
				case strings.HasSuffix(c.Name, ": backup store"):
					backups = append(backups, strings.Fields(c.Name)[0])
				case strings.HasSuffix(c.Name, ": RDBMS secondary storage"):
					rdbms = append(rdbms, c.Name)
				case strings.HasSuffix(c.Name, ": secret store"):
					secrets = append(secrets, c.Name)
				}
			}
			l := plan.Line()
			var consumers []string
			for _, c := range plan.Topology().Components.Listed() {
				if slices.Contains(l.DocumentStoreConsumers, c.Name) {
					consumers = append(consumers, string(c.Name))
				}
			}
			assert.Equal(t, consumers, slices.Compact(docs), "every listed consumer of the line reads the store, and only those")
			broker := string(irsa.Orchestration)
			if _, ok := l.Component(irsa.Orchestration); !ok {
				broker = string(irsa.Zeebe)
			}
			assert.Equal(t, []string{broker}, backups, "the broker, and only the broker, gets the backup store")
			if l.SecondaryStorage {
				assert.Equal(t, []string{"orchestration StatefulSet/camunda-zeebe: RDBMS secondary storage"}, rdbms)
			} else {
				assert.Empty(t, rdbms)
			}
			if l.SecretStore {
				assert.Equal(t, []string{"orchestration ServiceAccount/orchestration-sa: secret store"}, secrets)
			} else {
				assert.Empty(t, secrets)
			}
		})
	}
}

// The grant uses verify looks for are the ones the plan makes.
func TestVerifyKnowsThePlansGrantUses(t *testing.T) {
	plan := newPlan(t, featureTopology(t, "8.9"))
	role, ok := plan.RoleFor(irsa.Orchestration)
	require.True(t, ok)
	_, docs := grantFor(role, documentStoreUse)
	_, backups := grantFor(role, backupUse)
	assert.True(t, docs && backups, "orchestration's grants: %s", describeGrants(role))
}

func TestVerifyFeatureMessages(t *testing.T) {
	tests := []struct {
		name  string
		line  string
		after string
		// edit changes the topology before planning.
		edit   func(*irsa.Topology)
		check  string
		want   string
		causes []string
	}{
		{
			name:  "a workload moved to a role without the document store grant",
			line:  "8.9",
			after: "optimize: {serviceAccount: {name: identity-sa}}",
			check: "optimize Deployment/camunda-optimize: document store",
			want: "container optimize reads the S3 document store (envFrom ConfigMap camunda-camunda-platform-documentstore-env-vars), " +
				"but runs under identity-sa, whose role camunda-identity has no document store grant (it holds: Aurora user identity_irsa)",
			causes: []string{"key optimize.serviceAccount.name set by after.yaml"},
		},
		{
			name:  "a reader of the store the topology does not list",
			line:  "8.8",
			edit:  func(t *irsa.Topology) { t.Components.Optimize = nil },
			after: "optimize: {enabled: true}",
			check: "optimize Deployment/camunda-optimize: document store",
			want: "container optimize reads the S3 document store (envFrom ConfigMap camunda-camunda-platform-documentstore-env-vars), " +
				"but runs under service account camunda:camunda-optimize, which no role of the topology trusts, so the store's S3 calls fail; " +
				"components.optimize is not in the topology: list it so that a role gets the grant, or turn it off (optimize.enabled: false)",
		},
		{
			name:  "the store's bucket changed after the overlay",
			line:  "8.10",
			after: "global: {documentStore: {type: {aws: {bucket: other-bucket}}}}",
			check: "webModeler Deployment/camunda-web-modeler-restapi: document store",
			want: "container web-modeler-restapi reads the S3 document store (envFrom ConfigMap camunda-camunda-platform-documentstore-env-vars), " +
				`but its bucket is "other-bucket" (envFrom ConfigMap camunda-camunda-platform-documentstore-env-vars) and the role's grant covers bucket camunda-documents only`,
			causes: []string{"key global.documentStore.type.aws.bucket set by after.yaml"},
		},
		{
			name:  "the store's path moved outside the grant",
			line:  "8.8",
			after: "global: {documentStore: {type: {aws: {bucketPath: elsewhere/}}}}",
			check: "orchestration StatefulSet/camunda-zeebe: document store",
			want: "container orchestration reads the S3 document store (envFrom ConfigMap camunda-camunda-platform-documentstore-env-vars), " +
				`but its bucket path is "elsewhere/" and the role's grant covers only camunda-documents/documents/*`,
			causes: []string{"key global.documentStore.type.aws.bucketPath set by after.yaml"},
		},
		{
			name:  "the S3 store turned on by the user's values, not the topology",
			line:  "8.9",
			edit:  func(t *irsa.Topology) { t.DocumentStore = nil },
			after: "global: {documentStore: {activeStoreId: aws, type: {aws: {enabled: true, irsa: {enabled: true}, bucket: docs}}}}",
			check: "optimize Deployment/camunda-optimize: document store",
			want: "container optimize reads the S3 document store (envFrom ConfigMap camunda-camunda-platform-documentstore-env-vars), " +
				"but runs under optimize-sa, whose role camunda-opensearch has no document store grant (it holds: OpenSearch); " +
				"the topology has no documentStore block, so no role has the grant: add it",
		},
		{
			name:  "static keys the chart injects for the document store without IRSA",
			line:  "8.8",
			after: "global: {documentStore: {type: {aws: {irsa: {enabled: false}}}}}",
			check: "optimize Deployment/camunda-optimize: static AWS keys",
			want: "container optimize has AWS_ACCESS_KEY_ID (env from Secret aws-credentials, key awsAccessKeyId); " +
				"container optimize has AWS_SECRET_ACCESS_KEY (env from Secret aws-credentials, key awsSecretAccessKey); static keys take precedence over the role in the AWS SDK",
			causes: []string{"key global.documentStore.type.aws.irsa.enabled set by after.yaml"},
		},
		{
			name:  "secondary storage URL without the wrapper",
			line:  "8.9",
			after: "orchestration: {data: {secondaryStorage: {rdbms: {url: 'jdbc:postgresql://db:5432/camunda'}}}}",
			check: "orchestration StatefulSet/camunda-zeebe: RDBMS secondary storage",
			want: `container orchestration: camunda.data.secondary-storage.rdbms.url is "jdbc:postgresql://db:5432/camunda" (ConfigMap camunda-zeebe-configuration-unified, application.yaml), ` +
				"want a jdbc:aws-wrapper:postgresql:// URL with wrapperPlugins=iam",
			causes: []string{"key orchestration.data.secondaryStorage.rdbms.url set by after.yaml"},
		},
		{
			name:  "secondary storage with a password",
			line:  "8.10",
			after: "orchestration: {data: {secondaryStorage: {rdbms: {secret: {existingSecret: db, existingSecretKey: password}}}}}",
			check: "orchestration StatefulSet/camunda-zeebe: RDBMS secondary storage",
			want: "container orchestration: camunda.data.secondary-storage.rdbms.password is set (ConfigMap camunda-zeebe-configuration-unified, application.yaml via env from Secret db, key password); " +
				"the wrapper signs in with an IAM token, so remove the password from your values",
		},
		{
			name:   "secondary storage under another user",
			line:   "8.9",
			after:  "orchestration: {data: {secondaryStorage: {rdbms: {username: admin}}}}",
			check:  "orchestration StatefulSet/camunda-zeebe: RDBMS secondary storage",
			want:   `container orchestration: camunda.data.secondary-storage.rdbms.username is "admin" (ConfigMap camunda-zeebe-configuration-unified, application.yaml), want "camunda_irsa"`,
			causes: []string{"key orchestration.data.secondaryStorage.rdbms.username set by after.yaml"},
		},
		{
			name: "the secret store's role replaced",
			line: "8.10",
			// Both: the chart refuses a role annotation that differs from the store's roleArn.
			after: "orchestration: {secretStore: {aws: {default: {roleArn: 'arn:aws:iam::123456789012:role/other'}}}, " +
				"serviceAccount: {annotations: {eks.amazonaws.com/role-arn: 'arn:aws:iam::123456789012:role/other'}}}",
			check: "orchestration ServiceAccount/orchestration-sa: secret store",
			want: "carries eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/other, want arn:aws:iam::123456789012:role/camunda-orchestration, " +
				"the role that reads the secrets arn:aws:secretsmanager:eu-central-1:123456789012:secret:camunda/*",
			causes: []string{`key orchestration.secretStore.aws.default.roleArn set by after.yaml`,
				`key orchestration.serviceAccount.annotations.eks\.amazonaws\.com/role-arn set by after.yaml`},
		},
		{
			name:  "backups: the broker's env replaced (env line)",
			line:  "8.8",
			after: "orchestration: {env: [{name: JAVA_OPTS, value: -Xmx2g}]}",
			check: "orchestration StatefulSet/camunda-zeebe: backup store",
			want: `container orchestration: CAMUNDA_DATA_BACKUP_STORE is not set (want "S3"); ` +
				`container orchestration: CAMUNDA_DATA_BACKUP_S3_BUCKETNAME is not set (want "camunda-backups"); ` +
				`container orchestration: CAMUNDA_DATA_BACKUP_S3_BASEPATH is not set (want "camunda/zeebe"); ` +
				`container orchestration: CAMUNDA_DATA_BACKUP_S3_REGION is not set (want "eu-central-1")`,
			causes: []string{"key orchestration.env set by after.yaml"},
		},
		{
			name:   "backups: another bucket (the line that reads env from zeebe.env)",
			line:   "8.7",
			after:  "zeebe: {env: [{name: ZEEBE_BROKER_DATA_BACKUP_STORE, value: S3}, {name: ZEEBE_BROKER_DATA_BACKUP_S3_BUCKETNAME, value: other}, {name: ZEEBE_BROKER_DATA_BACKUP_S3_BASEPATH, value: camunda/zeebe}, {name: ZEEBE_BROKER_DATA_BACKUP_S3_REGION, value: eu-central-1}]}",
			check:  "zeebe StatefulSet/camunda-zeebe: backup store",
			want:   `container zeebe: ZEEBE_BROKER_DATA_BACKUP_S3_BUCKETNAME is "other" (env), want "camunda-backups"`,
			causes: []string{"key zeebe.env set by after.yaml"},
		},
		{
			name:  "backups: the extraConfiguration file replaced (file line)",
			line:  "8.9",
			after: "orchestration: {extraConfiguration: []}",
			check: "orchestration StatefulSet/camunda-zeebe: backup store",
			want: `container orchestration: camunda.data.primary-storage.backup.store is not set (want "S3"); ` +
				`container orchestration: camunda.data.primary-storage.backup.s3.bucket-name is not set (want "camunda-backups"); ` +
				`container orchestration: camunda.data.primary-storage.backup.s3.base-path is not set (want "camunda/zeebe"); ` +
				`container orchestration: camunda.data.primary-storage.backup.s3.region is not set (want "eu-central-1")`,
			causes: []string{"key orchestration.extraConfiguration set by after.yaml"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			topo := featureTopology(t, tt.line)
			if tt.edit != nil {
				tt.edit(&topo)
			}
			var after []ValuesFile
			if tt.after != "" {
				after = []ValuesFile{file("after.yaml", tt.after)}
			}
			report := verifyPlan(t, newPlan(t, topo), nil, after)
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

// The whole report of a workload that lost its grant, as the CLI prints
// it: the override, both failures it causes, and the summary.
func TestVerifyReportOfALostGrant(t *testing.T) {
	after := file("after.yaml", "optimize: {serviceAccount: {name: identity-sa}}")
	report := verifyPlan(t, newPlan(t, featureTopology(t, "8.9")), nil, []ValuesFile{after})
	var lines []string
	for _, line := range strings.Split(strings.TrimSuffix(report.String(), "\n"), "\n") {
		if !strings.HasPrefix(line, "PASS ") {
			lines = append(lines, line)
		}
	}
	assert.Equal(t, []string{
		`WARN values-after: after.yaml sets optimize.serviceAccount.name to "identity-sa" (the overlay sets "optimize-sa")`,
		"FAIL identity Deployment/camunda-identity: service account: runs under identity-sa, rendered with eks.amazonaws.com/role-arn: " +
			"arn:aws:iam::123456789012:role/camunda-optimize, want arn:aws:iam::123456789012:role/camunda-identity",
		"FAIL optimize Deployment/camunda-optimize: service account: runs under service account identity-sa, but role camunda-optimize trusts only camunda:optimize-sa " +
			"[key optimize.serviceAccount.name set by after.yaml]",
		"FAIL optimize Deployment/camunda-optimize: document store: container optimize reads the S3 document store (envFrom ConfigMap camunda-camunda-platform-documentstore-env-vars), " +
			"but runs under identity-sa, whose role camunda-identity has no document store grant (it holds: Aurora user identity_irsa) [key optimize.serviceAccount.name set by after.yaml]",
		"27 checks: 23 pass, 1 warn, 3 fail",
	}, lines)
}

// A chart rendered for another namespace than the topology's fails once
// with the fix, and every workload names the namespace it runs in.
func TestVerifyOtherNamespace(t *testing.T) {
	plan := newPlan(t, fullTopology("8.8"))
	overlay := lineOverlay(t, "8.8")
	opts, err := OptionsFor(plan)
	require.NoError(t, err)
	opts.Namespace = "other"
	r, err := Render(loadFixture(t, "8.8", "dir"), Input{Before: withBase(), Overlay: overlay}, opts)
	require.NoError(t, err)
	report := Verify(r.Manifests, plan, VerifyOptions{Overlay: parsed(t, overlay), Namespace: "other"})
	require.True(t, report.Failed())
	assert.Equal(t, Check{Name: "namespace", Status: StatusFail,
		Message: "the chart is rendered for namespace other, but the topology's roles trust service accounts of namespace camunda only; " +
			"install into camunda (helm -n camunda), or set namespace: other in the topology and apply its roles again"}, report[0])
	c, ok := findCheck(report, "identity Deployment/camunda-identity: service account")
	require.True(t, ok)
	assert.Equal(t, "runs as other:identity-sa, but role camunda-identity trusts only camunda:identity-sa", c.Message)

	// The plan's own namespace, named or not, is no finding.
	for _, ns := range []string{"", "camunda"} {
		r := renderLine(t, "8.8", nil, nil)
		report := Verify(r.Manifests, plan, VerifyOptions{Overlay: parsed(t, overlay), Namespace: ns})
		assert.False(t, report.Failed(), "namespace %q:\n%s", ns, report)
	}
}

// JSON in WARN lines keeps & as it is (json.Marshal would print \u0026).
func TestVerifyWarningsKeepAmpersands(t *testing.T) {
	report := verifyAfter(t, "8.8", "identity: {env: [{name: SPRING_DATASOURCE_URL, value: 'jdbc:aws-wrapper:postgresql://db:5432/identity?wrapperPlugins=iam&ssl=true'}]}")
	warns := withStatus(report, StatusWarn)
	require.NotEmpty(t, warns)
	assert.Contains(t, warns[0].Message, `"value":"jdbc:aws-wrapper:postgresql://db:5432/identity?wrapperPlugins=iam&ssl=true"`)
	assert.NotContains(t, report.String(), `\u0026`)
}

// The overlay of every feature renders exactly as `helm template` (Helm
// 4's install action) renders it, on every line.
func TestFeatureOverlaysRenderAsHelmTemplate(t *testing.T) {
	for _, line := range irsa.ChartLineNames() {
		t.Run(line, func(t *testing.T) {
			t.Parallel()
			plan := newPlan(t, featureTopology(t, line))
			overlay, err := render.Values(plan)
			require.NoError(t, err)
			files := []ValuesFile{chartBase(), {Name: "overlay.yaml", Data: overlay}}
			opts, err := OptionsFor(plan)
			require.NoError(t, err)
			opts.ReleaseName = DefaultReleaseName // helm template needs it named
			r, err := Render(loadFixture(t, line, "dir"), Input{Before: files[:1], Overlay: files[1]}, opts)
			require.NoError(t, err)
			wantYAML, wantValues := helmTemplate(t, fixtureDir(line), files, opts)
			assert.Equal(t, wantYAML, r.YAML())
			assert.Equal(t, wantValues, r.Values)
		})
	}
}
