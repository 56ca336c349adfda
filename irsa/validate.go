package irsa

import (
	"fmt"
	"net"
	"slices"
	"strings"
)

// maxTrustPolicyQuota is the most the role trust policy length quota can
// be raised to.
const maxTrustPolicyQuota = 4096

// MaxRoleNameLength is IAM's limit on role names.
const MaxRoleNameLength = 64

// validateFields checks every field of the topology but the components.
// raw is the topology as written, t the same with defaults.
func validateFields(c *collector, raw, t Topology, lineKnown bool) {
	checkExact(c, "apiVersion", t.APIVersion, APIVersion)
	checkExact(c, "kind", t.Kind, Kind)
	switch {
	case t.Chart == "":
		c.add("chart", "is required: one of %s", quoteAll(ChartLineNames()))
	case !lineKnown:
		c.add("chart", "must be one of %s, got %q", quoteAll(ChartLineNames()), t.Chart)
	}
	if required(c, "namespace", t.Namespace) && !isDNSLabel(t.Namespace) {
		c.add("namespace", "must be a DNS-1123 label (at most 63 lower-case letters, digits or '-', starting and ending with a letter or digit), got %q", t.Namespace)
	}
	validateAWS(c, t.AWS)
	validateClusters(c, raw, t)
	if t.Mode != ModeIRSA && t.Mode != ModePodIdentity {
		c.add("mode", "must be %q or %q, got %q", ModeIRSA, ModePodIdentity, t.Mode)
	}
	validateRoleOptions(c, "roleDefaults", t.RoleDefaults, t.AWS.Partition)
	if !isRoleNameChars(t.RoleNamePrefix) {
		c.add("roleNamePrefix", "may hold only letters, digits and +=,.@_-, got %q", t.RoleNamePrefix)
	}
	if t.Aurora != nil {
		validateAurora(c, *t.Aurora, t.AWS.Region)
	}
	if t.OpenSearch != nil {
		validateOpenSearch(c, *t.OpenSearch, t.AWS.Region)
	}
	if b := t.ElasticsearchBackup; b != nil {
		checkBucket(c, "elasticsearchBackup.bucket", b.Bucket)
		if b.BasePath != "" && !isBasePath(b.BasePath) {
			c.add("elasticsearchBackup.basePath", "must be a key prefix without leading or trailing '/' (letters, digits, '.', '_', '-', separated by '/'), got %q", b.BasePath)
		}
	}
	if d := t.DocumentStore; d != nil {
		validateS3Location(c, "documentStore", *d, t.AWS.Partition)
	}
	if b := t.Backup; b != nil {
		validateS3Location(c, "backup", b.S3Location, t.AWS.Partition)
		switch {
		case !isOpenSearchName(b.RepositoryName):
			c.add("backup.repositoryName", "must be lower-case letters, digits, '-' and '_', starting with a letter or digit, got %q", b.RepositoryName)
		case strings.HasPrefix(b.RepositoryName, "cs-"):
			c.add("backup.repositoryName", "must not start with cs-, which OpenSearch Service keeps for its automated snapshots, got %q", b.RepositoryName)
		}
	}
	if st := t.SecretStore; st != nil {
		if required(c, "secretStore.pathPrefix", st.PathPrefix) && !isSecretPrefix(st.PathPrefix) {
			c.add("secretStore.pathPrefix", "must be a Secrets Manager name prefix (letters, digits and /_+=.@-), got %q", st.PathPrefix)
		}
		checkKMSKey(c, "secretStore.kmsKeyARN", st.KMSKeyARN, t.AWS.Partition)
	}
}

// validateS3Location checks a bucket, its key prefix and its KMS key.
func validateS3Location(c *collector, path string, l S3Location, partition string) {
	checkBucket(c, path+".bucket", l.Bucket)
	if l.Prefix != "" && !isKeyPrefix(l.Prefix) {
		c.add(path+".prefix", "must be a key prefix ending in '/' without a leading '/' (letters, digits, '.', '_', '-', separated by '/'), got %q", l.Prefix)
	}
	checkKMSKey(c, path+".kmsKeyARN", l.KMSKeyARN, partition)
}

// checkKMSKey checks an optional KMS key ARN; a key of another partition
// could never be used by the roles.
func checkKMSKey(c *collector, path, v, partition string) {
	if v == "" {
		return
	}
	p, ok := parseKMSKeyARN(v)
	switch {
	case !ok:
		c.add(path, "must be a KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<id>), got %q", v)
	case p != partition:
		c.add(path, "is in partition %s but the roles are in %s", p, partition)
	}
}

// validateUserStatement checks one of the connectors' statements as IAM
// would; before are the statements above it, whose Sids it must not take.
func validateUserStatement(c *collector, path string, st UserStatement, before []UserStatement) {
	if st.Sid != "" {
		if !every(st.Sid, isAlnum) {
			c.add(path+".sid", "may hold only letters and digits, got %q", st.Sid)
		}
		if slices.ContainsFunc(before, func(b UserStatement) bool { return b.Sid == st.Sid }) {
			c.add(path+".sid", "%q is also the sid of an earlier statement; IAM needs each sid once", st.Sid)
		}
	}
	if st.Effect != "" && st.Effect != Allow && st.Effect != Deny {
		c.add(path+".effect", "must be %q or %q, got %q", Allow, Deny, st.Effect)
	}
	if len(st.Actions) == 0 {
		c.add(path+".actions", "is required: at least one action, such as lambda:InvokeFunction")
	}
	for i, a := range st.Actions {
		if !isAction(a) {
			c.add(fmt.Sprintf("%s.actions[%d]", path, i), "must be service:Action (letters, digits, * and ?), got %q", a)
		}
	}
	if len(st.Resources) == 0 {
		c.add(path+".resources", "is required: the ARNs the actions apply to")
	}
	for i, r := range st.Resources {
		if r != "*" && !strings.HasPrefix(r, "arn:") {
			c.add(fmt.Sprintf("%s.resources[%d]", path, i), "must be an ARN or *, got %q", r)
		}
	}
}

// checkExact reports a field that must hold one fixed value.
func checkExact(c *collector, path, got, want string) {
	switch got {
	case want:
	case "":
		c.add(path, "is required: %q", want)
	default:
		c.add(path, "must be %q, got %q", want, got)
	}
}

// required reports an empty required field and says whether there is a
// value to check further.
func required(c *collector, path, v string) bool {
	if v == "" {
		c.add(path, "is required")
		return false
	}
	return true
}

func validateAWS(c *collector, a AWS) {
	if q := a.TrustPolicyQuota; q < DefaultTrustPolicyQuota || q > maxTrustPolicyQuota {
		c.add("aws.trustPolicyQuota", "must be between %d (IAM's default) and %d (the most IAM grants), got %d", DefaultTrustPolicyQuota, maxTrustPolicyQuota, q)
	}
	if required(c, "aws.accountID", a.AccountID) && !isAccountID(a.AccountID) {
		c.add("aws.accountID", "must be 12 digits, got %q", a.AccountID)
	}
	regionOK := IsRegion(a.Region)
	if required(c, "aws.region", a.Region) && !regionOK {
		c.add("aws.region", "must be an AWS region such as eu-central-1, got %q", a.Region)
	}
	switch {
	case a.Partition == "" && a.Region == "":
		// derived from the region, which is missing and reported above
	case !slices.Contains(partitionNames(), a.Partition):
		c.add("aws.partition", "must be one of %s, got %q (leave it out to derive it from aws.region)", quoteAll(partitionNames()), a.Partition)
	case regionOK && a.Partition != PartitionForRegion(a.Region).Name:
		c.add("aws.partition", "region %s is in partition %s, got %q (leave it out to derive it)",
			a.Region, PartitionForRegion(a.Region).Name, a.Partition)
	}
}

// validateClusters checks the cluster or clusters form. raw is the
// topology as written, to tell which of the two forms was used.
func validateClusters(c *collector, raw, t Topology) {
	given := raw.Cluster != (Cluster{})
	switch {
	case given && len(raw.Clusters) > 0:
		c.add("clusters", "give either cluster (one cluster) or clusters (several), not both")
		return
	case !given && len(raw.Clusters) == 0:
		c.add("cluster", "is required (or clusters, for several clusters)")
		return
	}
	seenName, seenIssuer := map[string]string{}, map[string]string{}
	for i, cl := range t.Clusters {
		path := "cluster"
		if !given {
			path = fmt.Sprintf("clusters[%d]", i)
		}
		validateCluster(c, path, cl, t.AWS)
		if prev, ok := seenName[cl.Name]; ok && cl.Name != "" {
			c.add(path+".name", "%q is also the name of %s; cluster names must be unique", cl.Name, prev)
		}
		if prev, ok := seenIssuer[cl.OIDCIssuer]; ok && cl.OIDCIssuer != "" {
			c.add(path+".oidcIssuer", "is also the issuer of %s; each cluster has its own OIDC provider", prev)
		}
		seenName[cl.Name], seenIssuer[cl.OIDCIssuer] = path, path
	}
}

func validateCluster(c *collector, path string, cl Cluster, a AWS) {
	if required(c, path+".name", cl.Name) && !isClusterName(cl.Name) {
		c.add(path+".name", "must be an EKS cluster name (1-100 letters, digits, - and _, starting with a letter or digit), got %q", cl.Name)
	}
	regionOK := IsRegion(cl.Region)
	switch {
	case !regionOK && cl.Region == a.Region:
		// defaulted from aws.region, which reports the problem itself
	case !regionOK:
		c.add(path+".region", "must be an AWS region such as eu-central-1, got %q", cl.Region)
	case IsRegion(a.Region) && PartitionForRegion(cl.Region) != PartitionForRegion(a.Region):
		c.add(path+".region", "%s is in partition %s but aws.region %s is in %s; IAM roles cannot trust clusters of another partition",
			cl.Region, PartitionForRegion(cl.Region).Name, a.Region, PartitionForRegion(a.Region).Name)
	}
	if !required(c, path+".oidcIssuer", cl.OIDCIssuer) {
		return
	}
	issuerRegion, dnsSuffix, ok := parseIssuer(cl.OIDCIssuer)
	if !ok {
		c.add(path+".oidcIssuer", "must be https://oidc.eks.<region>.amazonaws.com/id/<32 upper-case hex digits> (amazonaws.com.cn in China), got %q", cl.OIDCIssuer)
		return
	}
	if regionOK && issuerRegion != cl.Region {
		regionField := "aws.region"
		if path != "cluster" || cl.Region != a.Region {
			regionField = path + ".region"
		}
		c.add(path+".oidcIssuer", "is in region %s but %s is %s", issuerRegion, regionField, cl.Region)
	}
	if want := PartitionForRegion(issuerRegion).DNSSuffix; dnsSuffix != want {
		c.add(path+".oidcIssuer", "must end in %s for region %s, got %s", want, issuerRegion, dnsSuffix)
	}
}

func validateAurora(c *collector, a Aurora, region string) {
	checkHostname(c, "aurora.endpoint", a.Endpoint)
	checkEndpointRegion(c, "aurora.endpoint", a.Endpoint, "rds", region)
	if strings.Contains(strings.ToLower(a.Endpoint), ".cluster-ro-") {
		c.add("aurora.endpoint", "%q is the cluster's reader endpoint; Keycloak, Identity and Web Modeler write, so use the cluster (writer) endpoint", a.Endpoint)
	}
	if a.Port < 1 || a.Port > 65535 {
		c.add("aurora.port", "must be a port between 1 and 65535, got %d", a.Port)
	}
	if required(c, "aurora.clusterResourceID", a.ClusterResourceID) && a.ClusterResourceID != "*" && !isClusterResourceID(a.ClusterResourceID) {
		c.add("aurora.clusterResourceID", "must be cluster- and 26 upper-case letters or digits (the cluster's resource ID, not its name), or \"*\" while it is not known yet, got %q", a.ClusterResourceID)
	}
}

func validateOpenSearch(c *collector, o OpenSearch, region string) {
	domainOK := required(c, "opensearch.domain", o.Domain) && isDomainName(o.Domain)
	if o.Domain != "" && !domainOK {
		c.add("opensearch.domain", "must be 3-28 lower-case letters, digits or hyphens starting with a letter, got %q", o.Domain)
	}
	checkHostname(c, "opensearch.endpoint", o.Endpoint)
	checkEndpointRegion(c, "opensearch.endpoint", o.Endpoint, "es", region)
	// AWS names domain endpoints search-<domain>-<id> or vpc-<domain>-<id>;
	// a custom endpoint (a CNAME) shows no domain.
	if domain, ok := endpointDomain(o.Endpoint); ok && domainOK && domain != o.Domain {
		c.add("opensearch.domain", "is %q, but endpoint %s belongs to domain %q; the role would grant another domain", o.Domain, o.Endpoint, domain)
	}
	if o.Policy != OpenSearchPolicyLeast && o.Policy != OpenSearchPolicySeed {
		c.add("opensearch.policy", "must be %q or %q, got %q", OpenSearchPolicyLeast, OpenSearchPolicySeed, o.Policy)
	}
}

// validateComponents checks each listed component on its own; the checks
// that need the components grouped into roles follow in NewPlan.
func validateComponents(c *collector, t Topology, line ChartLine, lineKnown bool) {
	listed := t.Components.Listed()
	if len(listed) == 0 {
		c.add("components", "is required: list at least one component")
		return
	}
	for _, l := range listed {
		path := "components." + string(l.Name)
		checkServiceAccount(c, path+".serviceAccount", l.ServiceAccount)
		if l.RoleName != "" {
			checkRoleName(c, path+".roleName", l.RoleName)
		}
		validateRoleOptions(c, path, l.RoleOptions, t.AWS.Partition)
		if isDatabaseComponent(l.Name) || l.Database != "" && l.DBUser != "" {
			checkPGIdentifier(c, path+".database", l.Database)
			checkPGIdentifier(c, path+".dbUser", l.DBUser)
			if isReservedDBUser(l.DBUser) {
				c.add(path+".dbUser", "%q is reserved by PostgreSQL or Aurora; choose an application user", l.DBUser)
			}
		}
		validateNeeds(c, t, line, l)
		// Keycloak under its operator runs outside the chart on any line.
		if _, ok := line.Component(l.Name); lineKnown && !ok && l.Name != Keycloak {
			c.add(path, "is not a component of chart %s; %s", line.Name, replacementHint(l.Name))
		}
		for i, st := range l.Statements {
			validateUserStatement(c, fmt.Sprintf("%s.statements[%d]", path, i), st, l.Statements[:i])
		}
		if l.Name == Connectors && len(l.Statements) == 0 && !(t.DocumentStore != nil && slices.Contains(line.DocumentStoreConsumers, Connectors)) {
			c.add(path+".statements", "is required: the connectors role holds the statements you give it (what your connectors call in AWS)")
		}
		if l.Name == Elasticsearch && t.OpenSearch != nil {
			c.add(path, "cannot be combined with the opensearch block: Elasticsearch and OpenSearch are alternative datastores; remove one")
		}
		if l.Name == Elasticsearch && t.Mode == ModePodIdentity {
			c.add(path, "cannot use mode podIdentity: Elasticsearch's repository-s3 plugin reads only a web identity token file, which EKS Pod Identity does not project; use mode irsa")
		}
	}
	if lineKnown {
		validateFeatures(c, t, line, listed)
	}
}

// validateFeatures checks the AWS features the topology turns on against
// the components that use them on its chart line.
func validateFeatures(c *collector, t Topology, line ChartLine, all []ListedComponent) {
	comps := t.Components
	listed := map[ComponentName]bool{}
	for _, l := range all {
		listed[l.Name] = true
	}
	if t.DocumentStore != nil {
		if !slices.ContainsFunc(line.DocumentStoreConsumers, func(n ComponentName) bool { return listed[n] }) {
			c.add("documentStore", "no listed component uses it on chart %s; the chart hands the document store to %s", line.Name, componentList(line.DocumentStoreConsumers))
		}
		if _, ok := line.Component(ZeebeGateway); ok && listed[Zeebe] && !listed[ZeebeGateway] {
			c.add("components.zeebeGateway", "is required with documentStore on chart %s: the gateway serves the documents, and without a role of its own it would fall back to the node's", line.Name)
		}
	}
	if t.Backup != nil && !listed[Orchestration] && !listed[Zeebe] {
		c.add("backup", "needs the broker listed (components.orchestration, or components.zeebe where the line has it): the broker writes the backups")
	}
	if t.SecretStore != nil {
		switch {
		case !line.SecretStore:
			c.add("secretStore", "needs chart %s or later, got chart %s", firstLine(func(l ChartLine) bool { return l.SecretStore }), line.Name)
		case comps.Orchestration == nil:
			c.add("secretStore", "needs components.orchestration, which reads the secrets")
		case t.Mode == ModePodIdentity:
			c.add("secretStore", "cannot be used with mode podIdentity: the chart puts the store's roleArn on orchestration's service account as an IRSA annotation, which makes the AWS SDK try web identity; use mode irsa")
		case comps.Orchestration.CreateServiceAccount != nil && !*comps.Orchestration.CreateServiceAccount:
			c.add("components.orchestration.createServiceAccount", "must not be false with secretStore: the chart annotates the service account it creates with the store's role")
		}
	}
	if comps.Orchestration.SecondaryStorageInAurora() && t.OpenSearch != nil && comps.Optimize == nil {
		c.add("opensearch", "is not used: orchestration keeps its secondary storage in Aurora and no optimize is listed; remove it")
	}
}

// componentList names components for a message: a, b and c.
func componentList(names []ComponentName) string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = string(n)
	}
	return andList(out)
}

// andList joins items for a message: a, b and c.
func andList(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// isReservedDBUser reports the role names PostgreSQL (pg_*, postgres)
// and Aurora (rds_*, rdsadmin, ...) reserve for themselves. PostgreSQL
// folds unquoted names to lower case, so the check ignores case.
func isReservedDBUser(user string) bool {
	u := strings.ToLower(user)
	return strings.HasPrefix(u, "pg_") || strings.HasPrefix(u, "rds_") ||
		slices.Contains([]string{"postgres", "rdsadmin", "rdsrepladmin", "rdstopmgr"}, u)
}

// checkEndpointRegion compares the region an AWS endpoint name holds
// (<name>.<region>.rds.amazonaws.com, <name>.rds.<region>.amazonaws.com.cn,
// <name>.<region>.es.amazonaws.com) with aws.region: the roles grant only
// that region's resources. A custom name (a CNAME) holds none.
func checkEndpointRegion(c *collector, path, host, service, region string) {
	labels := strings.Split(strings.ToLower(host), ".")
	i := slices.Index(labels, service)
	if i < 1 || !IsRegion(region) {
		return
	}
	for _, got := range []string{labels[i-1], labels[min(i+1, len(labels)-1)]} {
		if IsRegion(got) && got != region {
			c.add(path, "is in region %s but aws.region is %s; the role grants only aws.region's resources", got, region)
			return
		}
	}
}

// endpointDomain reads <domain>-<id> from an endpoint AWS named
// search-<domain>-<id>.<region>.es.amazonaws.com (vpc- in a VPC).
func endpointDomain(host string) (string, bool) {
	first, _, _ := strings.Cut(strings.ToLower(host), ".")
	if !strings.Contains(strings.ToLower(host), ".es.") {
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

func checkServiceAccount(c *collector, path, v string) {
	if required(c, path, v) && !isDNSSubdomain(v) {
		c.add(path, "must be a DNS-1123 subdomain (at most 253 lower-case letters, digits, '-' or '.', starting and ending with a letter or digit), got %q", v)
	}
}

func isDNSSubdomain(v string) bool {
	if v == "" || len(v) > 253 {
		return false
	}
	for _, part := range strings.Split(v, ".") {
		if !isDNSLabelChars(part) {
			return false
		}
	}
	return true
}

func checkHostname(c *collector, path, v string) {
	switch {
	case !required(c, path, v):
	case strings.Contains(v, "://"):
		c.add(path, "must be a host name without scheme or port, got %q", v)
	case !isDNSSubdomain(strings.ToLower(v)):
		c.add(path, "must be a DNS host name (letters, digits, '-' and '.'; no scheme, port or path), got %q", v)
	}
}

func checkPGIdentifier(c *collector, path, v string) {
	switch {
	case !required(c, path, v):
	case len(v) > 63:
		c.add(path, "must be at most 63 characters (PostgreSQL's identifier limit), got %d", len(v))
	case !isPGIdentifier(v):
		c.add(path, "must start with a letter or '_' and hold only letters, digits, '_', '$' or '-', got %q", v)
	}
}

func checkRoleName(c *collector, path, v string) {
	switch {
	case len(v) > MaxRoleNameLength:
		c.add(path, "must be at most %d characters, got %d", MaxRoleNameLength, len(v))
	case !isRoleNameChars(v):
		c.add(path, "may hold only letters, digits and +=,.@_-, got %q", v)
	}
}

// checkBucket applies the S3 general purpose bucket naming rules.
func checkBucket(c *collector, path, v string) {
	bad := func(why string) { c.add(path, "%s, got %q", why, v) }
	switch {
	case !required(c, path, v):
	case len(v) < 3 || len(v) > 63:
		bad("must be 3-63 characters")
	case !isBucketChars(v):
		bad("must hold only lower-case letters, digits, '.' and '-', starting and ending with a letter or digit")
	case strings.Contains(v, ".."):
		bad("must not contain two adjacent periods")
	case net.ParseIP(v) != nil:
		bad("must not be formatted as an IP address")
	case hasAnyPrefix(v, "xn--", "sthree-", "amzn-s3-demo-"):
		bad("must not start with xn--, sthree- or amzn-s3-demo-")
	case hasAnySuffix(v, "-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"):
		bad("must not end with a suffix S3 reserves (-s3alias, --ol-s3, .mrap, --x-s3, --table-s3)")
	}
}

func hasAnyPrefix(s string, prefixes ...string) bool {
	return slices.ContainsFunc(prefixes, func(p string) bool { return strings.HasPrefix(s, p) })
}

func hasAnySuffix(s string, suffixes ...string) bool {
	return slices.ContainsFunc(suffixes, func(p string) bool { return strings.HasSuffix(s, p) })
}

func quoteAll(list []string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}
