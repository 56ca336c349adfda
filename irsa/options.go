package irsa

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
)

// IAM's limits on role settings.
const (
	minSessionDuration = 3600
	maxSessionDuration = 43200
	maxRoleTags        = 50
	maxTagKeyLength    = 128
	maxTagValueLength  = 256
	maxPathLength      = 512
)

// validateRoleOptions checks one set of role options found at path.
func validateRoleOptions(c *collector, path string, o RoleOptions, rolePartition string) {
	if o.Path != "" {
		if len(o.Path) > maxPathLength || !isRolePath(o.Path) {
			c.add(join(path, "path"), "must start and end with / and hold only printable ASCII without spaces (at most %d characters), got %q", maxPathLength, o.Path)
		}
	}
	if b := o.PermissionsBoundary; b != "" {
		partition, ok := parseBoundaryARN(b)
		switch {
		case !ok:
			c.add(join(path, "permissionsBoundary"), "must be a managed policy ARN (arn:<partition>:iam::<account>:policy/<name>), got %q", b)
		case partition != rolePartition:
			c.add(join(path, "permissionsBoundary"), "is in partition %s but the roles are in %s", partition, rolePartition)
		}
	}
	if d := o.MaxSessionDuration; d != 0 && (d < minSessionDuration || d > maxSessionDuration) {
		c.add(join(path, "maxSessionDuration"), "must be between %d and %d seconds, got %d", minSessionDuration, maxSessionDuration, d)
	}
	if len(o.Tags) > maxRoleTags {
		c.add(join(path, "tags"), "may hold at most %d tags, got %d", maxRoleTags, len(o.Tags))
	}
	for _, k := range slices.Sorted(maps.Keys(o.Tags)) {
		v := o.Tags[k]
		kp := join(path, "tags") + "." + k
		switch {
		case k == "" || len(k) > maxTagKeyLength || !isTagText(k):
			c.add(kp, "tag key must be 1-%d letters, digits, spaces or _.:/=+-@", maxTagKeyLength)
		case strings.HasPrefix(strings.ToLower(k), "aws:"):
			c.add(kp, "tag keys starting with aws: are reserved by AWS")
		}
		if len(v) > maxTagValueLength || !isTagText(v) {
			c.add(kp, "tag value must be at most %d letters, digits, spaces or _.:/=+-@, got %q", maxTagValueLength, v)
		}
	}
}

// optionConflict is a member whose setting disagrees with another member
// of the same role.
type optionConflict struct {
	path, message string
}

// optionMerger folds the settings of a role's members into one set,
// remembering who set what so that a contradiction names both sides.
type optionMerger struct {
	setBy     map[string]ComponentName
	conflicts []optionConflict
}

func pick[T comparable](m *optionMerger, member ComponentName, field string, cur *T, v T) {
	var zero T
	if v == zero {
		return
	}
	if prev, ok := m.setBy[field]; ok && *cur != v {
		m.conflicts = append(m.conflicts, optionConflict{path: "components." + string(member) + "." + field,
			message: fmt.Sprintf("%v differs from %v set by components.%s, which shares the role; set the same value or leave one out", v, *cur, prev)})
		return
	}
	*cur = v
	m.setBy[field] = member
}

// mergeRoleOptions combines the topology defaults with the settings of
// every member of a role. Members override defaults but not each other:
// one role has one path, boundary, session duration and tag value per key.
func mergeRoleOptions(defaults RoleOptions, members []ListedComponent) (RoleOptions, []optionConflict) {
	merged := RoleOptions{Path: defaults.Path, PermissionsBoundary: defaults.PermissionsBoundary,
		MaxSessionDuration: defaults.MaxSessionDuration}
	tags := map[string]string{}
	for k, v := range defaults.Tags {
		tags[k] = v
	}
	m := &optionMerger{setBy: map[string]ComponentName{}}
	for _, c := range members {
		o := c.RoleOptions
		pick(m, c.Name, "path", &merged.Path, o.Path)
		pick(m, c.Name, "permissionsBoundary", &merged.PermissionsBoundary, o.PermissionsBoundary)
		pick(m, c.Name, "maxSessionDuration", &merged.MaxSessionDuration, o.MaxSessionDuration)
		for _, k := range slices.Sorted(maps.Keys(o.Tags)) {
			v := tags[k]
			pick(m, c.Name, "tags."+k, &v, o.Tags[k])
			tags[k] = v
		}
	}
	if merged.Path == "" {
		merged.Path = "/"
	}
	if len(tags) > 0 {
		merged.Tags = tags
	}
	sort.Slice(m.conflicts, func(i, j int) bool { return m.conflicts[i].path < m.conflicts[j].path })
	return merged, m.conflicts
}
