package cli

import (
	"fmt"
	"io"
	"os"

	"github.com/camunda-irsa/camunda-irsa/irsa"
	"github.com/camunda-irsa/camunda-irsa/lint"
)

// PlanFile reads a topology (file "-" is standard input) and plans it:
// decoding and validation in one pass, every problem at once. The
// statements the user writes for connectors must pass lint --strict, as
// camunda-irsa's own documents do. What the plan has to say beside its
// result (notes on values it read in another form, warnings on what is
// deprecated) goes to standard error.
func PlanFile(file string, s *Streams) (*irsa.Plan, error) {
	data, err := readTopology(file, s.In)
	if err != nil {
		return nil, err
	}
	p, err := irsa.Load(data)
	if err != nil {
		return nil, err
	}
	if errs := lint.UserStatements(p, lint.Options{}); len(errs) > 0 {
		return nil, errs
	}
	for _, n := range p.Notes() {
		s.Note(n)
	}
	for _, w := range p.Warnings() {
		s.Warn(w)
	}
	return p, nil
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
