package render

import (
	"bytes"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/camunda-irsa/camunda-irsa/irsa"
)

// ManagedByLabel marks objects camunda-irsa generated.
const managedBy = "camunda-irsa"

// ServiceAccounts returns one ServiceAccount per distinct service account
// of the plan, sorted by name, for users who create service accounts
// outside the chart (then set the chart's serviceAccount.enabled/create to
// false and keep the names).
func ServiceAccounts(p *irsa.Plan) []corev1.ServiceAccount {
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
		if p.Topology.Mode == irsa.ModeIRSA {
			sa.Annotations = map[string]string{RoleARNAnnotation: b.Role.ARN}
		}
		out = append(out, sa)
	}
	return out
}

// ServiceAccountsYAML is ServiceAccounts as a multi-document YAML stream.
func ServiceAccountsYAML(p *irsa.Plan) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(GeneratedHeader)
	for _, sa := range ServiceAccounts(p) {
		doc, err := marshalYAML(sa)
		if err != nil {
			return nil, fmt.Errorf("encoding ServiceAccount %s: %w", sa.Name, err)
		}
		buf.WriteString("---\n")
		buf.Write(doc)
	}
	return buf.Bytes(), nil
}
