package snapshot_test

import (
	"bytes"
	"encoding/json"
	"encoding/pem"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/camunda-irsa/camunda-irsa/render/snapshot"
)

// fakeCurl stands in for curl on PATH: the part of OpenSearch's snapshot
// API the script uses, with its state in the directory $FAKE_CURL_STATE.
//
//	requests   one line per request: method, URL, --aws-sigv4, --user,
//	           the x-amz-security-token header
//	repository the registered repository, as GET answers it
//	put        the body of the last PUT
//	fail-GET   when present, GET answers 403 with this body (fail-PUT: PUT)
//
// A PUT registers the body as OpenSearch does, compacted; the bodies here
// hold no blanks inside strings, so deleting every blank compacts them.
const fakeCurl = `#!/usr/bin/env bash
set -euo pipefail
state=$FAKE_CURL_STATE
method=GET out= url= sigv4= user= token= ctype= data=
while (($#)); do
	case $1 in
	-sS) ;;
	-o) out=$2; shift ;;
	-w) [[ $2 == '%{http_code}' ]] || { echo "fake curl: -w $2" >&2; exit 2; }; shift ;;
	-X) method=$2; shift ;;
	--aws-sigv4) sigv4=$2; shift ;;
	--user) user=$2; shift ;;
	--data-binary) data=$2; shift ;;
	-H)
		case $2 in
		'x-amz-security-token: '*) token=${2#*: } ;;
		'Content-Type: '*) ctype=${2#*: } ;;
		*) echo "fake curl: header $2" >&2; exit 2 ;;
		esac
		shift ;;
	-*) echo "fake curl: option $1" >&2; exit 2 ;;
	*) url=$1 ;;
	esac
	shift
done
printf '%s %s sigv4=%s user=%s token=%s\n' "$method" "$url" "$sigv4" "$user" "$token" >>"$state/requests"
answer() { printf '%s' "$2" >"$out"; printf '%s' "$1"; }
if [[ -f $state/fail-$method ]]; then
	answer 403 "$(cat "$state/fail-$method")"
	exit 0
fi
case $method in
GET)
	if [[ -f $state/repository ]]; then
		answer 200 "$(cat "$state/repository")"
	else
		answer 404 '{"error":{"type":"repository_missing_exception","reason":"[camunda] missing"},"status":404}'
	fi ;;
PUT)
	[[ $data == @- && $ctype == application/json ]] || { echo "fake curl: PUT without a JSON body on stdin" >&2; exit 2; }
	cat >"$state/put"
	printf '{"%s":%s}' "${url##*/}" "$(tr -d ' \t\n' <"$state/put")" >"$state/repository"
	answer 200 '{"acknowledged":true}' ;;
*) answer 405 '{"error":"method"}' ;;
esac
`

// runner runs a generated script with the fake curl and fake AWS
// credentials.
type runner struct {
	t      *testing.T
	script string
	bin    string
	state  string
}

func newRunner(t *testing.T, src []byte) runner {
	t.Helper()
	if _, err := exec.LookPath("bash"); err != nil {
		t.Fatalf("bash is needed to run the generated script: %v", err)
	}
	dir := t.TempDir()
	r := runner{t: t, script: filepath.Join(dir, snapshot.FileName), bin: filepath.Join(dir, "bin"), state: filepath.Join(dir, "state")}
	require.NoError(t, os.WriteFile(r.script, src, 0o700))
	require.NoError(t, os.Mkdir(r.bin, 0o755))
	require.NoError(t, os.Mkdir(r.state, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(r.bin, "curl"), []byte(fakeCurl), 0o755))
	return r
}

const (
	accessKey = "AKIAIOSFODNN7EXAMPLE"
	secretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
)

// run runs the script with the credentials and env, and returns its
// standard output and error apart.
func (r runner) run(env ...string) (stdout, stderr string, err error) {
	cmd := exec.Command("bash", r.script)
	cmd.Env = append([]string{
		"PATH=" + r.bin + string(os.PathListSeparator) + os.Getenv("PATH"),
		"HOME=" + r.t.TempDir(),
		"FAKE_CURL_STATE=" + r.state,
		"AWS_ACCESS_KEY_ID=" + accessKey,
		"AWS_SECRET_ACCESS_KEY=" + secretKey,
	}, env...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err = cmd.Run()
	return out.String(), errOut.String(), err
}

// requests returns the requests since the last call, and forgets them.
func (r runner) requests() []string {
	path := filepath.Join(r.state, "requests")
	data, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return nil
	}
	require.NoError(r.t, err)
	require.NoError(r.t, os.Remove(path))
	return strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
}

func (r runner) write(name, content string) {
	require.NoError(r.t, os.WriteFile(filepath.Join(r.state, name), []byte(content), 0o644))
}

// TestScriptIsRerunnable runs each script twice against the fake curl:
// the first run registers the repository, the second only reads it; a
// repository registered with other settings is registered again, one
// registered with the same settings in OpenSearch's spelling is left
// alone, and an error answer stops the script.
func TestScriptIsRerunnable(t *testing.T) {
	for _, c := range renderCases() {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			src, err := snapshot.Render(c.plan(t))
			require.NoError(t, err)
			r := newRunner(t, src)
			endpoint := c.top.OpenSearch.Endpoint
			get := "GET https://" + endpoint + "/_snapshot/" + c.repo + " sigv4=" + c.sigV4 + " user=" + accessKey + ":" + secretKey + " token="
			put := "PUT" + strings.TrimPrefix(get, "GET")

			stdout, stderr, err := r.run()
			require.NoError(t, err, stderr)
			assert.Equal(t, []string{get, put}, r.requests(), "the first run reads, then registers")
			assert.Contains(t, stdout, "registered snapshot repository "+c.repo+" with role "+c.settings.RoleARN)
			data, err := os.ReadFile(filepath.Join(r.state, "put"))
			require.NoError(t, err)
			var body snapshot.Repository
			dec := json.NewDecoder(bytes.NewReader(data))
			dec.DisallowUnknownFields()
			require.NoError(t, dec.Decode(&body), "%s", data)
			assert.Equal(t, snapshot.Repository{Type: "s3", Settings: c.settings}, body)

			stdout, stderr, err = r.run()
			require.NoError(t, err, stderr)
			assert.Equal(t, []string{get}, r.requests(), "the second run only reads")
			assert.Contains(t, stdout, "snapshot repository "+c.repo+" is registered already")

			// As OpenSearch answers: settings sorted, as strings, with a
			// setting the script does not manage.
			spelled := `{"` + c.repo + `":{"type":"s3","settings":{"base_path":"` + c.settings.BasePath + `","bucket":"` + c.settings.Bucket +
				`","chunk_size":"1gb","region":"` + c.settings.Region + `","role_arn":"` + c.settings.RoleARN + `"}}}`
			r.write("repository", spelled)
			_, stderr, err = r.run()
			require.NoError(t, err, stderr)
			assert.Equal(t, []string{get}, r.requests(), "same settings in another order: nothing to do")

			other := map[string]string{
				"another role":     strings.Replace(spelled, c.settings.RoleARN, c.settings.RoleARN+"-old", 1),
				"another base":     strings.Replace(spelled, `"base_path":"`+c.settings.BasePath, `"base_path":"/`+c.settings.BasePath, 1),
				"an fs repository": strings.Replace(spelled, `"type":"s3"`, `"type":"fs"`, 1),
			}
			if c.kms {
				other["SSE-S3 on a KMS bucket"] = strings.Replace(spelled, `"chunk_size"`, `"server_side_encryption":"true","chunk_size"`, 1)
			}
			for name, registered := range other {
				r.write("repository", registered)
				stdout, stderr, err = r.run()
				require.NoError(t, err, "%s: %s", name, stderr)
				assert.Equal(t, []string{get, put}, r.requests(), "%s: registered again", name)
				assert.Contains(t, stdout, "registered with other settings", name)
			}

			// Temporary credentials send their session token.
			stdout, stderr, err = r.run("AWS_SESSION_TOKEN=FwoGZXIvYXdzEXAMPLE//token+=")
			require.NoError(t, err, stderr)
			assert.Equal(t, []string{get + "FwoGZXIvYXdzEXAMPLE//token+="}, r.requests())
			assert.Contains(t, stdout, "registered already")
		})
	}
}

// TestScriptStopsOnErrors: an error answer to either request stops the
// script with status 1, the answer and the note on what the caller needs
// on standard error; without credentials it stops before curl runs.
func TestScriptStopsOnErrors(t *testing.T) {
	c := renderCases()[1]
	src, err := snapshot.Render(c.plan(t))
	require.NoError(t, err)
	passRole := `{"Message":"User: arn:aws:sts::123456789012:assumed-role/ops/me is not authorized to perform: iam:PassRole on resource: ` + c.settings.RoleARN + `"}`
	for _, method := range []string{"GET", "PUT"} {
		t.Run(method, func(t *testing.T) {
			t.Parallel()
			r := newRunner(t, src)
			r.write("fail-"+method, passRole)
			stdout, stderr, err := r.run()
			var exit *exec.ExitError
			require.ErrorAs(t, err, &exit)
			assert.Equal(t, 1, exit.ExitCode())
			assert.Contains(t, stderr, method+" https://"+c.top.OpenSearch.Endpoint+"/_snapshot/camunda answered HTTP 403:\n"+passRole+"\n")
			assert.Contains(t, stderr, "note: registering the repository needs iam:PassRole on "+c.settings.RoleARN+
				" and, with fine-grained access control, a mapping of the caller to the OpenSearch role manage_snapshots")
			assert.NotContains(t, stdout, "registered snapshot repository")
			assert.NoFileExists(t, filepath.Join(r.state, "repository"))
		})
	}
	for name, env := range map[string][]string{
		"no access key": {"AWS_ACCESS_KEY_ID="},
		"no secret key": {"AWS_SECRET_ACCESS_KEY="},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r := newRunner(t, src)
			_, stderr, err := r.run(env...)
			require.Error(t, err)
			assert.Contains(t, stderr, "set AWS_")
			assert.Nil(t, r.requests(), "curl ran without credentials")
		})
	}
}

// TestScriptSignsWithCurl runs the script with the real curl against a
// local HTTPS server that stands in for the domain: curl must sign both
// requests with SigV4 for es in the topology's region, with the access
// key and, for temporary credentials, the session token in a signed
// header, and send the registration as JSON.
func TestScriptSignsWithCurl(t *testing.T) {
	for _, tool := range []string{"bash", "curl"} {
		_, err := exec.LookPath(tool)
		require.NoError(t, err, "%s runs the generated script", tool)
	}
	c := renderCases()[1]
	src, err := snapshot.Render(c.plan(t))
	require.NoError(t, err)
	dir := t.TempDir()
	path := filepath.Join(dir, snapshot.FileName)
	require.NoError(t, os.WriteFile(path, src, 0o700))

	type request struct {
		method, path, auth, token, contentType string
		body                                   []byte
	}
	var mu sync.Mutex
	var seen []request
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		seen = append(seen, request{r.Method, r.URL.EscapedPath(), r.Header.Get("Authorization"), r.Header.Get("X-Amz-Security-Token"),
			r.Header.Get("Content-Type"), body})
		mu.Unlock()
		if r.Method == http.MethodGet {
			http.Error(w, `{"error":{"type":"repository_missing_exception"},"status":404}`, http.StatusNotFound)
			return
		}
		_, _ = w.Write([]byte(`{"acknowledged":true}`))
	}))
	defer srv.Close()
	ca := filepath.Join(dir, "ca.pem")
	require.NoError(t, os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o600))

	const token = "FwoGZXIvYXdzEXAMPLE//token+="
	cmd := exec.Command("bash", path)
	cmd.Env = []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + dir, // no ~/.curlrc
		"CURL_CA_BUNDLE=" + ca,
		"OPENSEARCH_ENDPOINT=" + strings.TrimPrefix(srv.URL, "https://"),
		"AWS_ACCESS_KEY_ID=" + accessKey,
		"AWS_SECRET_ACCESS_KEY=" + secretKey,
		"AWS_SESSION_TOKEN=" + token,
	}
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)

	mu.Lock()
	defer mu.Unlock()
	require.Len(t, seen, 2)
	scope := regexp.MustCompile(`^AWS4-HMAC-SHA256 Credential=` + accessKey + `/\d{8}/` + c.settings.Region + `/es/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=[0-9a-f]{64}$`)
	for i, method := range []string{"GET", "PUT"} {
		r := seen[i]
		assert.Equal(t, method, r.method)
		assert.Equal(t, "/_snapshot/"+c.repo, r.path)
		m := scope.FindStringSubmatch(r.auth)
		require.NotNil(t, m, "%s is signed for es in %s: %s", method, c.settings.Region, r.auth)
		assert.Contains(t, strings.Split(m[1], ";"), "x-amz-security-token", "the session token is signed")
		assert.Equal(t, token, r.token)
	}
	assert.Equal(t, "application/json", seen[1].contentType)
	var body snapshot.Repository
	require.NoError(t, json.Unmarshal(seen[1].body, &body))
	assert.Equal(t, snapshot.Repository{Type: "s3", Settings: c.settings}, body)
}
