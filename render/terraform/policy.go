package terraform

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"

	"github.com/camunda-irsa/camunda-irsa/irsa"
)

// jsonencode is jsonencode(<doc as an HCL object expression>).
//
// The expression is built from the document's own JSON encoding, read
// token by token: that keeps AWS's key order (Version, Statement, Sid,
// Effect, Principal, Action, Resource, Condition), which a cty object
// would sort away, and it keeps the irsa package's encoding rules (a
// single action as a string, empty fields left out) in one place.
func jsonencode(doc irsa.PolicyDocument) (hclwrite.Tokens, error) {
	raw, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	expr, err := exprFromJSON(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("trailing data after the policy document")
	}
	return hclwrite.TokensForFunctionCall("jsonencode", expr), nil
}

// exprFromJSON reads one JSON value from dec and returns it as HCL tokens.
func exprFromJSON(dec *json.Decoder) (hclwrite.Tokens, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch v := tok.(type) {
	case json.Delim:
		if v == '{' {
			return objectFromJSON(dec)
		}
		if v == '[' {
			return tupleFromJSON(dec)
		}
		return nil, fmt.Errorf("unexpected %q in policy JSON", v)
	case string:
		return hclwrite.TokensForValue(cty.StringVal(v)), nil
	case json.Number:
		n, err := cty.ParseNumberVal(v.String())
		if err != nil {
			return nil, err
		}
		return hclwrite.TokensForValue(n), nil
	case bool:
		return hclwrite.TokensForValue(cty.BoolVal(v)), nil
	case nil:
		return hclwrite.TokensForValue(cty.NullVal(cty.DynamicPseudoType)), nil
	default:
		return nil, fmt.Errorf("unexpected %T in policy JSON", tok)
	}
}

// objectFromJSON reads the members of an object whose '{' was consumed.
func objectFromJSON(dec *json.Decoder) (hclwrite.Tokens, error) {
	var attrs []hclwrite.ObjectAttrTokens
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, ok := tok.(string)
		if !ok {
			return nil, fmt.Errorf("object key %v is not a string", tok)
		}
		value, err := exprFromJSON(dec)
		if err != nil {
			return nil, err
		}
		attrs = append(attrs, hclwrite.ObjectAttrTokens{Name: objectKey(key), Value: value})
	}
	if _, err := dec.Token(); err != nil { // the closing '}'
		return nil, err
	}
	return hclwrite.TokensForObject(attrs), nil
}

// tupleFromJSON reads the elements of an array whose '[' was consumed.
func tupleFromJSON(dec *json.Decoder) (hclwrite.Tokens, error) {
	var elems []hclwrite.Tokens
	for dec.More() {
		elem, err := exprFromJSON(dec)
		if err != nil {
			return nil, err
		}
		elems = append(elems, elem)
	}
	if _, err := dec.Token(); err != nil { // the closing ']'
		return nil, err
	}
	return multilineTuple(elems), nil
}

// objectKey writes a key bare when it is an identifier (Version = ...),
// as Terraform users write it, and quoted otherwise: condition keys such
// as "oidc.eks.<region>.amazonaws.com/id/<id>:sub" are not identifiers.
// true, false and null are identifiers that HCL reads as literals, so
// they are quoted too.
func objectKey(key string) hclwrite.Tokens {
	switch {
	case key == "true" || key == "false" || key == "null":
	case hclsyntax.ValidIdentifier(key):
		return hclwrite.TokensForIdentifier(key)
	}
	return hclwrite.TokensForValue(cty.StringVal(key))
}

// multilineTuple puts each element on its own line with a trailing comma,
// the layout of hand-written policies: hclwrite.TokensForTuple would put a
// statement list or six actions on one line.
func multilineTuple(elems []hclwrite.Tokens) hclwrite.Tokens {
	if len(elems) == 0 {
		return hclwrite.TokensForTuple(nil)
	}
	toks := hclwrite.Tokens{
		{Type: hclsyntax.TokenOBrack, Bytes: []byte("[")},
		{Type: hclsyntax.TokenNewline, Bytes: []byte("\n")},
	}
	for _, e := range elems {
		toks = append(toks, e...)
		toks = append(toks,
			&hclwrite.Token{Type: hclsyntax.TokenComma, Bytes: []byte(",")},
			&hclwrite.Token{Type: hclsyntax.TokenNewline, Bytes: []byte("\n")})
	}
	return append(toks, &hclwrite.Token{Type: hclsyntax.TokenCBrack, Bytes: []byte("]")})
}
