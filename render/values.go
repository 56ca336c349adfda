package render

// Overlay is the Helm values overlay for the Camunda chart. Only the keys
// camunda-irsa owns are modelled; every field is omitted when unset so the
// overlay writes nothing it does not mean to. JSON names are the chart's
// key paths; where a key differs between chart lines, each spelling is a
// field and the chart-line table says which one is written.
type Overlay struct {
	Global               *Global           `json:"global,omitempty"`
	Elasticsearch        *Elasticsearch    `json:"elasticsearch,omitempty"`
	IdentityKeycloak     *KeycloakSubchart `json:"identityKeycloak,omitempty"`
	Identity             *Identity         `json:"identity,omitempty"`
	IdentityPostgresql   *Toggle           `json:"identityPostgresql,omitempty"`
	WebModeler           *WebModeler       `json:"webModeler,omitempty"`
	CamundaHub           *WebModeler       `json:"camundaHub,omitempty"`
	WebModelerPostgresql *Toggle           `json:"webModelerPostgresql,omitempty"`
	// Postgresql is Web Modeler's database subchart under its oldest
	// alias.
	Postgresql    *Toggle        `json:"postgresql,omitempty"`
	Orchestration *Orchestration `json:"orchestration,omitempty"`
	Zeebe         *Workload      `json:"zeebe,omitempty"`
	ZeebeGateway  *Workload      `json:"zeebeGateway,omitempty"`
	Operate       *Workload      `json:"operate,omitempty"`
	Tasklist      *Workload      `json:"tasklist,omitempty"`
	Optimize      *Optimize      `json:"optimize,omitempty"`
	Connectors    *Workload      `json:"connectors,omitempty"`
}

// Toggle is a block with only an enabled switch.
type Toggle struct {
	Enabled bool `json:"enabled"`
}

// Global holds the chart-wide search store and document store settings.
type Global struct {
	Elasticsearch *Toggle           `json:"elasticsearch,omitempty"`
	OpenSearch    *GlobalOpenSearch `json:"opensearch,omitempty"`
	DocumentStore *DocumentStore    `json:"documentStore,omitempty"`
}

// GlobalOpenSearch points every Camunda component at OpenSearch with AWS
// request signing instead of a password.
type GlobalOpenSearch struct {
	Enabled bool   `json:"enabled"`
	AWS     Toggle `json:"aws"`
	URL     URL    `json:"url"`
}

// URL is the chart's split form of a URL; Port is an integer because the
// chart's schema and templates treat it as one.
type URL struct {
	Protocol string `json:"protocol"`
	Host     string `json:"host"`
	Port     int    `json:"port"`
}

// DocumentStore is global.documentStore with the S3 store active.
type DocumentStore struct {
	ActiveStoreID string             `json:"activeStoreId"`
	Type          DocumentStoreTypes `json:"type"`
}

// DocumentStoreTypes is global.documentStore.type.
type DocumentStoreTypes struct {
	AWS S3DocumentStore `json:"aws"`
}

// S3DocumentStore is global.documentStore.type.aws. IRSA on keeps the
// chart from injecting access keys, which the SDK would prefer to the
// role.
type S3DocumentStore struct {
	Enabled    bool   `json:"enabled"`
	IRSA       Toggle `json:"irsa"`
	Bucket     string `json:"bucket"`
	BucketPath string `json:"bucketPath,omitempty"`
	Region     string `json:"region"`
}

// ServiceAccount is a serviceAccount block. Camunda's own components say
// enabled, the Bitnami subcharts say create.
type ServiceAccount struct {
	Enabled     *bool             `json:"enabled,omitempty"`
	Create      *bool             `json:"create,omitempty"`
	Name        string            `json:"name"`
	Annotations map[string]string `json:"annotations,omitempty"`
}

// Workload is a component block that needs its service account and,
// for some features, settings in its environment.
type Workload struct {
	ServiceAccount ServiceAccount `json:"serviceAccount"`
	Env            []EnvVar       `json:"env,omitempty"`
}

// KeycloakSubchart is the Bitnami Keycloak subchart (identityKeycloak);
// only Enabled is set when Keycloak runs under its operator instead.
type KeycloakSubchart struct {
	Enabled          bool                      `json:"enabled"`
	Postgresql       *Toggle                   `json:"postgresql,omitempty"`
	ExternalDatabase *KeycloakSubchartDatabase `json:"externalDatabase,omitempty"`
	ServiceAccount   *ServiceAccount           `json:"serviceAccount,omitempty"`
	ExtraEnvVars     []EnvVar                  `json:"extraEnvVars,omitempty"`
}

// KeycloakSubchartDatabase is the Bitnami externalDatabase block; it has
// no password because the JDBC wrapper signs an IAM token instead.
type KeycloakSubchartDatabase struct {
	Host     string `json:"host"`
	Port     int    `json:"port"`
	User     string `json:"user"`
	Database string `json:"database"`
}

// Identity is Management Identity.
type Identity struct {
	Enabled          bool             `json:"enabled"`
	ExternalDatabase IdentityDatabase `json:"externalDatabase"`
	Env              []EnvVar         `json:"env"`
	ServiceAccount   ServiceAccount   `json:"serviceAccount"`
}

// IdentityDatabase is identity.externalDatabase.
type IdentityDatabase struct {
	Enabled  bool   `json:"enabled"`
	Host     string `json:"host"`
	Port     int    `json:"port"`
	Username string `json:"username"`
	Database string `json:"database"`
}

// WebModeler is Web Modeler (Camunda Hub on the newest line); its one
// service account serves all its deployments.
type WebModeler struct {
	Enabled        bool           `json:"enabled"`
	ServiceAccount ServiceAccount `json:"serviceAccount"`
	RestAPI        WebModelerAPI  `json:"restapi"`
}

// WebModelerAPI is webModeler.restapi.
type WebModelerAPI struct {
	ExternalDatabase WebModelerDatabase `json:"externalDatabase"`
	Env              []EnvVar           `json:"env"`
}

// WebModelerDatabase is restapi.externalDatabase. It names no password:
// the chart emits no password variable without one, and the wrapper's iam
// plugin signs a token instead. The user key is user or username,
// depending on the line.
type WebModelerDatabase struct {
	URL      string `json:"url"`
	User     string `json:"user,omitempty"`
	Username string `json:"username,omitempty"`
}

// Orchestration is the orchestration cluster (Zeebe, Operate and
// Tasklist in one) of the lines that have it.
type Orchestration struct {
	ServiceAccount     *ServiceAccount      `json:"serviceAccount,omitempty"`
	Data               *OrchestrationData   `json:"data,omitempty"`
	Exporters          *Exporters           `json:"exporters,omitempty"`
	Env                []EnvVar             `json:"env,omitempty"`
	ExtraConfiguration []ConfigurationFile  `json:"extraConfiguration,omitempty"`
	SecretStore        *OrchestrationSecret `json:"secretStore,omitempty"`
}

// OrchestrationData is orchestration.data.
type OrchestrationData struct {
	SecondaryStorage SecondaryStorage `json:"secondaryStorage"`
}

// SecondaryStorage selects Orchestration's search store: OpenSearch with
// AWS signing, or PostgreSQL (rdbms) with IAM authentication.
type SecondaryStorage struct {
	Type       string               `json:"type"`
	OpenSearch *SecondaryOpenSearch `json:"opensearch,omitempty"`
	RDBMS      *SecondaryRDBMS      `json:"rdbms,omitempty"`
}

// SecondaryOpenSearch is secondaryStorage.opensearch: one URL string.
type SecondaryOpenSearch struct {
	URL string `json:"url"`
	AWS Toggle `json:"aws"`
}

// SecondaryRDBMS is secondaryStorage.rdbms. It names no password: the
// application signs in with an IAM token when none is set.
type SecondaryRDBMS struct {
	URL      string `json:"url"`
	Username string `json:"username"`
}

// Exporters is orchestration.exporters.
type Exporters struct {
	// Camunda is the Camunda exporter, turned off where the line takes
	// the switch as a values key.
	Camunda *Toggle `json:"camunda,omitempty"`
	RDBMS   *Toggle `json:"rdbms,omitempty"`
}

// ConfigurationFile is one entry of an extraConfiguration list: a file
// of application properties the chart mounts and imports.
type ConfigurationFile struct {
	File    string `json:"file"`
	Content string `json:"content"`
}

// OrchestrationSecret is orchestration.secretStore.
type OrchestrationSecret struct {
	AWS map[string]SecretStoreAWS `json:"aws"`
}

// SecretStoreAWS is one AWS Secrets Manager store. The chart makes
// RoleARN the orchestration service account's role annotation.
type SecretStoreAWS struct {
	Region     string `json:"region"`
	PathPrefix string `json:"pathPrefix"`
	RoleARN    string `json:"roleArn"`
}

// Optimize is Optimize.
type Optimize struct {
	Enabled bool `json:"enabled"`
	// Migration is off: the migration job cannot run against OpenSearch.
	Migration      Toggle            `json:"migration"`
	ServiceAccount ServiceAccount    `json:"serviceAccount"`
	Database       *OptimizeDatabase `json:"database,omitempty"`
	Env            []EnvVar          `json:"env,omitempty"`
}

// OptimizeDatabase is optimize.database.
type OptimizeDatabase struct {
	OpenSearch OptimizeOpenSearch `json:"opensearch"`
}

// OptimizeOpenSearch is optimize.database.opensearch.
type OptimizeOpenSearch struct {
	Enabled bool   `json:"enabled"`
	AWS     Toggle `json:"aws"`
	URL     URL    `json:"url"`
}

// Elasticsearch is the Bitnami Elasticsearch subchart.
type Elasticsearch struct {
	Enabled           bool                 `json:"enabled"`
	Master            *ElasticsearchMaster `json:"master,omitempty"`
	InitScripts       map[string]string    `json:"initScripts,omitempty"`
	ExtraVolumeMounts []VolumeMount        `json:"extraVolumeMounts,omitempty"`
}

// ElasticsearchMaster is elasticsearch.master.
type ElasticsearchMaster struct {
	ServiceAccount ServiceAccount `json:"serviceAccount"`
}
