package bundle

import (
	_ "embed"
	"fmt"
	"strings"
	"text/template"

	"github.com/camunda-irsa/camunda-irsa/internal/tmpl"
	"github.com/camunda-irsa/camunda-irsa/irsa"
	"github.com/camunda-irsa/camunda-irsa/render/rolemapping"
	"github.com/camunda-irsa/camunda-irsa/render/snapshot"
	"github.com/camunda-irsa/camunda-irsa/render/sql"
)

//go:embed README.md.tmpl
var readmeTemplate string

// readmeData is what the README template formats.
type readmeData struct {
	Namespace, Clusters, Mode, Account string
	Line                               irsa.ChartLine
	// Database is the psql connection string of the Aurora writer, when
	// the bundle holds database.sql.
	Database string
	// RoleMapping is true when the bundle holds the role mapping script.
	RoleMapping bool
	// Keycloak is true when the bundle holds the Keycloak Operator
	// resource.
	Keycloak bool
	// Snapshot is true when the bundle holds the snapshot repository
	// script.
	Snapshot bool
	Files    []readmeFile
}

type readmeFile struct{ Path, Description string }

// readme is the README.md of a bundle: what was written and the order to
// apply it in.
func readme(p *irsa.Plan, files []File) ([]byte, error) {
	t := p.Topology()
	names := make([]string, len(t.Clusters))
	for i, c := range t.Clusters {
		names[i] = "`" + c.Name + "`"
	}
	d := readmeData{Namespace: t.Namespace, Clusters: strings.Join(names, ", "), Mode: string(t.Mode),
		Account: t.AWS.AccountID, Line: p.Line()}
	for _, f := range files {
		d.Files = append(d.Files, readmeFile{Path: f.Path, Description: f.description})
		switch f.Path {
		case sql.FileName:
			d.Database = fmt.Sprintf("host=%s port=%d dbname=postgres user=<master user> sslmode=require", t.Aurora.Endpoint, t.Aurora.Port)
		case rolemapping.FileName:
			d.RoleMapping = true
		case keycloakFile:
			d.Keycloak = true
		case snapshot.FileName:
			d.Snapshot = true
		}
	}
	out, err := readmeText.Render(d)
	if err != nil {
		return nil, fmt.Errorf("bundle: %w", err)
	}
	return out, nil
}

// readmeText is the bundle README's template, parsed on first use.
var readmeText = tmpl.New("README.md", readmeTemplate, func(*template.Template) template.FuncMap {
	return template.FuncMap{"inc": func(i int) int { return i + 1 }}
})
