package irsa_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/camunda-irsa/camunda-irsa/irsa"
)

// reflectDoc is PolicyDocument without its MarshalJSON, so encoding/json
// encodes it by reflection from the struct tags: the reference the
// hand-written encoder must match. The conversion reflectDoc(d) stops
// compiling when PolicyDocument gains a field.
type reflectDoc struct {
	Version   string           `json:"Version"`
	Statement []irsa.Statement `json:"Statement"`
}

// referenceJSON is what encoding/json writes for d: with indentation and
// without HTML escaping as the renderers ask, or as json.Marshal.
func referenceJSON(t testing.TB, d irsa.PolicyDocument, prefix, indent string, escapeHTML bool) string {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(escapeHTML)
	enc.SetIndent(prefix, indent)
	require.NoError(t, enc.Encode(reflectDoc(d)))
	return string(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
}

func checkPolicyJSON(t testing.TB, d irsa.PolicyDocument) {
	t.Helper()
	for _, l := range []struct{ prefix, indent string }{{"", ""}, {"", "  "}, {"      ", "  "}, {"\t", "\t"}} {
		assert.Equal(t, referenceJSON(t, d, l.prefix, l.indent, false), string(d.AppendJSON(nil, l.prefix, l.indent)), "AppendJSON(%q, %q)", l.prefix, l.indent)
	}
	got, err := json.Marshal(d)
	require.NoError(t, err)
	assert.Equal(t, referenceJSON(t, d, "", "", true), string(got), "json.Marshal")
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	require.NoError(t, enc.Encode(d))
	assert.Equal(t, referenceJSON(t, d, "", "  ", false)+"\n", buf.String(), "json.Encoder")
}

// trickyStrings need escaping in JSON, or in HTML, or are not UTF-8.
var trickyStrings = []string{"", "a<b>&c", `"quoted"`, `back\slash`, "tab\there", "line\nbreak", "cr\r", "\x00\x01\x1f\x7f",
	"\u2028\u2029", "\xff\xfe", "日本語", "${var} %{if}", "arn:aws:iam::123456789012:role/x", "é\u0301", "\b\f"}

// policyFrom builds a document that uses every field, with the given
// strings in every place a string goes; bits chooses nil against empty
// and present against absent.
func policyFrom(strs []string, bits uint16) irsa.PolicyDocument {
	at := func(i int) string { return strs[i%len(strs)] }
	bit := func(i int) bool { return bits&(1<<i) != 0 }
	list := func(i, n int) irsa.Strings {
		if n == 0 && bit(i%16) {
			return nil
		}
		out := irsa.Strings{}
		for j := range n {
			out = append(out, at(i+j))
		}
		return out
	}
	st := irsa.Statement{Sid: at(0), Effect: irsa.Effect(at(1)), Action: list(2, int(bits%3)), Resource: list(3, int(bits>>2%3))}
	if bit(4) {
		st.Principal = &irsa.Principal{AWS: list(4, 1), Federated: list(5, int(bits>>5%3)), Service: list(6, 2)}
	}
	if bit(7) {
		st.Condition = irsa.Condition{at(7): {at(8): list(8, 2), at(9): list(9, 1), at(10): nil}, at(11): nil}
	}
	if bit(8) {
		st.Condition = irsa.Condition{}
	}
	doc := irsa.NewPolicy(st, irsa.Statement{Effect: irsa.Allow, Action: list(12, 1)})
	switch bits >> 12 % 4 {
	case 1:
		doc.Statement = nil
	case 2:
		doc.Statement = []irsa.Statement{}
	case 3:
		doc.Version = at(13)
	}
	return doc
}

// TestPolicyJSONMatchesEncodingJSON holds the hand-written encoder to
// encoding/json on the documents of the plans and on documents full of
// strings that need escaping.
func TestPolicyJSONMatchesEncodingJSON(t *testing.T) {
	// A new field needs a line in AppendJSON; this test then fails until
	// policyFrom fills it.
	assert.Equal(t, 6, reflect.TypeFor[irsa.Statement]().NumField(), "update PolicyDocument.AppendJSON and policyFrom")
	assert.Equal(t, 3, reflect.TypeFor[irsa.Principal]().NumField(), "update PolicyDocument.AppendJSON and policyFrom")

	top := fullTopology()
	for _, mode := range []irsa.Mode{irsa.ModeIRSA, irsa.ModePodIdentity} {
		top.Mode = mode
		for _, r := range mustPlan(t, top).Roles {
			checkPolicyJSON(t, r.TrustPolicy)
			checkPolicyJSON(t, r.PermissionPolicy)
		}
	}
	checkPolicyJSON(t, irsa.PolicyDocument{})
	for i := range len(trickyStrings) {
		for _, bits := range []uint16{0, 0xffff, 0x5555, 0xaaaa, 0x1234, 0x2fff, 0x3e07} {
			checkPolicyJSON(t, policyFrom(append(trickyStrings[i:], trickyStrings[:i]...), bits))
		}
	}
}

func FuzzPolicyJSON(f *testing.F) {
	f.Add("Allow", "s3:GetObject", "arn:aws:s3:::b/*", "a<b>&c", "\xff", uint16(0xffff))
	f.Add("", `"`, "\u2028", "\n", "日本", uint16(0x1234))
	f.Fuzz(func(t *testing.T, a, b, c, d, e string, bits uint16) {
		checkPolicyJSON(t, policyFrom([]string{a, b, c, d, e}, bits))
	})
}

// TestLengthIsUnchanged holds Length to its definition before it used
// AppendJSON: non-space characters of encoding/json's output.
func TestLengthIsUnchanged(t *testing.T) {
	docs := []irsa.PolicyDocument{policyFrom([]string{"a b", "日本　語", "\t", "\u2028", "&"}, 0xffff)}
	for _, r := range mustPlan(t, fullTopology()).Roles {
		docs = append(docs, r.TrustPolicy, r.PermissionPolicy)
	}
	for _, d := range docs {
		n := 0
		for _, r := range referenceJSON(t, d, "", "", false) {
			if !unicode.IsSpace(r) {
				n++
			}
		}
		assert.Equal(t, n, d.Length())
	}
}
