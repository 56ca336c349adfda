package helmchart

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	chart "helm.sh/helm/v4/pkg/chart/v2"
)

// SchemaError is one value that violates a chart's values.schema.json.
type SchemaError struct {
	// Chart is the chart (or subchart alias) whose schema was violated.
	Chart string
	// Path is the value's key path from the top of the values, e.g.
	// identity.externalDatabase.port.
	Path    string
	Message string
}

func (e SchemaError) Error() string {
	return fmt.Sprintf("%s: %s (values.schema.json of %s)", e.Path, e.Message, e.Chart)
}

// SchemaErrors is every schema violation of one render, sorted by path.
type SchemaErrors []SchemaError

func (e SchemaErrors) Error() string {
	lines := make([]string, len(e))
	for i, se := range e {
		lines[i] = "  " + se.Error()
	}
	return "values do not meet the chart's schema:\n" + strings.Join(lines, "\n")
}

// validateSchemas does what Helm's ValidateAgainstSchema
// (pkg/chart/common/util) does (the chart's schema on all values, then
// each enabled subchart's schema on the values under its alias) but
// reports every violation with its key path instead of one text blob,
// which is all Helm's error gives.
func validateSchemas(ch *chart.Chart, values map[string]any) error {
	var errs SchemaErrors
	if err := validateChart(ch, values, nil, &errs); err != nil {
		return err
	}
	if len(errs) == 0 {
		return nil
	}
	sort.SliceStable(errs, func(i, j int) bool { return errs[i].Path < errs[j].Path })
	return errs
}

func validateChart(ch *chart.Chart, values map[string]any, prefix keyPath, errs *SchemaErrors) error {
	if len(ch.Schema) > 0 {
		if err := validateOne(ch, values, prefix, errs); err != nil {
			return err
		}
	}
	for _, sub := range ch.Dependencies() {
		raw, ok := values[sub.Name()]
		if !ok || raw == nil {
			continue
		}
		subValues, ok := raw.(map[string]any)
		if !ok {
			*errs = append(*errs, SchemaError{Chart: sub.Name(), Path: prefix.child(sub.Name()).String(),
				Message: fmt.Sprintf("must be a map of the subchart's values, got %s", describe(raw))})
			continue
		}
		if err := validateChart(sub, subValues, prefix.child(sub.Name()), errs); err != nil {
			return err
		}
	}
	return nil
}

// schemaURL is where the schema is registered, as Helm registers it. Only
// file: and urn: references resolve, so validation never reaches the
// network; Helm 4 would also fetch http(s) references, which here fail to
// compile with an error naming the chart.
const schemaURL = "file:///values.schema.json"

func validateOne(ch *chart.Chart, values map[string]any, prefix keyPath, errs *SchemaErrors) error {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(ch.Schema))
	if err != nil {
		return fmt.Errorf("reading values.schema.json of %s: %w", ch.Name(), err)
	}
	c := jsonschema.NewCompiler()
	c.UseLoader(jsonschema.SchemeURLLoader{"file": jsonschema.FileLoader{}, "urn": permissiveURNLoader{}})
	if err := c.AddResource(schemaURL, doc); err != nil {
		return fmt.Errorf("reading values.schema.json of %s: %w", ch.Name(), err)
	}
	sch, err := c.Compile(schemaURL)
	if err != nil {
		return fmt.Errorf("compiling values.schema.json of %s: %w", ch.Name(), err)
	}
	err = sch.Validate(values)
	if err == nil {
		return nil
	}
	ve, ok := err.(*jsonschema.ValidationError)
	if !ok {
		return fmt.Errorf("validating values against values.schema.json of %s: %w", ch.Name(), err)
	}
	p := message.NewPrinter(language.English)
	seen := map[string]bool{}
	for _, leaf := range leafErrors(ve) {
		se := SchemaError{
			Chart:   ch.Name(),
			Path:    pathOrTop(append(append(keyPath{}, prefix...), leaf.InstanceLocation...)),
			Message: leaf.ErrorKind.LocalizedString(p),
		}
		if key := se.Path + "\x00" + se.Message; !seen[key] {
			seen[key] = true
			*errs = append(*errs, se)
		}
	}
	return nil
}

// leafErrors are the innermost causes, the ones that say what is wrong
// where; the outer ones only say that a subschema failed.
func leafErrors(e *jsonschema.ValidationError) []*jsonschema.ValidationError {
	if len(e.Causes) == 0 {
		return []*jsonschema.ValidationError{e}
	}
	var out []*jsonschema.ValidationError
	for _, c := range e.Causes {
		out = append(out, leafErrors(c)...)
	}
	return out
}

func pathOrTop(p keyPath) string {
	if len(p) == 0 {
		return "(top level)"
	}
	return p.String()
}

// permissiveURNLoader mirrors Helm: an unresolved urn: reference is the
// schema that accepts everything rather than an error.
type permissiveURNLoader struct{}

func (permissiveURNLoader) Load(string) (any, error) {
	return jsonschema.UnmarshalJSON(strings.NewReader("true"))
}
