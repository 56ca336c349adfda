package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"

	"github.com/camunda-irsa/camunda-irsa/internal/jsonw"
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

// IAM builds the IAM document of a plan.
func IAM(p *irsa.Plan) IAMDocument {
	doc := IAMDocument{Roles: make([]IAMRole, 0, len(p.Roles))}
	for _, r := range p.Roles {
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
	for _, a := range p.Associations {
		doc.Associations = append(doc.Associations, IAMAssociation{Cluster: a.ClusterName, Namespace: a.Namespace,
			ServiceAccount: a.ServiceAccount, RoleARN: a.RoleARN})
	}
	return doc
}

// JSON encodes v as indented JSON with a trailing newline and without
// HTML escaping, so ARNs and conditions read as AWS prints them.
//
// The IAM document and policy documents, which every bundle holds, are
// written without reflection (see appendJSON); the bytes are the same.
func JSON(v any) ([]byte, error) {
	switch d := v.(type) {
	case IAMDocument:
		return d.appendJSON(nil), nil
	case irsa.PolicyDocument:
		return append(d.AppendJSON(nil, "", jsonIndent), '\n'), nil
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", jsonIndent)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("encoding JSON: %w", err)
	}
	return buf.Bytes(), nil
}

const jsonIndent = "  "

// appendJSON writes the document field by field as encoding/json writes
// it from the struct tags, indented as JSON indents, with a final
// newline: encoding/json spends most of its time on reflection and on a
// second pass to indent. TestIAMJSONMatchesEncodingJSON compares the two.
func (d IAMDocument) appendJSON(dst []byte) []byte {
	w := &jsonw.Writer{B: dst, Indent: jsonIndent}
	w.Open('{')
	w.Key("roles")
	if d.Roles == nil {
		w.Null()
	} else {
		w.Open('[')
		for _, r := range d.Roles {
			w.Elem()
			r.appendJSON(w)
		}
		w.Close(']')
	}
	if len(d.Associations) > 0 {
		w.Key("associations")
		w.Open('[')
		for _, a := range d.Associations {
			w.Elem()
			w.Open('{')
			field(w, "cluster", a.Cluster)
			field(w, "namespace", a.Namespace)
			field(w, "serviceAccount", a.ServiceAccount)
			field(w, "roleArn", a.RoleARN)
			w.Close('}')
		}
		w.Close(']')
	}
	w.Close('}')
	return append(w.B, '\n')
}

func (r IAMRole) appendJSON(w *jsonw.Writer) {
	w.Open('{')
	field(w, "name", r.Name)
	field(w, "arn", r.ARN)
	if r.Path != "" {
		field(w, "path", r.Path)
	}
	if r.PermissionsBoundary != "" {
		field(w, "permissionsBoundary", r.PermissionsBoundary)
	}
	if r.MaxSessionDuration != 0 {
		w.Key("maxSessionDuration")
		w.B = strconv.AppendInt(w.B, int64(r.MaxSessionDuration), 10)
	}
	if len(r.Tags) > 0 {
		w.Key("tags")
		w.Open('{')
		for _, k := range slices.Sorted(maps.Keys(r.Tags)) {
			field(w, k, r.Tags[k])
		}
		w.Close('}')
	}
	w.Key("serviceAccounts")
	writeList(w, r.ServiceAccounts)
	w.Key("trustPolicy")
	w.B = r.TrustPolicy.AppendJSON(w.B, w.LinePrefix(), jsonIndent)
	w.Key("permissionPolicy")
	w.B = r.PermissionPolicy.AppendJSON(w.B, w.LinePrefix(), jsonIndent)
	if len(r.Notes) > 0 {
		w.Key("notes")
		writeList(w, r.Notes)
	}
	w.Close('}')
}

// field writes a member whose value is a plain string.
func field(w *jsonw.Writer, k, v string) {
	w.Key(k)
	w.String(v, false)
}

// writeList writes a list of strings, always as an array.
func writeList(w *jsonw.Writer, list []string) {
	if list == nil {
		w.Null()
		return
	}
	w.Open('[')
	for _, s := range list {
		w.Elem()
		w.String(s, false)
	}
	w.Close(']')
}
