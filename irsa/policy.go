package irsa

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"unicode"

	"github.com/camunda-irsa/camunda-irsa/internal/jsonw"
)

// PolicyVersion is the only current IAM policy language version.
const PolicyVersion = "2012-10-17"

// PolicyDocument is an IAM policy: a permission policy or a role's trust
// policy. Its JSON keeps AWS's field order.
type PolicyDocument struct {
	Version   string      `json:"Version"`
	Statement []Statement `json:"Statement"`
}

// Effect is Allow or Deny.
type Effect string

const (
	Allow Effect = "Allow"
	Deny  Effect = "Deny"
)

// Statement is one IAM policy statement.
type Statement struct {
	Sid       string     `json:"Sid,omitempty"`
	Effect    Effect     `json:"Effect"`
	Principal *Principal `json:"Principal,omitempty"`
	Action    Strings    `json:"Action"`
	Resource  Strings    `json:"Resource,omitempty"`
	Condition Condition  `json:"Condition,omitempty"`
}

// Principal is who a trust policy lets assume the role.
type Principal struct {
	AWS       Strings `json:"AWS,omitempty"`
	Federated Strings `json:"Federated,omitempty"`
	Service   Strings `json:"Service,omitempty"`
}

// Condition maps an operator (StringEquals, ...) to condition keys and
// their values. encoding/json writes map keys sorted, so the output order
// is stable.
type Condition map[string]map[string]Strings

// Strings is an IAM value that may be written as one string or a list.
// One element is written as a plain string, as AWS itself prints it.
type Strings []string

// MarshalJSON writes a single element as a string.
func (s Strings) MarshalJSON() ([]byte, error) {
	if len(s) == 1 {
		return json.Marshal(s[0])
	}
	return json.Marshal([]string(s))
}

// UnmarshalJSON accepts a string or a list of strings; null leaves s
// nil (not a list holding one empty string).
func (s *Strings) UnmarshalJSON(b []byte) error {
	if string(bytes.TrimSpace(b)) == "null" {
		*s = nil
		return nil
	}
	var one string
	if err := json.Unmarshal(b, &one); err == nil {
		*s = Strings{one}
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		return fmt.Errorf("must be a string or a list of strings: %w", err)
	}
	*s = many
	return nil
}

// WebIdentityTrust lets service accounts of one cluster assume a role
// through the cluster's OIDC provider. Both :sub and :aud are pinned with
// StringEquals: without :aud, a token minted for another audience by the
// same issuer would be accepted.
func WebIdentityTrust(sid, providerARN, issuerHost string, subjects []string) Statement {
	return Statement{
		Sid:       sid,
		Effect:    Allow,
		Principal: &Principal{Federated: Strings{providerARN}},
		Action:    Strings{"sts:AssumeRoleWithWebIdentity"},
		Condition: Condition{"StringEquals": {
			issuerHost + ":aud": Strings{STSAudience},
			issuerHost + ":sub": Strings(subjects),
		}},
	}
}

// PodIdentityTrust lets the EKS Pod Identity agent assume a role on behalf
// of associated service accounts. sts:TagSession is required: the agent
// tags every session with the pod's namespace and service account.
func PodIdentityTrust(sid string) Statement {
	return Statement{
		Sid:       sid,
		Effect:    Allow,
		Principal: &Principal{Service: Strings{"pods.eks.amazonaws.com"}},
		Action:    Strings{"sts:AssumeRole", "sts:TagSession"},
	}
}

// Allowing is a permission statement granting actions on resources.
func Allowing(sid string, actions []string, resources ...string) Statement {
	return Statement{Sid: sid, Effect: Allow, Action: Strings(actions), Resource: Strings(resources)}
}

// NewPolicy wraps statements in a document of the current version.
func NewPolicy(statements ...Statement) PolicyDocument {
	return PolicyDocument{Version: PolicyVersion, Statement: statements}
}

// Length is the document's size as IAM counts it against its quotas:
// characters of the JSON form, white space not counted.
func (d PolicyDocument) Length() int {
	// Plans measure every trust policy, some more than once: a buffer of
	// the size of a typical one saves growing it step by step.
	js := d.AppendJSON(make([]byte, 0, 1024), "", "")
	n := 0
	for _, r := range string(js) { // no copy: the compiler ranges over the bytes
		if !unicode.IsSpace(r) {
			n++
		}
	}
	return n
}

// MarshalJSON writes the document without reflection (see AppendJSON):
// plans measure every trust policy against the quota, and every renderer
// writes every document, so this is on the hot path of all of them.
func (d PolicyDocument) MarshalJSON() ([]byte, error) {
	return d.AppendJSON(nil, "", ""), nil
}

// AppendJSON appends the document as JSON to dst, compact when indent is
// empty, else laid out as by json.Encoder.SetIndent(prefix, indent). The
// bytes are exactly those encoding/json writes from the struct tags above
// with SetEscapeHTML(false), including one quirk kept for stable output:
// Strings go through their own MarshalJSON, which HTML-escapes <, > and &,
// while plain string fields do not. (Within json.Marshal, which escapes
// HTML everywhere, encoding/json escapes the rest of MarshalJSON's output
// itself, so that stays exact too.) TestPolicyJSONMatchesEncodingJSON
// compares the two.
func (d PolicyDocument) AppendJSON(dst []byte, prefix, indent string) []byte {
	w := jsonw.Writer{B: dst, Prefix: prefix, Indent: indent}
	w.Open('{')
	w.Key("Version")
	w.String(d.Version, false)
	w.Key("Statement")
	if d.Statement == nil {
		w.Null()
	} else {
		w.Open('[')
		for _, st := range d.Statement {
			w.Elem()
			st.appendJSON(&w)
		}
		w.Close(']')
	}
	w.Close('}')
	return w.B
}

func (st Statement) appendJSON(w *jsonw.Writer) {
	w.Open('{')
	if st.Sid != "" {
		w.Key("Sid")
		w.String(st.Sid, false)
	}
	w.Key("Effect")
	w.String(string(st.Effect), false)
	if st.Principal != nil {
		w.Key("Principal")
		w.Open('{')
		for _, f := range [...]struct {
			name   string
			values Strings
		}{{"AWS", st.Principal.AWS}, {"Federated", st.Principal.Federated}, {"Service", st.Principal.Service}} {
			if len(f.values) > 0 {
				w.Key(f.name)
				writeStrings(w, f.values)
			}
		}
		w.Close('}')
	}
	w.Key("Action")
	writeStrings(w, st.Action)
	if len(st.Resource) > 0 {
		w.Key("Resource")
		writeStrings(w, st.Resource)
	}
	if len(st.Condition) > 0 {
		w.Key("Condition")
		w.Open('{')
		for _, op := range slices.Sorted(maps.Keys(st.Condition)) {
			w.Key(op)
			if st.Condition[op] == nil {
				w.Null()
				continue
			}
			w.Open('{')
			for _, k := range slices.Sorted(maps.Keys(st.Condition[op])) {
				w.Key(k)
				writeStrings(w, st.Condition[op][k])
			}
			w.Close('}')
		}
		w.Close('}')
	}
	w.Close('}')
}

// writeStrings writes s as Strings.MarshalJSON does: one element as a
// plain string, HTML-escaped like every json.Marshaler result.
func writeStrings(w *jsonw.Writer, s Strings) {
	switch {
	case len(s) == 1:
		w.String(s[0], true)
	case s == nil:
		w.Null()
	default:
		w.Open('[')
		for _, v := range s {
			w.Elem()
			w.String(v, true)
		}
		w.Close(']')
	}
}
