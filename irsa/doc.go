// Package irsa is the typed model of camunda-irsa: the Topology a user
// writes, its validation, the chart-line table (ChartLines: everything
// that differs between Camunda chart lines), and the Plan that decides
// which IAM roles exist, what each may do (the union of its typed
// grants), which service accounts each trusts, and every other decision
// the outputs format (regions, paths, policy names, database users).
//
// Load and NewPlan are the one validation pass: every problem at once, as
// FieldErrors naming field paths. A Plan can be made only by them, and
// hands out copies, so a renderer always formats a valid, consistent plan.
//
// It does no rendering and performs no I/O beyond decoding the topology
// bytes it is handed; it imports no other package of this module.
package irsa
