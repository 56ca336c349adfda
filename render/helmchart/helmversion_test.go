package helmchart

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/yaml"
)

// Camunda's chart 8.10 (15.x) fails unless .Capabilities.HelmVersion is 4
// or later. The helm4-only chart has the same guard; rendering it through
// Render shows what the SDK reports when linked as a library, where no
// release ldflags set its version.
func TestCapabilitiesHelmVersionIsHelm4(t *testing.T) {
	tests := []struct {
		name string
		// before sets helmVersion, which replaces the SDK's version in the
		// chart's guard; empty keeps the SDK's.
		before  string
		want    string // regexp the rendered version matches
		wantErr string
	}{
		{name: "the SDK's own version", want: `^v4\.[0-9]+`},
		{name: "a Helm 4 release version", before: "helmVersion: v4.3.1", want: `^v4\.3\.1$`},
		{name: "a Helm 3 version fails the guard", before: "helmVersion: v3.22.0",
			wantErr: "this chart requires Helm 4 or later, got v3.22.0"},
	}
	c, err := LoadChart(filepath.Join("testdata", "helm4-only"))
	require.NoError(t, err)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Render(c, Input{Before: []ValuesFile{file("before.yaml", tt.before)}, Overlay: file("overlay.yaml", "")},
				Options{Namespace: "camunda"})
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			cm := manifest(t, r, "ConfigMap", "camunda-helm-version")
			var got struct {
				Data map[string]string `json:"data"`
			}
			require.NoError(t, yaml.Unmarshal([]byte(cm.Content), &got))
			assert.Regexp(t, tt.want, got.Data["helmVersion"])
		})
	}
}
