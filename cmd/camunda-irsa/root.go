package main

import (
	"io"

	"github.com/spf13/cobra"
)

// streams are the command's standard streams, injected for tests.
type streams struct {
	in       io.Reader
	out, err io.Writer
}

func newRootCmd(s *streams) *cobra.Command {
	root := &cobra.Command{
		Use:   "camunda-irsa",
		Short: "Generate IRSA wiring for Camunda 8 on Amazon EKS from one topology file",
		Long: `camunda-irsa turns one typed topology file into everything Camunda 8 on
Amazon EKS needs to reach Aurora PostgreSQL, Amazon OpenSearch Service and S3
through IAM roles for service accounts: the Helm values overlay, ServiceAccount
manifests and IAM trust and permission policies.`,
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
				return usagef("unknown command %q for %q", args[0], cmd.CommandPath())
			}
			return cmd.Help()
		},
	}
	root.SetIn(s.in)
	root.SetOut(s.out)
	root.SetErr(s.err)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(
		newRenderCmd(s),
		newDiffCmd(s),
		newImportCmd(s),
		newTemplateCmd(s),
		newVerifyCmd(s),
		newLintCmd(s),
		newSchemaCmd(s),
		newVersionCmd(s),
	)
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
			return usageError{err}
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
