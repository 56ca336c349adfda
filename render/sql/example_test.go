package sql_test

import (
	"fmt"
	"strings"

	"github.com/camunda-irsa/camunda-irsa/irsa"
	"github.com/camunda-irsa/camunda-irsa/render/sql"
)

func ExampleRender() {
	plan, err := irsa.NewPlan(irsa.Topology{
		APIVersion: irsa.APIVersion, Kind: irsa.Kind, Chart: "8.8", Namespace: "camunda",
		AWS: irsa.AWS{AccountID: "123456789012", Region: "eu-central-1"},
		Cluster: irsa.Cluster{Name: "camunda",
			OIDCIssuer: "https://oidc.eks.eu-central-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF"},
		Aurora: &irsa.Aurora{Endpoint: "camunda.cluster-c1a2b3c4d5e6.eu-central-1.rds.amazonaws.com",
			ClusterResourceID: "cluster-ABCDEFGHIJKLMNOPQRSTUVWXY2"},
		Components: irsa.Components{
			Keycloak: &irsa.KeycloakComponent{ServiceAccount: "keycloak-sa", Database: "keycloak", DBUser: "keycloak_irsa"},
		},
	})
	if err != nil {
		panic(err)
	}
	script, err := sql.Render(plan)
	if err != nil {
		panic(err)
	}
	// The statements that change something, without the comments and the
	// guards around them.
	for _, line := range strings.Split(string(script), "\n") {
		line = strings.TrimSpace(line)
		for _, prefix := range []string{"CREATE", "GRANT", "REVOKE", "SELECT 'CREATE", `\connect`, "--   psql"} {
			if strings.HasPrefix(line, prefix) {
				fmt.Println(line)
			}
		}
	}
	// Output:
	// --   psql "host=camunda.cluster-c1a2b3c4d5e6.eu-central-1.rds.amazonaws.com port=5432 dbname=postgres user=<master user> sslmode=require" -f database.sql
	// CREATE ROLE "keycloak_irsa" LOGIN;
	// GRANT "rds_iam" TO "keycloak_irsa";
	// SELECT 'CREATE DATABASE "keycloak"'
	// REVOKE CONNECT, TEMPORARY ON DATABASE "keycloak" FROM PUBLIC;
	// GRANT ALL PRIVILEGES ON DATABASE "keycloak" TO "keycloak_irsa";
	// \connect "keycloak"
	// REVOKE CREATE ON SCHEMA "public" FROM PUBLIC;
	// GRANT ALL ON SCHEMA "public" TO "keycloak_irsa";
}
