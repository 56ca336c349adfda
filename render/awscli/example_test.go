package awscli_test

import (
	"fmt"
	"strings"

	"github.com/camunda-irsa/camunda-irsa/irsa"
	"github.com/camunda-irsa/camunda-irsa/render/awscli"
)

func ExampleRender() {
	plan, err := irsa.NewPlan(irsa.Topology{
		APIVersion: irsa.APIVersion, Kind: irsa.Kind, Chart: "8.8", Namespace: "camunda",
		AWS: irsa.AWS{AccountID: "123456789012", Region: "eu-central-1"},
		Cluster: irsa.Cluster{Name: "camunda",
			OIDCIssuer: "https://oidc.eks.eu-central-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF"},
		OpenSearch: &irsa.OpenSearch{Domain: "camunda", Endpoint: "search.example.eu-central-1.es.amazonaws.com"},
		Components: irsa.Components{Orchestration: &irsa.OrchestrationComponent{ServiceAccount: "orchestration-sa"}},
	})
	if err != nil {
		panic(err)
	}
	script, err := awscli.Render(plan)
	if err != nil {
		panic(err)
	}
	// The steps the script takes: its checks, then the policy and the role
	// of each role of the plan, each with what the plan says about it.
	for _, line := range strings.Split(string(script), "\n") {
		for _, prefix := range []string{"preflight", "ensure_", "  $'camunda-irsa"} {
			if strings.HasPrefix(line, prefix) && !strings.HasSuffix(line, "() {") {
				fmt.Println(line)
			}
		}
	}
	// Output:
	// preflight
	// ensure_policy 'camunda-opensearch' 'arn:aws:iam::123456789012:policy/camunda-opensearch'
	// ensure_role 'camunda-opensearch' '/' 'arn:aws:iam::123456789012:policy/camunda-opensearch' 3600 '' \
	//   $'camunda-irsa/topology\t123456789012/camunda/camunda' \
}
