package render

import (
	"fmt"

	"github.com/camunda-irsa/camunda-irsa/irsa"
)

// Kind is an output kind of `camunda-irsa render --output`.
type Kind string

const (
	KindValues          Kind = "values"
	KindServiceAccounts Kind = "serviceaccounts"
	KindIAM             Kind = "iam"
)

// Kinds lists the output kinds in the order --out-dir writes them.
func Kinds() []Kind { return []Kind{KindValues, KindServiceAccounts, KindIAM} }

// File is one artifact: a slash-separated path relative to the output
// directory and its content.
type File struct {
	Path string
	Data []byte
}

// Render produces the single artifact of one output kind.
func Render(p *irsa.Plan, kind Kind) ([]byte, error) {
	switch kind {
	case KindValues:
		return OverlayYAML(p)
	case KindServiceAccounts:
		return ServiceAccountsYAML(p)
	case KindIAM:
		return JSON(IAM(p))
	default:
		return nil, fmt.Errorf("unknown output kind %q (known: values, serviceaccounts, iam)", kind)
	}
}

// Files produces every artifact --out-dir writes, sorted by path:
// values.yaml, serviceaccounts.yaml and iam/<role>.trust.json and
// iam/<role>.policy.json per role.
func Files(p *irsa.Plan) ([]File, error) {
	values, err := OverlayYAML(p)
	if err != nil {
		return nil, err
	}
	sas, err := ServiceAccountsYAML(p)
	if err != nil {
		return nil, err
	}
	files := []File{}
	for _, r := range p.Roles {
		policy, err := JSON(r.PermissionPolicy)
		if err != nil {
			return nil, fmt.Errorf("role %s: %w", r.Name, err)
		}
		trust, err := JSON(r.TrustPolicy)
		if err != nil {
			return nil, fmt.Errorf("role %s: %w", r.Name, err)
		}
		files = append(files, File{Path: "iam/" + r.Name + ".policy.json", Data: policy},
			File{Path: "iam/" + r.Name + ".trust.json", Data: trust})
	}
	files = append(files, File{Path: "serviceaccounts.yaml", Data: sas}, File{Path: "values.yaml", Data: values})
	return files, nil
}
