package lint

import (
	"fmt"
	"slices"
	"strings"

	"github.com/camunda-irsa/camunda-irsa/irsa"
)

type arn struct {
	partition, service, region, account, resource string
}

// parseARN splits arn:partition:service:region:account:resource; the
// resource may itself hold colons (rds-db's dbuser:<id>/<user>).
func parseARN(s string) (arn, bool) {
	p := strings.SplitN(s, ":", 6)
	if len(p) != 6 || p[0] != "arn" {
		return arn{}, false
	}
	return arn{partition: p[1], service: p[2], region: p[3], account: p[4], resource: p[5]}, true
}

// partitionOf is the partition a region belongs to.
func partitionOf(region string) string { return irsa.PartitionForRegion(region).Name }

func isPartition(name string) bool {
	return slices.ContainsFunc(irsa.Partitions(), func(p irsa.Partition) bool { return p.Name == name })
}

func partitionNames() string {
	var names []string
	for _, p := range irsa.Partitions() {
		names = append(names, p.Name)
	}
	return strings.Join(names, ", ")
}

var (
	// The European Sovereign Cloud's regions start with four letters
	// (eusc-de-east-1), all others with two.
	regionPattern  = lazyPattern(`^[a-z]{2,4}(-[a-z]+)+-\d+$`)
	accountPattern = lazyPattern(`^\d{12}$`)
	dbuserPattern  = lazyPattern(`^dbuser:[^/]+/.+$`)
	domainPattern  = lazyPattern(`^domain/[^/]+(/.*)?$`)
	bucketPattern  = lazyPattern(`^[a-z0-9.*?-]+$`)
)

// s3 ARNs with a region and account name these resource types; buckets
// and objects carry neither.
var s3RegionalTypes = []string{"accesspoint/", "job/", "storage-lens/", "storage-lens-group/", "access-grants/", "async-request/"}

// formProblem says what is wrong with an ARN's shape for its service, or
// "" when nothing is. Services camunda-irsa does not grant are checked
// only for the partition, region and account syntax.
func formProblem(a arn) string {
	if a.partition == "" || a.service == "" || a.resource == "" {
		return "an ARN needs a partition, a service and a resource"
	}
	if !hasWildcard(a.partition) && !isPartition(a.partition) {
		return fmt.Sprintf("%q is not an AWS partition (%s)", a.partition, partitionNames())
	}
	if a.region != "" && !hasWildcard(a.region) && !regionPattern.MatchString(a.region) {
		return fmt.Sprintf("%q is not a region name", a.region)
	}
	if a.account != "" && !hasWildcard(a.account) && a.account != "aws" && !accountPattern.MatchString(a.account) {
		return fmt.Sprintf("account %q is not 12 digits", a.account)
	}
	wild := strings.HasPrefix(a.resource, "*")
	regional := func(what string) string {
		if a.region == "" || a.account == "" {
			return fmt.Sprintf("%s ARNs need a region and an account: arn:%s:%s:<region>:<account>:%s", a.service, a.partition, a.service, what)
		}
		return ""
	}
	switch a.service {
	case "rds-db":
		if p := regional("dbuser:<cluster-resource-id>/<db-user>"); p != "" {
			return p
		}
		if !wild && !dbuserPattern.MatchString(a.resource) && !(strings.HasPrefix(a.resource, "dbuser:") && hasWildcard(a.resource)) {
			return fmt.Sprintf("an rds-db resource is dbuser:<cluster-resource-id>/<db-user>, not %q", a.resource)
		}
	case "es":
		if p := regional("domain/<domain>"); p != "" {
			return p
		}
		if !wild && !domainPattern.MatchString(a.resource) {
			return fmt.Sprintf("an es resource is domain/<domain> or domain/<domain>/*, not %q", a.resource)
		}
	case "opensearch":
		if p := regional("<type>/<name>"); p != "" {
			return p
		}
	case "s3":
		if a.region == "" && a.account == "" {
			bucket, _, _ := strings.Cut(a.resource, "/")
			if !bucketPattern.MatchString(bucket) {
				return fmt.Sprintf("bucket name %q may hold only lower-case letters, digits, '.' and '-'", bucket)
			}
			if !hasWildcard(bucket) && (len(bucket) < 3 || len(bucket) > 63) {
				return fmt.Sprintf("bucket name %q must be 3-63 characters", bucket)
			}
			return ""
		}
		if !wild && !hasAnyPrefix(a.resource, s3RegionalTypes...) {
			return fmt.Sprintf("S3 bucket and object ARNs have no region or account: arn:%s:s3:::%s", a.partition, a.resource)
		}
	case "iam":
		if a.region != "" {
			return fmt.Sprintf("IAM ARNs have no region: arn:%s:iam::%s:%s", a.partition, a.account, a.resource)
		}
		if a.account == "" {
			return "IAM ARNs need an account"
		}
	case "sts":
		if a.region != "" {
			return fmt.Sprintf("STS ARNs have no region: arn:%s:sts::%s:%s", a.partition, a.account, a.resource)
		}
	}
	return ""
}

// checkContext reports an ARN whose region is not in its own partition,
// and an ARN outside the expected partition, region or account. Partition
// mismatches are errors: such an ARN can never match a resource. Region
// and account only warn, since cross-region and cross-account grants can
// be intended.
func (l *linter) checkContext(stmt, raw string, a arn) {
	if isPartition(a.partition) && a.region != "" && !hasWildcard(a.region) && regionPattern.MatchString(a.region) {
		if want := partitionOf(a.region); want != a.partition {
			l.add(CodePartitionRegion, stmt, fmt.Sprintf("%s names region %s, which is in partition %s, not %s: no resource has this ARN", raw, a.region, want, a.partition),
				fmt.Sprintf("Write arn:%s:...:%s:..., or a region of partition %s.", want, a.region, a.partition))
		}
	}
	if l.partition != "" && !hasWildcard(a.partition) && a.partition != l.partition {
		l.add(CodeARNPartition, stmt, fmt.Sprintf("%s is in partition %s, but the expected partition is %s", raw, a.partition, l.partition),
			fmt.Sprintf("Write arn:%s:... (cn-* regions are aws-cn, us-gov-* are aws-us-gov, all others aws).", l.partition))
	}
	if l.opts.Region != "" && a.region != "" && !hasWildcard(a.region) && a.region != l.opts.Region {
		l.add(CodeARNRegion, stmt, fmt.Sprintf("%s is in region %s, but the expected region is %s", raw, a.region, l.opts.Region),
			fmt.Sprintf("Use region %s, unless the cross-region grant is intended.", l.opts.Region))
	}
	if l.opts.Account != "" && a.account != "" && !hasWildcard(a.account) && a.account != "aws" && a.account != l.opts.Account {
		l.add(CodeARNAccount, stmt, fmt.Sprintf("%s is in account %s, but the expected account is %s", raw, a.account, l.opts.Account),
			fmt.Sprintf("Use account %s, unless the cross-account grant is intended.", l.opts.Account))
	}
}

// broadness lists how a resource ARN reaches further than one resource:
// wildcards in the region, account or the resource's name. A trailing
// /* for the paths of a domain or the objects of a bucket is not broad:
// that is how those ARNs are meant to be written.
func broadness(a arn) []string {
	var why []string
	if hasWildcard(a.region) {
		why = append(why, "every region")
	}
	if hasWildcard(a.account) {
		why = append(why, "every account")
	}
	switch a.service {
	case "rds-db":
		id, user, _ := strings.Cut(strings.TrimPrefix(a.resource, "dbuser:"), "/")
		if hasWildcard(id) {
			why = append(why, "every Aurora cluster and instance (the resource ID is a wildcard)")
		}
		if hasWildcard(user) {
			why = append(why, "every database user")
		}
	case "es":
		name, _, _ := strings.Cut(strings.TrimPrefix(a.resource, "domain/"), "/")
		if hasWildcard(name) {
			why = append(why, "every domain whose name matches "+quote(name))
		}
	case "s3":
		if a.region == "" && a.account == "" {
			bucket, _, _ := strings.Cut(a.resource, "/")
			if hasWildcard(bucket) {
				why = append(why, "every bucket whose name matches "+quote(bucket))
			}
		}
	case "iam":
		if name, ok := strings.CutPrefix(a.resource, "role/"); ok && hasWildcard(name) {
			why = append(why, "every role whose name matches "+quote(name))
		}
	}
	return why
}

// fitsClass reports whether a resource can name something of the given
// resource class. Wildcards are judged by trying a representative name:
// "domain/*" can be the domain itself, "bucket/*" cannot be a bucket.
func fitsClass(c resourceClass, raw string) bool {
	if raw == "*" || c == classOther {
		return true
	}
	a, ok := parseARN(raw)
	if c == classNone {
		// AWS's own examples grant s3:ListAllMyBuckets on arn:aws:s3:::*,
		// and a resource of "*" matches whatever the request names.
		return ok && a.resource == "*"
	}
	if !ok || hasWildcard(a.service) {
		return true // reported elsewhere, or not judged
	}
	res := a.resource
	// x stands in for whatever a wildcard matches.
	x := strings.NewReplacer("*", "x", "?", "x")
	switch c {
	case classDBUser:
		return a.service == "rds-db"
	case classDomain, classDomainPath:
		if a.service != "es" {
			return false
		}
		name, _, _ := strings.Cut(strings.TrimPrefix(res, "domain/"), "/")
		sample := "domain/" + x.Replace(name)
		if c == classDomainPath {
			sample += "/x"
		}
		return wildcardMatch(res, sample)
	case classBucket, classObject:
		switch {
		case a.service == "s3-object-lambda":
			return true
		case a.service != "s3":
			return false
		case a.region != "" || a.account != "":
			return strings.HasPrefix(res, "accesspoint/") || strings.HasPrefix(res, "*")
		}
		bucket, _, _ := strings.Cut(res, "/")
		if c == classBucket {
			return wildcardMatch(res, x.Replace(bucket))
		}
		return strings.Contains(res, "/") || wildcardMatch(res, x.Replace(bucket)+"/x")
	case classRole:
		return a.service == "iam" && (strings.HasPrefix(res, "role/") || wildcardMatch(res, "role/x"))
	}
	return true
}

func hasAnyPrefix(s string, prefixes ...string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

func quote(s string) string { return fmt.Sprintf("%q", s) }
