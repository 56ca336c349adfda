package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Validator checks documents against the schemas of this package. It is
// safe for concurrent use.
//
// Each schema is compiled on first use: compiling is the expensive part
// (the library checks every schema against its metaschema, which it
// offers no way to skip for trusted ones), and a caller that checks only
// IAM policies, like `lint POLICY.json`, then pays for that schema only.
// The embedded schemas compile: the tests compile each one.
type Validator struct {
	topology, policy, overlay lazySchema
}

// lazySchema is one embedded schema, compiled once when first needed.
type lazySchema struct {
	id   string
	data []byte
	once sync.Once
	sch  *jsonschema.Schema
	err  error
}

func (l *lazySchema) get() (*jsonschema.Schema, error) {
	l.once.Do(func() { l.sch, l.err = compile(l.id, l.data) })
	return l.sch, l.err
}

func compile(id string, data []byte) (*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("schema %s is not valid JSON: %w", id, err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(id, doc); err != nil {
		return nil, fmt.Errorf("adding schema %s: %w", id, err)
	}
	sch, err := c.Compile(id)
	if err != nil {
		return nil, fmt.Errorf("compiling schema %s: %w", id, err)
	}
	return sch, nil
}

// New returns a Validator of the embedded schemas. Build one and reuse
// it: it compiles each schema once, when it first validates against it.
// The error is always nil; it stays for callers written when New
// compiled everything up front.
func New() (*Validator, error) {
	return &Validator{
		topology: lazySchema{id: TopologyID, data: topologyJSON},
		policy:   lazySchema{id: PolicyID, data: policyJSON},
		overlay:  lazySchema{id: OverlayID, data: overlayJSON},
	}, nil
}

// ValidateTopology checks a topology document. doc is a decoded JSON
// value (see ToJSONValue); YAML decoded with sigs.k8s.io/yaml qualifies.
// A violation is returned as Errors.
func (v *Validator) ValidateTopology(doc any) error { return validate(&v.topology, doc) }

// ValidatePolicy checks an IAM policy document, permission or trust.
func (v *Validator) ValidatePolicy(doc any) error { return validate(&v.policy, doc) }

// ValidateOverlay checks a Helm values overlay.
func (v *Validator) ValidateOverlay(doc any) error { return validate(&v.overlay, doc) }

func validate(l *lazySchema, doc any) error {
	sch, err := l.get()
	if err != nil {
		return err
	}
	err = sch.Validate(doc)
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
