package lint_test

import (
	"fmt"

	"github.com/camunda-irsa/camunda-irsa/irsa"
	"github.com/camunda-irsa/camunda-irsa/lint"
)

// A policy in the style of Camunda's reference Terraform: rds-db:connect
// on every cluster of the account, and a data-plane action granted on the
// domain ARN instead of the paths inside it.
func ExamplePolicy() {
	policy := []byte(`{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Aurora",
      "Effect": "Allow",
      "Action": "rds-db:connect",
      "Resource": "arn:aws:rds-db:eu-central-1:123456789012:dbuser:*/keycloak"
    },
    {
      "Effect": "Allow",
      "Action": ["es:ESHttpGet", "es:ESHttpPutt"],
      "Resource": "arn:aws:es:eu-central-1:123456789012:domain/camunda"
    }
  ]
}`)
	findings := lint.Policy("policy.json", policy, lint.Auto, lint.Options{Account: "123456789012", Region: "eu-central-1"})
	for _, f := range findings {
		fmt.Printf("%s %s %s: %s\n  fix: %s\n", f.Level, f.Code, f.Statement, f.Message, f.Fix)
	}
	fmt.Println("fails:", lint.Failed(findings, false))
	// Output:
	// ERROR IAM010-unknown-action Statement[1]: "es:ESHttpPutt" is not an action of service prefix es
	//   fix: Did you mean es:ESHttpPut?
	// WARNING IAM026-broad-resource Aurora: arn:aws:rds-db:eu-central-1:123456789012:dbuser:*/keycloak matches every Aurora cluster and instance (the resource ID is a wildcard)
	//   fix: Name the cluster's resource ID (cluster-..., from `aws rds describe-db-clusters`) and the database user.
	// WARNING IAM025-resource-type-mismatch Statement[1]: es:ESHttpGet acts on paths inside the domain (domain/<name>/*), which arn:aws:es:eu-central-1:123456789012:domain/camunda does not match
	//   fix: Grant es:ESHttpGet on arn:aws:es:eu-central-1:123456789012:domain/<domain>/*.
	// fails: true
}

// A test of generated policies that tolerates warnings but no errors: an
// Aurora cluster resource ID of "*" is a documented warning, so the plan
// fails --strict but has no errors.
func ExampleErrors() {
	top, err := irsa.Decode([]byte(`
apiVersion: camunda-irsa/v1
kind: Topology
chart: "8.8"
namespace: camunda
aws: {accountID: "123456789012", region: eu-central-1}
cluster:
  name: camunda
  oidcIssuer: https://oidc.eks.eu-central-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF
aurora:
  endpoint: camunda.cluster-c1a2b3c4d5e6.eu-central-1.rds.amazonaws.com
  clusterResourceID: "*"
components:
  keycloak: {serviceAccount: keycloak-sa, database: keycloak, dbUser: keycloak_irsa}
`))
	if err != nil {
		panic(err)
	}
	plan, err := irsa.NewPlan(top)
	if err != nil {
		panic(err)
	}
	findings := lint.Plan(plan, lint.Options{})
	fmt.Println("errors:", lint.Errors(findings))
	fmt.Println("fails --strict:", lint.Failed(findings, true))
	// Output:
	// errors: []
	// fails --strict: true
}
