package fullcli

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// readmeText is the README, read once per test.
func readmeText(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile("../../README.md")
	require.NoError(t, err)
	return string(data)
}

// fenceLine is the line that opens or closes a fenced code block.
var fenceLine = regexp.MustCompile("^(`{3,}|~{3,})")

// codeBlocks returns the fenced blocks of a Markdown text with their info
// strings, and reports a fence left open.
func codeBlocks(t *testing.T, md string) (blocks []struct{ info, body string }) {
	t.Helper()
	var open, info string
	var body []string
	for _, line := range strings.Split(md, "\n") {
		m := fenceLine.FindString(line)
		switch {
		case open == "" && m != "":
			open, info, body = m, strings.TrimSpace(line[len(m):]), nil
		case open != "" && m != "" && strings.HasPrefix(m, open) && strings.TrimSpace(line[len(m):]) == "":
			blocks = append(blocks, struct{ info, body string }{info, strings.Join(body, "\n")})
			open = ""
		case open != "":
			body = append(body, line)
		}
	}
	require.Empty(t, open, "a code fence %q is never closed", open)
	return blocks
}

// TestREADMEFencesAreBalanced: every code fence closes, so nothing after
// it renders as code.
func TestREADMEFencesAreBalanced(t *testing.T) {
	assert.NotEmpty(t, codeBlocks(t, readmeText(t)))
}

// headingSlug is GitHub's anchor for a heading: lower case, punctuation
// but '-' and '_' dropped, spaces turned into '-'.
func headingSlug(heading string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(heading)) {
		switch {
		case r == ' ':
			b.WriteRune('-')
		case r == '-' || r == '_' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
		}
	}
	return b.String()
}

// TestREADMEAnchorsResolve: every [text](#anchor) link names a heading of
// the README.
func TestREADMEAnchorsResolve(t *testing.T) {
	md := readmeText(t)
	anchors := map[string]bool{}
	inCode := false
	for _, line := range strings.Split(md, "\n") {
		if fenceLine.MatchString(line) {
			inCode = !inCode
		}
		if h, ok := strings.CutPrefix(line, "#"); ok && !inCode {
			anchors[headingSlug(strings.TrimLeft(h, "#"))] = true
		}
	}
	links := regexp.MustCompile(`\]\(#([^)]+)\)`).FindAllStringSubmatch(md, -1)
	require.NotEmpty(t, links)
	for _, l := range links {
		assert.True(t, anchors[l[1]], "link to #%s names no heading", l[1])
	}
}

// TestREADMELibraryExampleBuilds: the Go program of the README's library
// section compiles as written, against this module.
func TestREADMELibraryExampleBuilds(t *testing.T) {
	md := readmeText(t)
	section := md[strings.Index(md, "## As a Go library"):]
	var program string
	for _, b := range codeBlocks(t, section) {
		if b.info == "go" {
			program = b.body
			break
		}
	}
	require.Contains(t, program, "package main", "the library section shows a whole program")
	// Inside the module, so that its imports resolve to this checkout.
	dir, err := os.MkdirTemp("../..", ".readme-example-")
	require.NoError(t, err)
	t.Cleanup(func() { os.RemoveAll(dir) })
	require.NoError(t, os.WriteFile(filepath.Join(dir, "main.go"), []byte(program+"\n"), 0o644))
	cmd := exec.Command("go", "build", "-o", os.DevNull, ".")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "the README's library example does not build:\n%s", out)
}
