package fullcli

import (
	"fmt"

	"sigs.k8s.io/yaml"

	"github.com/camunda-irsa/camunda-irsa/internal/cli"
	"github.com/camunda-irsa/camunda-irsa/render"
	"github.com/camunda-irsa/camunda-irsa/render/helmchart"
)

// mergeValues writes the overlay with the user's --values files merged
// in (see helmchart.MergeBefore), warning on stderr about what the overlay
// overrides.
func mergeValues(overlayYAML []byte, paths []string, s *cli.Streams) ([]byte, error) {
	before, err := readValuesFiles(paths)
	if err != nil {
		return nil, err
	}
	overlay, err := parseOverlay(overlayYAML)
	if err != nil {
		return nil, err
	}
	merged, warnings, err := helmchart.MergeBefore(overlay, before)
	if err != nil {
		return nil, err
	}
	out, err := yaml.Marshal(merged)
	if err != nil {
		return nil, fmt.Errorf("encoding merged overlay: %w", err)
	}
	for _, w := range warnings {
		s.Warn(w)
	}
	return append([]byte(render.GeneratedHeader), out...), nil
}
