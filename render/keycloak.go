package render

import (
	"fmt"

	"github.com/camunda-irsa/camunda-irsa/irsa"
)

// KeycloakAPIVersion is the Keycloak Operator's API version of the
// Keycloak resource.
const KeycloakAPIVersion = "k8s.keycloak.org/v2alpha1"

// KeycloakName is the name of the Keycloak resource. It is the name
// Camunda's reference architecture gives it, so the operator's Service is
// keycloak-service as in Camunda's reference values; and it is the same
// on every render, so that applying again updates the resource in place.
const KeycloakName = "keycloak"

// KeycloakUsernameSecret names the Secret with Keycloak's database user,
// and KeycloakUsernameKey is its one key. There is no password key: the
// JDBC wrapper signs an IAM token in its place.
const (
	KeycloakUsernameSecret = KeycloakName + "-db-user"
	KeycloakUsernameKey    = "username"
)

// keycloakDBVendor is Keycloak's database vendor for Aurora PostgreSQL.
const keycloakDBVendor = "postgres"

// Error is a constant error of this package, comparable with errors.Is.
type Error string

func (e Error) Error() string { return string(e) }

// ErrNoOperatorKeycloak is returned by NewKeycloak and Keycloak for a plan
// whose Keycloak is not under the Keycloak Operator: without Keycloak, or
// with the chart's subchart, which the values overlay configures.
const ErrNoOperatorKeycloak Error = "components.keycloak: the keycloak output needs Keycloak under the Keycloak Operator (managedBy: operator); there is no Keycloak resource to write"

// KeycloakObjects are the objects Keycloak needs to run under the Keycloak
// Operator with its Aurora IAM login, in the order they are applied:
// the operator does not create the service account, and the Keycloak
// resource names the Secret and the service account.
type KeycloakObjects struct {
	ServiceAccount ServiceAccountManifest
	// Secret holds only the database user name, under KeycloakUsernameKey.
	Secret   Secret
	Keycloak KeycloakResource
}

// KeycloakResource is a k8s.keycloak.org/v2alpha1 Keycloak with only the
// fields camunda-irsa owns. Hostname, HTTP/TLS, ingress, instances and
// the rest are the user's to merge in; JSON names are the CRD's.
type KeycloakResource struct {
	TypeMeta   `json:",inline"`
	ObjectMeta `json:"metadata"`
	Spec       KeycloakSpec `json:"spec"`
}

// KeycloakSpec is the Keycloak resource's spec.
type KeycloakSpec struct {
	// Image carries the AWS JDBC wrapper; the operator's default image
	// does not.
	Image string               `json:"image"`
	DB    KeycloakDatabaseSpec `json:"db"`
	// Transaction turns XA off: the wrapper does not support XA
	// transactions.
	Transaction KeycloakTransaction `json:"transaction"`
	// AdditionalOptions hold the server options the CRD has no field
	// for: the wrapper's driver class.
	AdditionalOptions []KeycloakOption    `json:"additionalOptions"`
	Unsupported       KeycloakUnsupported `json:"unsupported"`
}

// KeycloakDatabaseSpec is spec.db. It has a user name but no password
// secret: the wrapper's iam plugin signs a token for the user instead.
type KeycloakDatabaseSpec struct {
	Vendor string `json:"vendor"`
	// URL is the full JDBC URL; the CRD's host, port and database are
	// ignored when it is set, so they stay unset.
	URL            string            `json:"url"`
	UsernameSecret KeycloakSecretKey `json:"usernameSecret"`
}

// KeycloakSecretKey names a key of a Secret in the resource's namespace.
type KeycloakSecretKey struct {
	Name string `json:"name"`
	Key  string `json:"key"`
}

// KeycloakTransaction is spec.transaction.
type KeycloakTransaction struct {
	XAEnabled bool `json:"xaEnabled"`
}

// KeycloakOption is one entry of spec.additionalOptions: a Keycloak
// server option by its configuration name.
type KeycloakOption struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// KeycloakUnsupported is spec.unsupported: a pod template the operator
// merges into the pods it creates. It is the CRD's only place for the
// pods' service account.
type KeycloakUnsupported struct {
	PodTemplate KeycloakPodTemplate `json:"podTemplate"`
}

// KeycloakPodTemplate is spec.unsupported.podTemplate.
type KeycloakPodTemplate struct {
	Spec KeycloakPodSpec `json:"spec"`
}

// KeycloakPodSpec is the part of the pod spec camunda-irsa sets.
type KeycloakPodSpec struct {
	ServiceAccountName string `json:"serviceAccountName"`
}

// NewKeycloak returns the objects that run the plan's Keycloak under the
// Keycloak Operator, signing in to Aurora with IAM: its ServiceAccount
// (as NewServiceAccounts writes it), a Secret with the database user name
// and the Keycloak resource, all in the plan's namespace. A plan whose
// Keycloak is not operator-managed gets ErrNoOperatorKeycloak.
func NewKeycloak(p *irsa.Plan) (KeycloakObjects, error) {
	if err := p.Check(); err != nil {
		return KeycloakObjects{}, err
	}
	t := p.Topology()
	k := t.Components.Keycloak
	if k == nil || k.ManagedBy != irsa.KeycloakByOperator {
		return KeycloakObjects{}, ErrNoOperatorKeycloak
	}
	ref := irsa.ServiceAccountRef{Namespace: p.Namespace(), Name: k.ServiceAccount}
	role, ok := p.RoleFor(irsa.Keycloak)
	if !ok {
		return KeycloakObjects{}, fmt.Errorf("plan has no role for Keycloak's service account %s", ref)
	}
	secret := Secret{
		TypeMeta:   TypeMeta{APIVersion: "v1", Kind: "Secret"},
		ObjectMeta: generatedMeta(KeycloakUsernameSecret, p.Namespace()),
		Type:       secretTypeOpaque,
		StringData: map[string]string{KeycloakUsernameKey: k.DBUser},
	}
	kc := KeycloakResource{
		TypeMeta:   TypeMeta{APIVersion: KeycloakAPIVersion, Kind: "Keycloak"},
		ObjectMeta: generatedMeta(KeycloakName, p.Namespace()),
		Spec: KeycloakSpec{
			Image: k.Image,
			DB: KeycloakDatabaseSpec{
				Vendor:         keycloakDBVendor,
				URL:            jdbcURL(*t.Aurora, k.Database, keycloakJDBCParams),
				UsernameSecret: KeycloakSecretKey{Name: KeycloakUsernameSecret, Key: KeycloakUsernameKey},
			},
			Transaction:       KeycloakTransaction{XAEnabled: false},
			AdditionalOptions: []KeycloakOption{{Name: "db-driver", Value: jdbcWrapperDriverClass}},
			Unsupported:       KeycloakUnsupported{PodTemplate: KeycloakPodTemplate{Spec: KeycloakPodSpec{ServiceAccountName: k.ServiceAccount}}},
		},
	}
	binding := irsa.ServiceAccountBinding{ServiceAccount: ref, Role: role}
	return KeycloakObjects{ServiceAccount: serviceAccountManifest(binding, p.Mode()), Secret: secret, Keycloak: kc}, nil
}

// Keycloak is NewKeycloak as a multi-document YAML stream for kubectl
// apply: the ServiceAccount, the Secret, then the Keycloak resource.
func Keycloak(p *irsa.Plan) ([]byte, error) {
	o, err := NewKeycloak(p)
	if err != nil {
		return nil, err
	}
	return yamlStream([]namedDocument{
		{"ServiceAccount " + o.ServiceAccount.Name, o.ServiceAccount},
		{"Secret " + o.Secret.Name, o.Secret},
		{"Keycloak " + o.Keycloak.Name, o.Keycloak},
	})
}
