package main

import (
	// Every test package accepts -update, so that go test ./... -update works.
	_ "github.com/camunda-irsa/camunda-irsa/internal/golden"

	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLibraryExampleWritesOverlay(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out))
	assert.Contains(t, out.String(), "# role arn:aws:iam::123456789012:role/camunda-keycloak trusted by [camunda:keycloak-sa]\n")
	assert.Contains(t, out.String(), "eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/camunda-identity\n")
	assert.Contains(t, out.String(), "value: jdbc:aws-wrapper:postgresql://camunda.cluster-c1a2b3c4d5e6.eu-central-1.rds.amazonaws.com:5432/identity?wrapperPlugins=iam\n")
}
