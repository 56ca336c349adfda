package main

import (
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/camunda-irsa/camunda-irsa/irsa"
	"github.com/camunda-irsa/camunda-irsa/render"
)

func newRenderCmd(s *streams) *cobra.Command {
	var (
		file   string
		output string
		outDir string
		force  bool
	)
	cmd := &cobra.Command{
		Use:   "render -f FILE [--output values|serviceaccounts|iam] [--out-dir DIR]",
		Short: "Render the values overlay, ServiceAccounts or IAM policies of a topology",
		Long: `Render one artifact of a topology to standard output, or all of them into a
directory. The topology is validated first; any problem is reported with its
field path, the exit status is 1 and nothing is written.

Output kinds:
  values           Helm values overlay for the topology's chart line (default)
  serviceaccounts  ServiceAccount manifests carrying the role ARN annotation
  iam              {"roles":[...]}: each role's name, ARN, trusted service
                   accounts, trust policy and permission policy

--out-dir writes values.yaml, serviceaccounts.yaml and
iam/<role>.trust.json and iam/<role>.policy.json per role, atomically.`,
		Example: `  camunda-irsa render -f topology.yaml | helm install camunda camunda/camunda-platform -f -
  camunda-irsa render -f topology.yaml --output iam | jq '.roles[].arn'
  cat topology.yaml | camunda-irsa render -f - --output serviceaccounts | kubectl apply -f -
  camunda-irsa render -f topology.yaml --out-dir out/`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if file == "" {
				return usagef("render needs -f FILE (use -f - for standard input)")
			}
			if outDir != "" && cmd.Flags().Changed("output") {
				return usagef("--output and --out-dir exclude each other: --out-dir writes every kind")
			}
			if force && outDir == "" {
				return usagef("--force only applies with --out-dir")
			}
			kind := render.Kind(output)
			if outDir == "" && !validKind(kind) {
				return usagef("--output must be one of values, serviceaccounts, iam; got %q", output)
			}
			p, err := newPipeline()
			if err != nil {
				return err
			}
			data, err := readTopology(file, s.in)
			if err != nil {
				return err
			}
			plan, err := p.plan(data)
			if err != nil {
				return err
			}
			if outDir != "" {
				w := newDirWriter(force)
				if err := w.check(outDir); err != nil {
					return err
				}
				files, err := p.files(plan)
				if err != nil {
					return err
				}
				return w.write(outDir, files)
			}
			out, err := p.render(plan, kind)
			if err != nil {
				return err
			}
			_, err = s.out.Write(out)
			return err
		},
	}
	cmd.Flags().StringVarP(&file, "file", "f", "", "topology file (YAML or JSON); - reads standard input")
	cmd.Flags().StringVarP(&output, "output", "o", string(render.KindValues), "output kind: values, serviceaccounts or iam")
	cmd.Flags().StringVar(&outDir, "out-dir", "", "write every artifact into this directory instead of standard output")
	cmd.Flags().BoolVar(&force, "force", false, "with --out-dir, replace a directory that already has files")
	return cmd
}

func validKind(k render.Kind) bool {
	for _, known := range render.Kinds() {
		if k == known {
			return true
		}
	}
	return false
}

// readTopology reads at most one byte more than a topology may have, so
// that an oversized input is refused without reading all of it.
func readTopology(file string, stdin io.Reader) ([]byte, error) {
	r := stdin
	if file != "-" {
		f, err := os.Open(file)
		if err != nil {
			return nil, fmt.Errorf("reading topology: %w", err)
		}
		defer f.Close()
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, irsa.MaxTopologyBytes+1))
	if err != nil {
		return nil, fmt.Errorf("reading topology %s: %w", file, err)
	}
	return data, nil
}
