package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/camunda-irsa/camunda-irsa/irsa"
	"github.com/camunda-irsa/camunda-irsa/schema"
)

// Exit statuses of the CLI contract.
const (
	exitOK      = 0
	exitInvalid = 1
	exitUsage   = 2
)

// usageError marks a mistake in how the command was called.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// exitStatus prints err (one line per field problem) and maps it to the
// exit status.
func exitStatus(err error, stderr io.Writer) int {
	if err == nil {
		return exitOK
	}
	if errors.Is(err, errFindings) {
		return exitInvalid // the report on stdout says what
	}
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(stderr, "error: %v\nRun 'camunda-irsa --help' for usage.\n", ue.err)
		return exitUsage
	}
	for _, line := range problemLines(err) {
		fmt.Fprintln(stderr, "error: "+line)
	}
	return exitInvalid
}

// problemLines splits errors that carry several field problems into one
// line each, keeping the context they were wrapped in.
func problemLines(err error) []string {
	var ctx problemContext
	prefix := ""
	if errors.As(err, &ctx) {
		prefix = ctx.prefix + ": "
		err = ctx.err
	}
	if fe, ok := irsa.AsFieldErrors(err); ok {
		lines := make([]string, len(fe))
		for i, e := range fe {
			lines[i] = prefix + e.Error()
		}
		return lines
	}
	var se schema.Errors
	if errors.As(err, &se) {
		lines := make([]string, len(se))
		for i, e := range se {
			lines[i] = prefix + e.Path + ": " + e.Message
		}
		return lines
	}
	return []string{prefix + err.Error()}
}

// problemContext names the document a list of problems belongs to.
type problemContext struct {
	prefix string
	err    error
}

func (e problemContext) Error() string { return e.prefix + ": " + e.err.Error() }
func (e problemContext) Unwrap() error { return e.err }
