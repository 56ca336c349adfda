package sql_test

import (
	"testing"

	"github.com/camunda-irsa/camunda-irsa/internal/golden"
	"github.com/camunda-irsa/camunda-irsa/render/sql"
)

// TestGolden pins the script of every example that has Aurora
// components; it does not depend on the chart line.
func TestGolden(t *testing.T) {
	golden.Pin(t, golden.Artifact{File: sql.FileName, Generate: sql.Render, NotApplicable: []error{sql.ErrNoDatabases}})
}
