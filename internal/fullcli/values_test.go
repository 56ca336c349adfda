package fullcli

import (
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/yaml"

	"github.com/camunda-irsa/camunda-irsa/irsa"

	"github.com/camunda-irsa/camunda-irsa/internal/cli"
)

// Issue 11 item 1, on values shaped like Camunda's 8.8 reference: the
// user's KC_HOSTNAME entry and --log-level flag survive render --values,
// without a word; a flag of theirs that clashes with ours is named with
// both values.
func TestValuesKeepTheReferenceEntries(t *testing.T) {
	topology := "../../testdata/import/8.8/topology.yaml"
	values := importValues("8.8")
	r := runCLI(t, "", "render", "-f", topology, "--values", values)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Empty(t, r.stderr)
	assert.Equal(t, map[string]string{
		"KC_HOSTNAME":          "camunda-keycloak",
		"KEYCLOAK_EXTRA_ARGS":  "--db-driver=software.amazon.jdbc.Driver --transaction-xa-enabled=false --log-level=INFO,software.amazon.jdbc:INFO",
		"KEYCLOAK_JDBC_PARAMS": "wrapperPlugins=iam&ssl=true&sslmode=require",
		"KEYCLOAK_JDBC_DRIVER": "aws-wrapper:postgresql",
	}, envOf(t, r.stdout, "identityKeycloak.extraEnvVars"))

	clash := writeFile(t, "values.yaml", strings.Replace(mustRead(t, values),
		"value: --db-driver=software.amazon.jdbc.Driver --transaction-xa-enabled=false --log-level=INFO,software.amazon.jdbc:INFO",
		"value: --db-driver=org.postgresql.Driver --log-level=DEBUG", 1))
	r = runCLI(t, "", "render", "-f", topology, "--values", clash)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "warning: "+clash+": identityKeycloak.extraEnvVars: KEYCLOAK_EXTRA_ARGS: kept camunda-irsa's --db-driver=software.amazon.jdbc.Driver, dropped yours --db-driver=org.postgresql.Driver; your other flags are kept\n", r.stderr)
	assert.Equal(t, "--db-driver=software.amazon.jdbc.Driver --transaction-xa-enabled=false --log-level=DEBUG",
		envOf(t, r.stdout, "identityKeycloak.extraEnvVars")["KEYCLOAK_EXTRA_ARGS"])
}

// envOf reads the env list at a key path of a values document.
func envOf(t *testing.T, doc, path string) map[string]string {
	t.Helper()
	list, ok := lookupPath(parseValues(t, doc), path)
	require.True(t, ok, "no %s", path)
	out := map[string]string{}
	for _, item := range list.([]any) {
		m := item.(map[string]any)
		out[m["name"].(string)], _ = m["value"].(string)
	}
	return out
}

// Issue 11 item 2: a --values key the overlay sets to another value is
// named, with both values, by every command that merges --values.
func TestValuesScalarsOverriddenAreNamed(t *testing.T) {
	values := writeFile(t, "values.yaml", chartBase+"identity:\n  serviceAccount:\n    name: my-identity\norchestration:\n  serviceAccount:\n    enabled: false\n")
	want := []string{
		"warning: " + values + ` sets identity.serviceAccount.name to "my-identity"; camunda-irsa's overlay, passed after it, sets "identity-sa", which wins`,
		"warning: " + values + " sets orchestration.serviceAccount.enabled to false; camunda-irsa's overlay, passed after it, sets true, which wins",
	}
	for _, args := range [][]string{
		{"render", "-f", fullExample, "--values", values},
		{"template", "-f", fullExample, "--chart", fixtureChart("8.8"), "--values", values},
		{"verify", "-f", fullExample, "--chart", fixtureChart("8.8"), "--values", values},
	} {
		t.Run(args[0], func(t *testing.T) {
			r := runCLI(t, "", args...)
			require.Equal(t, 0, r.code, r.stdout+r.stderr)
			assert.Equal(t, strings.Join(want, "\n")+"\n", r.stderr)
		})
	}
}

// Issue 11 item 3 on every line: with createServiceAccount: false,
// render --output serviceaccounts writes that service account only, and
// verify --with-serviceaccounts passes without a warning.
func TestServiceAccountsCreatedOutsideTheChartVerify(t *testing.T) {
	for _, line := range irsa.ChartLineNames() {
		t.Run(line, func(t *testing.T) {
			t.Parallel()
			example := fullExample
			if line == irsa.ChartLineNames()[0] {
				example = "../../examples/full-8.7.yaml"
			}
			top, err := irsa.Decode([]byte(mustRead(t, example)))
			require.NoError(t, err)
			top.Chart = line
			no := false
			top.Components.Identity.CreateServiceAccount = &no
			data, err := yaml.Marshal(top)
			require.NoError(t, err)
			topology := writeFile(t, "topology.yaml", string(data))

			plan, err := irsa.NewPlan(top)
			require.NoError(t, err)
			want := []string{"identity-sa"}
			if k := plan.Topology().Components.Keycloak; k.ManagedBy == irsa.KeycloakByOperator {
				want = append(want, k.ServiceAccount) // Keycloak runs outside the chart on this line
			}
			r := runCLI(t, "", "render", "-f", topology, "-o", "serviceaccounts")
			require.Equal(t, 0, r.code, r.stderr)
			assert.Equal(t, len(want), strings.Count(r.stdout, "kind: ServiceAccount"), r.stdout)
			for _, name := range want {
				assert.Contains(t, r.stdout, "  name: "+name+"\n")
			}

			args := []string{"verify", "-f", topology, "--chart", fixtureChart(line), "--values", writeFile(t, "base.yaml", chartBase)}
			r = runCLI(t, "", append(args, "--with-serviceaccounts")...)
			require.Equal(t, 0, r.code, r.stdout+r.stderr)
			assert.NotContains(t, r.stdout, "WARN")
			assert.NotContains(t, r.stdout, "FAIL")
			assert.Contains(t, r.stdout, "PASS identity Deployment/camunda-identity: service account: runs under identity-sa from camunda-irsa's ServiceAccount manifests")

			r = runCLI(t, "", args...)
			assert.Equal(t, 1, r.code, "without the manifests nobody creates identity-sa")
			assert.Contains(t, r.stdout, "FAIL identity Deployment/camunda-identity: service account: runs under identity-sa, which neither the chart nor camunda-irsa's ServiceAccount manifests create")
		})
	}
}

// Issue 11 item 6: an issuer without https:// (Terraform's oidc_provider
// output) is read with it, and a note says so.
func TestIssuerWithoutSchemeIsANote(t *testing.T) {
	topology := writeFile(t, "topology.yaml", strings.Replace(mustRead(t, fullExample), "oidcIssuer: https://oidc.eks.", "oidcIssuer: oidc.eks.", 1))
	r := runCLI(t, "", "render", "-f", topology, "-o", "iam")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, `note: cluster.oidcIssuer: read "oidc.eks.eu-central-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF" as https://oidc.eks.eu-central-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF (an issuer URL starts with https://)`+"\n", r.stderr)
	assert.Equal(t, goldenFile(t, "full/iam.json"), r.stdout)
}

// Issue 11 item 6: a --values file that is not YAML is an error naming
// it, for every command that reads one; nothing goes to stdout.
func TestInvalidValuesFileIsAnError(t *testing.T) {
	broken := writeFile(t, "broken.yaml", "identity:\n  env: [\n")
	for _, args := range [][]string{
		{"render", "-f", fullExample, "--values", broken},
		{"template", "-f", fullExample, "--chart", fixtureChart("8.8"), "--values", broken},
		{"verify", "-f", fullExample, "--chart", fixtureChart("8.8"), "--values", broken},
		{"diff", "-f", fullExample, "--values", broken},
	} {
		t.Run(args[0], func(t *testing.T) {
			r := runCLI(t, "", args...)
			assert.Equal(t, 1, r.code)
			assert.Empty(t, r.stdout)
			assert.True(t, strings.HasPrefix(r.stderr, "error: parsing values file "+broken+": "), r.stderr)
			assert.Equal(t, 1, strings.Count(r.stderr, "\n"), r.stderr)
		})
	}
}

// Every command that plans a topology prints the plan's warnings on
// stderr.
func TestPlanWarningsOnEveryCommand(t *testing.T) {
	const example = "../../examples/pod-identity.yaml"
	const want = "warning: components.keycloak: the identityKeycloak subchart is deprecated on this line; run Keycloak with managedBy: operator\n"
	base := writeFile(t, "base.yaml", chartBase)
	for _, args := range [][]string{
		{"render", "-f", example},
		{"template", "-f", example, "--chart", fixtureChart("8.9"), "--values", base},
		{"verify", "-f", example, "--chart", fixtureChart("8.9"), "--values", base},
		{"lint", "-f", example},
		{"diff", "-f", example, "--values", base},
	} {
		t.Run(args[0], func(t *testing.T) {
			r := runCLI(t, "", args...)
			require.Equal(t, 0, r.code, r.stdout+r.stderr)
			assert.Equal(t, want, r.stderr)
		})
	}
}

// The examples of every command's help, completion included.
func TestEveryCommandHasExamples(t *testing.T) {
	root := NewRoot(&cli.Streams{In: strings.NewReader(""), Out: io.Discard, Err: io.Discard}, "")
	cmds := root.Commands()
	require.NotEmpty(t, cmds)
	for len(cmds) > 0 {
		c := cmds[0]
		cmds = append(cmds[1:], c.Commands()...)
		if c.Name() == "help" {
			continue
		}
		assert.NotEmpty(t, c.Example, "%s has no examples", c.CommandPath())
	}
	assert.True(t, strings.HasPrefix(root.Example, "  # The overlay merged with your values"), "the first example uses --values and -n")
	render, _, err := root.Find([]string{"render"})
	require.NoError(t, err)
	first, _, _ := strings.Cut(render.Example, "\n")
	assert.Contains(t, first, "--values values.yaml")
	assert.Contains(t, first, " -n camunda ")
}
