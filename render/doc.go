// Package render turns an irsa.Plan into the artifacts a user applies: the
// Helm values overlay for the plan's chart line, ServiceAccount manifests,
// the Keycloak Operator's resources for a Keycloak outside the chart, and
// the IAM documents. Every function is pure: same plan, same bytes.
//
// It formats what the plan decided and decides nothing again: which keys a
// chart line takes comes from the plan's irsa.ChartLine, the one table of
// what differs between lines. YAML goes through sigs.k8s.io/yaml and JSON
// through encoding/json. The other output kinds live in packages of their
// own (render/terraform, render/awscli, ...), so that a program that needs
// only these links no HCL or shell parser; render/bundle knows them all.
package render
