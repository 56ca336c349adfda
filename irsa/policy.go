package irsa

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"unicode"
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
	w := jsonWriter{b: dst, prefix: prefix, indent: indent}
	w.open('{')
	w.key("Version")
	w.string(d.Version, false)
	w.key("Statement")
	if d.Statement == nil {
		w.b = append(w.b, "null"...)
	} else {
		w.open('[')
		for _, st := range d.Statement {
			w.elem()
			st.appendJSON(&w)
		}
		w.close(']')
	}
	w.close('}')
	return w.b
}

func (st Statement) appendJSON(w *jsonWriter) {
	w.open('{')
	if st.Sid != "" {
		w.key("Sid")
		w.string(st.Sid, false)
	}
	w.key("Effect")
	w.string(string(st.Effect), false)
	if st.Principal != nil {
		w.key("Principal")
		w.open('{')
		for _, f := range [...]struct {
			name   string
			values Strings
		}{{"AWS", st.Principal.AWS}, {"Federated", st.Principal.Federated}, {"Service", st.Principal.Service}} {
			if len(f.values) > 0 {
				w.key(f.name)
				w.strings(f.values)
			}
		}
		w.close('}')
	}
	w.key("Action")
	w.strings(st.Action)
	if len(st.Resource) > 0 {
		w.key("Resource")
		w.strings(st.Resource)
	}
	if len(st.Condition) > 0 {
		w.key("Condition")
		w.open('{')
		for _, op := range slices.Sorted(maps.Keys(st.Condition)) {
			w.key(op)
			if st.Condition[op] == nil {
				w.b = append(w.b, "null"...)
				continue
			}
			w.open('{')
			for _, k := range slices.Sorted(maps.Keys(st.Condition[op])) {
				w.key(k)
				w.strings(st.Condition[op][k])
			}
			w.close('}')
		}
		w.close('}')
	}
	w.close('}')
}

// jsonWriter writes JSON the way encoding/json lays it out: compact, or
// indented as by json.Indent, where an empty object or array stays {} or
// [] on one line.
type jsonWriter struct {
	b              []byte
	prefix, indent string
	depth          int
	// first is true right after { or [, before the first member.
	first bool
}

func (w *jsonWriter) newline() {
	if w.indent == "" {
		return
	}
	w.b = append(w.b, '\n')
	w.b = append(w.b, w.prefix...)
	for range w.depth {
		w.b = append(w.b, w.indent...)
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
	w.string(k, false)
	w.b = append(w.b, ':')
	if w.indent != "" {
		w.b = append(w.b, ' ')
	}
}

// strings writes s as Strings.MarshalJSON does.
func (w *jsonWriter) strings(s Strings) {
	switch {
	case len(s) == 1:
		w.string(s[0], true)
	case s == nil:
		w.b = append(w.b, "null"...)
	default:
		w.open('[')
		for _, v := range s {
			w.elem()
			w.string(v, true)
		}
		w.close(']')
	}
}

// string writes s as a JSON string. Printable ASCII other than " and \
// (and <, > and & when escaping HTML) stands for itself, which covers
// every ARN, action and condition key a plan holds; anything else is
// left to encoding/json, so its escaping rules are not repeated here.
func (w *jsonWriter) string(s string, escapeHTML bool) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c > 0x7e || c == '"' || c == '\\' || escapeHTML && (c == '<' || c == '>' || c == '&') {
			w.b = appendEncodedString(w.b, s, escapeHTML)
			return
		}
	}
	w.b = append(w.b, '"')
	w.b = append(w.b, s...)
	w.b = append(w.b, '"')
}

func appendEncodedString(dst []byte, s string, escapeHTML bool) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(escapeHTML)
	_ = enc.Encode(s) // a string always encodes
	return append(dst, bytes.TrimSuffix(buf.Bytes(), []byte("\n"))...)
}
