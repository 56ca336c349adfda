// Package imds generates the IMDS hardening the guide's troubleshooting
// section recommends (--output imds): a hop limit of 1 for the instance
// metadata service of the cluster's nodes, as Terraform for EKS managed
// node groups and as AWS CLI commands for the nodes already running,
// with the reason, in one Markdown document.
package imds

import (
	_ "embed"
	"fmt"
	"strings"
	"text/template"

	"github.com/camunda-irsa/camunda-irsa/internal/shell"
	"github.com/camunda-irsa/camunda-irsa/internal/tmpl"
	"github.com/camunda-irsa/camunda-irsa/irsa"
)

// FileName is the name the document is written under (golden files,
// --out-dir).
const FileName = "imds.md"

// HopLimit is the IMDS PUT response hop limit that keeps pods out: the
// node itself is one hop away, a pod in its own network namespace two.
const HopLimit = 1

//go:embed imds.md.tmpl
var docTemplate string

// Render returns the Markdown document for the plan's clusters. The
// shell commands name each cluster with its region, and the release
// namespace; everything else is the same for every plan.
func Render(p *irsa.Plan) ([]byte, error) {
	if err := p.Check(); err != nil {
		return nil, err
	}
	v := view{Clusters: p.Clusters(), Namespace: p.Namespace(), PodIdentity: p.Mode() == irsa.ModePodIdentity, HopLimit: HopLimit}
	out, err := doc.Render(v)
	if err != nil {
		return nil, fmt.Errorf("imds: %w", err)
	}
	return reflow(out), nil
}

// doc is the document's template, parsed on first use.
var doc = tmpl.New(FileName, docTemplate, func(*template.Template) template.FuncMap { return shell.Funcs() })

// view is what the template formats.
type view struct {
	// Clusters are the plan's clusters, each with its region.
	Clusters  []irsa.Cluster
	Namespace string
	// PodIdentity selects the credential source a broken setup falls
	// back from: Pod Identity instead of IRSA.
	PodIdentity bool
	HopLimit    int
}

// lineWidth is where paragraphs wrap, so that the raw Markdown reads well.
const lineWidth = 76

// reflow word-wraps every paragraph of a Markdown document at lineWidth,
// so that the template can break its prose wherever it reads best.
// Headings, HTML comments and fenced code blocks are kept as they are.
func reflow(md []byte) []byte {
	var out, para []string
	flush := func() {
		if len(para) > 0 {
			out = append(out, wrap(strings.Join(para, " "))...)
			para = nil
		}
	}
	fenced := false
	for _, line := range strings.SplitAfter(string(md), "\n") {
		text := strings.TrimSuffix(line, "\n")
		switch {
		case strings.HasPrefix(text, "```"):
			flush()
			fenced = !fenced
			out = append(out, line)
		case fenced || text == "" || strings.HasPrefix(text, "#") || strings.HasPrefix(text, "<!--"):
			flush()
			out = append(out, line)
		default:
			para = append(para, text)
		}
	}
	flush()
	return []byte(strings.Join(out, ""))
}

// wrap breaks text into lines of at most lineWidth columns where it can,
// each ending in a newline. Inline code spans are kept on one line: a
// break inside one would render as a space but read badly in the raw
// file.
func wrap(text string) []string {
	var lines []string
	var cur strings.Builder
	for _, w := range wrapUnits(text) {
		switch {
		case cur.Len() == 0:
		case cur.Len()+1+len(w) > lineWidth:
			lines = append(lines, cur.String()+"\n")
			cur.Reset()
		default:
			cur.WriteByte(' ')
		}
		cur.WriteString(w)
	}
	return append(lines, cur.String()+"\n")
}

// wrapUnits splits text at spaces outside inline code spans. A span
// opens with a run of backticks and closes with a run of the same length.
func wrapUnits(text string) []string {
	var units []string
	var cur strings.Builder
	open := 0 // length of the fence of the open code span, 0 outside
	for i := 0; i < len(text); {
		if text[i] == '`' {
			n := len(text[i:]) - len(strings.TrimLeft(text[i:], "`"))
			switch open {
			case 0:
				open = n
			case n:
				open = 0
			}
			cur.WriteString(text[i : i+n])
			i += n
			continue
		}
		if text[i] == ' ' && open == 0 {
			if cur.Len() > 0 {
				units = append(units, cur.String())
				cur.Reset()
			}
		} else {
			cur.WriteByte(text[i])
		}
		i++
	}
	if cur.Len() > 0 {
		units = append(units, cur.String())
	}
	return units
}
