package cli

import (
	"errors"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/camunda-irsa/camunda-irsa/render/bundle"
)

// newRenderCmd renders a topology; merge is Config.MergeValues.
func newRenderCmd(s *Streams, merge func(overlay []byte, paths []string, s *Streams) ([]byte, error)) *cobra.Command {
	var (
		file   string
		output string
		outDir string
		force  bool
		opts   bundle.Options
		values []string
	)
	cmd := &cobra.Command{
		Use:   "render -f FILE [--values YOUR.yaml]... [--output KIND] [--out-dir DIR [--force]]",
		Short: "Render the values overlay, IAM, Terraform, AWS CLI, SQL and more from a topology",
		Long: `Render one artifact of a topology to standard output, or all of them into a
directory. The topology is validated first; any problem is reported with its
field path, the exit status is 1 and nothing is written.

Pass your own values file with --values and give Helm the same file before
the overlay: Helm replaces lists whole, so without --values your entries of
the lists the overlay sets (identity.env, identityKeycloak.extraEnvVars, ...)
would be lost. With it, your entries are merged into the overlay's by name
(KEYCLOAK_EXTRA_ARGS flag by flag); where yours and ours clash, and where your
file sets a key the overlay sets to another value, ours win and a warning on
standard error names the key, your value and ours. Install into the
topology's namespace (helm -n): the roles trust only its service accounts.

Output kinds:
  values                  Helm values overlay for the topology's chart line (default)
  serviceaccounts         ServiceAccount manifests carrying the role ARN annotation:
                          those the chart does not create (createServiceAccount:
                          false), or every one when the chart creates them all
  keycloak                Keycloak under the Keycloak Operator (managedBy: operator):
                          its ServiceAccount, a Secret with the database user name
                          and a k8s.keycloak.org/v2alpha1 Keycloak signing in to
                          Aurora with IAM (merge your hostname, HTTP and ingress)
  iam                     {"roles":[...]}: each role's name, ARN, trusted service
                          accounts, trust and permission policy (and Pod Identity
                          associations)
  terraform               aws_iam_policy, aws_iam_role, attachments, outputs (HCL)
  aws-cli                 a re-runnable bash script creating the same with the AWS CLI
  sql                     PostgreSQL users, rds_iam grants and databases, for psql
  opensearch-rolemapping  a script mapping the role into OpenSearch fine-grained
                          access control, credentials from the environment
  opensearch-snapshot     a script registering the OpenSearch snapshot repository of
                          the backups, signed with SigV4, credentials from the environment
  imds                    node hardening (IMDSv2, hop limit 1) as Terraform and AWS CLI

--out-dir writes every kind that applies as files, plus iam/<role>.trust.json
and iam/<role>.policy.json per role and a README.md with the order to apply
them, atomically: into a temporary directory renamed into place at the end.`,
		Example: `  camunda-irsa render -f topology.yaml --values values.yaml | helm upgrade --install camunda camunda/camunda-platform -n camunda -f values.yaml -f -
  camunda-irsa render -f topology.yaml --output iam | jq '.roles[].arn'
  cat topology.yaml | camunda-irsa render -f - --output serviceaccounts | kubectl apply -f -
  camunda-irsa render -f topology.yaml --output keycloak | kubectl apply -n camunda -f -
  camunda-irsa render -f topology.yaml --output terraform > camunda-irsa.tf
  camunda-irsa render -f topology.yaml --output sql | psql "host=... user=postgres sslmode=require"
  camunda-irsa render -f topology.yaml --out-dir out/`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if file == "" {
				return Usagef("render needs -f FILE (use -f - for standard input)")
			}
			if outDir != "" && cmd.Flags().Changed("output") {
				return Usagef("--output and --out-dir exclude each other: --out-dir writes every kind")
			}
			if force && outDir == "" {
				return Usagef("--force only applies with --out-dir")
			}
			if len(values) > 0 && outDir != "" {
				return Usagef("--values applies to --output values, not --out-dir: pipe render --values into helm as the bundle's README.md says")
			}
			kind := bundle.Kind(output)
			if outDir == "" && !slices.Contains(bundle.Kinds(), kind) {
				return Usagef("--output must be one of %s; got %q", kindNames(), output)
			}
			plan, err := PlanFile(file, s)
			if err != nil {
				return err
			}
			if outDir != "" {
				w := newDirWriter(force)
				if err := w.check(outDir); err != nil {
					return err
				}
				files, err := bundle.Files(plan, opts)
				if err != nil {
					return err
				}
				return w.write(outDir, files)
			}
			out, err := bundle.Render(plan, kind, opts)
			if err != nil {
				return err
			}
			if len(values) > 0 {
				if kind != bundle.KindValues {
					return Usagef("--values only applies to --output values")
				}
				if merge == nil {
					return errors.New("render --values needs Helm's values handling, which this binary is built without: run camunda-irsa-full")
				}
				if out, err = merge(out, values, s); err != nil {
					return err
				}
			}
			_, err = s.Out.Write(out)
			return err
		},
	}
	cmd.Flags().StringVarP(&file, "file", "f", "", "topology file (YAML or JSON); - reads standard input")
	cmd.Flags().StringVarP(&output, "output", "o", string(bundle.KindValues), "output kind: "+kindNames())
	_ = cmd.RegisterFlagCompletionFunc("output", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return strings.Split(kindNames(), ", "), cobra.ShellCompDirectiveNoFileComp
	})
	cmd.Flags().StringVar(&opts.InternalRole, "opensearch-role", "", "OpenSearch internal role the IAM role is mapped to (opensearch-rolemapping; default all_access)")
	cmd.Flags().StringVar(&outDir, "out-dir", "", "write every artifact into this directory instead of standard output")
	cmd.Flags().BoolVar(&force, "force", false, "with --out-dir, replace a directory that already has files")
	cmd.Flags().StringArrayVar(&values, "values", nil, "your values file, which goes before the overlay in helm -f; its entries in lists the overlay sets (env, extraEnvVars, extraConfiguration) are merged into the overlay's lists by name (repeatable)")
	return cmd
}

func kindNames() string {
	names := make([]string, 0, 8)
	for _, k := range bundle.Kinds() {
		names = append(names, string(k))
	}
	return strings.Join(names, ", ")
}
