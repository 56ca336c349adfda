// Package tmpl runs the text/template files the renderers embed: each is
// parsed once, when first used, and executed into bytes. A parsed
// template is safe to execute from several goroutines at once.
package tmpl

import (
	"bytes"
	"fmt"
	"sync"
	"text/template"
)

// Template is an embedded template, parsed on first use.
type Template struct {
	name  string
	parse func() (*template.Template, error)
}

// New returns the template named name with source text. funcs, when not
// nil, gives the functions the template calls; it receives the template
// itself, for functions that execute parts of it.
func New(name, text string, funcs func(*template.Template) template.FuncMap) *Template {
	return &Template{name: name, parse: sync.OnceValues(func() (*template.Template, error) {
		t := template.New(name)
		if funcs != nil {
			t.Funcs(funcs(t))
		}
		if _, err := t.Parse(text); err != nil {
			return nil, fmt.Errorf("parsing the %s template: %w", name, err)
		}
		return t, nil
	})}
}

// Render executes the template with data.
func (t *Template) Render(data any) ([]byte, error) {
	parsed, err := t.parse()
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := parsed.Execute(&b, data); err != nil {
		return nil, fmt.Errorf("rendering %s: %w", t.name, err)
	}
	return b.Bytes(), nil
}
