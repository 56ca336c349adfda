// Package helmchart renders the Camunda chart with the camunda-irsa overlay
// through the Helm SDK and verifies the result.
//
// It does what `helm template -f before.yaml -f overlay.yaml -f after.yaml`
// does, with Helm's own loader, value coalescing, dependency conditions and
// template engine, and no cluster: the merged values and the manifests are
// the ones Helm computes for the same files in the same order. On top of
// that it checks what Helm does not: that every key the overlay writes
// exists in the chart (CheckKeys), that user lists passed before the
// overlay are not silently replaced (MergeUserLists, LostListEntries), which
// of the user's keys the overlay overrides (BeforeOverrides,
// AfterOverrides) and what it changes in the user's values (Diff), and
// that every workload of an IRSA component ends up with the service
// account, role and database/search settings the plan asks for (Verify).
package helmchart
