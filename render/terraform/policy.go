package terraform

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"

	"github.com/camunda-irsa/camunda-irsa/internal/jsonw"
	"github.com/camunda-irsa/camunda-irsa/irsa"
)

// jsonencode is jsonencode(<doc as an HCL object expression>).
//
// The expression is built from the document's own JSON encoding, read
// value by value: that keeps AWS's key order (Version, Statement, Sid,
// Effect, Principal, Action, Resource, Condition), which a cty object
// would sort away, and it keeps the irsa package's encoding rules (a
// single action as a string, empty fields left out) in one place.
//
// The tokens are built directly, without hclwrite's TokensForObject and
// friends: each of those formats the tokens it is given, so nesting them
// formatted every document once per level, the most expensive part of
// Generate. Formatting only changes spacing, and the file is formatted as
// a whole at the end anyway.
func jsonencode(doc irsa.PolicyDocument) (hclwrite.Tokens, error) {
	r := jsonReader{jsonw.Scanner{Data: doc.AppendJSON(nil, "", "")}}
	toks := hclwrite.Tokens{token(hclsyntax.TokenIdent, "jsonencode"), token(hclsyntax.TokenOParen, "(")}
	toks, err := r.value(toks)
	if err != nil {
		return nil, err
	}
	if r.Pos != len(r.Data) {
		return nil, fmt.Errorf("trailing data after the policy document")
	}
	return append(toks, token(hclsyntax.TokenCParen, ")")), nil
}

func token(t hclsyntax.TokenType, s string) *hclwrite.Token {
	return &hclwrite.Token{Type: t, Bytes: []byte(s)}
}

// jsonReader reads compact JSON, as PolicyDocument.AppendJSON writes it,
// into HCL tokens.
type jsonReader struct {
	jsonw.Scanner
}

func (r *jsonReader) errorf(format string, args ...any) error {
	return fmt.Errorf("policy JSON at offset %d: "+format, append([]any{r.Pos}, args...)...)
}

// value appends the tokens of the JSON value at the read position.
func (r *jsonReader) value(toks hclwrite.Tokens) (hclwrite.Tokens, error) {
	if r.Pos >= len(r.Data) {
		return nil, r.errorf("unexpected end")
	}
	switch c := r.Data[r.Pos]; c {
	case '{':
		r.Pos++
		return r.object(toks)
	case '[':
		r.Pos++
		return r.tuple(toks)
	case '"':
		s, err := r.String()
		if err != nil {
			return nil, err
		}
		return append(toks, stringTokens(s)...), nil
	default:
		start := r.Pos
		for r.Pos < len(r.Data) && !strings.ContainsRune(",]}", rune(r.Data[r.Pos])) {
			r.Pos++
		}
		lit := string(r.Data[start:r.Pos])
		switch lit {
		case "true", "false", "null":
			return append(toks, token(hclsyntax.TokenIdent, lit)), nil
		}
		n, err := cty.ParseNumberVal(lit)
		if err != nil {
			return nil, r.errorf("%v", err)
		}
		return append(toks, hclwrite.TokensForValue(n)...), nil
	}
}

// object appends an object constructor, one attribute per line, for the
// object whose '{' was read: the tokens of hclwrite.TokensForObject.
func (r *jsonReader) object(toks hclwrite.Tokens) (hclwrite.Tokens, error) {
	toks = append(toks, token(hclsyntax.TokenOBrace, "{"))
	if !r.Skip('}') {
		toks = append(toks, token(hclsyntax.TokenNewline, "\n"))
		for {
			key, err := r.String()
			if err != nil {
				return nil, err
			}
			if !r.Skip(':') {
				return nil, r.errorf("expected ':'")
			}
			toks = append(append(toks, objectKey(key)...), token(hclsyntax.TokenEqual, "="))
			if toks, err = r.value(toks); err != nil {
				return nil, err
			}
			toks = append(toks, token(hclsyntax.TokenNewline, "\n"))
			if !r.Skip(',') {
				break
			}
		}
		if !r.Skip('}') {
			return nil, r.errorf("expected '}'")
		}
	}
	return append(toks, token(hclsyntax.TokenCBrace, "}")), nil
}

// tuple appends a tuple constructor for the array whose '[' was read,
// each element on its own line with a trailing comma, the layout of
// hand-written policies: hclwrite.TokensForTuple would put a statement
// list or six actions on one line.
func (r *jsonReader) tuple(toks hclwrite.Tokens) (hclwrite.Tokens, error) {
	toks = append(toks, token(hclsyntax.TokenOBrack, "["))
	if !r.Skip(']') {
		toks = append(toks, token(hclsyntax.TokenNewline, "\n"))
		for {
			var err error
			if toks, err = r.value(toks); err != nil {
				return nil, err
			}
			toks = append(toks, token(hclsyntax.TokenComma, ","), token(hclsyntax.TokenNewline, "\n"))
			if !r.Skip(',') {
				break
			}
		}
		if !r.Skip(']') {
			return nil, r.errorf("expected ']'")
		}
	}
	return append(toks, token(hclsyntax.TokenCBrack, "]")), nil
}

// objectKey writes a key bare when it is an identifier (Version = ...),
// as Terraform users write it, and quoted otherwise: condition keys such
// as "oidc.eks.<region>.amazonaws.com/id/<id>:sub" are not identifiers.
// true, false and null are identifiers that HCL reads as literals, so
// they are quoted too.
func objectKey(key string) hclwrite.Tokens {
	switch {
	case key == "true" || key == "false" || key == "null":
	case validIdentifier(key):
		return hclwrite.Tokens{token(hclsyntax.TokenIdent, key)}
	}
	return stringTokens(key)
}

// validIdentifier is hclsyntax.ValidIdentifier, which runs HCL's scanner
// on the key. For ASCII the rule is short: a letter or _, then letters,
// digits, _ and -; other ASCII characters are in no identifier. Unicode
// is left to hclsyntax.
func validIdentifier(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 0x80:
			return hclsyntax.ValidIdentifier(s)
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_':
		case i > 0 && (c >= '0' && c <= '9' || c == '-'):
		default:
			return false
		}
	}
	return s != ""
}

// stringTokens are the tokens of hclwrite.TokensForValue(cty.StringVal(s)).
// Printable ASCII other than " and \ stands for itself in a quoted HCL
// string unless it holds a template sequence (${ or %{); that covers
// every ARN, action and condition of a plan, and saves TokensForValue's
// formatting pass per string. Anything else is left to hclwrite, so its
// escaping rules are not repeated here.
func stringTokens(s string) hclwrite.Tokens {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < ' ' || c > '~' || c == '"' || c == '\\' || (c == '$' || c == '%') && i+1 < len(s) && s[i+1] == '{' {
			return hclwrite.TokensForValue(cty.StringVal(s))
		}
	}
	toks := hclwrite.Tokens{token(hclsyntax.TokenOQuote, `"`)}
	if s != "" {
		toks = append(toks, token(hclsyntax.TokenQuotedLit, s))
	}
	return append(toks, token(hclsyntax.TokenCQuote, `"`))
}
