package irsa_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode"

	"github.com/camunda-irsa/camunda-irsa/irsa"
	"github.com/camunda-irsa/camunda-irsa/lint"
)

// maxSeedBytes leaves out the few large corpus cases (deep nesting):
// every mutation of them costs milliseconds and they teach the fuzzer
// nothing the small cases do not. TestBadCorpus covers them.
const maxSeedBytes = 4 << 10

// addFuzzSeeds adds every example topology and every input of the
// bad-input corpus, each also as JSON when it decodes, so the fuzzer
// starts from both syntaxes and from every validation rule.
func addFuzzSeeds(f *testing.F) {
	f.Helper()
	var files []string
	for _, pattern := range []string{"../examples/*.yaml", "../testdata/bad/*.yaml", "../testdata/bad/*.json"} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			f.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) < 60 {
		f.Fatalf("only %d seed files; the examples or the bad corpus are missing", len(files))
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		if len(data) > maxSeedBytes {
			continue
		}
		f.Add(data)
		if top, err := irsa.Decode(data); err == nil {
			js, err := json.Marshal(top)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(js)
		}
	}
}

// FuzzDecodeValidate feeds arbitrary bytes to Load, and to Decode and
// NewPlan. Invariants: nothing panics; every refusal is FieldErrors whose
// entries all have a one-line message (and, from validation, a field
// path); Load and Decode+NewPlan agree; every document an accepted plan
// holds is free of what lint calls an ERROR; and an accepted topology
// written back as JSON decodes to the same topology.
//
//	go test ./irsa -run='^$' -fuzz=FuzzDecodeValidate -fuzztime=60s
func FuzzDecodeValidate(f *testing.F) {
	addFuzzSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		loaded, loadErr := irsa.Load(data)
		top, err := irsa.Decode(data)
		if err != nil {
			requireFieldErrorsWellFormed(t, "Decode", err, false)
			if loadErr == nil {
				t.Fatalf("Load accepted what Decode refused: %v", err)
			}
			return
		}
		p, err := irsa.NewPlan(top)
		if err != nil {
			requireFieldErrorsWellFormed(t, "NewPlan", err, true)
			if loadErr == nil || loadErr.Error() != err.Error() {
				t.Fatalf("NewPlan refused with\n%v\nbut Load returned\n%v", err, loadErr)
			}
			return
		}
		if loadErr != nil {
			t.Fatalf("Decode and NewPlan accepted the topology but Load refused it: %v", loadErr)
		}
		if !reflect.DeepEqual(loaded.Roles(), p.Roles()) {
			t.Fatal("Load and Decode+NewPlan planned different roles")
		}
		checkPlan(t, top, p)
		checkLintErrors(t, p)
		checkJSONRoundTrip(t, top)
	})
}

// checkLintErrors: a plan never holds a document its own linter calls an
// ERROR (AWS would refuse it, or it grants what it must not), but for
// statements the user wrote, which the CLI puts through lint --strict
// before it renders anything.
func checkLintErrors(t *testing.T, p *irsa.Plan) {
	t.Helper()
	if len(lint.UserStatements(p, lint.Options{})) > 0 {
		return // the user's own statements: refused, as the CLI refuses them
	}
	if errs := lint.Errors(lint.Plan(p, lint.Options{})); len(errs) > 0 {
		var b strings.Builder
		for _, f := range errs {
			b.WriteString(f.String() + "\n")
		}
		t.Fatalf("the plan holds documents lint refuses:\n%s", b.String())
	}
}

func requireFieldErrorsWellFormed(t *testing.T, stage string, err error, needPath bool) {
	t.Helper()
	fe, ok := irsa.AsFieldErrors(err)
	if !ok {
		t.Fatalf("%s returned %T, not FieldErrors: %v", stage, err, err)
	}
	if len(fe) == 0 {
		t.Fatalf("%s returned empty FieldErrors", stage)
	}
	for _, e := range fe {
		if strings.TrimSpace(e.Message) == "" {
			t.Fatalf("%s returned a FieldError without a message: %#v", stage, e)
		}
		if needPath && e.Path == "" {
			t.Fatalf("%s returned a FieldError without a field path: %#v", stage, e)
		}
		// One problem is one line: values are quoted, and so are
		// keys Decode puts in paths. (Validate builds tag paths from
		// raw tag keys; the CLI escapes those when it prints them.)
		text := e.Message
		if !needPath {
			text = e.Error()
		}
		if strings.ContainsFunc(text, isControl) {
			t.Fatalf("%s returned a FieldError with a control character: %q", stage, text)
		}
	}
}

func isControl(r rune) bool { return unicode.IsControl(r) || r == '\u2028' || r == '\u2029' }

// checkPlan holds the plan to what the file format promises: roles
// sorted by name, unique regardless of case, at most 64 characters, and
// every listed component's service account trusted by exactly one role.
func checkPlan(t *testing.T, top irsa.Topology, p *irsa.Plan) {
	t.Helper()
	if len(p.Roles()) == 0 {
		t.Fatal("an accepted topology planned no roles")
	}
	names := map[string]bool{}
	for i, r := range p.Roles() {
		if i > 0 && p.Roles()[i-1].Name >= r.Name {
			t.Fatalf("roles not sorted by name: %q before %q", p.Roles()[i-1].Name, r.Name)
		}
		if n := len(r.Name); n == 0 || n > irsa.MaxRoleNameLength {
			t.Fatalf("role name %q has %d characters", r.Name, n)
		}
		if names[strings.ToLower(r.Name)] {
			t.Fatalf("role name %q given twice (regardless of case)", r.Name)
		}
		names[strings.ToLower(r.Name)] = true
		snapshots, _ := p.SnapshotRole()
		if (len(r.ServiceAccounts) == 0 || len(r.Components) == 0) && r.Name != snapshots.Name {
			t.Fatalf("role %s trusts no service account", r.Name)
		}
		for _, text := range append([]string{r.Summary()}, r.Notes...) {
			if strings.ContainsFunc(text, func(r rune) bool { return !unicode.IsPrint(r) }) {
				t.Fatalf("role %s: %q is not one line of printable text; renderers put it in comments as it is", r.Name, text)
			}
		}
		if n := r.TrustPolicy.Length(); n > p.Topology().AWS.TrustPolicyQuota {
			t.Fatalf("role %s: trust policy of %d characters exceeds the quota of %d", r.Name, n, p.Topology().AWS.TrustPolicyQuota)
		}
	}
	for _, c := range top.Components.Listed() {
		if _, ok := p.RoleFor(c.Name); !ok {
			t.Fatalf("components.%s has no role", c.Name)
		}
	}
	seen := map[string]string{}
	for _, b := range p.ServiceAccounts() {
		if prev, ok := seen[b.ServiceAccount.String()]; ok {
			t.Fatalf("service account %s assumes both %s and %s", b.ServiceAccount, prev, b.Role.Name)
		}
		seen[b.ServiceAccount.String()] = b.Role.Name
		if b.ServiceAccount.Namespace != top.Namespace {
			t.Fatalf("service account %s is not in namespace %s", b.ServiceAccount, top.Namespace)
		}
	}
}

// checkJSONRoundTrip encodes an accepted topology as JSON and decodes it
// again: JSON is accepted wherever YAML is, so the result must decode,
// validate and encode to the same bytes.
func checkJSONRoundTrip(t *testing.T, top irsa.Topology) {
	t.Helper()
	js, err := json.Marshal(top)
	if err != nil {
		t.Fatalf("encoding an accepted topology: %v", err)
	}
	if len(js) > irsa.MaxTopologyBytes {
		return // YAML aliases can make the JSON form larger than the limit
	}
	again, err := irsa.Decode(js)
	if err != nil {
		t.Fatalf("the JSON form of an accepted topology does not decode: %v\n%s", err, js)
	}
	if _, err := irsa.NewPlan(again); err != nil {
		t.Fatalf("the JSON form of an accepted topology does not validate: %v\n%s", err, js)
	}
	js2, err := json.Marshal(again)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(js, js2) {
		t.Fatalf("JSON round trip changed the topology:\n%s\n%s", js, js2)
	}
}
