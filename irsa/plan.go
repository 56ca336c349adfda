package irsa

import (
	"fmt"
	"sort"
	"strings"
	"unicode"
)

// Plan is what a validated topology needs in IAM and Kubernetes: the roles,
// what each may do, and which service accounts may assume it.
type Plan struct {
	// Topology is the input with defaults applied.
	Topology Topology
	// Partition is derived from the topology's region.
	Partition Partition
	// Roles are sorted by name.
	Roles []Role
	// Associations are the EKS Pod Identity associations, one per
	// (cluster, namespace, service account); empty in IRSA mode.
	Associations []PodIdentityAssociation
}

// PodIdentityAssociation binds one service account to a role through EKS
// Pod Identity.
type PodIdentityAssociation struct {
	ClusterName    string
	Namespace      string
	ServiceAccount string
	RoleName       string
	RoleARN        string
}

// Role is one IAM role of the plan.
type Role struct {
	Name string
	ARN  string
	// Path is the IAM path, "/" unless set.
	Path string
	// PermissionsBoundary is the ARN of a managed policy that bounds the
	// role, if any.
	PermissionsBoundary string
	// Tags are the role's IAM tags.
	Tags map[string]string
	// MaxSessionDuration is in seconds; 0 keeps IAM's default of 3600.
	MaxSessionDuration int
	Purpose            Purpose
	// Components are the components whose service accounts assume this
	// role, in the fixed component order.
	Components []ComponentName
	// ServiceAccounts are the trusted service accounts, sorted.
	ServiceAccounts  []ServiceAccountRef
	TrustPolicy      PolicyDocument
	PermissionPolicy PolicyDocument
}

// ServiceAccountRef names a Kubernetes service account.
type ServiceAccountRef struct {
	Namespace string
	Name      string
}

// String is the namespace:name form used by eksctl and the Terraform
// IRSA modules.
func (s ServiceAccountRef) String() string { return s.Namespace + ":" + s.Name }

// Subject is the sub claim of the service account's projected token.
func (s ServiceAccountRef) Subject() string {
	return "system:serviceaccount:" + s.Namespace + ":" + s.Name
}

// NewPlan validates the topology and decides its roles.
func NewPlan(t Topology) (*Plan, error) {
	if err := t.Validate(); err != nil {
		return nil, err
	}
	t = t.WithDefaults()
	p := &Plan{Topology: t, Partition: PartitionForRegion(t.AWS.Region)}
	for _, g := range groupRoles(t) {
		p.Roles = append(p.Roles, p.newRole(g))
	}
	sort.Slice(p.Roles, func(i, j int) bool { return p.Roles[i].Name < p.Roles[j].Name })
	return p, nil
}

// RoleFor returns the role a component's service account assumes.
func (p *Plan) RoleFor(name ComponentName) (Role, bool) {
	for _, r := range p.Roles {
		for _, c := range r.Components {
			if c == name {
				return r, true
			}
		}
	}
	return Role{}, false
}

// ServiceAccountBinding is one service account and the role it assumes.
type ServiceAccountBinding struct {
	ServiceAccount ServiceAccountRef
	Role           Role
}

// ServiceAccounts lists every distinct service account of the plan with
// its role, sorted by service account name.
func (p *Plan) ServiceAccounts() []ServiceAccountBinding {
	var out []ServiceAccountBinding
	for _, r := range p.Roles {
		for _, sa := range r.ServiceAccounts {
			out = append(out, ServiceAccountBinding{ServiceAccount: sa, Role: r})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ServiceAccount.String() < out[j].ServiceAccount.String() })
	return out
}

func (p *Plan) newRole(g *roleGroup) Role {
	t := p.Topology
	r := Role{
		Name:    g.name,
		ARN:     RoleARN(p.Partition.Name, t.AWS.AccountID, g.name),
		Path:    "/",
		Purpose: g.purpose,
	}
	seen := map[string]bool{}
	for _, m := range g.members {
		r.Components = append(r.Components, m.Name)
		if !seen[m.ServiceAccount] {
			seen[m.ServiceAccount] = true
			r.ServiceAccounts = append(r.ServiceAccounts, ServiceAccountRef{Namespace: t.Namespace, Name: m.ServiceAccount})
		}
	}
	sort.Slice(r.ServiceAccounts, func(i, j int) bool { return r.ServiceAccounts[i].String() < r.ServiceAccounts[j].String() })
	r.TrustPolicy = p.trustPolicy(r.ServiceAccounts)
	r.PermissionPolicy = p.permissionPolicy(g)
	return r
}

func (p *Plan) trustPolicy(sas []ServiceAccountRef) PolicyDocument {
	t := p.Topology
	if t.Mode == ModePodIdentity {
		return NewPolicy(PodIdentityTrust("EKSPodIdentity"))
	}
	subjects := make([]string, len(sas))
	for i, sa := range sas {
		subjects[i] = sa.Subject()
	}
	provider := OIDCProviderARN(p.Partition.Name, t.AWS.AccountID, t.Cluster.OIDCIssuer)
	return NewPolicy(WebIdentityTrust("ServiceAccountsOf"+sidWord(t.Cluster.Name), provider, IssuerHost(t.Cluster.OIDCIssuer), subjects))
}

// Data-plane actions only: the HTTP verbs the Camunda clients send. The
// configuration API (es:Describe*, es:AddTags, ...) is not needed to
// read and write indices.
var openSearchHTTPActions = []string{
	"es:ESHttpDelete", "es:ESHttpGet", "es:ESHttpHead", "es:ESHttpPatch", "es:ESHttpPost", "es:ESHttpPut",
}

// The S3 permissions Elasticsearch's repository-s3 plugin documents,
// split by the resource each applies to.
var (
	snapshotBucketActions = []string{
		"s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads", "s3:ListBucketVersions",
	}
	snapshotObjectActions = []string{
		"s3:AbortMultipartUpload", "s3:DeleteObject", "s3:GetObject", "s3:ListMultipartUploadParts", "s3:PutObject",
	}
)

func (p *Plan) permissionPolicy(g *roleGroup) PolicyDocument {
	t, part := p.Topology, p.Partition.Name
	switch g.purpose {
	case PurposeAurora:
		return NewPolicy(Allowing("RDSIAMConnect", []string{"rds-db:connect"},
			RDSDBUserARN(part, t.AWS.Region, t.AWS.AccountID, t.Aurora.ClusterResourceID, g.members[0].DBUser)))
	case PurposeOpenSearch:
		return NewPolicy(Allowing("OpenSearchHTTP", openSearchHTTPActions,
			OpenSearchDomainARN(part, t.AWS.Region, t.AWS.AccountID, t.OpenSearch.Domain)+"/*"))
	default:
		bucket := S3BucketARN(part, t.ElasticsearchBackup.Bucket)
		return NewPolicy(
			Allowing("SnapshotBucket", snapshotBucketActions, bucket),
			Allowing("SnapshotObjects", snapshotObjectActions, bucket+"/*"),
		)
	}
}

// roleGroup is the set of components that share one role.
type roleGroup struct {
	purpose Purpose
	members []ListedComponent
	name    string
	// overridden is the member whose roleName set the name, if any.
	overridden *ListedComponent
	// overrideConflicts are the members whose roleName differs from the
	// one that set the name.
	overrideConflicts []overrideConflict
}

type overrideConflict struct {
	member  ComponentName
	message string
}

func (g *roleGroup) describe() string {
	switch g.purpose {
	case PurposeAurora:
		return "Aurora user " + g.members[0].DBUser
	case PurposeOpenSearch:
		return "OpenSearch"
	default:
		return "Elasticsearch backup"
	}
}

// namePath is the field that decides the role's name.
func (g *roleGroup) namePath() string {
	if g.overridden != nil {
		return "components." + string(g.overridden.Name) + ".roleName"
	}
	return "components." + string(g.members[0].Name)
}

// groupRoles assigns components to roles: one per Aurora user, one for all
// OpenSearch clients, one for Elasticsearch backups. Groups come in the
// fixed component order of their first member.
func groupRoles(t Topology) []*roleGroup {
	var groups []*roleGroup
	byKey := map[string]*roleGroup{}
	for _, l := range t.Components.Listed() {
		key := string(l.Purpose)
		if l.Purpose == PurposeAurora {
			key += ":" + l.DBUser
		}
		g, ok := byKey[key]
		if !ok {
			g = &roleGroup{purpose: l.Purpose}
			byKey[key] = g
			groups = append(groups, g)
		}
		g.members = append(g.members, l)
	}
	for _, g := range groups {
		for i := range g.members {
			m := &g.members[i]
			switch {
			case m.RoleName == "":
			case g.overridden == nil:
				g.overridden = m
			case g.overridden.RoleName != m.RoleName:
				g.overrideConflicts = append(g.overrideConflicts, overrideConflict{member: m.Name,
					message: fmt.Sprintf("%q differs from roleName %q of components.%s, which shares the role (%s); set the same roleName or leave one out",
						m.RoleName, g.overridden.RoleName, g.overridden.Name, g.describe())})
			}
		}
		if g.overridden != nil {
			g.name = g.overridden.RoleName
		} else {
			g.name = t.RoleNamePrefix + t.Cluster.Name + "-" + g.suffix()
		}
	}
	return groups
}

func (g *roleGroup) suffix() string {
	switch g.purpose {
	case PurposeAurora:
		return strings.ToLower(string(g.members[0].Name))
	case PurposeOpenSearch:
		return "opensearch"
	default:
		return "es-backup"
	}
}

// sidWord turns a name into the alphanumeric CamelCase a Sid allows.
func sidWord(s string) string {
	var b strings.Builder
	upper := true
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) || r > unicode.MaxASCII {
			upper = true
			continue
		}
		if upper {
			r = unicode.ToUpper(r)
			upper = false
		}
		b.WriteRune(r)
	}
	return b.String()
}
