// Package importer reads a values file of the Camunda chart that was wired
// for IRSA by hand, as Camunda's deployment references are, and writes the
// topology that reproduces its wiring (camunda-irsa import): the service
// account and role of each component, the account ID from the role ARNs,
// Aurora's host, port, databases and users from the JDBC URLs and
// externalDatabase keys, and the OpenSearch endpoint.
//
// What values files do not hold (the namespace, the cluster and its OIDC
// issuer, the Aurora cluster resource ID, an OpenSearch domain the
// endpoint does not show) is written as a placeholder that validates,
// under a comment saying REPLACE, so that the file renders once the
// placeholders are replaced. A component the values wire but disable is
// written commented out.
package importer

import (
	"fmt"
	"net"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/camunda-irsa/camunda-irsa/irsa"
	"github.com/camunda-irsa/camunda-irsa/render"
	"github.com/camunda-irsa/camunda-irsa/render/helmchart"
)

// Import is a topology read from a values file, with what the file did
// not say marked.
type Import struct {
	// Source names the values file.
	Source string
	// Line is the chart line the values are for; LineReason says how it
	// was chosen.
	Line       irsa.ChartLine
	LineReason string
	// Topology is what the values wire, placeholders included; disabled
	// components are not in it.
	Topology irsa.Topology
	// Disabled are the components the values wire but turn off.
	Disabled []irsa.ListedComponent
	// Notes are what the topology cannot say as the values do (two Aurora
	// hosts, two roles for components camunda-irsa gives one).
	Notes []string

	// comments are the REPLACE and provenance comments, by field path.
	comments map[string]string
	// disabledWhy says, per disabled component, which key turns it off.
	disabledWhy map[irsa.ComponentName]string
}

// Placeholders stand for what values files do not hold. Each validates,
// so that the topology renders once the user has replaced them, and none
// can grant anything real: the issuer, resource ID and bucket exist
// nowhere.
const (
	PlaceholderNamespace         = "camunda"
	PlaceholderCluster           = "REPLACE-cluster-name"
	PlaceholderIssuerID          = "00000000000000000000000000000000"
	PlaceholderClusterResourceID = "cluster-REPLACEME00000000000000000"
	PlaceholderDomain            = "replace-me"
	PlaceholderBucket            = "replace-me-snapshots"
	placeholderDBName            = "replace_me"
)

// placeholderRegion is a region of each partition, for values that name
// none.
var placeholderRegion = map[string]string{"aws": "us-east-1", "aws-cn": "cn-north-1", "aws-us-gov": "us-gov-west-1"}

// Read reads a values file. lineName is the chart line, or "" to read it
// from the keys of the values (see DetectLine).
func Read(f helmchart.ValuesFile, lineName string) (*Import, error) {
	values, err := helmchart.ParseValues(f)
	if err != nil {
		return nil, err
	}
	if vars := envPlaceholders(values); len(vars) > 0 {
		return nil, fmt.Errorf("%s still holds %s; substitute the environment variables first (envsubst < values.yml | camunda-irsa import -)",
			f.Name, strings.Join(vars, ", "))
	}
	imp := &Import{Source: f.Name, comments: map[string]string{}, disabledWhy: map[irsa.ComponentName]string{}}
	if lineName == "" {
		imp.Line, imp.LineReason, err = DetectLine(values)
	} else {
		imp.Line, err = irsa.LookupChartLine(lineName)
		imp.LineReason = "given with --chart-line"
	}
	if err != nil {
		return nil, err
	}
	r := reader{imp: imp, values: values, line: imp.Line}
	if err := r.read(); err != nil {
		return nil, err
	}
	return imp, nil
}

// envPlaceholders lists the ${VAR} references left in the values, sorted,
// at most five: values used as a template must be substituted first.
func envPlaceholders(values map[string]any) []string {
	found := envRefs(values, nil)
	slices.Sort(found)
	return found[:min(len(found), 5)]
}

// envRefs adds the distinct ${VAR} references under v to found.
func envRefs(v any, found []string) []string {
	switch x := v.(type) {
	case map[string]any:
		for _, e := range x {
			found = envRefs(e, found)
		}
	case []any:
		for _, e := range x {
			found = envRefs(e, found)
		}
	case string:
		for rest := x; ; {
			i := strings.Index(rest, "${")
			if i < 0 {
				break
			}
			j := strings.IndexByte(rest[i:], '}')
			if j < 0 {
				break
			}
			if name := rest[i : i+j+1]; !slices.Contains(found, name) {
				found = append(found, name)
			}
			rest = rest[i+j+1:]
		}
	}
	return found
}

// reader reads one values file into an Import.
type reader struct {
	imp    *Import
	values map[string]any
	line   irsa.ChartLine
	// wired are the components with a role, in the fixed order; arns
	// their role ARNs.
	wired []wiredComponent
	// aurora are the database endpoints the components name, in order.
	aurora []endpoint
}

type wiredComponent struct {
	listed  irsa.ListedComponent
	spec    irsa.ChartComponent
	arn     roleARN
	enabled bool
}

type endpoint struct {
	host   string
	port   int
	source string
}

func (r *reader) read() error {
	for _, spec := range r.line.Components {
		if err := r.component(spec); err != nil {
			return err
		}
	}
	if len(r.wired) == 0 {
		return fmt.Errorf("%s gives no service account of chart %s an %s annotation: there is no IRSA wiring to import",
			r.imp.Source, r.line.Name, render.RoleARNAnnotation)
	}
	t := &r.imp.Topology
	t.APIVersion, t.Kind, t.Chart = irsa.APIVersion, irsa.Kind, r.line.Name
	t.Namespace = PlaceholderNamespace
	r.comment("namespace", "REPLACE: the namespace the release runs in (helm -n); the roles trust only its service accounts, and values files do not name it")
	r.account()
	r.region()
	t.Cluster = irsa.Cluster{Name: PlaceholderCluster,
		OIDCIssuer: "https://oidc.eks." + t.AWS.Region + "." + irsa.PartitionForRegion(t.AWS.Region).DNSSuffix + "/id/" + PlaceholderIssuerID}
	r.comment("cluster.name", "REPLACE: the EKS cluster's name (values files do not name it)")
	r.comment("cluster.oidcIssuer", "REPLACE: aws eks describe-cluster --name <cluster> --query cluster.identity.oidc.issuer --output text")
	r.databases()
	r.openSearch()
	r.documentStore()
	r.secretStore()
	for _, w := range r.wired {
		if w.listed.Name == irsa.Elasticsearch {
			t.ElasticsearchBackup = &irsa.ElasticsearchBackup{Bucket: PlaceholderBucket}
			r.comment("elasticsearchBackup.bucket", "REPLACE: the S3 bucket of Elasticsearch's snapshot repository (values files do not name it)")
		}
	}
	r.roleNames()
	r.assemble()
	return nil
}

// component reads one component's service account and role, and its
// database where it has one.
func (r *reader) component(spec irsa.ChartComponent) error {
	sa := r.get(spec.ServiceAccount)
	name, _ := lookupString(sa, "name")
	arnText, _ := lookupString(sa, "annotations", render.RoleARNAnnotation)
	if arnText == "" {
		return nil
	}
	arn, err := parseRoleARN(arnText)
	if err != nil {
		return fmt.Errorf("%s: %s.annotations: %w", r.imp.Source, spec.ServiceAccount, err)
	}
	l := irsa.ListedComponent{Name: spec.Name, ServiceAccount: name}
	if name == "" {
		l.ServiceAccount = strings.ToLower(string(spec.Name)) + "-sa"
		r.comment(componentPath(spec.Name, "serviceAccount"), fmt.Sprintf("REPLACE: %s.name is not set, so the chart names the service account itself; give its name", spec.ServiceAccount))
	}
	createKey := "enabled"
	if spec.Subchart {
		createKey = "create"
	}
	if create, ok := helmchart.Lookup(sa, createKey); ok && create == false {
		no := false
		l.CreateServiceAccount = &no
	}
	enabled := true
	if v, ok := helmchart.Lookup(r.get(spec.Values), "enabled"); ok && v == false {
		enabled = false
		r.imp.disabledWhy[spec.Name] = fmt.Sprintf("%s is false in %s", r.keyOf(spec.Values, "enabled"), r.imp.Source)
	}
	r.database(&l, spec)
	r.wired = append(r.wired, wiredComponent{listed: l, spec: spec, arn: arn, enabled: enabled})
	return nil
}

// database reads where a component connects to Aurora: the JDBC URL and
// user, or Keycloak's externalDatabase.
func (r *reader) database(l *irsa.ListedComponent, spec irsa.ChartComponent) {
	block := r.get(spec.Values)
	var (
		url, user    string
		host, source string
		port         int
	)
	switch l.Name {
	case irsa.Keycloak:
		host, _ = lookupString(block, "externalDatabase", "host")
		source = spec.Values + ".externalDatabase.host"
		port = lookupInt(block, "externalDatabase", "port")
		l.Database, _ = lookupString(block, "externalDatabase", "database")
		l.DBUser, _ = lookupString(block, "externalDatabase", "user")
	case irsa.Identity:
		url = envValue(block, "env", "SPRING_DATASOURCE_URL")
		user = envValue(block, "env", "SPRING_DATASOURCE_USERNAME")
		host, _ = lookupString(block, "externalDatabase", "host")
		source = spec.Values + ".externalDatabase.host"
		port = lookupInt(block, "externalDatabase", "port")
		l.Database, _ = lookupString(block, "externalDatabase", "database")
		if u, ok := lookupString(block, "externalDatabase", "username"); ok {
			user = u
		}
	case irsa.WebModeler:
		url, _ = lookupString(block, "restapi", "externalDatabase", "url")
		user, _ = lookupString(block, "restapi", "externalDatabase", "user")
		if u, ok := lookupString(block, "restapi", "externalDatabase", "username"); ok && u != "" {
			user = u
		}
	case irsa.Orchestration:
		if kind, _ := lookupString(block, "data", "secondaryStorage", "type"); kind != "rdbms" {
			return
		}
		url, _ = lookupString(block, "data", "secondaryStorage", "rdbms", "url")
		user, _ = lookupString(block, "data", "secondaryStorage", "rdbms", "username")
	default:
		return
	}
	if url != "" {
		if h, p, db, ok := parseJDBC(url); ok {
			if host == "" {
				host, port, source = h, p, spec.Values+"'s JDBC URL"
			}
			if l.Database == "" {
				l.Database = db
			}
		}
	}
	if l.DBUser == "" {
		l.DBUser = user
	}
	if host != "" {
		r.aurora = append(r.aurora, endpoint{host: host, port: port, source: source})
	}
	if l.Database == "" {
		l.Database = placeholderDBName
		r.comment(componentPath(l.Name, "database"), fmt.Sprintf("REPLACE: %s names no database", spec.Values))
	}
	if l.DBUser == "" {
		l.DBUser = placeholderDBName
		r.comment(componentPath(l.Name, "dbUser"), fmt.Sprintf("REPLACE: %s names no database user", spec.Values))
	}
}

// account takes the account ID from the role ARNs.
func (r *reader) account() {
	t := &r.imp.Topology
	seen := map[string]string{}
	for _, w := range r.wired {
		if _, ok := seen[w.arn.account]; !ok {
			seen[w.arn.account] = string(w.listed.Name)
		}
	}
	first := r.wired[0].arn
	t.AWS.AccountID = first.account
	r.comment("aws.accountID", "from the role ARNs")
	if len(seen) > 1 {
		r.note(fmt.Sprintf("the role ARNs name %d accounts; the topology's roles are all in account %s (of %s's role)", len(seen), first.account, r.wired[0].listed.Name))
	}
}

// region reads the region from the endpoints the values name.
func (r *reader) region() {
	t := &r.imp.Topology
	var regions []string
	for _, e := range r.aurora {
		if reg := endpointRegion(e.host, "rds"); reg != "" {
			regions = append(regions, reg)
		}
	}
	if host, _ := r.openSearchEndpoint(); host != "" {
		if reg := endpointRegion(host, "es"); reg != "" {
			regions = append(regions, reg)
		}
	}
	if reg, ok := lookupString(r.values, "global", "documentStore", "type", "aws", "region"); ok && reg != "" {
		regions = append(regions, reg)
	}
	if len(regions) > 0 {
		t.AWS.Region = regions[0]
		r.comment("aws.region", "from the endpoints in the values")
		return
	}
	t.AWS.Region = placeholderRegion[r.wired[0].arn.partition]
	if t.AWS.Region == "" {
		t.AWS.Region = placeholderRegion["aws"]
	}
	r.comment("aws.region", "REPLACE: the region of the cluster and its databases (the values name no regional endpoint)")
}

// databases sets the aurora block from the endpoints the components
// connect to.
func (r *reader) databases() {
	if len(r.aurora) == 0 {
		for _, w := range r.wired {
			if w.listed.Database != "" {
				r.imp.Topology.Aurora = &irsa.Aurora{Endpoint: "replace-me.cluster-example.rds.amazonaws.com", Port: irsa.DefaultAuroraPort,
					ClusterResourceID: PlaceholderClusterResourceID}
				r.comment("aurora.endpoint", "REPLACE: the Aurora cluster (writer) endpoint (the values name no database host)")
				r.comment("aurora.clusterResourceID", resourceIDComment)
				return
			}
		}
		return
	}
	first := r.aurora[0]
	a := &irsa.Aurora{Endpoint: first.host, Port: first.port, ClusterResourceID: PlaceholderClusterResourceID}
	if a.Port == 0 {
		a.Port = irsa.DefaultAuroraPort
	}
	r.imp.Topology.Aurora = a
	r.comment("aurora.endpoint", "from "+first.source)
	if first.port == 0 {
		r.comment("aurora.port", "PostgreSQL's port: "+first.source+" names none")
	}
	r.comment("aurora.clusterResourceID", resourceIDComment)
	for _, e := range r.aurora[1:] {
		if !strings.EqualFold(e.host, first.host) || e.port != 0 && e.port != a.Port {
			r.note(fmt.Sprintf("%s is %s:%d but %s is %s:%d; the topology has one Aurora cluster, the first",
				first.source, first.host, a.Port, e.source, e.host, e.port))
		}
	}
}

const resourceIDComment = "REPLACE: aws rds describe-db-clusters --db-cluster-identifier <cluster> --query 'DBClusters[0].DbClusterResourceId' --output text"

// openSearchEndpoint is the OpenSearch host the values sign requests
// for, and the key it is read from.
func (r *reader) openSearchEndpoint() (host, source string) {
	if h, _ := lookupString(r.values, "global", "opensearch", "url", "host"); h != "" {
		return h, "global.opensearch.url.host"
	}
	if h, _ := lookupString(r.values, "optimize", "database", "opensearch", "url", "host"); h != "" {
		return h, "optimize.database.opensearch.url.host"
	}
	if u, _ := lookupString(r.values, "orchestration", "data", "secondaryStorage", "opensearch", "url"); u != "" {
		if parsed, err := url.Parse(u); err == nil && parsed.Hostname() != "" {
			return parsed.Hostname(), "orchestration.data.secondaryStorage.opensearch.url"
		}
	}
	return "", ""
}

// openSearch sets the opensearch block when a listed component searches.
func (r *reader) openSearch() {
	needed := false
	for _, w := range r.wired {
		switch w.listed.Name {
		case irsa.Zeebe, irsa.Operate, irsa.Tasklist, irsa.Optimize:
			needed = true
		case irsa.Orchestration:
			needed = needed || w.listed.DBUser == ""
		}
	}
	if !needed {
		return
	}
	host, source := r.openSearchEndpoint()
	o := &irsa.OpenSearch{Domain: PlaceholderDomain, Endpoint: host}
	r.imp.Topology.OpenSearch = o
	if host == "" {
		o.Endpoint = "vpc-replace-me-0000000000000000000000000." + r.imp.Topology.AWS.Region + ".es.amazonaws.com"
		r.comment("opensearch.endpoint", "REPLACE: aws opensearch describe-domain --domain-name <domain> --query 'DomainStatus.Endpoints.vpc' --output text")
	} else {
		r.comment("opensearch.endpoint", "from "+source)
	}
	if domain, ok := endpointDomain(o.Endpoint); ok && host != "" {
		o.Domain = domain
		r.comment("opensearch.domain", "from the endpoint's name")
		return
	}
	r.comment("opensearch.domain", "REPLACE: the OpenSearch domain's name (the endpoint does not show it)")
}

// documentStore reads an active S3 document store.
func (r *reader) documentStore() {
	store, _ := lookupString(r.values, "global", "documentStore", "activeStoreId")
	aws := r.getPath("global", "documentStore", "type", "aws")
	if enabled, _ := helmchart.Lookup(aws, "enabled"); store != "aws" || enabled != true {
		return
	}
	bucket, _ := lookupString(aws, "bucket")
	prefix, _ := lookupString(aws, "bucketPath")
	if prefix != "" && !strings.HasSuffix(prefix, "/") {
		prefix += "/"
	}
	r.imp.Topology.DocumentStore = &irsa.S3Location{Bucket: bucket, Prefix: prefix}
	r.comment("documentStore.bucket", "from global.documentStore.type.aws")
}

// secretStore reads orchestration's AWS Secrets Manager store.
func (r *reader) secretStore() {
	if !r.line.SecretStore {
		return
	}
	if prefix, ok := lookupString(r.values, "orchestration", "secretStore", "aws", "default", "pathPrefix"); ok {
		r.imp.Topology.SecretStore = &irsa.SecretStore{PathPrefix: prefix}
		r.comment("secretStore.pathPrefix", "from orchestration.secretStore.aws.default")
	}
}

// roleNames keeps the role names of the ARNs: a component gets roleName
// (and path) where the plan would name its role otherwise. Components the
// plan gives one role (equal permissions) but the values two keep the
// first one's, with a note.
func (r *reader) roleNames() {
	all := r.imp.Topology
	all.Components = components(r.wired, all.AWS, func(wiredComponent) bool { return true })
	generated := map[irsa.ComponentName]string{}
	if p, err := irsa.NewPlan(all); err == nil {
		for _, w := range r.wired {
			role, _ := p.RoleFor(w.listed.Name)
			generated[w.listed.Name] = role.Name
		}
	}
	taken := map[string]wiredComponent{}
	for i := range r.wired {
		w := &r.wired[i]
		if w.arn.path != "/" {
			w.listed.RoleOptions.Path = w.arn.path
		}
		stem := generated[w.listed.Name]
		if first, ok := taken[stem]; ok && stem != "" && first.arn.name != w.arn.name {
			r.note(fmt.Sprintf("%s has role %s and %s role %s; camunda-irsa gives components with the same permissions one role, so both get %s",
				first.listed.Name, first.arn.name, w.listed.Name, w.arn.name, first.arn.name))
			w.listed.RoleName, w.listed.RoleOptions.Path = first.listed.RoleName, first.listed.RoleOptions.Path
			continue
		}
		if stem != w.arn.name {
			w.listed.RoleName = w.arn.name
			r.comment(componentPath(w.listed.Name, "roleName"), "from the role ARN of "+w.spec.ServiceAccount)
		}
		taken[stem] = *w
	}
}

// assemble puts the enabled components into the topology and keeps the
// disabled ones aside.
func (r *reader) assemble() {
	r.imp.Topology.Components = components(r.wired, r.imp.Topology.AWS, func(w wiredComponent) bool { return w.enabled })
	for _, w := range r.wired {
		if !w.enabled {
			r.imp.Disabled = append(r.imp.Disabled, w.listed)
		}
		if w.listed.Name == irsa.Connectors {
			r.comment(componentPath(irsa.Connectors, "statements"),
				"REPLACE: the statements of the connectors' role: what your connectors call in AWS (values files do not hold IAM policies)")
		}
	}
}

// components builds the components block of those wired components keep
// accepts.
func components(wired []wiredComponent, aws irsa.AWS, keep func(wiredComponent) bool) irsa.Components {
	var c irsa.Components
	for _, w := range wired {
		if !keep(w) {
			continue
		}
		l := w.listed
		switch l.Name {
		case irsa.Keycloak:
			c.Keycloak = &irsa.KeycloakComponent{ServiceAccount: l.ServiceAccount, CreateServiceAccount: l.CreateServiceAccount,
				Database: l.Database, DBUser: l.DBUser, RoleName: l.RoleName, RoleOptions: l.RoleOptions}
		case irsa.Identity:
			c.Identity = dbComponent(l)
		case irsa.WebModeler:
			c.WebModeler = dbComponent(l)
		case irsa.Orchestration:
			c.Orchestration = &irsa.OrchestrationComponent{ServiceAccount: l.ServiceAccount, CreateServiceAccount: l.CreateServiceAccount,
				Database: l.Database, DBUser: l.DBUser, RoleName: l.RoleName, RoleOptions: l.RoleOptions}
		case irsa.Connectors:
			c.Connectors = &irsa.ConnectorsComponent{ServiceAccount: l.ServiceAccount, CreateServiceAccount: l.CreateServiceAccount,
				RoleName: l.RoleName, RoleOptions: l.RoleOptions, Statements: []irsa.UserStatement{placeholderStatement(aws)}}
		default:
			plain := &irsa.Component{ServiceAccount: l.ServiceAccount, CreateServiceAccount: l.CreateServiceAccount,
				RoleName: l.RoleName, RoleOptions: l.RoleOptions}
			switch l.Name {
			case irsa.Zeebe:
				c.Zeebe = plain
			case irsa.ZeebeGateway:
				c.ZeebeGateway = plain
			case irsa.Operate:
				c.Operate = plain
			case irsa.Tasklist:
				c.Tasklist = plain
			case irsa.Optimize:
				c.Optimize = plain
			case irsa.Elasticsearch:
				c.Elasticsearch = plain
			}
		}
	}
	return c
}

func dbComponent(l irsa.ListedComponent) *irsa.DatabaseComponent {
	return &irsa.DatabaseComponent{ServiceAccount: l.ServiceAccount, CreateServiceAccount: l.CreateServiceAccount,
		Database: l.Database, DBUser: l.DBUser, RoleName: l.RoleName, RoleOptions: l.RoleOptions}
}

// placeholderStatement is the connectors' statement until the user writes
// theirs: a function of the topology's account that does not exist.
func placeholderStatement(aws irsa.AWS) irsa.UserStatement {
	arn := fmt.Sprintf("arn:%s:lambda:%s:%s:function:replace-me", irsa.PartitionForRegion(aws.Region).Name, aws.Region, aws.AccountID)
	return irsa.UserStatement{Sid: "ReplaceMe", Actions: []string{"lambda:InvokeFunction"}, Resources: []string{arn}}
}

func (r *reader) comment(path, text string) { r.imp.comments[path] = text }

func (r *reader) note(text string) { r.imp.Notes = append(r.imp.Notes, text) }

func componentPath(name irsa.ComponentName, field string) string {
	return "components." + string(name) + "." + field
}

// get returns the values at a dotted key path of the chart-line table;
// for a block the line overrides (camundaHub over webModeler) the two
// are merged, the overriding one winning, as the chart merges them.
func (r *reader) get(path string) map[string]any {
	keys := strings.Split(path, ".")
	base := r.getPath(keys...)
	for over, under := range r.line.OverrideBlocks {
		if keys[0] == under {
			return merge(base, r.getPath(append([]string{over}, keys[1:]...)...))
		}
		if keys[0] == over {
			return merge(r.getPath(append([]string{under}, keys[1:]...)...), base)
		}
	}
	return base
}

// keyOf names the key that decides path.key: the overriding block's when
// it sets the key, else path's own.
func (r *reader) keyOf(path, key string) string {
	root, rest, _ := strings.Cut(path, ".")
	for over, under := range r.line.OverrideBlocks {
		if root != over && root != under {
			continue
		}
		overPath := strings.TrimSuffix(over+"."+rest, ".")
		if v, ok := helmchart.Lookup(r.getPath(strings.Split(overPath, ".")...), key); ok && v != nil {
			return overPath + "." + key
		}
		return strings.TrimSuffix(under+"."+rest, ".") + "." + key
	}
	return path + "." + key
}

func (r *reader) getPath(keys ...string) map[string]any {
	v, _ := helmchart.Lookup(r.values, keys...)
	m, _ := v.(map[string]any)
	return m
}

// merge deep-merges over into base, maps key by key; a null in over
// falls through to base.
func merge(base, over map[string]any) map[string]any {
	if base == nil {
		return over
	}
	out := make(map[string]any, len(base)+len(over))
	for k, v := range base {
		out[k] = v
	}
	for k, v := range over {
		if v == nil {
			continue
		}
		if bm, ok := out[k].(map[string]any); ok {
			if om, ok := v.(map[string]any); ok {
				out[k] = merge(bm, om)
				continue
			}
		}
		out[k] = v
	}
	return out
}

func lookupString(v any, keys ...string) (string, bool) {
	x, ok := helmchart.Lookup(v, keys...)
	s, isString := x.(string)
	return s, ok && isString
}

// lookupInt reads a port: Helm decodes numbers as float64; a quoted one
// is accepted too.
func lookupInt(v any, keys ...string) int {
	x, _ := helmchart.Lookup(v, keys...)
	switch n := x.(type) {
	case float64:
		return int(n)
	case int:
		return n
	case string:
		i, _ := strconv.Atoi(n)
		return i
	}
	return 0
}

// envValue is the value of the named entry of an env list.
func envValue(block map[string]any, list, name string) string {
	v, _ := helmchart.Lookup(block, list)
	items, _ := v.([]any)
	for _, item := range items {
		if m, ok := item.(map[string]any); ok && m["name"] == name {
			s, _ := m["value"].(string)
			return s
		}
	}
	return ""
}

// parseJDBC reads host, port and database from a PostgreSQL JDBC URL,
// with or without the AWS wrapper: jdbc:aws-wrapper:postgresql://h:p/db?...
func parseJDBC(s string) (host string, port int, database string, ok bool) {
	rest, found := strings.CutPrefix(s, "jdbc:")
	if !found {
		return "", 0, "", false
	}
	rest = strings.TrimPrefix(rest, "aws-wrapper:")
	u, err := url.Parse(rest)
	if err != nil || u.Scheme != "postgresql" || u.Hostname() == "" {
		return "", 0, "", false
	}
	port = irsa.DefaultAuroraPort
	if p := u.Port(); p != "" {
		if port, err = strconv.Atoi(p); err != nil {
			return "", 0, "", false
		}
	}
	return u.Hostname(), port, strings.TrimPrefix(u.Path, "/"), true
}

// roleARN is an IAM role ARN taken apart.
type roleARN struct {
	partition, account, path, name string
}

func parseRoleARN(s string) (roleARN, error) {
	parts := strings.SplitN(s, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "iam" || !strings.HasPrefix(parts[5], "role/") {
		return roleARN{}, fmt.Errorf("%q is not an IAM role ARN (arn:<partition>:iam::<account>:role/<name>)", s)
	}
	full := strings.TrimPrefix(parts[5], "role/")
	i := strings.LastIndex(full, "/")
	path, name := "/", full
	if i >= 0 {
		path, name = "/"+full[:i+1], full[i+1:]
	}
	if name == "" || len(parts[4]) != 12 {
		return roleARN{}, fmt.Errorf("%q is not an IAM role ARN (arn:<partition>:iam::<account>:role/<name>)", s)
	}
	return roleARN{partition: parts[1], account: parts[4], path: path, name: name}, nil
}

// endpointRegion reads the region from an AWS endpoint name:
// <name>.<region>.rds.amazonaws.com, <name>.rds.<region>.amazonaws.com.cn,
// <name>.<region>.es.amazonaws.com. A custom name holds none.
func endpointRegion(host, service string) string {
	labels := strings.Split(strings.ToLower(host), ".")
	i := slices.Index(labels, service)
	if i < 1 {
		return ""
	}
	for _, l := range []string{labels[i-1], labels[min(i+1, len(labels)-1)]} {
		if irsa.IsRegion(l) {
			return l
		}
	}
	return ""
}

// endpointDomain reads <domain> from an endpoint AWS named
// search-<domain>-<id> or vpc-<domain>-<id>.
func endpointDomain(host string) (string, bool) {
	first, _, _ := strings.Cut(strings.ToLower(host), ".")
	if net.ParseIP(host) != nil || !strings.Contains(strings.ToLower(host), ".es.") {
		return "", false
	}
	for _, p := range []string{"search-", "vpc-"} {
		if rest, ok := strings.CutPrefix(first, p); ok {
			if i := strings.LastIndex(rest, "-"); i > 0 {
				return rest[:i], true
			}
		}
	}
	return "", false
}
