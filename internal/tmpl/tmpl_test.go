package tmpl_test

import (
	"sync"
	"testing"
	"text/template"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/camunda-irsa/camunda-irsa/internal/tmpl"
)

func TestRenderParsesOnceAndRunsConcurrently(t *testing.T) {
	parses := 0
	tpl := tmpl.New("greeting", `{{shout .}}`, func(*template.Template) template.FuncMap {
		parses++
		return template.FuncMap{"shout": func(s string) string { return s + "!" }}
	})
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			out, err := tpl.Render("hello")
			assert.NoError(t, err)
			assert.Equal(t, "hello!", string(out))
		})
	}
	wg.Wait()
	assert.Equal(t, 1, parses)
}

func TestRenderReportsTheTemplate(t *testing.T) {
	_, err := tmpl.New("broken.tmpl", `{{.`, nil).Render(nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "parsing the broken.tmpl template")
	_, err = tmpl.New("missing.tmpl", `{{.Nope}}`, nil).Render(struct{}{})
	assert.ErrorContains(t, err, "rendering missing.tmpl")
}
