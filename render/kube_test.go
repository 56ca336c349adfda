package render_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"

	"github.com/camunda-irsa/camunda-irsa/render"
)

// The Kubernetes types of package render hold what k8s.io/api's hold
// under the same names: every field set, decoded strictly into
// k8s.io/api's type and encoded again, is the same JSON.
func TestKubernetesTypesMatchK8sAPI(t *testing.T) {
	meta := render.ObjectMeta{Name: "n", Namespace: "ns", Labels: map[string]string{"l": "1"}, Annotations: map[string]string{"a": "2"}}
	for name, tc := range map[string]struct {
		ours, theirs any
	}{
		"ServiceAccount": {render.ServiceAccountManifest{TypeMeta: render.TypeMeta{APIVersion: "v1", Kind: "ServiceAccount"}, ObjectMeta: meta},
			&corev1.ServiceAccount{}},
		"Secret": {render.Secret{TypeMeta: render.TypeMeta{APIVersion: "v1", Kind: "Secret"}, ObjectMeta: meta, Type: "Opaque",
			StringData: map[string]string{"k": "v"}}, &corev1.Secret{}},
		"EnvVar":      {render.EnvVar{Name: "N", Value: "v"}, &corev1.EnvVar{}},
		"VolumeMount": {render.VolumeMount{Name: "n", MountPath: "/m", SubPath: "s"}, &corev1.VolumeMount{}},
	} {
		t.Run(name, func(t *testing.T) {
			ours, err := json.Marshal(tc.ours)
			require.NoError(t, err)
			require.NoError(t, yaml.UnmarshalStrict(ours, tc.theirs), "k8s.io/api knows every field")
			theirs, err := json.Marshal(tc.theirs)
			require.NoError(t, err)
			assert.JSONEq(t, string(ours), withoutEmptyMetadata(t, theirs), "k8s.io/api reads every field under its name")
		})
	}
}

// withoutEmptyMetadata drops the creationTimestamp: null k8s.io/api's
// ObjectMeta always encodes.
func withoutEmptyMetadata(t *testing.T, doc []byte) string {
	t.Helper()
	var v map[string]any
	require.NoError(t, json.Unmarshal(doc, &v))
	if m, ok := v["metadata"].(map[string]any); ok {
		delete(m, "creationTimestamp")
	}
	out, err := json.Marshal(v)
	require.NoError(t, err)
	return string(out)
}

// Every ServiceAccount, Secret and Keycloak ServiceAccount pinned in
// golden/ decodes strictly into k8s.io/api's types.
func TestGoldenObjectsDecodeAsK8sAPI(t *testing.T) {
	files, err := filepath.Glob("../golden/*/*.yaml")
	require.NoError(t, err)
	decoded := map[string]int{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		for _, doc := range bytes.Split(data, []byte("\n---\n")) {
			var head struct{ Kind string }
			require.NoError(t, yaml.Unmarshal(doc, &head), f)
			var obj any
			switch head.Kind {
			case "ServiceAccount":
				obj = &corev1.ServiceAccount{}
			case "Secret":
				obj = &corev1.Secret{}
			default:
				continue
			}
			require.NoError(t, yaml.UnmarshalStrict(doc, obj), "%s: %s", f, strings.SplitN(string(doc), "\n", 2)[0])
			decoded[head.Kind]++
		}
	}
	assert.Positive(t, decoded["ServiceAccount"], "golden/ has ServiceAccounts")
	assert.Positive(t, decoded["Secret"], "golden/ has Secrets")
}
