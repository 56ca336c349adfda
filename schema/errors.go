package schema

import (
	"encoding/json"
	"fmt"
	"math/big"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// Error is one violation of a schema.
type Error struct {
	// Path is the dotted field path of the offending value, with list
	// indexes in brackets: aws.accountID, Statement[0].Effect. Keys are
	// written as they are, dots included, so an annotation reads
	// serviceAccount.annotations.eks.amazonaws.com/role-arn. Empty for the
	// document itself.
	Path    string
	Message string
}

func (e Error) Error() string {
	path := e.Path
	if path == "" {
		path = "(top level)"
	}
	return path + ": " + e.Message
}

// Errors is every violation found in one document, sorted by path and
// then message, without duplicates. A value that breaks several rules has
// one entry per rule.
type Errors []Error

func (e Errors) Error() string {
	lines := make([]string, len(e))
	for i, err := range e {
		lines[i] = err.Error()
	}
	return strings.Join(lines, "\n")
}

// flatten turns the tree of a failed validation into Errors. The inner
// nodes of the tree ($ref, allOf, a schema's group of errors) only say
// that something below failed, so only the leaves are kept.
func flatten(doc any, root *jsonschema.ValidationError) Errors {
	var errs Errors
	collect(doc, root, &errs)
	sort.Slice(errs, func(i, j int) bool {
		if errs[i].Path != errs[j].Path {
			return errs[i].Path < errs[j].Path
		}
		return errs[i].Message < errs[j].Message
	})
	return slices.Compact(errs)
}

func collect(doc any, e *jsonschema.ValidationError, errs *Errors) {
	switch k := e.ErrorKind.(type) {
	case *kind.AnyOf:
		alternatives(doc, e, errs)
		return
	case *kind.OneOf:
		if len(k.Subschemas) == 0 {
			alternatives(doc, e, errs)
			return
		}
	case *kind.PropertyNames:
		// The causes validate the name as a document of its own, so their
		// locations are not paths into doc. (The schemas here avoid
		// propertyNames: v6.0.3 may also misplace this error itself.)
		leaf(doc, e, errs)
		return
	}
	if len(e.Causes) > 0 {
		for _, c := range e.Causes {
			collect(doc, c, errs)
		}
		return
	}
	leaf(doc, e, errs)
}

// alternatives reports an anyOf or oneOf that no branch matched. A branch
// that wants another JSON type than the value has describes another form
// of the value (the list in "a string or a list of strings"); its errors
// would only say that the value does not have that form. The branches for
// the value's own type carry the errors that matter, and when there are
// none the value has none of the allowed types.
func alternatives(doc any, e *jsonschema.ValidationError, errs *Errors) {
	var relevant []*jsonschema.ValidationError
	var want []string
	got := ""
	for _, c := range e.Causes {
		if t := typeMismatch(c, e.InstanceLocation); t != nil {
			for _, w := range t.Want {
				if !slices.Contains(want, w) {
					want = append(want, w)
				}
			}
			got = t.Got
			continue
		}
		relevant = append(relevant, c)
	}
	if len(relevant) == 0 {
		*errs = append(*errs, Error{
			Path:    fieldPath(doc, e.InstanceLocation),
			Message: fmt.Sprintf("must be %s, got %s", strings.Join(want, " or "), got),
		})
		return
	}
	for _, c := range relevant {
		collect(doc, c, errs)
	}
}

// typeMismatch finds a type error about the value at loc itself, not one
// of its members, in the errors of a branch.
func typeMismatch(e *jsonschema.ValidationError, loc []string) *kind.Type {
	if t, ok := e.ErrorKind.(*kind.Type); ok && slices.Equal(e.InstanceLocation, loc) {
		return t
	}
	for _, c := range e.Causes {
		if t := typeMismatch(c, loc); t != nil {
			return t
		}
	}
	return nil
}

// leaf reports one error. Errors about an object's members (missing,
// unknown or forbidden fields) are reported at the member's path, which
// is what a reader has to find or fix.
func leaf(doc any, e *jsonschema.ValidationError, errs *Errors) {
	path := fieldPath(doc, e.InstanceLocation)
	add := func(path, msg string) { *errs = append(*errs, Error{Path: path, Message: msg}) }
	switch k := e.ErrorKind.(type) {
	case *kind.Required:
		for _, m := range k.Missing {
			add(join(path, m), "required field is missing")
		}
	case *kind.AdditionalProperties:
		for _, p := range k.Properties {
			add(join(path, p), "unknown field")
		}
	case *kind.DependentRequired:
		for _, m := range k.Missing {
			add(join(path, m), "required when "+k.Prop+" is set")
		}
	case *kind.FalseSchema:
		add(path, forbidden(e.SchemaURL))
	default:
		add(path, describeKind(e.ErrorKind))
	}
}

// forbidden explains a false schema. The schemas here use one under
// dependentSchemas/<field>/properties to forbid two fields together, and
// the schema location is the only place that names the other field.
func forbidden(schemaURL string) string {
	_, frag, _ := strings.Cut(schemaURL, "#")
	tokens := strings.Split(frag, "/")
	for i := 0; i+2 < len(tokens); i++ {
		if tokens[i] == "dependentSchemas" && tokens[i+2] == "properties" {
			return "cannot be used together with " + unescapePointer(tokens[i+1])
		}
	}
	return "not allowed"
}

func unescapePointer(tok string) string {
	if u, err := url.PathUnescape(tok); err == nil {
		tok = u
	}
	return strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)
}

// describeKind words the errors the schemas of this package can produce
// in the style of irsa's field errors ("must be ..., got ..."), and falls
// back to the library's English text for the rest.
func describeKind(k jsonschema.ErrorKind) string {
	switch k := k.(type) {
	case *kind.Type:
		return fmt.Sprintf("must be %s, got %s", strings.Join(k.Want, " or "), k.Got)
	case *kind.Enum:
		want := make([]string, len(k.Want))
		for i, w := range k.Want {
			want[i] = display(w)
		}
		if len(want) == 1 {
			return fmt.Sprintf("must be %s, got %s", want[0], display(k.Got))
		}
		return fmt.Sprintf("must be one of %s, got %s", strings.Join(want, ", "), display(k.Got))
	case *kind.Const:
		return fmt.Sprintf("must be %s, got %s", display(k.Want), display(k.Got))
	case *kind.Pattern:
		return fmt.Sprintf("must match %s, got %q", k.Want, k.Got)
	case *kind.Minimum:
		return fmt.Sprintf("must be at least %s, got %s", number(k.Want), number(k.Got))
	case *kind.Maximum:
		return fmt.Sprintf("must be at most %s, got %s", number(k.Want), number(k.Got))
	case *kind.MinLength:
		return fmt.Sprintf("must be at least %d characters long, got %d", k.Want, k.Got)
	case *kind.MaxLength:
		return fmt.Sprintf("must be at most %d characters long, got %d", k.Want, k.Got)
	case *kind.MinItems:
		return fmt.Sprintf("must hold at least %d %s, got %d", k.Want, plural(k.Want, "item"), k.Got)
	case *kind.MinProperties:
		return fmt.Sprintf("must hold at least %d %s, got %d", k.Want, plural(k.Want, "field"), k.Got)
	case *kind.PropertyNames:
		return fmt.Sprintf("field name %q is not allowed here", k.Property)
	}
	return k.LocalizedString(message.NewPrinter(language.English))
}

// number writes a number as JSON would rather than as a fraction.
func number(r *big.Rat) string {
	if r.IsInt() {
		return r.RatString()
	}
	f, _ := r.Float64()
	return strconv.FormatFloat(f, 'g', -1, 64)
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

// display writes a JSON value of an error message: strings quoted, the
// rest as JSON.
func display(v any) string {
	if s, ok := v.(string); ok {
		return strconv.Quote(s)
	}
	switch v.(type) {
	case map[string]any:
		return "an object"
	case []any:
		return "a list"
	}
	if b, err := json.Marshal(v); err == nil {
		return string(b)
	}
	return fmt.Sprint(v)
}

// fieldPath converts a JSON pointer, given as its tokens, into a dotted
// path. Only the document tells whether a token such as "0" indexes a list
// or names a field, so the path is walked through the document.
func fieldPath(doc any, tokens []string) string {
	var b strings.Builder
	cur := doc
	for _, tok := range tokens {
		switch node := cur.(type) {
		case []any:
			b.WriteString("[" + tok + "]")
			if i, err := strconv.Atoi(tok); err == nil && i >= 0 && i < len(node) {
				cur = node[i]
			} else {
				cur = nil
			}
			continue
		case map[string]any:
			cur = node[tok]
		default:
			cur = nil
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(tok)
	}
	return b.String()
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}
