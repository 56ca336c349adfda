package bundle_test

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/yaml"

	"github.com/camunda-irsa/camunda-irsa/internal/golden"
	"github.com/camunda-irsa/camunda-irsa/irsa"
	"github.com/camunda-irsa/camunda-irsa/render/bundle"
)

// shuffledJSON writes v as JSON with every object's keys in a random
// order, so a decoder that depended on key order would show it.
func shuffledJSON(buf *bytes.Buffer, v any, rng *rand.Rand) {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		rng.Shuffle(len(keys), func(i, j int) { keys[i], keys[j] = keys[j], keys[i] })
		buf.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				buf.WriteByte(',')
			}
			kb, _ := json.Marshal(k)
			buf.Write(kb)
			buf.WriteByte(':')
			shuffledJSON(buf, x[k], rng)
		}
		buf.WriteByte('}')
	case []any:
		buf.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				buf.WriteByte(',')
			}
			shuffledJSON(buf, e, rng)
		}
		buf.WriteByte(']')
	default:
		b, _ := json.Marshal(x)
		buf.Write(b)
	}
}

func renderAll(data []byte) ([]bundle.File, error) {
	plan, err := irsa.Load(data)
	if err != nil {
		return nil, err
	}
	return bundle.Files(plan, bundle.Options{})
}

// TestDeterministicAcrossGoroutinesAndKeyOrder renders every example many
// times concurrently, each time from a copy of the topology whose keys are
// shuffled, and expects the same bytes every time.
func TestDeterministicAcrossGoroutinesAndKeyOrder(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join(golden.Root(t), "examples", "*.yaml"))
	require.NoError(t, err)
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			require.NoError(t, err)
			want, err := renderAll(data)
			require.NoError(t, err)
			var doc any
			require.NoError(t, yaml.Unmarshal(data, &doc))

			const runs = 50
			got := make([][]bundle.File, runs)
			errs := make([]error, runs)
			var wg sync.WaitGroup
			for i := range runs {
				var buf bytes.Buffer
				shuffledJSON(&buf, doc, rand.New(rand.NewPCG(uint64(i), 7)))
				input := buf.Bytes()
				wg.Add(1)
				go func() {
					defer wg.Done()
					got[i], errs[i] = renderAll(input)
				}()
			}
			wg.Wait()
			for i := range runs {
				require.NoError(t, errs[i], "run %d", i)
				require.Equal(t, want, got[i], "run %d", i)
			}
		})
	}
}

func TestUnknownKind(t *testing.T) {
	plan, err := irsa.NewPlan(golden.Topologies(t)["full"])
	require.NoError(t, err)
	_, err = bundle.Render(plan, "helmfile", bundle.Options{})
	assert.ErrorContains(t, err, `unknown output kind "helmfile"`)
}

// TestEveryKindRefusesAPlanNewPlanDidNotMake: nil and zero plans are an
// error from every kind and from the bundle, never a panic.
func TestEveryKindRefusesAPlanNewPlanDidNotMake(t *testing.T) {
	for _, p := range []*irsa.Plan{nil, {}} {
		for _, kind := range bundle.Kinds() {
			out, err := bundle.Render(p, kind, bundle.Options{})
			assert.ErrorIs(t, err, irsa.ErrNoPlan, kind)
			assert.Nil(t, out, kind)
		}
		files, err := bundle.Files(p, bundle.Options{})
		assert.ErrorIs(t, err, irsa.ErrNoPlan)
		assert.Nil(t, files)
	}
}
