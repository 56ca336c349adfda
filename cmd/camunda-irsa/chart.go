package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"
	"sigs.k8s.io/yaml"

	"github.com/camunda-irsa/camunda-irsa/irsa"
	"github.com/camunda-irsa/camunda-irsa/render"
	"github.com/camunda-irsa/camunda-irsa/render/helmchart"
)

// chartFlags are the flags template and verify share: the topology, the
// chart, and the user's values files around our overlay.
type chartFlags struct {
	file, chart, releaseName, kubeVersion string
	before, after                         []string
	withServiceAccounts                   bool
}

func (f *chartFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVarP(&f.file, "file", "f", "", "topology file (YAML or JSON); - reads standard input")
	fl.StringVar(&f.chart, "chart", "", "the Camunda chart: a directory or a packaged .tgz (helm pull camunda/camunda-platform --untar)")
	fl.StringArrayVar(&f.before, "values", nil, "your values file, passed to Helm before the overlay (repeatable)")
	fl.StringArrayVar(&f.after, "values-after", nil, "your values file, passed to Helm after the overlay (repeatable)")
	fl.StringVar(&f.releaseName, "release-name", helmchart.DefaultReleaseName, "Helm release name")
	fl.StringVar(&f.kubeVersion, "kube-version", "", "Kubernetes version for the chart's capabilities, e.g. v1.31.0")
}

// chartRun is one rendering of the chart with our overlay.
type chartRun struct {
	plan     *irsa.Plan
	overlay  map[string]any
	input    helmchart.Input
	result   *helmchart.Result
	warnings []string
}

// renderChart plans the topology, merges the user's named list entries
// into the overlay (Helm would otherwise drop them) and renders the chart.
func (f *chartFlags) renderChart(s *streams) (*chartRun, error) {
	if f.file == "" || f.chart == "" {
		return nil, usagef("needs -f TOPOLOGY and --chart PATH")
	}
	plan, err := planFile(f.file, s)
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
	overlay, err := helmchart.ParseValues(helmchart.ValuesFile{Name: overlayName, Data: overlayYAML})
	if err != nil {
		return nil, err
	}
	run.overlay = overlay
	if len(before) > 0 {
		merged, warnings, err := mergeBefore(overlay, before)
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
	run.result, err = helmchart.Render(chart, run.input, helmchart.Options{
		ReleaseName: f.releaseName, Namespace: plan.Namespace(), KubeVersion: f.kubeVersion, OverrideBlocks: plan.Line().OverrideBlocks})
	if err != nil {
		return nil, err
	}
	return run, nil
}

// overlayName names our overlay in messages about values files.
const overlayName = "camunda-irsa overlay"

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

func (r *chartRun) printWarnings(s *streams) {
	for _, w := range r.warnings {
		fmt.Fprintln(s.err, "warning: "+w)
	}
}

func newTemplateCmd(s *streams) *cobra.Command {
	var f chartFlags
	cmd := &cobra.Command{
		Use:   "template -f TOPOLOGY --chart PATH [--values FILE]... [--values-after FILE]...",
		Short: "Render the Camunda chart with the overlay, like helm template",
		Long: `Render the Camunda chart with the topology's overlay through the Helm SDK, the
way 'helm template -f VALUES... -f overlay -f VALUES-AFTER...' would, and print
the manifests. No cluster and no helm binary are needed.

Before rendering, every key the overlay writes is checked against the chart's
own values (a key the chart does not know is an error naming it), and the
merged values are validated against the chart's values.schema.json when it
has one. Entries of your --values files in lists the overlay also sets (env,
extraEnvVars) are merged into the overlay's lists by name, since Helm would
otherwise replace the whole list.`,
		Example: `  helm pull camunda/camunda-platform --version 13.x --untar
  camunda-irsa template -f topology.yaml --chart camunda-platform --values my-values.yaml > manifests.yaml`,
		RunE: func(*cobra.Command, []string) error {
			run, err := f.renderChart(s)
			if err != nil {
				return err
			}
			run.printWarnings(s)
			_, err = fmt.Fprint(s.out, run.result.YAML())
			return err
		},
	}
	f.register(cmd)
	return cmd
}

func newVerifyCmd(s *streams) *cobra.Command {
	var f chartFlags
	cmd := &cobra.Command{
		Use:   "verify -f TOPOLOGY --chart PATH [--values FILE]... [--values-after FILE]...",
		Short: "Render the chart and prove every workload runs under its role",
		Long: `Render the Camunda chart as 'template' does and check the manifests, one line
per check:

  - every Deployment, StatefulSet, Job and CronJob of a component in the
    topology runs under a service account that carries the expected
    eks.amazonaws.com/role-arn annotation (or, with --with-serviceaccounts, one
    of the ServiceAccounts 'render --output serviceaccounts' writes), and never
    under default;
  - Keycloak, Identity and Web Modeler get the AWS JDBC wrapper settings;
  - the OpenSearch clients get AWS request signing and no OpenSearch password;
  - no container of a component carries static AWS keys;
  - automountServiceAccountToken: false on a pod is reported, not failed: the
    EKS webhook projects its own token.

A failed check names the key of a --values-after file that caused it. Exit
status 1 when any check fails.`,
		Example: `  camunda-irsa verify -f topology.yaml --chart camunda-platform-13.0.0.tgz --values my-values.yaml
  camunda-irsa verify -f topology.yaml --chart ./camunda-platform --values-after overrides.yaml`,
		RunE: func(*cobra.Command, []string) error {
			run, err := f.renderChart(s)
			if err != nil {
				return err
			}
			run.printWarnings(s)
			opts := helmchart.VerifyOptions{Overlay: run.overlay, Before: run.input.Before, After: run.input.After}
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
			if _, err := fmt.Fprint(s.out, report.String()); err != nil {
				return err
			}
			if report.Failed() {
				return errFindings
			}
			return nil
		},
	}
	f.register(cmd)
	cmd.Flags().BoolVar(&f.withServiceAccounts, "with-serviceaccounts", false,
		"count the ServiceAccounts of 'render --output serviceaccounts' as created outside the chart")
	return cmd
}
