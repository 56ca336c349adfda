package fullcli

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/camunda-irsa/camunda-irsa/internal/cli"
	"github.com/camunda-irsa/camunda-irsa/lint"
	"github.com/camunda-irsa/camunda-irsa/schema"
)

func newLintCmd(s *cli.Streams) *cobra.Command {
	var (
		file, kind, format         string
		strict                     bool
		trustQuota, managedQuota   int
		account, partition, region string
	)
	cmd := &cobra.Command{
		Use:   "lint [-f TOPOLOGY | POLICY.json ...]",
		Short: "Lint IAM policies: the plan of a topology, or policy JSON files",
		Long: `Lint IAM trust and permission policies the way AWS IAM Access Analyzer
reports findings: ERROR, SECURITY_WARNING, WARNING and SUGGESTION, each with a
stable code, the statement (Sid or index) and a one-line fix.

With -f it lints every role camunda-irsa would generate for the topology.
Otherwise it lints the policy JSON files given (- reads standard input),
telling trust policies from permission policies by their Principal.

Exit status 1 when any ERROR is found, or any finding at all with --strict.`,
		Example: `  camunda-irsa lint -f topology.yaml --strict
  camunda-irsa lint iam/*.json
  aws iam get-role --role-name camunda-keycloak --query Role.AssumeRolePolicyDocument | camunda-irsa lint --kind trust -`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if (file == "") == (len(args) == 0) {
				return cli.Usagef("lint needs either -f TOPOLOGY or policy files, not both")
			}
			k, err := lint.ParseKind(kind)
			if err != nil {
				return cli.Usage(err)
			}
			if format != "text" && format != "json" {
				return cli.Usagef("--output must be text or json, got %q", format)
			}
			for _, q := range []struct {
				name  string
				value int
			}{{"trust-quota", trustQuota}, {"managed-quota", managedQuota}} {
				if cmd.Flags().Changed(q.name) && q.value < 1 {
					return cli.Usagef("--%s must be a positive number of characters, got %d", q.name, q.value)
				}
			}
			schemas, err := schema.New()
			if err != nil {
				return err
			}
			opts := lint.Options{TrustPolicyQuota: trustQuota, ManagedPolicyQuota: managedQuota,
				Account: account, Partition: partition, Region: region, Grammar: schemas.ValidatePolicy}
			var findings []lint.Finding
			if file != "" {
				plan, err := cli.PlanFile(file, s)
				if err != nil {
					return err
				}
				findings = lint.Plan(plan, opts)
			} else {
				for _, name := range args {
					data, err := readPolicy(name, s.In)
					if err != nil {
						return err
					}
					findings = append(findings, lint.Policy(name, data, k, opts)...)
				}
			}
			if err := printFindings(s.Out, findings, format); err != nil {
				return err
			}
			if lint.Failed(findings, strict) {
				return cli.ErrReported
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVarP(&file, "file", "f", "", "topology file whose planned roles are linted; - reads standard input")
	f.BoolVar(&strict, "strict", false, "fail on any finding, not only on errors")
	f.StringVar(&kind, "kind", "auto", "policy kind of the files: auto, permission or trust")
	f.StringVarP(&format, "output", "o", "text", "report format: text or json")
	// The quotas default to 0, "not given": lint.Plan then takes the
	// topology's aws.trustPolicyQuota, which a default of 2048 here would
	// override.
	f.IntVar(&trustQuota, "trust-quota", 0, fmt.Sprintf("trust policy size quota in characters, whitespace not counted (default %d; with -f the topology's aws.trustPolicyQuota)", lint.DefaultTrustPolicyQuota))
	f.IntVar(&managedQuota, "managed-quota", 0, fmt.Sprintf("managed policy size quota in characters, whitespace not counted (default %d)", lint.DefaultManagedPolicyQuota))
	f.StringVar(&account, "account", "", "expected AWS account ID of ARNs (policy files only; -f uses the topology's)")
	f.StringVar(&partition, "partition", "", "expected partition of ARNs")
	f.StringVar(&region, "region", "", "expected region of ARNs")
	return cmd
}

func readPolicy(name string, stdin io.Reader) ([]byte, error) {
	if name == "-" {
		return io.ReadAll(stdin)
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("reading policy: %w", err)
	}
	return data, nil
}

func printFindings(w io.Writer, findings []lint.Finding, format string) error {
	if format == "json" {
		if findings == nil {
			findings = []lint.Finding{}
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(map[string][]lint.Finding{"findings": findings})
	}
	counts := map[lint.Level]int{}
	for _, f := range findings {
		counts[f.Level]++
		if _, err := fmt.Fprintln(w, f.String()); err != nil {
			return err
		}
	}
	_, err := fmt.Fprintf(w, "%d errors, %d security warnings, %d warnings, %d suggestions\n",
		counts[lint.Error], counts[lint.SecurityWarning], counts[lint.Warning], counts[lint.Suggestion])
	return err
}
