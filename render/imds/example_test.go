package imds_test

import (
	"fmt"
	"strings"

	"github.com/camunda-irsa/camunda-irsa/irsa"
	"github.com/camunda-irsa/camunda-irsa/render/imds"
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
	doc, err := imds.Render(plan)
	if err != nil {
		panic(err)
	}
	// The section headings and the lines that set something.
	for _, line := range strings.Split(string(doc), "\n") {
		line = strings.TrimSpace(line)
		for _, prefix := range []string{"# IMDS", "## ", "http_", "--http", "harden '"} {
			if strings.HasPrefix(line, prefix) {
				fmt.Println(line)
			}
		}
	}
	// Output:
	// # IMDS hardening for EKS cluster `camunda`
	// ## Why
	// ## Terraform
	// http_endpoint               = "enabled"
	// http_tokens                 = "required"
	// http_put_response_hop_limit = 1
	// http_endpoint               = "enabled"
	// http_tokens                 = "required"
	// http_put_response_hop_limit = 1
	// ## AWS CLI
	// --http-put-response-hop-limit 1 --http-tokens required
	// harden 'camunda' 'eu-central-1'
	// ## Check
}
