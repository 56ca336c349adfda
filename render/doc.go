// Package render turns an irsa.Plan into the artifacts a user applies: the
// Helm values overlay for the plan's chart line, ServiceAccount manifests,
// the Keycloak Operator's resources for a Keycloak outside the chart, and
// the IAM documents. Every function is pure: same plan, same bytes.
//
// Chart-line knowledge (which key paths a line has) lives in Profile, one
// value per line, so that the overlay builder carries no version checks.
package render
