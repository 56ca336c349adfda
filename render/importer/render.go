package importer

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"text/template"

	"sigs.k8s.io/yaml"

	"github.com/camunda-irsa/camunda-irsa/irsa"
)

// StandardInput names values read from standard input; the file's
// comments then suggest values.yaml for the commands to run next.
const StandardInput = "standard input"

// SchemaURL is the topology JSON Schema an editor validates the imported
// file with.
const SchemaURL = "https://raw.githubusercontent.com/camunda-irsa/camunda-irsa/main/schema/topology.schema.json"

//go:embed topology.yaml.tmpl
var topologyTemplate string

// Render writes the import as a topology file: YAML with a comment above
// every value that is a placeholder (REPLACE) or read from somewhere the
// reader should know, notes on what the topology cannot say as the
// values do, and the disabled components commented out.
func (imp *Import) Render() ([]byte, error) {
	tmpl, err := template.New("topology.yaml").Funcs(template.FuncMap{"field": field}).Parse(topologyTemplate)
	if err != nil {
		return nil, fmt.Errorf("import: parsing the topology template: %w", err)
	}
	v, err := imp.view()
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := tmpl.Execute(&b, v); err != nil {
		return nil, fmt.Errorf("import: rendering the topology: %w", err)
	}
	return b.Bytes(), nil
}

// Field is one value of the topology file, encoded as a YAML scalar (or
// flow collection), and the comment above it.
type Field struct {
	Value   string
	Comment string
}

// keyed is a field with its key, for blocks whose keys vary.
type keyed struct {
	Key   string
	Field Field
}

// view is what the template formats.
type view struct {
	SchemaURL, Source, APIVersion, Kind string
	// ValuesArg is the values file to name in the commands to run next.
	ValuesArg               string
	Notes                   []string
	Chart, Namespace        Field
	AccountID, Region       Field
	ClusterName, OIDCIssuer Field
	Aurora                  *auroraView
	OpenSearch              *openSearchView
	ElasticsearchBackup     *struct{ Bucket Field }
	DocumentStore           []keyed
	SecretStore             *struct{ PathPrefix Field }
	Components              []componentView
}

type auroraView struct{ Endpoint, Port, ClusterResourceID Field }

type openSearchView struct{ Domain, Endpoint Field }

type componentView struct {
	Name irsa.ComponentName
	// Disabled says why the component is written commented out.
	Disabled string
	Fields   []keyed
}

func (imp *Import) view() (view, error) {
	t := imp.Topology
	var errs []error
	f := func(path string, v any) Field {
		s, err := scalar(v)
		if err != nil {
			errs = append(errs, err)
		}
		return Field{Value: s, Comment: imp.comments[path]}
	}
	valuesArg := imp.Source
	if valuesArg == StandardInput {
		valuesArg = "values.yaml"
	}
	v := view{SchemaURL: SchemaURL, Source: imp.Source, ValuesArg: valuesArg, APIVersion: t.APIVersion, Kind: t.Kind, Notes: imp.Notes,
		Chart:     Field{Value: mustScalar(t.Chart), Comment: "chart line " + imp.LineReason},
		Namespace: f("namespace", t.Namespace),
		AccountID: f("aws.accountID", t.AWS.AccountID), Region: f("aws.region", t.AWS.Region),
		ClusterName: f("cluster.name", t.Cluster.Name), OIDCIssuer: f("cluster.oidcIssuer", t.Cluster.OIDCIssuer)}
	if a := t.Aurora; a != nil {
		v.Aurora = &auroraView{Endpoint: f("aurora.endpoint", a.Endpoint), Port: f("aurora.port", a.Port),
			ClusterResourceID: f("aurora.clusterResourceID", a.ClusterResourceID)}
	}
	if o := t.OpenSearch; o != nil {
		v.OpenSearch = &openSearchView{Domain: f("opensearch.domain", o.Domain), Endpoint: f("opensearch.endpoint", o.Endpoint)}
	}
	if b := t.ElasticsearchBackup; b != nil {
		v.ElasticsearchBackup = &struct{ Bucket Field }{f("elasticsearchBackup.bucket", b.Bucket)}
	}
	if d := t.DocumentStore; d != nil {
		v.DocumentStore = append(v.DocumentStore, keyed{"bucket", f("documentStore.bucket", d.Bucket)})
		if d.Prefix != "" {
			v.DocumentStore = append(v.DocumentStore, keyed{"prefix", f("documentStore.prefix", d.Prefix)})
		}
	}
	if s := t.SecretStore; s != nil {
		v.SecretStore = &struct{ PathPrefix Field }{f("secretStore.pathPrefix", s.PathPrefix)}
	}
	disabled := map[irsa.ComponentName]bool{}
	all := t.Components.Listed()
	for _, d := range imp.Disabled {
		disabled[d.Name] = true
		all = append(all, d)
	}
	// Enabled and disabled components both come from the line's table,
	// which is in the fixed component order.
	for _, spec := range imp.Line.Components {
		for _, c := range all {
			if c.Name != spec.Name {
				continue
			}
			cv := componentView{Name: c.Name}
			if disabled[c.Name] {
				cv.Disabled = fmt.Sprintf("%s is wired in the values but disabled (%s)", c.Name, imp.disabledWhy[c.Name])
			}
			add := func(key string, value any) {
				cv.Fields = append(cv.Fields, keyed{key, f(componentPath(c.Name, key), value)})
			}
			add("serviceAccount", c.ServiceAccount)
			if c.CreateServiceAccount != nil {
				add("createServiceAccount", *c.CreateServiceAccount)
			}
			if c.Database != "" {
				add("database", c.Database)
				add("dbUser", c.DBUser)
			}
			if c.RoleName != "" {
				add("roleName", c.RoleName)
			}
			if c.RoleOptions.Path != "" {
				add("path", c.RoleOptions.Path)
			}
			if c.Name == irsa.Connectors {
				add("statements", []irsa.UserStatement{placeholderStatement(t.AWS)})
			}
			v.Components = append(v.Components, cv)
		}
	}
	if len(errs) > 0 {
		return view{}, fmt.Errorf("import: encoding the topology: %w", errs[0])
	}
	return v, nil
}

// scalar encodes a value for one line of YAML: scalars as YAML writes
// them (quoted where they would read as another type, like a version or an
// account ID), collections as JSON, which is YAML's flow style.
func scalar(v any) (string, error) {
	switch v.(type) {
	case string, bool, int:
		out, err := yaml.Marshal(v)
		if err != nil {
			return "", err
		}
		return strings.TrimSuffix(string(out), "\n"), nil
	default:
		out, err := json.Marshal(v)
		return string(out), err
	}
}

func mustScalar(s string) string {
	out, err := scalar(s)
	if err != nil {
		return strconv.Quote(s)
	}
	return out
}

// field writes one key and its value at an indent, with its comment on
// the line above.
func field(indent, key string, f Field) string {
	line := indent + key + ": " + f.Value
	if f.Comment == "" {
		return line
	}
	return indent + "# " + f.Comment + "\n" + line
}
