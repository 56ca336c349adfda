package render

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/camunda-irsa/camunda-irsa/irsa"
)

// IAMDocument is the --output iam document: every role of the plan with
// its trust and permission policy, roles sorted by name.
type IAMDocument struct {
	Roles []IAMRole `json:"roles"`
}

// IAMRole is one role of the IAM document.
type IAMRole struct {
	Name string `json:"name"`
	ARN  string `json:"arn"`
	// ServiceAccounts are namespace:name pairs, sorted.
	ServiceAccounts  []string            `json:"serviceAccounts"`
	TrustPolicy      irsa.PolicyDocument `json:"trustPolicy"`
	PermissionPolicy irsa.PolicyDocument `json:"permissionPolicy"`
}

// IAM builds the IAM document of a plan.
func IAM(p *irsa.Plan) IAMDocument {
	doc := IAMDocument{Roles: make([]IAMRole, 0, len(p.Roles))}
	for _, r := range p.Roles {
		sas := make([]string, len(r.ServiceAccounts))
		for i, sa := range r.ServiceAccounts {
			sas[i] = sa.String()
		}
		doc.Roles = append(doc.Roles, IAMRole{Name: r.Name, ARN: r.ARN, ServiceAccounts: sas,
			TrustPolicy: r.TrustPolicy, PermissionPolicy: r.PermissionPolicy})
	}
	return doc
}

// JSON encodes v as indented JSON with a trailing newline and without
// HTML escaping, so ARNs and conditions read as AWS prints them.
func JSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("encoding JSON: %w", err)
	}
	return buf.Bytes(), nil
}
