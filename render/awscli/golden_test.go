package awscli_test

import (
	"testing"

	"github.com/camunda-irsa/camunda-irsa/internal/golden"
	"github.com/camunda-irsa/camunda-irsa/render/awscli"
)

// TestGolden pins the script of every example under its own chart line:
// IAM does not depend on the line, so every other line must give the same
// bytes instead of keeping a copy per line.
func TestGolden(t *testing.T) {
	golden.Pin(t, golden.Artifact{File: awscli.FileName, Generate: awscli.Render})
}
