// Package fullcli is camunda-irsa's complete command line: package cli's
// render and version plus the commands that need Helm's chart engine or
// the JSON Schema validator (template, verify, diff, import, lint,
// schema) and render --values. Both binaries build on package cli;
// camunda-irsa-full is this package.
package fullcli

import (
	"io"

	"github.com/spf13/cobra"

	"github.com/camunda-irsa/camunda-irsa/internal/cli"
)

// Run executes the command line args and returns the exit status (see
// cli.Execute); version is the one the build stamped, "" if none.
func Run(args []string, stdin io.Reader, stdout, stderr io.Writer, version string) int {
	return cli.Execute(NewRoot(&cli.Streams{In: stdin, Out: stdout, Err: stderr}, version), args)
}

// NewRoot is the camunda-irsa command with every command.
func NewRoot(s *cli.Streams, version string) *cobra.Command {
	return cli.NewRoot(s, config(s, version))
}

func config(s *cli.Streams, version string) cli.Config {
	return cli.Config{
		Version:     version,
		MergeValues: mergeValues,
		Commands: []*cobra.Command{
			newDiffCmd(s),
			newImportCmd(s),
			newTemplateCmd(s),
			newVerifyCmd(s),
			newLintCmd(s),
			newSchemaCmd(s),
		},
	}
}
