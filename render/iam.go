package render

import (
	"fmt"

	"github.com/camunda-irsa/camunda-irsa/internal/jsonenc"
	"github.com/camunda-irsa/camunda-irsa/irsa"
)

// IAMDocument is the --output iam document: every role of the plan with
// its trust and permission policy, roles sorted by name.
type IAMDocument struct {
	Roles []IAMRole `json:"roles"`
	// Associations are the EKS Pod Identity associations to create, one
	// per cluster and service account (mode podIdentity only).
	Associations []IAMAssociation `json:"associations,omitempty"`
}

// IAMAssociation is one EKS Pod Identity association.
type IAMAssociation struct {
	Cluster        string `json:"cluster"`
	Namespace      string `json:"namespace"`
	ServiceAccount string `json:"serviceAccount"`
	RoleARN        string `json:"roleArn"`
}

// IAMRole is one role of the IAM document.
type IAMRole struct {
	Name string `json:"name"`
	ARN  string `json:"arn"`
	// Path is omitted when it is the default "/".
	Path                string            `json:"path,omitempty"`
	PermissionsBoundary string            `json:"permissionsBoundary,omitempty"`
	MaxSessionDuration  int               `json:"maxSessionDuration,omitempty"`
	Tags                map[string]string `json:"tags,omitempty"`
	// ServiceAccounts are namespace:name pairs, sorted.
	ServiceAccounts  []string            `json:"serviceAccounts"`
	TrustPolicy      irsa.PolicyDocument `json:"trustPolicy"`
	PermissionPolicy irsa.PolicyDocument `json:"permissionPolicy"`
	// Notes say what the plan decided beyond the topology (a shortened
	// name, a split role).
	Notes []string `json:"notes,omitempty"`
}

// NewIAMDocument builds the IAM document of a plan.
func NewIAMDocument(p *irsa.Plan) (IAMDocument, error) {
	if err := p.Check(); err != nil {
		return IAMDocument{}, err
	}
	roles := p.Roles()
	doc := IAMDocument{Roles: make([]IAMRole, 0, len(roles))}
	for _, r := range roles {
		sas := make([]string, len(r.ServiceAccounts))
		for i, sa := range r.ServiceAccounts {
			sas[i] = sa.String()
		}
		path := r.Path
		if path == "/" {
			path = ""
		}
		doc.Roles = append(doc.Roles, IAMRole{Name: r.Name, ARN: r.ARN, Path: path,
			PermissionsBoundary: r.PermissionsBoundary, MaxSessionDuration: r.MaxSessionDuration, Tags: r.Tags,
			ServiceAccounts: sas, TrustPolicy: r.TrustPolicy, PermissionPolicy: r.PermissionPolicy, Notes: r.Notes})
	}
	for _, a := range p.Associations() {
		doc.Associations = append(doc.Associations, IAMAssociation{Cluster: a.ClusterName, Namespace: a.Namespace,
			ServiceAccount: a.ServiceAccount, RoleARN: a.RoleARN})
	}
	return doc, nil
}

// IAM is NewIAMDocument as indented JSON.
func IAM(p *irsa.Plan) ([]byte, error) {
	doc, err := NewIAMDocument(p)
	if err != nil {
		return nil, err
	}
	return JSON(doc)
}

// JSON encodes v as indented JSON with a trailing newline and without
// HTML escaping, so ARNs and conditions read as AWS prints them.
func JSON(v any) ([]byte, error) {
	b, err := jsonenc.Encode(v, "  ")
	if err != nil {
		return nil, fmt.Errorf("encoding JSON: %w", err)
	}
	return append(b, '\n'), nil
}
