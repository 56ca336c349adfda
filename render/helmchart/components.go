package helmchart

import (
	"github.com/camunda-irsa/camunda-irsa/irsa"
)

// Label keys the Camunda chart and the Bitnami subcharts set on every
// workload and its pods; the chart-line table says which values each
// component's workloads carry.
const (
	labelName      = "app.kubernetes.io/name"
	labelComponent = "app.kubernetes.io/component"
)

// matchWorkload returns the rule of a component that claims a workload
// with these labels.
func matchWorkload(c irsa.ChartComponent, labels map[string]string) (irsa.WorkloadMatch, bool) {
	for _, w := range c.Workloads {
		if w.Name != "" && labels[labelName] != w.Name {
			continue
		}
		for _, comp := range w.Components {
			if labels[labelComponent] == comp {
				return w, true
			}
		}
	}
	return irsa.WorkloadMatch{}, false
}
