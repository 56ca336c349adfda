package fullcli

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/camunda-irsa/camunda-irsa/internal/golden"
)

// goldenExcerpt marks a README block that shows lines FROM-TO of a golden
// file: <!-- golden: full/8.8/main.tf 1-20 --> ... <!-- /golden -->.
var goldenExcerpt = regexp.MustCompile(`(?s)<!-- golden: (\S+) (\d+)-(\d+) -->\n.*?<!-- /golden -->`)

var fenceLanguage = map[string]string{
	".yaml": "yaml", ".json": "json", ".tf": "hcl", ".sh": "bash", ".sql": "sql", ".md": "markdown",
}

// excerpt renders one README block from the golden file it names.
func excerpt(t *testing.T, rel string, from, to int) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("../../golden", rel))
	require.NoError(t, err, "README names golden/%s", rel)
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	require.True(t, from >= 1 && from <= to && to <= len(lines), "golden/%s has %d lines, README asks for %d-%d", rel, len(lines), from, to)
	fence := "```"
	if strings.Contains(string(data), "```") {
		fence = "````"
	}
	return fmt.Sprintf("<!-- golden: %s %d-%d -->\n%s%s\n%s\n%s\n<!-- /golden -->",
		rel, from, to, fence, fenceLanguage[filepath.Ext(rel)], strings.Join(lines[from-1:to], "\n"), fence)
}

// TestREADMEExamplesMatchGolden keeps the README's examples true: each
// marked block must equal the lines of the golden file it names, which
// the golden tests in turn pin to the generators. -update rewrites them.
func TestREADMEExamplesMatchGolden(t *testing.T) {
	const path = "../../README.md"
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	readme := string(data)
	blocks := goldenExcerpt.FindAllStringSubmatch(readme, -1)
	require.GreaterOrEqual(t, len(blocks), 8, "one example per output kind")
	want := goldenExcerpt.ReplaceAllStringFunc(readme, func(block string) string {
		m := goldenExcerpt.FindStringSubmatch(block)
		from, _ := strconv.Atoi(m[2])
		to, _ := strconv.Atoi(m[3])
		return excerpt(t, m[1], from, to)
	})
	if golden.Updating() {
		require.NoError(t, os.WriteFile(path, []byte(want), 0o644))
		return
	}
	assert.Equal(t, want, readme, "README examples differ from golden/; run go test ./internal/fullcli -update and review the diff")
}
