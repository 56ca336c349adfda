package terraform_test

import (
	"bufio"
	"bytes"
	"fmt"
	"strings"

	"github.com/camunda-irsa/camunda-irsa/irsa"
	"github.com/camunda-irsa/camunda-irsa/render/terraform"
)

func ExampleGenerate() {
	plan, err := irsa.NewPlan(irsa.Topology{
		APIVersion: irsa.APIVersion, Kind: irsa.Kind, Chart: "8.8", Namespace: "camunda",
		AWS: irsa.AWS{AccountID: "123456789012", Region: "eu-central-1"},
		Cluster: irsa.Cluster{Name: "camunda",
			OIDCIssuer: "https://oidc.eks.eu-central-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF"},
		Mode:       irsa.ModePodIdentity,
		OpenSearch: &irsa.OpenSearch{Domain: "camunda", Endpoint: "search.example.eu-central-1.es.amazonaws.com"},
		Components: irsa.Components{Orchestration: &irsa.Component{ServiceAccount: "orchestration-sa"}},
	})
	if err != nil {
		panic(err)
	}
	out, err := terraform.Generate(plan)
	if err != nil {
		panic(err)
	}
	// Print the block headers only.
	lines := bufio.NewScanner(bytes.NewReader(out))
	for lines.Scan() {
		if l := lines.Text(); strings.HasPrefix(l, "resource ") || strings.HasPrefix(l, "output ") {
			fmt.Println(l)
		}
	}
	// Output:
	// resource "aws_iam_policy" "camunda_opensearch" {
	// resource "aws_iam_role" "camunda_opensearch" {
	// resource "aws_iam_role_policy_attachment" "camunda_opensearch" {
	// resource "aws_eks_pod_identity_association" "camunda_orchestration_sa" {
	// output "camunda_opensearch_role_arn" {
}
