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
	// MinChartVersion is the oldest chart of the line the overlay works
	// with: older ones still demand a Web Modeler database password, which
	// the overlay no longer writes.
	MinChartVersion string
	// Components are the topology components the line runs, in the fixed
	// component order, with where their values and workloads are.
	Components []ChartComponent
	// IdentityDatabaseAlias and WebModelerDatabaseAlias are the aliases of
	// the PostgreSQL subcharts that Aurora replaces; empty where the line
	// has no such subchart (and any key of it fails the render).
	IdentityDatabaseAlias   string
	WebModelerDatabaseAlias string
	// WebModelerDatabaseUser is the key of restapi.externalDatabase that
	// names the database user.
	WebModelerDatabaseUser string
	// SecondaryStorage: Orchestration reads its search store from
	// orchestration.data.secondaryStorage, where the type may be rdbms.
	SecondaryStorage bool
	// OptimizeDatabase: Optimize has its own optimize.database.opensearch
	// block beside the global one.
	OptimizeDatabase bool
	// ExporterSwitch is where the Camunda exporter's auto-configuration is
	// turned off when orchestration keeps its secondary storage in
	// PostgreSQL.
	ExporterSwitch Setting
	// DocumentStoreConsumers are the components whose workloads the chart
	// hands the document store to, in component order.
	DocumentStoreConsumers []ComponentName
	// Backup is how orchestration's (Zeebe's) backup store is configured:
	// no line has chart keys for it.
	Backup BackupSettings
	// SecretStore: orchestration.secretStore.aws exists.
	SecretStore bool
	// OverrideBlocks are values blocks the chart deep-merges over others,
	// key by key: a key under the first may be any key the second has.
	OverrideBlocks map[string]string
}

// Setting is where a chart line takes an application setting the chart
// has no plain key for.
type Setting int

const (
	// NotAvailable: the line has no such setting.
	NotAvailable Setting = iota
	// InValues: a key of the chart's values.
	InValues
	// InExtraConfiguration: an application property in a file of the
	// component's extraConfiguration list.
	InExtraConfiguration
)

// BackupSettings is how a line configures the broker's backup store.
type BackupSettings int

const (
	// ZeebeBackupEnv: ZEEBE_BROKER_DATA_BACKUP_* in zeebe.env.
	ZeebeBackupEnv BackupSettings = iota + 1
	// CamundaBackupEnv: camunda.data.backup.* as CAMUNDA_DATA_BACKUP_* in
	// orchestration.env (the line's extraConfiguration files are not
	// loaded as Spring properties).
	CamundaBackupEnv
	// PrimaryStorageBackup: camunda.data.primary-storage.backup.* in a
	// file of orchestration.extraConfiguration.
	PrimaryStorageBackup
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
	// Deprecated says what replaces a component the line still has but
	// deprecates; render warns.
	Deprecated string
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
	webModelerWorkloads := []WorkloadMatch{
		{Components: []string{"restapi"}, Database: SpringDatabase},
		{Components: []string{"webapp", "websockets"}},
	}
	webModeler := camundaComponent(WebModeler, "webModeler", webModelerWorkloads...)
	optimize := camundaComponent(Optimize, "optimize", WorkloadMatch{Components: []string{"optimize"}})
	connectors := camundaComponent(Connectors, "connectors", WorkloadMatch{Components: []string{"connectors"}})
	elasticsearch := ChartComponent{Name: Elasticsearch, Values: "elasticsearch", ServiceAccount: "elasticsearch.master.serviceAccount", Subchart: true,
		Workloads: []WorkloadMatch{{Name: "elasticsearch", Components: []string{"master"}}}}
	// The broker's migration and importer run as their own workloads, named
	// after the broker or after orchestration depending on the patch.
	orchestration := camundaComponent(Orchestration, "orchestration", WorkloadMatch{Components: []string{"zeebe-broker",
		"zeebe-broker-migration", "zeebe-broker-importer", "orchestration-migration", "orchestration-importer"}})
	deprecatedKeycloak := keycloak
	deprecatedKeycloak.Deprecated = "the identityKeycloak subchart is deprecated on this line; run Keycloak with managedBy: operator"
	unified := func(keycloak ...ChartComponent) []ChartComponent {
		return append(keycloak, identity, webModeler, orchestration, optimize, connectors, elasticsearch)
	}
	return []ChartLine{
		{Name: "8.7", ChartVersions: "12.x", ChartMajor: 12, MinChartVersion: "12.13.3",
			Components: []ChartComponent{keycloak, identity, webModeler,
				camundaComponent(Zeebe, "zeebe", WorkloadMatch{Components: []string{"zeebe-broker"}}),
				camundaComponent(ZeebeGateway, "zeebeGateway", WorkloadMatch{Components: []string{"zeebe-gateway"}}),
				camundaComponent(Operate, "operate", WorkloadMatch{Components: []string{"operate"}}),
				camundaComponent(Tasklist, "tasklist", WorkloadMatch{Components: []string{"tasklist"}}),
				optimize, connectors, elasticsearch},
			IdentityDatabaseAlias: "identityPostgresql", WebModelerDatabaseAlias: "postgresql", WebModelerDatabaseUser: "user",
			DocumentStoreConsumers: []ComponentName{Zeebe, ZeebeGateway, WebModeler, Operate, Tasklist, Connectors},
			Backup:                 ZeebeBackupEnv},
		{Name: "8.8", ChartVersions: "13.x", ChartMajor: 13, MinChartVersion: "13.12.7", Components: unified(keycloak),
			IdentityDatabaseAlias: "identityPostgresql", WebModelerDatabaseAlias: "webModelerPostgresql", WebModelerDatabaseUser: "user",
			DocumentStoreConsumers: []ComponentName{WebModeler, Orchestration, Optimize},
			Backup:                 CamundaBackupEnv},
		{Name: "8.9", ChartVersions: "14.x", ChartMajor: 14, MinChartVersion: "14.8.4", Components: unified(deprecatedKeycloak),
			IdentityDatabaseAlias: "identityPostgresql", WebModelerDatabaseAlias: "webModelerPostgresql", WebModelerDatabaseUser: "username",
			SecondaryStorage: true, OptimizeDatabase: true, ExporterSwitch: InValues,
			DocumentStoreConsumers: []ComponentName{WebModeler, Orchestration, Optimize},
			Backup:                 PrimaryStorageBackup},
		{Name: "8.10", ChartVersions: "15.x", ChartMajor: 15, MinChartVersion: "15.0.0-0",
			// No Bitnami subcharts: Keycloak runs under its operator, and
			// Web Modeler is Camunda Hub, which keeps its workloads' labels.
			Components: []ChartComponent{identity, camundaComponent(WebModeler, "camundaHub", webModelerWorkloads...),
				orchestration, optimize, connectors},
			WebModelerDatabaseUser: "username",
			SecondaryStorage:       true, OptimizeDatabase: true, ExporterSwitch: InExtraConfiguration,
			DocumentStoreConsumers: []ComponentName{WebModeler, Orchestration, Optimize},
			Backup:                 PrimaryStorageBackup, SecretStore: true,
			OverrideBlocks: map[string]string{"camundaHub": "webModeler"}},
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

// firstLine returns the oldest line for which has holds, for messages
// that say where a feature starts.
func firstLine(has func(ChartLine) bool) string {
	for _, l := range ChartLines() {
		if has(l) {
			return l.Name
		}
	}
	return ""
}
