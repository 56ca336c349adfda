package lint_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/camunda-irsa/camunda-irsa/irsa"
	"github.com/camunda-irsa/camunda-irsa/lint"
)

func connectorsPlan(t *testing.T, statements ...irsa.UserStatement) *irsa.Plan {
	t.Helper()
	p, err := irsa.NewPlan(irsa.Topology{
		APIVersion: irsa.APIVersion, Kind: irsa.Kind, Chart: irsa.ChartLineNames()[1], Namespace: "camunda",
		AWS:     irsa.AWS{AccountID: "123456789012", Region: "eu-central-1"},
		Cluster: irsa.Cluster{Name: "camunda", OIDCIssuer: "https://oidc.eks.eu-central-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF"},
		Components: irsa.Components{Connectors: &irsa.ConnectorsComponent{ServiceAccount: "connectors-sa",
			Statements: statements}},
	})
	require.NoError(t, err)
	return p
}

// TestUserStatementsAreLintedStrictly: what the user writes for the
// connectors role is held to lint --strict, each finding at the path of
// its statement; clean statements give nothing.
func TestUserStatementsAreLintedStrictly(t *testing.T) {
	clean := irsa.UserStatement{Sid: "Invoke", Actions: []string{"lambda:InvokeFunction"},
		Resources: []string{"arn:aws:lambda:eu-central-1:123456789012:function:camunda-*"}}
	assert.Empty(t, lint.UserStatements(connectorsPlan(t, clean), lint.Options{}))

	errs := lint.UserStatements(connectorsPlan(t, clean,
		irsa.UserStatement{Actions: []string{"s3:*"}, Resources: []string{"*"}},
		irsa.UserStatement{Sid: "Other", Actions: []string{"sqs:SendMessage"}, Resources: []string{"arn:aws:sqs:eu-west-1:999999999999:q"}},
	), lint.Options{})
	require.NotEmpty(t, errs)
	paths := map[string]bool{}
	for _, e := range errs {
		paths[e.Path] = true
		assert.Regexp(t, `^(ERROR|SECURITY_WARNING|WARNING|SUGGESTION) IAM\d{3}-`, e.Message)
	}
	assert.Equal(t, map[string]bool{"components.connectors.statements[1]": true, "components.connectors.statements[2]": true}, paths)
}
