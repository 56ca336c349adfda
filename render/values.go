package render

import corev1 "k8s.io/api/core/v1"

// Overlay is the Helm values overlay for the Camunda chart. Only the keys
// camunda-irsa owns are modelled; every field is omitted when unset so the
// overlay writes nothing it does not mean to. JSON names are the chart's
// key paths; where a key differs between chart lines, each spelling is a
// field and the chart-line table says which one is written.
type Overlay struct {
	Global               *Global        `json:"global,omitempty"`
	Elasticsearch        *Elasticsearch `json:"elasticsearch,omitempty"`
	IdentityKeycloak     *Keycloak      `json:"identityKeycloak,omitempty"`
	Identity             *Identity      `json:"identity,omitempty"`
	IdentityPostgresql   *Toggle        `json:"identityPostgresql,omitempty"`
	WebModeler           *WebModeler    `json:"webModeler,omitempty"`
	WebModelerPostgresql *Toggle        `json:"webModelerPostgresql,omitempty"`
	// Postgresql is Web Modeler's database subchart under its oldest
	// alias.
	Postgresql    *Toggle        `json:"postgresql,omitempty"`
	Orchestration *Orchestration `json:"orchestration,omitempty"`
	Zeebe         *Workload      `json:"zeebe,omitempty"`
	Operate       *Workload      `json:"operate,omitempty"`
	Tasklist      *Workload      `json:"tasklist,omitempty"`
	Optimize      *Optimize      `json:"optimize,omitempty"`
}

// Toggle is a block with only an enabled switch.
type Toggle struct {
	Enabled bool `json:"enabled"`
}

// Global holds the chart-wide search store settings.
type Global struct {
	Elasticsearch *Toggle           `json:"elasticsearch,omitempty"`
	OpenSearch    *GlobalOpenSearch `json:"opensearch,omitempty"`
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

// ServiceAccount is a serviceAccount block. Camunda's own components say
// enabled, the Bitnami subcharts say create.
type ServiceAccount struct {
	Enabled     *bool             `json:"enabled,omitempty"`
	Create      *bool             `json:"create,omitempty"`
	Name        string            `json:"name"`
	Annotations map[string]string `json:"annotations,omitempty"`
}

// Workload is a component block that only needs its service account.
type Workload struct {
	ServiceAccount ServiceAccount `json:"serviceAccount"`
}

// Keycloak is the Bitnami Keycloak subchart (identityKeycloak).
type Keycloak struct {
	Enabled          bool             `json:"enabled"`
	Postgresql       Toggle           `json:"postgresql"`
	ExternalDatabase KeycloakDatabase `json:"externalDatabase"`
	ServiceAccount   ServiceAccount   `json:"serviceAccount"`
	ExtraEnvVars     []corev1.EnvVar  `json:"extraEnvVars"`
}

// KeycloakDatabase is the Bitnami externalDatabase block; it has no
// password because the JDBC wrapper signs an IAM token instead.
type KeycloakDatabase struct {
	Host     string `json:"host"`
	Port     int    `json:"port"`
	User     string `json:"user"`
	Database string `json:"database"`
}

// Identity is Management Identity.
type Identity struct {
	Enabled          bool             `json:"enabled"`
	ExternalDatabase IdentityDatabase `json:"externalDatabase"`
	Env              []corev1.EnvVar  `json:"env"`
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

// WebModeler is Web Modeler; its one service account serves the restapi,
// webapp and websockets deployments.
type WebModeler struct {
	Enabled        bool           `json:"enabled"`
	ServiceAccount ServiceAccount `json:"serviceAccount"`
	RestAPI        WebModelerAPI  `json:"restapi"`
}

// WebModelerAPI is webModeler.restapi.
type WebModelerAPI struct {
	ExternalDatabase WebModelerDatabase `json:"externalDatabase"`
	Env              []corev1.EnvVar    `json:"env"`
}

// WebModelerDatabase is webModeler.restapi.externalDatabase. The chart
// insists on a password even with IAM auth; the wrapper's iam plugin
// replaces it with a signed token, so a fixed placeholder is passed.
type WebModelerDatabase struct {
	URL      string        `json:"url"`
	User     string        `json:"user"`
	Password string        `json:"password,omitempty"`
	Secret   *InlineSecret `json:"secret,omitempty"`
}

// InlineSecret is the chart's secret block with an inline value.
type InlineSecret struct {
	InlineSecret string `json:"inlineSecret"`
}

// Orchestration is the orchestration cluster (Zeebe, Operate and
// Tasklist in one) of the lines that have it.
type Orchestration struct {
	ServiceAccount *ServiceAccount    `json:"serviceAccount,omitempty"`
	Data           *OrchestrationData `json:"data,omitempty"`
}

// OrchestrationData is orchestration.data.
type OrchestrationData struct {
	SecondaryStorage SecondaryStorage `json:"secondaryStorage"`
}

// SecondaryStorage selects Orchestration's search store.
type SecondaryStorage struct {
	Type       string              `json:"type"`
	OpenSearch SecondaryOpenSearch `json:"opensearch"`
}

// SecondaryOpenSearch is secondaryStorage.opensearch: one URL string.
type SecondaryOpenSearch struct {
	URL string `json:"url"`
	AWS Toggle `json:"aws"`
}

// Optimize is Optimize.
type Optimize struct {
	Enabled bool `json:"enabled"`
	// Migration is off: the migration job cannot run against OpenSearch.
	Migration      Toggle            `json:"migration"`
	ServiceAccount ServiceAccount    `json:"serviceAccount"`
	Database       *OptimizeDatabase `json:"database,omitempty"`
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
	ExtraVolumeMounts []corev1.VolumeMount `json:"extraVolumeMounts,omitempty"`
}

// ElasticsearchMaster is elasticsearch.master.
type ElasticsearchMaster struct {
	ServiceAccount ServiceAccount `json:"serviceAccount"`
}
