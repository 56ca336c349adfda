package irsa_test

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/camunda-irsa/camunda-irsa/irsa"
)

// Load a topology file, validate and plan it, and list the roles to create.
func ExampleLoad() {
	topology := []byte(`
apiVersion: camunda-irsa/v1
kind: Topology
chart: "8.8"
namespace: camunda
aws:
  accountID: "123456789012"
  region: eu-central-1
cluster:
  name: camunda
  oidcIssuer: https://oidc.eks.eu-central-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF
aurora:
  endpoint: camunda.cluster-c1a2b3c4d5e6.eu-central-1.rds.amazonaws.com
  clusterResourceID: cluster-ABCDEFGHIJKLMNOPQRSTUVWXY2
opensearch:
  domain: camunda
  endpoint: vpc-camunda-abcdefghijklmnopqrstuvwxyz.eu-central-1.es.amazonaws.com
components:
  keycloak:      {serviceAccount: keycloak-sa, database: keycloak, dbUser: keycloak_irsa}
  identity:      {serviceAccount: identity-sa, database: identity, dbUser: keycloak_irsa}
  orchestration: {serviceAccount: orchestration-sa}
  optimize:      {serviceAccount: optimize-sa}
`)
	plan, err := irsa.Load(topology)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return
	}
	for _, role := range plan.Roles() {
		fmt.Println(role.Name, role.ARN)
		for _, sa := range role.ServiceAccounts {
			fmt.Println("  trusts", sa)
		}
	}
	// Output:
	// camunda-keycloak arn:aws:iam::123456789012:role/camunda-keycloak
	//   trusts camunda:identity-sa
	//   trusts camunda:keycloak-sa
	// camunda-opensearch arn:aws:iam::123456789012:role/camunda-opensearch
	//   trusts camunda:optimize-sa
	//   trusts camunda:orchestration-sa
}

// NewPlan reports every problem at once, each with its field path.
func ExampleNewPlan() {
	t := irsa.Topology{
		APIVersion: irsa.APIVersion,
		Kind:       irsa.Kind,
		Chart:      "8.8",
		Namespace:  "Camunda",
		AWS:        irsa.AWS{AccountID: "12345", Region: "eu-central-1"},
		Cluster: irsa.Cluster{
			Name:       "camunda",
			OIDCIssuer: "https://oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF",
		},
		Components: irsa.Components{
			Zeebe: &irsa.Component{ServiceAccount: "zeebe"},
		},
	}
	_, err := irsa.NewPlan(t)
	if errs, ok := irsa.AsFieldErrors(err); ok {
		for _, e := range errs {
			fmt.Printf("%s\n  %s\n", e.Path, e.Message)
		}
	}
	// Output:
	// namespace
	//   must be a DNS-1123 label (at most 63 lower-case letters, digits or '-', starting and ending with a letter or digit), got "Camunda"
	// aws.accountID
	//   must be 12 digits, got "12345"
	// cluster.oidcIssuer
	//   is in region eu-west-1 but aws.region is eu-central-1
	// components.zeebe
	//   needs the opensearch block (domain, endpoint)
	// components.zeebe
	//   is not a component of chart 8.8; use components.orchestration, which runs Zeebe, Operate and Tasklist together
}

// Load reports the problems of decoding and of validation together.
func ExampleLoad_problems() {
	_, err := irsa.Load([]byte(`
apiVersion: camunda-irsa/v1
kind: Topology
chart: "8.8"
namespace: camunda
aws: {accountID: "1234", region: eu-central-1}
cluster: {name: camunda, oidcIssuer: https://oidc.eks.eu-central-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF}
opensearch: {domain: camunda, endpoint: search.example.com}
components:
  optimize: {serviceAcount: optimize-sa}
`))
	fmt.Println(err)
	// Output:
	// components.optimize.serviceAcount: unknown field; did you mean serviceAccount?
	// aws.accountID: must be 12 digits, got "1234"
	// components.optimize.serviceAccount: is required
}

// A trust policy for two service accounts of one EKS cluster.
func ExampleWebIdentityTrust() {
	issuer := "https://oidc.eks.eu-central-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF"
	provider := irsa.OIDCProviderARN("aws", "123456789012", issuer)
	policy := irsa.NewPolicy(irsa.WebIdentityTrust("CamundaServiceAccounts", provider, irsa.IssuerHost(issuer), []string{
		irsa.ServiceAccountRef{Namespace: "camunda", Name: "optimize-sa"}.Subject(),
		irsa.ServiceAccountRef{Namespace: "camunda", Name: "orchestration-sa"}.Subject(),
	}))
	out, _ := json.MarshalIndent(policy, "", "  ")
	fmt.Println(string(out))
	// Output:
	// {
	//   "Version": "2012-10-17",
	//   "Statement": [
	//     {
	//       "Sid": "CamundaServiceAccounts",
	//       "Effect": "Allow",
	//       "Principal": {
	//         "Federated": "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-central-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF"
	//       },
	//       "Action": "sts:AssumeRoleWithWebIdentity",
	//       "Condition": {
	//         "StringEquals": {
	//           "oidc.eks.eu-central-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF:aud": "sts.amazonaws.com",
	//           "oidc.eks.eu-central-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF:sub": [
	//             "system:serviceaccount:camunda:optimize-sa",
	//             "system:serviceaccount:camunda:orchestration-sa"
	//           ]
	//         }
	//       }
	//     }
	//   ]
	// }
}
