package helmchart

import (
	"fmt"
	"slices"
	"strings"

	"github.com/camunda-irsa/camunda-irsa/irsa"
)

// roleARNAnnotation is the ServiceAccount annotation the EKS pod identity
// webhook reads to inject a web-identity token and AWS_ROLE_ARN.
const roleARNAnnotation = "eks.amazonaws.com/role-arn"

// Status is the outcome of one check.
type Status string

// The outcomes. Only StatusFail makes a report fail.
const (
	StatusPass Status = "pass"
	StatusFail Status = "fail"
	StatusWarn Status = "warn"
	StatusInfo Status = "info"
)

// Check is one verified fact about the rendered chart.
type Check struct {
	// Name says what was checked, e.g.
	// "identity Deployment/camunda-identity: service account".
	Name    string
	Status  Status
	Message string
	// Causes are overlay keys a --values-after file overrides that bear on
	// this check; they are attached to failed checks only.
	Causes []Override
}

// String is the check's report line.
func (c Check) String() string {
	line := fmt.Sprintf("%-4s %s: %s", strings.ToUpper(string(c.Status)), c.Name, c.Message)
	if len(c.Causes) > 0 {
		causes := make([]string, len(c.Causes))
		for i, o := range c.Causes {
			causes[i] = o.String()
		}
		line += " [" + strings.Join(causes, "; ") + "]"
	}
	return line
}

// Report is every check of one verification, in a stable order.
type Report []Check

// Failed reports whether any check failed.
func (r Report) Failed() bool {
	for _, c := range r {
		if c.Status == StatusFail {
			return true
		}
	}
	return false
}

// Summary counts the checks: "21 checks: 20 pass, 0 warn, 1 fail". INFO
// lines are notes, not checks (nothing could have failed), so they are
// not counted.
func (r Report) Summary() string {
	counts := map[Status]int{}
	for _, c := range r {
		counts[c.Status]++
	}
	total := counts[StatusPass] + counts[StatusWarn] + counts[StatusFail]
	return fmt.Sprintf("%d checks: %d pass, %d warn, %d fail", total, counts[StatusPass], counts[StatusWarn], counts[StatusFail])
}

// String prints one line per check, then the summary line.
func (r Report) String() string {
	var b strings.Builder
	for _, c := range r {
		b.WriteString(c.String())
		b.WriteByte('\n')
	}
	b.WriteString(r.Summary())
	b.WriteByte('\n')
	return b.String()
}

// VerifyOptions is what Verify needs beyond the manifests and the plan.
type VerifyOptions struct {
	// Overlay is the overlay the chart was rendered with, parsed; it tells
	// which keys --values-after files override and which user list
	// entries are lost.
	Overlay map[string]any
	// Before and After are the user's --values and --values-after files.
	Before []ValuesFile
	After  []ValuesFile
	// ExternalServiceAccounts are service accounts camunda-irsa's own
	// ServiceAccount manifests create (so the chart need not render them).
	ExternalServiceAccounts []irsa.ServiceAccountRef
	// Namespace is the release namespace the chart was rendered for;
	// empty means the plan's. Another one fails: the plan's roles trust
	// only service accounts of the plan's namespace.
	Namespace string
}

// Verify checks a rendered chart against the plan: every Deployment,
// StatefulSet, Job and CronJob of a listed component runs under the
// service account the component's role trusts, that service account
// exists with the role annotation (IRSA) or without it (Pod Identity),
// database clients use the AWS JDBC wrapper with IAM auth, OpenSearch
// clients sign with AWS credentials and have no password, and no
// container carries static AWS keys. For the plan's features it checks
// that every workload reading the S3 document store runs under a role
// with the document store grant, that orchestration's secondary storage
// in Aurora uses the wrapper with IAM and no password, that the secret
// store's role is on orchestration's service account, and that the
// broker gets its backup store. Keys of --values-after files that
// override the overlay, and user list entries the overlay drops, are
// reported, and attached to the failures they explain.
func Verify(rendered []Manifest, plan *irsa.Plan, opts VerifyOptions) Report {
	if err := plan.Check(); err != nil {
		return Report{{Name: "plan", Status: StatusFail, Message: err.Error()}}
	}
	v := &verifier{plan: plan, opts: opts, ns: plan.Namespace()}
	if opts.Namespace != "" && opts.Namespace != plan.Namespace() {
		v.ns = opts.Namespace
		v.fail("namespace", fmt.Sprintf("the chart is rendered for namespace %s, but the topology's roles trust service accounts of namespace %s only; "+
			"install into %s (helm -n %s), or set namespace: %s in the topology and apply its roles again", v.ns, plan.Namespace(), plan.Namespace(), plan.Namespace(), v.ns), nil)
	}
	v.valuesChecks()
	x, err := indexObjects(rendered, v.ns)
	if err != nil {
		v.fail("manifests", err.Error(), nil)
		return v.report
	}
	v.objects = x
	workloads, err := decodeWorkloads(rendered)
	if err != nil {
		v.fail("manifests", err.Error(), nil)
		return v.report
	}
	v.duplicateServiceAccounts()
	var listed []irsa.ChartComponent
	for _, c := range plan.Topology().Components.Listed() {
		if c.ManagedBy == irsa.KeycloakByOperator {
			v.info(string(c.Name), "runs under the Keycloak Operator, not in this chart; apply camunda-irsa render --output keycloak")
			continue
		}
		if spec, ok := plan.Line().Component(c.Name); ok {
			v.component(c, spec, workloads)
			listed = append(listed, spec)
		}
	}
	v.unlistedDocumentStoreReaders(listed, workloads)
	return v.report
}

func decodeWorkloads(ms []Manifest) ([]workload, error) {
	var out []workload
	for _, m := range ms {
		w, ok, err := decodeWorkload(m)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, w)
		}
	}
	return out, nil
}

type verifier struct {
	plan      *irsa.Plan
	opts      VerifyOptions
	ns        string
	objects   objectIndex
	overrides []Override
	report    Report
	// authFix is openSearchAuthFix's answer, kept because it parses the
	// user's files and every workload with a password asks again.
	authFix string
}

func (v *verifier) add(name string, status Status, msg string, causes []Override) {
	if status != StatusFail {
		causes = nil
	}
	v.report = append(v.report, Check{Name: name, Status: status, Message: msg, Causes: causes})
}

func (v *verifier) pass(name, msg string)                    { v.add(name, StatusPass, msg, nil) }
func (v *verifier) fail(name, msg string, causes []Override) { v.add(name, StatusFail, msg, causes) }
func (v *verifier) warn(name, msg string)                    { v.add(name, StatusWarn, msg, nil) }
func (v *verifier) info(name, msg string)                    { v.add(name, StatusInfo, msg, nil) }
func (v *verifier) result(name string, problems []string, ok string, causes []Override) {
	if len(problems) == 0 {
		v.pass(name, ok)
		return
	}
	v.fail(name, strings.Join(problems, "; "), causes)
}

// valuesChecks reports what the user's files do to the overlay: keys an
// after-file overrides and list entries a before-file loses.
func (v *verifier) valuesChecks() {
	if v.opts.Overlay == nil {
		return
	}
	overrides, err := AfterOverrides(v.opts.Overlay, v.opts.After)
	if err != nil {
		v.fail("values-after", err.Error(), nil)
	}
	v.overrides = overrides
	for _, o := range overrides {
		v.warn("values-after", o.Describe())
	}
	lost, err := LostListEntries(v.opts.Overlay, v.opts.Before)
	if err != nil {
		v.fail("values lists", err.Error(), nil)
	}
	for _, l := range lost {
		v.warn("values lists", l.String())
	}
}

// causes are the overrides at or below any of paths, except those below
// any of except.
func (v *verifier) causes(paths []string, except ...string) []Override {
	var out []Override
	for _, o := range v.overrides {
		if underAny(o, except) || !underAny(o, paths) {
			continue
		}
		out = append(out, o)
	}
	return out
}

func underAny(o Override, paths []string) bool {
	for _, p := range paths {
		if o.under(parseKeyPath(p)) {
			return true
		}
	}
	return false
}

// roleOf is the plan's role that trusts a service account of the
// release namespace, if any.
func (v *verifier) roleOf(sa string) (irsa.Role, bool) {
	for _, r := range v.plan.Roles() {
		if trusts(r, v.ns, sa) {
			return r, true
		}
	}
	return irsa.Role{}, false
}

func trusts(role irsa.Role, namespace, name string) bool {
	for _, ref := range role.ServiceAccounts {
		if ref.Namespace == namespace && ref.Name == name {
			return true
		}
	}
	return false
}

func trusted(role irsa.Role) string {
	refs := make([]string, len(role.ServiceAccounts))
	for i, ref := range role.ServiceAccounts {
		refs[i] = ref.String()
	}
	return strings.Join(refs, ", ")
}

func (v *verifier) isExternal(name string) bool {
	for _, ref := range v.opts.ExternalServiceAccounts {
		if ref.Name == name && (ref.Namespace == "" || ref.Namespace == v.ns) {
			return true
		}
	}
	return false
}

// duplicateServiceAccounts warns where the chart renders a service
// account camunda-irsa's manifests also create: applying both makes one
// overwrite the other (or Helm refuses to adopt it).
func (v *verifier) duplicateServiceAccounts() {
	for _, ref := range v.opts.ExternalServiceAccounts {
		if _, ok := v.objects.serviceAccounts[v.objects.key(ref.Namespace, ref.Name)]; ok {
			v.warn("service account "+ref.Name, "is rendered by the chart and also in camunda-irsa's ServiceAccount manifests; "+
				"keep one (set the component's serviceAccount.enabled/create to false to keep ours)")
		}
	}
}

// component runs every check on every workload of one listed component.
func (v *verifier) component(c irsa.ListedComponent, spec irsa.ChartComponent, all []workload) {
	role, _ := v.plan.RoleFor(c.Name)
	searches := slices.ContainsFunc(role.Grants, func(g irsa.Grant) bool { return g.Kind() == irsa.GrantOpenSearchHTTP })
	found := false
	for _, w := range all {
		rule, ok := matchWorkload(spec, w.labels)
		if !ok {
			continue
		}
		found = true
		name := string(c.Name) + " " + w.ref()
		v.serviceAccount(name+": service account", c, spec, role, w)
		v.automount(name+": token", w)
		if rule.Database != irsa.NoDatabase {
			v.jdbc(name+": JDBC wrapper", rule.Database, spec, w)
		}
		if searches {
			v.openSearch(name, spec, w)
		}
		v.staticKeys(name+": static AWS keys", spec, w)
		v.documentStore(name+": document store", "", v.causes([]string{spec.ServiceAccount, documentStoreValues}), w)
		if c.Name == irsa.Orchestration && c.DBUser != "" {
			v.rdbms(name+": RDBMS secondary storage", c, spec, w)
		}
		if w.kind == "StatefulSet" {
			if g, ok := grantFor(role, backupUse); ok {
				v.backup(name+": backup store", g, spec, w)
			}
		}
	}
	if g, ok := secretsGrant(role); ok {
		v.secretStore(c, spec, role, g)
	}
	if !found {
		v.fail(string(c.Name)+": workloads",
			fmt.Sprintf("the chart renders no Deployment, StatefulSet, Job or CronJob of %s (is %s.enabled true?)", c.Name, spec.Values),
			v.causes([]string{spec.Values}))
	}
}

func (v *verifier) serviceAccount(name string, c irsa.ListedComponent, spec irsa.ChartComponent, role irsa.Role, w workload) {
	causes := v.causes([]string{spec.ServiceAccount, spec.Values + ".enabled"})
	sa := w.serviceAccount()
	switch {
	case sa == "default":
		v.fail(name, fmt.Sprintf("runs under the namespace's default service account, not %s, so it gets no role (AWS calls fall back to the node's role)", c.ServiceAccount), causes)
		return
	case sa != c.ServiceAccount && trusts(role, v.ns, sa):
		// Another component's account of the same role: it works, but the
		// topology says otherwise.
		v.warn(name, fmt.Sprintf("runs under service account %s instead of the topology's %s; role %s trusts both, so it gets the role", sa, c.ServiceAccount, role.Name))
		return
	case sa != c.ServiceAccount:
		v.fail(name, fmt.Sprintf("runs under service account %s, but role %s trusts only %s", sa, role.Name, trusted(role)), causes)
		return
	case !trusts(role, v.ns, sa):
		v.fail(name, fmt.Sprintf("runs as %s:%s, but role %s trusts only %s", v.ns, sa, role.Name, trusted(role)), causes)
		return
	}
	annotations, rendered := v.objects.serviceAccounts[v.objects.key(w.namespace, sa)]
	external := v.isExternal(sa)
	if !rendered && !external {
		v.fail(name, fmt.Sprintf("runs under %s, which neither the chart nor camunda-irsa's ServiceAccount manifests create; the pod cannot start", sa), causes)
		return
	}
	got := annotations[roleARNAnnotation]
	if v.plan.Mode() == irsa.ModePodIdentity {
		v.podIdentityServiceAccount(name, sa, role, got, causes)
		return
	}
	switch {
	case rendered && got == role.ARN:
		v.pass(name, fmt.Sprintf("runs under %s, rendered with %s: %s", sa, roleARNAnnotation, got))
	case rendered && got != "":
		v.fail(name, fmt.Sprintf("runs under %s, rendered with %s: %s, want %s", sa, roleARNAnnotation, got, role.ARN), causes)
	case rendered && !external:
		v.fail(name, fmt.Sprintf("runs under %s, rendered without the %s annotation (want %s)", sa, roleARNAnnotation, role.ARN), causes)
	default:
		v.pass(name, fmt.Sprintf("runs under %s from camunda-irsa's ServiceAccount manifests (role %s)", sa, role.ARN))
	}
}

// podIdentityServiceAccount: with Pod Identity the role comes from an
// association, and a leftover role-arn annotation would win in the AWS
// SDK's credential chain and fail, since the role trusts only
// pods.eks.amazonaws.com.
func (v *verifier) podIdentityServiceAccount(name, sa string, role irsa.Role, annotation string, causes []Override) {
	if annotation != "" {
		v.fail(name, fmt.Sprintf("runs under %s, which carries %s: %s; in podIdentity mode that annotation makes the SDK try web identity, which role %s does not trust",
			sa, roleARNAnnotation, annotation, role.Name), causes)
		return
	}
	v.pass(name, fmt.Sprintf("runs under %s; bind it to role %s with an EKS Pod Identity association", sa, role.ARN))
}

func (v *verifier) automount(name string, w workload) {
	if a := w.pod.AutomountServiceAccountToken; a != nil && !*a {
		v.info(name, "the pod sets automountServiceAccountToken: false; that only drops the Kubernetes API token, "+
			"EKS still projects its own token for AWS, so this is fine")
	}
}

// containerView is a container and the settings it sees.
type containerView struct {
	name     string
	image    string
	settings settings
}

func (v *verifier) containers(w workload, withInit bool) []containerView {
	cs := w.pod.Containers
	if withInit {
		cs = append(append(cs[:0:0], w.pod.InitContainers...), w.pod.Containers...)
	}
	out := make([]containerView, 0, len(cs))
	for _, c := range cs {
		out = append(out, containerView{name: c.Name, image: c.Image, settings: containerSettings(w.pod, c, w.namespace, v.objects)})
	}
	return out
}

func (v *verifier) staticKeys(name string, spec irsa.ChartComponent, w workload) {
	var problems []string
	for _, cv := range v.containers(w, true) {
		for _, key := range []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"} {
			if st, ok := cv.settings.get(key); ok && st.env {
				problems = append(problems, fmt.Sprintf("container %s has %s (%s)", cv.name, st.key, st.source))
			}
		}
	}
	if len(problems) > 0 {
		problems[len(problems)-1] += "; static keys take precedence over the role in the AWS SDK"
	}
	v.result(name, problems, "no container sets AWS_ACCESS_KEY_ID or AWS_SECRET_ACCESS_KEY",
		v.causes([]string{spec.Values, "global"}, spec.ServiceAccount))
}
