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

	merged, warnings, err := MergeUserLists(overlay, []ValuesFile{earlier, userEnv()})
	require.NoError(t, err)

	assert.Equal(t, original, overlay, "the input overlay is not modified")
	assert.Equal(t, []string{
		`user.yaml: identity.env: SPRING_DATASOURCE_URL: kept camunda-irsa's value "jdbc:aws-wrapper:postgresql://camunda.cluster-c1a2b3c4d5e6.eu-central-1.rds.amazonaws.com:5432/identity?wrapperPlugins=iam", dropped yours value "jdbc:postgresql://old-db:5432/identity"`,
	}, warnings)
	env, _ := Lookup(merged, "identity", "env")
	assert.Equal(t, []string{"JAVA_TOOL_OPTIONS", "SPRING_DATASOURCE_URL", "SPRING_DATASOURCE_DRIVER_CLASS_NAME", "SPRING_DATASOURCE_USERNAME"},
		names(env), "theirs first, then ours; the clash and the identical entry appear once")
	assert.Contains(t, describe(env), "jdbc:aws-wrapper:postgresql://", "ours wins the clash")
	assert.NotContains(t, describe(env), "old-db")

	kc, _ := Lookup(merged, "identityKeycloak", "extraEnvVars")
	assert.Equal(t, []string{"KC_LOG_LEVEL", "KEYCLOAK_EXTRA_ARGS", "KEYCLOAK_JDBC_PARAMS", "KEYCLOAK_JDBC_DRIVER"}, names(kc))
	_, ok := Lookup(merged, "orchestration", "env")
	assert.False(t, ok, "lists the overlay does not set are left to Helm")
}

func TestMergeUserListsLeavesUnnamedListsAndRefusesBrokenFiles(t *testing.T) {
	overlay := map[string]any{
		"a": map[string]any{"users": []any{"admin"}},
		"b": map[string]any{"env": []any{map[string]any{"name": "X", "value": "1"}}},
	}
	merged, warnings, err := MergeUserLists(overlay, []ValuesFile{file("user.yaml", "a: {users: [someone]}\nb: {env: [{name: YVAR}]}")})
	require.NoError(t, err)
	assert.Empty(t, warnings)
	assert.Equal(t, []any{"admin"}, merged["a"].(map[string]any)["users"], "lists without names are not merged")
	assert.Equal(t, []string{"YVAR", "X"}, names(merged["b"].(map[string]any)["env"]))

	_, _, err = MergeUserLists(overlay, []ValuesFile{file("broken.yaml", "b: [1")})
	require.ErrorContains(t, err, "parsing values file broken.yaml")
}

// Camunda's reference values set KEYCLOAK_EXTRA_ARGS to our flags plus
// --log-level; the flags are merged, not replaced, and where a flag of
// theirs differs from ours the warning names both.
func TestMergeUserListsMergesFlags(t *testing.T) {
	overlay := parsed(t, lineOverlay(t, "8.8"))
	for _, tc := range []struct {
		name, theirs, want string
		warnings           []string
	}{
		{"superset: kept as it is, no warning",
			"--db-driver=software.amazon.jdbc.Driver --transaction-xa-enabled=false --log-level=INFO,software.amazon.jdbc:INFO",
			"--db-driver=software.amazon.jdbc.Driver --transaction-xa-enabled=false --log-level=INFO,software.amazon.jdbc:INFO", nil},
		{"their other flags follow ours",
			"--log-level=DEBUG --features=preview",
			"--db-driver=software.amazon.jdbc.Driver --transaction-xa-enabled=false --log-level=DEBUG --features=preview", nil},
		{"a flag with its value in the next word",
			"--log-level DEBUG",
			"--db-driver=software.amazon.jdbc.Driver --transaction-xa-enabled=false --log-level DEBUG", nil},
		{"a clash keeps ours and says so",
			"--db-driver=org.postgresql.Driver --log-level=INFO",
			"--db-driver=software.amazon.jdbc.Driver --transaction-xa-enabled=false --log-level=INFO",
			[]string{"values.yaml: identityKeycloak.extraEnvVars: KEYCLOAK_EXTRA_ARGS: kept camunda-irsa's --db-driver=software.amazon.jdbc.Driver, dropped yours --db-driver=org.postgresql.Driver; your other flags are kept"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			user := file("values.yaml", "identityKeycloak:\n  extraEnvVars:\n  - name: KEYCLOAK_EXTRA_ARGS\n    value: "+tc.theirs+"\n  - name: KC_HOSTNAME\n    value: camunda-keycloak\n")
			merged, warnings, err := MergeUserLists(overlay, []ValuesFile{user})
			require.NoError(t, err)
			assert.Equal(t, tc.warnings, warnings)
			list, _ := Lookup(merged, "identityKeycloak", "extraEnvVars")
			assert.Equal(t, []string{"KC_HOSTNAME", "KEYCLOAK_EXTRA_ARGS", "KEYCLOAK_JDBC_PARAMS", "KEYCLOAK_JDBC_DRIVER"}, names(list))
			assert.Equal(t, tc.want, list.([]any)[1].(map[string]any)["value"])

			lost, err := LostListEntries(merged, []ValuesFile{user})
			require.NoError(t, err)
			if tc.warnings == nil {
				assert.Empty(t, lost, "every flag of theirs reaches the chart")
			} else {
				require.Len(t, lost, 1)
				assert.Equal(t, `values.yaml: identityKeycloak.extraEnvVars entry "KEYCLOAK_EXTRA_ARGS" is replaced by camunda-irsa's: kept value "`+tc.want+`", dropped value "`+tc.theirs+`"`, lost[0].String())
			}
		})
	}
}

// extraConfiguration entries are named by their file.
func TestMergeUserListsByFile(t *testing.T) {
	overlay := map[string]any{"orchestration": map[string]any{"extraConfiguration": []any{
		map[string]any{"file": "camunda-irsa.yaml", "content": "ours"}}}}
	merged, warnings, err := MergeUserLists(overlay, []ValuesFile{file("values.yaml",
		"orchestration:\n  extraConfiguration:\n  - file: mine.yaml\n    content: theirs\n  - file: camunda-irsa.yaml\n    content: other\n")})
	require.NoError(t, err)
	list, _ := Lookup(merged, "orchestration", "extraConfiguration")
	assert.Equal(t, []string{"mine.yaml", "camunda-irsa.yaml"}, names(list))
	assert.Equal(t, []string{`values.yaml: orchestration.extraConfiguration: camunda-irsa.yaml: kept camunda-irsa's {"content":"ours"}, dropped yours {"content":"other"}`}, warnings)
}

func TestLostListEntries(t *testing.T) {
	overlay := parsed(t, lineOverlay(t, "8.8"))
	lost, err := LostListEntries(overlay, []ValuesFile{userEnv()})
	require.NoError(t, err)
	assert.Equal(t, []LostEntry{
		{File: "user.yaml", Path: "identity.env", Entry: `"JAVA_TOOL_OPTIONS"`},
		{File: "user.yaml", Path: "identity.env", Entry: `"SPRING_DATASOURCE_URL"`, Replaced: true,
			Kept:    `value "jdbc:aws-wrapper:postgresql://camunda.cluster-c1a2b3c4d5e6.eu-central-1.rds.amazonaws.com:5432/identity?wrapperPlugins=iam"`,
			Dropped: `value "jdbc:postgresql://old-db:5432/identity"`},
		{File: "user.yaml", Path: "identityKeycloak.extraEnvVars", Entry: `"KC_LOG_LEVEL"`},
	}, lost)
	assert.Equal(t, `user.yaml: identity.env entry "JAVA_TOOL_OPTIONS" is dropped: Helm replaces the whole list with the overlay's`, lost[0].String())
	assert.Equal(t, `user.yaml: identity.env entry "SPRING_DATASOURCE_URL" is replaced by camunda-irsa's: kept value "jdbc:aws-wrapper:postgresql://camunda.cluster-c1a2b3c4d5e6.eu-central-1.rds.amazonaws.com:5432/identity?wrapperPlugins=iam", dropped value "jdbc:postgresql://old-db:5432/identity"`, lost[1].String())

	merged, _, err := MergeUserLists(overlay, []ValuesFile{userEnv()})
	require.NoError(t, err)
	lost, err = LostListEntries(merged, []ValuesFile{userEnv()})
	require.NoError(t, err)
	require.Len(t, lost, 1, "after merging only the clash remains")
	assert.Equal(t, `"SPRING_DATASOURCE_URL"`, lost[0].Entry)
	assert.True(t, lost[0].Replaced)

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

	merged, _, err := MergeUserLists(parsed(t, overlay), []ValuesFile{userEnv()})
	require.NoError(t, err)
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
	assert.Contains(t, warns[0].Message, `"SPRING_DATASOURCE_URL" is replaced by camunda-irsa's: kept value "jdbc:aws-wrapper:`)
	assert.NotContains(t, warns[0].Message, "--values", "the files were passed with --values already")
}

func names(list any) []string {
	var out []string
	for _, item := range list.([]any) {
		out = append(out, entryName(item))
	}
	return out
}
