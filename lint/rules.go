package lint

// Finding codes. A code never changes meaning once released: the number
// orders codes by topic (00x document, 01x actions, 02x resources and
// ARNs, 03x conditions, 04x trust, 05x quotas, 06x role names) and the
// suffix says what it is about.
const (
	CodeMalformedJSON     = "IAM001-malformed-json"
	CodeGrammar           = "IAM002-grammar"
	CodeDuplicateSid      = "IAM003-duplicate-sid"
	CodeElementNotAllowed = "IAM004-element-not-allowed"
	CodePolicyVersion     = "IAM005-policy-version"
	CodeDuplicateKey      = "IAM006-duplicate-key"

	CodeUnknownAction        = "IAM010-unknown-action"
	CodeActionMatchesNothing = "IAM011-action-matches-nothing"
	CodeWildcardAction       = "IAM012-wildcard-action"
	CodeWildcardResource     = "IAM013-wildcard-resource"
	CodeAllowWithNot         = "IAM014-allow-with-not"
	CodePrivilegeEscalation  = "IAM015-privilege-escalation"

	CodeResourceService = "IAM020-resource-service-mismatch"
	CodeARNPartition    = "IAM021-arn-partition"
	CodeARNRegion       = "IAM022-arn-region"
	CodeARNAccount      = "IAM023-arn-account"
	CodeResourceForm    = "IAM024-resource-form"
	CodeResourceType    = "IAM025-resource-type-mismatch"
	CodeBroadResource   = "IAM026-broad-resource"
	CodePartitionRegion = "IAM027-arn-partition-region"
	CodeFederatedForm   = "IAM028-federated-principal-form"

	CodeWildcardInStringEquals    = "IAM030-wildcard-in-string-equals"
	CodeStringLikeWithoutWildcard = "IAM031-string-like-without-wildcard"
	CodeSetOperatorOnSingleValue  = "IAM032-set-operator-on-single-value"
	CodeUnknownOperator           = "IAM033-unknown-condition-operator"
	CodeConditionValueType        = "IAM034-condition-value-type"
	CodePodIdentityNoSessionTags  = "IAM038-pod-identity-no-session-tags"

	CodePublicPrincipal         = "IAM040-public-principal"
	CodeMissingSub              = "IAM041-web-identity-missing-sub"
	CodeMissingAud              = "IAM042-web-identity-missing-aud"
	CodeIssuerMismatch          = "IAM043-web-identity-issuer-mismatch"
	CodeUnexpectedAudience      = "IAM044-unexpected-audience"
	CodePodIdentityNoTagSession = "IAM045-pod-identity-missing-tag-session"
	CodeBroadSub                = "IAM046-web-identity-broad-sub"
	CodeNamespaceSub            = "IAM047-web-identity-namespace-sub"
	CodeWildcardAud             = "IAM048-web-identity-wildcard-aud"
	CodeFederatedAction         = "IAM049-federated-action"

	CodeManagedPolicySize = "IAM050-managed-policy-size"
	CodeTrustPolicySize   = "IAM051-trust-policy-size"

	CodeRoleNameLength  = "IAM060-role-name-length"
	CodeRoleNameCharset = "IAM061-role-name-charset"
)

// Rule describes one finding code: its fixed level and what it catches.
type Rule struct {
	Code    string
	Level   Level
	Summary string
}

// rules is the catalogue behind Rules and the level of every finding; the
// table in doc.go is kept equal to it by a test.
var rules = []Rule{
	{CodeMalformedJSON, Error, "the document is not valid JSON"},
	{CodeGrammar, Error, "the document does not follow the IAM policy grammar (our IAM schema)"},
	{CodeDuplicateSid, Error, "two statements share a Sid"},
	{CodeElementNotAllowed, Error, "an element the policy kind forbids or requires (Principal in a permission policy, Resource in a trust policy, no Principal in a trust policy)"},
	{CodePolicyVersion, Warning, "Version is missing or not 2012-10-17, so policy variables are not expanded"},
	{CodeDuplicateKey, Error, "a key given twice in one JSON object (two Effects, two StringEquals blocks): only one of them counts"},

	{CodeUnknownAction, Error, "an rds-db, es, s3 or sts action that does not exist, or an action not of the form service:Action"},
	{CodeActionMatchesNothing, Error, "an rds-db, es, s3 or sts action pattern with wildcards that matches no action"},
	{CodeWildcardAction, SecurityWarning, "Allow with Action \"*\" or \"service:*\""},
	{CodeWildcardResource, SecurityWarning, "Allow with Resource \"*\" for an action that supports resource-level permissions"},
	{CodeAllowWithNot, SecurityWarning, "Allow with NotAction, NotResource or NotPrincipal"},
	{CodePrivilegeEscalation, Error, "Allow on every resource of an action that grants more permissions (iam:PassRole, sts:AssumeRole, IAM policy and credential writes), or of a pattern matching one (iam:*, *)"},

	{CodeResourceService, Error, "a resource ARN of a service none of the statement's actions acts on (rds-db:connect on an es ARN)"},
	{CodeARNPartition, Error, "an ARN in another partition than the expected one"},
	{CodeARNRegion, Warning, "an ARN in another region than the expected one"},
	{CodeARNAccount, Warning, "an ARN in another account than the expected one"},
	{CodeResourceForm, Error, "a resource that is not an ARN, or an ARN of the wrong form for its service"},
	{CodeResourceType, Warning, "an action whose resource type no resource of the statement has (s3:GetObject on a bucket ARN)"},
	{CodeBroadResource, Warning, "a wildcard in a resource's region, account, cluster, user, domain, bucket or role name"},
	{CodePartitionRegion, Error, "an ARN whose region is not in its partition (arn:aws-cn:...:eu-central-1:...)"},
	{CodeFederatedForm, Error, "a Federated principal ARN that is not an identity provider's (oidc-provider/<issuer> or saml-provider/<name>)"},

	{CodeWildcardInStringEquals, Error, "* or ? in a StringEquals or StringNotEquals value, where it is matched literally"},
	{CodeStringLikeWithoutWildcard, Suggestion, "StringLike or StringNotLike with no wildcard in any value"},
	{CodeSetOperatorOnSingleValue, SecurityWarning, "ForAllValues or ForAnyValue on a token's single-valued sub or aud claim"},
	{CodeUnknownOperator, Error, "a condition operator IAM does not know (StringEqual), or IfExists on Null"},
	{CodeConditionValueType, Error, "a condition value of the wrong type for its operator (Bool \"yes\", NumericLessThan \"ten\")"},
	{CodePodIdentityNoSessionTags, Suggestion, "an EKS Pod Identity trust that does not condition on the cluster, namespace or service account session tags"},

	{CodePublicPrincipal, Error, "Principal \"*\": anyone may assume the role"},
	{CodeMissingSub, Error, "a web-identity trust without a condition on <issuer>:sub"},
	{CodeMissingAud, SecurityWarning, "a web-identity trust without a condition on <issuer>:aud"},
	{CodeIssuerMismatch, Error, "a condition key whose issuer is not the trusted OIDC provider's"},
	{CodeUnexpectedAudience, Warning, "an <issuer>:aud value other than sts.amazonaws.com"},
	{CodePodIdentityNoTagSession, Error, "an EKS Pod Identity trust without sts:TagSession"},
	{CodeBroadSub, Error, "a web-identity trust whose <issuer>:sub pattern admits service accounts of more than one namespace, or any subject"},
	{CodeNamespaceSub, SecurityWarning, "a web-identity trust whose <issuer>:sub pattern admits several or all service accounts of one namespace"},
	{CodeWildcardAud, SecurityWarning, "a web-identity trust whose <issuer>:aud is pinned only by a wildcard pattern"},
	{CodeFederatedAction, Error, "a federated trust that does not allow its provider's action (sts:AssumeRoleWithWebIdentity for OIDC, sts:AssumeRoleWithSAML for SAML)"},

	{CodeManagedPolicySize, Error, "a permission policy over the managed policy quota (6,144 characters, whitespace not counted)"},
	{CodeTrustPolicySize, Error, "a trust policy over the trust policy quota (2,048 characters by default, whitespace not counted)"},

	{CodeRoleNameLength, Error, "a role name over 64 characters"},
	{CodeRoleNameCharset, Error, "a role name that is empty or has characters outside letters, digits and +=,.@_-"},
}

// Rules lists every finding code with its level, in code order.
func Rules() []Rule { return append([]Rule(nil), rules...) }

// levelOf is the level of a code; every code in use is in rules.
func levelOf(code string) Level {
	for _, r := range rules {
		if r.Code == code {
			return r.Level
		}
	}
	panic("lint: no rule for code " + code)
}
