package fullcli

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/camunda-irsa/camunda-irsa/internal/cli"
	"github.com/camunda-irsa/camunda-irsa/irsa"
	"github.com/camunda-irsa/camunda-irsa/render/helmchart"
	"github.com/camunda-irsa/camunda-irsa/render/importer"
)

func newImportCmd(s *cli.Streams) *cobra.Command {
	var line string
	cmd := &cobra.Command{
		Use:   "import VALUES.yaml [--chart-line LINE]",
		Short: "Write the topology that reproduces the IRSA wiring of an existing values file",
		Long: `Read a values file of the Camunda chart that is already wired for IRSA (such
as Camunda's deployment references, after envsubst) and print the topology that
reproduces its wiring: the service account and role of each component (the
role's name where it differs from the one camunda-irsa would choose), the
account ID from the role ARNs, Aurora's host, port, databases and users, and
the OpenSearch endpoint and domain.

What values files do not hold is written as a placeholder under a comment
saying REPLACE: the namespace, the cluster's name and OIDC issuer, the Aurora
cluster resource ID, and the OpenSearch domain when the endpoint does not show
it. Each placeholder validates, so the file renders once they are replaced. A
component the values wire but disable is written commented out.

The chart line is read from the keys of the values (zeebe or orchestration,
camundaHub, secondary storage, the Bitnami subcharts); --chart-line sets it.`,
		Example: `  camunda-irsa import values.yaml > topology.yaml
  envsubst < values-no-domain.yml | camunda-irsa import - --chart-line ` + newestLine() + ` > topology.yaml
  camunda-irsa diff -f topology.yaml --values values.yaml`,
		Args: cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			data, err := readValuesArg(args[0], s.In)
			if err != nil {
				return err
			}
			name := args[0]
			if name == "-" {
				name = importer.StandardInput
			}
			imp, err := importer.Read(helmchart.ValuesFile{Name: name, Data: data}, line)
			if err != nil {
				return err
			}
			out, err := imp.Render()
			if err != nil {
				return err
			}
			if _, err := s.Out.Write(out); err != nil {
				return err
			}
			for _, n := range imp.Notes {
				s.Note(n)
			}
			if n := strings.Count(string(out), "# REPLACE:"); n > 0 {
				s.Note(fmt.Sprintf("%d values are placeholders under a REPLACE comment; replace them before you render", n))
			}
			if _, err := irsa.Load(out); err != nil {
				for _, line := range cli.ProblemLines(err) {
					s.Warn("the imported topology does not validate yet: " + line)
				}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&line, "chart-line", "", "the chart line of the values ("+strings.Join(irsa.ChartLineNames(), ", ")+"); read from their keys when not given")
	_ = cmd.RegisterFlagCompletionFunc("chart-line", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return irsa.ChartLineNames(), cobra.ShellCompDirectiveNoFileComp
	})
	return cmd
}

// newestLine is the newest chart line, for examples.
func newestLine() string {
	names := irsa.ChartLineNames()
	return names[len(names)-1]
}

// readValuesArg reads a values file named on the command line; - is
// standard input.
func readValuesArg(name string, stdin io.Reader) ([]byte, error) {
	if name == "-" {
		data, err := io.ReadAll(stdin)
		if err != nil {
			return nil, fmt.Errorf("reading values from standard input: %w", err)
		}
		return data, nil
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("reading values file: %w", err)
	}
	return data, nil
}
