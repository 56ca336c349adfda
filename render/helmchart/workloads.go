package helmchart

import (
	"encoding/base64"
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"
)

// workload is a rendered Deployment, StatefulSet, Job or CronJob reduced
// to what verify looks at.
type workload struct {
	kind, name, namespace string
	labels                map[string]string
	pod                   corev1.PodSpec
}

func (w workload) ref() string { return w.kind + "/" + w.name }

// serviceAccount is the service account the pods run under: the pod
// spec's, or the namespace's "default" when it names none.
func (w workload) serviceAccount() string {
	switch {
	case w.pod.ServiceAccountName != "":
		return w.pod.ServiceAccountName
	case w.pod.DeprecatedServiceAccount != "":
		return w.pod.DeprecatedServiceAccount
	default:
		return "default"
	}
}

// decodeWorkload returns the workload a manifest describes, or false for
// kinds that run no pods.
func decodeWorkload(m Manifest) (workload, bool, error) {
	var (
		meta metaOnly
		tmpl *corev1.PodTemplateSpec
	)
	switch m.Kind {
	case "Deployment":
		var d appsv1.Deployment
		if err := yaml.Unmarshal([]byte(m.Content), &d); err != nil {
			return workload{}, false, fmt.Errorf("decoding %s %s from %s: %w", m.Kind, m.Name, m.Source, err)
		}
		meta, tmpl = metaOnly{d.Labels}, &d.Spec.Template
	case "StatefulSet":
		var s appsv1.StatefulSet
		if err := yaml.Unmarshal([]byte(m.Content), &s); err != nil {
			return workload{}, false, fmt.Errorf("decoding %s %s from %s: %w", m.Kind, m.Name, m.Source, err)
		}
		meta, tmpl = metaOnly{s.Labels}, &s.Spec.Template
	case "Job":
		var j batchv1.Job
		if err := yaml.Unmarshal([]byte(m.Content), &j); err != nil {
			return workload{}, false, fmt.Errorf("decoding %s %s from %s: %w", m.Kind, m.Name, m.Source, err)
		}
		meta, tmpl = metaOnly{j.Labels}, &j.Spec.Template
	case "CronJob":
		var c batchv1.CronJob
		if err := yaml.Unmarshal([]byte(m.Content), &c); err != nil {
			return workload{}, false, fmt.Errorf("decoding %s %s from %s: %w", m.Kind, m.Name, m.Source, err)
		}
		meta, tmpl = metaOnly{c.Labels}, &c.Spec.JobTemplate.Spec.Template
	default:
		return workload{}, false, nil
	}
	return workload{kind: m.Kind, name: m.Name, namespace: m.Namespace,
		labels: mergedLabels(meta.labels, tmpl.Labels), pod: tmpl.Spec}, true, nil
}

type metaOnly struct{ labels map[string]string }

// mergedLabels prefers the workload's own labels and falls back to its
// pod template's, so a chart that labels only one of them is still
// recognised.
func mergedLabels(own, pod map[string]string) map[string]string {
	out := make(map[string]string, len(own)+len(pod))
	for k, v := range pod {
		out[k] = v
	}
	for k, v := range own {
		out[k] = v
	}
	return out
}

// objectIndex holds the rendered objects that containers read settings
// from and the service accounts they run under, by namespace/name.
type objectIndex struct {
	namespace       string
	configMaps      map[string]map[string]string
	secrets         map[string]map[string]string
	serviceAccounts map[string]map[string]string // annotations
}

func (x objectIndex) key(namespace, name string) string {
	if namespace == "" {
		namespace = x.namespace
	}
	return namespace + "/" + name
}

func indexObjects(ms []Manifest, namespace string) (objectIndex, error) {
	x := objectIndex{namespace: namespace, configMaps: map[string]map[string]string{},
		secrets: map[string]map[string]string{}, serviceAccounts: map[string]map[string]string{}}
	for _, m := range ms {
		switch m.Kind {
		case "ConfigMap":
			var cm corev1.ConfigMap
			if err := yaml.Unmarshal([]byte(m.Content), &cm); err != nil {
				return x, fmt.Errorf("decoding ConfigMap %s from %s: %w", m.Name, m.Source, err)
			}
			x.configMaps[x.key(cm.Namespace, cm.Name)] = cm.Data
		case "Secret":
			s, err := decodeSecret(m)
			if err != nil {
				return x, err
			}
			x.secrets[x.key(m.Namespace, m.Name)] = s
		case "ServiceAccount":
			var sa corev1.ServiceAccount
			if err := yaml.Unmarshal([]byte(m.Content), &sa); err != nil {
				return x, fmt.Errorf("decoding ServiceAccount %s from %s: %w", m.Name, m.Source, err)
			}
			ann := sa.Annotations
			if ann == nil {
				ann = map[string]string{}
			}
			x.serviceAccounts[x.key(sa.Namespace, sa.Name)] = ann
		}
	}
	return x, nil
}

// decodeSecret reads a rendered Secret's stringData and base64 data
// without corev1.Secret, whose []byte data would hide a malformed value.
func decodeSecret(m Manifest) (map[string]string, error) {
	var s struct {
		Data       map[string]string `json:"data"`
		StringData map[string]string `json:"stringData"`
	}
	if err := yaml.Unmarshal([]byte(m.Content), &s); err != nil {
		return nil, fmt.Errorf("decoding Secret %s from %s: %w", m.Name, m.Source, err)
	}
	out := map[string]string{}
	for k, v := range s.Data {
		b, err := base64.StdEncoding.DecodeString(v)
		if err != nil {
			return nil, fmt.Errorf("decoding Secret %s from %s: data.%s is not base64: %w", m.Name, m.Source, k, err)
		}
		out[k] = string(b)
	}
	for k, v := range s.StringData {
		out[k] = v
	}
	return out, nil
}

// setting is one configuration value a container sees.
type setting struct {
	// key is the name as written: an env var name or a dotted config path.
	key   string
	value string
	// source says where it comes from, for messages.
	source string
	// env is true for environment variables (as opposed to config files).
	env bool
	// opaque is true when the value comes from a Secret or ConfigMap the
	// chart does not render, so only its existence is known.
	opaque bool
}

// settings are what a container sees, keyed by normalizeKey so that an
// env var and a config-file key Spring treats as the same property
// (SPRING_DATASOURCE_URL, spring.datasource.url) are the same entry.
type settings map[string]setting

// normalizeKey keeps only lower-cased letters and digits: Spring's relaxed
// binding in one line.
func normalizeKey(k string) string {
	var b strings.Builder
	for _, r := range k {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

func (s settings) add(st setting) { s[normalizeKey(st.key)] = st }

func (s settings) get(key string) (setting, bool) {
	st, ok := s[normalizeKey(key)]
	return st, ok
}

// sorted returns the settings in key order.
func (s settings) sorted() []setting {
	out := make([]setting, 0, len(s))
	for _, k := range slices.Sorted(maps.Keys(s)) {
		out = append(out, s[k])
	}
	return out
}

// containerSettings collects what a container is configured with, in
// increasing precedence: files from mounted ConfigMaps and Secrets, then
// envFrom, then env (later env entries of the same name win, as in
// Kubernetes). Spring reads env over its config files, so the same order
// decides which value the application uses.
func containerSettings(pod corev1.PodSpec, c corev1.Container, ns string, x objectIndex) settings {
	s := settings{}
	for _, vm := range c.VolumeMounts {
		addMountedFiles(s, pod, vm, ns, x)
	}
	for _, ef := range c.EnvFrom {
		addEnvFrom(s, ef, ns, x)
	}
	for _, e := range c.Env {
		s.add(envSetting(e, ns, x))
	}
	return s
}

func addMountedFiles(s settings, pod corev1.PodSpec, vm corev1.VolumeMount, ns string, x objectIndex) {
	vol, ok := findVolume(pod, vm.Name)
	if !ok {
		return
	}
	var (
		data  map[string]string
		kind  string
		name  string
		items []corev1.KeyToPath
	)
	switch {
	case vol.ConfigMap != nil:
		data, kind, name, items = x.configMaps[x.key(ns, vol.ConfigMap.Name)], "ConfigMap", vol.ConfigMap.Name, vol.ConfigMap.Items
	case vol.Secret != nil:
		data, kind, name, items = x.secrets[x.key(ns, vol.Secret.SecretName)], "Secret", vol.Secret.SecretName, vol.Secret.Items
	default:
		return
	}
	for _, file := range mountedKeys(data, items, vm.SubPath) {
		for _, kv := range parseConfig(data[file]) {
			s.add(setting{key: kv[0], value: kv[1], source: fmt.Sprintf("%s %s, %s", kind, name, file)})
		}
	}
}

func findVolume(pod corev1.PodSpec, name string) (corev1.Volume, bool) {
	for _, v := range pod.Volumes {
		if v.Name == name {
			return v, true
		}
	}
	return corev1.Volume{}, false
}

// mountedKeys are the data keys a mount exposes as files: the one named
// by subPath (through items' paths), or all of them.
func mountedKeys(data map[string]string, items []corev1.KeyToPath, subPath string) []string {
	pathToKey := map[string]string{}
	if len(items) > 0 {
		for _, it := range items {
			pathToKey[it.Path] = it.Key
		}
	} else {
		for k := range data {
			pathToKey[k] = k
		}
	}
	if subPath != "" {
		if k, ok := pathToKey[subPath]; ok {
			return []string{k}
		}
		return nil
	}
	return slices.Sorted(maps.Keys(pathToKey))
}

func addEnvFrom(s settings, ef corev1.EnvFromSource, ns string, x objectIndex) {
	var (
		data map[string]string
		what string
	)
	switch {
	case ef.ConfigMapRef != nil:
		data, what = x.configMaps[x.key(ns, ef.ConfigMapRef.Name)], "ConfigMap "+ef.ConfigMapRef.Name
	case ef.SecretRef != nil:
		data, what = x.secrets[x.key(ns, ef.SecretRef.Name)], "Secret "+ef.SecretRef.Name
	default:
		return
	}
	for _, k := range slices.Sorted(maps.Keys(data)) {
		s.add(setting{key: ef.Prefix + k, value: data[k], source: "envFrom " + what, env: true})
	}
}

func envSetting(e corev1.EnvVar, ns string, x objectIndex) setting {
	st := setting{key: e.Name, value: e.Value, source: "env", env: true}
	if e.ValueFrom == nil {
		return st
	}
	switch ref := e.ValueFrom; {
	case ref.ConfigMapKeyRef != nil:
		st.source = fmt.Sprintf("env from ConfigMap %s, key %s", ref.ConfigMapKeyRef.Name, ref.ConfigMapKeyRef.Key)
		st.value, st.opaque = lookupData(x.configMaps, x.key(ns, ref.ConfigMapKeyRef.Name), ref.ConfigMapKeyRef.Key)
	case ref.SecretKeyRef != nil:
		st.source = fmt.Sprintf("env from Secret %s, key %s", ref.SecretKeyRef.Name, ref.SecretKeyRef.Key)
		st.value, st.opaque = lookupData(x.secrets, x.key(ns, ref.SecretKeyRef.Name), ref.SecretKeyRef.Key)
	default:
		st.source, st.opaque = "env from the pod's fields", true
	}
	return st
}

// lookupData returns a rendered object's value, or opaque when the object
// is not rendered by the chart (it exists in the cluster, or not at all).
func lookupData(objs map[string]map[string]string, key, field string) (value string, opaque bool) {
	data, ok := objs[key]
	if !ok {
		return "", true
	}
	return data[field], false
}

// parseConfig flattens a mounted config file into key/value pairs: YAML
// (application.yaml) by dotted path, else Java properties.
func parseConfig(text string) [][2]string {
	var doc any
	if err := yaml.Unmarshal([]byte(text), &doc); err == nil {
		if m, ok := doc.(map[string]any); ok {
			var out [][2]string
			flatten(m, "", &out)
			return out
		}
	}
	return parseProperties(text)
}

func flatten(v any, prefix string, out *[][2]string) {
	switch x := v.(type) {
	case map[string]any:
		for _, k := range slices.Sorted(maps.Keys(x)) {
			flatten(x[k], joinKey(prefix, k), out)
		}
	case []any:
		for i, e := range x {
			flatten(e, fmt.Sprintf("%s[%d]", prefix, i), out)
		}
	case nil:
		*out = append(*out, [2]string{prefix, ""})
	default:
		*out = append(*out, [2]string{prefix, fmt.Sprint(x)})
	}
}

func joinKey(prefix, k string) string {
	if prefix == "" {
		return k
	}
	return prefix + "." + k
}

func parseProperties(text string) [][2]string {
	var out [][2]string
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' || line[0] == '!' {
			continue
		}
		if k, v, ok := strings.Cut(line, "="); ok {
			out = append(out, [2]string{strings.TrimSpace(k), strings.TrimSpace(v)})
		}
	}
	return out
}

// resolvePlaceholder follows a Spring placeholder value "${VAR:default}"
// to the env var it names, so a config file's password that is only a
// reference to an unset variable counts as empty.
func (s settings) resolvePlaceholder(st setting) setting {
	v := strings.TrimSpace(st.value)
	if !strings.HasPrefix(v, "${") || !strings.HasSuffix(v, "}") {
		return st
	}
	name, def, _ := strings.Cut(v[2:len(v)-1], ":")
	if ref, ok := s.get(name); ok && ref.env {
		return setting{key: st.key, value: ref.value, source: st.source + " via " + ref.source, env: ref.env, opaque: ref.opaque}
	}
	return setting{key: st.key, value: def, source: st.source}
}
