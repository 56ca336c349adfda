package fullcli

import (
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"
	"sigs.k8s.io/yaml"

	"github.com/camunda-irsa/camunda-irsa/internal/cli"
	"github.com/camunda-irsa/camunda-irsa/irsa"
	"github.com/camunda-irsa/camunda-irsa/render"
	"github.com/camunda-irsa/camunda-irsa/render/helmchart"
)

// chartFlags are the flags template and verify share: the topology, the
// chart, and the user's values files around our overlay.
type chartFlags struct {
	file, chart, releaseName, kubeVersion, namespace string
	before, after                                    []string
	withServiceAccounts                              bool
}

func (f *chartFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVarP(&f.file, "file", "f", "", "topology file (YAML or JSON); - reads standard input")
	fl.StringVar(&f.chart, "chart", "", "the Camunda chart: a directory or a packaged .tgz (helm pull camunda/camunda-platform --untar)")
	fl.StringArrayVar(&f.before, "values", nil, "your values file, passed to Helm before the overlay (repeatable)")
	fl.StringArrayVar(&f.after, "values-after", nil, "your values file, passed to Helm after the overlay (repeatable)")
	fl.StringVar(&f.releaseName, "release-name", helmchart.DefaultReleaseName, "Helm release name")
	fl.StringVarP(&f.namespace, "namespace", "n", "", "release namespace, as helm -n (default: the topology's namespace, the only one its roles trust)")
	fl.StringVar(&f.kubeVersion, "kube-version", "", "Kubernetes version for the chart's capabilities, e.g. v1.31.0")
}

// chartRun is one rendering of the chart with our overlay.
type chartRun struct {
	plan     *irsa.Plan
	overlay  map[string]any
	input    helmchart.Input
	result   *helmchart.Result
	warnings []string
	// namespace is the release namespace rendered for.
	namespace string
}

// renderChart plans the topology, merges the user's named list entries
// into the overlay (Helm would otherwise drop them) and renders the chart.
func (f *chartFlags) renderChart(s *cli.Streams) (*chartRun, error) {
	if f.file == "" || f.chart == "" {
		return nil, cli.Usagef("needs -f TOPOLOGY and --chart PATH")
	}
	plan, err := cli.PlanFile(f.file, s)
	if err != nil {
		return nil, err
	}
	run := &chartRun{plan: plan}
	overlayYAML, err := render.Values(plan)
	if err != nil {
		return nil, err
	}
	before, err := readValuesFiles(f.before)
	if err != nil {
		return nil, err
	}
	after, err := readValuesFiles(f.after)
	if err != nil {
		return nil, err
	}
	overlay, err := parseOverlay(overlayYAML)
	if err != nil {
		return nil, err
	}
	run.overlay = overlay
	if len(before) > 0 {
		merged, warnings, err := helmchart.MergeBefore(overlay, before)
		if err != nil {
			return nil, err
		}
		run.warnings = warnings
		if overlayYAML, err = yaml.Marshal(merged); err != nil {
			return nil, fmt.Errorf("encoding merged overlay: %w", err)
		}
		run.overlay = merged
	}
	chart, err := helmchart.LoadChart(f.chart)
	if err != nil {
		return nil, err
	}
	run.input = helmchart.Input{Before: before, Overlay: helmchart.ValuesFile{Name: overlayName, Data: overlayYAML}, After: after}
	opts, err := helmchart.OptionsFor(plan)
	if err != nil {
		return nil, err
	}
	opts.ReleaseName, opts.KubeVersion = f.releaseName, f.kubeVersion
	if f.namespace != "" {
		opts.Namespace = f.namespace
	}
	run.namespace = opts.Namespace
	run.result, err = helmchart.Render(chart, run.input, opts)
	if err != nil {
		return nil, problemsOf(err)
	}
	return run, nil
}

// problemsOf turns the chart errors that list several problems into one
// field error each, so that every problem is a line of its own on stderr.
func problemsOf(err error) error {
	var (
		keys   helmchart.KeyErrors
		schema helmchart.SchemaErrors
		out    irsa.FieldErrors
	)
	switch {
	case errors.As(err, &keys):
		for _, k := range keys {
			out = append(out, irsa.FieldError{Path: k.Path, Message: k.Reason + " (a key the overlay writes)"})
		}
	case errors.As(err, &schema):
		for _, s := range schema {
			out = append(out, irsa.FieldError{Path: s.Path, Message: fmt.Sprintf("%s (values.schema.json of %s)", s.Message, s.Chart)})
		}
	default:
		return err
	}
	return out
}

// overlayName names our overlay in messages about values files.
const overlayName = "camunda-irsa overlay"

// parseOverlay reads our overlay as Helm reads a values file, so that it
// merges with the user's exactly as helm -f would.
func parseOverlay(data []byte) (map[string]any, error) {
	return helmchart.ParseValues(helmchart.ValuesFile{Name: overlayName, Data: data})
}

func readValuesFiles(paths []string) ([]helmchart.ValuesFile, error) {
	files := make([]helmchart.ValuesFile, 0, len(paths))
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("reading values file: %w", err)
		}
		files = append(files, helmchart.ValuesFile{Name: path, Data: data})
	}
	return files, nil
}

func (r *chartRun) printWarnings(s *cli.Streams) {
	for _, w := range r.warnings {
		s.Warn(w)
	}
}

func newTemplateCmd(s *cli.Streams) *cobra.Command {
	var f chartFlags
	cmd := &cobra.Command{
		Use:   "template -f TOPOLOGY --chart PATH [--values FILE]... [--values-after FILE]... [-n NAMESPACE]",
		Short: "Render the Camunda chart with the overlay, like helm template",
		Long: `Render the Camunda chart with the topology's overlay through the Helm 4 SDK,
the way 'helm template -n NAMESPACE -f VALUES... -f overlay -f VALUES-AFTER...'
would, and print the manifests. No cluster and no helm binary are needed. The
namespace is the topology's unless -n says otherwise.

Before rendering, the chart must be Camunda's chart of the topology's chart
line, no older than the oldest chart of the line camunda-irsa supports; every
key the overlay writes is checked against the chart's own values (a key the
chart does not know is an error naming it), and the merged values are
validated against the chart's values.schema.json when it has one. A value the
chart itself requires (its own fail or required message) is reported as the
chart's requirement, with the chart's text. Entries of your --values files in
lists the overlay also sets (env, extraEnvVars) are merged into the overlay's
lists by name, since Helm would otherwise replace the whole list.`,
		Example: `  helm pull camunda/camunda-platform --version 13.x --untar
  camunda-irsa template -f topology.yaml --chart camunda-platform --values my-values.yaml > manifests.yaml
  camunda-irsa template -f topology.yaml --chart camunda-platform --values my-values.yaml -n camunda-staging`,
		RunE: func(*cobra.Command, []string) error {
			run, err := f.renderChart(s)
			if err != nil {
				return err
			}
			run.printWarnings(s)
			_, err = fmt.Fprint(s.Out, run.result.YAML())
			return err
		},
	}
	f.register(cmd)
	return cmd
}

func newVerifyCmd(s *cli.Streams) *cobra.Command {
	var f chartFlags
	cmd := &cobra.Command{
		Use:   "verify -f TOPOLOGY --chart PATH [--values FILE]... [--values-after FILE]... [-n NAMESPACE]",
		Short: "Render the chart and prove every workload runs under its role",
		Long: `Render the Camunda chart as 'template' does and check the manifests, one line
per check:

  - every Deployment, StatefulSet, Job and CronJob of a component in the
    topology runs under a service account that carries the expected
    eks.amazonaws.com/role-arn annotation (or, with --with-serviceaccounts, one
    of the ServiceAccounts 'render --output serviceaccounts' writes), and never
    under default; in the topology's namespace, the only one its roles trust;
  - Keycloak, Identity and Web Modeler get the AWS JDBC wrapper settings;
  - the OpenSearch clients get AWS request signing and no OpenSearch password;
  - no container of a component carries static AWS keys;
  - with documentStore: every workload the chart hands the S3 document store
    runs under a role with the document store grant for its bucket and path;
  - with orchestration's database and dbUser: its secondary storage is rdbms,
    through the AWS JDBC wrapper with IAM, as dbUser, without a password;
  - with secretStore: orchestration's service account carries the role that
    reads the secrets;
  - with backup: the broker gets its S3 backup store;
  - automountServiceAccountToken: false on a pod is reported (INFO), not
    failed: the EKS webhook projects its own token.

The last line counts the checks (INFO lines are notes, not counted):
"21 checks: 21 pass, 0 warn, 0 fail". A failed check names the key of a
--values-after file that caused it. Exit status 1 when any check fails.`,
		Example: `  camunda-irsa verify -f topology.yaml --chart camunda-platform-13.12.7.tgz --values my-values.yaml
  camunda-irsa verify -f topology.yaml --chart ./camunda-platform --values-after overrides.yaml`,
		RunE: func(*cobra.Command, []string) error {
			run, err := f.renderChart(s)
			if err != nil {
				return err
			}
			run.printWarnings(s)
			opts := helmchart.VerifyOptions{Overlay: run.overlay, Before: run.input.Before, After: run.input.After, Namespace: run.namespace}
			if f.withServiceAccounts {
				sas, err := render.NewServiceAccounts(run.plan)
				if err != nil {
					return err
				}
				for _, sa := range sas {
					opts.ExternalServiceAccounts = append(opts.ExternalServiceAccounts, irsa.ServiceAccountRef{Namespace: sa.Namespace, Name: sa.Name})
				}
			}
			report := helmchart.Verify(run.result.Manifests, run.plan, opts)
			if _, err := fmt.Fprint(s.Out, report.String()); err != nil {
				return err
			}
			if report.Failed() {
				return cli.ErrReported
			}
			return nil
		},
	}
	f.register(cmd)
	cmd.Flags().BoolVar(&f.withServiceAccounts, "with-serviceaccounts", false,
		"count the ServiceAccounts of 'render --output serviceaccounts' as created outside the chart")
	return cmd
}
