package render

import (
	"bytes"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/camunda-irsa/camunda-irsa/irsa"
)

// managedBy is the app.kubernetes.io/managed-by label of objects
// camunda-irsa generates.
const managedBy = "camunda-irsa"

// NewServiceAccounts returns one ServiceAccount per distinct service
// account of the plan, sorted by name, for users who create service
// accounts outside the chart (then the chart's serviceAccount.enabled or
// create is false and the names stay).
func NewServiceAccounts(p *irsa.Plan) ([]corev1.ServiceAccount, error) {
	if err := p.Check(); err != nil {
		return nil, err
	}
	bindings := p.ServiceAccounts()
	out := make([]corev1.ServiceAccount, 0, len(bindings))
	for _, b := range bindings {
		sa := corev1.ServiceAccount{
			TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "ServiceAccount"},
			ObjectMeta: metav1.ObjectMeta{
				Name:      b.ServiceAccount.Name,
				Namespace: b.ServiceAccount.Namespace,
				Labels:    map[string]string{"app.kubernetes.io/managed-by": managedBy},
			},
		}
		if p.Mode() == irsa.ModeIRSA {
			sa.Annotations = map[string]string{RoleARNAnnotation: b.Role.ARN}
		}
		out = append(out, sa)
	}
	return out, nil
}

// ServiceAccounts is NewServiceAccounts as a multi-document YAML stream.
func ServiceAccounts(p *irsa.Plan) ([]byte, error) {
	sas, err := NewServiceAccounts(p)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	buf.WriteString(GeneratedHeader)
	for _, sa := range sas {
		doc, err := yamlDocument("ServiceAccount "+sa.Name, sa)
		if err != nil {
			return nil, err
		}
		buf.WriteString("---\n")
		buf.Write(doc)
	}
	return buf.Bytes(), nil
}
