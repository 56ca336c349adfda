package helmchart

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/yaml"
)

// userEnv is a user's --values file passed before the overlay with their
// own env entries for Identity and Keycloak.
func userEnv() ValuesFile {
	return file("user.yaml", `
identity:
  env:
  - name: JAVA_TOOL_OPTIONS
    value: -Xmx1g
  - name: SPRING_DATASOURCE_URL
    value: jdbc:postgresql://old-db:5432/identity
  - name: SPRING_DATASOURCE_USERNAME
    value: identity_irsa
identityKeycloak:
  extraEnvVars:
  - name: KC_LOG_LEVEL
    value: debug
orchestration:
  env:
  - name: NOT_IN_OUR_OVERLAY
    value: "1"
`)
}

func TestMergeUserLists(t *testing.T) {
	overlay := parsed(t, lineOverlay(t, "8.8"))
	original := deepCopyMap(overlay)
	// An earlier file's list is already replaced by the later user file,
	// as Helm would: only user.yaml's entries count.
	earlier := file("earlier.yaml", "identity: {env: [{name: SHADOWED, value: x}]}")

	merged, warnings := MergeUserLists(overlay, []ValuesFile{earlier, userEnv()})

	assert.Equal(t, original, overlay, "the input overlay is not modified")
	assert.Equal(t, []string{
		`user.yaml: identity.env: entry "SPRING_DATASOURCE_URL" is also set by camunda-irsa; ours wins`,
	}, warnings)
	env, _ := lookup(merged, keyPath{"identity", "env"})
	assert.Equal(t, []string{"JAVA_TOOL_OPTIONS", "SPRING_DATASOURCE_URL", "SPRING_DATASOURCE_DRIVER_CLASS_NAME", "SPRING_DATASOURCE_USERNAME"},
		names(env), "theirs first, then ours; the clash and the identical entry appear once")
	assert.Contains(t, describe(env), "jdbc:aws-wrapper:postgresql://", "ours wins the clash")
	assert.NotContains(t, describe(env), "old-db")

	kc, _ := lookup(merged, keyPath{"identityKeycloak", "extraEnvVars"})
	assert.Equal(t, []string{"KC_LOG_LEVEL", "KEYCLOAK_EXTRA_ARGS", "KEYCLOAK_JDBC_PARAMS", "KEYCLOAK_JDBC_DRIVER"}, names(kc))
	_, ok := lookup(merged, keyPath{"orchestration", "env"})
	assert.False(t, ok, "lists the overlay does not set are left to Helm")
}

func TestMergeUserListsSkipsBrokenFileAndUnnamedLists(t *testing.T) {
	overlay := map[string]any{
		"a": map[string]any{"users": []any{"admin"}},
		"b": map[string]any{"env": []any{map[string]any{"name": "X", "value": "1"}}},
	}
	merged, warnings := MergeUserLists(overlay, []ValuesFile{
		file("broken.yaml", "b: [1"),
		file("user.yaml", "a: {users: [someone]}\nb: {env: [{name: YVAR}]}"),
	})
	require.Len(t, warnings, 1)
	assert.Contains(t, warnings[0], "broken.yaml: not merged into the overlay's lists")
	assert.Equal(t, []any{"admin"}, merged["a"].(map[string]any)["users"], "lists without names are not merged")
	assert.Equal(t, []string{"YVAR", "X"}, names(merged["b"].(map[string]any)["env"]))
}

func TestLostListEntries(t *testing.T) {
	overlay := parsed(t, lineOverlay(t, "8.8"))
	lost, err := LostListEntries(overlay, []ValuesFile{userEnv()})
	require.NoError(t, err)
	assert.Equal(t, []LostEntry{
		{File: "user.yaml", Path: "identity.env", Entry: `"JAVA_TOOL_OPTIONS"`},
		{File: "user.yaml", Path: "identity.env", Entry: `"SPRING_DATASOURCE_URL"`, Replaced: true},
		{File: "user.yaml", Path: "identityKeycloak.extraEnvVars", Entry: `"KC_LOG_LEVEL"`},
	}, lost)
	assert.Equal(t, `user.yaml: identity.env entry "JAVA_TOOL_OPTIONS" is dropped: Helm replaces the whole list with the overlay's`, lost[0].String())
	assert.Equal(t, `user.yaml: identity.env entry "SPRING_DATASOURCE_URL" is replaced by camunda-irsa's entry of that name`, lost[1].String())

	merged, _ := MergeUserLists(overlay, []ValuesFile{userEnv()})
	lost, err = LostListEntries(merged, []ValuesFile{userEnv()})
	require.NoError(t, err)
	assert.Equal(t, []LostEntry{{File: "user.yaml", Path: "identity.env", Entry: `"SPRING_DATASOURCE_URL"`, Replaced: true}}, lost,
		"after merging only the clash remains")

	_, err = LostListEntries(overlay, []ValuesFile{file("broken.yaml", "a: [")})
	require.ErrorContains(t, err, "broken.yaml")
}

func TestLostListEntriesOfUnnamedLists(t *testing.T) {
	overlay := map[string]any{"users": []any{"admin"}}
	lost, err := LostListEntries(overlay, []ValuesFile{file("u.yaml", "users: [admin, demo]")})
	require.NoError(t, err)
	assert.Equal(t, []LostEntry{{File: "u.yaml", Path: "users", Entry: `"demo"`}}, lost)
}

// End to end: without the merge Helm drops the user's env entry; with it
// the rendered Deployment has both theirs and ours.
func TestUserEnvSurvivesRenderOnlyWhenMerged(t *testing.T) {
	c := loadFixture(t, "8.8", "dir")
	overlay := lineOverlay(t, "8.8")

	plain, err := Render(c, Input{Before: withBase(userEnv()), Overlay: overlay}, Options{Namespace: "camunda"})
	require.NoError(t, err)
	assert.NotContains(t, manifest(t, plain, "Deployment", "camunda-identity").Content, "JAVA_TOOL_OPTIONS")

	merged, _ := MergeUserLists(parsed(t, overlay), []ValuesFile{userEnv()})
	data, err := yaml.Marshal(merged)
	require.NoError(t, err)
	mergedFile := ValuesFile{Name: "overlay.yaml", Data: data}
	r, err := Render(c, Input{Before: withBase(userEnv()), Overlay: mergedFile}, Options{Namespace: "camunda"})
	require.NoError(t, err)
	identity := manifest(t, r, "Deployment", "camunda-identity").Content
	assert.Contains(t, identity, "JAVA_TOOL_OPTIONS")
	assert.Contains(t, identity, "jdbc:aws-wrapper:postgresql://")
	assert.NotContains(t, identity, "old-db")
	assert.Contains(t, manifest(t, r, "StatefulSet", "camunda-keycloak").Content, "KC_LOG_LEVEL")

	// Verify warns about the lost entries only when the lists were not merged.
	plan := newPlan(t, fullTopology("8.8"))
	report := Verify(plain.Manifests, plan, VerifyOptions{Overlay: parsed(t, overlay), Before: []ValuesFile{userEnv()}})
	assert.False(t, report.Failed(), "report:\n%s", report)
	warns := withStatus(report, StatusWarn)
	require.Len(t, warns, 3, "report:\n%s", report)
	assert.Equal(t, "values lists", warns[0].Name)
	assert.Contains(t, warns[0].Message, `user.yaml: identity.env entry "JAVA_TOOL_OPTIONS" is dropped`)
	assert.Contains(t, warns[2].Message, `identityKeycloak.extraEnvVars entry "KC_LOG_LEVEL" is dropped`)

	report = Verify(r.Manifests, plan, VerifyOptions{Overlay: merged, Before: []ValuesFile{userEnv()}})
	warns = withStatus(report, StatusWarn)
	require.Len(t, warns, 1, "report:\n%s", report)
	assert.Contains(t, warns[0].Message, `"SPRING_DATASOURCE_URL" is replaced by camunda-irsa's entry`)
}

func names(list any) []string {
	var out []string
	for _, item := range list.([]any) {
		out = append(out, entryName(item))
	}
	return out
}
