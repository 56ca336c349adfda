package sql_test

import (
	"testing"

	"github.com/camunda-irsa/camunda-irsa/internal/golden"
	"github.com/camunda-irsa/camunda-irsa/render/sql"
)

// TestGolden pins the artifact of every example on every chart line it
// is valid for.
func TestGolden(t *testing.T) {
	golden.Pin(t, golden.Artifact{File: sql.FileName, Generate: sql.Generate, NotApplicable: []error{sql.ErrNoDatabases}})
}
