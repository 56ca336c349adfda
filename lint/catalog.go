package lint

import (
	_ "embed"
	"fmt"
	"sort"
	"strings"
)

// actionsTxt is the action list of the prefixes camunda-irsa grants. It
// is embedded rather than generated from AWS's service reference at run
// time: the linter runs offline and its verdicts must not drift between
// runs.
//
//go:embed actions.txt
var actionsTxt string

// resourceClass is what an action's Resource must name; see actions.txt.
type resourceClass string

const (
	classDBUser     resourceClass = "dbuser"
	classDomain     resourceClass = "domain"
	classDomainPath resourceClass = "domainpath"
	classBucket     resourceClass = "bucket"
	classObject     resourceClass = "object"
	classRole       resourceClass = "role"
	classNone       resourceClass = "none"
	classOther      resourceClass = "other"
)

// scopable reports whether the action supports resource-level
// permissions, so that Resource "*" grants more than needed.
func (c resourceClass) scopable() bool { return c != classNone }

type action struct {
	name  string // canonical spelling, e.g. s3:GetObject
	class resourceClass
}

// catalog indexes actions.txt. It is built per lint run from the embedded
// text (a few hundred lines, microseconds) so the package keeps no state.
type catalog struct {
	byPrefix map[string][]action // lower-case prefix -> actions, sorted
}

// arnServices are the ARN services each prefix's actions act on: es
// actions also reach OpenSearch applications and data sources and the
// service-linked role; sts actions act on IAM roles and STS sessions.
var arnServices = map[string][]string{
	"rds-db": {"rds-db"},
	"es":     {"es", "opensearch", "iam"},
	"s3":     {"s3", "s3-object-lambda"},
	"sts":    {"iam", "sts"},
}

// escalations are the actions that, allowed on every resource, let a
// principal give itself permissions it was not granted: by handing a
// role to a service it controls, assuming a role, or rewriting IAM
// policies, group memberships or credentials. They are listed here and
// not in actions.txt because they are judged whatever the prefix; iam is
// not a prefix camunda-irsa grants, so its actions are not catalogued.
var escalations = []struct{ action, how string }{
	{"iam:PassRole", "hands any role, an administrator's included, to a service it controls"},
	{"sts:AssumeRole", "assumes any role whose trust policy admits the account"},
	{"iam:AttachRolePolicy", "attaches any managed policy, AdministratorAccess included, to a role"},
	{"iam:AttachUserPolicy", "attaches any managed policy, AdministratorAccess included, to a user"},
	{"iam:AttachGroupPolicy", "attaches any managed policy, AdministratorAccess included, to a group"},
	{"iam:PutRolePolicy", "writes any inline policy into a role"},
	{"iam:PutUserPolicy", "writes any inline policy into a user"},
	{"iam:PutGroupPolicy", "writes any inline policy into a group"},
	{"iam:CreatePolicyVersion", "rewrites any customer managed policy"},
	{"iam:SetDefaultPolicyVersion", "makes any earlier, broader version of a managed policy the one in force"},
	{"iam:AddUserToGroup", "adds a user to any group, an administrators' group included"},
	{"iam:CreateAccessKey", "creates access keys for any user"},
	{"iam:CreateLoginProfile", "sets a console password for any user"},
	{"iam:UpdateLoginProfile", "changes any user's console password"},
	{"iam:UpdateAssumeRolePolicy", "rewrites any role's trust policy to admit itself"},
}

func parseCatalog(text string) (catalog, error) {
	c := catalog{byPrefix: map[string][]action{}}
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if len(f) != 2 {
			return c, fmt.Errorf("actions.txt:%d: want \"<prefix>:<Action> <class>\", got %q", i+1, line)
		}
		prefix, name, ok := strings.Cut(f[0], ":")
		if !ok || prefix == "" || name == "" {
			return c, fmt.Errorf("actions.txt:%d: %q is not <prefix>:<Action>", i+1, f[0])
		}
		cl := resourceClass(f[1])
		switch cl {
		case classDBUser, classDomain, classDomainPath, classBucket, classObject, classRole, classNone, classOther:
		default:
			return c, fmt.Errorf("actions.txt:%d: unknown resource class %q", i+1, f[1])
		}
		if _, ok := arnServices[prefix]; !ok {
			return c, fmt.Errorf("actions.txt:%d: prefix %q has no ARN services", i+1, prefix)
		}
		c.byPrefix[prefix] = append(c.byPrefix[prefix], action{name: f[0], class: cl})
	}
	for p, as := range c.byPrefix {
		sort.Slice(as, func(i, j int) bool { return strings.ToLower(as[i].name) < strings.ToLower(as[j].name) })
		for i := 1; i < len(as); i++ {
			if strings.EqualFold(as[i].name, as[i-1].name) {
				return c, fmt.Errorf("actions.txt: %s listed twice", as[i].name)
			}
		}
		c.byPrefix[p] = as
	}
	return c, nil
}

// mustCatalog parses the embedded list; a test keeps it parseable, so a
// failure here is a build defect, not an input problem.
func mustCatalog() catalog {
	c, err := parseCatalog(actionsTxt)
	if err != nil {
		panic(err)
	}
	return c
}

// known reports whether the catalog covers an action prefix.
func (c catalog) known(prefix string) bool {
	_, ok := c.byPrefix[strings.ToLower(prefix)]
	return ok
}

// match returns the catalog actions an action or action pattern matches.
// IAM compares actions case-insensitively and lets * and ? stand for any
// run of characters and any one character.
func (c catalog) match(prefix, name string) []action {
	var out []action
	pattern := strings.ToLower(prefix + ":" + name)
	for _, a := range c.byPrefix[strings.ToLower(prefix)] {
		if wildcardMatch(pattern, strings.ToLower(a.name)) {
			out = append(out, a)
		}
	}
	return out
}

// wildcardMatch matches s against an IAM pattern where * is any run of
// characters (including none and including ':' and '/') and ? is one
// character. It backtracks only to the last *, which is enough for
// patterns without character classes.
func wildcardMatch(pattern, s string) bool {
	p, i := 0, 0
	star, mark := -1, 0
	for i < len(s) {
		switch {
		case p < len(pattern) && (pattern[p] == '?' || pattern[p] == s[i]):
			p++
			i++
		case p < len(pattern) && pattern[p] == '*':
			star, mark = p, i
			p++
		case star >= 0:
			p = star + 1
			mark++
			i = mark
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}

// hasWildcard reports whether an IAM value holds * or ?, ignoring the
// escapes ${*} and ${?} that stand for the literal characters.
func hasWildcard(s string) bool {
	s = strings.NewReplacer("${*}", "", "${?}", "", "${$}", "").Replace(s)
	return strings.ContainsAny(s, "*?")
}

// nearest is the catalog action closest to a misspelt one, for a "did you
// mean" fix, or "" when none is close enough to be a likely typo.
func (c catalog) nearest(prefix, name string) string {
	best, bestDist := "", len(name)/3+1
	for _, a := range c.byPrefix[strings.ToLower(prefix)] {
		_, n, _ := strings.Cut(a.name, ":")
		if d := editDistance(strings.ToLower(name), strings.ToLower(n)); d < bestDist {
			best, bestDist = a.name, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance of two strings of bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
