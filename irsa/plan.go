package irsa

import (
	"crypto/sha256"
	"encoding/hex"
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
	// Notes say what the plan decided that the topology did not spell out,
	// such as a shortened name or a role split to fit the trust quota.
	Notes []string
}

// Summary names the role and the service accounts that assume it, so a
// reader of a generated file can tell the roles apart without the
// topology.
func (r Role) Summary() string {
	sas := make([]string, len(r.ServiceAccounts))
	for i, sa := range r.ServiceAccounts {
		sas[i] = sa.String()
	}
	s := "IAM role " + r.Name
	if len(sas) > 0 {
		s += ", assumed by " + strings.Join(sas, ", ")
	}
	return s
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
		p.Roles = append(p.Roles, p.newRoles(g)...)
	}
	sort.Slice(p.Roles, func(i, j int) bool { return p.Roles[i].Name < p.Roles[j].Name })
	if t.Mode == ModePodIdentity {
		p.Associations = p.associations()
	}
	return p, nil
}

// associations binds every planned service account to its role in every
// cluster, sorted by cluster and service account.
func (p *Plan) associations() []PodIdentityAssociation {
	var out []PodIdentityAssociation
	for _, c := range p.Topology.Clusters {
		for _, b := range p.ServiceAccounts() {
			out = append(out, PodIdentityAssociation{ClusterName: c.Name, Namespace: b.ServiceAccount.Namespace,
				ServiceAccount: b.ServiceAccount.Name, RoleName: b.Role.Name, RoleARN: b.Role.ARN})
		}
	}
	return out
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

// newRoles builds the role of a group, or several when the trust policy
// for all its service accounts would exceed the account's quota: AWS
// rejects such a role outright, so the service accounts are split across
// numbered roles that share one permission policy.
//
// Validate has made sure every single service account fits.
func (p *Plan) newRoles(g *roleGroup) []Role {
	t := p.Topology
	var sas []ServiceAccountRef
	seen := map[string]bool{}
	for _, m := range g.members {
		if !seen[m.ServiceAccount] {
			seen[m.ServiceAccount] = true
			sas = append(sas, ServiceAccountRef{Namespace: t.Namespace, Name: m.ServiceAccount})
		}
	}
	sort.Slice(sas, func(i, j int) bool { return sas[i].String() < sas[j].String() })

	quota := t.AWS.TrustPolicyQuota
	parts := [][]ServiceAccountRef{sas}
	if p.trustPolicy(sas).Length() > quota {
		parts = nil
		var cur []ServiceAccountRef
		for _, sa := range sas {
			next := append(append([]ServiceAccountRef(nil), cur...), sa)
			if len(cur) > 0 && p.trustPolicy(next).Length() > quota {
				parts = append(parts, cur)
				next = []ServiceAccountRef{sa}
			}
			cur = next
		}
		parts = append(parts, cur)
	}
	roles := make([]Role, 0, len(parts))
	for i, part := range parts {
		name, notes := g.stem, []string(nil)
		if g.overridden != nil {
			name = g.overridden.RoleName
		}
		if len(parts) > 1 {
			name += "-" + fmt.Sprint(i+1)
			notes = append(notes, fmt.Sprintf("part %d of %d: the trust policy for all %d service accounts exceeds the %d-character quota (aws.trustPolicyQuota)",
				i+1, len(parts), len(sas), quota))
		}
		name, shortened := shortenRoleName(name)
		if shortened != "" {
			notes = append(notes, shortened)
		}
		r := p.newRole(g, name, part)
		r.Notes = notes
		roles = append(roles, r)
	}
	return roles
}

func (p *Plan) newRole(g *roleGroup, name string, sas []ServiceAccountRef) Role {
	t := p.Topology
	r := Role{
		Name:                name,
		ARN:                 RoleARN(p.Partition.Name, t.AWS.AccountID, g.options.Path, name),
		Path:                g.options.Path,
		PermissionsBoundary: g.options.PermissionsBoundary,
		Tags:                g.options.Tags,
		MaxSessionDuration:  g.options.MaxSessionDuration,
		Purpose:             g.purpose,
		ServiceAccounts:     sas,
	}
	in := map[string]bool{}
	for _, sa := range sas {
		in[sa.Name] = true
	}
	for _, m := range g.members {
		if in[m.ServiceAccount] {
			r.Components = append(r.Components, m.Name)
		}
	}
	r.TrustPolicy = p.trustPolicy(sas)
	r.PermissionPolicy = p.permissionPolicy(g)
	return r
}

// trustPolicy lets the service accounts assume the role from every
// cluster: one web-identity statement per cluster's OIDC provider, or
// the one Pod Identity statement.
func (p *Plan) trustPolicy(sas []ServiceAccountRef) PolicyDocument {
	t := p.Topology
	if t.Mode == ModePodIdentity {
		st := PodIdentityTrust("EKSPodIdentity")
		if t.PodIdentity != nil && t.PodIdentity.ConditionOnSessionTags {
			names := make([]string, len(sas))
			for i, sa := range sas {
				names[i] = sa.Name
			}
			clusters := make([]string, len(t.Clusters))
			for i, c := range t.Clusters {
				clusters[i] = c.Name
			}
			st.Condition = Condition{"StringEquals": {
				"aws:RequestTag/eks-cluster-name":           Strings(clusters),
				"aws:RequestTag/kubernetes-namespace":       Strings{t.Namespace},
				"aws:RequestTag/kubernetes-service-account": Strings(names),
			}}
		}
		return NewPolicy(st)
	}
	subjects := make([]string, len(sas))
	for i, sa := range sas {
		subjects[i] = sa.Subject()
	}
	statements := make([]Statement, len(t.Clusters))
	for i, c := range t.Clusters {
		provider := OIDCProviderARN(p.Partition.Name, t.AWS.AccountID, c.OIDCIssuer)
		statements[i] = WebIdentityTrust("ServiceAccountsOf"+sidWord(c.Name), provider, IssuerHost(c.OIDCIssuer), subjects)
	}
	return NewPolicy(statements...)
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
		domain := OpenSearchDomainARN(part, t.AWS.Region, t.AWS.AccountID, t.OpenSearch.Domain)
		http := Allowing("OpenSearchHTTP", openSearchHTTPActions, domain+"/*")
		if t.OpenSearch.Policy != OpenSearchPolicySeed {
			return NewPolicy(http)
		}
		// The seed guide granted its whole list on domain/*, where the
		// configuration actions never match: they act on the domain ARN
		// itself, and the account-wide listings on no resource at all.
		return NewPolicy(http,
			Allowing("OpenSearchDomainConfig", openSearchSeedDomainActions, domain),
			Allowing("OpenSearchAccountListings", openSearchSeedAccountActions, "*"))
	default:
		bucket := S3BucketARN(part, t.ElasticsearchBackup.Bucket)
		objects := bucket + "/*"
		if base := t.ElasticsearchBackup.BasePath; base != "" {
			objects = bucket + "/" + base + "/*"
		}
		return NewPolicy(
			Allowing("SnapshotBucket", snapshotBucketActions, bucket),
			Allowing("SnapshotObjects", snapshotObjectActions, objects),
		)
	}
}

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

// roleGroup is the set of components that share one role.
type roleGroup struct {
	purpose Purpose
	members []ListedComponent
	// stem is the generated name before any shortening.
	stem string
	// name is the role's name: the override, or the stem shortened to fit.
	name    string
	options RoleOptions
	// optionConflicts are members whose role settings contradict others.
	optionConflicts []optionConflict
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
		// With several clusters the first one names the roles: the roles
		// are shared, and a stable name matters more than a complete one.
		cluster := ""
		if len(t.Clusters) > 0 {
			cluster = t.Clusters[0].Name
		}
		g.stem = t.RoleNamePrefix + cluster + "-" + g.suffix()
		if g.overridden != nil {
			g.name = g.overridden.RoleName
		} else {
			g.name, _ = shortenRoleName(g.stem)
		}
		g.options, g.optionConflicts = mergeRoleOptions(t.RoleDefaults, g.members)
	}
	return groups
}

// roleNameHashLength is how many hex digits of a hash keep shortened role
// names apart.
const roleNameHashLength = 8

// shortenRoleName fits a generated name into IAM's 64 characters: a
// readable stem, a hyphen and a hash of the full name, so that two long
// names that share a stem still differ. The note says what happened.
func shortenRoleName(name string) (string, string) {
	if len(name) <= MaxRoleNameLength {
		return name, ""
	}
	sum := sha256.Sum256([]byte(name))
	stem := strings.TrimRight(name[:MaxRoleNameLength-roleNameHashLength-1], "-_.@=,+")
	short := stem + "-" + hex.EncodeToString(sum[:])[:roleNameHashLength]
	return short, fmt.Sprintf("name shortened from %s (%d characters; IAM allows %d)", name, len(name), MaxRoleNameLength)
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
