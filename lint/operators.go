package lint

import (
	"encoding/base64"
	"fmt"
	"net/netip"
	"strings"
	"time"
)

// valueType is what a condition operator compares a key with, and so
// what the values written for it must be.
type valueType int

const (
	valString valueType = iota
	valNumber
	valDate
	valBool
	valBinary
	valIP
	valARN
)

// operator is one of IAM's condition operators, without the
// ForAllValues:/ForAnyValue: qualifier and the IfExists suffix.
type operator struct {
	name     string
	values   valueType
	negated  bool // matches when the key's value is none of the values
	wildcard bool // * and ? in values are wildcards, not characters
	// noIfExists: IAM refuses the IfExists suffix. Only Null has it, since
	// Null itself asks whether the key exists.
	noIfExists bool
}

// operators is every condition operator of the IAM JSON policy grammar;
// IAM rejects a policy with any other. ArnEquals and ArnLike behave
// alike: both match * and ? in each part of the ARN.
var operators = []operator{
	{name: "StringEquals", values: valString},
	{name: "StringNotEquals", values: valString, negated: true},
	{name: "StringEqualsIgnoreCase", values: valString},
	{name: "StringNotEqualsIgnoreCase", values: valString, negated: true},
	{name: "StringLike", values: valString, wildcard: true},
	{name: "StringNotLike", values: valString, negated: true, wildcard: true},
	{name: "NumericEquals", values: valNumber},
	{name: "NumericNotEquals", values: valNumber, negated: true},
	{name: "NumericLessThan", values: valNumber},
	{name: "NumericLessThanEquals", values: valNumber},
	{name: "NumericGreaterThan", values: valNumber},
	{name: "NumericGreaterThanEquals", values: valNumber},
	{name: "DateEquals", values: valDate},
	{name: "DateNotEquals", values: valDate, negated: true},
	{name: "DateLessThan", values: valDate},
	{name: "DateLessThanEquals", values: valDate},
	{name: "DateGreaterThan", values: valDate},
	{name: "DateGreaterThanEquals", values: valDate},
	{name: "Bool", values: valBool},
	{name: "BinaryEquals", values: valBinary},
	{name: "IpAddress", values: valIP},
	{name: "NotIpAddress", values: valIP, negated: true},
	{name: "ArnEquals", values: valARN, wildcard: true},
	{name: "ArnLike", values: valARN, wildcard: true},
	{name: "ArnNotEquals", values: valARN, negated: true, wildcard: true},
	{name: "ArnNotLike", values: valARN, negated: true, wildcard: true},
	{name: "Null", values: valBool, noIfExists: true},
}

// setQualifiers are the prefixes that apply an operator to each value of
// a multivalued key.
var setQualifiers = []string{"ForAllValues", "ForAnyValue"}

// conditionOp is a condition operator as a policy writes it, taken apart.
type conditionOp struct {
	operator
	set      string // ForAllValues, ForAnyValue or ""
	ifExists bool
}

// parseOperator reads an operator such as ForAnyValue:StringLikeIfExists.
// When IAM would reject it, problem says why and fix what to write.
// Names are compared ignoring case: the linter reports only operators no
// spelling of which IAM knows, so that the finding is certain.
func parseOperator(raw string) (op conditionOp, problem, fix string) {
	base := raw
	if q, rest, ok := strings.Cut(raw, ":"); ok {
		base = rest
		for _, s := range setQualifiers {
			if strings.EqualFold(q, s) {
				op.set = s
			}
		}
		if op.set == "" {
			return op, fmt.Sprintf("%q is not a set qualifier of condition operator %q: IAM knows only ForAllValues and ForAnyValue", q, raw),
				fmt.Sprintf("Write ForAllValues:%s or ForAnyValue:%s, or drop the qualifier for a single-valued key.", base, base)
		}
	}
	if o, ok := lookupOperator(base); ok {
		op.operator = o
		return op, "", ""
	}
	if len(base) > len("IfExists") && strings.EqualFold(base[len(base)-len("IfExists"):], "IfExists") {
		if o, ok := lookupOperator(base[:len(base)-len("IfExists")]); ok {
			op.operator, op.ifExists = o, true
			if o.noIfExists {
				return op, fmt.Sprintf("%q: %s takes no IfExists suffix, since it tests itself whether the key exists", raw, o.name),
					fmt.Sprintf("Use %s.", strings.TrimSuffix(raw, base[len(base)-len("IfExists"):]))
			}
			return op, "", ""
		}
	}
	fix = "Use one of IAM's condition operators: String*, Numeric*, Date*, Bool, BinaryEquals, IpAddress, NotIpAddress, Arn* or Null."
	if near := nearestOperator(base); near != "" {
		fix = fmt.Sprintf("Did you mean %s?", strings.TrimSuffix(raw, base)+near)
	}
	return op, fmt.Sprintf("%q is not a condition operator IAM knows", raw), fix
}

func lookupOperator(name string) (operator, bool) {
	for _, o := range operators {
		if strings.EqualFold(o.name, name) {
			return o, true
		}
	}
	return operator{}, false
}

// nearestOperator is the operator closest to a misspelt one, with
// IfExists kept when both have it, or "" when none is close.
func nearestOperator(name string) string {
	best, bestDist := "", len(name)/3+1
	for _, o := range operators {
		for _, cand := range []string{o.name, o.name + "IfExists"} {
			if cand != o.name && o.noIfExists {
				continue
			}
			if d := editDistance(strings.ToLower(name), strings.ToLower(cand)); d < bestDist {
				best, bestDist = cand, d
			}
		}
	}
	return best
}

// valueRule is what a value of a type must look like: the description a
// finding gives and an example for its fix.
var valueRules = map[valueType]struct {
	want, example string
	ok            func(string) bool
}{
	valNumber: {"a number", `"10"`, numberPattern.MatchString},
	valDate:   {"a date in ISO 8601 (2024-01-31 or 2024-01-31T23:59:59Z) or in seconds since the epoch", `"2024-01-31T23:59:59Z"`, isDate},
	valBool:   {"true or false", `"true"`, func(v string) bool { return strings.EqualFold(v, "true") || strings.EqualFold(v, "false") }},
	valBinary: {"base64-encoded binary data", `"QmluYXJ5"`, isBase64},
	valIP:     {"an IPv4 or IPv6 address or CIDR range", `"203.0.113.0/24"`, isIP},
	valARN:    {"an ARN (or \"*\")", `"arn:aws:iam::123456789012:role/name"`, func(v string) bool { _, ok := parseARN(v); return ok || v == "*" }},
}

var (
	numberPattern = lazyPattern(`^-?\d+(\.\d+)?$`)
	epochPattern  = lazyPattern(`^\d+$`)
)

// dateLayouts are the ISO 8601 forms IAM reads; time.RFC3339 also takes
// fractional seconds.
var dateLayouts = []string{"2006-01-02", time.RFC3339, "2006-01-02T15:04:05", "2006-01-02T15:04Z07:00", "2006-01-02T15:04"}

func isDate(v string) bool {
	if epochPattern.MatchString(v) {
		return true
	}
	for _, layout := range dateLayouts {
		if _, err := time.Parse(layout, v); err == nil {
			return true
		}
	}
	return false
}

func isBase64(v string) bool {
	_, err := base64.StdEncoding.Strict().DecodeString(v)
	return v != "" && err == nil
}

func isIP(v string) bool {
	if _, err := netip.ParsePrefix(v); err == nil {
		return true
	}
	_, err := netip.ParseAddr(v)
	return err == nil
}

// valueProblem says what a value should be for an operator's type, or ""
// when it fits. A value holding a policy variable (${aws:CurrentTime}) is
// only known when the request is made, and passes.
func valueProblem(t valueType, v string) (want, example string) {
	r, judged := valueRules[t]
	if !judged || strings.Contains(v, "${") || r.ok(v) {
		return "", ""
	}
	return r.want, r.example
}
