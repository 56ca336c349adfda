package terraform

import (
	"slices"
	"strconv"
	"strings"

	"github.com/camunda-irsa/camunda-irsa/irsa"
)

// Identifier turns a name into a Terraform identifier: lower-case, every
// character other than a-z, 0-9 and _ replaced by _, and "role_" in front
// when the result would start with a digit (or be empty), which Terraform
// does not allow. Role names are ASCII ([A-Za-z0-9+=,.@_-]), so each
// character maps to exactly one.
//
// Different names can give the same identifier (camunda-a and camunda.a,
// or names differing only in case, which IAM itself rejects in one
// account); UniqueIdentifiers resolves that.
func Identifier(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	id := b.String()
	if id == "" || id[0] >= '0' && id[0] <= '9' {
		id = "role_" + id
	}
	return id
}

// UniqueIdentifiers returns one distinct identifier per name, in the order
// of names.
//
// Every name whose Identifier no other name shares keeps it. Of names that
// share one, the first keeps it and each later one gets the first free
// _2, _3, ... suffix, skipping every identifier another name maps to. So
// an identifier changes only when a colliding name is added before it,
// never because of an unrelated name; the plan sorts roles by name, which
// makes the choice deterministic.
func UniqueIdentifiers(names []string) []string {
	base := make([]string, len(names))
	taken := make(map[string]bool, len(names))
	for i, n := range names {
		base[i] = Identifier(n)
		taken[base[i]] = true
	}
	claimed := make(map[string]bool, len(names))
	out := make([]string, len(names))
	for i, b := range base {
		if !claimed[b] {
			claimed[b] = true
			out[i] = b
			continue
		}
		for n := 2; ; n++ {
			candidate := b + "_" + strconv.Itoa(n)
			if !taken[candidate] {
				taken[candidate], claimed[candidate] = true, true
				out[i] = candidate
				break
			}
		}
	}
	return out
}

// RoleIdentifiers are the resource names of the plan's roles: each role's
// aws_iam_policy, aws_iam_role and aws_iam_role_policy_attachment share
// it, and its output is <identifier>_role_arn.
func RoleIdentifiers(roles []irsa.Role) []string {
	names := make([]string, len(roles))
	for i, r := range roles {
		names[i] = r.Name
	}
	return UniqueIdentifiers(names)
}

// policyIdentifiers are the resource names of the plan's managed
// policies, by policy name: each aws_iam_policy and the
// aws_iam_policy_document it reads share it. Roles split to fit the trust
// quota share one policy.
func policyIdentifiers(roles []irsa.Role) map[string]string {
	var names []string
	for _, r := range roles {
		if !slices.Contains(names, r.PolicyName) {
			names = append(names, r.PolicyName)
		}
	}
	ids := UniqueIdentifiers(names)
	out := make(map[string]string, len(names))
	for i, n := range names {
		out[n] = ids[i]
	}
	return out
}
