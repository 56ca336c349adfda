package terraform

import (
	"github.com/hashicorp/hcl/v2/hclwrite"

	"github.com/camunda-irsa/camunda-irsa/irsa"
)

// PolicyDocumentFile is a file holding only doc's data block named name,
// so that tests can feed documents no plan would hold.
func PolicyDocumentFile(name string, doc irsa.PolicyDocument) ([]byte, error) {
	f := hclwrite.NewEmptyFile()
	if err := appendPolicyDocument(f.Body(), name, doc); err != nil {
		return nil, err
	}
	return formatted(f), nil
}
