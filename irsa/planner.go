package irsa

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
)

// NewPlan validates the topology and decides its roles, in one pass: it
// returns every problem at once as FieldErrors, each naming its field
// path, or a plan that every renderer can format as it is.
func NewPlan(t Topology) (*Plan, error) {
	return plan(t, nil)
}

// plan is NewPlan with the problems decoding already found, which are
// reported together with the validation's own.
func plan(raw Topology, decoded FieldErrors) (*Plan, error) {
	c := collector{errs: slices.Clone(decoded)}
	t := raw.WithDefaults()
	line, err := LookupChartLine(t.Chart)
	lineKnown := err == nil
	validateFields(&c, raw, t, lineKnown)
	before := len(c.errs)
	validateComponents(&c, t, line, lineKnown)
	// The role-level checks group components by service account, grants
	// and name; on components that are themselves wrong they would only
	// repeat those errors. Problems elsewhere (aws, cluster) do not stop
	// them, so that one pass reports everything.
	var groups []*roleGroup
	if len(c.errs) == before && lineKnown {
		groups = groupRoles(t, line)
		validateRoles(&c, groups)
	}
	if len(c.errs) > 0 {
		return nil, c.finish(decoded)
	}
	p := &Plan{topology: t, line: line, partition: PartitionForRegion(t.AWS.Region)}
	for _, g := range groups {
		roles, ok := p.newRoles(&c, g)
		if !ok {
			return nil, c.finish(decoded)
		}
		p.roles = append(p.roles, roles...)
	}
	if r, ok := p.snapshotRole(); ok {
		if clash := slices.IndexFunc(p.roles, func(o Role) bool { return strings.EqualFold(o.Name, r.Name) }); clash >= 0 {
			c.add("backup", "the OpenSearch snapshot role would be named %s, like the role of components.%s; set that component's roleName to another name",
				r.Name, p.roles[clash].Components[0])
			return nil, c.finish(decoded)
		}
		p.roles = append(p.roles, r)
	}
	slices.SortFunc(p.roles, func(a, b Role) int { return strings.Compare(a.Name, b.Name) })
	// The first role, in this order, that holds a policy creates it; the
	// other parts of a split role attach it.
	created := map[string]bool{}
	for i := range p.roles {
		p.roles[i].CreatesPolicy = !created[p.roles[i].PolicyName]
		created[p.roles[i].PolicyName] = true
	}
	if t.Mode == ModePodIdentity {
		p.associations = p.newAssociations()
	}
	for _, l := range t.Components.Listed() {
		if usesAurora(l) {
			p.databases = append(p.databases, Database{Component: l.Name, User: l.DBUser, Name: l.Database})
		}
		if spec, ok := line.Component(l.Name); ok && spec.Deprecated != "" && (l.Name != Keycloak || l.ManagedBy == KeycloakByChart) {
			p.warnings = append(p.warnings, fmt.Sprintf("components.%s: %s", l.Name, spec.Deprecated))
		}
	}
	p.notes = issuerNotes(raw, t)
	return p, nil
}

// issuerNotes says which issuers WithDefaults gave a scheme.
func issuerNotes(raw, t Topology) []string {
	var notes []string
	for i, c := range t.Clusters {
		path, given := "cluster", raw.Cluster.OIDCIssuer
		if len(raw.Clusters) > 0 {
			path, given = fmt.Sprintf("clusters[%d]", i), raw.Clusters[i].OIDCIssuer
		}
		if given != c.OIDCIssuer {
			notes = append(notes, fmt.Sprintf("%s.oidcIssuer: read %q as %s (an issuer URL starts with https://)", path, given, c.OIDCIssuer))
		}
	}
	return notes
}

// newAssociations binds every planned service account to its role in
// every cluster, sorted by cluster and service account.
func (p *Plan) newAssociations() []PodIdentityAssociation {
	var out []PodIdentityAssociation
	bindings := p.ServiceAccounts()
	for _, c := range p.topology.Clusters {
		for _, b := range bindings {
			out = append(out, PodIdentityAssociation{ClusterName: c.Name, ClusterRegion: c.Region,
				Namespace: b.ServiceAccount.Namespace, ServiceAccount: b.ServiceAccount.Name,
				RoleName: b.Role.Name, RoleARN: b.Role.ARN})
		}
	}
	return out
}

// roleGroup is the set of components that share one role: those with
// equal grants, and those the user gave the same roleName.
type roleGroup struct {
	grants  grantSet
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
	// merged: the roleName joined groups of different grants.
	merged bool
}

type overrideConflict struct {
	member  ComponentName
	message string
}

// namePath is the field that decides the role's name.
func (g *roleGroup) namePath() string {
	if g.overridden != nil {
		return "components." + string(g.overridden.Name) + ".roleName"
	}
	return "components." + string(g.members[0].Name)
}

// groupRoles assigns the components of a valid topology to roles: one per
// distinct set of grants, then joining the roles the user gave one
// roleName. Groups come in the fixed component order of their first
// member.
func groupRoles(t Topology, line ChartLine) []*roleGroup {
	var groups []*roleGroup
	byKey := map[string]*roleGroup{}
	for _, l := range t.Components.Listed() {
		gs := grants(t, line, l)
		key := gs.key()
		g, ok := byKey[key]
		if !ok {
			g = &roleGroup{grants: gs}
			byKey[key] = g
			groups = append(groups, g)
		}
		g.members = append(g.members, l)
	}
	for _, g := range groups {
		g.findOverride()
	}
	groups = joinByRoleName(groups)
	for _, g := range groups {
		suffix := g.grants.roleSuffix()
		if suffix == "" {
			suffix = strings.ToLower(string(g.members[0].Name))
		}
		g.stem = roleStem(t, suffix)
		if g.overridden != nil {
			g.name = g.overridden.RoleName
		} else {
			g.name, _ = shortenRoleName(g.stem)
		}
		g.options, g.optionConflicts = mergeRoleOptions(t.RoleDefaults, g.members)
	}
	return groups
}

// roleStem is a generated role name before shortening. With several
// clusters the first one names the roles: the roles are shared, and a
// stable name matters more than a complete one.
func roleStem(t Topology, suffix string) string {
	cluster := ""
	if len(t.Clusters) > 0 {
		cluster = t.Clusters[0].Name
	}
	return t.RoleNamePrefix + cluster + "-" + suffix
}

// findOverride picks the member whose roleName names the group, and
// records members that ask for another name.
func (g *roleGroup) findOverride() {
	g.overridden, g.overrideConflicts = nil, nil
	for i := range g.members {
		m := &g.members[i]
		switch {
		case m.RoleName == "":
		case g.overridden == nil:
			g.overridden = m
		case g.overridden.RoleName != m.RoleName:
			g.overrideConflicts = append(g.overrideConflicts, overrideConflict{member: m.Name,
				message: fmt.Sprintf("%q differs from roleName %q of components.%s, which shares the role (%s); set the same roleName or leave one out",
					m.RoleName, g.overridden.RoleName, g.overridden.Name, g.grants.describe())})
		}
	}
}

// joinByRoleName merges groups of different grants whose roleName is the
// same: the user asked for one role, which then holds the union of their
// grants.
func joinByRoleName(groups []*roleGroup) []*roleGroup {
	var out []*roleGroup
	byName := map[string]*roleGroup{}
	for _, g := range groups {
		if g.overridden == nil || len(g.overrideConflicts) > 0 {
			out = append(out, g)
			continue
		}
		first, ok := byName[g.overridden.RoleName]
		if !ok {
			byName[g.overridden.RoleName] = g
			out = append(out, g)
			continue
		}
		first.merged = true
		first.grants = first.grants.union(g.grants)
		first.members = append(first.members, g.members...)
		slices.SortStableFunc(first.members, func(a, b ListedComponent) int {
			return componentIndex(a.Name) - componentIndex(b.Name)
		})
		first.findOverride()
	}
	return out
}

// componentIndex is the component's place in the fixed component order.
func componentIndex(name ComponentName) int {
	return slices.Index(componentOrder(), name)
}

// validateRoles checks what only the grouping of components into roles
// shows: shared service accounts, conflicting overrides, name clashes.
func validateRoles(c *collector, groups []*roleGroup) {
	bySA := map[string]*roleGroup{}
	saOwner := map[string]ComponentName{}
	byName := map[string]*roleGroup{}
	for _, g := range groups {
		for _, m := range g.members {
			path := "components." + string(m.Name)
			if other, ok := bySA[m.ServiceAccount]; ok && other != g {
				c.add(path+".serviceAccount", "%q is also the service account of components.%s, which needs a different role (%s); give each its own service account",
					m.ServiceAccount, saOwner[m.ServiceAccount], other.grants.describe())
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

// newRoles builds the role of a group, or several when the trust policy
// for all its service accounts would exceed the account's quota: AWS
// rejects such a role outright, so the service accounts are split across
// numbered roles. A service account whose trust policy alone exceeds the
// quota cannot be split; that is reported and ok is false.
func (p *Plan) newRoles(c *collector, g *roleGroup) (roles []Role, ok bool) {
	t := p.topology
	var sas []ServiceAccountRef
	for _, m := range g.members {
		sa := ServiceAccountRef{Namespace: t.Namespace, Name: m.ServiceAccount}
		if !slices.Contains(sas, sa) {
			sas = append(sas, sa)
		}
	}
	slices.SortFunc(sas, func(a, b ServiceAccountRef) int { return strings.Compare(a.String(), b.String()) })

	quota := t.AWS.TrustPolicyQuota
	parts := [][]ServiceAccountRef{sas}
	if p.trustPolicy(sas).Length() > quota {
		for _, m := range g.members {
			if n := p.trustPolicy([]ServiceAccountRef{{Namespace: t.Namespace, Name: m.ServiceAccount}}).Length(); n > quota {
				c.add("aws.trustPolicyQuota", "the trust policy of the %s role for service account %s alone is %d characters, over the quota of %d; raise the quota or shorten names",
					g.grants.describe(), m.ServiceAccount, n, quota)
				return nil, false
			}
		}
		parts = nil
		var cur []ServiceAccountRef
		for _, sa := range sas {
			next := append(slices.Clone(cur), sa)
			if len(cur) > 0 && p.trustPolicy(next).Length() > quota {
				parts = append(parts, cur)
				next = []ServiceAccountRef{sa}
			}
			cur = next
		}
		parts = append(parts, cur)
	}
	for i, part := range parts {
		var notes []string
		if g.merged {
			notes = append(notes, fmt.Sprintf("roleName %s joins components of different needs: the role holds the union of their grants (%s)",
				g.name, g.grants.describe()))
		}
		name := g.stem
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
		r := p.newRole(g, name, g.name, part, p.trustPolicy(part))
		r.Notes = notes
		roles = append(roles, r)
	}
	return roles, true
}

// newRole builds one role of a group. The parts of a split role share
// one permission policy, named as the unsplit role would be: one document
// to review, one to update.
func (p *Plan) newRole(g *roleGroup, name, policy string, sas []ServiceAccountRef, trust PolicyDocument) Role {
	t := p.topology
	r := Role{
		Name:                name,
		ARN:                 RoleARN(p.partition.Name, t.AWS.AccountID, g.options.Path, name),
		Path:                g.options.Path,
		PolicyName:          policy,
		PolicyARN:           PolicyARN(p.partition.Name, t.AWS.AccountID, policy),
		PermissionsBoundary: g.options.PermissionsBoundary,
		Tags:                g.options.Tags,
		MaxSessionDuration:  g.options.MaxSessionDuration,
		Grants:              slices.Clone(g.grants),
		ServiceAccounts:     sas,
		TrustPolicy:         trust,
	}
	for _, m := range g.members {
		if slices.Contains(sas, ServiceAccountRef{Namespace: t.Namespace, Name: m.ServiceAccount}) {
			r.Components = append(r.Components, m.Name)
		}
	}
	r.PermissionPolicy = g.grants.policy()
	return r
}

// trustPolicy lets the service accounts assume the role from every
// cluster: one web-identity statement per cluster's OIDC provider, or
// the one Pod Identity statement.
func (p *Plan) trustPolicy(sas []ServiceAccountRef) PolicyDocument {
	t := p.topology
	if t.Mode == ModePodIdentity {
		st := PodIdentityTrust("EKSPodIdentity")
		if t.PodIdentity.SessionTagConditions() {
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
	sids := uniqueSids{}
	for i, c := range t.Clusters {
		provider := OIDCProviderARN(p.partition.Name, t.AWS.AccountID, c.OIDCIssuer)
		statements[i] = WebIdentityTrust(sids.add("ServiceAccountsOf"+sidWord(c.Name)), provider, IssuerHost(c.OIDCIssuer), subjects)
	}
	return NewPolicy(statements...)
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

// snapshotRole is the role OpenSearch Service itself assumes to write the
// snapshot repository of the web applications, when backups go to S3 and
// the search store is OpenSearch. No service account assumes it; whoever
// registers the repository passes it (iam:PassRole).
func (p *Plan) snapshotRole() (Role, bool) {
	t := p.topology
	if t.Backup == nil || t.OpenSearch == nil {
		return Role{}, false
	}
	name, shortened := shortenRoleName(roleStem(t, "opensearch-snapshots"))
	g := &roleGroup{grants: newGrantSet(snapshotRepositoryGrant(scopeOf(t), *t.Backup))}
	g.options, _ = mergeRoleOptions(t.RoleDefaults, nil)
	r := p.newRole(g, name, name, nil, NewPolicy(ServiceTrust("OpenSearchService", OpenSearchServicePrincipal)))
	if shortened != "" {
		r.Notes = append(r.Notes, shortened)
	}
	return r, true
}
