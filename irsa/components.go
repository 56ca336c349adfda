package irsa

import (
	"fmt"
	"slices"
	"strings"
)

// What each component needs from AWS, in one place: the topology blocks
// it depends on and the grants that follow from them on a chart line.

// isDatabaseComponent reports the components that always connect to
// Aurora as their own database user.
func isDatabaseComponent(name ComponentName) bool {
	return name == Keycloak || name == Identity || name == WebModeler
}

// usesAurora reports a listed component that connects to Aurora: the
// database components, and orchestration keeping its secondary storage
// there.
func usesAurora(c ListedComponent) bool {
	return isDatabaseComponent(c.Name) || c.Name == Orchestration && c.DBUser != ""
}

// searchesOpenSearch reports a listed component that reads and writes the
// OpenSearch domain. Orchestration on Aurora does so only to feed
// Optimize: the chart then turns on its OpenSearch exporter.
func searchesOpenSearch(t Topology, c ListedComponent) bool {
	switch c.Name {
	case Zeebe, Operate, Tasklist, Optimize:
		return true
	case Orchestration:
		return c.DBUser == "" || t.Components.Optimize != nil
	}
	return false
}

// validateNeeds reports the topology blocks a component needs that the
// topology lacks, and the combinations its chart line cannot run.
func validateNeeds(c *collector, t Topology, line ChartLine, l ListedComponent) {
	path := "components." + string(l.Name)
	switch {
	case usesAurora(l) && t.Aurora == nil:
		c.add(path, "needs the aurora block (endpoint, clusterResourceID)")
	case l.Name == Orchestration && l.DBUser == "" && t.OpenSearch == nil:
		c.add(path, "needs the opensearch block (domain, endpoint), or database and dbUser to keep its secondary storage in Aurora")
	case l.Name != Orchestration && searchesOpenSearch(t, l) && t.OpenSearch == nil:
		if l.Name == Optimize && t.Components.Orchestration.SecondaryStorageInAurora() {
			c.add(path, "needs the opensearch block (domain, endpoint): Optimize keeps its data in OpenSearch even when orchestration keeps its secondary storage in Aurora")
		} else {
			c.add(path, "needs the opensearch block (domain, endpoint)")
		}
	case l.Name == Elasticsearch && t.ElasticsearchBackup == nil:
		c.add(path, "needs the elasticsearchBackup block (bucket)")
	case l.Name == ZeebeGateway && t.DocumentStore == nil:
		c.add(path, "needs nothing from AWS without the documentStore block; remove it")
	}
	if l.Name == Orchestration && (l.Database != "") != (l.DBUser != "") {
		missing, given := "dbUser", "database"
		if l.Database == "" {
			missing, given = given, missing
		}
		c.add(path+"."+missing, "is required with %s: together they keep orchestration's secondary storage in Aurora", given)
	}
	if l.Name == Orchestration && l.DBUser != "" && line.Name != "" && !line.SecondaryStorage {
		c.add(path+".dbUser", "secondary storage in Aurora needs chart %s or later, got chart %s", firstLine(func(l ChartLine) bool { return l.SecondaryStorage }), line.Name)
	}
	if l.Name == Keycloak {
		validateKeycloak(c, path, line, l)
	}
}

// validateKeycloak checks who runs Keycloak against what the line has.
func validateKeycloak(c *collector, path string, line ChartLine, l ListedComponent) {
	_, subchart := line.Component(Keycloak)
	switch l.ManagedBy {
	case KeycloakByChart:
		if line.Name != "" && !subchart {
			c.add(path+".managedBy", "chart %s has no Keycloak subchart; use operator (the Keycloak Operator)", line.Name)
		}
		if l.Image != "" {
			c.add(path+".image", "applies to managedBy operator; the chart's Keycloak image is identityKeycloak.image in your values")
		}
	case KeycloakByOperator:
		if major, ok := imageMajor(l.Image); ok && major < minKeycloakMajor {
			c.add(path+".image", "Keycloak %d cannot load the AWS JDBC wrapper; use Keycloak %d or later (such as %s)", major, minKeycloakMajor, DefaultKeycloakImage)
		}
	default:
		c.add(path+".managedBy", "must be %q or %q, got %q", KeycloakByChart, KeycloakByOperator, l.ManagedBy)
	}
}

// minKeycloakMajor is the first Keycloak that can use the AWS JDBC
// wrapper as its database driver.
const minKeycloakMajor = 21

// imageMajor reads the major version from an image tag such as 26.3.3 or
// quay-optimized-26.7.0; ok is false for tags without one (a digest,
// latest).
func imageMajor(image string) (int, bool) {
	at := strings.LastIndexAny(image, ":@")
	if at < 0 || image[at] == '@' {
		return 0, false
	}
	tag := image[at+1:]
	for i := 0; i < len(tag); i++ {
		if isDigit(rune(tag[i])) && (i == 0 || tag[i-1] == '-') {
			n, j := 0, i
			for ; j < len(tag) && isDigit(rune(tag[j])); j++ {
				n = n*10 + int(tag[j]-'0')
			}
			if j < len(tag) && tag[j] == '.' {
				return n, true
			}
		}
	}
	return 0, false
}

// replacementHint says what to list instead of a component its chart line
// does not have.
func replacementHint(name ComponentName) string {
	switch name {
	case Orchestration:
		return "use components.zeebe, components.operate and components.tasklist"
	case Elasticsearch:
		return "the line has no Elasticsearch subchart; use the opensearch block (Amazon OpenSearch Service)"
	case ZeebeGateway:
		return "the gateway runs inside orchestration, whose role holds its grants"
	default:
		return "use components.orchestration, which runs Zeebe, Operate and Tasklist together"
	}
}

// scope resolves ARNs in the topology's partition, region and account.
type scope struct{ partition, region, account string }

func scopeOf(t Topology) scope {
	return scope{partition: PartitionForRegion(t.AWS.Region).Name, region: t.AWS.Region, account: t.AWS.AccountID}
}

// grants are what a listed component of a valid topology needs on its
// chart line, resolved to ARNs.
func grants(t Topology, line ChartLine, c ListedComponent) grantSet {
	s := scopeOf(t)
	var out []Grant
	if usesAurora(c) {
		out = append(out, AuroraConnect{DBUser: c.DBUser,
			Resource: RDSDBUserARN(s.partition, s.region, s.account, t.Aurora.ClusterResourceID, c.DBUser)})
	}
	if searchesOpenSearch(t, c) {
		out = append(out, OpenSearchHTTP{Domain: OpenSearchDomainARN(s.partition, s.region, s.account, t.OpenSearch.Domain),
			Policy: t.OpenSearch.Policy})
	}
	if c.Name == Elasticsearch {
		out = append(out, S3Snapshots{Bucket: S3BucketARN(s.partition, t.ElasticsearchBackup.Bucket),
			BasePath: t.ElasticsearchBackup.BasePath})
	}
	if d := t.DocumentStore; d != nil && slices.Contains(line.DocumentStoreConsumers, c.Name) {
		out = append(out, documentStoreGrant(s, *d))
	}
	if b := t.Backup; b != nil && (c.Name == Orchestration || c.Name == Zeebe) {
		out = append(out, brokerBackupGrant(s, *b))
	}
	if st := t.SecretStore; st != nil && c.Name == Orchestration {
		out = append(out, SecretsRead{Secrets: SecretARN(s.partition, s.region, s.account, st.PathPrefix+"*"), KMSKey: st.KMSKeyARN})
	}
	if c.Name == Connectors && len(c.Statements) > 0 {
		out = append(out, userStatements(c.Statements))
	}
	return newGrantSet(out...)
}

// documentStoreGrant is the documents' keys, read and written.
func documentStoreGrant(s scope, d S3Location) S3Objects {
	return S3Objects{Use: "DocumentStore", Bucket: S3BucketARN(s.partition, d.Bucket), Prefix: d.Prefix, KMSKey: d.KMSKeyARN,
		Actions: readWriteActions()}
}

// brokerBackupGrant is Zeebe's backup store, under <prefix>zeebe.
func brokerBackupGrant(s scope, b Backup) S3Objects {
	return S3Objects{Use: "Backup", Bucket: S3BucketARN(s.partition, b.Bucket), Prefix: b.Prefix + BrokerBackupFolder + "/",
		KMSKey: b.KMSKeyARN, Location: true, Actions: readWriteActions()}
}

// snapshotRepositoryGrant is what OpenSearch itself needs, through the
// snapshot role, for the repository under <prefix>opensearch.
func snapshotRepositoryGrant(s scope, b Backup) S3Objects {
	return S3Objects{Use: "SnapshotRepository", Bucket: S3BucketARN(s.partition, b.Bucket), Prefix: b.Prefix + SnapshotFolder + "/",
		KMSKey: b.KMSKeyARN, Actions: readWriteActions()}
}

// readWriteActions are the object actions of every S3Objects grant; a
// fresh slice each time, since a grant hands its Actions out.
func readWriteActions() []string {
	return []string{"s3:DeleteObject", "s3:GetObject", "s3:PutObject"}
}

// The folders of the backup prefix.
const (
	// BrokerBackupFolder holds Zeebe's backups.
	BrokerBackupFolder = "zeebe"
	// SnapshotFolder holds the OpenSearch snapshot repository.
	SnapshotFolder = "opensearch"
)

// userStatements turns the connectors' statements into a grant, giving
// each a Sid when it has none.
func userStatements(list []UserStatement) UserStatements {
	g := UserStatements{}
	for i, us := range list {
		st := Statement{Sid: us.Sid, Effect: us.Effect, Action: Strings(slices.Clone(us.Actions)),
			Resource: Strings(slices.Clone(us.Resources)), Condition: us.Condition.clone()}
		if st.Sid == "" {
			st.Sid = fmt.Sprintf("Connectors%d", i+1)
		}
		if st.Effect == "" {
			st.Effect = Allow
		}
		g.List = append(g.List, st)
	}
	return g
}
