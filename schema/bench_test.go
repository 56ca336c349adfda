package schema_test

import (
	"testing"

	"github.com/camunda-irsa/camunda-irsa/schema"
)

// BenchmarkSchemaNew is what a process pays for the schemas: New and the
// compilation of each schema it validates against. "all" is render's
// case (topology, overlay, policies), "policy" that of `lint POLICY.json`.
//
//	go test ./schema -run '^$' -bench BenchmarkSchemaNew -count 10
func BenchmarkSchemaNew(b *testing.B) {
	doc := map[string]any{}
	for _, c := range []struct {
		name     string
		validate func(*schema.Validator) []func(any) error
	}{
		{"all", func(v *schema.Validator) []func(any) error {
			return []func(any) error{v.ValidateTopology, v.ValidateOverlay, v.ValidatePolicy}
		}},
		{"policy", func(v *schema.Validator) []func(any) error { return []func(any) error{v.ValidatePolicy} }},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				v, err := schema.New()
				if err != nil {
					b.Fatal(err)
				}
				for _, validate := range c.validate(v) {
					_ = validate(doc) // an empty object: invalid, but it compiles the schema
				}
			}
		})
	}
}
