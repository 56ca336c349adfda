package irsa

import (
	"maps"
	"slices"
	"strings"
)

// APIVersion and Kind identify a topology document.
const (
	APIVersion = "camunda-irsa/v1"
	Kind       = "Topology"
)

// DefaultAuroraPort is PostgreSQL's port, used when aurora.port is unset.
const DefaultAuroraPort = 5432

// Mode selects how pods obtain AWS credentials.
type Mode string

const (
	// ModeIRSA uses IAM roles for service accounts: an OIDC web-identity
	// trust and the eks.amazonaws.com/role-arn annotation.
	ModeIRSA Mode = "irsa"
	// ModePodIdentity uses EKS Pod Identity: a trust on
	// pods.eks.amazonaws.com and one association per service account.
	ModePodIdentity Mode = "podIdentity"
)

// Topology describes one Camunda 8 installation on EKS. Its JSON names are
// the public file format and never change.
type Topology struct {
	// APIVersion must be "camunda-irsa/v1".
	APIVersion string `json:"apiVersion" jsonschema:"enum=camunda-irsa/v1"`
	// Kind must be "Topology".
	Kind string `json:"kind" jsonschema:"enum=Topology"`
	// Chart is the Camunda chart line the outputs are written for: the
	// Camunda version (major.minor), not the chart's own version.
	Chart string `json:"chart"`
	// Namespace is the namespace of the Helm release.
	Namespace string `json:"namespace" jsonschema:"maxLength=63,pattern=^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"`
	AWS       AWS    `json:"aws"`
	// Cluster is the one cluster whose service accounts assume the roles.
	// Give either cluster or clusters.
	Cluster Cluster `json:"cluster,omitempty,omitzero"`
	// Clusters lists several clusters (dual-region, blue/green) whose
	// service accounts all assume the same roles.
	Clusters []Cluster `json:"clusters,omitempty"`
	// Mode is irsa (the default) or podIdentity.
	Mode Mode `json:"mode,omitempty" jsonschema:"enum=irsa,enum=podIdentity"`
	// RoleNamePrefix is prepended to every generated role name.
	RoleNamePrefix string `json:"roleNamePrefix,omitempty"`
	// RoleDefaults apply to every role; a component's own settings win.
	RoleDefaults RoleOptions `json:"roleDefaults,omitempty,omitzero"`
	// PodIdentity tunes the Pod Identity trust; it is ignored in irsa mode,
	// so a topology can switch modes without other edits.
	PodIdentity *PodIdentity `json:"podIdentity,omitempty"`
	// Aurora is required when keycloak, identity or webModeler is listed,
	// or orchestration with a database.
	Aurora *Aurora `json:"aurora,omitempty"`
	// OpenSearch is required when orchestration (without a database),
	// zeebe, operate, tasklist or optimize is listed.
	OpenSearch *OpenSearch `json:"opensearch,omitempty"`
	// ElasticsearchBackup is required when the elasticsearch component is listed.
	ElasticsearchBackup *ElasticsearchBackup `json:"elasticsearchBackup,omitempty"`
	// DocumentStore keeps the documents of processes in S3, reached through
	// the roles instead of access keys.
	DocumentStore *S3Location `json:"documentStore,omitempty"`
	// Backup keeps backups of orchestration (Zeebe) in S3 and, with
	// OpenSearch, the snapshot repository of the web applications.
	Backup *Backup `json:"backup,omitempty"`
	// SecretStore lets orchestration read secrets from AWS Secrets Manager.
	SecretStore *SecretStore `json:"secretStore,omitempty"`
	// Components lists what gets a role; only listed components do.
	Components Components `json:"components"`
}

// S3Location is a bucket, a key prefix in it and the KMS key of an
// SSE-KMS bucket.
type S3Location struct {
	// Bucket is the bucket's name.
	Bucket string `json:"bucket"`
	// Prefix limits access to keys under it; it ends in "/". The whole
	// bucket when empty.
	Prefix string `json:"prefix,omitempty"`
	// KMSKeyARN is the KMS key the bucket encrypts with, for SSE-KMS.
	KMSKeyARN string `json:"kmsKeyARN,omitempty"`
}

// Backup is the S3 location of the backups: Zeebe's under <prefix>zeebe,
// OpenSearch's snapshot repository under <prefix>opensearch.
type Backup struct {
	S3Location
	// RepositoryName is the OpenSearch snapshot repository the web
	// applications back up to; "camunda" by default.
	RepositoryName string `json:"repositoryName,omitempty"`
}

// SecretStore is orchestration's AWS Secrets Manager secret store.
type SecretStore struct {
	// PathPrefix is the prefix of the secrets' names orchestration may
	// read.
	PathPrefix string `json:"pathPrefix"`
	// KMSKeyARN is the customer managed key the secrets are encrypted
	// with, if not the AWS managed one.
	KMSKeyARN string `json:"kmsKeyARN,omitempty"`
}

// DefaultBackupRepository is the snapshot repository name when
// backup.repositoryName is unset.
const DefaultBackupRepository = "camunda"

// AWS names the account and region the roles live in.
type AWS struct {
	// AccountID is the 12-digit AWS account ID.
	AccountID string `json:"accountID" jsonschema:"pattern=^[0-9]{12}$"`
	// Region is the AWS region, e.g. eu-central-1.
	Region string `json:"region" jsonschema:"pattern=^[a-z]{2}(-gov)?-[a-z]+-[0-9]+$"`
	// Partition is derived from Region when empty; when set it must agree.
	Partition string `json:"partition,omitempty" jsonschema:"enum=aws,enum=aws-cn,enum=aws-us-gov"`
	// TrustPolicyQuota is the account's role trust policy length quota,
	// 2048 characters unless raised (at most 4096). A role whose trust
	// policy would exceed it is split into several roles.
	TrustPolicyQuota int `json:"trustPolicyQuota,omitempty" jsonschema:"minimum=2048,maximum=4096,default=2048"`
}

// Cluster is the EKS cluster whose OIDC provider the roles trust.
type Cluster struct {
	Name string `json:"name"`
	// Region is the cluster's region; it defaults to aws.region and must
	// match the region in oidcIssuer.
	Region string `json:"region,omitempty"`
	// OIDCIssuer is the cluster's issuer URL,
	// https://oidc.eks.<region>.amazonaws.com/id/<32 hex>. Without the
	// scheme, as Terraform's oidc_provider outputs give it, https:// is
	// added.
	OIDCIssuer string `json:"oidcIssuer" jsonschema:"pattern=^(https://)?oidc[.]eks[.][a-z0-9-]+[.]amazonaws[.]com([.]cn)?/id/[0-9A-F]{32}$"`
}

// Aurora is the Aurora PostgreSQL cluster used with IAM database auth.
type Aurora struct {
	Endpoint string `json:"endpoint"`
	// Port defaults to 5432.
	Port int `json:"port,omitempty" jsonschema:"minimum=1,maximum=65535,default=5432"`
	// ClusterResourceID is the cluster's resource ID (cluster-XXXX), not
	// its name. "*" works before the ID is known but grants every cluster
	// in the account, and lint warns about it.
	ClusterResourceID string `json:"clusterResourceID" jsonschema:"pattern=^(cluster-[A-Z0-9]{26}|[*])$"`
}

// OpenSearch is the Amazon OpenSearch Service domain.
type OpenSearch struct {
	Domain   string `json:"domain"`
	Endpoint string `json:"endpoint"`
	// Policy selects the permission preset: least (the default, HTTP data
	// plane only) or seed (the broader action list of Camunda's guide).
	Policy OpenSearchPolicy `json:"policy,omitempty" jsonschema:"enum=least,enum=seed"`
}

// OpenSearchPolicy is a permission preset for the OpenSearch role.
type OpenSearchPolicy string

const (
	OpenSearchPolicyLeast OpenSearchPolicy = "least"
	OpenSearchPolicySeed  OpenSearchPolicy = "seed"
)

// PodIdentity holds Pod Identity trust settings.
type PodIdentity struct {
	// ConditionOnSessionTags restricts the trust to the planned clusters,
	// namespace and service accounts through the session tags the Pod
	// Identity agent sets, so that whoever may create an association
	// cannot hand the role to another cluster's or namespace's pods. On
	// unless set to false.
	ConditionOnSessionTags *bool `json:"conditionOnSessionTags,omitempty"`
}

// SessionTagConditions reports whether the Pod Identity trust conditions
// on the session tags: unless turned off.
func (p *PodIdentity) SessionTagConditions() bool {
	return p == nil || p.ConditionOnSessionTags == nil || *p.ConditionOnSessionTags
}

// RoleOptions are IAM role settings, per topology (roleDefaults) or per
// component.
type RoleOptions struct {
	// Path is the IAM path, such as /camunda/; "/" by default.
	Path string `json:"path,omitempty"`
	// PermissionsBoundary is the ARN of a managed policy bounding the role.
	PermissionsBoundary string `json:"permissionsBoundary,omitempty"`
	// Tags are IAM tags put on the role.
	Tags map[string]string `json:"tags,omitempty"`
	// MaxSessionDuration is in seconds, 3600 to 43200.
	MaxSessionDuration int `json:"maxSessionDuration,omitempty" jsonschema:"minimum=3600,maximum=43200"`
}

// ElasticsearchBackup is the S3 bucket Elasticsearch writes snapshots to.
type ElasticsearchBackup struct {
	Bucket string `json:"bucket"`
	// BasePath limits object access to this prefix of the bucket (the
	// repository's base_path); the whole bucket when empty.
	BasePath string `json:"basePath,omitempty"`
}

// Components holds every component that may get a role. A nil entry is
// not part of the installation.
type Components struct {
	Keycloak      *KeycloakComponent      `json:"keycloak,omitempty"`
	Identity      *DatabaseComponent      `json:"identity,omitempty"`
	WebModeler    *DatabaseComponent      `json:"webModeler,omitempty"`
	Orchestration *OrchestrationComponent `json:"orchestration,omitempty"`
	Zeebe         *Component              `json:"zeebe,omitempty"`
	// ZeebeGateway needs a role only for the document store, on the lines
	// where the gateway serves documents.
	ZeebeGateway  *Component           `json:"zeebeGateway,omitempty"`
	Operate       *Component           `json:"operate,omitempty"`
	Tasklist      *Component           `json:"tasklist,omitempty"`
	Optimize      *Component           `json:"optimize,omitempty"`
	Connectors    *ConnectorsComponent `json:"connectors,omitempty"`
	Elasticsearch *Component           `json:"elasticsearch,omitempty"`
}

// Component is a workload that runs under one service account.
type Component struct {
	// ServiceAccount is the Kubernetes ServiceAccount the workload runs as.
	ServiceAccount string `json:"serviceAccount"`
	// CreateServiceAccount false leaves the service account to you: the
	// chart does not create it, and render --output serviceaccounts is
	// what you apply.
	CreateServiceAccount *bool `json:"createServiceAccount,omitempty"`
	// RoleName overrides the generated IAM role name.
	RoleName string `json:"roleName,omitempty"`
	RoleOptions
}

// DatabaseComponent is a component that connects to Aurora as one
// database user through IAM authentication.
type DatabaseComponent struct {
	ServiceAccount       string `json:"serviceAccount"`
	CreateServiceAccount *bool  `json:"createServiceAccount,omitempty"`
	// Database is the PostgreSQL database name.
	Database string `json:"database"`
	// DBUser is the PostgreSQL user granted rds_iam.
	DBUser   string `json:"dbUser"`
	RoleName string `json:"roleName,omitempty"`
	RoleOptions
}

// KeycloakComponent is Keycloak, with its Aurora database, run by the
// chart's Bitnami subchart or by the Keycloak Operator.
type KeycloakComponent struct {
	ServiceAccount       string `json:"serviceAccount"`
	CreateServiceAccount *bool  `json:"createServiceAccount,omitempty"`
	Database             string `json:"database"`
	DBUser               string `json:"dbUser"`
	// ManagedBy is chart (the Bitnami identityKeycloak subchart, on the
	// lines that have it) or operator (the Keycloak Operator, the default
	// on lines without the subchart).
	ManagedBy KeycloakManager `json:"managedBy,omitempty" jsonschema:"enum=chart,enum=operator"`
	// Image is the Keycloak image the operator runs; it must carry the
	// AWS JDBC wrapper. Operator only.
	Image    string `json:"image,omitempty"`
	RoleName string `json:"roleName,omitempty"`
	RoleOptions
}

// KeycloakManager is what runs Keycloak.
type KeycloakManager string

const (
	KeycloakByChart    KeycloakManager = "chart"
	KeycloakByOperator KeycloakManager = "operator"
)

// DefaultKeycloakImage is the image of the operator's Keycloak: Camunda's
// build, which carries the AWS JDBC wrapper.
const DefaultKeycloakImage = "docker.io/camunda/keycloak:quay-optimized-26.7.0"

// OrchestrationComponent is the orchestration cluster. With database and
// dbUser its secondary storage is Aurora (RDBMS) instead of OpenSearch.
type OrchestrationComponent struct {
	ServiceAccount       string `json:"serviceAccount"`
	CreateServiceAccount *bool  `json:"createServiceAccount,omitempty"`
	// Database is the PostgreSQL database of the secondary storage.
	Database string `json:"database,omitempty"`
	// DBUser is the PostgreSQL user of the secondary storage.
	DBUser   string `json:"dbUser,omitempty"`
	RoleName string `json:"roleName,omitempty"`
	RoleOptions
}

// SecondaryStorageInAurora reports whether orchestration keeps its
// secondary storage in Aurora (RDBMS) instead of OpenSearch: it names a
// database user. False for a nil component.
func (o *OrchestrationComponent) SecondaryStorageInAurora() bool { return o != nil && o.DBUser != "" }

// ConnectorsComponent is the connectors runtime, whose role holds the
// user's own statements: what the connectors call is the user's choice.
type ConnectorsComponent struct {
	ServiceAccount       string `json:"serviceAccount"`
	CreateServiceAccount *bool  `json:"createServiceAccount,omitempty"`
	// Statements are the connectors role's permission policy.
	Statements []UserStatement `json:"statements,omitempty"`
	RoleName   string          `json:"roleName,omitempty"`
	RoleOptions
}

// UserStatement is an IAM statement the user writes for connectors.
type UserStatement struct {
	// Sid names the statement; letters and digits.
	Sid string `json:"sid,omitempty"`
	// Effect is Allow (the default) or Deny.
	Effect    Effect    `json:"effect,omitempty" jsonschema:"enum=Allow,enum=Deny"`
	Actions   []string  `json:"actions"`
	Resources []string  `json:"resources"`
	Condition Condition `json:"condition,omitempty"`
}

// ComponentName is a key of the components block.
type ComponentName string

// The components, in the fixed order used for every list this package emits.
const (
	Keycloak      ComponentName = "keycloak"
	Identity      ComponentName = "identity"
	WebModeler    ComponentName = "webModeler"
	Orchestration ComponentName = "orchestration"
	Zeebe         ComponentName = "zeebe"
	ZeebeGateway  ComponentName = "zeebeGateway"
	Operate       ComponentName = "operate"
	Tasklist      ComponentName = "tasklist"
	Optimize      ComponentName = "optimize"
	Connectors    ComponentName = "connectors"
	Elasticsearch ComponentName = "elasticsearch"
)

// componentOrder is the fixed component order, that of the constants.
func componentOrder() []ComponentName {
	return []ComponentName{Keycloak, Identity, WebModeler, Orchestration, Zeebe, ZeebeGateway, Operate, Tasklist, Optimize, Connectors, Elasticsearch}
}

// ListedComponent is one present entry of Components, flattened.
type ListedComponent struct {
	Name           ComponentName
	ServiceAccount string
	// CreateServiceAccount is false when the chart must not create the
	// service account; nil in a topology as written means true.
	CreateServiceAccount *bool
	RoleName             string
	RoleOptions          RoleOptions
	// Database and DBUser are set for the components that connect to
	// Aurora.
	Database string
	DBUser   string
	// ManagedBy and Image are Keycloak's.
	ManagedBy KeycloakManager
	Image     string
	// Statements are the connectors' own.
	Statements []UserStatement
}

// CreatedByChart reports whether the chart creates the component's
// service account: unless createServiceAccount is false, or the
// component does not run in the chart at all (Keycloak under the
// operator).
func (l ListedComponent) CreatedByChart() bool {
	return l.ManagedBy != KeycloakByOperator && (l.CreateServiceAccount == nil || *l.CreateServiceAccount)
}

// Listed returns the present components in the fixed order of the
// ComponentName constants.
func (c Components) Listed() []ListedComponent {
	var out []ListedComponent
	if k := c.Keycloak; k != nil {
		out = append(out, ListedComponent{Name: Keycloak, ServiceAccount: k.ServiceAccount, CreateServiceAccount: k.CreateServiceAccount,
			RoleName: k.RoleName, RoleOptions: k.RoleOptions, Database: k.Database, DBUser: k.DBUser,
			ManagedBy: k.ManagedBy, Image: k.Image})
	}
	db := func(name ComponentName, d *DatabaseComponent) {
		if d != nil {
			out = append(out, ListedComponent{Name: name, ServiceAccount: d.ServiceAccount, CreateServiceAccount: d.CreateServiceAccount,
				RoleName: d.RoleName, RoleOptions: d.RoleOptions, Database: d.Database, DBUser: d.DBUser})
		}
	}
	plain := func(name ComponentName, d *Component) {
		if d != nil {
			out = append(out, ListedComponent{Name: name, ServiceAccount: d.ServiceAccount, CreateServiceAccount: d.CreateServiceAccount,
				RoleName: d.RoleName, RoleOptions: d.RoleOptions})
		}
	}
	db(Identity, c.Identity)
	db(WebModeler, c.WebModeler)
	if o := c.Orchestration; o != nil {
		out = append(out, ListedComponent{Name: Orchestration, ServiceAccount: o.ServiceAccount, CreateServiceAccount: o.CreateServiceAccount,
			RoleName: o.RoleName, RoleOptions: o.RoleOptions, Database: o.Database, DBUser: o.DBUser})
	}
	plain(Zeebe, c.Zeebe)
	plain(ZeebeGateway, c.ZeebeGateway)
	plain(Operate, c.Operate)
	plain(Tasklist, c.Tasklist)
	plain(Optimize, c.Optimize)
	if cn := c.Connectors; cn != nil {
		out = append(out, ListedComponent{Name: Connectors, ServiceAccount: cn.ServiceAccount, CreateServiceAccount: cn.CreateServiceAccount,
			RoleName: cn.RoleName, RoleOptions: cn.RoleOptions, Statements: cn.Statements})
	}
	plain(Elasticsearch, c.Elasticsearch)
	return out
}

// WithDefaults returns a copy with optional fields filled in: mode irsa,
// the partition derived from the region, Aurora port 5432, Keycloak's
// manager (the chart where the line has its subchart, else the operator)
// and the operator's image, the backup repository name, and https:// on
// an OIDC issuer given without a scheme.
func (t Topology) WithDefaults() Topology {
	if t.Mode == "" {
		t.Mode = ModeIRSA
	}
	if t.AWS.Partition == "" {
		t.AWS.Partition = PartitionForRegion(t.AWS.Region).Name
	}
	if t.AWS.TrustPolicyQuota == 0 {
		t.AWS.TrustPolicyQuota = DefaultTrustPolicyQuota
	}
	if t.Aurora != nil && t.Aurora.Port == 0 {
		a := *t.Aurora
		a.Port = DefaultAuroraPort
		t.Aurora = &a
	}
	if t.OpenSearch != nil && t.OpenSearch.Policy == "" {
		o := *t.OpenSearch
		o.Policy = OpenSearchPolicyLeast
		t.OpenSearch = &o
	}
	if k := t.Components.Keycloak; k != nil && (k.ManagedBy == "" || k.ManagedBy == KeycloakByOperator && k.Image == "") {
		copied := *k
		if copied.ManagedBy == "" {
			copied.ManagedBy = KeycloakByOperator
			if line, err := LookupChartLine(t.Chart); err == nil {
				if _, ok := line.Component(Keycloak); ok {
					copied.ManagedBy = KeycloakByChart
				}
			}
		}
		if copied.ManagedBy == KeycloakByOperator && copied.Image == "" {
			copied.Image = DefaultKeycloakImage
		}
		t.Components.Keycloak = &copied
	}
	if b := t.Backup; b != nil && b.RepositoryName == "" {
		copied := *b
		copied.RepositoryName = DefaultBackupRepository
		t.Backup = &copied
	}
	if len(t.Clusters) == 0 && t.Cluster != (Cluster{}) {
		t.Clusters = []Cluster{t.Cluster}
	}
	clusters := make([]Cluster, len(t.Clusters))
	for i, c := range t.Clusters {
		if c.Region == "" {
			c.Region = t.AWS.Region
		}
		c.OIDCIssuer = withIssuerScheme(c.OIDCIssuer)
		clusters[i] = c
	}
	t.Clusters = clusters
	return t
}

// withIssuerScheme adds https:// to an issuer given as a bare host and
// path (oidc.eks.<region>.amazonaws.com/id/<id>), the form of the
// oidc_provider outputs of Terraform's EKS modules. Any other value is
// left for validation to judge.
func withIssuerScheme(issuer string) string {
	if strings.HasPrefix(issuer, issuerHostPrefix) {
		return "https://" + issuer
	}
	return issuer
}

// issuerHostPrefix starts the host of every EKS OIDC issuer.
const issuerHostPrefix = "oidc.eks."

// clone returns a deep copy: a plan hands out its topology, and callers
// must not be able to change the plan through it. TestPlanHandsOutCopies
// changes everything reachable from the copy and checks the plan.
func (t Topology) clone() Topology {
	t.Clusters = slices.Clone(t.Clusters)
	t.RoleDefaults = t.RoleDefaults.clone()
	if t.PodIdentity != nil {
		pi := PodIdentity{ConditionOnSessionTags: clonePtr(t.PodIdentity.ConditionOnSessionTags)}
		t.PodIdentity = &pi
	}
	t.Aurora = clonePtr(t.Aurora)
	t.OpenSearch = clonePtr(t.OpenSearch)
	t.ElasticsearchBackup = clonePtr(t.ElasticsearchBackup)
	t.DocumentStore = clonePtr(t.DocumentStore)
	t.Backup = clonePtr(t.Backup)
	t.SecretStore = clonePtr(t.SecretStore)
	c := &t.Components
	if c.Keycloak != nil {
		k := *c.Keycloak
		k.CreateServiceAccount, k.RoleOptions = clonePtr(k.CreateServiceAccount), k.RoleOptions.clone()
		c.Keycloak = &k
	}
	for _, d := range []**DatabaseComponent{&c.Identity, &c.WebModeler} {
		if *d != nil {
			copied := **d
			copied.CreateServiceAccount, copied.RoleOptions = clonePtr(copied.CreateServiceAccount), copied.RoleOptions.clone()
			*d = &copied
		}
	}
	if c.Orchestration != nil {
		o := *c.Orchestration
		o.CreateServiceAccount, o.RoleOptions = clonePtr(o.CreateServiceAccount), o.RoleOptions.clone()
		c.Orchestration = &o
	}
	for _, d := range []**Component{&c.Zeebe, &c.ZeebeGateway, &c.Operate, &c.Tasklist, &c.Optimize, &c.Elasticsearch} {
		if *d != nil {
			copied := **d
			copied.CreateServiceAccount, copied.RoleOptions = clonePtr(copied.CreateServiceAccount), copied.RoleOptions.clone()
			*d = &copied
		}
	}
	if c.Connectors != nil {
		cn := *c.Connectors
		cn.CreateServiceAccount, cn.RoleOptions = clonePtr(cn.CreateServiceAccount), cn.RoleOptions.clone()
		cn.Statements = make([]UserStatement, len(c.Connectors.Statements))
		for i, st := range c.Connectors.Statements {
			st.Actions, st.Resources, st.Condition = slices.Clone(st.Actions), slices.Clone(st.Resources), st.Condition.clone()
			cn.Statements[i] = st
		}
		if c.Connectors.Statements == nil {
			cn.Statements = nil
		}
		c.Connectors = &cn
	}
	return t
}

func (o RoleOptions) clone() RoleOptions {
	o.Tags = maps.Clone(o.Tags)
	return o
}

// clonePtr copies the value p points to, for structs of plain values.
func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

// DefaultTrustPolicyQuota is IAM's default role trust policy length
// quota, in characters without whitespace.
const DefaultTrustPolicyQuota = 2048
