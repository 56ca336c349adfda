package lint

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"unicode"
	"unicode/utf8"

	"github.com/camunda-irsa/camunda-irsa/irsa"
)

// Kind says which kind of policy a document is; the checks and the size
// quota depend on it.
type Kind int

const (
	// Auto decides per document: a document with a Principal (or
	// NotPrincipal) in any statement is a trust policy, otherwise a
	// permission policy.
	Auto Kind = iota
	// Permission is an identity-based permission policy, linted against
	// the managed policy quota.
	Permission
	// Trust is a role's trust policy (its assume-role policy document).
	Trust
)

// String is the name ParseKind accepts.
func (k Kind) String() string {
	switch k {
	case Auto:
		return "auto"
	case Permission:
		return "permission"
	case Trust:
		return "trust"
	default:
		return fmt.Sprintf("Kind(%d)", int(k))
	}
}

// ParseKind reads auto, permission or trust, as a CLI flag gives it.
func ParseKind(s string) (Kind, error) {
	for k := Auto; k <= Trust; k++ {
		if k.String() == s {
			return k, nil
		}
	}
	return Auto, fmt.Errorf("unknown policy kind %q: want auto, permission or trust", s)
}

// Default IAM quotas, in characters without whitespace.
const (
	DefaultManagedPolicyQuota = 6144
	DefaultTrustPolicyQuota   = 2048
)

// Options tune a lint run. The zero value lints with AWS's default quotas
// and no expected account, partition or region.
type Options struct {
	// ManagedPolicyQuota is the most characters (whitespace not counted) a
	// permission policy may have; 0 means DefaultManagedPolicyQuota.
	ManagedPolicyQuota int
	// TrustPolicyQuota is the most characters (whitespace not counted) a
	// trust policy may have; 0 means DefaultTrustPolicyQuota. Accounts may
	// have it raised, hence settable.
	TrustPolicyQuota int
	// Account, Partition and Region are where the policies are meant to
	// apply. When set, ARNs naming another account, partition or region
	// are reported. Partition defaults to the one Region implies.
	Account   string
	Partition string
	Region    string
	// Grammar checks a decoded policy document (the value encoding/json
	// gives with UseNumber) against the IAM policy grammar, normally
	// schema.Validator.ValidatePolicy. Every error it returns becomes an
	// IAM002 finding; an error that wraps several (Unwrap() []error) or is
	// a slice of errors gives one finding each. When Grammar is nil the
	// linter applies its own structural checks instead, a subset of the
	// schema's: element names, required elements, value types, Effect,
	// Version and the Sid alphabet.
	Grammar func(doc any) error
}

// Policy lints one policy document as a user wrote it. name labels
// the findings (normally the file name). kind may be Auto.
func Policy(name string, data []byte, kind Kind, opts Options) []Finding {
	l := newLinter(name, opts)
	v, dups, err := decodeJSON(data)
	if err != nil {
		l.add(CodeMalformedJSON, "", err.Error(), "Fix the JSON syntax at the position given; a JSON linter or `jq .` shows it too.")
		return l.done()
	}
	d, problems := buildDocument(v)
	for _, dup := range dups {
		l.add(CodeDuplicateKey, d.statementRef(dup.path),
			fmt.Sprintf("key %q is given more than once at %s; JSON readers keep only one of the values (this linter the last), so the policy may not do what it reads as", dup.key, dup.path),
			fmt.Sprintf("Keep one %q in the object, merging the values if all of them are meant.", dup.key))
	}
	if opts.Grammar != nil {
		l.grammar(v, d)
	} else {
		for _, p := range problems {
			l.add(CodeGrammar, p.stmt, p.msg, "Correct the element as the IAM JSON policy grammar defines it.")
		}
	}
	if kind == Auto {
		kind = Permission
		for _, s := range d.statements {
			if s.principal != nil || s.notPrincipal {
				kind = Trust
				break
			}
		}
	}
	l.checkSize(data, kind)
	l.checkDocument(d, kind)
	return l.done()
}

// Document lints a typed policy document, such as one of a plan. It
// is linted exactly as its JSON encoding would be.
func Document(name string, doc irsa.PolicyDocument, kind Kind, opts Options) []Finding {
	data, err := doc.JSON()
	if err != nil {
		l := newLinter(name, opts)
		l.add(CodeMalformedJSON, "", "cannot encode the document: "+err.Error(), "Report this as a bug: typed documents always encode.")
		return l.done()
	}
	return Policy(name, data, kind, opts)
}

// Plan lints every role of a plan: its name, its trust policy
// (document "<role>/trust") and its permission policy ("<role>/permission").
// Account, Partition, Region and TrustPolicyQuota default to the plan's.
func Plan(p *irsa.Plan, opts Options) []Finding {
	t := p.Topology()
	if opts.Account == "" {
		opts.Account = t.AWS.AccountID
	}
	if opts.Region == "" {
		opts.Region = t.AWS.Region
	}
	if opts.Partition == "" {
		opts.Partition = p.Partition().Name
	}
	if opts.TrustPolicyQuota == 0 {
		opts.TrustPolicyQuota = t.AWS.TrustPolicyQuota
	}
	var out []Finding
	for _, r := range p.Roles() {
		out = append(out, LintRoleName(r.Name)...)
		out = append(out, Document(r.Name+"/trust", r.TrustPolicy, Trust, opts)...)
		out = append(out, Document(r.Name+"/permission", r.PermissionPolicy, Permission, opts)...)
	}
	return sortFindings(out)
}

// maxRoleName is IAM's limit on role names.
const maxRoleName = 64

var roleNameChars = lazyPattern(`^[\w+=,.@-]+$`)

// LintRoleName checks a role name against IAM's length limit and
// alphabet. The findings' Document is the name itself.
func LintRoleName(name string) []Finding {
	l := newLinter(name, Options{})
	switch {
	case name == "":
		l.add(CodeRoleNameCharset, "", "the role name is empty", "Give the role a name of letters, digits and +=,.@_-.")
	case !roleNameChars.MatchString(name):
		l.add(CodeRoleNameCharset, "", fmt.Sprintf("role name %q has characters IAM does not allow", name),
			"Use only letters, digits and +=,.@_- in role names.")
	}
	if n := utf8.RuneCountInString(name); n > maxRoleName {
		l.add(CodeRoleNameLength, "", fmt.Sprintf("role name %q is %d characters; IAM allows at most %d", name, n, maxRoleName),
			"Shorten the role name (a shorter roleNamePrefix or cluster name, or a roleName override).")
	}
	return l.done()
}

type linter struct {
	name      string
	opts      Options
	partition string // expected partition, "" when unknown
	cat       catalog
	findings  []Finding
}

func newLinter(name string, opts Options) *linter {
	if opts.ManagedPolicyQuota <= 0 {
		opts.ManagedPolicyQuota = DefaultManagedPolicyQuota
	}
	if opts.TrustPolicyQuota <= 0 {
		opts.TrustPolicyQuota = DefaultTrustPolicyQuota
	}
	l := &linter{name: name, opts: opts, partition: opts.Partition, cat: mustCatalog()}
	if l.partition == "" && opts.Region != "" {
		l.partition = partitionOf(opts.Region)
	}
	return l
}

func (l *linter) add(code, stmt, msg, fix string) {
	l.findings = append(l.findings, Finding{Level: levelOf(code), Code: code, Document: l.name, Statement: stmt, Message: msg, Fix: fix})
}

func (l *linter) done() []Finding { return sortFindings(l.findings) }

// duplicate is a key given more than once in one JSON object.
type duplicate struct{ path, key string }

// decodeJSON decodes exactly one JSON value, as encoding/json does with
// UseNumber, and names every key given twice in one object, at any depth:
// encoding/json silently keeps the last, so {"Effect":"Deny","Effect":"Allow"}
// reads as the Allow a reviewer may not see. Syntax errors are reported
// by line and column since policy files are edited by hand.
func decodeJSON(data []byte) (any, []duplicate, error) {
	if !utf8.Valid(data) {
		return nil, nil, errors.New("the document is not valid UTF-8")
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, nil, errors.New("the document is empty")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var dups []duplicate
	v, err := decodeValue(dec, "", 0, &dups)
	if err != nil {
		var syn *json.SyntaxError
		switch {
		case errors.As(err, &syn):
			line, col := position(data, syn.Offset)
			return nil, nil, fmt.Errorf("invalid JSON at line %d, column %d: %s", line, col, syn.Error())
		case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
			return nil, nil, errors.New("invalid JSON: the document ends early")
		default:
			return nil, nil, fmt.Errorf("invalid JSON: %s", err)
		}
	}
	if _, err := dec.Token(); err != io.EOF {
		line, col := position(data, dec.InputOffset())
		return nil, nil, fmt.Errorf("invalid JSON at line %d, column %d: more data after the policy document", line, col)
	}
	return v, dups, nil
}

// maxDepth bounds the nesting decodeValue follows. A policy nests six
// levels deep (Statement, statement, Condition, operator, key, values);
// the bound keeps a hostile file of brackets from exhausting the stack,
// which encoding/json's Decode guards against but its Token does not.
const maxDepth = 64

// decodeValue reads one value token by token; path is where it sits, in
// the Statement[0].Effect form schema errors use.
func decodeValue(dec *json.Decoder, path string, depth int, dups *[]duplicate) (any, error) {
	if depth > maxDepth {
		return nil, fmt.Errorf("the document nests deeper than %d levels at %s", maxDepth, path)
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch tok {
	case json.Delim('{'):
		obj := map[string]any{}
		for dec.More() {
			tok, err := dec.Token()
			if err != nil {
				return nil, err
			}
			k, ok := tok.(string)
			if !ok { // Token rejects non-string keys itself; this only guards the assertion
				return nil, fmt.Errorf("object key %v is not a string", tok)
			}
			at := k
			if path != "" {
				at = path + "." + k
			}
			if _, seen := obj[k]; seen {
				*dups = append(*dups, duplicate{path: at, key: k})
			}
			if obj[k], err = decodeValue(dec, at, depth+1, dups); err != nil {
				return nil, err
			}
		}
		_, err := dec.Token() // the closing brace
		return obj, err
	case json.Delim('['):
		list := []any{}
		for i := 0; dec.More(); i++ {
			v, err := decodeValue(dec, fmt.Sprintf("%s[%d]", path, i), depth+1, dups)
			if err != nil {
				return nil, err
			}
			list = append(list, v)
		}
		_, err := dec.Token() // the closing bracket
		return list, err
	}
	return tok, nil
}

func position(data []byte, offset int64) (line, col int) {
	if offset > int64(len(data)) {
		offset = int64(len(data))
	}
	before := data[:offset]
	line = bytes.Count(before, []byte("\n")) + 1
	col = utf8.RuneCount(before[bytes.LastIndexByte(before, '\n')+1:])
	if col == 0 {
		col = 1
	}
	return line, col
}

func (l *linter) checkSize(data []byte, kind Kind) {
	n := 0
	for _, r := range string(data) {
		if !unicode.IsSpace(r) {
			n++
		}
	}
	if kind == Trust {
		if n > l.opts.TrustPolicyQuota {
			l.add(CodeTrustPolicySize, "", fmt.Sprintf("the trust policy is %s characters without whitespace; the quota is %s", thousands(n), thousands(l.opts.TrustPolicyQuota)),
				"Split the trusted service accounts across roles, or raise the account's role trust policy quota and lint with that quota.")
		}
		return
	}
	if n > l.opts.ManagedPolicyQuota {
		l.add(CodeManagedPolicySize, "", fmt.Sprintf("the policy is %s characters without whitespace; a managed policy may have at most %s", thousands(n), thousands(l.opts.ManagedPolicyQuota)),
			"Split the statements across several managed policies, or merge statements that share their resources.")
	}
}

// thousands writes 6144 as 6,144, as AWS's quota tables do.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// grammar runs the caller's schema check and turns each of its errors
// into a finding, attributed to a statement when the error's path names
// one: Statement[<i>] as schema.Error paths write it, or /Statement/<i>
// as a JSON pointer does.
func (l *linter) grammar(v any, d document) {
	err := l.opts.Grammar(v)
	if err == nil {
		return
	}
	for _, e := range splitErrors(err) {
		msg := e.Error()
		l.add(CodeGrammar, d.statementRef(msg), msg, "Correct the element the message names, as the IAM JSON policy grammar defines it.")
	}
}

// statementPath finds the statement a path names: Statement[<i>] as
// schema.Error paths and decodeJSON write it, /Statement/<i> as a JSON
// pointer does, or Statement.<element> when Statement is one object.
var statementPath = lazyPattern(`(?:/Statement/|\bStatement\[)(\d+)|\bStatement\.`)

// statementRef is the reference (Sid or Statement[i]) of the statement a
// path or message names, or "" when it names none.
func (d document) statementRef(path string) string {
	m := statementPath.FindStringSubmatch(path)
	if m == nil {
		return ""
	}
	i := 0
	if m[1] != "" {
		var err error
		if i, err = strconv.Atoi(m[1]); err != nil {
			return ""
		}
	}
	for _, s := range d.statements {
		if s.index == i {
			return s.ref
		}
	}
	return fmt.Sprintf("Statement[%d]", i)
}

// splitErrors unpacks an error that stands for several: errors.Join's
// Unwrap() []error, or a slice type of errors such as schema.Errors.
func splitErrors(err error) []error {
	if m, ok := err.(interface{ Unwrap() []error }); ok {
		if errs := m.Unwrap(); len(errs) > 0 {
			return errs
		}
	}
	rv := reflect.ValueOf(err)
	if rv.Kind() == reflect.Slice && rv.Len() > 0 {
		errs := make([]error, 0, rv.Len())
		for i := 0; i < rv.Len(); i++ {
			el := rv.Index(i)
			switch {
			case el.Type().Implements(errorType):
				errs = append(errs, el.Interface().(error))
			case el.CanAddr() && el.Addr().Type().Implements(errorType):
				errs = append(errs, el.Addr().Interface().(error))
			default:
				return []error{err}
			}
		}
		return errs
	}
	return []error{err}
}

var errorType = reflect.TypeOf((*error)(nil)).Elem()

// UserStatements lints the statements the topology gives the connectors
// role as lint --strict would: every finding, at any level, is a problem
// of the topology, located at the statement's field path
// (components.connectors.statements[i]). The plan's other documents are
// camunda-irsa's own and lint clean by construction.
func UserStatements(p *irsa.Plan, opts Options) irsa.FieldErrors {
	const path = "components.connectors.statements"
	role, ok := p.RoleFor(irsa.Connectors)
	if !ok {
		return nil
	}
	var statements []irsa.Statement
	for _, g := range role.Grants {
		if u, ok := g.(irsa.UserStatements); ok {
			statements = u.Statements()
		}
	}
	if len(statements) == 0 {
		return nil
	}
	t := p.Topology()
	opts.Account, opts.Region, opts.Partition = t.AWS.AccountID, t.AWS.Region, p.Partition().Name
	var out irsa.FieldErrors
	for _, f := range Document(path, irsa.NewPolicy(statements...), Permission, opts) {
		at := path
		for i, st := range statements {
			if f.Statement == st.Sid || f.Statement == fmt.Sprintf("Statement[%d]", i) {
				at = fmt.Sprintf("%s[%d]", path, i)
				break
			}
		}
		out = append(out, irsa.FieldError{Path: at, Message: fmt.Sprintf("%s %s: %s; %s", f.Level, f.Code, f.Message, f.Fix)})
	}
	return out
}
