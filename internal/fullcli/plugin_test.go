package fullcli

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	helmcmd "helm.sh/helm/v4/pkg/cmd"
	"sigs.k8s.io/yaml"
)

// asHelmEnv makes the test binary run as the helm CLI (see TestMain).
// Helm 4's plugin loader is internal and reads HELM_PLUGINS once, when its
// command package is initialised, so the only way to point it at this
// repository is a fresh process with the variable already set.
const asHelmEnv = "CAMUNDA_IRSA_TEST_AS_HELM"

func TestMain(m *testing.M) {
	if os.Getenv(asHelmEnv) == "1" {
		os.Exit(runHelm(os.Args[1:]))
	}
	os.Exit(m.Run())
}

// runHelm is the helm CLI of the Helm SDK in go.mod, as cmd/helm runs it.
func runHelm(args []string) int {
	cmd, err := helmcmd.NewRootCmd(os.Stdout, args, func(bool) {})
	if err != nil {
		os.Stderr.WriteString(err.Error() + "\n")
		return 1
	}
	cmd.SetArgs(args)
	if err := cmd.Execute(); err != nil {
		return 1
	}
	return 0
}

// helm runs the Helm 4 CLI with plugins installed in pluginsDir and
// Helm's other homes in a temporary directory, and returns its output.
func helm(t *testing.T, pluginsDir string, args ...string) string {
	t.Helper()
	exe, err := os.Executable()
	require.NoError(t, err)
	home := t.TempDir()
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), asHelmEnv+"=1", "HELM_PLUGINS="+pluginsDir,
		"HELM_CACHE_HOME="+filepath.Join(home, "cache"), "HELM_CONFIG_HOME="+filepath.Join(home, "config"),
		"HELM_DATA_HOME="+filepath.Join(home, "data"), "KUBECONFIG="+filepath.Join(home, "kubeconfig"))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Run(), "helm %s: %s", strings.Join(args, " "), stderr.String())
	return stdout.String()
}

// TestHelmPluginManifest installs this repository as a plugin the way
// `helm plugin install` leaves it (a directory under HELM_PLUGINS) and
// has Helm 4 load it: a plugin.yaml Helm would reject or not offer as a
// command fails here first.
func TestHelmPluginManifest(t *testing.T) {
	root, err := filepath.Abs("../..")
	require.NoError(t, err)
	plugins := t.TempDir()
	require.NoError(t, os.Symlink(root, filepath.Join(plugins, "camunda-irsa")))

	list := helm(t, plugins, "plugin", "list")
	assert.Regexp(t, `(?m)^camunda-irsa\s+0\.1\.0\s+cli/v1\s+legacy\s`, list)

	help := helm(t, plugins, "help", "camunda-irsa")
	assert.Contains(t, help, "camunda-irsa renders the Helm values overlay")
	assert.Contains(t, help, "helm camunda-irsa [flags]")

	assert.Contains(t, help, "--values values.yaml", "the plugin's docs show the merging form")
	assert.Contains(t, help, "-n camunda")
}

// TestHelmPluginBuildStampsItsVersion runs the plugin's install and
// update hooks as Helm does (sh -c, in the plugin's directory) with a go
// that only records its arguments: the build must stamp plugin.yaml's
// version, so that camunda-irsa version agrees with helm plugin list.
func TestHelmPluginBuildStampsItsVersion(t *testing.T) {
	root, err := filepath.Abs("../..")
	require.NoError(t, err)
	var manifest struct {
		Version string            `json:"version"`
		Command string            `json:"command"`
		Hooks   map[string]string `json:"hooks"`
	}
	data, err := os.ReadFile(filepath.Join(root, "plugin.yaml"))
	require.NoError(t, err)
	require.NoError(t, yaml.Unmarshal(data, &manifest))
	assert.Equal(t, "$HELM_PLUGIN_DIR/bin/camunda-irsa", manifest.Command)

	bin := t.TempDir()
	record := filepath.Join(bin, "args")
	require.NoError(t, os.WriteFile(filepath.Join(bin, "go"), []byte("#!/bin/sh\nprintf '%s\\n' \"$@\" > "+record+"\n"), 0o755))
	for _, hook := range []string{"install", "update"} {
		cmd := exec.Command("sh", "-c", manifest.Hooks[hook])
		cmd.Env = append(os.Environ(), "HELM_PLUGIN_DIR="+root, "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "%s hook: %s", hook, out)
		assert.Equal(t, "build\n-ldflags\n-X main.version=v"+manifest.Version+"\n-o\nbin/\n./cmd/camunda-irsa\n./cmd/camunda-irsa-full\n", mustRead(t, record), hook)
	}
}
