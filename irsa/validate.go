package irsa

import (
	"fmt"
	"net"
	"strings"
)

// ChartLines are the Camunda chart lines a topology may name, oldest first.
var chartLines = []string{"8.7", "8.8", "8.9"}

// ChartLines returns the supported chart lines, oldest first.
func ChartLines() []string { return append([]string(nil), chartLines...) }

// partitionNames are the partitions a topology may name.
var partitionNames = []string{partitionAWS.Name, partitionChina.Name, partitionGov.Name}

// maxTrustPolicyQuota is the most the role trust policy length quota can
// be raised to.
const maxTrustPolicyQuota = 4096

// MaxRoleNameLength is IAM's limit on role names.
const MaxRoleNameLength = 64

// Validate checks every field and the relations between them and returns
// all problems at once as FieldErrors, each naming its field path.
func (t Topology) Validate() error {
	var c collector
	raw := t
	t = t.WithDefaults()

	if t.APIVersion != APIVersion {
		c.add("apiVersion", "must be %q, got %q", APIVersion, t.APIVersion)
	}
	if t.Kind != Kind {
		c.add("kind", "must be %q, got %q", Kind, t.Kind)
	}
	if !contains(chartLines, t.Chart) {
		c.add("chart", "must be one of %s, got %q", quoteAll(chartLines), t.Chart)
	}
	checkDNSLabel(&c, "namespace", t.Namespace)
	validateAWS(&c, t.AWS)
	validateClusters(&c, raw, t)
	if t.Mode != ModeIRSA && t.Mode != ModePodIdentity {
		c.add("mode", "must be %q or %q, got %q", ModeIRSA, ModePodIdentity, t.Mode)
	}
	validateRoleOptions(&c, "roleDefaults", t.RoleDefaults, t.AWS.Partition)
	if !isRoleNameChars(t.RoleNamePrefix) {
		c.add("roleNamePrefix", "may hold only letters, digits and +=,.@_-, got %q", t.RoleNamePrefix)
	}
	if t.Aurora != nil {
		validateAurora(&c, *t.Aurora)
	}
	if t.OpenSearch != nil {
		validateOpenSearch(&c, *t.OpenSearch)
	}
	if b := t.ElasticsearchBackup; b != nil {
		checkBucket(&c, "elasticsearchBackup.bucket", b.Bucket)
		if b.BasePath != "" && !isBasePath(b.BasePath) {
			c.add("elasticsearchBackup.basePath", "must be a key prefix without leading or trailing '/' (letters, digits, '.', '_', '-', separated by '/'), got %q", b.BasePath)
		}
	}
	validateComponents(&c, t)
	if len(c.errs) == 0 {
		// Only the roles themselves show whether a trust policy fits the
		// quota, and they can be built only from a topology that is
		// otherwise valid. Without this, Validate would accept what
		// NewPlan refuses.
		checkTrustPolicyQuota(&c, t)
	}
	return c.err()
}

// checkTrustPolicyQuota reports a service account whose trust policy
// alone exceeds aws.trustPolicyQuota: NewPlan splits roles by service
// account, so that is the one case no split can fit.
func checkTrustPolicyQuota(c *collector, t Topology) {
	p := &Plan{Topology: t, Partition: PartitionForRegion(t.AWS.Region)}
	quota := t.AWS.TrustPolicyQuota
	for _, g := range groupRoles(t) {
		sas := make([]ServiceAccountRef, len(g.members))
		for i, m := range g.members {
			sas[i] = ServiceAccountRef{Namespace: t.Namespace, Name: m.ServiceAccount}
		}
		if p.trustPolicy(sas).Length() <= quota {
			continue // fits whole, so every part of it fits too
		}
		for _, sa := range sas {
			if n := p.trustPolicy([]ServiceAccountRef{sa}).Length(); n > quota {
				c.add("aws.trustPolicyQuota", "the trust policy of the %s role for service account %s alone is %d characters, over the quota of %d; raise the quota or shorten names",
					g.describe(), sa.Name, n, quota)
				return
			}
		}
	}
}

func validateAWS(c *collector, a AWS) {
	if q := a.TrustPolicyQuota; q < DefaultTrustPolicyQuota || q > maxTrustPolicyQuota {
		c.add("aws.trustPolicyQuota", "must be between %d (IAM's default) and %d (the most IAM grants), got %d", DefaultTrustPolicyQuota, maxTrustPolicyQuota, q)
	}
	if !isAccountID(a.AccountID) {
		c.add("aws.accountID", "must be 12 digits, got %q", a.AccountID)
	}
	regionOK := isRegion(a.Region)
	if !regionOK {
		c.add("aws.region", "must be an AWS region such as eu-central-1, got %q", a.Region)
	}
	switch {
	case !contains(partitionNames, a.Partition):
		c.add("aws.partition", "must be one of %s, got %q (leave it out to derive it from aws.region)", quoteAll(partitionNames), a.Partition)
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
		if prev, ok := seenName[cl.Name]; ok {
			c.add(path+".name", "%q is also the name of %s; cluster names must be unique", cl.Name, prev)
		}
		if prev, ok := seenIssuer[cl.OIDCIssuer]; ok {
			c.add(path+".oidcIssuer", "is also the issuer of %s; each cluster has its own OIDC provider", prev)
		}
		seenName[cl.Name], seenIssuer[cl.OIDCIssuer] = path, path
	}
}

func validateCluster(c *collector, path string, cl Cluster, a AWS) {
	if !isClusterName(cl.Name) {
		c.add(path+".name", "must be an EKS cluster name (1-100 letters, digits, - and _, starting with a letter or digit), got %q", cl.Name)
	}
	regionOK := isRegion(cl.Region)
	switch {
	case !regionOK && cl.Region == a.Region:
		// defaulted from aws.region, which reports the problem itself
	case !regionOK:
		c.add(path+".region", "must be an AWS region such as eu-central-1, got %q", cl.Region)
	case isRegion(a.Region) && PartitionForRegion(cl.Region) != PartitionForRegion(a.Region):
		c.add(path+".region", "%s is in partition %s but aws.region %s is in %s; IAM roles cannot trust clusters of another partition",
			cl.Region, PartitionForRegion(cl.Region).Name, a.Region, PartitionForRegion(a.Region).Name)
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

func validateAurora(c *collector, a Aurora) {
	checkHostname(c, "aurora.endpoint", a.Endpoint)
	if strings.Contains(strings.ToLower(a.Endpoint), ".cluster-ro-") {
		c.add("aurora.endpoint", "%q is the cluster's reader endpoint; Keycloak, Identity and Web Modeler write, so use the cluster (writer) endpoint", a.Endpoint)
	}
	if a.Port < 1 || a.Port > 65535 {
		c.add("aurora.port", "must be a port between 1 and 65535, got %d", a.Port)
	}
	if a.ClusterResourceID != "*" && !isClusterResourceID(a.ClusterResourceID) {
		c.add("aurora.clusterResourceID", "must be cluster- and 26 upper-case letters or digits (the cluster's resource ID, not its name), or \"*\" while it is not known yet, got %q", a.ClusterResourceID)
	}
}

func validateOpenSearch(c *collector, o OpenSearch) {
	if !isDomainName(o.Domain) {
		c.add("opensearch.domain", "must be 3-28 lower-case letters, digits or hyphens starting with a letter, got %q", o.Domain)
	}
	checkHostname(c, "opensearch.endpoint", o.Endpoint)
	if o.Policy != OpenSearchPolicyLeast && o.Policy != OpenSearchPolicySeed {
		c.add("opensearch.policy", "must be %q or %q, got %q", OpenSearchPolicyLeast, OpenSearchPolicySeed, o.Policy)
	}
}

func validateComponents(c *collector, t Topology) {
	listed := t.Components.Listed()
	if len(listed) == 0 {
		c.add("components", "must list at least one component")
		return
	}
	knownChart, modern := contains(chartLines, t.Chart), t.Chart != "8.7"
	before := len(c.errs)
	for _, l := range listed {
		path := "components." + string(l.Name)
		checkServiceAccount(c, path+".serviceAccount", l.ServiceAccount)
		if l.RoleName != "" {
			checkRoleName(c, path+".roleName", l.RoleName)
		}
		validateRoleOptions(c, path, l.RoleOptions, t.AWS.Partition)
		if l.Purpose == PurposeAurora {
			checkPGIdentifier(c, path+".database", l.Database)
			checkPGIdentifier(c, path+".dbUser", l.DBUser)
			if isReservedDBUser(l.DBUser) {
				c.add(path+".dbUser", "%q is reserved by PostgreSQL or Aurora; choose an application user", l.DBUser)
			}
		}
		switch {
		case l.Purpose == PurposeAurora && t.Aurora == nil:
			c.add(path, "needs the aurora block (endpoint, clusterResourceID)")
		case l.Purpose == PurposeOpenSearch && t.OpenSearch == nil:
			c.add(path, "needs the opensearch block (domain, endpoint)")
		case l.Purpose == PurposeBackup && t.ElasticsearchBackup == nil:
			c.add(path, "needs the elasticsearchBackup block (bucket)")
		}
		switch l.Name {
		case Zeebe, Operate, Tasklist:
			if knownChart && modern {
				c.add(path, "is not a component of chart %s; use components.orchestration, which runs Zeebe, Operate and Tasklist together", t.Chart)
			}
		case Orchestration:
			if knownChart && !modern {
				c.add(path, "is not a component of chart 8.7; use components.zeebe, components.operate and components.tasklist")
			}
		case Elasticsearch:
			if t.OpenSearch != nil {
				c.add(path, "cannot be combined with the opensearch block: Elasticsearch and OpenSearch are alternative datastores; remove one")
			}
		}
	}
	// The role-level checks group components by service account, user
	// and name; on components that are themselves wrong they would only
	// repeat those errors. Problems elsewhere (aws, cluster) do not stop
	// them, so that one pass reports everything.
	if len(c.errs) == before {
		validateRoles(c, t)
	}
}

// isReservedDBUser reports the role names PostgreSQL (pg_*, postgres)
// and Aurora (rds_*, rdsadmin, ...) reserve for themselves. PostgreSQL
// folds unquoted names to lower case, so the check ignores case.
func isReservedDBUser(user string) bool {
	u := strings.ToLower(user)
	return strings.HasPrefix(u, "pg_") || strings.HasPrefix(u, "rds_") ||
		contains([]string{"postgres", "rdsadmin", "rdsrepladmin", "rdstopmgr"}, u)
}

// validateRoles checks what only the grouping of components into roles
// shows: shared service accounts, conflicting overrides, name lengths.
func validateRoles(c *collector, t Topology) {
	groups := groupRoles(t)
	bySA := map[string]*roleGroup{}
	saOwner := map[string]ComponentName{}
	byName := map[string]*roleGroup{}
	for _, g := range groups {
		for _, m := range g.members {
			path := "components." + string(m.Name)
			if other, ok := bySA[m.ServiceAccount]; ok && other != g {
				c.add(path+".serviceAccount", "%q is also the service account of components.%s, which needs a different role (%s); give each its own service account",
					m.ServiceAccount, saOwner[m.ServiceAccount], other.describe())
			} else if !ok {
				bySA[m.ServiceAccount], saOwner[m.ServiceAccount] = g, m.Name
			}
		}
		for _, conflict := range g.overrideConflicts {
			c.add("components."+string(conflict.member)+".roleName", "%s", conflict.message)
		}
		for _, conflict := range g.optionConflicts {
			c.add(conflict.path, "%s", conflict.message)
		}
		// IAM role names are unique regardless of case.
		key := strings.ToLower(g.name)
		other, ok := byName[key]
		if !ok {
			byName[key] = g
			continue
		}
		// Blame the roleName override that causes the clash, not the
		// component whose generated name it happens to take.
		blamed, against := g, other
		if g.overridden == nil && other.overridden != nil {
			blamed, against = other, g
		}
		c.add(blamed.namePath(), "role name %q clashes with %q, the role of components.%s; IAM role names must be unique (regardless of case)",
			blamed.name, against.name, against.members[0].Name)
	}
}

func checkDNSLabel(c *collector, path, v string) {
	if !isDNSLabel(v) {
		c.add(path, "must be a DNS-1123 label (at most 63 lower-case letters, digits or '-', starting and ending with a letter or digit), got %q", v)
	}
}

func checkServiceAccount(c *collector, path, v string) {
	if !isDNSSubdomain(v) {
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
	if strings.Contains(v, "://") {
		c.add(path, "must be a host name without scheme or port, got %q", v)
		return
	}
	if !isDNSSubdomain(strings.ToLower(v)) {
		c.add(path, "must be a DNS host name (letters, digits, '-' and '.'; no scheme, port or path), got %q", v)
	}
}

func checkPGIdentifier(c *collector, path, v string) {
	switch {
	case v == "":
		c.add(path, "must not be empty")
	case len(v) > 63:
		c.add(path, "must be at most 63 characters (PostgreSQL's identifier limit), got %d", len(v))
	case !isPGIdentifier(v):
		c.add(path, "must start with a letter or '_' and hold only letters, digits, '_', '$' or '-', got %q", v)
	}
}

func checkRoleName(c *collector, path, v string) {
	switch {
	case v == "":
		c.add(path, "must not be empty")
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
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

func hasAnySuffix(s string, suffixes ...string) bool {
	for _, p := range suffixes {
		if strings.HasSuffix(s, p) {
			return true
		}
	}
	return false
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func quoteAll(list []string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}
