package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"helm.sh/helm/v3/pkg/plugin"
)

// TestHelmPluginManifest loads plugin.yaml the way `helm plugin install`
// does, so a manifest Helm would reject fails here first.
func TestHelmPluginManifest(t *testing.T) {
	p, err := plugin.LoadDir("../..")
	require.NoError(t, err)
	assert.Equal(t, "camunda-irsa", p.Metadata.Name)
	assert.Equal(t, "$HELM_PLUGIN_DIR/bin/camunda-irsa", p.Metadata.Command)
	assert.Contains(t, p.Metadata.Hooks["install"], "go build -o bin/camunda-irsa ./cmd/camunda-irsa")
}
