package render

// The Kubernetes objects and fields camunda-irsa writes, under the names
// k8s.io/api gives them. They are declared here, not taken from
// k8s.io/api/core/v1, because linking that package costs every
// camunda-irsa process some 10 ms of start-up (it and apimachinery
// register themselves at init), half of render's budget; the tests
// decode every object written here into k8s.io/api's types, strictly, so
// the two cannot drift apart.

// TypeMeta is an object's apiVersion and kind.
type TypeMeta struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
}

// ObjectMeta is the part of an object's metadata camunda-irsa sets.
type ObjectMeta struct {
	Name        string            `json:"name"`
	Namespace   string            `json:"namespace,omitempty"`
	Labels      map[string]string `json:"labels,omitempty"`
	Annotations map[string]string `json:"annotations,omitempty"`
}

// ServiceAccountManifest is a core/v1 ServiceAccount (ServiceAccount is
// the overlay's serviceAccount block).
type ServiceAccountManifest struct {
	TypeMeta
	ObjectMeta `json:"metadata"`
}

// Secret is a core/v1 Secret given as string data.
type Secret struct {
	TypeMeta
	ObjectMeta `json:"metadata"`
	Type       string            `json:"type,omitempty"`
	StringData map[string]string `json:"stringData,omitempty"`
}

// secretTypeOpaque is the type of a Secret of arbitrary user data.
const secretTypeOpaque = "Opaque"

// EnvVar is a container's environment variable with a literal value.
type EnvVar struct {
	Name  string `json:"name"`
	Value string `json:"value,omitempty"`
}

// VolumeMount mounts a volume, or a path within it, into a container.
type VolumeMount struct {
	Name      string `json:"name"`
	MountPath string `json:"mountPath"`
	SubPath   string `json:"subPath,omitempty"`
}
