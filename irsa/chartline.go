package irsa

import "fmt"

// ChartLine is one Camunda chart line and everything camunda-irsa knows
// that differs between lines: the chart versions, the components and
// subcharts that exist, the values keys each feature is written under, and
// the labels of the workloads. Validation, the values overlay and the
// chart verifier all read this one table (ChartLines), so adding a line is
// adding a row, plus fixtures.
type ChartLine struct {
	// Name is the line as a topology names it in its chart field.
	Name string
	// ChartVersions is the camunda-platform chart's own version range for
	// the line, as helm --version takes it.
	ChartVersions string
	// ChartMajor is the major version of the camunda-platform chart that
	// ships the line; verify compares it with the chart it renders.
	ChartMajor int
	// Components are the topology components the line has, in the fixed
	// component order, with where their values and workloads are.
	Components []ChartComponent
	// WebModelerDatabaseAlias is the alias of Web Modeler's PostgreSQL
	// subchart, disabled when Web Modeler uses Aurora.
	WebModelerDatabaseAlias string
	// WebModelerPassword is where restapi.externalDatabase takes the
	// password the chart insists on, relative to that block.
	WebModelerPassword PasswordKey
	// SecondaryStorage: Orchestration reads its search store from
	// orchestration.data.secondaryStorage.
	SecondaryStorage bool
	// OptimizeDatabase: Optimize has its own optimize.database.opensearch
	// block beside the global one.
	OptimizeDatabase bool
}

// PasswordKey is how a chart line takes Web Modeler's database password.
type PasswordKey string

const (
	// PasswordPlain is externalDatabase.password.
	PasswordPlain PasswordKey = "password"
	// PasswordInlineSecret is externalDatabase.secret.inlineSecret.
	PasswordInlineSecret PasswordKey = "secret.inlineSecret"
)

// ChartComponent is a topology component as one chart line has it.
type ChartComponent struct {
	Name ComponentName
	// Values is the component's block in the chart values.
	Values string
	// ServiceAccount is the key path of the component's serviceAccount
	// block.
	ServiceAccount string
	// Subchart is true for the Bitnami subcharts (Keycloak,
	// Elasticsearch), whose serviceAccount block says create instead of
	// the Camunda components' enabled.
	Subchart bool
	// Workloads pick the component's Deployments, StatefulSets and Jobs out
	// of the rendered chart by their labels.
	Workloads []WorkloadMatch
}

// WorkloadMatch picks workloads by the app.kubernetes.io labels the chart
// sets on them.
type WorkloadMatch struct {
	// Name is the app.kubernetes.io/name label; empty matches any (the
	// Camunda components share one name or use their own).
	Name string
	// Components are the accepted app.kubernetes.io/component values.
	Components []string
	// Database is how the workload connects to Aurora, if it does.
	Database DatabaseClient
}

// DatabaseClient is how a workload is configured to connect to
// PostgreSQL, which decides where the JDBC wrapper settings go.
type DatabaseClient int

const (
	// NoDatabase: the workload does not connect to PostgreSQL.
	NoDatabase DatabaseClient = iota
	// KeycloakDatabase: Bitnami Keycloak's KEYCLOAK_JDBC_* variables.
	KeycloakDatabase
	// SpringDatabase: Spring Boot's spring.datasource.* settings.
	SpringDatabase
)

// Component reports how the line has the named component.
func (l ChartLine) Component(name ComponentName) (ChartComponent, bool) {
	for _, c := range l.Components {
		if c.Name == name {
			return c, true
		}
	}
	return ChartComponent{}, false
}

// ChartLines returns the supported chart lines, oldest first. Each call
// returns a fresh table, so callers may keep or change what they get.
func ChartLines() []ChartLine {
	// What every line has in the same place.
	keycloak := ChartComponent{Name: Keycloak, Values: "identityKeycloak", ServiceAccount: "identityKeycloak.serviceAccount", Subchart: true,
		Workloads: []WorkloadMatch{{Name: "keycloak", Components: []string{"keycloak"}, Database: KeycloakDatabase}}}
	identity := camundaComponent(Identity, "identity", WorkloadMatch{Components: []string{"identity"}, Database: SpringDatabase})
	webModeler := camundaComponent(WebModeler, "webModeler",
		WorkloadMatch{Components: []string{"restapi"}, Database: SpringDatabase},
		WorkloadMatch{Components: []string{"webapp", "websockets"}})
	optimize := camundaComponent(Optimize, "optimize", WorkloadMatch{Components: []string{"optimize"}})
	elasticsearch := ChartComponent{Name: Elasticsearch, Values: "elasticsearch", ServiceAccount: "elasticsearch.master.serviceAccount", Subchart: true,
		Workloads: []WorkloadMatch{{Name: "elasticsearch", Components: []string{"master"}}}}
	// The 8.7 Zeebe gateway (zeebeGateway) is absent on purpose: it only
	// forwards requests to the brokers and never calls AWS.
	separate := []ChartComponent{keycloak, identity, webModeler,
		camundaComponent(Zeebe, "zeebe", WorkloadMatch{Components: []string{"zeebe-broker"}}),
		camundaComponent(Operate, "operate", WorkloadMatch{Components: []string{"operate"}}),
		camundaComponent(Tasklist, "tasklist", WorkloadMatch{Components: []string{"tasklist"}}),
		optimize, elasticsearch}
	// The broker's migration and importer run as their own workloads, named
	// after the broker or after orchestration depending on the patch.
	unified := []ChartComponent{keycloak, identity, webModeler,
		camundaComponent(Orchestration, "orchestration", WorkloadMatch{Components: []string{"zeebe-broker",
			"zeebe-broker-migration", "zeebe-broker-importer", "orchestration-migration", "orchestration-importer"}}),
		optimize, elasticsearch}
	return []ChartLine{
		{Name: "8.7", ChartVersions: "12.x", ChartMajor: 12, Components: separate,
			WebModelerDatabaseAlias: "postgresql", WebModelerPassword: PasswordPlain},
		{Name: "8.8", ChartVersions: "13.x", ChartMajor: 13,
			Components:              unified,
			WebModelerDatabaseAlias: "webModelerPostgresql", WebModelerPassword: PasswordInlineSecret},
		{Name: "8.9", ChartVersions: "14.x", ChartMajor: 14,
			Components:              unified,
			WebModelerDatabaseAlias: "webModelerPostgresql", WebModelerPassword: PasswordInlineSecret,
			SecondaryStorage: true, OptimizeDatabase: true},
	}
}

// camundaComponent is a component of the Camunda chart itself, whose
// values block is named like the component's serviceAccount key.
func camundaComponent(name ComponentName, values string, workloads ...WorkloadMatch) ChartComponent {
	return ChartComponent{Name: name, Values: values, ServiceAccount: values + ".serviceAccount", Workloads: workloads}
}

// ChartLineNames lists the names of the supported lines, oldest first.
func ChartLineNames() []string {
	lines := ChartLines()
	names := make([]string, len(lines))
	for i, l := range lines {
		names[i] = l.Name
	}
	return names
}

// LookupChartLine returns the named line.
func LookupChartLine(name string) (ChartLine, error) {
	for _, l := range ChartLines() {
		if l.Name == name {
			return l, nil
		}
	}
	return ChartLine{}, fmt.Errorf("chart line %q is not supported (supported: %s)", name, quoteAll(ChartLineNames()))
}
