// Command camunda-irsa generates the Helm values overlay, ServiceAccounts
// and IAM policies that let Camunda 8 on Amazon EKS reach Aurora,
// OpenSearch and S3 through IAM roles for service accounts.
package main

import (
	"io"
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run executes the CLI and returns its exit status: 0 success, 1 invalid
// input or output, 2 usage error.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cmd := newRootCmd(&streams{in: stdin, out: stdout, err: stderr})
	cmd.SetArgs(args)
	return exitStatus(cmd.Execute(), stderr)
}
