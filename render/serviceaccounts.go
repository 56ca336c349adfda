package render

import (
	"bytes"
	"slices"

	"github.com/camunda-irsa/camunda-irsa/irsa"
)

// managedBy is the app.kubernetes.io/managed-by label of objects
// camunda-irsa generates.
const managedBy = "camunda-irsa"

// NewServiceAccounts returns the ServiceAccounts the user applies, sorted
// by name: when a component sets createServiceAccount: false, those the
// chart does not create (such components', and Keycloak's under its
// operator), since applying one the chart creates as well makes Helm
// refuse to adopt it; otherwise one per distinct service account of the
// plan, for users who turn the chart's serviceAccount blocks off
// themselves.
func NewServiceAccounts(p *irsa.Plan) ([]ServiceAccountManifest, error) {
	if err := p.Check(); err != nil {
		return nil, err
	}
	outside := outsideChart(p)
	bindings := p.ServiceAccounts()
	out := make([]ServiceAccountManifest, 0, len(bindings))
	for _, b := range bindings {
		if outside != nil && !outside[b.ServiceAccount.Name] {
			continue
		}
		out = append(out, serviceAccountManifest(b, p.Mode()))
	}
	return out, nil
}

// serviceAccountManifest is the ServiceAccount of one binding: annotated
// with its role in IRSA mode; Pod Identity binds roles by association,
// not annotation.
func serviceAccountManifest(b irsa.ServiceAccountBinding, mode irsa.Mode) ServiceAccountManifest {
	sa := ServiceAccountManifest{
		TypeMeta:   TypeMeta{APIVersion: "v1", Kind: "ServiceAccount"},
		ObjectMeta: generatedMeta(b.ServiceAccount.Name, b.ServiceAccount.Namespace),
	}
	if mode == irsa.ModeIRSA {
		sa.Annotations = map[string]string{RoleARNAnnotation: b.Role.ARN}
	}
	return sa
}

// generatedMeta is the metadata of an object camunda-irsa writes.
func generatedMeta(name, namespace string) ObjectMeta {
	return ObjectMeta{Name: name, Namespace: namespace,
		Labels: map[string]string{"app.kubernetes.io/managed-by": managedBy}}
}

// outsideChart names the service accounts the chart does not create, or
// is nil when no component opts out with createServiceAccount: false.
func outsideChart(p *irsa.Plan) map[string]bool {
	listed := p.Topology().Components.Listed()
	optedOut := slices.ContainsFunc(listed, func(c irsa.ListedComponent) bool {
		return c.CreateServiceAccount != nil && !*c.CreateServiceAccount
	})
	if !optedOut {
		return nil
	}
	out := map[string]bool{}
	for _, c := range listed {
		if !c.CreatedByChart() {
			out[c.ServiceAccount] = true
		}
	}
	return out
}

// ServiceAccounts is NewServiceAccounts as a multi-document YAML stream.
func ServiceAccounts(p *irsa.Plan) ([]byte, error) {
	sas, err := NewServiceAccounts(p)
	if err != nil {
		return nil, err
	}
	docs := make([]namedDocument, len(sas))
	for i, sa := range sas {
		docs[i] = namedDocument{"ServiceAccount " + sa.Name, sa}
	}
	return yamlStream(docs)
}

// namedDocument is one document of a YAML stream; what names it in
// errors.
type namedDocument struct {
	what string
	v    any
}

// yamlStream is a multi-document YAML stream behind the generated-file
// header, every document opened by ---.
func yamlStream(docs []namedDocument) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(GeneratedHeader)
	for _, d := range docs {
		out, err := yamlDocument(d.what, d.v)
		if err != nil {
			return nil, err
		}
		buf.WriteString("---\n")
		buf.Write(out)
	}
	return buf.Bytes(), nil
}
