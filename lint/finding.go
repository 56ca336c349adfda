package lint

import (
	"fmt"
	"sort"
	"strings"
)

// Level is the severity of a finding, named after IAM Access Analyzer's
// finding types. A larger Level is more severe; the zero Level is below
// every finding and is what Max returns for none.
type Level int

// The four levels, least severe first.
const (
	// Suggestion: the policy works, but a clearer or more robust form exists.
	Suggestion Level = iota + 1
	// Warning: the policy works but probably not as intended, or it
	// departs from IAM best practice.
	Warning
	// SecurityWarning: the policy grants more than it needs to, to more
	// principals or on more resources than intended.
	SecurityWarning
	// Error: AWS rejects the policy, a part of it can never take effect,
	// or it lets principals in that it must not (Principal "*", a trust
	// without :sub) or lets one grant itself any permission.
	Error
)

// String is the Access Analyzer name of the level: ERROR,
// SECURITY_WARNING, WARNING or SUGGESTION.
func (l Level) String() string {
	switch l {
	case Error:
		return "ERROR"
	case SecurityWarning:
		return "SECURITY_WARNING"
	case Warning:
		return "WARNING"
	case Suggestion:
		return "SUGGESTION"
	case 0:
		return "NONE"
	default:
		return fmt.Sprintf("Level(%d)", int(l))
	}
}

// MarshalText writes the level by name, so findings encode to JSON the
// way Access Analyzer prints them.
func (l Level) MarshalText() ([]byte, error) {
	if l < 0 || l > Error {
		return nil, fmt.Errorf("lint: invalid level %d", int(l))
	}
	return []byte(l.String()), nil
}

// UnmarshalText reads a level name as written by MarshalText.
func (l *Level) UnmarshalText(b []byte) error {
	for v := Level(0); v <= Error; v++ {
		if v.String() == string(b) {
			*l = v
			return nil
		}
	}
	return fmt.Errorf("lint: unknown level %q", b)
}

// Finding is one problem in one policy document.
type Finding struct {
	Level Level `json:"level"`
	// Code is stable across releases (see the table in the package
	// documentation); scripts and suppressions may key on it.
	Code string `json:"code"`
	// Document names the linted document: a file name, or for a plan
	// "<role>/trust", "<role>/permission" or the role name itself.
	Document string `json:"document"`
	// Statement is the statement's Sid, or "Statement[i]" (0-based) when
	// it has none or when the finding is about the Sid itself. It is empty
	// for findings about the whole document.
	Statement string `json:"statement,omitempty"`
	Message   string `json:"message"`
	// Fix is a one-line suggestion of what to change.
	Fix string `json:"fix"`
}

// String formats the finding on one line, as the CLI prints it.
func (f Finding) String() string {
	var b strings.Builder
	b.WriteString(f.Level.String())
	b.WriteString(" ")
	b.WriteString(f.Code)
	b.WriteString(" ")
	b.WriteString(f.Document)
	if f.Statement != "" {
		b.WriteString(" ")
		b.WriteString(f.Statement)
	}
	b.WriteString(": ")
	b.WriteString(f.Message)
	if f.Fix != "" {
		b.WriteString(" Fix: ")
		b.WriteString(f.Fix)
	}
	return b.String()
}

// Max is the most severe level among the findings, or the zero Level when
// there are none.
func Max(findings []Finding) Level {
	var max Level
	for _, f := range findings {
		if f.Level > max {
			max = f.Level
		}
	}
	return max
}

// HasErrors reports whether any finding is an Error.
func HasErrors(findings []Finding) bool { return Max(findings) >= Error }

// Errors returns the findings at level Error, in their order, or nil when
// there are none. It is made for assertions: a test that checks it is
// empty prints, when it fails, the findings that made it fail and none
// of the warnings it tolerates.
func Errors(findings []Finding) []Finding {
	var out []Finding
	for _, f := range findings {
		if f.Level == Error {
			out = append(out, f)
		}
	}
	return out
}

// Failed is the exit decision of `camunda-irsa lint`: errors always fail;
// in strict mode every finding fails, down to suggestions, so that a
// policy passes strict only when the linter has nothing at all to say.
// The linter itself never decides this; callers choose strictness.
func Failed(findings []Finding, strict bool) bool {
	if strict {
		return len(findings) > 0
	}
	return HasErrors(findings)
}

// sortFindings orders findings most severe first, then by document,
// statement and code, and drops exact duplicates (one action listed twice
// must not be reported twice). The message breaks the remaining ties so
// that output is byte-for-byte stable.
func sortFindings(fs []Finding) []Finding {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		switch {
		case a.Level != b.Level:
			return a.Level > b.Level
		case a.Document != b.Document:
			return a.Document < b.Document
		case a.Statement != b.Statement:
			return a.Statement < b.Statement
		case a.Code != b.Code:
			return a.Code < b.Code
		default:
			return a.Message < b.Message
		}
	})
	out := fs[:0]
	for i, f := range fs {
		if i > 0 && f == fs[i-1] {
			continue
		}
		out = append(out, f)
	}
	return out
}
