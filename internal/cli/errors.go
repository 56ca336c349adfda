package cli

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"

	"github.com/camunda-irsa/camunda-irsa/irsa"
)

// Exit statuses of the CLI contract.
const (
	exitOK      = 0
	exitInvalid = 1
	exitUsage   = 2
)

// ErrReported makes a command exit 1 after the report it printed on
// standard output (lint findings, failed verify checks) said why.
var ErrReported = errors.New("the report found problems")

// usageError marks a mistake in how the command was called.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// Usage marks err as a mistake in how the command was called: exit
// status 2 and a pointer to --help.
func Usage(err error) error { return usageError{err} }

// Usagef is Usage of a formatted error.
func Usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// exitStatus prints err (one line per field problem) and maps it to the
// exit status.
func exitStatus(err error, stderr io.Writer) int {
	if err == nil {
		return exitOK
	}
	if errors.Is(err, ErrReported) {
		return exitInvalid
	}
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(stderr, "error: %v\nRun 'camunda-irsa --help' for usage.\n", ue.err)
		return exitUsage
	}
	for _, line := range ProblemLines(err) {
		fmt.Fprintln(stderr, "error: "+OneLine(line))
	}
	return exitInvalid
}

// OneLine escapes the control characters of a problem line (a newline in
// a map key or tag key, for one) the way Go quotes them, so that every
// problem is exactly one line of stderr and input cannot forge others.
func OneLine(s string) string {
	if !strings.ContainsFunc(s, isControl) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if !isControl(r) {
			b.WriteRune(r)
			continue
		}
		q := strconv.QuoteRune(r) // '\n', '\u2028'
		b.WriteString(q[1 : len(q)-1])
	}
	return b.String()
}

// isControl reports control characters and the Unicode line and
// paragraph separators.
func isControl(r rune) bool {
	return unicode.IsControl(r) || r == '\u2028' || r == '\u2029'
}

// ProblemLines splits errors that carry several field problems into one
// line each.
func ProblemLines(err error) []string {
	if fe, ok := irsa.AsFieldErrors(err); ok {
		lines := make([]string, len(fe))
		for i, e := range fe {
			lines[i] = e.Error()
		}
		return lines
	}
	return []string{err.Error()}
}
