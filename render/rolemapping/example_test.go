package rolemapping_test

import (
	"fmt"
	"strings"

	"github.com/camunda-irsa/camunda-irsa/irsa"
	"github.com/camunda-irsa/camunda-irsa/render/rolemapping"
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
	script, err := rolemapping.Render(plan, rolemapping.DefaultInternalRole)
	if err != nil {
		panic(err)
	}
	// The settings and the request bodies.
	for _, line := range strings.Split(string(script), "\n") {
		for _, prefix := range []string{"OPENSEARCH_ENDPOINT=", "url=", "\tappend_unless_mapped", "[{", "{"} {
			if strings.HasPrefix(line, prefix) {
				fmt.Println(line)
			}
		}
	}
	// Output:
	// OPENSEARCH_ENDPOINT=${OPENSEARCH_ENDPOINT:-'search.example.eu-central-1.es.amazonaws.com'}
	// url="https://${OPENSEARCH_ENDPOINT}"'/_plugins/_security/api/rolesmapping/all_access'
	// 	append_unless_mapped 'arn:aws:iam::123456789012:role/camunda-opensearch' <<'PATCH'
	// [{"op":"add","path":"/backend_roles/-","value":"arn:aws:iam::123456789012:role/camunda-opensearch"}]
	// {"backend_roles":["arn:aws:iam::123456789012:role/camunda-opensearch"]}
}

func ExampleAppendPatch() {
	for _, op := range rolemapping.AppendPatch("arn:aws:iam::123456789012:role/camunda-opensearch") {
		fmt.Println(op.Op, op.Path, op.Value)
	}
	// Output:
	// add /backend_roles/- arn:aws:iam::123456789012:role/camunda-opensearch
}
