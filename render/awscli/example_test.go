package awscli_test

import (
	"bufio"
	"bytes"
	"fmt"
	"regexp"
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
	// Join continuation lines, then print the commands that create the
	// policy and the role and attach them.
	joined := regexp.MustCompile(`\s*\\\n\s*`).ReplaceAll(script, []byte(" "))
	lines := bufio.NewScanner(bytes.NewReader(joined))
	for lines.Scan() {
		l := strings.TrimSpace(lines.Text())
		for _, prefix := range []string{"aws iam create-policy ", "aws iam create-role ", "aws iam attach-role-policy "} {
			if strings.HasPrefix(l, prefix) {
				fmt.Println(l)
			}
		}
	}
	// Output:
	// aws iam create-policy --policy-name 'camunda-opensearch' --policy-document "file://$workdir/policy.json" >/dev/null
	// aws iam create-role --role-name 'camunda-opensearch' --path '/' --assume-role-policy-document "file://$workdir/trust.json" >/dev/null
	// aws iam attach-role-policy --role-name 'camunda-opensearch' --policy-arn 'arn:aws:iam::123456789012:policy/camunda-opensearch'
}
