package terraform_test

import (
	"testing"

	"github.com/camunda-irsa/camunda-irsa/internal/golden"
	"github.com/camunda-irsa/camunda-irsa/render/terraform"
)

// TestGolden pins the configuration of every example once: IAM does not
// depend on the chart line, and golden.Pin checks that every other line
// gives the same bytes.
func TestGolden(t *testing.T) {
	golden.Pin(t, golden.Artifact{File: "main.tf", Generate: terraform.Render})
}
