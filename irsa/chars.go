package irsa

import (
	"slices"
	"strings"
	"unicode"
)

// The syntax checks below are written out instead of as regular
// expressions: package-level regexps compile at program start, which every
// CLI invocation would pay for, and these rules are short enough to read
// as code.

func isDigit(r rune) bool      { return r >= '0' && r <= '9' }
func isLower(r rune) bool      { return r >= 'a' && r <= 'z' }
func isUpper(r rune) bool      { return r >= 'A' && r <= 'Z' }
func isLowerAlnum(r rune) bool { return isLower(r) || isDigit(r) }
func isAlnum(r rune) bool      { return isLower(r) || isUpper(r) || isDigit(r) }
func isUpperHex(r rune) bool   { return isDigit(r) || r >= 'A' && r <= 'F' }

// every reports whether s is non-empty and every rune satisfies ok.
func every(s string, ok func(rune) bool) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !ok(r) {
			return false
		}
	}
	return true
}

// isAccountID: exactly 12 digits.
func isAccountID(s string) bool { return len(s) == 12 && every(s, isDigit) }

// IsRegion reports the form of an AWS region name: two letters, an
// optional -gov, a word and a number, as in eu-central-1 or
// us-gov-west-1.
func IsRegion(s string) bool {
	parts := strings.Split(s, "-")
	if len(parts) == 4 && parts[1] == "gov" {
		parts = append(parts[:1], parts[2:]...)
	}
	return len(parts) == 3 && len(parts[0]) == 2 && every(parts[0], isLower) &&
		every(parts[1], isLower) && every(parts[2], isDigit)
}

// parseIssuer splits https://oidc.eks.<region>.<dns suffix>/id/<32 upper
// hex> into its region and DNS suffix (amazonaws.com or amazonaws.com.cn).
func parseIssuer(s string) (region, dnsSuffix string, ok bool) {
	rest, found := strings.CutPrefix(s, "https://oidc.eks.")
	if !found {
		return "", "", false
	}
	host, id, found := strings.Cut(rest, "/id/")
	if !found || len(id) != 32 || !every(id, isUpperHex) {
		return "", "", false
	}
	for _, suffix := range []string{".amazonaws.com.cn", ".amazonaws.com"} {
		if r, found := strings.CutSuffix(host, suffix); found {
			if !every(r, func(c rune) bool { return isLowerAlnum(c) || c == '-' }) {
				return "", "", false
			}
			return r, suffix[1:], true
		}
	}
	return "", "", false
}

// isDNSLabel: 1-63 lower-case letters, digits or '-', starting and ending
// with a letter or digit (RFC 1123).
func isDNSLabel(s string) bool { return len(s) <= 63 && isDNSLabelChars(s) }

// isDNSLabelChars is a label's alphabet without its length limit:
// Kubernetes checks subdomains (service account names) only as a whole.
func isDNSLabelChars(s string) bool {
	return every(s, func(r rune) bool { return isLowerAlnum(r) || r == '-' }) && s[0] != '-' && s[len(s)-1] != '-'
}

// isClusterName: EKS's 1-100 letters, digits, '-' and '_', starting with
// a letter or digit.
func isClusterName(s string) bool {
	return len(s) <= 100 && every(s, func(r rune) bool { return isAlnum(r) || r == '-' || r == '_' }) &&
		isAlnum(rune(s[0]))
}

// isClusterResourceID: cluster- and 26 upper-case letters or digits.
func isClusterResourceID(s string) bool {
	id, found := strings.CutPrefix(s, "cluster-")
	return found && len(id) == 26 && every(id, func(r rune) bool { return isUpper(r) || isDigit(r) })
}

// isDomainName: OpenSearch's 3-28 lower-case letters, digits or '-',
// starting with a letter.
func isDomainName(s string) bool {
	return len(s) >= 3 && len(s) <= 28 && every(s, func(r rune) bool { return isLowerAlnum(r) || r == '-' }) &&
		isLower(rune(s[0]))
}

// isPGIdentifier: a letter or '_' first, then letters, digits, '_', '$'
// or '-' (the last needs quoting, which every generator does).
func isPGIdentifier(s string) bool {
	return every(s, func(r rune) bool { return isAlnum(r) || r == '_' || r == '$' || r == '-' }) &&
		(isLower(rune(s[0])) || isUpper(rune(s[0])) || s[0] == '_')
}

// isRoleNameChars: IAM's role name alphabet; empty is allowed (a prefix
// may be empty).
func isRoleNameChars(s string) bool {
	return s == "" || every(s, func(r rune) bool { return isAlnum(r) || strings.ContainsRune("+=,.@_-", r) })
}

// isBucketChars: 3-63 lower-case letters, digits, '.' and '-', starting
// and ending with a letter or digit.
func isBucketChars(s string) bool {
	return len(s) >= 3 && len(s) <= 63 && every(s, func(r rune) bool { return isLowerAlnum(r) || r == '.' || r == '-' }) &&
		isLowerAlnum(rune(s[0])) && isLowerAlnum(rune(s[len(s)-1]))
}

// isBasePath: segments of letters, digits, '.', '_' and '-' joined by
// '/', with no leading, trailing or doubled '/'.
func isBasePath(s string) bool {
	for _, seg := range strings.Split(s, "/") {
		if !every(seg, func(r rune) bool { return isAlnum(r) || r == '.' || r == '_' || r == '-' }) {
			return false
		}
	}
	return true
}

// isRolePath: "/" or "/a/b/" of printable ASCII without spaces.
func isRolePath(s string) bool {
	return s == "/" || len(s) >= 3 && s[0] == '/' && s[len(s)-1] == '/' &&
		every(s, func(r rune) bool { return r >= 0x21 && r <= 0x7E })
}

// isTagText: IAM's tag alphabet: letters, spaces and digits of any
// script, and _.:/=+-@. Empty is allowed (tag values may be empty).
func isTagText(s string) bool {
	return s == "" || every(s, func(r rune) bool {
		return unicode.IsLetter(r) || unicode.Is(unicode.Z, r) || unicode.IsNumber(r) || strings.ContainsRune("_.:/=+-@", r)
	})
}

// parseBoundaryARN returns the partition of a managed policy ARN,
// arn:<partition>:iam::<account or aws>:policy/<name>.
func parseBoundaryARN(s string) (partition string, ok bool) {
	parts := strings.SplitN(s, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "iam" || parts[3] != "" {
		return "", false
	}
	if !slices.Contains(partitionNames(), parts[1]) || parts[4] != "aws" && !isAccountID(parts[4]) {
		return "", false
	}
	name, found := strings.CutPrefix(parts[5], "policy/")
	if !found || !every(name, func(r rune) bool { return r >= 0x21 && r <= 0x7E }) {
		return "", false
	}
	return parts[1], true
}

// isKeyPrefix: segments of letters, digits, '.', '_' and '-', each
// followed by '/'.
func isKeyPrefix(s string) bool {
	return strings.HasSuffix(s, "/") && isBasePath(strings.TrimSuffix(s, "/"))
}

// isOpenSearchName: an OpenSearch repository name in lower case.
func isOpenSearchName(s string) bool {
	return every(s, func(r rune) bool { return isLowerAlnum(r) || r == '-' || r == '_' }) && isLowerAlnum(rune(s[0]))
}

// isSecretPrefix: Secrets Manager's name alphabet.
func isSecretPrefix(s string) bool {
	return every(s, func(r rune) bool { return isAlnum(r) || strings.ContainsRune("/_+=.@-", r) })
}

// isAction: service:Action with IAM's wildcards; * alone is every action.
func isAction(s string) bool {
	service, action, ok := strings.Cut(s, ":")
	if !ok {
		return s == "*"
	}
	return every(service, func(r rune) bool { return isAlnum(r) || r == '-' }) &&
		every(action, func(r rune) bool { return isAlnum(r) || r == '*' || r == '?' })
}

// parseKMSKeyARN returns the partition of arn:<partition>:kms:<region>:
// <account>:key/<id> (or alias/<name>).
func parseKMSKeyARN(s string) (partition string, ok bool) {
	parts := strings.SplitN(s, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "kms" || !IsRegion(parts[3]) || !isAccountID(parts[4]) {
		return "", false
	}
	if !slices.Contains(partitionNames(), parts[1]) {
		return "", false
	}
	kind, id, found := strings.Cut(parts[5], "/")
	if !found || (kind != "key" && kind != "alias") || id == "" {
		return "", false
	}
	return parts[1], true
}
