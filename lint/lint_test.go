package lint

import (
	// Every test package accepts -update, so that go test ./... -update works.
	_ "github.com/camunda-irsa/camunda-irsa/internal/golden"

	"errors"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	account  = "123456789012"
	region   = "eu-central-1"
	issuer   = "oidc.eks.eu-central-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF"
	provider = "arn:aws:iam::123456789012:oidc-provider/" + issuer
	dbUser   = "arn:aws:rds-db:eu-central-1:123456789012:dbuser:cluster-ABCDEFGHIJKLMNOPQRSTUVWXY2/keycloak_irsa"
	domain   = "arn:aws:es:eu-central-1:123456789012:domain/camunda"
	bucket   = "arn:aws:s3:::camunda-es-backups"
	subject  = "system:serviceaccount:camunda:keycloak-sa"
)

var ctx = Options{Account: account, Region: region}

// policy wraps statements in a current-version document.
func policy(statements ...string) string {
	return `{"Version":"2012-10-17","Statement":[` + strings.Join(statements, ",") + `]}`
}

// allow is a permission statement with Sid S1.
func allow(action, resource string) string {
	return fmt.Sprintf(`{"Sid":"S1","Effect":"Allow","Action":%s,"Resource":%s}`, action, resource)
}

// webIdentity is an IRSA trust statement with Sid T1 and the given
// Condition object.
func webIdentity(condition string) string {
	return fmt.Sprintf(`{"Sid":"T1","Effect":"Allow","Principal":{"Federated":%q},"Action":"sts:AssumeRoleWithWebIdentity","Condition":%s}`, provider, condition)
}

func pinned(sub, aud string) string {
	return fmt.Sprintf(`{"StringEquals":{%q:%q,%q:%q}}`, issuer+":sub", sub, issuer+":aud", aud)
}

func q(s string) string { return fmt.Sprintf("%q", s) }

// conditioned is a permission statement with Sid S1 and one condition.
func conditioned(operator, key, value string) string {
	return fmt.Sprintf(`{"Sid":"S1","Effect":"Allow","Action":"s3:ListBucket","Resource":%q,"Condition":{%q:{%q:%s}}}`, bucket, operator, key, value)
}

// subLike is an IRSA trust statement whose :sub is matched by StringLike
// against sub and whose :aud is pinned.
func subLike(sub string) string {
	return webIdentity(fmt.Sprintf(`{"StringLike":{%q:%q},"StringEquals":{%q:"sts.amazonaws.com"}}`, issuer+":sub", sub, issuer+":aud"))
}

// audLike is an IRSA trust statement whose :sub is pinned and whose :aud
// is matched by StringLike against aud.
func audLike(aud string) string {
	return webIdentity(fmt.Sprintf(`{"StringEquals":{%q:%q},"StringLike":{%q:%q}}`, issuer+":sub", subject, issuer+":aud", aud))
}

// federated is a trust statement with Sid T1 trusting a Federated
// principal for an action, with the IRSA conditions.
func federated(principal, action string) string {
	return fmt.Sprintf(`{"Sid":"T1","Effect":"Allow","Principal":{"Federated":%q},"Action":%q,"Condition":%s}`, principal, action, pinned(subject, "sts.amazonaws.com"))
}

// big is a permission policy of about n characters.
func big(n int) string {
	var res []string
	for i := 0; len(strings.Join(res, ",")) < n-150; i++ {
		res = append(res, q(fmt.Sprintf("%s-%04d/*", bucket, i)))
	}
	return policy(allow(`"s3:GetObject"`, "["+strings.Join(res, ",")+"]"))
}

// bigTrust is a web-identity trust with n subjects.
func bigTrust(n int) string {
	subs := make([]string, n)
	for i := range subs {
		subs[i] = q(fmt.Sprintf("system:serviceaccount:camunda:service-account-%03d", i))
	}
	return policy(webIdentity(fmt.Sprintf(`{"StringEquals":{%q:[%s],%q:"sts.amazonaws.com"}}`,
		issuer+":sub", strings.Join(subs, ","), issuer+":aud")))
}

type lintCase struct {
	name  string
	code  string
	level Level
	kind  Kind
	opts  Options
	bad   string // triggers code
	stmt  string // the finding's statement reference
	good  string // a near miss that must not trigger code
}

var cases = []lintCase{
	{name: "truncated", code: CodeMalformedJSON, level: Error,
		bad:  `{"Version":"2012-10-17","Statement":[`,
		good: policy(allow(q("rds-db:connect"), q(dbUser)))},
	{name: "trailing data", code: CodeMalformedJSON, level: Error,
		bad:  policy(allow(q("rds-db:connect"), q(dbUser))) + "}",
		good: policy(allow(q("rds-db:connect"), q(dbUser))) + "\n"},
	{name: "bad effect", code: CodeGrammar, level: Error, stmt: "S1",
		bad:  policy(`{"Sid":"S1","Effect":"Permit","Action":"rds-db:connect","Resource":` + q(dbUser) + `}`),
		good: policy(`{"Sid":"S1","Effect":"Allow","Action":"rds-db:connect","Resource":` + q(dbUser) + `}`)},
	{name: "sid alphabet", code: CodeGrammar, level: Error, stmt: "S-1",
		bad:  policy(`{"Sid":"S-1","Effect":"Allow","Action":"rds-db:connect","Resource":` + q(dbUser) + `}`),
		good: policy(`{"Sid":"S1","Effect":"Allow","Action":"rds-db:connect","Resource":` + q(dbUser) + `}`)},
	{name: "not an object", code: CodeGrammar, level: Error,
		bad:  `["rds-db:connect"]`,
		good: policy(allow(q("rds-db:connect"), q(dbUser)))},
	{name: "unknown element", code: CodeGrammar, level: Error, stmt: "Statement[0]",
		bad:  policy(`{"Effect":"Allow","Actions":"rds-db:connect","Resource":` + q(dbUser) + `}`),
		good: policy(`{"Effect":"Allow","Action":"rds-db:connect","Resource":` + q(dbUser) + `}`)},
	{name: "duplicate sid", code: CodeDuplicateSid, level: Error, stmt: "Statement[1]",
		bad:  policy(allow(q("s3:ListBucket"), q(bucket)), allow(q("s3:GetObject"), q(bucket+"/*"))),
		good: policy(allow(q("s3:ListBucket"), q(bucket)), strings.Replace(allow(q("s3:GetObject"), q(bucket+"/*")), "S1", "S2", 1))},
	{name: "principal in permission policy", code: CodeElementNotAllowed, level: Error, kind: Permission, stmt: "S1",
		bad:  policy(`{"Sid":"S1","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"s3:GetObject","Resource":` + q(bucket+"/*") + `}`),
		good: policy(allow(q("s3:GetObject"), q(bucket+"/*")))},
	{name: "resource in trust policy", code: CodeElementNotAllowed, level: Error, kind: Trust, stmt: "T1",
		bad:  policy(strings.Replace(webIdentity(pinned(subject, "sts.amazonaws.com")), `"Action"`, `"Resource":"*","Action"`, 1)),
		good: policy(webIdentity(pinned(subject, "sts.amazonaws.com")))},
	{name: "no version", code: CodePolicyVersion, level: Warning,
		bad:  `{"Statement":[` + allow(q("rds-db:connect"), q(dbUser)) + `]}`,
		good: policy(allow(q("rds-db:connect"), q(dbUser)))},
	{name: "misspelt action", code: CodeUnknownAction, level: Error, stmt: "S1",
		bad:  policy(allow(q("s3:GetObjekt"), q(bucket+"/*"))),
		good: policy(allow(q("s3:getobject"), q(bucket+"/*")))}, // IAM actions are case-insensitive
	{name: "unknown es action", code: CodeUnknownAction, level: Error, stmt: "S1",
		bad:  policy(allow(q("es:ESHttpConnect"), q(domain+"/*"))),
		good: policy(allow(q("es:ESHttpPatch"), q(domain+"/*")))},
	{name: "action without prefix", code: CodeUnknownAction, level: Error, stmt: "S1",
		bad:  policy(allow(q("connect"), q(dbUser))),
		good: policy(allow(q("rds-db:connect"), q(dbUser)))},
	{name: "pattern matching nothing", code: CodeActionMatchesNothing, level: Error, stmt: "S1",
		bad:  policy(allow(q("es:ESHttpGot*"), q(domain+"/*"))),
		good: policy(allow(q("es:ESHttp*"), q(domain+"/*")))},
	{name: "service wildcard", code: CodeWildcardAction, level: SecurityWarning, stmt: "S1",
		bad:  policy(allow(q("es:*"), q(domain+"/*"))),
		good: policy(allow(`["es:ESHttpGet","es:ESHttpPut"]`, q(domain+"/*")))},
	{name: "star action", code: CodeWildcardAction, level: SecurityWarning, stmt: "S1",
		bad:  policy(allow(q("*"), q(bucket))),
		good: policy(`{"Sid":"S1","Effect":"Deny","Action":"*","Resource":` + q(bucket) + `}`)},
	{name: "star resource", code: CodeWildcardResource, level: SecurityWarning, stmt: "S1",
		bad:  policy(allow(q("rds-db:connect"), q("*"))),
		good: policy(allow(q("rds-db:connect"), q(dbUser)))},
	{name: "star resource for an unscopable action", code: CodeWildcardResource, level: SecurityWarning, stmt: "S1",
		bad:  policy(allow(`["sts:GetCallerIdentity","s3:GetObject"]`, q("*"))),
		good: policy(allow(q("sts:GetCallerIdentity"), q("*")))},
	{name: "allow with NotAction", code: CodeAllowWithNot, level: SecurityWarning, stmt: "S1",
		bad:  policy(`{"Sid":"S1","Effect":"Allow","NotAction":"s3:DeleteBucket","Resource":` + q(bucket) + `}`),
		good: policy(`{"Sid":"S1","Effect":"Deny","NotAction":"s3:GetObject","Resource":` + q(bucket+"/*") + `}`)},
	{name: "allow with NotResource", code: CodeAllowWithNot, level: SecurityWarning, stmt: "S1",
		bad:  policy(`{"Sid":"S1","Effect":"Allow","Action":"s3:GetObject","NotResource":` + q(bucket+"/secret/*") + `}`),
		good: policy(allow(q("s3:GetObject"), q(bucket+"/public/*")))},
	{name: "rds-db:connect on an es ARN", code: CodeResourceService, level: Error, stmt: "S1",
		bad:  policy(allow(q("rds-db:connect"), q(domain+"/*"))),
		good: policy(allow(q("rds-db:connect"), q(dbUser)))},
	{name: "rds-db:connect on the cluster ARN", code: CodeResourceService, level: Error, stmt: "S1",
		bad:  policy(allow(q("rds-db:connect"), q("arn:aws:rds:eu-central-1:123456789012:cluster:camunda"))),
		good: policy(allow(q("rds-db:connect"), q(dbUser)))},
	{name: "stray resource", code: CodeResourceService, level: Error, stmt: "S1",
		bad:  policy(allow(q("s3:GetObject"), fmt.Sprintf("[%q,%q]", bucket+"/*", dbUser))),
		good: policy(allow(`["s3:GetObject","rds-db:connect"]`, fmt.Sprintf("[%q,%q]", bucket+"/*", dbUser)))},
	{name: "partition", code: CodeARNPartition, level: Error, opts: ctx, stmt: "S1",
		bad:  policy(allow(q("rds-db:connect"), q(strings.Replace(dbUser, "arn:aws:", "arn:aws-cn:", 1)))),
		good: policy(allow(q("rds-db:connect"), q(dbUser)))},
	{name: "partition from region", code: CodeARNPartition, level: Error, opts: Options{Region: "cn-north-1"}, stmt: "S1",
		bad:  policy(allow(q("s3:ListBucket"), q(bucket))),
		good: policy(allow(q("s3:ListBucket"), q("arn:aws-cn:s3:::camunda-es-backups")))},
	{name: "provider partition", code: CodeARNPartition, level: Error, kind: Trust, opts: Options{Partition: "aws-us-gov"}, stmt: "T1",
		bad:  policy(webIdentity(pinned(subject, "sts.amazonaws.com"))),
		good: policy(strings.Replace(webIdentity(pinned(subject, "sts.amazonaws.com")), "arn:aws:", "arn:aws-us-gov:", 1))},
	{name: "region", code: CodeARNRegion, level: Warning, opts: ctx, stmt: "S1",
		bad:  policy(allow(q("es:ESHttpGet"), q(strings.Replace(domain, region, "us-east-1", 1)+"/*"))),
		good: policy(allow(q("es:ESHttpGet"), q(domain+"/*")))},
	{name: "account", code: CodeARNAccount, level: Warning, opts: ctx, stmt: "S1",
		bad:  policy(allow(q("rds-db:connect"), q(strings.Replace(dbUser, account, "210987654321", 1)))),
		good: policy(allow(q("rds-db:connect"), q(dbUser)))},
	{name: "provider account", code: CodeARNAccount, level: Warning, kind: Trust, opts: ctx, stmt: "T1",
		bad:  policy(strings.Replace(webIdentity(pinned(subject, "sts.amazonaws.com")), account, "210987654321", 1)),
		good: policy(webIdentity(pinned(subject, "sts.amazonaws.com")))},
	{name: "rds-db without dbuser", code: CodeResourceForm, level: Error, stmt: "S1",
		bad:  policy(allow(q("rds-db:connect"), q("arn:aws:rds-db:eu-central-1:123456789012:cluster-ABC/keycloak"))),
		good: policy(allow(q("rds-db:connect"), q("arn:aws:rds-db:eu-central-1:123456789012:dbuser:cluster-ABC/keycloak")))},
	{name: "es without domain/", code: CodeResourceForm, level: Error, stmt: "S1",
		bad:  policy(allow(q("es:ESHttpGet"), q("arn:aws:es:eu-central-1:123456789012:camunda/*"))),
		good: policy(allow(q("es:ESHttpGet"), q(domain+"/*")))},
	{name: "s3 bucket with region", code: CodeResourceForm, level: Error, stmt: "S1",
		bad:  policy(allow(q("s3:ListBucket"), q("arn:aws:s3:eu-central-1:123456789012:camunda-es-backups"))),
		good: policy(allow(q("s3:ListBucket"), q(bucket)))},
	{name: "not an ARN", code: CodeResourceForm, level: Error, stmt: "S1",
		bad:  policy(allow(q("s3:ListBucket"), q("camunda-es-backups"))),
		good: policy(allow(q("s3:ListBucket"), q(bucket)))},
	{name: "account digits", code: CodeResourceForm, level: Error, stmt: "S1",
		bad:  policy(allow(q("es:ESHttpGet"), q("arn:aws:es:eu-central-1:12345678901:domain/camunda/*"))),
		good: policy(allow(q("es:ESHttpGet"), q(domain+"/*")))},
	{name: "object action on a bucket", code: CodeResourceType, level: Warning, stmt: "S1",
		bad:  policy(allow(q("s3:GetObject"), q(bucket))),
		good: policy(allow(q("s3:GetObject"), q(bucket+"/*")))},
	{name: "bucket action on objects", code: CodeResourceType, level: Warning, stmt: "S1",
		bad:  policy(allow(q("s3:ListBucket"), q(bucket+"/*"))),
		good: policy(allow(q("s3:ListBucket"), q(bucket)))},
	{name: "HTTP action on the domain itself", code: CodeResourceType, level: Warning, stmt: "S1",
		bad:  policy(allow(q("es:ESHttpGet"), q(domain))),
		good: policy(allow(q("es:ESHttpGet"), q(domain+"/*")))},
	{name: "configuration action on domain paths", code: CodeResourceType, level: Warning, stmt: "S1",
		bad:  policy(allow(q("es:DescribeDomain"), q(domain+"/*"))),
		good: policy(allow(q("es:DescribeDomain"), q(domain)))},
	{name: "unscopable action on an ARN", code: CodeResourceType, level: Warning, stmt: "S1",
		bad:  policy(allow(q("sts:GetCallerIdentity"), q("arn:aws:iam::123456789012:role/x"))),
		good: policy(allow(q("sts:AssumeRole"), q("arn:aws:iam::123456789012:role/x")))},
	{name: "unscopable action on a service-wide ARN", code: CodeResourceType, level: Warning, stmt: "S1",
		bad:  policy(allow(q("s3:ListAllMyBuckets"), q(bucket))),
		good: policy(allow(q("s3:ListAllMyBuckets"), q("arn:aws:s3:::*")))},
	{name: "any cluster", code: CodeBroadResource, level: Warning, stmt: "S1",
		bad:  policy(allow(q("rds-db:connect"), q("arn:aws:rds-db:eu-central-1:123456789012:dbuser:*/keycloak_irsa"))),
		good: policy(allow(q("rds-db:connect"), q(dbUser)))},
	{name: "any region", code: CodeBroadResource, level: Warning, stmt: "S1",
		bad:  policy(allow(q("es:ESHttpGet"), q("arn:aws:es:*:123456789012:domain/camunda/*"))),
		good: policy(allow(q("es:ESHttpGet"), q(domain+"/*")))},
	{name: "any bucket", code: CodeBroadResource, level: Warning, stmt: "S1",
		bad:  policy(allow(q("s3:ListBucket"), q("arn:aws:s3:::camunda-*"))),
		good: policy(allow(q("s3:ListBucket"), q(bucket)))},
	{name: "wildcard in StringEquals", code: CodeWildcardInStringEquals, level: Error, kind: Trust, stmt: "T1",
		bad:  policy(webIdentity(pinned("system:serviceaccount:camunda:*", "sts.amazonaws.com"))),
		good: policy(webIdentity(fmt.Sprintf(`{"StringLike":{%q:"system:serviceaccount:camunda:*"},"StringEquals":{%q:"sts.amazonaws.com"}}`, issuer+":sub", issuer+":aud")))},
	{name: "escaped wildcard", code: CodeWildcardInStringEquals, level: Error, stmt: "S1",
		bad:  policy(`{"Sid":"S1","Effect":"Allow","Action":"s3:ListBucket","Resource":` + q(bucket) + `,"Condition":{"StringNotEquals":{"s3:prefix":"tmp?"}}}`),
		good: policy(`{"Sid":"S1","Effect":"Allow","Action":"s3:ListBucket","Resource":` + q(bucket) + `,"Condition":{"StringNotEquals":{"s3:prefix":"tmp${?}"}}}`)},
	{name: "StringLike without wildcard", code: CodeStringLikeWithoutWildcard, level: Suggestion, kind: Trust, stmt: "T1",
		bad:  policy(webIdentity(fmt.Sprintf(`{"StringLike":{%q:%q},"StringEquals":{%q:"sts.amazonaws.com"}}`, issuer+":sub", subject, issuer+":aud"))),
		good: policy(webIdentity(pinned(subject, "sts.amazonaws.com")))},
	{name: "ForAllValues on aud", code: CodeSetOperatorOnSingleValue, level: SecurityWarning, kind: Trust, stmt: "T1",
		bad:  policy(webIdentity(fmt.Sprintf(`{"StringEquals":{%q:%q},"ForAllValues:StringEquals":{%q:"sts.amazonaws.com"}}`, issuer+":sub", subject, issuer+":aud"))),
		good: policy(webIdentity(pinned(subject, "sts.amazonaws.com")))},
	{name: "ForAnyValue on aud", code: CodeSetOperatorOnSingleValue, level: SecurityWarning, kind: Trust, stmt: "T1",
		bad:  policy(webIdentity(fmt.Sprintf(`{"StringEquals":{%q:%q},"ForAnyValue:StringEquals":{%q:"sts.amazonaws.com"}}`, issuer+":sub", subject, issuer+":aud"))),
		good: policy(webIdentity(pinned(subject, "sts.amazonaws.com")))},
	{name: "anyone", code: CodePublicPrincipal, level: Error, kind: Trust, stmt: "T1",
		bad:  policy(`{"Sid":"T1","Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"}`),
		good: policy(`{"Sid":"T1","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}`)},
	{name: "any AWS principal", code: CodePublicPrincipal, level: Error, kind: Trust, stmt: "T1",
		bad:  policy(`{"Sid":"T1","Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}`),
		good: policy(`{"Sid":"T1","Effect":"Deny","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}`)},
	{name: "no sub", code: CodeMissingSub, level: Error, kind: Trust, stmt: "T1",
		bad:  policy(webIdentity(fmt.Sprintf(`{"StringEquals":{%q:"sts.amazonaws.com"}}`, issuer+":aud"))),
		good: policy(webIdentity(pinned(subject, "sts.amazonaws.com")))},
	{name: "sub only negated", code: CodeMissingSub, level: Error, kind: Trust, stmt: "T1",
		bad:  policy(webIdentity(fmt.Sprintf(`{"StringNotEquals":{%q:%q},"StringEquals":{%q:"sts.amazonaws.com"}}`, issuer+":sub", subject, issuer+":aud"))),
		good: policy(webIdentity(pinned(subject, "sts.amazonaws.com")))},
	{name: "no aud", code: CodeMissingAud, level: SecurityWarning, kind: Trust, stmt: "T1",
		bad:  policy(webIdentity(fmt.Sprintf(`{"StringEquals":{%q:%q}}`, issuer+":sub", subject))),
		good: policy(webIdentity(pinned(subject, "sts.amazonaws.com")))},
	{name: "other issuer", code: CodeIssuerMismatch, level: Error, kind: Trust, stmt: "T1",
		bad:  policy(webIdentity(strings.Replace(pinned(subject, "sts.amazonaws.com"), issuer+":sub", "oidc.eks.eu-central-1.amazonaws.com/id/FFFF:sub", 1))),
		good: policy(webIdentity(pinned(subject, "sts.amazonaws.com")))},
	{name: "China audience", code: CodeUnexpectedAudience, level: Warning, kind: Trust, stmt: "T1",
		bad:  policy(webIdentity(pinned(subject, "sts.amazonaws.com.cn"))),
		good: policy(webIdentity(pinned(subject, "sts.amazonaws.com")))},
	{name: "pod identity", code: CodePodIdentityNoTagSession, level: Error, kind: Trust, stmt: "EKSPodIdentity",
		bad:  policy(`{"Sid":"EKSPodIdentity","Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":"sts:AssumeRole"}`),
		good: policy(`{"Sid":"EKSPodIdentity","Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"]}`)},
	{name: "pod identity without session tags", code: CodePodIdentityNoSessionTags, level: Suggestion, kind: Trust, stmt: "EKSPodIdentity",
		bad: policy(`{"Sid":"EKSPodIdentity","Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"]}`),
		good: policy(`{"Sid":"EKSPodIdentity","Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"],` +
			`"Condition":{"StringEquals":{"aws:RequestTag/kubernetes-namespace":"camunda","aws:RequestTag/kubernetes-service-account":"a"}}}`)},

	{name: "duplicate Effect", code: CodeDuplicateKey, level: Error, stmt: "S1",
		bad:  `{"Version":"2012-10-17","Statement":[{"Sid":"S1","Effect":"Deny","Effect":"Allow","Action":"s3:ListBucket","Resource":` + q(bucket) + `}]}`,
		good: `{"Version":"2012-10-17","Statement":[{"Sid":"S1","Effect":"Allow","Action":"s3:ListBucket","Resource":` + q(bucket) + `}]}`},
	{name: "duplicate operator", code: CodeDuplicateKey, level: Error, kind: Trust, stmt: "T1",
		bad:  policy(webIdentity(fmt.Sprintf(`{"StringEquals":{%q:%q},"StringEquals":{%q:"sts.amazonaws.com"}}`, issuer+":sub", subject, issuer+":aud"))),
		good: policy(webIdentity(pinned(subject, "sts.amazonaws.com")))},
	{name: "duplicate Version", code: CodeDuplicateKey, level: Error,
		bad:  `{"Version":"2008-10-17","Version":"2012-10-17","Statement":[` + allow(q("s3:ListBucket"), q(bucket)) + `]}`,
		good: policy(allow(q("s3:ListBucket"), q(bucket)))},

	{name: "PassRole on everything", code: CodePrivilegeEscalation, level: Error, stmt: "S1",
		bad:  policy(allow(q("iam:PassRole"), q("*"))),
		good: policy(allow(q("iam:PassRole"), q("arn:aws:iam::123456789012:role/camunda-worker")))},
	{name: "PassRole in a list", code: CodePrivilegeEscalation, level: Error, stmt: "S1",
		bad:  policy(allow(`["sts:GetCallerIdentity","iam:PassRole"]`, q("*"))),
		good: policy(allow(`["sts:GetCallerIdentity"]`, q("*")))},
	{name: "all of IAM", code: CodePrivilegeEscalation, level: Error, stmt: "S1",
		bad:  policy(allow(q("iam:*"), q("*"))),
		good: policy(allow(q("iam:Get*"), q("*")))},
	{name: "pattern matching PassRole", code: CodePrivilegeEscalation, level: Error, stmt: "S1",
		bad:  policy(allow(q("iam:Pass*"), q("*"))),
		good: policy(`{"Sid":"S1","Effect":"Deny","Action":"iam:Pass*","Resource":"*"}`)},
	{name: "every action on everything", code: CodePrivilegeEscalation, level: Error, stmt: "S1",
		bad:  policy(allow(q("*"), q("*"))),
		good: policy(allow(q("*"), q(bucket)))},
	{name: "AssumeRole on everything", code: CodePrivilegeEscalation, level: Error, stmt: "S1",
		bad:  policy(allow(q("sts:AssumeRole"), q("*"))),
		good: policy(allow(q("sts:AssumeRole"), q("arn:aws:iam::123456789012:role/camunda-worker")))},
	{name: "NotAction on everything", code: CodePrivilegeEscalation, level: Error, stmt: "S1",
		bad:  policy(`{"Sid":"S1","Effect":"Allow","NotAction":"s3:*","Resource":"*"}`),
		good: policy(`{"Sid":"S1","Effect":"Allow","NotAction":["iam:*","sts:*"],"Resource":"*"}`)},
	{name: "PassRole on every resource but one", code: CodePrivilegeEscalation, level: Error, stmt: "S1",
		bad:  policy(`{"Sid":"S1","Effect":"Allow","Action":"iam:PassRole","NotResource":"arn:aws:iam::123456789012:role/admin"}`),
		good: policy(allow(q("iam:PassRole"), q("arn:aws:iam::123456789012:role/camunda-worker")))},

	{name: "China partition, Frankfurt region", code: CodePartitionRegion, level: Error, stmt: "S1",
		bad:  policy(allow(q("rds-db:connect"), q("arn:aws-cn:rds-db:eu-central-1:123456789012:dbuser:cluster-ABC/keycloak"))),
		good: policy(allow(q("rds-db:connect"), q("arn:aws-cn:rds-db:cn-north-1:123456789012:dbuser:cluster-ABC/keycloak")))},
	{name: "aws partition, China region", code: CodePartitionRegion, level: Error, stmt: "S1",
		bad:  policy(allow(q("es:ESHttpGet"), q("arn:aws:es:cn-north-1:123456789012:domain/camunda/*"))),
		good: policy(allow(q("es:ESHttpGet"), q("arn:aws-cn:es:cn-north-1:123456789012:domain/camunda/*")))},
	{name: "GovCloud partition, Ireland region", code: CodePartitionRegion, level: Error, stmt: "S1",
		bad:  policy(allow(q("es:ESHttpGet"), q("arn:aws-us-gov:es:eu-west-1:123456789012:domain/camunda/*"))),
		good: policy(allow(q("es:ESHttpGet"), q("arn:aws-us-gov:es:us-gov-west-1:123456789012:domain/camunda/*")))},

	{name: "oidc/ instead of oidc-provider/", code: CodeFederatedForm, level: Error, kind: Trust, stmt: "T1",
		bad:  policy(federated("arn:aws:iam::123456789012:oidc/"+issuer, "sts:AssumeRoleWithWebIdentity")),
		good: policy(federated(provider, "sts:AssumeRoleWithWebIdentity"))},

	{name: "misspelt operator", code: CodeUnknownOperator, level: Error, stmt: "S1",
		bad:  policy(conditioned("StringEqual", "s3:prefix", q("logs/"))),
		good: policy(conditioned("StringEquals", "s3:prefix", q("logs/")))},
	{name: "made-up operator", code: CodeUnknownOperator, level: Error, stmt: "S1",
		bad:  policy(conditioned("StringEqualsLike", "s3:prefix", q("logs/*"))),
		good: policy(conditioned("StringLike", "s3:prefix", q("logs/*")))},
	{name: "Null with IfExists", code: CodeUnknownOperator, level: Error, stmt: "S1",
		bad:  policy(conditioned("NullIfExists", "s3:prefix", q("true"))),
		good: policy(conditioned("StringEqualsIfExists", "s3:prefix", q("logs/")))},
	{name: "unknown set qualifier", code: CodeUnknownOperator, level: Error, stmt: "S1",
		bad:  policy(conditioned("ForSomeValues:StringLike", "aws:TagKeys", q("team-*"))),
		good: policy(conditioned("ForAnyValue:StringLike", "aws:TagKeys", q("team-*")))},
	{name: "Bool yes", code: CodeConditionValueType, level: Error, stmt: "S1",
		bad:  policy(conditioned("Bool", "aws:SecureTransport", q("yes"))),
		good: policy(conditioned("Bool", "aws:SecureTransport", "true"))},
	{name: "Numeric ten", code: CodeConditionValueType, level: Error, stmt: "S1",
		bad:  policy(conditioned("NumericLessThan", "s3:max-keys", q("ten"))),
		good: policy(conditioned("NumericLessThan", "s3:max-keys", q("10")))},
	{name: "date", code: CodeConditionValueType, level: Error, stmt: "S1",
		bad:  policy(conditioned("DateLessThan", "aws:CurrentTime", q("31/12/2024"))),
		good: policy(conditioned("DateLessThan", "aws:CurrentTime", `["2024-12-31T23:59:59Z","2024-12-31","1735689599"]`))},
	{name: "IP address", code: CodeConditionValueType, level: Error, stmt: "S1",
		bad:  policy(conditioned("NotIpAddressIfExists", "aws:SourceIp", q("10.0.0.256/8"))),
		good: policy(conditioned("NotIpAddressIfExists", "aws:SourceIp", `["10.0.0.0/8","2001:db8::/32","203.0.113.7"]`))},
	{name: "binary", code: CodeConditionValueType, level: Error, stmt: "S1",
		bad:  policy(conditioned("BinaryEquals", "s3:prefix", q("not base64!"))),
		good: policy(conditioned("BinaryEquals", "s3:prefix", q("QmluYXJ5")))},
	{name: "ARN", code: CodeConditionValueType, level: Error, stmt: "S1",
		bad:  policy(conditioned("ArnLike", "aws:SourceArn", q("role/camunda-*"))),
		good: policy(conditioned("ArnLike", "aws:SourceArn", q("arn:aws:iam::123456789012:role/camunda-*")))},
	{name: "Null maybe", code: CodeConditionValueType, level: Error, stmt: "S1",
		bad:  policy(conditioned("Null", "s3:prefix", q("maybe"))),
		good: policy(conditioned("Null", "s3:prefix", "false"))},

	{name: "any service account", code: CodeBroadSub, level: Error, kind: Trust, stmt: "T1",
		bad:  policy(subLike("system:serviceaccount:*")),
		good: policy(webIdentity(pinned(subject, "sts.amazonaws.com")))},
	{name: "any subject", code: CodeBroadSub, level: Error, kind: Trust, stmt: "T1",
		bad:  policy(subLike("*")),
		good: policy(subLike("system:serviceaccount:camunda:keycloak-*"))},
	{name: "one name in every namespace", code: CodeBroadSub, level: Error, kind: Trust, stmt: "T1",
		bad:  policy(subLike("system:serviceaccount:*:keycloak-sa")),
		good: policy(webIdentity(pinned(subject, "sts.amazonaws.com")))},
	{name: "namespace prefix", code: CodeBroadSub, level: Error, kind: Trust, stmt: "T1",
		bad:  policy(subLike("system:serviceaccount:camunda*:keycloak-sa")),
		good: policy(webIdentity(pinned(subject, "sts.amazonaws.com")))},
	{name: "a broad pattern narrowed by StringEquals", code: CodeBroadSub, level: Error, kind: Trust, stmt: "T1",
		bad:  policy(webIdentity(fmt.Sprintf(`{"StringLike":{%q:"*"},"StringEquals":{%q:"sts.amazonaws.com"}}`, issuer+":sub", issuer+":aud"))),
		good: policy(webIdentity(fmt.Sprintf(`{"StringLike":{%q:"*"},"StringEquals":{%q:%q,%q:"sts.amazonaws.com"}}`, issuer+":sub", issuer+":sub", subject, issuer+":aud")))},
	{name: "every service account of a namespace", code: CodeNamespaceSub, level: SecurityWarning, kind: Trust, stmt: "T1",
		bad:  policy(subLike("system:serviceaccount:camunda:*")),
		good: policy(webIdentity(pinned(subject, "sts.amazonaws.com")))},
	{name: "some service accounts of a namespace", code: CodeNamespaceSub, level: SecurityWarning, kind: Trust, stmt: "T1",
		bad:  policy(subLike("system:serviceaccount:camunda:keycloak-*")),
		good: policy(webIdentity(fmt.Sprintf(`{"StringEquals":{%q:[%q,%q],%q:"sts.amazonaws.com"}}`, issuer+":sub", subject, "system:serviceaccount:camunda:identity-sa", issuer+":aud")))},
	{name: "any audience", code: CodeWildcardAud, level: SecurityWarning, kind: Trust, stmt: "T1",
		bad:  policy(audLike("*")),
		good: policy(webIdentity(pinned(subject, "sts.amazonaws.com")))},
	{name: "audience pattern", code: CodeWildcardAud, level: SecurityWarning, kind: Trust, stmt: "T1",
		bad:  policy(audLike("sts.amazonaws.*")),
		good: policy(audLike("sts.amazonaws.com"))},
	{name: "OIDC trust for AssumeRole", code: CodeFederatedAction, level: Error, kind: Trust, stmt: "T1",
		bad:  policy(federated(provider, "sts:AssumeRole")),
		good: policy(federated(provider, "sts:AssumeRoleWithWebIdentity"))},
	{name: "SAML trust for AssumeRoleWithWebIdentity", code: CodeFederatedAction, level: Error, kind: Trust, stmt: "T1",
		bad:  policy(`{"Sid":"T1","Effect":"Allow","Principal":{"Federated":"arn:aws:iam::123456789012:saml-provider/corp"},"Action":"sts:AssumeRoleWithWebIdentity"}`),
		good: policy(`{"Sid":"T1","Effect":"Allow","Principal":{"Federated":"arn:aws:iam::123456789012:saml-provider/corp"},"Action":"sts:AssumeRoleWithSAML"}`)},

	{name: "managed policy quota", code: CodeManagedPolicySize, level: Error,
		bad:  big(6300),
		good: big(6000)},
	{name: "trust policy quota", code: CodeTrustPolicySize, level: Error, kind: Trust,
		bad:  bigTrust(40),
		good: bigTrust(25)},
}

func codes(fs []Finding) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.Code
	}
	return out
}

func TestCodes(t *testing.T) {
	for _, c := range cases {
		t.Run(c.code+"/"+c.name, func(t *testing.T) {
			bad := Policy("policy.json", []byte(c.bad), c.kind, c.opts)
			var hit *Finding
			for i := range bad {
				if bad[i].Code == c.code {
					hit = &bad[i]
					break
				}
			}
			require.NotNil(t, hit, "want %s, got %v", c.code, bad)
			assert.Equal(t, c.level, hit.Level)
			assert.Equal(t, c.stmt, hit.Statement)
			assert.Equal(t, "policy.json", hit.Document)
			assert.NotEmpty(t, hit.Message)
			assert.NotEmpty(t, hit.Fix)
			assert.NotContains(t, hit.Fix, "\n", "a fix is one line")

			good := Policy("policy.json", []byte(c.good), c.kind, c.opts)
			assert.NotContains(t, codes(good), c.code, "near miss: %v", good)
		})
	}
}

// Every code has a table case, and every case's level is the code's.
func TestEveryCodeHasACase(t *testing.T) {
	covered := map[string]bool{CodeRoleNameLength: true, CodeRoleNameCharset: true} // TestRoleName
	for _, c := range cases {
		covered[c.code] = true
		assert.Equal(t, levelOf(c.code), c.level, c.code)
	}
	for _, r := range Rules() {
		assert.True(t, covered[r.Code], "no case for %s", r.Code)
	}
}

func TestRoleName(t *testing.T) {
	for _, name := range []string{"camunda-keycloak", "team-a-camunda-prod-es-backup", "a+b=c,d.e@f_g-h", strings.Repeat("r", 64)} {
		assert.Empty(t, LintRoleName(name), name)
	}
	long := LintRoleName(strings.Repeat("r", 65))
	require.Len(t, long, 1)
	assert.Equal(t, CodeRoleNameLength, long[0].Code)
	assert.Equal(t, Error, long[0].Level)
	assert.Equal(t, strings.Repeat("r", 65), long[0].Document)
	for _, name := range []string{"", "camunda keycloak", "camunda/keycloak", "kéycloak"} {
		fs := LintRoleName(name)
		require.Len(t, fs, 1, name)
		assert.Equal(t, CodeRoleNameCharset, fs[0].Code, name)
	}
}

func TestQuotasAreSettable(t *testing.T) {
	trust := []byte(bigTrust(40))
	assert.Contains(t, codes(Policy("t", trust, Trust, Options{})), CodeTrustPolicySize)
	assert.NotContains(t, codes(Policy("t", trust, Trust, Options{TrustPolicyQuota: 4096})), CodeTrustPolicySize)
	perm := []byte(big(6000))
	assert.Contains(t, codes(Policy("p", perm, Permission, Options{ManagedPolicyQuota: 5000})), CodeManagedPolicySize)
}

// Whitespace does not count against the quota, as in IAM.
func TestQuotaIgnoresWhitespace(t *testing.T) {
	doc := big(6000)
	padded := strings.ReplaceAll(doc, ",", ",\n        ")
	require.Greater(t, len(padded), DefaultManagedPolicyQuota+1000)
	assert.NotContains(t, codes(Policy("p", []byte(padded), Permission, Options{})), CodeManagedPolicySize)
}

func TestAutoKind(t *testing.T) {
	trust := []byte(policy(webIdentity(pinned(subject, "sts.amazonaws.com"))))
	assert.Empty(t, Policy("t", trust, Auto, ctx))
	// Read as a permission policy, the same document has a Principal and
	// no Resource.
	assert.Contains(t, codes(Policy("t", trust, Permission, ctx)), CodeElementNotAllowed)
	perm := []byte(policy(allow(q("rds-db:connect"), q(dbUser))))
	assert.Empty(t, Policy("p", perm, Auto, ctx))
	assert.Contains(t, codes(Policy("p", perm, Trust, ctx)), CodeElementNotAllowed)
}

func TestMalformedJSONPosition(t *testing.T) {
	fs := Policy("p.json", []byte("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [}\n"), Auto, Options{})
	require.Len(t, fs, 1)
	assert.Equal(t, CodeMalformedJSON, fs[0].Code)
	assert.Contains(t, fs[0].Message, "line 3")
	for _, data := range []string{"", "  \n", "\xff"} {
		fs := Policy("p.json", []byte(data), Auto, Options{})
		require.Len(t, fs, 1, "%q", data)
		assert.Equal(t, CodeMalformedJSON, fs[0].Code)
	}
}

func TestUnknownActionSuggestsNearest(t *testing.T) {
	fs := Policy("p", []byte(policy(allow(q("s3:GetObjekt"), q(bucket+"/*")))), Permission, Options{})
	require.Len(t, fs, 1)
	assert.Equal(t, "Did you mean s3:GetObject?", fs[0].Fix)
}

// Actions of services the catalog does not cover are not judged.
func TestOtherServicesNotJudged(t *testing.T) {
	doc := policy(allow(`["ec2:DescribeInstances","kms:Decrypt"]`, q("*")))
	assert.Empty(t, Policy("p", []byte(doc), Permission, Options{}))
}

// A statement can be a single object rather than a list.
func TestSingleStatementObject(t *testing.T) {
	doc := `{"Version":"2012-10-17","Statement":` + allow(q("s3:GetObjekt"), q(bucket+"/*")) + `}`
	fs := Policy("p", []byte(doc), Permission, Options{})
	require.Len(t, fs, 1)
	assert.Equal(t, CodeUnknownAction, fs[0].Code)
	assert.Equal(t, "S1", fs[0].Statement)
}

func TestGrammarHook(t *testing.T) {
	doc := []byte(policy(`{"Sid":"S1","Effect":"Permit","Action":"rds-db:connect","Resource":` + q(dbUser) + `}`))
	var seen any
	grammar := func(v any) error {
		seen = v
		return errors.Join(errors.New("/Statement/0/Effect: must be Allow or Deny"), errors.New("/Version: bad"))
	}
	fs := Policy("p", doc, Permission, Options{Grammar: grammar})
	require.IsType(t, map[string]any{}, seen)
	var got []Finding
	for _, f := range fs {
		if f.Code == CodeGrammar {
			got = append(got, f)
		}
	}
	// The schema's findings replace the built-in ones, each attributed
	// to its statement where its path names one.
	require.Len(t, got, 2, "%v", fs)
	assert.Equal(t, "", got[0].Statement)
	assert.Equal(t, "/Version: bad", got[0].Message)
	assert.Equal(t, "S1", got[1].Statement)

	assert.Empty(t, Policy("p", []byte(policy(allow(q("rds-db:connect"), q(dbUser)))), Permission, Options{Grammar: func(any) error { return nil }}))
}

type pathError struct{ Path, Message string }

func (e pathError) Error() string { return e.Path + ": " + e.Message }

type pathErrors []pathError

func (e pathErrors) Error() string { return fmt.Sprintf("%d errors", len(e)) }

// A schema may return its errors as a slice type, as schema.Errors is.
func TestGrammarHookSliceOfErrors(t *testing.T) {
	grammar := func(any) error {
		return pathErrors{{"/Statement/0/Action", "bad"}, {"/Statement/0/Resource", "bad"}}
	}
	fs := Policy("p", []byte(policy(allow(q("rds-db:connect"), q(dbUser)))), Permission, Options{Grammar: grammar})
	require.Len(t, fs, 2)
	assert.Equal(t, "/Statement/0/Action: bad", fs[0].Message)
	assert.Equal(t, "S1", fs[0].Statement)
}

func TestFindingsSorted(t *testing.T) {
	doc := policy(
		allow(q("s3:*"), q("*")),
		`{"Sid":"A","Effect":"Allow","Action":"rds-db:connect","Resource":"arn:aws:rds-db:eu-central-1:123456789012:dbuser:*/u"}`,
		`{"Sid":"B","Effect":"Allow","Action":"s3:GetObjekt","Resource":`+q(bucket)+`}`,
	)
	fs := Policy("p", []byte(doc), Permission, Options{})
	require.NotEmpty(t, fs)
	assert.True(t, sort.SliceIsSorted(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Level != b.Level {
			return a.Level > b.Level
		}
		if a.Statement != b.Statement {
			return a.Statement < b.Statement
		}
		return a.Code < b.Code
	}), "%v", fs)
	assert.Equal(t, fs, Policy("p", []byte(doc), Permission, Options{}), "deterministic")
	assert.Equal(t, Error, fs[0].Level)
}

func TestMaxAndFailed(t *testing.T) {
	assert.Equal(t, Level(0), Max(nil))
	assert.False(t, HasErrors(nil))
	assert.False(t, Failed(nil, true))
	sugg := []Finding{{Level: Suggestion}}
	assert.Equal(t, Suggestion, Max(sugg))
	assert.False(t, Failed(sugg, false))
	assert.True(t, Failed(sugg, true))
	errs := []Finding{{Level: Warning}, {Level: Error}, {Level: SecurityWarning}}
	assert.Equal(t, Error, Max(errs))
	assert.True(t, HasErrors(errs))
	assert.True(t, Failed(errs, false))
	assert.Nil(t, Errors(sugg))
	assert.Equal(t, []Finding{{Level: Error}}, Errors(errs))
}

func TestLevelText(t *testing.T) {
	assert.True(t, Suggestion < Warning && Warning < SecurityWarning && SecurityWarning < Error)
	for _, l := range []Level{Error, SecurityWarning, Warning, Suggestion} {
		b, err := l.MarshalText()
		require.NoError(t, err)
		var back Level
		require.NoError(t, back.UnmarshalText(b))
		assert.Equal(t, l, back)
	}
	assert.Equal(t, "SECURITY_WARNING", SecurityWarning.String())
	var l Level
	assert.Error(t, l.UnmarshalText([]byte("FATAL")))
}

func TestParseKind(t *testing.T) {
	for _, k := range []Kind{Auto, Permission, Trust} {
		got, err := ParseKind(k.String())
		require.NoError(t, err)
		assert.Equal(t, k, got)
	}
	_, err := ParseKind("bucket")
	assert.Error(t, err)
}

func TestCatalog(t *testing.T) {
	c, err := parseCatalog(actionsTxt)
	require.NoError(t, err)
	for _, a := range []string{
		"rds-db:connect",
		"es:ESHttpGet", "es:ESHttpHead", "es:ESHttpPost", "es:ESHttpPut", "es:ESHttpDelete", "es:ESHttpPatch",
		"s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads", "s3:ListBucketVersions",
		"s3:AbortMultipartUpload", "s3:DeleteObject", "s3:GetObject", "s3:ListMultipartUploadParts", "s3:PutObject",
		"sts:AssumeRole", "sts:AssumeRoleWithWebIdentity", "sts:TagSession",
	} {
		p, n, _ := strings.Cut(a, ":")
		m := c.match(p, n)
		require.Len(t, m, 1, a)
		assert.Equal(t, a, m[0].name)
	}
	assert.Len(t, c.match("es", "ESHttp*"), 6)
	assert.Len(t, c.byPrefix["rds-db"], 1)
	assert.Empty(t, c.match("s3", "GetObjekt"))

	// The file stays sorted within each prefix, as its header asks.
	var names []string
	for _, line := range strings.Split(actionsTxt, "\n") {
		if f := strings.Fields(line); len(f) == 2 && !strings.HasPrefix(line, "#") {
			names = append(names, f[0])
		}
	}
	sorted := append([]string(nil), names...)
	sort.SliceStable(sorted, func(i, j int) bool {
		pi, _, _ := strings.Cut(sorted[i], ":")
		pj, _, _ := strings.Cut(sorted[j], ":")
		if pi != pj {
			return false
		}
		return strings.ToLower(sorted[i]) < strings.ToLower(sorted[j])
	})
	assert.Equal(t, sorted, names)

	_, err = parseCatalog("s3:GetObject object\ns3:getobject object\n")
	assert.Error(t, err)
	_, err = parseCatalog("s3:GetObject thing\n")
	assert.Error(t, err)
}

func TestWildcardMatch(t *testing.T) {
	for _, c := range []struct {
		p, s string
		want bool
	}{
		{"*", "", true},
		{"s3:get*", "s3:getobject", true},
		{"s3:get*object", "s3:getobjectversion", false},
		{"s3:?etobject", "s3:getobject", true},
		{"es:eshttp*", "es:eshttpget", true},
		{"es:eshttp*", "es:escrossclusterget", false},
		{"a*b*c", "aXbYbZc", true},
		{"a*b*c", "aXbYbZ", false},
		{"domain/x/*", "domain/x", false},
	} {
		assert.Equal(t, c.want, wildcardMatch(c.p, c.s), "%s ~ %s", c.p, c.s)
	}
	assert.True(t, hasWildcard("a*"))
	assert.False(t, hasWildcard("a${*}b${?}"))
}

// The code table in doc.go, which the README copies, lists every code at
// its level.
func TestDocTable(t *testing.T) {
	src, err := os.ReadFile("doc.go")
	require.NoError(t, err)
	row := regexp.MustCompile(`(?m)^//\s*\| (IAM\d{3}-[a-z0-9-]+)\s*\| ([A-Z_]+)\s*\|`)
	documented := map[string]string{}
	for _, m := range row.FindAllStringSubmatch(string(src), -1) {
		documented[m[1]] = m[2]
	}
	assert.Len(t, documented, len(Rules()))
	for _, r := range Rules() {
		assert.Equal(t, r.Level.String(), documented[r.Code], r.Code)
	}
}

// A malformed resource is reported once, not again as a type mismatch.
func TestNoPileOnAfterFormError(t *testing.T) {
	fs := Policy("p", []byte(policy(allow(q("s3:ListBucket"), q("arn:aws:s3:eu-central-1:123456789012:camunda-es-backups")))), Permission, Options{})
	assert.Equal(t, []string{CodeResourceForm}, codes(fs))
	trust := strings.Replace(webIdentity(pinned(subject, "sts.amazonaws.com")), `"Action"`, `"Resource":"*","Action"`, 1)
	assert.Equal(t, []string{CodeElementNotAllowed}, codes(Policy("t", []byte(policy(trust)), Trust, Options{})))
}

// Two OIDC providers in one statement: each needs its own :sub and :aud.
func TestWebIdentityPerProvider(t *testing.T) {
	other := "oidc.eks.eu-west-1.amazonaws.com/id/FEDCBA9876543210FEDCBA9876543210"
	stmt := fmt.Sprintf(`{"Sid":"T1","Effect":"Allow","Principal":{"Federated":[%q,%q]},"Action":"sts:AssumeRoleWithWebIdentity","Condition":%s}`,
		provider, "arn:aws:iam::123456789012:oidc-provider/"+other, pinned(subject, "sts.amazonaws.com"))
	fs := Policy("t", []byte(policy(stmt)), Trust, Options{})
	assert.ElementsMatch(t, []string{CodeMissingSub, CodeMissingAud}, codes(fs))
	for _, f := range fs {
		assert.Contains(t, f.Message, other)
	}
}

// Duplicate keys are found at every depth, each named by its path and
// attributed to its statement.
func TestDuplicateKeys(t *testing.T) {
	doc := `{"Version":"2012-10-17","Id":"a","Id":"b","Statement":[
		{"Sid":"S1","Effect":"Allow","Action":"s3:ListBucket","Resource":` + q(bucket) + `,
		 "Condition":{"StringLike":{"s3:prefix":"a/*","s3:prefix":"b/*"},"StringLike":{"s3:delimiter":"/"}}},
		{"Sid":"T1","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root","AWS":"*"},"Action":"sts:AssumeRole"}]}`
	fs := Policy("p", []byte(doc), Auto, Options{})
	var got []string
	for _, f := range fs {
		if f.Code == CodeDuplicateKey {
			got = append(got, f.Statement+" "+f.Message[:strings.Index(f.Message, ";")])
		}
	}
	assert.ElementsMatch(t, []string{
		` key "Id" is given more than once at Id`,
		`S1 key "StringLike" is given more than once at Statement[0].Condition.StringLike`,
		`S1 key "s3:prefix" is given more than once at Statement[0].Condition.StringLike.s3:prefix`,
		`T1 key "AWS" is given more than once at Statement[1].Principal.AWS`,
	}, got, "%v", fs)
	// The last value wins, as in encoding/json: the second Principal is
	// judged, and it is public.
	assert.Contains(t, codes(fs), CodePublicPrincipal)

	single := `{"Version":"2012-10-17","Statement":{"Sid":"S1","Effect":"Allow","Action":"s3:ListBucket","Action":"s3:GetObject","Resource":` + q(bucket+"/*") + `}}`
	fs = Policy("p", []byte(single), Permission, Options{})
	require.Equal(t, []string{CodeDuplicateKey}, codes(fs), "%v", fs)
	assert.Equal(t, "S1", fs[0].Statement)
	assert.Contains(t, fs[0].Message, "at Statement.Action")
}

// IAM compares service prefixes and action names ignoring case.
func TestActionsIgnoreCase(t *testing.T) {
	for _, doc := range []string{
		policy(allow(q("S3:GetObject"), q(bucket+"/*"))),
		policy(allow(q("s3:getobject"), q(bucket+"/*"))),
		policy(allow(`["S3:LISTBUCKET","s3:ListBucketVERSIONS"]`, q(bucket))),
		policy(allow(q("RDS-DB:Connect"), q(dbUser))),
		policy(allow(q("ES:eshttp*"), q(domain+"/*"))),
		policy(strings.Replace(webIdentity(pinned(subject, "sts.amazonaws.com")), "sts:AssumeRoleWithWebIdentity", "STS:assumerolewithwebidentity", 1)),
	} {
		assert.Empty(t, Policy("p", []byte(doc), Auto, ctx), doc)
	}
	assert.Contains(t, codes(Policy("p", []byte(policy(allow(q("IAM:PASSROLE"), q("*")))), Permission, ctx)), CodePrivilegeEscalation)
	assert.Equal(t, []string{CodeUnknownAction}, codes(Policy("p", []byte(policy(allow(q("S3:GetObjekt"), q(bucket+"/*")))), Permission, ctx)))
}

// An escalation on "*" is reported once, as the error, not again as the
// wildcard-resource warning.
func TestEscalationNotReportedTwice(t *testing.T) {
	fs := Policy("p", []byte(policy(allow(`["sts:AssumeRole","s3:GetObject"]`, q("*")))), Permission, Options{})
	assert.ElementsMatch(t, []string{CodePrivilegeEscalation, CodeWildcardResource}, codes(fs))
	for _, f := range fs {
		if f.Code == CodeWildcardResource {
			assert.NotContains(t, f.Message, "sts:AssumeRole")
		}
	}
	fs = Policy("p", []byte(policy(allow(q("*"), q("*")))), Permission, Options{})
	assert.ElementsMatch(t, []string{CodePrivilegeEscalation, CodeWildcardAction}, codes(fs))
	assert.Contains(t, fs[0].Message, `"*" on Resource "*" allows the privilege escalations iam:PassRole, sts:AssumeRole, iam:AttachRolePolicy and 12 more`)
}

func TestWebIdentitySubjects(t *testing.T) {
	for _, c := range []struct {
		sub  string
		want []string
	}{
		{"system:serviceaccount:camunda:keycloak-sa", []string{CodeStringLikeWithoutWildcard}},
		{"system:serviceaccount:camunda:*", []string{CodeNamespaceSub}},
		{"system:serviceaccount:camunda:keycloak-?a", []string{CodeNamespaceSub}},
		{"system:serviceaccount:*", []string{CodeBroadSub}},
		{"system:serviceaccount:*:keycloak-sa", []string{CodeBroadSub}},
		{"system:serviceaccount:camunda?:keycloak-sa", []string{CodeBroadSub}},
		{"system:*", []string{CodeBroadSub}},
		{"*", []string{CodeBroadSub}},
		// ${*} is a literal asterisk, not a wildcard.
		{"system:serviceaccount:camunda:keycloak${*}", []string{CodeStringLikeWithoutWildcard}},
	} {
		fs := Policy("t", []byte(policy(subLike(c.sub))), Trust, Options{})
		assert.ElementsMatch(t, c.want, codes(fs), "%s: %v", c.sub, fs)
	}
	// Values of one condition are ORed: the widest decides.
	fs := Policy("t", []byte(policy(webIdentity(fmt.Sprintf(`{"StringLike":{%q:[%q,"system:serviceaccount:*"]},"StringEquals":{%q:"sts.amazonaws.com"}}`,
		issuer+":sub", subject, issuer+":aud")))), Trust, Options{})
	assert.Equal(t, []string{CodeBroadSub}, codes(fs))
	assert.Contains(t, fs[0].Message, `admits "system:serviceaccount:*"`)
}

// Subjects of providers other than EKS have no known form: only a
// pattern that matches anything is judged.
func TestWebIdentityOtherProviders(t *testing.T) {
	const gh = "token.actions.githubusercontent.com"
	trust := func(sub string) []byte {
		return []byte(policy(fmt.Sprintf(`{"Sid":"T1","Effect":"Allow","Principal":{"Federated":"arn:aws:iam::123456789012:oidc-provider/%s"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringLike":{%q:%q},"StringEquals":{%q:"sts.amazonaws.com"}}}`,
			gh, gh+":sub", sub, gh+":aud")))
	}
	assert.Empty(t, Policy("t", trust("repo:camunda/camunda-irsa:ref:refs/heads/*"), Trust, Options{}))
	fs := Policy("t", trust("*"), Trust, Options{})
	require.Equal(t, []string{CodeBroadSub}, codes(fs))
	assert.Contains(t, fs[0].Message, "every subject the provider issues tokens for")
}

// A wildcard audience is reported as such, not again as an unexpected one.
func TestWildcardAudienceOnce(t *testing.T) {
	assert.Equal(t, []string{CodeWildcardAud}, codes(Policy("t", []byte(policy(audLike("*"))), Trust, Options{})))
	// Another condition that pins the audience makes the pattern moot.
	doc := policy(webIdentity(fmt.Sprintf(`{"StringEquals":{%q:%q,%q:"sts.amazonaws.com"},"StringLike":{%q:"*"}}`,
		issuer+":sub", subject, issuer+":aud", issuer+":aud")))
	assert.Empty(t, Policy("t", []byte(doc), Trust, Options{}))
}

func TestConditionOperators(t *testing.T) {
	fix := func(op string) (string, string) {
		fs := Policy("p", []byte(policy(conditioned(op, "s3:prefix", q("logs/")))), Permission, Options{})
		if len(fs) == 0 {
			return "", ""
		}
		return fs[0].Code, fs[0].Fix
	}
	for op, want := range map[string]string{
		"StringEqual":             "Did you mean StringEquals?",
		"ForAnyValue:StringEqual": "Did you mean ForAnyValue:StringEquals?",
		"StringEqualIfExists":     "Did you mean StringEqualsIfExists?",
		"NullIfExists":            "Use Null.",
		"Regex":                   "Use one of IAM's condition operators: String*, Numeric*, Date*, Bool, BinaryEquals, IpAddress, NotIpAddress, Arn* or Null.",
	} {
		code, got := fix(op)
		assert.Equal(t, CodeUnknownOperator, code, op)
		assert.Equal(t, want, got, op)
	}
	for _, op := range []string{"StringEquals", "StringEqualsIfExists", "ForAllValues:StringEquals", "ForAnyValue:StringNotEqualsIgnoreCaseIfExists"} {
		code, _ := fix(op)
		assert.Empty(t, code, op)
	}
	// A rejected operator is reported alone: its values are not judged.
	fs := Policy("p", []byte(policy(conditioned("StringEqual", "s3:prefix", q("logs/*")))), Permission, Options{})
	assert.Equal(t, []string{CodeUnknownOperator}, codes(fs))
}

func TestConditionValueTypes(t *testing.T) {
	for _, c := range []struct {
		op, key, value string
		ok             bool
	}{
		{"Bool", "aws:SecureTransport", "true", true},
		{"Bool", "aws:SecureTransport", `"False"`, true},
		{"Bool", "aws:SecureTransport", "1", false},
		{"NumericLessThan", "s3:max-keys", "10", true},
		{"NumericLessThan", "s3:max-keys", `"-2.5"`, true},
		{"NumericLessThan", "s3:max-keys", "true", false},
		{"NumericLessThan", "s3:max-keys", `"0x10"`, false},
		{"DateGreaterThan", "aws:CurrentTime", `"2024-01-31T23:59:59.5+01:00"`, true},
		{"DateGreaterThan", "aws:CurrentTime", "1735689599", true},
		{"DateGreaterThan", "aws:CurrentTime", `"2024-13-01"`, false},
		// A policy variable is known only when the request is made.
		{"DateGreaterThan", "aws:CurrentTime", `"${aws:TokenIssueTime}"`, true},
		{"IpAddress", "aws:SourceIp", `"2001:db8::1"`, true},
		{"IpAddress", "aws:SourceIp", `"example.com"`, false},
		{"ArnEquals", "aws:SourceArn", `"*"`, true},
		{"ArnEquals", "aws:SourceArn", `"arn:aws:s3:::bucket"`, true},
		{"BinaryEquals", "s3:prefix", `""`, false},
		{"StringEquals", "s3:prefix", "10", true},
	} {
		fs := Policy("p", []byte(policy(conditioned(c.op, c.key, c.value))), Permission, Options{})
		if c.ok {
			assert.NotContains(t, codes(fs), CodeConditionValueType, "%s %s: %v", c.op, c.value, fs)
		} else {
			assert.Contains(t, codes(fs), CodeConditionValueType, "%s %s", c.op, c.value)
		}
	}
}

// The partitions without a region prefix of aws's are told apart too.
func TestPartitionsOfRegions(t *testing.T) {
	for _, c := range []struct{ partition, region string }{
		{"aws", "eu-central-1"}, {"aws-cn", "cn-northwest-1"}, {"aws-us-gov", "us-gov-east-1"},
		{"aws-iso", "us-iso-east-1"}, {"aws-iso-b", "us-isob-east-1"}, {"aws-eusc", "eusc-de-east-1"},
	} {
		res := fmt.Sprintf("arn:%s:es:%s:123456789012:domain/camunda/*", c.partition, c.region)
		assert.Empty(t, Policy("p", []byte(policy(allow(q("es:ESHttpGet"), q(res)))), Permission, Options{Region: c.region}), res)
	}
}

// The README's code table lists every code at its level.
func TestREADMETable(t *testing.T) {
	src, err := os.ReadFile("../README.md")
	require.NoError(t, err)
	row := regexp.MustCompile(`(?m)^\| (IAM\d{3}-[a-z0-9-]+) \| ([A-Z_]+) \|`)
	documented := map[string]string{}
	for _, m := range row.FindAllStringSubmatch(string(src), -1) {
		documented[m[1]] = m[2]
	}
	assert.Len(t, documented, len(Rules()))
	for _, r := range Rules() {
		assert.Equal(t, r.Level.String(), documented[r.Code], r.Code)
	}
}

// Nesting is bounded: a file of brackets is malformed, not a stack overflow.
func TestDeepNesting(t *testing.T) {
	fs := Policy("p", []byte(strings.Repeat("[", 1_000_000)), Auto, Options{})
	require.Len(t, fs, 1)
	assert.Equal(t, CodeMalformedJSON, fs[0].Code)
	assert.Contains(t, fs[0].Message, "deeper than 64 levels")
}

// Every pattern compiles (on first use, so only a call can tell) and
// means what its name says.
func TestPatterns(t *testing.T) {
	for _, tc := range []struct {
		name     string
		p        pattern
		match    []string
		mismatch []string
	}{
		{"region", regionPattern, []string{"eu-central-1", "us-gov-west-1", "eusc-de-east-1"}, []string{"eu-central", "EU-central-1", "e-central-1"}},
		{"account", accountPattern, []string{"123456789012"}, []string{"12345678901", "1234567890123", "12345678901a"}},
		{"dbuser", dbuserPattern, []string{"dbuser:cluster-ABC/keycloak_irsa"}, []string{"dbuser:cluster-ABC", "dbuser:/x"}},
		{"domain", domainPattern, []string{"domain/camunda", "domain/camunda/*"}, []string{"domain/", "collection/x"}},
		{"bucket", bucketPattern, []string{"camunda-backups", "camunda.*"}, []string{"Camunda", "a_b"}},
		{"sid", sidPattern, []string{"", "AuroraConnect1"}, []string{"Aurora-Connect", "Sid 1"}},
		{"role name", roleNameChars, []string{"camunda-keycloak", "a+b=c,d.e@f_g"}, []string{"", "a/b", "a b"}},
		{"number", numberPattern, []string{"10", "-1.5"}, []string{"ten", "1.", ".5"}},
		{"epoch", epochPattern, []string{"1700000000"}, []string{"-1", "1.5"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, s := range tc.match {
				assert.True(t, tc.p.MatchString(s), s)
			}
			for _, s := range tc.mismatch {
				assert.False(t, tc.p.MatchString(s), s)
			}
		})
	}
	assert.Equal(t, []string{"Statement[2", "2"}, statementPath.FindStringSubmatch("Statement[2].Action"))
}
