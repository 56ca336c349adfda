package irsa

import (
	"bytes"
	"encoding/json"
	"fmt"
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

// OpenSearchServicePrincipal is the service principal of Amazon
// OpenSearch Service, which assumes a role to write snapshots to S3.
const OpenSearchServicePrincipal = "es.amazonaws.com"

// ServiceTrust lets an AWS service assume a role.
func ServiceTrust(sid, service string) Statement {
	return Statement{
		Sid:       sid,
		Effect:    Allow,
		Principal: &Principal{Service: Strings{service}},
		Action:    Strings{"sts:AssumeRole"},
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

// JSON is the document as IAM takes it: compact, without HTML escaping
// of plain strings, so that ARNs and conditions read as AWS prints them.
func (d PolicyDocument) JSON() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(d); err != nil {
		return nil, fmt.Errorf("encoding policy document: %w", err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// Length is the document's size as IAM counts it against its quotas:
// characters of the JSON form, white space not counted.
func (d PolicyDocument) Length() int {
	js, err := d.JSON()
	if err != nil {
		return 0 // a document of strings and maps of strings always encodes
	}
	n := 0
	for _, r := range string(js) {
		if !unicode.IsSpace(r) {
			n++
		}
	}
	return n
}

// clone returns a deep copy, so that a plan can hand out its documents
// without letting callers change them.
func (d PolicyDocument) clone() PolicyDocument {
	out := PolicyDocument{Version: d.Version}
	if d.Statement != nil {
		out.Statement = make([]Statement, len(d.Statement))
		for i, st := range d.Statement {
			out.Statement[i] = st.clone()
		}
	}
	return out
}

func (c Condition) clone() Condition {
	if c == nil {
		return nil
	}
	out := make(Condition, len(c))
	for op, keys := range c {
		if keys == nil {
			out[op] = nil
			continue
		}
		out[op] = make(map[string]Strings, len(keys))
		for k, v := range keys {
			out[op][k] = slices.Clone(v)
		}
	}
	return out
}

func (st Statement) clone() Statement {
	st.Action = slices.Clone(st.Action)
	st.Resource = slices.Clone(st.Resource)
	if st.Principal != nil {
		p := Principal{AWS: slices.Clone(st.Principal.AWS), Federated: slices.Clone(st.Principal.Federated),
			Service: slices.Clone(st.Principal.Service)}
		st.Principal = &p
	}
	st.Condition = st.Condition.clone()
	return st
}
