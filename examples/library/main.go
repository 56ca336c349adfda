// Command library shows camunda-irsa used as a Go library: it builds a
// topology in code, plans its roles and writes the Helm values overlay to
// standard output.
package main

import (
	"fmt"
	"io"
	"os"

	"github.com/camunda-irsa/camunda-irsa/irsa"
	"github.com/camunda-irsa/camunda-irsa/render"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func topology() irsa.Topology {
	return irsa.Topology{
		APIVersion: irsa.APIVersion,
		Kind:       irsa.Kind,
		Chart:      "8.8",
		Namespace:  "camunda",
		AWS:        irsa.AWS{AccountID: "123456789012", Region: "eu-central-1"},
		Cluster: irsa.Cluster{
			Name:       "camunda",
			OIDCIssuer: "https://oidc.eks.eu-central-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF",
		},
		Aurora: &irsa.Aurora{
			Endpoint:          "camunda.cluster-c1a2b3c4d5e6.eu-central-1.rds.amazonaws.com",
			ClusterResourceID: "cluster-ABCDEFGHIJKLMNOPQRSTUVWXY2",
		},
		Components: irsa.Components{
			Keycloak: &irsa.KeycloakComponent{ServiceAccount: "keycloak-sa", Database: "keycloak", DBUser: "keycloak_irsa"},
			Identity: &irsa.DatabaseComponent{ServiceAccount: "identity-sa", Database: "identity", DBUser: "identity_irsa"},
		},
	}
}

func run(w io.Writer) error {
	plan, err := irsa.NewPlan(topology())
	if err != nil {
		return fmt.Errorf("planning: %w", err)
	}
	for _, r := range plan.Roles() {
		fmt.Fprintf(w, "# role %s trusted by %v\n", r.ARN, r.ServiceAccounts)
	}
	values, err := render.Values(plan)
	if err != nil {
		return err
	}
	_, err = w.Write(values)
	return err
}
