package lint

import (
	"regexp"
	"sync"
)

// pattern is a regular expression compiled on first use: render links
// lint to check the statements users write, and should not compile every
// pattern of the linter when it starts.
type pattern struct{ compiled func() *regexp.Regexp }

func lazyPattern(expr string) pattern {
	return pattern{sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })}
}

func (p pattern) MatchString(s string) bool { return p.compiled().MatchString(s) }

func (p pattern) FindStringSubmatch(s string) []string { return p.compiled().FindStringSubmatch(s) }
