package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/camunda-irsa/camunda-irsa/render"
)

// renderOutDir is what `render -f FILE --out-dir DIR` does once the
// schemas are compiled: plan (decode, validate, schema check), check the
// target, render and check every artifact, write the directory.
func renderOutDir(p *pipeline, data []byte, dir string) error {
	plan, err := p.plan(data)
	if err != nil {
		return err
	}
	w := newDirWriter(false)
	if err := w.check(dir); err != nil {
		return err
	}
	files, err := p.files(plan, render.Options{})
	if err != nil {
		return err
	}
	return w.write(dir, files)
}

// BenchmarkPipeline is the in-memory part of `render --out-dir` for
// examples/full.yaml: decode, validate, plan, the schema checks of the
// topology, the overlay and every policy, and every file of the bundle.
// The Validator is compiled once, before the loop.
//
//	go test ./cmd/camunda-irsa -run '^$' -bench BenchmarkPipeline -count 10
func BenchmarkPipeline(b *testing.B) {
	data, err := os.ReadFile(fullExample)
	if err != nil {
		b.Fatal(err)
	}
	p := compiledPipeline(b)
	b.ReportAllocs()
	for b.Loop() {
		plan, err := p.plan(data)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := p.files(plan, render.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// compiledPipeline is a pipeline whose Validator has compiled every
// schema (it does so on first use), so that no loop pays for that.
func compiledPipeline(b *testing.B) *pipeline {
	b.Helper()
	p, err := newPipeline()
	if err != nil {
		b.Fatal(err)
	}
	data, err := os.ReadFile(fullExample)
	if err != nil {
		b.Fatal(err)
	}
	plan, err := p.plan(data)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := p.files(plan, render.Options{}); err != nil {
		b.Fatal(err)
	}
	return p
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
// the code path of `render --out-dir`, with one Validator for all of
// them, as a long-lived caller would. ns/op should grow linearly with N,
// that is ns/topology stay flat. The directories of an iteration are
// removed outside the timer.
//
// The out-dirs are under $TMPDIR: on a disk file system the figure
// includes its cost of creating some twenty files and directories per
// topology, which need not stay linear (on ext4 it grows with N); on
// tmpfs it is the program's:
//
//	TMPDIR=/dev/shm go test ./cmd/camunda-irsa -run '^$' -bench BenchmarkScale -count 6
func BenchmarkScale(b *testing.B) {
	p := compiledPipeline(b)
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
					if err := renderOutDir(p, data, filepath.Join(parent, fmt.Sprintf("out-%04d", i))); err != nil {
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
