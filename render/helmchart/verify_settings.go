package helmchart

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/camunda-irsa/camunda-irsa/irsa"
)

// The AWS advanced JDBC wrapper as the clients must be configured for
// IAM database authentication.
const (
	wrapperDriverClass    = "software.amazon.jdbc.Driver"
	keycloakWrapperDrv    = "aws-wrapper:postgresql"
	wrapperURLPrefix      = "jdbc:aws-wrapper:postgresql://"
	minKeycloakForWrapper = 21
)

// requirement is one setting a container must have.
type requirement struct {
	key  string
	want string
	ok   func(string) bool
}

func jdbcRequirements(kind irsa.DatabaseClient) []requirement {
	if kind == irsa.KeycloakDatabase {
		return []requirement{
			{key: "KEYCLOAK_JDBC_DRIVER", want: fmt.Sprintf("%q", keycloakWrapperDrv), ok: equals(keycloakWrapperDrv)},
			{key: "KEYCLOAK_JDBC_PARAMS", want: "wrapperPlugins with iam", ok: hasIAMPlugin},
			{key: "KEYCLOAK_EXTRA_ARGS", want: "--db-driver=" + wrapperDriverClass,
				ok: func(s string) bool { return strings.Contains(s, "--db-driver="+wrapperDriverClass) }},
		}
	}
	return []requirement{
		{key: "SPRING_DATASOURCE_DRIVER_CLASS_NAME", want: fmt.Sprintf("%q", wrapperDriverClass), ok: equals(wrapperDriverClass)},
		{key: "SPRING_DATASOURCE_URL", want: "a " + wrapperURLPrefix + " URL with wrapperPlugins=iam",
			ok: func(s string) bool { return strings.HasPrefix(s, wrapperURLPrefix) && hasIAMPlugin(s) }},
	}
}

func equals(want string) func(string) bool {
	return func(s string) bool { return strings.TrimSpace(s) == want }
}

// hasIAMPlugin reports whether a JDBC URL or parameter string enables the
// wrapper's iam plugin (wrapperPlugins=iam or a list containing it).
func hasIAMPlugin(s string) bool {
	_, rest, ok := strings.Cut(s, "wrapperPlugins=")
	if !ok {
		return false
	}
	plugins, _, _ := strings.Cut(rest, "&")
	for _, p := range strings.Split(plugins, ",") {
		if strings.TrimSpace(p) == "iam" {
			return true
		}
	}
	return false
}

// jdbc passes when some app container has every wrapper setting; else it
// reports what the closest container lacks.
func (v *verifier) jdbc(name string, kind irsa.DatabaseClient, spec irsa.ChartComponent, w workload) {
	check := func(cv containerView) settingsResult {
		r := unmet(cv, jdbcRequirements(kind))
		if kind == irsa.KeycloakDatabase {
			if p := keycloakImageProblem(cv.image); p != "" {
				r.add(true, "%s", p)
			}
		}
		return r
	}
	pass := func(cv containerView) string {
		return fmt.Sprintf("container %s connects through the AWS JDBC wrapper with IAM authentication", cv.name)
	}
	v.requireSettings(name, w, check, pass, v.causes([]string{spec.Values}, spec.ServiceAccount))
}

// unmet lists the requirements a container misses, in order.
func unmet(cv containerView, reqs []requirement) settingsResult {
	var r settingsResult
	for _, req := range reqs {
		st, ok := cv.settings.get(req.key)
		switch {
		case !ok:
			r.add(true, "container %s: %s is not set (want %s)", cv.name, req.key, req.want)
		case st.opaque:
			r.add(false, "container %s: %s comes from %s, which the chart does not render; cannot check it is %s",
				cv.name, req.key, st.source, req.want)
		case !req.ok(st.value):
			r.add(true, "container %s: %s is %q (%s), want %s", cv.name, req.key, st.value, st.source, req.want)
		}
	}
	return r
}

// keycloakImageProblem flags a Keycloak older than the first release the
// AWS JDBC wrapper works with. A tag without a leading version (latest,
// a digest) is not judged.
func keycloakImageProblem(image string) string {
	tag := imageTag(image)
	digits := tag
	for i, r := range tag {
		if r < '0' || r > '9' {
			digits = tag[:i]
			break
		}
	}
	major, err := strconv.Atoi(digits)
	if err != nil || major >= minKeycloakForWrapper {
		return ""
	}
	return fmt.Sprintf("image %s is Keycloak %d; the AWS JDBC wrapper needs Keycloak %d or later", image, major, minKeycloakForWrapper)
}

func imageTag(image string) string {
	image, _, _ = strings.Cut(image, "@")
	slash := strings.LastIndex(image, "/")
	colon := strings.LastIndex(image, ":")
	if colon <= slash {
		return ""
	}
	return image[colon+1:]
}

// openSearch checks that every container configured for OpenSearch signs
// its requests with AWS credentials and is given no password.
func (v *verifier) openSearch(name string, spec irsa.ChartComponent, w workload) {
	causes := v.causes([]string{spec.Values, "global"}, spec.ServiceAccount)
	var clients []containerView
	for _, cv := range v.containers(w, true) {
		if mentionsOpenSearch(cv.settings) {
			clients = append(clients, cv)
		}
	}
	if len(clients) == 0 {
		v.fail(name+": OpenSearch AWS auth", "no container is configured for OpenSearch (no setting mentions it); is global.opensearch.enabled true?", causes)
		return
	}
	var awsProblems, passwords, signed []string
	for _, cv := range clients {
		flags, problems := awsFlags(cv)
		awsProblems = append(awsProblems, problems...)
		if len(problems) == 0 {
			signed = append(signed, fmt.Sprintf("%s (%s)", cv.name, strings.Join(flags, ", ")))
		}
		passwords = append(passwords, openSearchPasswords(cv)...)
	}
	v.result(name+": OpenSearch AWS auth", awsProblems,
		"AWS request signing is on in "+strings.Join(signed, "; "), causes)
	if len(passwords) > 0 {
		// One fix for all of them: the password settings all come from
		// the same auth blocks of the values.
		passwords[len(passwords)-1] += "; with AWS auth the OpenSearch client must not use a password: " + v.openSearchAuthFix()
	}
	v.result(name+": OpenSearch password", passwords, "no OpenSearch password is configured", causes)
}

// openSearchAuthFix names the OpenSearch auth blocks of the user's values
// files to remove, or the chart's global one when they set none.
func (v *verifier) openSearchAuthFix() string {
	if v.authFix == "" {
		v.authFix = v.findOpenSearchAuth()
	}
	return v.authFix
}

func (v *verifier) findOpenSearchAuth() string {
	var found []string
	for _, f := range append(append([]ValuesFile{}, v.opts.Before...), v.opts.After...) {
		values, err := ParseValues(f)
		if err != nil {
			continue // reported by valuesChecks
		}
		forEachAuthBlock(values, nil, func(p keyPath) { found = append(found, fmt.Sprintf("%s (%s)", p, f.Name)) })
	}
	if len(found) == 0 {
		return "remove global.opensearch.auth from your values"
	}
	return "remove " + strings.Join(found, ", ")
}

// forEachAuthBlock calls fn for every key path <...opensearch...>.auth
// that holds a non-empty map, in key order.
func forEachAuthBlock(values map[string]any, path keyPath, fn func(keyPath)) {
	for _, k := range slices.Sorted(maps.Keys(values)) {
		m, ok := values[k].(map[string]any)
		if !ok || len(m) == 0 {
			continue
		}
		p := path.child(k)
		if k == "auth" && len(path) > 0 && strings.Contains(strings.ToLower(path[len(path)-1]), "opensearch") {
			fn(p)
			continue
		}
		forEachAuthBlock(m, p, fn)
	}
}

func mentionsOpenSearch(s settings) bool {
	for k := range s {
		if strings.Contains(k, "opensearch") {
			return true
		}
	}
	return false
}

// awsFlags are the container's "AWS auth enabled" switches (awsEnabled,
// aws-enabled, aws.enabled, *_AWS_ENABLED); all must be true and at least
// one must exist. Document-store switches are about S3, not OpenSearch.
func awsFlags(cv containerView) (flags, problems []string) {
	for _, st := range cv.settings.sorted() {
		k := normalizeKey(st.key)
		if !strings.HasSuffix(k, "awsenabled") || strings.Contains(k, "document") {
			continue
		}
		flags = append(flags, st.key)
		if !strings.EqualFold(strings.TrimSpace(st.value), "true") {
			problems = append(problems, fmt.Sprintf("container %s: %s is %q (%s), want true", cv.name, st.key, st.value, st.source))
		}
	}
	if len(flags) == 0 {
		problems = append(problems, fmt.Sprintf("container %s is configured for OpenSearch but no setting enables AWS auth (global.opensearch.aws.enabled)", cv.name))
	}
	return flags, problems
}

// openSearchPasswords are the container's non-empty OpenSearch password
// settings; a Spring placeholder counts only if the variable it names is
// set.
func openSearchPasswords(cv containerView) []string {
	var out []string
	for _, st := range cv.settings.sorted() {
		k := normalizeKey(st.key)
		if !strings.Contains(k, "opensearch") || !strings.HasSuffix(k, "password") {
			continue
		}
		r := cv.settings.resolvePlaceholder(st)
		if r.value != "" || r.opaque {
			out = append(out, fmt.Sprintf("container %s: %s is set (%s)", cv.name, st.key, r.source))
		}
	}
	return out
}
