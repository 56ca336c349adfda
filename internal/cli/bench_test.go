package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/camunda-irsa/camunda-irsa/irsa"
	"github.com/camunda-irsa/camunda-irsa/render/bundle"
)

// renderOutDir is what `render -f FILE --out-dir DIR` does: plan
// (decode and validate), check the target, render every artifact, write
// the directory.
func renderOutDir(data []byte, dir string) error {
	plan, err := irsa.Load(data)
	if err != nil {
		return err
	}
	w := newDirWriter(false)
	if err := w.check(dir); err != nil {
		return err
	}
	files, err := bundle.Files(plan, bundle.Options{})
	if err != nil {
		return err
	}
	return w.write(dir, files)
}

// BenchmarkPipeline is the in-memory part of `render --out-dir` for
// examples/full.yaml: decode, validate, plan, and every file of the
// bundle.
//
//	go test ./internal/cli -run '^$' -bench BenchmarkPipeline -count 10
func BenchmarkPipeline(b *testing.B) {
	data, err := os.ReadFile(fullExample)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		plan, err := irsa.Load(data)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := bundle.Files(plan, bundle.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// scaleTopologies derives n distinct valid topologies from
// examples/full.yaml, each with its own cluster name, namespace and AWS
// account, so no two share a role name or ARN.
func scaleTopologies(b *testing.B, n int) [][]byte {
	b.Helper()
	data, err := os.ReadFile(fullExample)
	if err != nil {
		b.Fatal(err)
	}
	src := string(data)
	// Each of these lines occurs exactly once in the example.
	for _, line := range []string{"\nnamespace: camunda\n", "\n  accountID: \"123456789012\"\n", "\n  name: camunda\n"} {
		if strings.Count(src, line) != 1 {
			b.Fatalf("examples/full.yaml no longer has exactly one %q", line)
		}
	}
	out := make([][]byte, n)
	for i := range out {
		out[i] = []byte(strings.NewReplacer(
			"\nnamespace: camunda\n", fmt.Sprintf("\nnamespace: team-%04d\n", i),
			"\n  accountID: \"123456789012\"\n", fmt.Sprintf("\n  accountID: \"%012d\"\n", 100000000000+i),
			"\n  name: camunda\n", fmt.Sprintf("\n  name: cluster-%04d\n", i),
		).Replace(src))
	}
	return out
}

// BenchmarkScale renders N generated topologies into N out-dirs through
// the code path of `render --out-dir`. ns/op should grow linearly with N,
// that is ns/topology stay flat. The directories of an iteration are
// removed outside the timer.
//
// The out-dirs are under $TMPDIR: on a disk file system the figure
// includes its cost of creating some twenty files and directories per
// topology, which need not stay linear (on ext4 it grows with N); on
// tmpfs it is the program's:
//
//	TMPDIR=/dev/shm go test ./internal/cli -run '^$' -bench BenchmarkScale -count 6
func BenchmarkScale(b *testing.B) {
	for _, n := range []int{1, 10, 100, 1000} {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			tops := scaleTopologies(b, n)
			root := b.TempDir()
			b.ReportAllocs()
			for b.Loop() {
				parent, err := os.MkdirTemp(root, "run-")
				if err != nil {
					b.Fatal(err)
				}
				for i, data := range tops {
					if err := renderOutDir(data, filepath.Join(parent, fmt.Sprintf("out-%04d", i))); err != nil {
						b.Fatal(err)
					}
				}
				b.StopTimer()
				if err := os.RemoveAll(parent); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/topology")
		})
	}
}
