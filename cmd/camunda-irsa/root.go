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
		Example: `  camunda-irsa render -f topology.yaml | helm install camunda camunda/camunda-platform -f -
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
		newTemplateCmd(s),
		newVerifyCmd(s),
		newLintCmd(s),
		newSchemaCmd(s),
		newVersionCmd(s),
	)
	for _, c := range root.Commands() {
		c.Args = wrapArgs(c.Args)
	}
	return root
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
