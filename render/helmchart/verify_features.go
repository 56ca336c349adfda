package helmchart

import (
	"fmt"
	"strings"

	"github.com/camunda-irsa/camunda-irsa/irsa"
)

// The document store as the chart hands it to a workload: the
// documentstore ConfigMap (envFrom) names the active store, and the
// store's settings are DOCUMENT_STORE_<ID>_*.
const (
	documentStoreValues = "global.documentStore"
	defaultStoreIDKey   = "DOCUMENT_DEFAULT_STORE_ID"
	storeKeyPrefix      = "DOCUMENT_STORE_"
	// awsDocumentStoreClass is Camunda's S3 document store provider.
	awsDocumentStoreClass = "io.camunda.document.store.aws.AwsDocumentStoreProvider"
)

// The uses of the plan's S3 object grants (irsa.S3Objects.Use).
const (
	documentStoreUse = "DocumentStore"
	backupUse        = "Backup"
)

// secondaryStorage is the prefix of orchestration's secondary storage
// properties.
const secondaryStorage = "camunda.data.secondary-storage."

// grantFor is the role's S3 object grant for a use.
func grantFor(role irsa.Role, use string) (irsa.S3Objects, bool) {
	for _, g := range role.Grants {
		if s3, ok := g.(irsa.S3Objects); ok && s3.Use == use {
			return s3, true
		}
	}
	return irsa.S3Objects{}, false
}

// secretsGrant is the role's Secrets Manager grant.
func secretsGrant(role irsa.Role) (irsa.SecretsRead, bool) {
	for _, g := range role.Grants {
		if sr, ok := g.(irsa.SecretsRead); ok {
			return sr, true
		}
	}
	return irsa.SecretsRead{}, false
}

// describeGrants names a role's grants for messages.
func describeGrants(role irsa.Role) string {
	names := make([]string, len(role.Grants))
	for i, g := range role.Grants {
		names[i] = g.Describe()
	}
	return strings.Join(names, ", ")
}

// bucketName is the bucket an S3 bucket ARN names.
func bucketName(arn string) string { return arn[strings.LastIndex(arn, ":")+1:] }

// s3Store is what a container is told about the active document store
// when it is the S3 store.
type s3Store struct {
	id, bucket, path setting
	hasBucket        bool
}

func s3DocumentStore(s settings) (s3Store, bool) {
	id, ok := s.get(defaultStoreIDKey)
	if !ok {
		return s3Store{}, false
	}
	prefix := storeKeyPrefix + strings.ToUpper(strings.TrimSpace(id.value)) + "_"
	class, ok := s.get(prefix + "CLASS")
	if !ok || strings.TrimSpace(class.value) != awsDocumentStoreClass {
		return s3Store{}, false
	}
	bucket, hasBucket := s.get(prefix + "BUCKET")
	path, _ := s.get(prefix + "BUCKET_PATH")
	return s3Store{id: id, bucket: bucket, path: path, hasBucket: hasBucket}, true
}

// documentStore checks a workload that reads the S3 document store: the
// role of the service account it runs under must hold the document store
// grant, for the bucket and path the workload is given. A workload that
// does not read it is not checked. hint is added to a failure.
func (v *verifier) documentStore(name, hint string, causes []Override, w workload) {
	var readers []string
	var store s3Store
	for _, cv := range v.containers(w, true) {
		if st, ok := s3DocumentStore(cv.settings); ok {
			if len(readers) == 0 {
				store = st
			}
			readers = append(readers, cv.name)
		}
	}
	if len(readers) == 0 {
		return
	}
	subject, verb := "container "+readers[0], "reads"
	if len(readers) > 1 {
		subject, verb = "containers "+strings.Join(readers, ", "), "read"
	}
	what := fmt.Sprintf("%s %s the S3 document store (%s)", subject, verb, store.id.source)
	if v.plan.Topology().DocumentStore == nil {
		// The user's values turned the S3 store on, not the topology.
		hint += "; the topology has no documentStore block, so no role has the grant: add it"
	}
	sa := w.serviceAccount()
	role, ok := v.roleOf(sa)
	if !ok {
		v.fail(name, fmt.Sprintf("%s, but runs under service account %s:%s, which no role of the topology trusts, so the store's S3 calls fail%s", what, v.ns, sa, hint), causes)
		return
	}
	g, ok := grantFor(role, documentStoreUse)
	if !ok {
		v.fail(name, fmt.Sprintf("%s, but runs under %s, whose role %s has no document store grant (it holds: %s)%s", what, sa, role.Name, describeGrants(role), hint), causes)
		return
	}
	if problem := outsideGrant(store, g); problem != "" {
		v.fail(name, fmt.Sprintf("%s, but %s", what, problem), causes)
		return
	}
	v.pass(name, fmt.Sprintf("%s and runs under %s, whose role %s holds the document store grant on %s/%s*", what, sa, role.Name, bucketName(g.Bucket), g.Prefix))
}

// outsideGrant says where a store's bucket or path lies outside the
// grant; values the chart does not render are not judged.
func outsideGrant(store s3Store, g irsa.S3Objects) string {
	bucket := bucketName(g.Bucket)
	switch {
	case store.hasBucket && !store.bucket.opaque && strings.TrimSpace(store.bucket.value) != bucket:
		return fmt.Sprintf("its bucket is %q (%s) and the role's grant covers bucket %s only", store.bucket.value, store.bucket.source, bucket)
	case g.Prefix == "" || store.path.opaque:
		return ""
	}
	path := strings.TrimSpace(store.path.value)
	if path != "" && !strings.HasSuffix(path, "/") {
		path += "/"
	}
	if !strings.HasPrefix(path, g.Prefix) {
		return fmt.Sprintf("its bucket path is %q and the role's grant covers only %s/%s*", store.path.value, bucket, g.Prefix)
	}
	return ""
}

// unlistedDocumentStoreReaders checks the workloads that none of the
// listed components (those Verify checked in the chart) claims: one the
// chart hands the S3 document store to runs under no role with the grant.
func (v *verifier) unlistedDocumentStoreReaders(listed []irsa.ChartComponent, all []workload) {
	line := v.plan.Line()
	for _, w := range all {
		if claimed(listed, w) {
			continue
		}
		name, hint := w.ref(), "; it belongs to no component of the topology"
		for _, spec := range line.Components {
			if _, ok := matchWorkload(spec, w.labels); ok {
				name = string(spec.Name) + " " + w.ref()
				hint = fmt.Sprintf("; components.%s is not in the topology: list it so that a role gets the grant, or turn it off (%s.enabled: false)", spec.Name, spec.Values)
				break
			}
		}
		v.documentStore(name+": document store", hint, v.causes([]string{documentStoreValues}), w)
	}
}

func claimed(specs []irsa.ChartComponent, w workload) bool {
	for _, spec := range specs {
		if _, ok := matchWorkload(spec, w.labels); ok {
			return true
		}
	}
	return false
}

// settingsResult is what one container misses; hard counts the problems
// that are certain (not merely unverifiable).
type settingsResult struct {
	problems []string
	hard     int
}

func (r *settingsResult) add(hard bool, format string, args ...any) {
	r.problems = append(r.problems, fmt.Sprintf(format, args...))
	if hard {
		r.hard++
	}
}

// requireSettings passes when some container of the workload has what
// check asks for; else it reports what the closest container lacks. A
// setting whose value is in a Secret or ConfigMap the chart does not
// render cannot be checked: if that is all that is missing, it only warns.
func (v *verifier) requireSettings(name string, w workload, check func(containerView) settingsResult, pass func(containerView) string, causes []Override) {
	var best *settingsResult
	for _, cv := range v.containers(w, false) {
		r := check(cv)
		if len(r.problems) == 0 {
			v.pass(name, pass(cv))
			return
		}
		if best == nil || r.hard < best.hard || (r.hard == best.hard && len(r.problems) < len(best.problems)) {
			best = &r
		}
	}
	switch {
	case best == nil:
		v.fail(name, "the pod has no containers", nil)
	case best.hard == 0:
		v.warn(name, strings.Join(best.problems, "; "))
	default:
		v.fail(name, strings.Join(best.problems, "; "), causes)
	}
}

// rdbms checks orchestration's secondary storage in Aurora: type rdbms,
// the wrapper URL with IAM, the planned user and no password.
func (v *verifier) rdbms(name string, c irsa.ListedComponent, spec irsa.ChartComponent, w workload) {
	reqs := []requirement{
		{key: secondaryStorage + "type", want: `"rdbms"`, ok: equals("rdbms")},
		{key: secondaryStorage + "rdbms.url", want: "a " + wrapperURLPrefix + " URL with wrapperPlugins=iam",
			ok: func(s string) bool { return strings.HasPrefix(s, wrapperURLPrefix) && hasIAMPlugin(s) }},
		{key: secondaryStorage + "rdbms.username", want: fmt.Sprintf("%q", c.DBUser), ok: equals(c.DBUser)},
	}
	check := func(cv containerView) settingsResult {
		r := unmet(cv, reqs)
		if pw, ok := cv.settings.get(secondaryStorage + "rdbms.password"); ok {
			if got := cv.settings.resolvePlaceholder(pw); got.value != "" || got.opaque {
				r.add(true, "container %s: %s is set (%s); the wrapper signs in with an IAM token, so remove the password from your values",
					cv.name, pw.key, got.source)
			}
		}
		return r
	}
	pass := func(cv containerView) string {
		return fmt.Sprintf("container %s keeps its secondary storage in Aurora as %s through the AWS JDBC wrapper with IAM authentication, without a password", cv.name, c.DBUser)
	}
	v.requireSettings(name, w, check, pass, v.causes([]string{spec.Values}, spec.ServiceAccount))
}

// backup checks that the broker is given its backup store: the bucket
// and base path of the role's backup grant, in the form the line reads
// (environment variables, or application properties in a file of its
// extraConfiguration).
func (v *verifier) backup(name string, g irsa.S3Objects, spec irsa.ChartComponent, w workload) {
	var base string
	envOnly := true
	switch v.plan.Line().Backup {
	case irsa.ZeebeBackupEnv:
		base = "zeebe.broker.data.backup."
	case irsa.CamundaBackupEnv:
		base = "camunda.data.backup."
	case irsa.PrimaryStorageBackup:
		base, envOnly = "camunda.data.primary-storage.backup.", false
	default:
		return
	}
	key := func(k string) string {
		if envOnly {
			return strings.ToUpper(strings.NewReplacer(".", "_", "-", "").Replace(base + k))
		}
		return base + k
	}
	bucket, path, region := bucketName(g.Bucket), strings.TrimSuffix(g.Prefix, "/"), v.plan.Topology().AWS.Region
	reqs := []requirement{
		{key: key("store"), want: `"S3"`, ok: func(s string) bool { return strings.EqualFold(strings.TrimSpace(s), "S3") }},
		{key: key("s3.bucket-name"), want: fmt.Sprintf("%q", bucket), ok: equals(bucket)},
		{key: key("s3.base-path"), want: fmt.Sprintf("%q", path), ok: equals(path)},
		{key: key("s3.region"), want: fmt.Sprintf("%q", region), ok: equals(region)},
	}
	check := func(cv containerView) settingsResult {
		r := unmet(cv, reqs)
		if envOnly {
			for _, req := range reqs {
				if st, ok := cv.settings.get(req.key); ok && !st.env {
					r.add(true, "container %s: %s is set in %s, but on chart line %s the broker reads its backup store from environment variables only",
						cv.name, st.key, st.source, v.plan.Line().Name)
				}
			}
		}
		return r
	}
	pass := func(cv containerView) string {
		st, _ := cv.settings.get(reqs[0].key)
		return fmt.Sprintf("container %s keeps its backups in S3 bucket %s under %s (%s), which role %s may write",
			cv.name, bucket, path, st.source, v.roleName(w))
	}
	v.requireSettings(name, w, check, pass, v.causes([]string{spec.Values}, spec.ServiceAccount))
}

// roleName names the role of a workload's service account, for messages.
func (v *verifier) roleName(w workload) string {
	if r, ok := v.roleOf(w.serviceAccount()); ok {
		return r.Name
	}
	return "(none)"
}

// secretStore checks that orchestration's service account carries the
// role that reads the secret store: the chart writes the annotation from
// the store's roleArn, over the service account's own annotations.
func (v *verifier) secretStore(c irsa.ListedComponent, spec irsa.ChartComponent, role irsa.Role, g irsa.SecretsRead) {
	name := fmt.Sprintf("%s ServiceAccount/%s: secret store", c.Name, c.ServiceAccount)
	causes := v.causes([]string{spec.ServiceAccount, spec.Values + ".secretStore"})
	annotations, ok := v.objects.serviceAccounts[v.objects.key(v.ns, c.ServiceAccount)]
	got := annotations[roleARNAnnotation]
	switch {
	case !ok:
		v.fail(name, fmt.Sprintf("the chart renders no service account %s, so nothing runs with role %s, which reads the secrets %s",
			c.ServiceAccount, role.Name, g.Secrets), causes)
	case got == "":
		v.fail(name, fmt.Sprintf("has no %s annotation; the chart writes it from %s.secretStore.aws.<id>.roleArn, which must be %s, the role that reads the secrets %s",
			roleARNAnnotation, spec.Values, role.ARN, g.Secrets), causes)
	case got != role.ARN:
		v.fail(name, fmt.Sprintf("carries %s: %s, want %s, the role that reads the secrets %s", roleARNAnnotation, got, role.ARN, g.Secrets), causes)
	default:
		v.pass(name, fmt.Sprintf("carries %s: %s, the role that reads the secrets %s", roleARNAnnotation, got, g.Secrets))
	}
}
