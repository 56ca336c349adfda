package irsa

import (
	"errors"
	"fmt"
	"strings"
)

// FieldError is one problem with a topology, located by its field path
// (aws.accountID, components.keycloak.serviceAccount).
type FieldError struct {
	Path    string
	Message string
}

func (e FieldError) Error() string {
	if e.Path == "" {
		return e.Message
	}
	return e.Path + ": " + e.Message
}

// FieldErrors is every problem found in one pass, in the order of the
// fields in the file format.
type FieldErrors []FieldError

func (e FieldErrors) Error() string {
	lines := make([]string, len(e))
	for i, fe := range e {
		lines[i] = fe.Error()
	}
	return strings.Join(lines, "\n")
}

// AsFieldErrors extracts the field errors from err, if it carries any.
func AsFieldErrors(err error) (FieldErrors, bool) {
	var fe FieldErrors
	if errors.As(err, &fe) {
		return fe, true
	}
	return nil, false
}

// collector gathers field errors; its zero value is ready to use.
type collector struct{ errs FieldErrors }

func (c *collector) add(path, format string, args ...any) {
	c.errs = append(c.errs, FieldError{Path: path, Message: fmt.Sprintf(format, args...)})
}

// finish returns the problems found, leaving out those of fields whose
// value decoding already refused: a number given for a string field is
// reported as such, not again as an empty value.
func (c *collector) finish(decoded FieldErrors) error {
	refused := map[string]bool{}
	for _, e := range decoded {
		refused[e.Path] = true
		// cluster and clusters are two spellings of one field: either
		// one refused leaves "cluster is required" nothing to add.
		if e.Path == "clusters" || e.Path == "cluster" {
			refused["cluster"], refused["clusters"] = true, true
		}
	}
	out := c.errs[:0:0]
	for i, e := range c.errs {
		if i >= len(decoded) && underAny(e.Path, refused) {
			continue
		}
		out = append(out, e)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// underAny reports whether path is one of the paths or inside one.
func underAny(path string, paths map[string]bool) bool {
	for p := range paths {
		if path == p || strings.HasPrefix(path, p+".") || strings.HasPrefix(path, p+"[") {
			return true
		}
	}
	return false
}
