package importer_test

import (
	"fmt"

	"github.com/camunda-irsa/camunda-irsa/render/helmchart"
	"github.com/camunda-irsa/camunda-irsa/render/importer"
)

// Reading the wiring of a values file: Identity's service account, its
// role and its database.
func ExampleRead() {
	values := helmchart.ValuesFile{Name: "values.yaml", Data: []byte(`
identity:
  serviceAccount:
    name: camunda-identity
    annotations:
      eks.amazonaws.com/role-arn: arn:aws:iam::210987654321:role/camunda-identity-irsa
  externalDatabase:
    host: camunda.cluster-c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com
    port: 5432
    username: identity_app
    database: identity_db
`)}
	imp, err := importer.Read(values, "")
	if err != nil {
		fmt.Println(err)
		return
	}
	t := imp.Topology
	fmt.Println(t.Chart == imp.Line.Name, t.AWS.AccountID, t.AWS.Region)
	fmt.Println(t.Aurora.Endpoint, t.Aurora.Port)
	id := t.Components.Identity
	fmt.Println(id.ServiceAccount, id.RoleName, id.Database, id.DBUser)
	// Output:
	// true 210987654321 eu-west-1
	// camunda.cluster-c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com 5432
	// camunda-identity camunda-identity-irsa identity_db identity_app
}
