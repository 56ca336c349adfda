package lint

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/camunda-irsa/camunda-irsa/irsa"
)

// podIdentityService is the service principal of the EKS Pod Identity agent.
const podIdentityService = "pods.eks.amazonaws.com"

func (l *linter) checkDocument(d document, kind Kind) {
	switch {
	case !d.object:
		return
	case !d.hasVersion:
		l.add(CodePolicyVersion, "", "the policy has no Version, so IAM reads it as version 2008-10-17, which treats policy variables such as ${aws:username} as literal text",
			`Add "Version": "2012-10-17".`)
	case d.version == "2008-10-17":
		l.add(CodePolicyVersion, "", "Version 2008-10-17 treats policy variables such as ${aws:username} as literal text",
			`Use "Version": "2012-10-17".`)
	}
	first := map[string]int{}
	for _, s := range d.statements {
		if s.sid == "" {
			continue
		}
		if i, dup := first[s.sid]; dup {
			l.add(CodeDuplicateSid, fmt.Sprintf("Statement[%d]", s.index),
				fmt.Sprintf("Sid %q is also the Sid of Statement[%d]; IAM rejects a policy whose Sids are not unique", s.sid, i),
				"Give every statement its own Sid.")
			continue
		}
		first[s.sid] = s.index
	}
	for _, s := range d.statements {
		l.checkElements(s, kind)
		acts := l.checkActions(s)
		if kind != Trust { // a trust policy's Resource is reported by checkElements alone
			l.checkResources(s, acts, l.checkEscalation(s))
		}
		l.checkConditions(s)
		l.checkPrincipal(s)
	}
}

// checkElements enforces what IAM requires or forbids per policy kind.
func (l *linter) checkElements(s statement, kind Kind) {
	switch kind {
	case Permission:
		if s.principal != nil || s.notPrincipal {
			l.add(CodeElementNotAllowed, s.ref, "a permission policy must not name a Principal; IAM rejects it",
				"Remove Principal, or lint the document as a trust policy.")
		}
		if !s.hasResource && !s.notResource {
			l.add(CodeElementNotAllowed, s.ref, "a permission policy statement needs Resource",
				"Name the ARNs the actions act on in Resource.")
		}
	case Trust:
		if s.hasResource || s.notResource {
			l.add(CodeElementNotAllowed, s.ref, "a trust policy must not have Resource: the role is the resource",
				"Remove Resource from the trust policy.")
		}
		if s.principal == nil && !s.notPrincipal {
			l.add(CodeElementNotAllowed, s.ref, "a trust policy statement needs a Principal",
				"Name who may assume the role in Principal, e.g. the cluster's OIDC provider under Federated.")
		}
	}
}

// resolved is one entry of a statement's Action with what the catalog
// knows of it.
type resolved struct {
	raw     string
	prefix  string // lower case; "" when the entry is "*" or malformed
	known   bool   // the prefix is in the catalog and the entry matched
	matches []action
}

// checkActions reports unknown actions and wildcard grants and resolves
// the statement's actions for the resource checks.
func (l *linter) checkActions(s statement) []resolved {
	allow := s.effect == string(irsa.Allow)
	if s.notAction && allow {
		l.add(CodeAllowWithNot, s.ref, "Allow with NotAction grants every action not listed, including actions AWS adds later",
			"List the allowed actions in Action instead.")
	}
	var out []resolved
	for _, raw := range s.actions {
		r := resolved{raw: raw}
		if raw == "*" {
			if allow && !s.notAction {
				l.add(CodeWildcardAction, s.ref, `Action "*" allows every action of every service`,
					"List only the actions the workload calls.")
			}
			out = append(out, r)
			continue
		}
		prefix, name, ok := strings.Cut(raw, ":")
		if !ok || prefix == "" || name == "" || strings.ContainsAny(raw, " \t") {
			l.add(CodeUnknownAction, s.ref, fmt.Sprintf("%q is not an action: actions are written service:Action", raw),
				"Write the action as <service-prefix>:<Action>, e.g. s3:GetObject.")
			out = append(out, r)
			continue
		}
		if name == "*" && allow && !s.notAction {
			l.add(CodeWildcardAction, s.ref, fmt.Sprintf("%q allows every %s action, including ones AWS adds later", raw, prefix),
				fmt.Sprintf("List only the %s actions the workload calls.", prefix))
		}
		if hasWildcard(prefix) || !l.cat.known(prefix) {
			out = append(out, r)
			continue
		}
		r.prefix = strings.ToLower(prefix)
		r.matches = l.cat.match(prefix, name)
		r.known = len(r.matches) > 0
		switch {
		case r.known:
		case hasWildcard(name):
			l.add(CodeActionMatchesNothing, s.ref, fmt.Sprintf("%q matches no action of service prefix %s", raw, prefix),
				fmt.Sprintf("Correct the pattern or list the %s actions explicitly.", prefix))
		default:
			fix := fmt.Sprintf("Use an action the Service Authorization Reference lists for %s.", prefix)
			if near := l.cat.nearest(prefix, name); near != "" {
				fix = fmt.Sprintf("Did you mean %s?", near)
			}
			l.add(CodeUnknownAction, s.ref, fmt.Sprintf("%q is not an action of service prefix %s", raw, prefix), fix)
		}
		out = append(out, r)
	}
	return out
}

// checkResources checks the statement's resources against its actions.
// escalated are the Action entries reported as privilege escalations,
// which the Resource "*" check leaves to that more severe finding.
func (l *linter) checkResources(s statement, acts []resolved, escalated map[string]bool) {
	allow := s.effect == string(irsa.Allow)
	if s.notResource && allow {
		l.add(CodeAllowWithNot, s.ref, "Allow with NotResource grants the actions on every resource not listed, including ones created later",
			"List the resources in Resource instead.")
	}
	if !s.hasResource {
		return
	}
	parsed := make([]*arn, len(s.resources))
	malformed := map[string]bool{} // reported already; the type check leaves them alone
	for i, raw := range s.resources {
		if raw == "*" {
			continue
		}
		malformed[raw] = true
		if !strings.HasPrefix(raw, "arn:") {
			l.add(CodeResourceForm, s.ref, fmt.Sprintf("resource %q is not an ARN", raw),
				`Write the full ARN, arn:<partition>:<service>:<region>:<account>:<resource>, or "*".`)
			continue
		}
		a, ok := parseARN(raw)
		if !ok {
			l.add(CodeResourceForm, s.ref, fmt.Sprintf("%s is not an ARN: it needs six colon-separated parts", raw),
				"Write arn:<partition>:<service>:<region>:<account>:<resource>, leaving empty parts empty (arn:aws:s3:::bucket).")
			continue
		}
		if p := formProblem(a); p != "" {
			l.add(CodeResourceForm, s.ref, fmt.Sprintf("%s: %s", raw, p), l.formFix(a))
			continue
		}
		parsed[i] = &a
		delete(malformed, raw)
		l.checkContext(s.ref, raw, a)
		if allow {
			if why := broadness(a); len(why) > 0 {
				l.add(CodeBroadResource, s.ref, fmt.Sprintf("%s matches %s", raw, strings.Join(why, " and ")), broadFix(a))
			}
		}
	}

	// serviceFits: can resource i be acted on by an action of prefix p?
	serviceFits := func(i int, p string) bool {
		if s.resources[i] == "*" || parsed[i] == nil {
			return true // "*" fits all; a malformed ARN is reported already
		}
		for _, svc := range arnServices[p] {
			if wildcardMatch(parsed[i].service, svc) {
				return true
			}
		}
		return false
	}
	allKnown, anyFitted := len(acts) > 0, false
	for _, a := range acts {
		if !a.known {
			allKnown = false
			continue
		}
		var fitting []string
		for i := range s.resources {
			if serviceFits(i, a.prefix) {
				fitting = append(fitting, s.resources[i])
			}
		}
		if len(fitting) == 0 {
			l.add(CodeResourceService, s.ref,
				fmt.Sprintf("%s acts on %s resources, but Resource names only %s", a.raw, strings.Join(arnServices[a.prefix], "/"), l.servicesOf(parsed)),
				fmt.Sprintf("Grant %s on %s, in a statement of its own if need be.", a.raw, l.hint(classOf(a), a.prefix)))
			continue
		}
		anyFitted = true
		if c := classOf(a); c != classOther {
			ok := false
			for _, r := range fitting {
				ok = ok || malformed[r] || fitsClass(c, r)
			}
			if !ok {
				l.add(CodeResourceType, s.ref, typeMessage(a.raw, c, fitting), fmt.Sprintf("Grant %s on %s.", a.raw, l.hint(c, a.prefix)))
			}
		}
	}
	if allKnown && anyFitted {
		for i, raw := range s.resources {
			fits := false
			for _, a := range acts {
				fits = fits || serviceFits(i, a.prefix)
			}
			if !fits {
				l.add(CodeResourceService, s.ref, fmt.Sprintf("%s is an ARN of service %s, which none of the statement's actions acts on", raw, parsed[i].service),
					"Remove the resource, or move it to a statement with actions of its service.")
			}
		}
	}

	if allow && slices.Contains(s.resources, "*") {
		var scopable []string
		example := resolved{}
		for _, a := range acts {
			if escalated[a.raw] {
				continue
			}
			ok := a.raw == "*"
			for _, m := range a.matches {
				ok = ok || m.class.scopable()
			}
			if ok {
				if len(scopable) == 0 {
					example = a
				}
				scopable = append(scopable, a.raw)
			}
		}
		if len(scopable) > 0 {
			l.add(CodeWildcardResource, s.ref,
				fmt.Sprintf(`Resource "*" grants %s on every resource, though it can be scoped to named resources`, strings.Join(scopable, ", ")),
				fmt.Sprintf("Name the resources, e.g. %s.", l.hint(classOf(example), example.prefix)))
		}
	}
}

// checkEscalation reports actions that let the principal raise its own
// permissions, allowed on every resource. It returns the Action entries
// it reported.
func (l *linter) checkEscalation(s statement) map[string]bool {
	if s.effect != string(irsa.Allow) {
		return nil
	}
	var where string
	switch {
	case slices.Contains(s.resources, "*"):
		where = `Resource "*"`
	case s.notResource:
		where = "every resource outside NotResource"
	default:
		return nil
	}
	if s.notAction {
		var granted []int
		for i, e := range escalations {
			if allows(s, e.action) {
				granted = append(granted, i)
			}
		}
		if len(granted) > 0 {
			l.add(CodePrivilegeEscalation, s.ref, escalationMessage("NotAction", where, granted), l.escalationFix(granted))
		}
		return nil
	}
	reported := map[string]bool{}
	for _, raw := range s.actions {
		var granted []int
		for i, e := range escalations {
			if wildcardMatch(strings.ToLower(raw), strings.ToLower(e.action)) {
				granted = append(granted, i)
			}
		}
		if len(granted) > 0 {
			reported[raw] = true
			l.add(CodePrivilegeEscalation, s.ref, escalationMessage(quote(raw), where, granted), l.escalationFix(granted))
		}
	}
	return reported
}

// escalationMessage names what grants which escalations (indexes into
// escalations) and how the first one escalates.
func escalationMessage(what, where string, granted []int) string {
	first := escalations[granted[0]]
	if len(granted) == 1 {
		return fmt.Sprintf("%s on %s allows %s, which %s: a privilege escalation", what, where, first.action, first.how)
	}
	var names []string
	for _, i := range granted[:min(3, len(granted))] {
		names = append(names, escalations[i].action)
	}
	list := strings.Join(names, ", ")
	if n := len(granted) - len(names); n > 0 {
		list += fmt.Sprintf(" and %d more", n)
	}
	return fmt.Sprintf("%s on %s allows the privilege escalations %s; %s alone %s", what, where, list, first.action, first.how)
}

func (l *linter) escalationFix(granted []int) string {
	fix := fmt.Sprintf("Name in Resource the roles (%s) or other IAM resources the workload needs, and grant only the actions it calls", l.hint(classRole, ""))
	for _, i := range granted {
		if escalations[i].action == "iam:PassRole" {
			return fix + "; limit iam:PassRole further with an iam:PassedToService condition."
		}
	}
	return fix + "."
}

func broadFix(a arn) string {
	switch a.service {
	case "rds-db":
		return "Name the cluster's resource ID (cluster-..., from `aws rds describe-db-clusters`) and the database user."
	case "es":
		return "Name the domain; keep the wildcard only for the paths inside it (domain/<name>/*)."
	case "s3":
		return "Name the bucket; keep the wildcard only for the objects inside it (<bucket>/*)."
	case "iam":
		return "Name the role."
	default:
		return "Name the exact region, account and resource."
	}
}

// classOf is the one resource class all of an entry's matches share, or
// classOther when they differ or the entry is unknown.
func classOf(a resolved) resourceClass {
	if len(a.matches) == 0 {
		return classOther
	}
	c := a.matches[0].class
	for _, m := range a.matches[1:] {
		if m.class != c {
			return classOther
		}
	}
	return c
}

func typeMessage(action string, c resourceClass, resources []string) string {
	names := strings.Join(resources, ", ")
	switch c {
	case classNone:
		return fmt.Sprintf("%s supports no resource-level permissions, so it is granted only with Resource \"*\", not on %s", action, names)
	case classDomain:
		return fmt.Sprintf("%s acts on the domain ARN itself, which %s does not match", action, names)
	case classDomainPath:
		return fmt.Sprintf("%s acts on paths inside the domain (domain/<name>/*), which %s does not match", action, names)
	case classBucket:
		return fmt.Sprintf("%s acts on buckets, but %s names only objects", action, names)
	case classObject:
		return fmt.Sprintf("%s acts on objects, but %s names only buckets", action, names)
	case classRole:
		return fmt.Sprintf("%s acts on IAM roles, which %s does not name", action, names)
	default:
		return fmt.Sprintf("%s does not act on %s", action, names)
	}
}

// hint is an example ARN for a resource class or action prefix, filled in
// with the expected context where known.
func (l *linter) hint(c resourceClass, prefix string) string {
	p, r, acct := or(l.partition, "<partition>"), or(l.opts.Region, "<region>"), or(l.opts.Account, "<account>")
	switch {
	case c == classNone:
		return `Resource "*"`
	case c == classDBUser || prefix == "rds-db":
		return fmt.Sprintf("arn:%s:rds-db:%s:%s:dbuser:<cluster-resource-id>/<db-user>", p, r, acct)
	case c == classDomain:
		return fmt.Sprintf("arn:%s:es:%s:%s:domain/<domain>", p, r, acct)
	case c == classDomainPath || prefix == "es":
		return fmt.Sprintf("arn:%s:es:%s:%s:domain/<domain>/*", p, r, acct)
	case c == classBucket:
		return fmt.Sprintf("arn:%s:s3:::<bucket>", p)
	case c == classObject || prefix == "s3":
		return fmt.Sprintf("arn:%s:s3:::<bucket>/*", p)
	case c == classRole || prefix == "sts":
		return fmt.Sprintf("arn:%s:iam::%s:role/<role>", p, acct)
	default:
		return "the ARNs of the resources it needs"
	}
}

func (l *linter) formFix(a arn) string {
	switch a.service {
	case "rds-db":
		return "Write " + l.hint(classDBUser, "") + "; the resource ID (cluster-...) is in `aws rds describe-db-clusters`."
	case "es":
		return "Write " + l.hint(classDomainPath, "") + " for the HTTP actions, or the domain ARN alone for configuration actions."
	case "s3":
		return fmt.Sprintf("Write arn:%s:s3:::<bucket> for the bucket and arn:%s:s3:::<bucket>/* for its objects.", a.partition, a.partition)
	default:
		return "Correct the ARN as the service documents it."
	}
}

func (l *linter) servicesOf(parsed []*arn) string {
	var svcs []string
	for _, a := range parsed {
		if a != nil && !slices.Contains(svcs, a.service) {
			svcs = append(svcs, a.service)
		}
	}
	if len(svcs) == 0 {
		return "resources that are not ARNs"
	}
	return strings.Join(svcs, ", ") + " ARNs"
}

func or(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

func (l *linter) checkConditions(s statement) {
	for _, c := range s.conditions {
		if c.opProblem != "" {
			l.add(CodeUnknownOperator, s.ref, c.opProblem, c.opFix)
			continue
		}
		op := c.op
		for _, v := range c.values {
			if want, example := valueProblem(op.values, v); want != "" {
				l.add(CodeConditionValueType, s.ref, fmt.Sprintf("%s expects %s for %s, not %q", c.operator, want, c.key, v),
					fmt.Sprintf("Write the value as %s, e.g. %s.", want, example))
			}
		}
		var wild []string
		for _, v := range c.values {
			if hasWildcard(v) {
				wild = append(wild, quote(v))
			}
		}
		switch {
		case op.values == valString && !op.wildcard && len(wild) > 0:
			like := strings.Replace(c.operator, "Equals", "Like", 1)
			like = strings.Replace(like, "IgnoreCase", "", 1)
			l.add(CodeWildcardInStringEquals, s.ref,
				fmt.Sprintf("%s compares %s literally: * and ? are wildcards only in StringLike, so %s matches no real value", c.operator, c.key, strings.Join(wild, ", ")),
				fmt.Sprintf("Use %s for %s, or write ${*} and ${?} where the character itself is meant.", like, c.key))
		case op.values == valString && op.wildcard && len(wild) == 0 && len(c.values) > 0:
			eq := strings.Replace(c.operator, "Like", "Equals", 1)
			l.add(CodeStringLikeWithoutWildcard, s.ref,
				fmt.Sprintf("%s on %s has no wildcard in any value, so it is an exact comparison", c.operator, c.key),
				fmt.Sprintf("Use %s for %s: it says what it does and cannot be widened by accident.", eq, c.key))
		}
		if ns, claim, ok := issuerClaim(c.key); ok && op.set != "" && (claim == "sub" || claim == "aud") {
			what := "ForAnyValue is for multivalued keys; on a single-valued claim it only obscures the comparison"
			if op.set == "ForAllValues" {
				what = "ForAllValues is true when the claim is absent or empty, so the condition can pass without pinning anything"
			}
			plain := op.name
			if op.ifExists {
				plain += "IfExists"
			}
			l.add(CodeSetOperatorOnSingleValue, s.ref, fmt.Sprintf("%s on %s:%s: %s", c.operator, ns, claim, what),
				fmt.Sprintf("Use %s without the %s: qualifier.", plain, op.set))
		}
	}
}

// issuerClaim splits a condition key of an OIDC issuer, such as
// oidc.eks.<region>.amazonaws.com/id/<ID>:sub, into issuer and claim.
// Global and service keys (aws:..., sts:..., s3:...) have no dot or slash
// in their namespace and are not issuer keys.
func issuerClaim(key string) (ns, claim string, ok bool) {
	i := strings.LastIndex(key, ":")
	if i <= 0 {
		return "", "", false
	}
	ns, claim = key[:i], key[i+1:]
	return ns, claim, strings.ContainsAny(ns, "./")
}

// allows reports whether the statement's Action (or NotAction) covers an
// action.
func allows(s statement, action string) bool {
	action = strings.ToLower(action)
	for _, a := range s.actions {
		if wildcardMatch(strings.ToLower(a), action) {
			return !s.notAction
		}
	}
	return s.notAction
}

func (l *linter) checkPrincipal(s statement) {
	allow := s.effect == string(irsa.Allow)
	if s.notPrincipal && allow {
		l.add(CodeAllowWithNot, s.ref, "Allow with NotPrincipal trusts everyone not listed, anonymous users included",
			"Name the trusted principals in Principal instead.")
	}
	p := s.principal
	if p == nil {
		return
	}
	if allow {
		public := p.star
		for _, typ := range slices.Sorted(maps.Keys(p.byType)) {
			public = public || slices.Contains(p.byType[typ], "*")
		}
		if public {
			l.add(CodePublicPrincipal, s.ref, `Principal "*" lets any AWS principal, in any account, assume the role`,
				"Name the trusted principal, e.g. the cluster's OIDC provider under Federated.")
		}
	}
	var hosts, saml []string // OIDC issuers; SAML provider ARNs
	for _, typ := range []string{"AWS", "Federated"} {
		for _, raw := range p.values(typ) {
			a, ok := parseARN(raw)
			if !ok {
				continue
			}
			l.checkContext(s.ref, raw, a)
			if typ != "Federated" {
				continue
			}
			if host, ok := strings.CutPrefix(a.resource, "oidc-provider/"); ok && a.service == "iam" {
				hosts = append(hosts, host)
			} else if strings.HasPrefix(a.resource, "saml-provider/") && a.service == "iam" {
				saml = append(saml, raw)
			} else {
				l.add(CodeFederatedForm, s.ref,
					fmt.Sprintf("Federated principal %s is not an identity provider's ARN; IAM names them arn:%s:iam::<account>:oidc-provider/<issuer> and arn:%s:iam::<account>:saml-provider/<name>, so the trust never matches", raw, a.partition, a.partition),
					federatedFix(a))
			}
		}
	}
	if allow && len(hosts) > 0 {
		if allows(s, "sts:AssumeRoleWithWebIdentity") {
			l.checkWebIdentity(s, hosts)
		} else {
			l.add(CodeFederatedAction, s.ref,
				fmt.Sprintf("the statement trusts OIDC provider %s for %s, but web identity tokens are exchanged only through sts:AssumeRoleWithWebIdentity, so the trust never matches", strings.Join(hosts, ", "), actionList(s)),
				`Use "Action": "sts:AssumeRoleWithWebIdentity".`)
		}
	}
	if allow && len(saml) > 0 && !allows(s, "sts:AssumeRoleWithSAML") {
		l.add(CodeFederatedAction, s.ref,
			fmt.Sprintf("the statement trusts SAML provider %s for %s, but SAML assertions are exchanged only through sts:AssumeRoleWithSAML, so the trust never matches", strings.Join(saml, ", "), actionList(s)),
			`Use "Action": "sts:AssumeRoleWithSAML".`)
	}
	if allow && slices.Contains(p.values("Service"), podIdentityService) && allows(s, "sts:AssumeRole") {
		if !allows(s, "sts:TagSession") {
			l.add(CodePodIdentityNoTagSession, s.ref,
				"the EKS Pod Identity agent tags every session it opens, so without sts:TagSession it cannot assume the role",
				`Add "sts:TagSession" to Action beside "sts:AssumeRole".`)
		}
		if !conditionsOnSessionTags(s) {
			l.add(CodePodIdentityNoSessionTags, s.ref,
				"the trust admits any pod an EKS Pod Identity association names, in any cluster or namespace of the account",
				`Add "StringEquals" on aws:RequestTag/eks-cluster-name, aws:RequestTag/kubernetes-namespace and aws:RequestTag/kubernetes-service-account.`)
		}
	}
}

// federatedFix says how to write a Federated principal that is not an
// identity provider's ARN.
func federatedFix(a arn) string {
	if issuer, ok := strings.CutPrefix(a.resource, "oidc/"); ok {
		return fmt.Sprintf("Write arn:%s:iam::%s:oidc-provider/%s.", a.partition, a.account, issuer)
	}
	return "Copy the provider's ARN from `aws iam list-open-id-connect-providers` or `aws iam list-saml-providers`."
}

// actionList is the statement's Action (or NotAction) as a message names it.
func actionList(s statement) string {
	list := strings.Join(s.actions, ", ")
	if s.notAction {
		return "NotAction " + list
	}
	return list
}

// checkWebIdentity checks an IRSA trust statement. A missing :sub is an
// error: any service account of any namespace of the cluster (anyone who
// may create a pod) could assume the role. A missing :aud is a security
// warning: :sub still pins the service account, but a token it minted for
// another audience (Vault, a third-party API) could be replayed to STS by
// whoever received it.
func (l *linter) checkWebIdentity(s statement, hosts []string) {
	for _, h := range hosts {
		l.checkSubject(s, h)
		l.checkAudience(s, h)
	}
	for _, c := range s.conditions {
		ns, claim, ok := issuerClaim(c.key)
		if !ok {
			continue
		}
		matched := false
		for _, h := range hosts {
			matched = matched || strings.EqualFold(ns, h)
		}
		if !matched {
			l.add(CodeIssuerMismatch, s.ref,
				fmt.Sprintf("condition key %s names issuer %s, but the statement trusts %s; no token of the trusted provider carries that key", c.key, ns, strings.Join(hosts, ", ")),
				fmt.Sprintf("Write the key as %s:%s, with the issuer of the provider ARN.", hosts[0], claim))
			continue
		}
		if claim == "aud" {
			for _, v := range c.values {
				if c.op.wildcard && hasWildcard(v) {
					continue // a pattern, judged by checkAudience
				}
				if v != irsa.STSAudience {
					l.add(CodeUnexpectedAudience, s.ref,
						fmt.Sprintf("%s is %q; EKS projects service account tokens for STS with audience %s", c.key, v, irsa.STSAudience),
						fmt.Sprintf("Use %q, the audience in every partition, China included.", irsa.STSAudience))
				}
			}
		}
	}
}

// pinning are the statement's conditions that can pin a claim: positive
// string comparisons of its key. Negated ones (StringNotEquals) exclude
// values and pin nothing.
func pinning(s statement, key string) []condition {
	var out []condition
	for _, c := range s.conditions {
		if c.opProblem == "" && c.op.values == valString && !c.op.negated && strings.EqualFold(c.key, key) {
			out = append(out, c)
		}
	}
	return out
}

// reach is how many subjects a :sub value admits.
type reach int

const (
	// oneSubject: a value without wildcards, or a pattern of a provider
	// whose subjects have no known form, which is not judged.
	oneSubject reach = iota
	// oneNamespace: several or all service accounts of one namespace.
	oneNamespace
	// anyNamespace: service accounts of more than one namespace, or any
	// subject at all.
	anyNamespace
)

// subjectReach judges one :sub value. EKS subjects are
// system:serviceaccount:<namespace>:<name>, and a pattern that keeps the
// namespace literal stays inside it; a namespace is where Kubernetes RBAC
// draws the line of who may create service accounts and pods, which is
// why one namespace only warns and more is an error. Other providers'
// subjects have no known form: only a pattern that is nothing but
// wildcards is judged.
func subjectReach(v string, op conditionOp, eks bool) (r reach, namespace string) {
	if !op.wildcard || !hasWildcard(v) {
		return oneSubject, ""
	}
	if !eks {
		if strings.Trim(v, "*?") == "" {
			return anyNamespace, ""
		}
		return oneSubject, ""
	}
	p := strings.SplitN(v, ":", 4)
	if len(p) == 4 && p[0] == "system" && p[1] == "serviceaccount" && p[2] != "" && !hasWildcard(p[0]) && !hasWildcard(p[1]) && !hasWildcard(p[2]) {
		return oneNamespace, p[2]
	}
	return anyNamespace, ""
}

func (l *linter) checkSubject(s statement, host string) {
	key := host + ":sub"
	conds := pinning(s, key)
	if len(conds) == 0 {
		l.add(CodeMissingSub, s.ref,
			fmt.Sprintf("the trust of %s has no condition on %s, so every service account of the cluster may assume the role", host, key),
			fmt.Sprintf(`Add "StringEquals": {"%s": "system:serviceaccount:<namespace>:<service-account>"}.`, key))
		return
	}
	eks := strings.HasPrefix(strings.ToLower(host), "oidc.eks.")
	// IAM ANDs a statement's operators and ORs each one's values: the
	// narrowest condition bounds the trust, by its widest value.
	type judged struct {
		reach            reach
		cond             condition
		value, namespace string
	}
	var narrowest *judged
	for _, c := range conds {
		j := judged{reach: oneSubject, cond: c}
		for _, v := range c.values {
			if r, ns := subjectReach(v, c.op, eks); r > j.reach {
				j.reach, j.value, j.namespace = r, v, ns
			}
		}
		if narrowest == nil || j.reach < narrowest.reach {
			narrowest = &j
		}
	}
	j := narrowest
	switch j.reach {
	case anyNamespace:
		who := "service accounts of more than one namespace, so workloads outside the intended namespace (anyone who may create a pod there) can assume the role"
		if !eks {
			who = "every subject the provider issues tokens for"
		}
		l.add(CodeBroadSub, s.ref, fmt.Sprintf("%s on %s admits %q, which matches %s", j.cond.operator, key, j.value, who),
			fmt.Sprintf(`Pin the subject: "StringEquals": {"%s": "system:serviceaccount:<namespace>:<service-account>"}.`, key))
	case oneNamespace:
		which := "every service account of namespace " + j.namespace
		if name := strings.SplitN(j.value, ":", 4)[3]; name != "*" {
			which = fmt.Sprintf("the service accounts of namespace %s whose names match %q", j.namespace, name)
		}
		l.add(CodeNamespaceSub, s.ref,
			fmt.Sprintf("%s on %s admits %q: %s, including ones created later, so whoever may create service accounts or pods there can assume the role", j.cond.operator, key, j.value, which),
			fmt.Sprintf(`List the service accounts: "StringEquals": {"%s": ["system:serviceaccount:%s:<service-account>", ...]}.`, key, j.namespace))
	}
}

func (l *linter) checkAudience(s statement, host string) {
	key := host + ":aud"
	conds := pinning(s, key)
	if len(conds) == 0 {
		l.add(CodeMissingAud, s.ref,
			fmt.Sprintf("the trust of %s has no condition on %s, so a token issued for another audience would be accepted", host, key),
			fmt.Sprintf(`Add "StringEquals": {"%s": "%s"}.`, key, irsa.STSAudience))
		return
	}
	var first condition
	var wild []string
	for _, c := range conds {
		var cw []string
		for _, v := range c.values {
			if c.op.wildcard && hasWildcard(v) {
				cw = append(cw, quote(v))
			}
		}
		if len(cw) == 0 {
			return // this condition pins the audience, whatever the others admit
		}
		if wild == nil {
			first, wild = c, cw
		}
	}
	l.add(CodeWildcardAud, s.ref,
		fmt.Sprintf("%s on %s admits %s, so a token issued for another audience would be accepted", first.operator, key, strings.Join(wild, ", ")),
		fmt.Sprintf(`Use "StringEquals": {"%s": "%s"}.`, key, irsa.STSAudience))
}

// podIdentitySessionTags are the session tags of EKS Pod Identity that
// say which cluster, namespace and service account a session is for.
var podIdentitySessionTags = []string{
	"aws:requesttag/eks-cluster-arn", "aws:requesttag/eks-cluster-name",
	"aws:requesttag/kubernetes-namespace", "aws:requesttag/kubernetes-service-account",
}

// conditionsOnSessionTags reports whether a statement conditions on one
// of the Pod Identity session tags (condition keys ignore case).
func conditionsOnSessionTags(s statement) bool {
	for _, c := range s.conditions {
		if slices.Contains(podIdentitySessionTags, strings.ToLower(c.key)) {
			return true
		}
	}
	return false
}
