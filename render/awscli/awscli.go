// Package awscli renders a plan as a bash script of AWS CLI commands
// (--output aws-cli) that brings an account to the plan: its IAM
// policies and roles and, in Pod Identity mode, its EKS Pod Identity
// associations, created where missing and set where they differ.
//
// The script converges: run again, it changes nothing; run after a
// change of the topology or after someone changed a role by hand, it
// sets what the plan says, and with PRUNE=1 it deletes the roles,
// policies and associations of the topology that the plan no longer has
// (see Render). Every value from the plan is passed as one quoted word
// (internal/shell) and every policy document through a quoted heredoc
// into a temporary file, so nothing the plan holds is ever expanded by
// the shell.
package awscli

import (
	_ "embed"
	"fmt"
	"maps"
	"slices"
	"strings"
	"text/template"

	"github.com/camunda-irsa/camunda-irsa/internal/jsonenc"
	"github.com/camunda-irsa/camunda-irsa/internal/shell"
	"github.com/camunda-irsa/camunda-irsa/internal/tmpl"
	"github.com/camunda-irsa/camunda-irsa/irsa"
)

// FileName is the name the script is written under (golden files,
// --out-dir).
const FileName = "apply.sh"

// ManagedByKey is the key of the tag the script puts on every role and
// policy it makes. Its value names the topology (see managedBy), and
// pruning deletes only what carries this topology's value.
const ManagedByKey = "camunda-irsa/topology"

// defaultMaxSessionDuration is IAM's default maximum session duration,
// which a role gets back when the topology stops setting one.
const defaultMaxSessionDuration = 3600

//go:embed apply.sh.tmpl
var scriptTemplate string

// Render writes the script. Its bytes are deterministic.
//
// Before it writes anything, the script checks that the AWS CLI is new
// enough, that the credentials are for the topology's account, and that
// what the roles rely on exists: the clusters' OIDC providers (IRSA) or
// the clusters themselves (Pod Identity), and the permissions boundaries.
// It reports everything missing at once and stops.
//
// Then, per role, it makes the customer managed policy hold the
// permission policy (a new default version only when the document
// differs, making room when IAM's limit of five versions is reached),
// and the role hold the trust policy, the maximum session duration
// (IAM's default when the plan sets none), the permissions boundary (or
// none), the tags and the description, with the policy as its only one
// attached and no inline policy. Each is read first and written only
// when it differs, so a second run writes nothing. In Pod Identity mode
// each planned service account gets its association, pointed at its
// role.
//
// Every role and policy carries the tag ManagedByKey with this
// topology's value. Roles and policies with that tag, and the Pod
// Identity associations of the topology's clusters and namespace that
// point at such roles, which the plan no longer has are listed at the
// end, and deleted when PRUNE=1 is set.
//
// IAM and STS calls pass the topology's region, so that they reach the
// topology's partition whatever the caller's default region; EKS calls
// pass each cluster's region. A lookup treats only NoSuchEntity and
// ResourceNotFoundException as "absent": any other error stops the
// script.
func Render(p *irsa.Plan) ([]byte, error) {
	if err := p.Check(); err != nil {
		return nil, err
	}
	v, err := newView(p)
	if err != nil {
		return nil, err
	}
	return script.Render(v)
}

// view is what the template formats.
type view struct {
	Account string
	// Region is where IAM and STS calls go: the topology's region, in
	// the topology's partition.
	Region string
	// ManagedBy is the value of the ManagedByKey tag; ManagedByTag the
	// tag as converge_tags compares tags, ManagedByTagJSON as --tags
	// takes it.
	ManagedByKey, ManagedBy, ManagedByTag, ManagedByTagJSON string
	// Description is every role's description, which also picks the
	// topology's roles out of ListRoles (see apply.sh.tmpl).
	Description string
	MinCLI      cliVersion
	PodIdentity bool
	// OIDCProviders are the providers the trust policies name (IRSA).
	OIDCProviders []string
	// Clusters are the topology's clusters, each with its region.
	Clusters     []cluster
	Namespace    string
	Boundaries   []string
	Roles        []role
	Associations []irsa.PodIdentityAssociation
	// PlannedRoles and PlannedPolicies are the names and ARNs the plan
	// has, space-separated, for the pruning to leave alone.
	PlannedRoles, PlannedPolicies string
}

// cluster is a cluster with the service accounts the plan associates in
// it, space-separated (Pod Identity).
type cluster struct {
	irsa.Cluster
	ServiceAccounts string
}

// minCLI is the AWS CLI version the script needs: 2.0 in IRSA mode
// (version 1 has reached its end of support), 2.14 for the EKS Pod
// Identity commands.
func minCLI(podIdentity bool) cliVersion {
	if podIdentity {
		return cliVersion{Major: 2, Minor: 14}
	}
	return cliVersion{Major: 2, Minor: 0}
}

// cliVersion is a major.minor version of the AWS CLI.
type cliVersion struct{ Major, Minor int }

func (v cliVersion) String() string { return fmt.Sprintf("%d.%d", v.Major, v.Minor) }

// role is a plan's role with its settings as the script writes them.
type role struct {
	irsa.Role
	// OwnsPolicy is true for the first role of the policy it holds: the
	// parts of a role split to fit the trust quota share one.
	OwnsPolicy bool
	// Policy and Trust are the permission and trust policy in the form
	// AWS CLI 2 prints documents (see cliJSON), each ending in a newline.
	Policy, Trust string
	// MaxSession is the planned maximum session duration, or IAM's
	// default.
	MaxSession int
	// Tags are the planned tags and the managed-by tag, as lines of
	// key<TAB>value sorted by key; TagsJSON the same as --tags takes them.
	Tags, TagsJSON string
}

func newView(p *irsa.Plan) (view, error) {
	top := p.Topology()
	managedBy := managedBy(top)
	managedTag := map[string]string{ManagedByKey: managedBy}
	managedTagJSON, err := tagsJSON(managedTag)
	if err != nil {
		return view{}, err
	}
	podIdentity := top.Mode == irsa.ModePodIdentity
	assocs := p.Associations()
	v := view{
		Account: top.AWS.AccountID, Region: top.AWS.Region,
		ManagedByKey: ManagedByKey, ManagedBy: managedBy, ManagedByTag: tagLines(managedTag), ManagedByTagJSON: managedTagJSON,
		Description: "Managed by camunda-irsa for topology " + managedBy + ": change the topology and run its aws-cli script again.",
		MinCLI:      minCLI(podIdentity), PodIdentity: podIdentity,
		Clusters: clusters(top.Clusters, assocs), Namespace: top.Namespace, Associations: assocs,
	}
	roles := p.Roles()
	v.OIDCProviders, v.Boundaries = dependencies(roles)
	var names, policies []string
	for _, r := range roles {
		vr, err := newRole(r, managedBy)
		if err != nil {
			return view{}, fmt.Errorf("role %s: %w", r.Name, err)
		}
		vr.OwnsPolicy = r.CreatesPolicy
		v.Roles = append(v.Roles, vr)
		names = append(names, r.Name)
		if vr.OwnsPolicy {
			policies = append(policies, r.PolicyARN)
		}
	}
	v.PlannedRoles, v.PlannedPolicies = strings.Join(names, " "), strings.Join(policies, " ")
	return v, nil
}

// clusters are the plan's clusters, each with the service accounts the
// plan associates in it.
func clusters(all []irsa.Cluster, assocs []irsa.PodIdentityAssociation) []cluster {
	sas := map[string][]string{}
	for _, a := range assocs {
		sas[a.ClusterName] = append(sas[a.ClusterName], a.ServiceAccount)
	}
	out := make([]cluster, len(all))
	for i, c := range all {
		out[i] = cluster{Cluster: c, ServiceAccounts: strings.Join(sas[c.Name], " ")}
	}
	return out
}

// dependencies are what the roles need to exist before the script makes
// them: the OIDC providers their trust policies name and their
// permissions boundaries, each once, sorted.
func dependencies(roles []irsa.Role) (providers, boundaries []string) {
	for _, r := range roles {
		if r.PermissionsBoundary != "" {
			boundaries = append(boundaries, r.PermissionsBoundary)
		}
		for _, st := range r.TrustPolicy.Statement {
			if st.Principal != nil {
				providers = append(providers, st.Principal.Federated...)
			}
		}
	}
	slices.Sort(providers)
	slices.Sort(boundaries)
	return slices.Compact(providers), slices.Compact(boundaries)
}

// managedBy is the value of the managed-by tag: the account, the first
// cluster and the namespace, as in 123456789012/camunda/camunda. The
// first cluster is the one the roles are named after, so the value stays
// as long as the role names do: adding a second cluster to a topology
// does not make its roles someone else's.
func managedBy(top irsa.Topology) string {
	return top.AWS.AccountID + "/" + top.Clusters[0].Name + "/" + top.Namespace
}

func newRole(r irsa.Role, managedBy string) (role, error) {
	if _, ok := r.Tags[ManagedByKey]; ok {
		return role{}, fmt.Errorf("tag %s is the script's own, which marks what it manages; choose another key", ManagedByKey)
	}
	policy, err := cliJSON(r.PermissionPolicy)
	if err != nil {
		return role{}, fmt.Errorf("permission policy: %w", err)
	}
	trust, err := cliJSON(r.TrustPolicy)
	if err != nil {
		return role{}, fmt.Errorf("trust policy: %w", err)
	}
	tags := maps.Clone(r.Tags)
	if tags == nil {
		tags = map[string]string{}
	}
	tags[ManagedByKey] = managedBy
	tagsJSON, err := tagsJSON(tags)
	if err != nil {
		return role{}, fmt.Errorf("tags: %w", err)
	}
	vr := role{Role: r, Policy: policy, Trust: trust, MaxSession: r.MaxSessionDuration, Tags: tagLines(tags), TagsJSON: tagsJSON}
	if vr.MaxSession == 0 {
		vr.MaxSession = defaultMaxSessionDuration
	}
	return vr, nil
}

// cliJSON is a policy document in the form AWS CLI 2 prints one with
// --output json: indented by four spaces, keys in document order, no
// escaping beyond JSON's own (Python's json.dumps with indent=4 and
// ensure_ascii=False; the CLI decodes the document IAM keeps as it was
// sent). The script writes documents in this form, so that it can tell
// a document that changed from one that did not by comparing text,
// without a JSON tool. Should the CLI print documents differently one
// day, every run makes a new policy version, as scripts before did.
func cliJSON(doc irsa.PolicyDocument) (string, error) {
	js, err := encodeJSON(doc, "    ")
	return js + "\n", err
}

// tagLines are the tags as the script reads them back from AWS: one
// key<TAB>value line per tag, sorted by key. Tag keys and values hold
// neither tabs nor newlines.
func tagLines(tags map[string]string) string {
	var lines []string
	for _, k := range slices.Sorted(maps.Keys(tags)) {
		lines = append(lines, k+"\t"+tags[k])
	}
	return strings.Join(lines, "\n")
}

// tagsJSON is the --tags value as JSON, which the AWS CLI accepts for any
// list option: unlike its Key=..,Value=.. shorthand it has no trouble with
// the commas, spaces and = that tag values may hold. Tags are sorted by
// key, so the bytes are stable.
func tagsJSON(tags map[string]string) (string, error) {
	type tag struct {
		Key   string `json:"Key"`
		Value string `json:"Value"`
	}
	var list []tag
	for _, k := range slices.Sorted(maps.Keys(tags)) {
		list = append(list, tag{Key: k, Value: tags[k]})
	}
	return encodeJSON(list, "")
}

// encodeJSON is v as JSON text for the script (jsonenc.Encode).
func encodeJSON(v any, indent string) (string, error) {
	b, err := jsonenc.Encode(v, indent)
	return string(b), err
}

// script is the template of the output, parsed on first use.
var script = tmpl.New(FileName, scriptTemplate, func(*template.Template) template.FuncMap { return shell.Funcs() })
