package main

import (
	"fmt"
	"io"
	"os"

	"github.com/camunda-irsa/camunda-irsa/irsa"
	"github.com/camunda-irsa/camunda-irsa/lint"
)

// planFile reads a topology (file "-" is standard input) and plans it:
// decoding and validation in one pass, every problem at once. The
// statements the user writes for connectors must pass lint --strict, as
// camunda-irsa's own documents do.
func planFile(file string, stdin io.Reader) (*irsa.Plan, error) {
	data, err := readTopology(file, stdin)
	if err != nil {
		return nil, err
	}
	plan, err := irsa.Load(data)
	if err != nil {
		return nil, err
	}
	if errs := lint.UserStatements(plan, lint.Options{}); len(errs) > 0 {
		return nil, errs
	}
	return plan, nil
}

// readTopology reads at most one byte more than a topology may have, so
// that an oversized input is refused without reading all of it.
func readTopology(file string, stdin io.Reader) ([]byte, error) {
	r := stdin
	if file != "-" {
		f, err := os.Open(file)
		if err != nil {
			return nil, fmt.Errorf("reading topology: %w", err)
		}
		defer f.Close()
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, irsa.MaxTopologyBytes+1))
	if err != nil {
		return nil, fmt.Errorf("reading topology %s: %w", file, err)
	}
	return data, nil
}
