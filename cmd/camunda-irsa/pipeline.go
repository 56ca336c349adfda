package main

import (
	"encoding/json"
	"fmt"
	"io"

	"sigs.k8s.io/yaml"

	"github.com/camunda-irsa/camunda-irsa/irsa"
	"github.com/camunda-irsa/camunda-irsa/render"
	"github.com/camunda-irsa/camunda-irsa/schema"
)

// pipeline runs the one-way flow of DESIGN.md: decode, validate, plan,
// render, then check every produced document against its schema before a
// byte is written.
type pipeline struct {
	schemas *schema.Validator
}

func newPipeline() (*pipeline, error) {
	v, err := schema.New()
	if err != nil {
		return nil, fmt.Errorf("compiling schemas: %w", err)
	}
	return &pipeline{schemas: v}, nil
}

// planFile reads a topology (file "-" is stdin) and plans it.
func (p *pipeline) planFile(file string, stdin io.Reader) (*irsa.Plan, error) {
	data, err := readTopology(file, stdin)
	if err != nil {
		return nil, err
	}
	return p.plan(data)
}

// plan decodes and validates a topology and plans its roles. The
// published JSON Schema is checked too, so that it can never accept less
// than the CLI does without a test noticing.
func (p *pipeline) plan(data []byte) (*irsa.Plan, error) {
	t, err := irsa.Decode(data)
	if err != nil {
		return nil, err
	}
	if err := t.Validate(); err != nil {
		return nil, err
	}
	js, err := yaml.YAMLToJSON(data)
	if err != nil {
		return nil, err
	}
	doc, err := schema.ToJSONValue(json.RawMessage(js))
	if err != nil {
		return nil, err
	}
	if err := p.schemas.ValidateTopology(doc); err != nil {
		return nil, problemContext{prefix: "topology schema", err: err}
	}
	return irsa.NewPlan(t)
}

func (p *pipeline) render(plan *irsa.Plan, kind render.Kind, opts render.Options) ([]byte, error) {
	if err := p.check(plan); err != nil {
		return nil, err
	}
	return render.Render(plan, kind, opts)
}

func (p *pipeline) files(plan *irsa.Plan, opts render.Options) ([]render.File, error) {
	if err := p.check(plan); err != nil {
		return nil, err
	}
	return render.Files(plan, opts)
}

// check validates the overlay and every IAM document of the plan. All
// output kinds derive from these, so they are checked whatever is printed.
func (p *pipeline) check(plan *irsa.Plan) error {
	overlay, err := render.Overlay(plan)
	if err != nil {
		return err
	}
	if err := p.validate("values overlay", overlay, p.schemas.ValidateOverlay); err != nil {
		return err
	}
	for _, r := range plan.Roles {
		if err := p.validate("role "+r.Name+" trust policy", r.TrustPolicy, p.schemas.ValidatePolicy); err != nil {
			return err
		}
		if err := p.validate("role "+r.Name+" permission policy", r.PermissionPolicy, p.schemas.ValidatePolicy); err != nil {
			return err
		}
	}
	return nil
}

func (p *pipeline) validate(what string, v any, validate func(any) error) error {
	doc, err := schema.ToJSONValue(v)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if err := validate(doc); err != nil {
		return problemContext{prefix: what, err: err}
	}
	return nil
}
