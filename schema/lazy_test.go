package schema_test

import (
	"errors"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/camunda-irsa/camunda-irsa/schema"
)

// The Validator compiles each schema when it first validates against it,
// so a schema that did not compile would only show there: each must
// answer with a verdict, not a compilation error, and from many
// goroutines at once (go test -race).
func TestEverySchemaCompilesOnFirstUse(t *testing.T) {
	v := newValidator(t)
	var wg sync.WaitGroup
	for range 8 {
		for _, validate := range []func(any) error{v.ValidateTopology, v.ValidatePolicy, v.ValidateOverlay} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				err := validate(map[string]any{"unknown": true})
				var errs schema.Errors
				assert.True(t, err == nil || errors.As(err, &errs), "want a verdict, got %T: %v", err, err)
			}()
		}
	}
	wg.Wait()
}
