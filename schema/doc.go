// Package schema holds the JSON Schemas of camunda-irsa (the topology
// file, IAM policy documents and the Helm values overlay) and validates
// documents against them.
//
// The topology schema is generated from the irsa.Topology type by this
// package's tests (go test ./schema -update), so the file format and its
// schema cannot drift apart; it is committed as topology.schema.json so
// that editors can use it without running Go
// (`# yaml-language-server: $schema=...`). The IAM policy and overlay
// schemas are written by hand: they describe formats owned by AWS and by
// the Camunda Helm chart, not by a Go type of this module.
//
// A Validator compiles each of the three schemas once, when it first
// needs it, and reports every violation as an Error naming the field
// path (aws.accountID, Statement[0].Effect), in the same style as
// irsa.FieldErrors.
package schema
