package main

import (
	"fmt"
	"io"
	"os"

	"github.com/camunda-irsa/camunda-irsa/irsa"
)

// planFile reads a topology (file "-" is standard input) and plans it:
// decoding and validation in one pass, every problem at once.
func planFile(file string, stdin io.Reader) (*irsa.Plan, error) {
	data, err := readTopology(file, stdin)
	if err != nil {
		return nil, err
	}
	return irsa.Load(data)
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
