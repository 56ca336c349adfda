package irsa

import (
	"errors"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// Plan is what a valid topology needs in IAM, Kubernetes and PostgreSQL:
// the roles, what each may do, which service accounts may assume it, and
// every other decision the outputs format (regions, paths, policy names,
// database users). Only NewPlan makes one; its fields are unexported and
// every accessor returns a copy, so a plan cannot be changed after the
// validation that made it.
type Plan struct {
	topology     Topology
	line         ChartLine
	partition    Partition
	roles        []Role
	associations []PodIdentityAssociation
	databases    []Database
	warnings     []string
	notes        []string
}

// ErrNoPlan is returned by renderers handed a nil Plan or one that
// NewPlan did not make.
var ErrNoPlan = errors.New("no plan: make one with irsa.NewPlan")

// Check returns ErrNoPlan unless p was made by NewPlan. Renderers call it
// before anything else.
func (p *Plan) Check() error {
	if p == nil || p.line.Name == "" {
		return ErrNoPlan
	}
	return nil
}

// Topology is the topology the plan was made from, with defaults applied:
// mode, partition, trust policy quota, Aurora port, OpenSearch policy,
// and one entry in Clusters per cluster, each with its region.
func (p *Plan) Topology() Topology { return p.topology.clone() }

// Line is the chart line the topology names.
func (p *Plan) Line() ChartLine { return p.line }

// Partition is the partition of the topology's region.
func (p *Plan) Partition() Partition { return p.partition }

// Namespace is the namespace of the Helm release, where every service
// account lives.
func (p *Plan) Namespace() string { return p.topology.Namespace }

// Mode is how pods obtain their credentials.
func (p *Plan) Mode() Mode { return p.topology.Mode }

// Clusters are the clusters whose service accounts assume the roles,
// each with its region.
func (p *Plan) Clusters() []Cluster { return slices.Clone(p.topology.Clusters) }

// Roles are the roles of the plan, sorted by name.
func (p *Plan) Roles() []Role {
	out := make([]Role, len(p.roles))
	for i, r := range p.roles {
		out[i] = r.clone()
	}
	return out
}

// RoleFor returns the role a component's service account assumes.
func (p *Plan) RoleFor(name ComponentName) (Role, bool) {
	for _, r := range p.roles {
		if slices.Contains(r.Components, name) {
			return r.clone(), true
		}
	}
	return Role{}, false
}

// SnapshotRole is the role OpenSearch Service assumes to write the web
// applications' snapshot repository to the backup bucket, if the plan
// has one.
func (p *Plan) SnapshotRole() (Role, bool) {
	for _, r := range p.roles {
		if len(r.ServiceAccounts) == 0 {
			return r.clone(), true
		}
	}
	return Role{}, false
}

// RolesWith returns the roles holding a grant of the given kind, sorted
// by name.
func (p *Plan) RolesWith(kind GrantKind) []Role {
	var out []Role
	for _, r := range p.roles {
		if slices.ContainsFunc(r.Grants, func(g Grant) bool { return g.Kind() == kind }) {
			out = append(out, r.clone())
		}
	}
	return out
}

// Associations are the EKS Pod Identity associations, one per cluster and
// service account, sorted by cluster and service account; none in IRSA
// mode.
func (p *Plan) Associations() []PodIdentityAssociation { return slices.Clone(p.associations) }

// Databases are the Aurora databases and users to set up, one per
// component that connects to Aurora, in the fixed component order.
func (p *Plan) Databases() []Database { return slices.Clone(p.databases) }

// Warnings are what the topology asks for that works but is on its way
// out (a component the chart line deprecates), for the user to read.
func (p *Plan) Warnings() []string { return slices.Clone(p.warnings) }

// Notes say how the plan read a value it accepted in another form than
// the canonical one (an OIDC issuer without https://), each as
// "<field path>: <what>", for the user to read.
func (p *Plan) Notes() []string { return slices.Clone(p.notes) }

// Database is one component's PostgreSQL database and the user it signs
// in as with an IAM token.
type Database struct {
	Component ComponentName
	User      string
	Name      string
}

// PodIdentityAssociation binds one service account to a role through EKS
// Pod Identity.
type PodIdentityAssociation struct {
	ClusterName string
	// ClusterRegion is the cluster's region, where the association lives.
	ClusterRegion  string
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
	// PolicyName and PolicyARN name the customer managed policy that holds
	// the permission policy.
	PolicyName string
	PolicyARN  string
	// CreatesPolicy is true for the role that creates its policy: the
	// parts of a split role share one, created with the first of them in
	// the order of Plan.Roles and attached to the others.
	CreatesPolicy bool
	// PermissionsBoundary is the ARN of a managed policy that bounds the
	// role, if any.
	PermissionsBoundary string
	// Tags are the role's IAM tags.
	Tags map[string]string
	// MaxSessionDuration is in seconds; 0 keeps IAM's default of 3600.
	MaxSessionDuration int
	// Grants are what the role may do, sorted by kind; the permission
	// policy is their union.
	Grants []Grant
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

func (r Role) clone() Role {
	r.Tags = maps.Clone(r.Tags)
	r.Grants = slices.Clone(r.Grants)
	r.Components = slices.Clone(r.Components)
	r.ServiceAccounts = slices.Clone(r.ServiceAccounts)
	r.Notes = slices.Clone(r.Notes)
	r.TrustPolicy = r.TrustPolicy.clone()
	r.PermissionPolicy = r.PermissionPolicy.clone()
	return r
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

// ServiceAccountBinding is one service account and the role it assumes.
type ServiceAccountBinding struct {
	ServiceAccount ServiceAccountRef
	Role           Role
}

// ServiceAccounts lists every distinct service account of the plan with
// its role, sorted by service account.
func (p *Plan) ServiceAccounts() []ServiceAccountBinding {
	var out []ServiceAccountBinding
	for _, r := range p.roles {
		for _, sa := range r.ServiceAccounts {
			out = append(out, ServiceAccountBinding{ServiceAccount: sa, Role: r.clone()})
		}
	}
	slices.SortFunc(out, func(a, b ServiceAccountBinding) int {
		return strings.Compare(a.ServiceAccount.String(), b.ServiceAccount.String())
	})
	return out
}

// uniqueSids hands out Sids unique within one policy, as IAM requires: a
// Sid taken already gets the first free number appended. Cluster names
// that differ only in case or punctuation make the same word.
type uniqueSids map[string]bool

func (u uniqueSids) add(sid string) string {
	unique := sid
	for n := 2; u[unique]; n++ {
		unique = sid + strconv.Itoa(n)
	}
	u[unique] = true
	return unique
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
