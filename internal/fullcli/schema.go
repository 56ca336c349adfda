package fullcli

import (
	"github.com/spf13/cobra"

	"github.com/camunda-irsa/camunda-irsa/internal/cli"
	"github.com/camunda-irsa/camunda-irsa/schema"
)

func newSchemaCmd(s *cli.Streams) *cobra.Command {
	return &cobra.Command{
		Use:   "schema",
		Short: "Print the JSON Schema of the topology file",
		Long: `Print the JSON Schema of the topology file. Editors that speak the YAML
language server protocol validate and complete topology files with it:
start the file with
  # yaml-language-server: $schema=topology.schema.json`,
		Example: "  camunda-irsa schema > topology.schema.json",
		RunE: func(*cobra.Command, []string) error {
			_, err := s.Out.Write(schema.TopologyJSON())
			return err
		},
	}
}
