package schema

import (
	"bytes"
	_ "embed"
)

// The $id of each schema. Documents refer to a schema by this URL, and the
// Validator registers the embedded bytes under it, so nothing is fetched.
const (
	TopologyID = "https://github.com/camunda-irsa/camunda-irsa/schema/topology.schema.json"
	PolicyID   = "https://github.com/camunda-irsa/camunda-irsa/schema/iam-policy.schema.json"
	OverlayID  = "https://github.com/camunda-irsa/camunda-irsa/schema/overlay.schema.json"
)

var (
	//go:embed topology.schema.json
	topologyJSON []byte
	//go:embed iam-policy.schema.json
	policyJSON []byte
	//go:embed overlay.schema.json
	overlayJSON []byte
)

// TopologyJSON returns the JSON Schema of the topology file, as committed
// in topology.schema.json. Each call returns a fresh copy, so callers may
// modify it.
func TopologyJSON() []byte { return bytes.Clone(topologyJSON) }

// PolicyJSON returns the JSON Schema of IAM policy documents.
func PolicyJSON() []byte { return bytes.Clone(policyJSON) }

// OverlayJSON returns the JSON Schema of the Helm values overlay.
func OverlayJSON() []byte { return bytes.Clone(overlayJSON) }
