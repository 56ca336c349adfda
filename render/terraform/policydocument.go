package terraform

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"

	"github.com/camunda-irsa/camunda-irsa/irsa"
)

// appendPolicyDocument writes doc as a data "aws_iam_policy_document"
// block: the provider renders the JSON, and a reader sees the statements
// in the shape Terraform users write them.
//
// Statements keep their order. Principals come in the order of irsa's
// Principal fields, conditions sorted by operator and key, so the output
// does not depend on map order.
func appendPolicyDocument(body *hclwrite.Body, name string, doc irsa.PolicyDocument) error {
	if err := checkExpressible(doc); err != nil {
		return err
	}
	b := body.AppendNewBlock("data", []string{typePolicyDocument, name}).Body()
	if doc.Version != "" {
		// Written although it is the data source's default: the version
		// decides how the provider reads policy variables (see
		// checkExpressible).
		b.SetAttributeValue("version", cty.StringVal(doc.Version))
	}
	for _, st := range doc.Statement {
		appendStatement(b, st)
	}
	return nil
}

// appendStatement writes one statement block. Effect is always written:
// the data source would turn a missing one into Allow.
func appendStatement(body *hclwrite.Body, st irsa.Statement) {
	b := body.AppendNewBlock("statement", nil).Body()
	if st.Sid != "" {
		b.SetAttributeValue("sid", cty.StringVal(st.Sid))
	}
	b.SetAttributeValue("effect", cty.StringVal(string(st.Effect)))
	setStrings(b, "actions", st.Action)
	setStrings(b, "resources", st.Resource)
	for _, p := range principals(st.Principal) {
		pb := b.AppendNewBlock("principals", nil).Body()
		pb.SetAttributeValue("type", cty.StringVal(p.kind))
		pb.SetAttributeValue("identifiers", stringList(p.identifiers))
	}
	for _, test := range slices.Sorted(maps.Keys(st.Condition)) {
		keys := st.Condition[test]
		for _, variable := range slices.Sorted(maps.Keys(keys)) {
			cb := b.AppendNewBlock("condition", nil).Body()
			cb.SetAttributeValue("test", cty.StringVal(test))
			cb.SetAttributeValue("variable", cty.StringVal(variable))
			cb.SetAttributeValue("values", stringList(keys[variable]))
		}
	}
}

// principal is one principals block: a principal type and its
// identifiers.
type principal struct {
	kind        string
	identifiers irsa.Strings
}

// principals lists the principal types p names, each once, in the order
// of irsa.Principal's fields; types without identifiers are left out, as
// the JSON encoding leaves them out.
func principals(p *irsa.Principal) []principal {
	if p == nil {
		return nil
	}
	var out []principal
	for _, pr := range []principal{{"AWS", p.AWS}, {"Federated", p.Federated}, {"Service", p.Service}} {
		if len(pr.identifiers) > 0 {
			out = append(out, pr)
		}
	}
	return out
}

// setStrings sets a list attribute, or nothing for an empty list: the
// data source leaves an empty actions or resources out of the JSON too.
func setStrings(body *hclwrite.Body, name string, s irsa.Strings) {
	if len(s) > 0 {
		body.SetAttributeValue(name, stringList(s))
	}
}

// stringList is s as a list, whatever its length: the data source takes
// lists and writes one element back as a plain string, as IAM does.
func stringList(s irsa.Strings) cty.Value {
	if len(s) == 0 {
		return cty.ListValEmpty(cty.String)
	}
	vals := make([]cty.Value, len(s))
	for i, v := range s {
		vals[i] = cty.StringVal(v)
	}
	return cty.ListVal(vals)
}

// checkExpressible refuses a document the data source would render as a
// different policy or reject at plan time, so that the error comes from
// Render rather than from AWS:
//
//   - "&{" in a resource, principal identifier or condition value: the
//     data source turns it into "${" (its syntax for IAM policy
//     variables), and has no escape for a literal "&{";
//   - text not in Unicode normal form C (see checkNFC);
//   - the same Sid on two statements: the data source rejects it, as IAM
//     does.
func checkExpressible(doc irsa.PolicyDocument) error {
	sids := make(map[string]bool, len(doc.Statement))
	for i, st := range doc.Statement {
		if st.Sid != "" && sids[st.Sid] {
			return fmt.Errorf("statement %d: Sid %q is not unique in the document", i, st.Sid)
		}
		sids[st.Sid] = true
		err := eachString(st, func(s string, rewritten bool) error {
			if rewritten && strings.Contains(s, "&{") {
				return fmt.Errorf("%q holds \"&{\", which aws_iam_policy_document would turn into \"${\"", s)
			}
			return checkNFC(s)
		})
		if err != nil {
			return fmt.Errorf("statement %d: %w", i, err)
		}
	}
	return checkNFC(doc.Version)
}

// eachString calls fn, until it fails, with every string of st the
// statement block writes, and whether the data source rewrites "&{" in
// it.
func eachString(st irsa.Statement, fn func(s string, rewritten bool) error) error {
	type field struct {
		list      []string
		rewritten bool
	}
	fields := []field{{[]string{st.Sid, string(st.Effect)}, false}, {st.Action, false}, {st.Resource, true}}
	for _, p := range principals(st.Principal) {
		fields = append(fields, field{p.identifiers, true})
	}
	for _, test := range slices.Sorted(maps.Keys(st.Condition)) {
		keys := st.Condition[test]
		for _, variable := range slices.Sorted(maps.Keys(keys)) {
			fields = append(fields, field{[]string{test, variable}, false}, field{keys[variable], true})
		}
	}
	for _, f := range fields {
		for _, s := range f.list {
			if err := fn(s, f.rewritten); err != nil {
				return err
			}
		}
	}
	return nil
}
