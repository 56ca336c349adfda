// Package shell quotes values for the bash scripts camunda-irsa
// generates (the AWS CLI script, the OpenSearch role mapping, the IMDS
// commands), so that every generator quotes the same way and a value
// from the topology is never read as shell syntax.
package shell

import (
	"fmt"
	"text/template"

	"mvdan.cc/sh/v3/syntax"
)

// Quote returns s as one bash word that expands to exactly s, using
// mvdan.cc/sh's quoting: single quotes where they suffice, double quotes
// with backslashes for a string holding a single quote, $'...' for one
// holding a character that is not printable. A string that needs no
// quoting at all is single-quoted too, as syntax.Quote's documentation
// allows: the scripts quote every value the same way, so that a reader
// (and a test) tells a value from the topology from a word of the
// script at a glance. A NUL byte cannot be quoted and is an error.
func Quote(s string) (string, error) {
	q, err := syntax.Quote(s, syntax.LangBash)
	if err != nil {
		return "", fmt.Errorf("quoting %q for bash: %w", s, err)
	}
	if q == s {
		return "'" + s + "'", nil
	}
	return q, nil
}

// Funcs are the template functions of the shell generators: sh quotes a
// value with Quote, and a value it cannot quote fails the template.
func Funcs() template.FuncMap {
	return template.FuncMap{"sh": Quote}
}
