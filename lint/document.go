package lint

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
)

// document is a policy as the checks see it. It is richer than
// irsa.PolicyDocument, which has no NotAction, NotResource, NotPrincipal
// or Principal "*": user-supplied policies may have them and the linter
// must judge them.
type document struct {
	object     bool // the JSON was an object at all; nothing else is judged otherwise
	version    string
	hasVersion bool
	statements []statement
}

type statement struct {
	index int
	ref   string // Sid, or Statement[i]
	sid   string

	effect       string
	principal    *principal // nil when there is no Principal
	notPrincipal bool

	actions      []string
	notAction    bool // actions came from NotAction
	resources    []string
	hasResource  bool
	notResources []string
	notResource  bool

	conditions []condition // sorted by operator, then key
}

type principal struct {
	star   bool                // Principal: "*"
	byType map[string][]string // AWS, Federated, Service, CanonicalUser
}

func (p *principal) values(typ string) []string {
	if p == nil {
		return nil
	}
	return p.byType[typ]
}

type condition struct {
	operator string // as written
	op       conditionOp
	// opProblem says why IAM rejects the operator, and opFix what to
	// write instead; the other condition checks skip such a condition.
	opProblem, opFix string
	key              string
	values           []string
}

// problem is a structural defect found while building the model; it
// becomes an IAM002 finding unless a schema reports grammar instead.
type problem struct{ stmt, msg string }

var sidPattern = lazyPattern(`^[A-Za-z0-9]*$`)

// buildDocument reads the decoded JSON leniently: whatever has the wrong
// shape is reported as a problem and left out, so the semantic checks
// still run on the rest.
func buildDocument(v any) (document, []problem) {
	var d document
	var probs []problem
	bad := func(stmt, format string, args ...any) {
		probs = append(probs, problem{stmt, fmt.Sprintf(format, args...)})
	}
	obj, ok := v.(map[string]any)
	if !ok {
		bad("", "a policy must be a JSON object, not %s", jsonKind(v))
		return d, probs
	}
	d.object = true
	for _, k := range slices.Sorted(maps.Keys(obj)) {
		switch k {
		case "Version", "Id", "Statement":
		default:
			bad("", "unknown top-level element %q (allowed: Version, Id, Statement)", k)
		}
	}
	if raw, ok := obj["Version"]; ok {
		d.hasVersion = true
		s, ok := raw.(string)
		switch {
		case !ok:
			bad("", "Version must be a string, not %s", jsonKind(raw))
		case s != "2012-10-17" && s != "2008-10-17":
			bad("", "Version %q is not a policy language version (2012-10-17 or 2008-10-17)", s)
		}
		d.version = s
	}
	var raws []any
	switch st := obj["Statement"].(type) {
	case nil:
		if _, present := obj["Statement"]; present {
			bad("", "Statement must be an object or a list of objects, not null")
		} else {
			bad("", "Statement is required")
		}
	case map[string]any:
		raws = []any{st}
	case []any:
		if len(st) == 0 {
			bad("", "Statement must not be empty")
		}
		raws = st
	default:
		bad("", "Statement must be an object or a list of objects, not %s", jsonKind(st))
	}
	for i, raw := range raws {
		ref := fmt.Sprintf("Statement[%d]", i)
		so, ok := raw.(map[string]any)
		if !ok {
			bad(ref, "a statement must be an object, not %s", jsonKind(raw))
			continue
		}
		s := statement{index: i, ref: ref}
		if sid, ok := so["Sid"].(string); ok && sid != "" {
			s.sid, s.ref = sid, sid
		}
		probs = append(probs, buildStatement(&s, so)...)
		d.statements = append(d.statements, s)
	}
	return d, probs
}

func buildStatement(s *statement, so map[string]any) []problem {
	var probs []problem
	bad := func(format string, args ...any) {
		probs = append(probs, problem{s.ref, fmt.Sprintf(format, args...)})
	}
	for _, k := range slices.Sorted(maps.Keys(so)) {
		switch k {
		case "Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition":
		default:
			bad("unknown statement element %q", k)
		}
	}
	if raw, ok := so["Sid"]; ok {
		sid, isStr := raw.(string)
		switch {
		case !isStr:
			bad("Sid must be a string, not %s", jsonKind(raw))
		case !sidPattern.MatchString(sid):
			bad("Sid %q may hold only letters and digits", sid)
		}
	}
	switch e := so["Effect"].(type) {
	case string:
		s.effect = e
		if e != "Allow" && e != "Deny" {
			bad("Effect must be Allow or Deny, not %q", e)
		}
	case nil:
		bad("Effect is required")
	default:
		bad("Effect must be a string, not %s", jsonKind(e))
	}

	pair := func(pos, neg string) (vals []string, negated, present bool) {
		rp, hasP := so[pos]
		rn, hasN := so[neg]
		if hasP && hasN {
			bad("a statement may have %s or %s, not both", pos, neg)
		}
		raw, name := rp, pos
		if !hasP && hasN {
			raw, name, negated = rn, neg, true
		}
		if !hasP && !hasN {
			return nil, false, false
		}
		vals, err := stringList(raw)
		if err != "" {
			bad("%s %s", name, err)
		}
		return vals, negated, true
	}
	var present bool
	s.actions, s.notAction, present = pair("Action", "NotAction")
	if !present {
		bad("Action or NotAction is required")
	}
	var res []string
	var neg bool
	res, neg, s.hasResource = pair("Resource", "NotResource")
	if neg {
		s.notResource, s.notResources, s.hasResource = true, res, false
	} else {
		s.resources = res
	}

	_, hasP := so["Principal"]
	_, hasNP := so["NotPrincipal"]
	if hasP && hasNP {
		bad("a statement may have Principal or NotPrincipal, not both")
	}
	if hasNP {
		s.notPrincipal = true
	}
	if hasP {
		p, errs := buildPrincipal(so["Principal"])
		for _, e := range errs {
			bad("Principal %s", e)
		}
		s.principal = p
	}
	if raw, ok := so["Condition"]; ok {
		conds, errs := buildConditions(raw)
		for _, e := range errs {
			bad("Condition %s", e)
		}
		s.conditions = conds
	}
	return probs
}

func buildPrincipal(raw any) (*principal, []string) {
	p := &principal{byType: map[string][]string{}}
	switch v := raw.(type) {
	case string:
		if v != "*" {
			return p, []string{fmt.Sprintf("must be \"*\" or an object such as {\"AWS\": ...}, not the string %q", v)}
		}
		p.star = true
		return p, nil
	case map[string]any:
		var errs []string
		for _, k := range slices.Sorted(maps.Keys(v)) {
			switch k {
			case "AWS", "Federated", "Service", "CanonicalUser":
			default:
				errs = append(errs, fmt.Sprintf("has unknown principal type %q (allowed: AWS, Federated, Service, CanonicalUser)", k))
				continue
			}
			vals, err := stringList(v[k])
			if err != "" {
				errs = append(errs, k+" "+err)
			}
			p.byType[k] = vals
		}
		return p, errs
	default:
		return p, []string{fmt.Sprintf("must be \"*\" or an object, not %s", jsonKind(raw))}
	}
}

func buildConditions(raw any) ([]condition, []string) {
	ops, ok := raw.(map[string]any)
	if !ok {
		return nil, []string{fmt.Sprintf("must be an object of operators, not %s", jsonKind(raw))}
	}
	var conds []condition
	var errs []string
	for _, op := range slices.Sorted(maps.Keys(ops)) {
		keys, ok := ops[op].(map[string]any)
		if !ok {
			errs = append(errs, fmt.Sprintf("%s must be an object of condition keys, not %s", op, jsonKind(ops[op])))
			continue
		}
		for _, k := range slices.Sorted(maps.Keys(keys)) {
			vals, err := scalarList(keys[k])
			if err != "" {
				errs = append(errs, fmt.Sprintf("%s.%s %s", op, k, err))
			}
			c := condition{operator: op, key: k, values: vals}
			c.op, c.opProblem, c.opFix = parseOperator(op)
			conds = append(conds, c)
		}
	}
	return conds, errs
}

// stringList reads an IAM "string or list of strings" value.
func stringList(raw any) ([]string, string) {
	switch v := raw.(type) {
	case string:
		return []string{v}, ""
	case []any:
		if len(v) == 0 {
			return nil, "must not be an empty list"
		}
		out := make([]string, 0, len(v))
		for _, e := range v {
			s, ok := e.(string)
			if !ok {
				return out, fmt.Sprintf("must hold only strings, not %s", jsonKind(e))
			}
			out = append(out, s)
		}
		return out, ""
	default:
		return nil, fmt.Sprintf("must be a string or a list of strings, not %s", jsonKind(raw))
	}
}

// scalarList reads condition values, which may also be numbers and
// booleans; they are compared as their JSON text.
func scalarList(raw any) ([]string, string) {
	one := func(e any) (string, bool) {
		switch v := e.(type) {
		case string:
			return v, true
		case json.Number:
			return v.String(), true
		case bool:
			return fmt.Sprint(v), true
		}
		return "", false
	}
	if list, ok := raw.([]any); ok {
		out := make([]string, 0, len(list))
		for _, e := range list {
			s, ok := one(e)
			if !ok {
				return out, fmt.Sprintf("must hold strings, numbers or booleans, not %s", jsonKind(e))
			}
			out = append(out, s)
		}
		return out, ""
	}
	s, ok := one(raw)
	if !ok {
		return nil, fmt.Sprintf("must be a string, number, boolean or a list of them, not %s", jsonKind(raw))
	}
	return []string{s}, ""
}

func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case json.Number, float64:
		return "a number"
	case bool:
		return "a boolean"
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	default:
		return fmt.Sprintf("%T", v)
	}
}
