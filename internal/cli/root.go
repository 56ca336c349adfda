package cli

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"
)

// Streams are a command's standard streams, injected by tests.
type Streams struct {
	In       io.Reader
	Out, Err io.Writer
}

// Note writes a note to standard error, one line whatever msg holds.
func (s *Streams) Note(msg string) { fmt.Fprintln(s.Err, "note: "+OneLine(msg)) }

// Warn writes a warning to standard error, one line whatever msg holds.
func (s *Streams) Warn(msg string) { fmt.Fprintln(s.Err, "warning: "+OneLine(msg)) }

// Config is what a binary adds to this package's commands.
type Config struct {
	// Version is the version the build stamped into the binary
	// (-X main.version=...), "" when it stamped none.
	Version string
	// MergeValues writes the overlay with the user's --values files
	// merged in (render --values). It needs Helm's values handling, so a
	// binary without Helm leaves it nil and hands render --values to one
	// that has it.
	MergeValues func(overlay []byte, paths []string, s *Streams) ([]byte, error)
	// Commands are the binary's commands beside render and version.
	Commands []*cobra.Command
}

// Execute runs root, made by NewRoot, on args and returns the exit
// status: 0 success, 1 invalid input or output, 2 usage error.
func Execute(root *cobra.Command, args []string) int {
	root.SetArgs(args)
	return exitStatus(root.Execute(), root.ErrOrStderr())
}

// NewRoot is the camunda-irsa command with render, version, completion
// and the commands of c.
func NewRoot(s *Streams, c Config) *cobra.Command {
	root := &cobra.Command{
		Use:   "camunda-irsa",
		Short: "Generate IRSA wiring for Camunda 8 on Amazon EKS from one topology file",
		Long: `camunda-irsa turns one typed topology file into everything Camunda 8 on
Amazon EKS needs to reach Aurora PostgreSQL, Amazon OpenSearch Service, S3 and
Secrets Manager through IAM roles for service accounts or EKS Pod Identity: the
Helm values overlay, ServiceAccount manifests, IAM trust and permission
policies as JSON, Terraform and an AWS CLI script, and the SQL for the Aurora
users. camunda-irsa runs render and version itself, to start fast, and hands
every other command to camunda-irsa-full, installed beside it.`,
		Example: `  # The overlay merged with your values, into Helm, in the topology's namespace:
  camunda-irsa render -f topology.yaml --values values.yaml | helm upgrade --install camunda camunda/camunda-platform -n camunda -f values.yaml -f -
  camunda-irsa diff -f topology.yaml --values values.yaml
  camunda-irsa import values.yaml > topology.yaml
  camunda-irsa render -f topology.yaml --output iam
  camunda-irsa render -f topology.yaml --out-dir out/`,
		SilenceErrors: true,
		SilenceUsage:  true,
		// cobra reports an unknown command as a plain error; the contract
		// wants exit status 2 for it, like every other usage mistake.
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return Usagef("unknown command %q for %q", args[0], cmd.CommandPath())
			}
			return cmd.Help()
		},
	}
	root.SetIn(s.In)
	root.SetOut(s.Out)
	root.SetErr(s.Err)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return Usage(err) })
	root.AddCommand(newRenderCmd(s, c.MergeValues), newVersionCmd(s, c.Version))
	root.AddCommand(c.Commands...)
	addCompletionExamples(root)
	for _, c := range root.Commands() {
		c.Args = wrapArgs(c.Args)
	}
	return root
}

// addCompletionExamples adds cobra's completion command now rather than
// when it runs, to give it and its shells examples like every other
// command.
func addCompletionExamples(root *cobra.Command) {
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() != "completion" {
			continue
		}
		c.Example = `  source <(camunda-irsa completion bash)
  camunda-irsa completion zsh > "${fpath[1]}/_camunda-irsa"
  camunda-irsa completion fish > ~/.config/fish/completions/camunda-irsa.fish
  camunda-irsa completion powershell | Out-String | Invoke-Expression`
		for _, shell := range c.Commands() {
			shell.Example = completionExample(shell.Name())
		}
	}
}

// wrapArgs turns cobra's argument errors into usage errors.
func wrapArgs(check cobra.PositionalArgs) cobra.PositionalArgs {
	if check == nil {
		check = cobra.NoArgs
	}
	return func(cmd *cobra.Command, args []string) error {
		if err := check(cmd, args); err != nil {
			return Usage(err)
		}
		return nil
	}
}

// completionExample is the example of a shell's completion command:
// loading the script into the current shell, and installing it.
func completionExample(shell string) string {
	switch shell {
	case "bash":
		return `  source <(camunda-irsa completion bash)
  camunda-irsa completion bash > /etc/bash_completion.d/camunda-irsa`
	case "zsh":
		return `  source <(camunda-irsa completion zsh)
  camunda-irsa completion zsh > "${fpath[1]}/_camunda-irsa"`
	case "fish":
		return `  camunda-irsa completion fish | source
  camunda-irsa completion fish > ~/.config/fish/completions/camunda-irsa.fish`
	default:
		return "  camunda-irsa completion " + shell + " | Out-String | Invoke-Expression"
	}
}
