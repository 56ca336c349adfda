package snapshot_test

import (
	"fmt"
	"strings"

	"github.com/camunda-irsa/camunda-irsa/irsa"
	"github.com/camunda-irsa/camunda-irsa/render/snapshot"
)

func examplePlan() *irsa.Plan {
	plan, err := irsa.NewPlan(irsa.Topology{
		APIVersion: irsa.APIVersion, Kind: irsa.Kind, Chart: "8.8", Namespace: "camunda",
		AWS: irsa.AWS{AccountID: "123456789012", Region: "eu-central-1"},
		Cluster: irsa.Cluster{Name: "camunda",
			OIDCIssuer: "https://oidc.eks.eu-central-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF"},
		OpenSearch: &irsa.OpenSearch{Domain: "camunda", Endpoint: "search.example.eu-central-1.es.amazonaws.com"},
		Backup:     &irsa.Backup{S3Location: irsa.S3Location{Bucket: "camunda-backups", Prefix: "prod/"}},
		Components: irsa.Components{Orchestration: &irsa.OrchestrationComponent{ServiceAccount: "orchestration-sa"}},
	})
	if err != nil {
		panic(err)
	}
	return plan
}

func ExampleRender() {
	script, err := snapshot.Render(examplePlan())
	if err != nil {
		panic(err)
	}
	// The settings, the signing and the request body.
	body := false
	for _, line := range strings.Split(string(script), "\n") {
		switch {
		case line == "REPOSITORY":
			body = false
		case body:
			fmt.Println(line)
		case strings.HasSuffix(line, "<<'REPOSITORY'"):
			body = true
		case strings.HasPrefix(line, "repository="), strings.HasPrefix(line, "url="), strings.HasPrefix(line, "sign=("):
			fmt.Println(line)
		}
	}
	// Output:
	// repository='camunda'
	// url="https://${OPENSEARCH_ENDPOINT}"'/_snapshot/camunda'
	// sign=(--aws-sigv4 'aws:amz:eu-central-1:es' --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY")
	// {
	//   "type": "s3",
	//   "settings": {
	//     "bucket": "camunda-backups",
	//     "base_path": "prod/opensearch",
	//     "region": "eu-central-1",
	//     "role_arn": "arn:aws:iam::123456789012:role/camunda-opensearch-snapshots"
	//   }
	// }
}

func ExampleNewRegistration() {
	reg, err := snapshot.NewRegistration(examplePlan())
	if err != nil {
		panic(err)
	}
	s := reg.Body.Settings
	fmt.Println(reg.Name, reg.Body.Type, s.Bucket, s.BasePath, s.RoleARN)
	// Output:
	// camunda s3 camunda-backups prod/opensearch arn:aws:iam::123456789012:role/camunda-opensearch-snapshots
}
