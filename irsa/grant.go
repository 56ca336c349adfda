package irsa

import (
	"slices"
	"strings"
)

// A Grant is one thing a service account needs in AWS: connecting to
// Aurora as a user, calling an OpenSearch domain, writing snapshots to a
// bucket. Components whose grants are equal share a role, and a role's
// permission policy is the union of its grants' statements. The set of
// grants is closed: only this package implements Grant.
type Grant interface {
	// Kind says what the grant allows; it orders the grants of a role.
	Kind() GrantKind
	// Describe names the grant in messages: "Aurora user keycloak_irsa".
	Describe() string
	// Statements are the permission statements the grant needs.
	Statements() []Statement
	// key identifies the grant among the grants of one plan.
	key() string
}

// GrantKind is what a grant allows, in the order grants appear in a role.
type GrantKind int

const (
	// GrantAuroraConnect is rds-db:connect as one database user.
	GrantAuroraConnect GrantKind = iota + 1
	// GrantOpenSearchHTTP is the data plane of an OpenSearch domain.
	GrantOpenSearchHTTP
	// GrantS3Snapshots is Elasticsearch's repository-s3 on a bucket.
	GrantS3Snapshots
	// GrantS3Objects is reading and writing keys under a prefix of a
	// bucket: the document store, backups.
	GrantS3Objects
	// GrantSecretsRead is reading secrets of AWS Secrets Manager.
	GrantSecretsRead
	// GrantUserStatements are statements the user wrote.
	GrantUserStatements
)

// roleSuffix is the generated role name's suffix for a role that holds
// only grants of this kind and is shared by every component needing it;
// empty means the role is named after its first component.
func (k GrantKind) roleSuffix() string {
	switch k {
	case GrantOpenSearchHTTP:
		return "opensearch"
	case GrantS3Snapshots:
		return "es-backup"
	default:
		return ""
	}
}

// AuroraConnect lets a role sign in to Aurora PostgreSQL as one user
// with an IAM token.
type AuroraConnect struct {
	DBUser string
	// Resource is the user's rds-db ARN on the cluster.
	Resource string
}

func (AuroraConnect) Kind() GrantKind    { return GrantAuroraConnect }
func (g AuroraConnect) Describe() string { return "Aurora user " + g.DBUser }
func (g AuroraConnect) key() string      { return "rds-db:" + g.Resource }
func (g AuroraConnect) Statements() []Statement {
	return []Statement{Allowing("RDSIAMConnect", []string{"rds-db:connect"}, g.Resource)}
}

// OpenSearchHTTP lets a role send signed requests to an OpenSearch
// Service domain.
type OpenSearchHTTP struct {
	// Domain is the domain's ARN.
	Domain string
	Policy OpenSearchPolicy
}

func (OpenSearchHTTP) Kind() GrantKind  { return GrantOpenSearchHTTP }
func (OpenSearchHTTP) Describe() string { return "OpenSearch" }
func (g OpenSearchHTTP) key() string    { return "es:" + g.Domain + ":" + string(g.Policy) }
func (g OpenSearchHTTP) Statements() []Statement {
	http := Allowing("OpenSearchHTTP", openSearchHTTPActions, g.Domain+"/*")
	if g.Policy != OpenSearchPolicySeed {
		return []Statement{http}
	}
	// The seed guide granted its whole list on domain/*, where the
	// configuration actions never match: they act on the domain ARN
	// itself, and the account-wide listings on no resource at all.
	return []Statement{http,
		Allowing("OpenSearchDomainConfig", openSearchSeedDomainActions, g.Domain),
		Allowing("OpenSearchAccountListings", openSearchSeedAccountActions, "*")}
}

// S3Snapshots lets Elasticsearch's repository-s3 plugin keep snapshots
// in a bucket, under a base path when one is set.
type S3Snapshots struct {
	// Bucket is the bucket's ARN.
	Bucket string
	// BasePath is the repository's base_path; empty for the whole bucket.
	BasePath string
}

func (S3Snapshots) Kind() GrantKind  { return GrantS3Snapshots }
func (S3Snapshots) Describe() string { return "Elasticsearch backup" }
func (g S3Snapshots) key() string    { return "s3-snapshots:" + g.Bucket + "/" + g.BasePath }
func (g S3Snapshots) Statements() []Statement {
	if g.BasePath == "" {
		return []Statement{
			Allowing("SnapshotBucket", slices.Sorted(slices.Values(slices.Concat(snapshotBucketActions, snapshotListActions))), g.Bucket),
			Allowing("SnapshotObjects", snapshotObjectActions, g.Bucket+"/*"),
		}
	}
	// Listing the bucket would show every key of it; the s3:prefix
	// condition keeps the listings inside the base path.
	return []Statement{
		Allowing("SnapshotBucket", snapshotBucketActions, g.Bucket),
		prefixed(Allowing("SnapshotListing", snapshotListActions, g.Bucket), g.BasePath),
		Allowing("SnapshotObjects", snapshotObjectActions, g.Bucket+"/"+g.BasePath+"/*"),
	}
}

// prefixed limits a listing statement to the keys under prefix (a key
// prefix without a trailing "/"): the prefix itself, which S3 clients
// list to find it, and everything below it.
func prefixed(st Statement, prefix string) Statement {
	st.Condition = Condition{"StringLike": {"s3:prefix": Strings{prefix, prefix + "/*"}}}
	return st
}

// S3Objects lets a role read and write the keys under a prefix of a
// bucket, list only those, and use the bucket's KMS key.
type S3Objects struct {
	// Use names the purpose; it starts every Sid: DocumentStore, Backup.
	Use string
	// Bucket is the bucket's ARN.
	Bucket string
	// Prefix ends in "/", or is empty for the whole bucket.
	Prefix string
	// Actions are the object actions, on Bucket/Prefix*.
	Actions []string
	// Location adds s3:GetBucketLocation, which some clients ask first.
	Location bool
	// KMSKey is the ARN of the bucket's SSE-KMS key, if any.
	KMSKey string
}

func (S3Objects) Kind() GrantKind { return GrantS3Objects }
func (g S3Objects) Describe() string {
	_, bucket, _ := strings.Cut(g.Bucket, ":::")
	return g.Use + " s3://" + bucket + "/" + g.Prefix
}
func (g S3Objects) key() string {
	return "s3:" + g.Use + ":" + g.Bucket + "/" + g.Prefix + ":" + strings.Join(g.Actions, ",") + ":" + g.KMSKey
}
func (g S3Objects) Statements() []Statement {
	var out []Statement
	if g.Location {
		out = append(out, Allowing(g.Use+"Bucket", []string{"s3:GetBucketLocation"}, g.Bucket))
	}
	listing := Allowing(g.Use+"Listing", []string{"s3:ListBucket"}, g.Bucket)
	if g.Prefix != "" {
		// Listing the bucket would show every key of it.
		listing.Condition = Condition{"StringLike": {"s3:prefix": Strings{g.Prefix + "*"}}}
	}
	out = append(out, listing, Allowing(g.Use+"Objects", g.Actions, g.Bucket+"/"+g.Prefix+"*"))
	if g.KMSKey != "" {
		out = append(out, Allowing(g.Use+"KMS", []string{"kms:Decrypt", "kms:GenerateDataKey"}, g.KMSKey))
	}
	return out
}

// SecretsRead lets a role read the secrets whose names match a pattern,
// decrypting them with a customer managed key when one is given.
type SecretsRead struct {
	// Secrets is the secrets' ARN pattern (name prefix and *).
	Secrets string
	KMSKey  string
}

func (SecretsRead) Kind() GrantKind  { return GrantSecretsRead }
func (SecretsRead) Describe() string { return "Secrets Manager" }
func (g SecretsRead) key() string    { return "secretsmanager:" + g.Secrets + ":" + g.KMSKey }
func (g SecretsRead) Statements() []Statement {
	out := []Statement{Allowing("SecretsManagerRead", []string{"secretsmanager:GetSecretValue"}, g.Secrets)}
	if g.KMSKey != "" {
		out = append(out, Allowing("SecretsManagerKMS", []string{"kms:Decrypt"}, g.KMSKey))
	}
	return out
}

// UserStatements are statements the user wrote for a role, as written.
type UserStatements struct {
	List []Statement
}

func (UserStatements) Kind() GrantKind  { return GrantUserStatements }
func (UserStatements) Describe() string { return "your statements" }
func (g UserStatements) key() string {
	js, _ := NewPolicy(g.List...).JSON()
	return "statements:" + string(js)
}
func (g UserStatements) Statements() []Statement {
	out := make([]Statement, len(g.List))
	for i, st := range g.List {
		out[i] = st.clone()
	}
	return out
}

// Data-plane actions only: the HTTP verbs the Camunda clients send. The
// configuration API (es:Describe*, es:AddTags, ...) is not needed to
// read and write indices.
var openSearchHTTPActions = []string{
	"es:ESHttpDelete", "es:ESHttpGet", "es:ESHttpHead", "es:ESHttpPatch", "es:ESHttpPost", "es:ESHttpPut",
}

// The S3 permissions Elasticsearch's repository-s3 plugin documents,
// split by the resource each applies to, and the bucket actions by
// whether s3:prefix can narrow them.
var (
	snapshotBucketActions = []string{"s3:GetBucketLocation", "s3:ListBucketMultipartUploads"}
	snapshotListActions   = []string{"s3:ListBucket", "s3:ListBucketVersions"}
	snapshotObjectActions = []string{
		"s3:AbortMultipartUpload", "s3:DeleteObject", "s3:GetObject", "s3:ListMultipartUploadParts", "s3:PutObject",
	}
)

// The configuration actions of Camunda's seed guide, split by the
// resource IAM evaluates them against.
var (
	openSearchSeedDomainActions = []string{
		"es:AddTags", "es:DescribeElasticsearchDomain", "es:DescribeElasticsearchDomainConfig",
		"es:DescribeElasticsearchDomains", "es:DescribeElasticsearchInstanceTypeLimits",
		"es:GetCompatibleElasticsearchVersions", "es:GetUpgradeHistory",
		"es:GetUpgradeStatus", "es:ListTags", "es:RemoveTags",
	}
	openSearchSeedAccountActions = []string{
		"es:DescribeReservedElasticsearchInstanceOfferings", "es:DescribeReservedElasticsearchInstances", "es:ListDomainNames", "es:ListElasticsearchInstanceTypes",
		"es:ListElasticsearchVersions",
	}
)

// grantSet is a sorted, duplicate-free list of grants.
type grantSet []Grant

func newGrantSet(grants ...Grant) grantSet {
	s := grantSet(slices.Clone(grants))
	slices.SortFunc(s, func(a, b Grant) int {
		if a.Kind() != b.Kind() {
			return int(a.Kind() - b.Kind())
		}
		return strings.Compare(a.key(), b.key())
	})
	return slices.CompactFunc(s, func(a, b Grant) bool { return a.key() == b.key() })
}

// key identifies the set: equal sets share a role.
func (s grantSet) key() string {
	keys := make([]string, len(s))
	for i, g := range s {
		keys[i] = g.key()
	}
	return strings.Join(keys, "\n")
}

func (s grantSet) union(other grantSet) grantSet {
	return newGrantSet(append(slices.Clone(s), other...)...)
}

// describe names the set in messages.
func (s grantSet) describe() string {
	names := make([]string, len(s))
	for i, g := range s {
		names[i] = g.Describe()
	}
	return strings.Join(names, ", ")
}

// roleSuffix is the suffix of the generated name of the role holding the
// set, or "" to name it after its first component.
func (s grantSet) roleSuffix() string {
	if len(s) != 1 {
		return ""
	}
	return s[0].Kind().roleSuffix()
}

// policy is the permission policy of a role holding the set: every
// grant's statements in order. Statements with the same Sid are merged
// into one when they differ only in their resources (two Aurora users of
// one role: one rds-db:connect on both), and numbered otherwise, since
// IAM requires a Sid to be unique in its policy.
func (s grantSet) policy() PolicyDocument {
	var out []Statement
	index := map[string]int{}
	sids := uniqueSids{}
	for _, g := range s {
		for _, st := range g.Statements() {
			if i, seen := index[st.Sid]; seen && sameExceptResources(out[i], st) {
				for _, r := range st.Resource {
					if !slices.Contains(out[i].Resource, r) {
						out[i].Resource = append(out[i].Resource, r)
					}
				}
				continue
			}
			first := st.Sid
			st.Sid = sids.add(first)
			if _, seen := index[first]; !seen {
				index[first] = len(out)
			}
			out = append(out, st.clone())
		}
	}
	return NewPolicy(out...)
}

func sameExceptResources(a, b Statement) bool {
	a.Resource, b.Resource = nil, nil
	ja, errA := NewPolicy(a).JSON()
	jb, errB := NewPolicy(b).JSON()
	return errA == nil && errB == nil && string(ja) == string(jb)
}
