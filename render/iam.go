package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

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
	w := jsonWriter{b: dst}
	w.open('{')
	w.key("roles")
	if d.Roles == nil {
		w.null()
	} else {
		w.open('[')
		for _, r := range d.Roles {
			w.elem()
			r.appendJSON(&w)
		}
		w.close(']')
	}
	if len(d.Associations) > 0 {
		w.key("associations")
		w.open('[')
		for _, a := range d.Associations {
			w.elem()
			w.open('{')
			w.field("cluster", a.Cluster)
			w.field("namespace", a.Namespace)
			w.field("serviceAccount", a.ServiceAccount)
			w.field("roleArn", a.RoleARN)
			w.close('}')
		}
		w.close(']')
	}
	w.close('}')
	return append(w.b, '\n')
}

func (r IAMRole) appendJSON(w *jsonWriter) {
	w.open('{')
	w.field("name", r.Name)
	w.field("arn", r.ARN)
	if r.Path != "" {
		w.field("path", r.Path)
	}
	if r.PermissionsBoundary != "" {
		w.field("permissionsBoundary", r.PermissionsBoundary)
	}
	if r.MaxSessionDuration != 0 {
		w.key("maxSessionDuration")
		w.b = strconv.AppendInt(w.b, int64(r.MaxSessionDuration), 10)
	}
	if len(r.Tags) > 0 {
		w.key("tags")
		w.open('{')
		for _, k := range slices.Sorted(maps.Keys(r.Tags)) {
			w.field(k, r.Tags[k])
		}
		w.close('}')
	}
	w.key("serviceAccounts")
	w.strings(r.ServiceAccounts)
	w.key("trustPolicy")
	w.b = r.TrustPolicy.AppendJSON(w.b, w.prefix(), jsonIndent)
	w.key("permissionPolicy")
	w.b = r.PermissionPolicy.AppendJSON(w.b, w.prefix(), jsonIndent)
	if len(r.Notes) > 0 {
		w.key("notes")
		w.strings(r.Notes)
	}
	w.close('}')
}

// jsonWriter lays JSON out as json.Encoder does with SetIndent("", "  ")
// and SetEscapeHTML(false): an empty object or array stays {} or [].
type jsonWriter struct {
	b     []byte
	depth int
	// first is true right after { or [, before the first member.
	first bool
}

// prefix is the indentation of the current line, for a nested document
// to continue from.
func (w *jsonWriter) prefix() string { return strings.Repeat(jsonIndent, w.depth) }

func (w *jsonWriter) newline() {
	w.b = append(w.b, '\n')
	for range w.depth {
		w.b = append(w.b, jsonIndent...)
	}
}

func (w *jsonWriter) open(c byte) {
	w.b = append(w.b, c)
	w.depth++
	w.first = true
}

func (w *jsonWriter) close(c byte) {
	w.depth--
	if !w.first {
		w.newline()
	}
	w.b = append(w.b, c)
	w.first = false
}

// elem starts an array element or object member.
func (w *jsonWriter) elem() {
	if !w.first {
		w.b = append(w.b, ',')
	}
	w.first = false
	w.newline()
}

func (w *jsonWriter) key(k string) {
	w.elem()
	w.string(k)
	w.b = append(w.b, ": "...)
}

func (w *jsonWriter) field(k, v string) {
	w.key(k)
	w.string(v)
}

func (w *jsonWriter) null() { w.b = append(w.b, "null"...) }

func (w *jsonWriter) strings(list []string) {
	if list == nil {
		w.null()
		return
	}
	w.open('[')
	for _, s := range list {
		w.elem()
		w.string(s)
	}
	w.close(']')
}

// string writes s as a JSON string. Printable ASCII other than " and \
// stands for itself, which covers the names and ARNs of a plan; anything
// else is left to encoding/json, so its escaping rules are not repeated
// here.
func (w *jsonWriter) string(s string) {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' {
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false)
			_ = enc.Encode(s) // a string always encodes
			w.b = append(w.b, bytes.TrimSuffix(buf.Bytes(), []byte("\n"))...)
			return
		}
	}
	w.b = append(w.b, '"')
	w.b = append(w.b, s...)
	w.b = append(w.b, '"')
}
