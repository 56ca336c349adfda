// Package helmchart renders the Camunda chart with the camunda-irsa overlay
// through the Helm 4 SDK and verifies the result.
//
// It does what `helm template -n NS -f before.yaml -f overlay.yaml -f
// after.yaml` does, with Helm's own loader, value coalescing, dependency
// conditions and template engine, and no cluster: the merged values and
// the manifests are the ones Helm computes for the same files in the same
// order. OptionsFor(plan) gives the release settings of a plan: its
// namespace (there is no default namespace: the plan's roles trust one)
// and its chart line, against which Render first checks the chart
// (CheckChartLine). On top of that it checks what Helm does not: that
// every key the overlay writes exists in the chart (CheckKeys), that user
// lists passed before the overlay are not silently replaced
// (MergeUserLists, LostListEntries), which of the user's keys the overlay
// overrides (BeforeOverrides, AfterOverrides) and what it changes in the
// user's values (Diff), and that every workload of an IRSA
// component ends up with the service account, role and database, search,
// document store, backup and secret store settings the plan asks for
// (Verify). A render the chart stops with its own fail or required
// message is a *ChartFailure that says so.
package helmchart
