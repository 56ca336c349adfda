package schema

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Validator checks documents against the schemas of this package. It is
// immutable once built and safe for concurrent use.
type Validator struct {
	topology *jsonschema.Schema
	policy   *jsonschema.Schema
	overlay  *jsonschema.Schema
}

// New compiles the embedded schemas. Compiling is the expensive part, so
// build one Validator and reuse it.
func New() (*Validator, error) {
	c := jsonschema.NewCompiler()
	docs := []struct {
		id   string
		data []byte
	}{
		{TopologyID, topologyJSON},
		{PolicyID, policyJSON},
		{OverlayID, overlayJSON},
	}
	for _, d := range docs {
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(d.data))
		if err != nil {
			return nil, fmt.Errorf("schema %s is not valid JSON: %w", d.id, err)
		}
		if err := c.AddResource(d.id, doc); err != nil {
			return nil, fmt.Errorf("adding schema %s: %w", d.id, err)
		}
	}
	var v Validator
	for _, s := range []struct {
		id  string
		dst **jsonschema.Schema
	}{
		{TopologyID, &v.topology},
		{PolicyID, &v.policy},
		{OverlayID, &v.overlay},
	} {
		sch, err := c.Compile(s.id)
		if err != nil {
			return nil, fmt.Errorf("compiling schema %s: %w", s.id, err)
		}
		*s.dst = sch
	}
	return &v, nil
}

// ValidateTopology checks a topology document. doc is a decoded JSON
// value (see ToJSONValue); YAML decoded with sigs.k8s.io/yaml qualifies.
// A violation is returned as Errors.
func (v *Validator) ValidateTopology(doc any) error { return validate(v.topology, doc) }

// ValidatePolicy checks an IAM policy document, permission or trust.
func (v *Validator) ValidatePolicy(doc any) error { return validate(v.policy, doc) }

// ValidateOverlay checks a Helm values overlay.
func (v *Validator) ValidateOverlay(doc any) error { return validate(v.overlay, doc) }

func validate(sch *jsonschema.Schema, doc any) error {
	err := sch.Validate(doc)
	if err == nil {
		return nil
	}
	verr, ok := err.(*jsonschema.ValidationError)
	if !ok {
		return err
	}
	if errs := flatten(doc, verr); len(errs) > 0 {
		return errs
	}
	return verr
}

// ToJSONValue converts a Go value (a struct, a map, an irsa.PolicyDocument)
// into the form the validator reads: it marshals v with encoding/json, so
// json tags and MarshalJSON methods apply exactly as in the output, and
// decodes the result into maps, slices and json.Number.
func ToJSONValue(v any) (any, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encoding %T as JSON: %w", v, err)
	}
	return jsonschema.UnmarshalJSON(bytes.NewReader(b))
}
