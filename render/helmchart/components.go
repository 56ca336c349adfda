package helmchart

import (
	"github.com/camunda-irsa/camunda-irsa/irsa"
)

// Label keys the Camunda chart and the Bitnami subcharts set on every
// workload and its pods.
const (
	labelName      = "app.kubernetes.io/name"
	labelComponent = "app.kubernetes.io/component"
)

// jdbcKind is which JDBC wrapper settings a workload must carry.
type jdbcKind int

const (
	jdbcNone jdbcKind = iota
	// jdbcKeycloak: Bitnami Keycloak's KEYCLOAK_JDBC_* variables.
	jdbcKeycloak
	// jdbcSpring: Spring Boot's spring.datasource.* (Identity, Web
	// Modeler's restapi).
	jdbcSpring
)

// workloadMatch picks a component's workloads by label.
type workloadMatch struct {
	// name is the app.kubernetes.io/name label; empty matches any (the
	// Camunda components share "camunda-platform" or use per-component
	// names like "web-modeler").
	name string
	// components are accepted app.kubernetes.io/component values.
	components []string
	jdbc       jdbcKind
}

func (w workloadMatch) matches(labels map[string]string) bool {
	if w.name != "" && labels[labelName] != w.name {
		return false
	}
	for _, c := range w.components {
		if labels[labelComponent] == c {
			return true
		}
	}
	return false
}

// componentSpec is what verify knows about one topology component in the
// chart: where its values live and which workloads are its.
type componentSpec struct {
	name irsa.ComponentName
	// values is the component's block in the chart values.
	values string
	// serviceAccount is the component's serviceAccount block.
	serviceAccount string
	workloads      []workloadMatch
}

// componentTable is the one place that maps topology components to the
// chart's workloads, by the labels the real charts set:
//
//	component      values block        workloads (app.kubernetes.io/…)
//	keycloak       identityKeycloak    name=keycloak, component=keycloak (Bitnami StatefulSet)
//	identity       identity            component=identity
//	webModeler     webModeler          component=restapi (JDBC), webapp, websockets; one SA for all
//	orchestration  orchestration       component=zeebe-broker (8.8+ StatefulSet), its -migration
//	                                   and -importer Jobs/Deployments (orchestration-* on 8.9)
//	zeebe          zeebe               component=zeebe-broker (8.7 StatefulSet)
//	operate        operate             component=operate
//	tasklist       tasklist            component=tasklist
//	optimize       optimize            component=optimize
//	elasticsearch  elasticsearch       name=elasticsearch, component=master (Bitnami StatefulSet)
//
// zeebe-broker belongs to zeebe on 8.7 and to orchestration on 8.8+; a
// topology validated for its line lists only one of the two. The 8.7
// Zeebe gateway (component=zeebe-gateway, zeebeGateway.serviceAccount) is
// deliberately absent: it only forwards requests to the brokers and never
// calls OpenSearch, so it needs no AWS role.
func componentTable() []componentSpec {
	plain := func(name irsa.ComponentName, components ...string) componentSpec {
		return componentSpec{name: name, values: string(name), serviceAccount: string(name) + ".serviceAccount",
			workloads: []workloadMatch{{components: components}}}
	}
	return []componentSpec{
		{name: irsa.Keycloak, values: "identityKeycloak", serviceAccount: "identityKeycloak.serviceAccount",
			workloads: []workloadMatch{{name: "keycloak", components: []string{"keycloak"}, jdbc: jdbcKeycloak}}},
		{name: irsa.Identity, values: "identity", serviceAccount: "identity.serviceAccount",
			workloads: []workloadMatch{{components: []string{"identity"}, jdbc: jdbcSpring}}},
		{name: irsa.WebModeler, values: "webModeler", serviceAccount: "webModeler.serviceAccount",
			workloads: []workloadMatch{
				{components: []string{"restapi"}, jdbc: jdbcSpring},
				{components: []string{"webapp", "websockets"}},
			}},
		plain(irsa.Orchestration, "zeebe-broker", "zeebe-broker-migration", "zeebe-broker-importer",
			"orchestration-migration", "orchestration-importer"),
		plain(irsa.Zeebe, "zeebe-broker"),
		plain(irsa.Operate, "operate"),
		plain(irsa.Tasklist, "tasklist"),
		plain(irsa.Optimize, "optimize"),
		{name: irsa.Elasticsearch, values: "elasticsearch", serviceAccount: "elasticsearch.master.serviceAccount",
			workloads: []workloadMatch{{name: "elasticsearch", components: []string{"master"}}}},
	}
}

// specFor returns the table entry of a component.
func specFor(name irsa.ComponentName) (componentSpec, bool) {
	for _, s := range componentTable() {
		if s.name == name {
			return s, true
		}
	}
	return componentSpec{}, false
}

// match returns the rule of spec that claims a workload with these labels.
func (s componentSpec) match(labels map[string]string) (workloadMatch, bool) {
	for _, w := range s.workloads {
		if w.matches(labels) {
			return w, true
		}
	}
	return workloadMatch{}, false
}
