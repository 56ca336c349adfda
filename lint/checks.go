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
			l.checkResources(s, acts)
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

func (l *linter) checkResources(s statement, acts []resolved) {
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

	if allow && contains(s.resources, "*") {
		var scopable []string
		example := resolved{}
		for _, a := range acts {
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
		if a != nil && !contains(svcs, a.service) {
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

// equalityOps are the operators that compare strings literally.
var equalityOps = []string{"StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase"}

func (l *linter) checkConditions(s statement) {
	for _, c := range s.conditions {
		set, base, _ := splitOperator(c.operator)
		var wild []string
		for _, v := range c.values {
			if hasWildcard(v) {
				wild = append(wild, quote(v))
			}
		}
		switch {
		case contains(equalityOps, base) && len(wild) > 0:
			like := strings.Replace(c.operator, "Equals", "Like", 1)
			like = strings.Replace(like, "IgnoreCase", "", 1)
			l.add(CodeWildcardInStringEquals, s.ref,
				fmt.Sprintf("%s compares %s literally: * and ? are wildcards only in StringLike, so %s matches no real value", c.operator, c.key, strings.Join(wild, ", ")),
				fmt.Sprintf("Use %s for %s, or write ${*} and ${?} where the character itself is meant.", like, c.key))
		case (base == "StringLike" || base == "StringNotLike") && len(wild) == 0 && len(c.values) > 0:
			eq := strings.Replace(c.operator, "Like", "Equals", 1)
			l.add(CodeStringLikeWithoutWildcard, s.ref,
				fmt.Sprintf("%s on %s has no wildcard in any value, so it is an exact comparison", c.operator, c.key),
				fmt.Sprintf("Use %s for %s: it says what it does and cannot be widened by accident.", eq, c.key))
		}
		if ns, claim, ok := issuerClaim(c.key); ok && set != "" && (claim == "sub" || claim == "aud") {
			what := "ForAnyValue is for multivalued keys; on a single-valued claim it only obscures the comparison"
			if strings.EqualFold(set, "ForAllValues") {
				what = "ForAllValues is true when the claim is absent or empty, so the condition can pass without pinning anything"
			}
			l.add(CodeSetOperatorOnSingleValue, s.ref, fmt.Sprintf("%s on %s:%s: %s", c.operator, ns, claim, what),
				fmt.Sprintf("Use %s without the %s: qualifier.", base, set))
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
			public = public || contains(p.byType[typ], "*")
		}
		if public {
			l.add(CodePublicPrincipal, s.ref, `Principal "*" lets any AWS principal, in any account, assume the role`,
				"Name the trusted principal, e.g. the cluster's OIDC provider under Federated.")
		}
	}
	var hosts []string
	for _, typ := range []string{"AWS", "Federated"} {
		for _, raw := range p.values(typ) {
			a, ok := parseARN(raw)
			if !ok {
				continue
			}
			l.checkContext(s.ref, raw, a)
			if typ == "Federated" && a.service == "iam" {
				if host, ok := strings.CutPrefix(a.resource, "oidc-provider/"); ok {
					hosts = append(hosts, host)
				}
			}
		}
	}
	if allow && len(hosts) > 0 && allows(s, "sts:AssumeRoleWithWebIdentity") {
		l.checkWebIdentity(s, hosts)
	}
	if allow && contains(p.values("Service"), podIdentityService) && allows(s, "sts:AssumeRole") && !allows(s, "sts:TagSession") {
		l.add(CodePodIdentityNoTagSession, s.ref,
			"the EKS Pod Identity agent tags every session it opens, so without sts:TagSession it cannot assume the role",
			`Add "sts:TagSession" to Action beside "sts:AssumeRole".`)
	}
}

// checkWebIdentity checks an IRSA trust statement. A missing :sub is an
// error: any service account of any namespace of the cluster (anyone who
// may create a pod) could assume the role. A missing :aud is a security
// warning: :sub still pins the service account, but a token it minted for
// another audience (Vault, a third-party API) could be replayed to STS by
// whoever received it.
func (l *linter) checkWebIdentity(s statement, hosts []string) {
	pinned := map[string]bool{}
	for _, c := range s.conditions {
		_, base, _ := splitOperator(c.operator)
		if strings.HasPrefix(base, "String") && !strings.HasPrefix(base, "StringNot") {
			pinned[strings.ToLower(c.key)] = true
		}
	}
	for _, h := range hosts {
		if !pinned[strings.ToLower(h+":sub")] {
			l.add(CodeMissingSub, s.ref,
				fmt.Sprintf("the trust of %s has no condition on %s:sub, so every service account of the cluster may assume the role", h, h),
				fmt.Sprintf(`Add "StringEquals": {"%s:sub": "system:serviceaccount:<namespace>:<service-account>"}.`, h))
		}
		if !pinned[strings.ToLower(h+":aud")] {
			l.add(CodeMissingAud, s.ref,
				fmt.Sprintf("the trust of %s has no condition on %s:aud, so a token issued for another audience would be accepted", h, h),
				fmt.Sprintf(`Add "StringEquals": {"%s:aud": "%s"}.`, h, irsa.STSAudience))
		}
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
				if v != irsa.STSAudience {
					l.add(CodeUnexpectedAudience, s.ref,
						fmt.Sprintf("%s is %q; EKS projects service account tokens for STS with audience %s", c.key, v, irsa.STSAudience),
						fmt.Sprintf("Use %q, the audience in every partition, China included.", irsa.STSAudience))
				}
			}
		}
	}
}
