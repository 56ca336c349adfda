// Package irsa is the typed model of camunda-irsa: the Topology a user
// writes, its validation, and the Plan that decides which IAM roles exist,
// which Kubernetes service accounts each role trusts, and the trust and
// permission policies of every role.
//
// It does no YAML rendering, knows nothing of Helm and performs no I/O
// beyond decoding the topology bytes it is handed. Everything downstream
// (the render and schema packages, the CLI) consumes a *Plan.
package irsa
