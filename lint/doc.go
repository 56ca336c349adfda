// Package lint checks IAM permission and trust policies the way a security
// review does, with findings in IAM Access Analyzer's four levels: ERROR,
// SECURITY_WARNING, WARNING and SUGGESTION.
//
// It lints both what camunda-irsa generates (Plan, Document) and policies
// users bring (Policy), and role names (LintRoleName). Every
// finding carries a stable code, the statement's Sid or index and a
// one-line fix; findings come sorted by level (most severe first),
// document, statement and code, so output is deterministic.
//
// The linter knows every action of the prefixes camunda-irsa grants
// (rds-db, es, s3 and sts; see actions.txt) and judges those in depth;
// actions of other services are checked only for form, wildcards and
// privilege escalation (the IAM actions that grant more permissions).
// Grammar is checked against the project's IAM schema through
// Options.Grammar, or by a built-in subset when none is given.
//
// Whether findings fail a run is the caller's decision: errors always
// should; in strict mode every finding does, down to suggestions (see
// Failed, and Errors for tests that allow anything but errors). camunda-irsa lint exits 1 on errors, or on any finding with
// --strict, and everything camunda-irsa generates passes strict.
//
// # Codes
//
// Codes never change meaning; the number groups them by topic and the
// level of a code is fixed.
//
//	| Code                                    | Level            | Finding                                                                                   |
//	|-----------------------------------------|------------------|-------------------------------------------------------------------------------------------|
//	| IAM001-malformed-json                   | ERROR            | the document is not valid JSON                                                            |
//	| IAM002-grammar                          | ERROR            | the document does not follow the IAM policy grammar (our IAM schema)                      |
//	| IAM003-duplicate-sid                    | ERROR            | two statements share a Sid                                                                |
//	| IAM004-element-not-allowed              | ERROR            | Principal in a permission policy, Resource in a trust policy, or a required element missing |
//	| IAM005-policy-version                   | WARNING          | Version missing or 2008-10-17: policy variables are not expanded                          |
//	| IAM006-duplicate-key                    | ERROR            | a key given twice in one JSON object (two Effects, two StringEquals): only one counts     |
//	| IAM010-unknown-action                   | ERROR            | an rds-db, es, s3 or sts action that does not exist, or not service:Action                |
//	| IAM011-action-matches-nothing           | ERROR            | an rds-db, es, s3 or sts action pattern that matches no action                            |
//	| IAM012-wildcard-action                  | SECURITY_WARNING | Allow with Action "*" or "service:*"                                                      |
//	| IAM013-wildcard-resource                | SECURITY_WARNING | Allow with Resource "*" for an action that supports resource-level permissions            |
//	| IAM014-allow-with-not                   | SECURITY_WARNING | Allow with NotAction, NotResource or NotPrincipal                                         |
//	| IAM015-privilege-escalation             | ERROR            | Allow on every resource of an escalation action (iam:PassRole, sts:AssumeRole, iam:*, *)  |
//	| IAM020-resource-service-mismatch        | ERROR            | a resource of a service none of the actions acts on (rds-db:connect on an es ARN)         |
//	| IAM021-arn-partition                    | ERROR            | an ARN in another partition than expected                                                 |
//	| IAM022-arn-region                       | WARNING          | an ARN in another region than expected                                                    |
//	| IAM023-arn-account                      | WARNING          | an ARN in another account than expected                                                   |
//	| IAM024-resource-form                    | ERROR            | not an ARN, or the wrong form for its service (rds-db dbuser:<id>/<user>, es domain/<name>, s3 without region and account) |
//	| IAM025-resource-type-mismatch           | WARNING          | no resource of the type the action acts on (s3:GetObject on a bucket ARN)                 |
//	| IAM026-broad-resource                   | WARNING          | a wildcard in a resource's region, account, cluster ID, user, domain, bucket or role name |
//	| IAM027-arn-partition-region             | ERROR            | an ARN whose region is not in its partition (arn:aws-cn:...:eu-central-1:...)             |
//	| IAM028-federated-principal-form         | ERROR            | a Federated ARN that is not oidc-provider/<issuer> or saml-provider/<name> (oidc/...)     |
//	| IAM030-wildcard-in-string-equals        | ERROR            | * or ? in a StringEquals/StringNotEquals value, where it is matched literally            |
//	| IAM031-string-like-without-wildcard     | SUGGESTION       | StringLike/StringNotLike with no wildcard: use StringEquals                               |
//	| IAM032-set-operator-on-single-value     | SECURITY_WARNING | ForAllValues/ForAnyValue on a token's sub or aud claim                                    |
//	| IAM033-unknown-condition-operator       | ERROR            | a condition operator IAM does not know (StringEqual), or NullIfExists                     |
//	| IAM034-condition-value-type             | ERROR            | a condition value not of its operator's type (Bool "yes", NumericLessThan "ten")          |
//	| IAM038-pod-identity-no-session-tags     | SUGGESTION       | an EKS Pod Identity trust without conditions on the cluster, namespace or service account session tags |
//	| IAM040-public-principal                 | ERROR            | Principal "*" in an Allow statement                                                       |
//	| IAM041-web-identity-missing-sub         | ERROR            | a web-identity trust without an <issuer>:sub condition                                    |
//	| IAM042-web-identity-missing-aud         | SECURITY_WARNING | a web-identity trust without an <issuer>:aud condition                                    |
//	| IAM043-web-identity-issuer-mismatch     | ERROR            | a condition key whose issuer is not the trusted OIDC provider's                           |
//	| IAM044-unexpected-audience              | WARNING          | an <issuer>:aud value other than sts.amazonaws.com                                        |
//	| IAM045-pod-identity-missing-tag-session | ERROR            | an EKS Pod Identity trust without sts:TagSession                                          |
//	| IAM046-web-identity-broad-sub           | ERROR            | an <issuer>:sub pattern reaching beyond one namespace (system:serviceaccount:*, *)        |
//	| IAM047-web-identity-namespace-sub       | SECURITY_WARNING | an <issuer>:sub pattern within one namespace (system:serviceaccount:camunda:*)            |
//	| IAM048-web-identity-wildcard-aud        | SECURITY_WARNING | an <issuer>:aud pinned only by a wildcard pattern                                         |
//	| IAM049-federated-action                 | ERROR            | an OIDC trust without sts:AssumeRoleWithWebIdentity (SAML: sts:AssumeRoleWithSAML)        |
//	| IAM050-managed-policy-size              | ERROR            | a permission policy over 6,144 characters (whitespace not counted; settable)              |
//	| IAM051-trust-policy-size                | ERROR            | a trust policy over 2,048 characters (whitespace not counted; settable)                   |
//	| IAM060-role-name-length                 | ERROR            | a role name over 64 characters                                                            |
//	| IAM061-role-name-charset                | ERROR            | an empty role name, or characters outside letters, digits and +=,.@_-                     |
//
// Why the levels are what they are: a missing :sub is an ERROR because
// every service account of the cluster could then assume the role, while
// a missing :aud is a SECURITY_WARNING because :sub still pins the service
// account and only a token minted for another audience could be replayed.
// A :sub pattern is judged by the same line: one that reaches service
// accounts of other namespaces (system:serviceaccount:*, or *) is an
// ERROR like a missing :sub, while one that stays inside a namespace
// (system:serviceaccount:camunda:*) is a SECURITY_WARNING: a namespace is
// where Kubernetes RBAC decides who may create service accounts and pods,
// so the trust widens only to those already trusted with that namespace,
// though to more service accounts than the role needs, ones created later
// included. Conditions on :sub are ANDed, so a broad pattern next to a
// StringEquals that pins the subject is not reported.
// Privilege escalations are ERRORs, not wildcard warnings, because the
// principal can turn them into any permission of the account.
// A partition mismatch is an ERROR because such an ARN can never match;
// another region or account only warns, as it may be intended.
package lint
