package awscli

import (
	"strings"

	"github.com/camunda-irsa/camunda-irsa/irsa"
)

// comment makes text safe for a comment line: a newline in it would end
// the comment and turn the rest into commands.
func comment(text string) string {
	return strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return ' '
		}
		return r
	}, text)
}

// rolePath is the role's IAM path; the plan fills it, but a hand-built
// Role may leave it empty, which IAM treats as "/".
func rolePath(r irsa.Role) string {
	if r.Path == "" {
		return "/"
	}
	return r.Path
}

// clusterRegion is the region of the named cluster of the topology, or
// aws.region for a cluster the topology does not list: EKS calls must go
// to the cluster's own region.
func clusterRegion(p *irsa.Plan, name string) string {
	for _, c := range p.Topology.Clusters {
		if c.Name == name && c.Region != "" {
			return c.Region
		}
	}
	return p.Topology.AWS.Region
}
