package fullcli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/camunda-irsa/camunda-irsa/internal/cli"
	"github.com/camunda-irsa/camunda-irsa/render"
	"github.com/camunda-irsa/camunda-irsa/render/helmchart"
)

func newDiffCmd(s *cli.Streams) *cobra.Command {
	var (
		file   string
		values []string
	)
	cmd := &cobra.Command{
		Use:   "diff -f TOPOLOGY --values FILE [--values FILE]...",
		Short: "Show what the overlay changes in your values, key by key",
		Long: `Show what applying the topology's overlay on top of your values files changes,
the way 'render --values' merges them and Helm then applies them: one line per
key, sorted by key path, and nothing for the keys it leaves as they are.

  + key: value          the overlay adds the key
  ~ key: old -> new     the overlay changes its value

Entries of named lists (env, extraEnvVars, extraConfiguration) are shown by
name, field by field: identity.env[SPRING_DATASOURCE_URL].value. Values are
quoted strings, numbers and booleans, or JSON for lists and objects. The exit
status is 0 whatever changes.`,
		Example: `  camunda-irsa diff -f topology.yaml --values values.yaml
  camunda-irsa import values.yaml > topology.yaml && camunda-irsa diff -f topology.yaml --values values.yaml`,
		RunE: func(*cobra.Command, []string) error {
			if file == "" || len(values) == 0 {
				return cli.Usagef("diff needs -f TOPOLOGY and --values FILE: the values the overlay goes on top of")
			}
			plan, err := cli.PlanFile(file, s)
			if err != nil {
				return err
			}
			before, err := readValuesFiles(values)
			if err != nil {
				return err
			}
			overlayYAML, err := render.Values(plan)
			if err != nil {
				return err
			}
			overlay, err := parseOverlay(overlayYAML)
			if err != nil {
				return err
			}
			changes, err := helmchart.Diff(before, overlay)
			if err != nil {
				return err
			}
			for _, c := range changes {
				if _, err := fmt.Fprintln(s.Out, cli.OneLine(c.String())); err != nil {
					return err
				}
			}
			return nil
		},
	}
	cmd.Flags().StringVarP(&file, "file", "f", "", "topology file (YAML or JSON); - reads standard input")
	cmd.Flags().StringArrayVar(&values, "values", nil, "your values file, as passed to helm -f before the overlay (repeatable)")
	return cmd
}
