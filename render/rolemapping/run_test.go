package rolemapping_test

import (
	"encoding/json"
	"encoding/pem"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/camunda-irsa/camunda-irsa/internal/golden"
	"github.com/camunda-irsa/camunda-irsa/render/rolemapping"
)

// fakeSecurityAPI is the part of the OpenSearch security plugin's REST API
// the script uses: GET, PUT and PATCH (append to /backend_roles/- only)
// of one role mapping, behind basic authentication.
type fakeSecurityAPI struct {
	t    *testing.T
	role string

	mu       sync.Mutex
	mapping  map[string]any // nil: the role has no mapping
	requests []string       // method of every authenticated request
	failGET  bool
}

const (
	testUser     = "admin"
	testPassword = `s3cr3t 'pa$$word"`
)

// ServeHTTP runs on the server's goroutines, so it reports with assert
// (t.Errorf) and answers 400, never with require (t.FailNow).
func (f *fakeSecurityAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if u, p, ok := r.BasicAuth(); !ok || u != testUser || p != testPassword {
		http.Error(w, `{"status":"UNAUTHORIZED"}`, http.StatusUnauthorized)
		return
	}
	if !assert.Equal(f.t, "/_plugins/_security/api/rolesmapping/"+f.role, r.URL.EscapedPath()) {
		http.Error(w, `{"status":"BAD_REQUEST"}`, http.StatusBadRequest)
		return
	}
	f.requests = append(f.requests, r.Method)
	body, err := io.ReadAll(r.Body)
	if !assert.NoError(f.t, err) {
		http.Error(w, `{"status":"BAD_REQUEST"}`, http.StatusBadRequest)
		return
	}
	if r.Method == http.MethodPut || r.Method == http.MethodPatch {
		if !assert.Equal(f.t, "application/json", r.Header.Get("Content-Type")) {
			http.Error(w, `{"status":"BAD_REQUEST"}`, http.StatusBadRequest)
			return
		}
	}
	switch {
	case r.Method == http.MethodGet && f.failGET:
		http.Error(w, `{"status":"INTERNAL_SERVER_ERROR"}`, http.StatusInternalServerError)
	case r.Method == http.MethodGet && f.mapping == nil:
		http.Error(w, `{"status":"NOT_FOUND","message":"not found"}`, http.StatusNotFound)
	case r.Method == http.MethodGet:
		out, _ := json.Marshal(map[string]any{f.role: f.mapping})
		_, _ = w.Write(out)
	case r.Method == http.MethodPut:
		var m map[string]any
		if !assert.NoError(f.t, json.Unmarshal(body, &m), "PUT body") {
			http.Error(w, `{"status":"BAD_REQUEST"}`, http.StatusBadRequest)
			return
		}
		f.mapping = m
		w.WriteHeader(http.StatusCreated)
		_, _ = w.Write([]byte(`{"status":"CREATED"}`))
	case r.Method == http.MethodPatch:
		var ops []rolemapping.PatchOp
		if !assert.NoError(f.t, json.Unmarshal(body, &ops), "PATCH body") {
			http.Error(w, `{"status":"BAD_REQUEST"}`, http.StatusBadRequest)
			return
		}
		for _, op := range ops {
			if !assert.Equal(f.t, rolemapping.PatchOp{Op: "add", Path: "/backend_roles/-", Value: op.Value}, op, "only appending is implemented") {
				http.Error(w, `{"status":"BAD_REQUEST"}`, http.StatusBadRequest)
				return
			}
			roles, _ := f.mapping["backend_roles"].([]any)
			f.mapping["backend_roles"] = append(roles, op.Value)
		}
		_, _ = w.Write([]byte(`{"status":"OK"}`))
	default:
		http.Error(w, `{"status":"METHOD_NOT_ALLOWED"}`, http.StatusMethodNotAllowed)
	}
}

// TestScriptAgainstFakeSecurityAPI runs the generated script with bash
// and curl against a local HTTPS server that behaves like the security
// API, and checks that it adds the ARN next to existing backend roles,
// creates a missing mapping, does nothing the second time, and fails on
// an error answer.
func TestScriptAgainstFakeSecurityAPI(t *testing.T) {
	for _, tool := range []string{"bash", "curl"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not installed: %v", tool, err)
		}
	}
	plan := golden.Plans(t)["full/8.8"]
	require.NotNil(t, plan)
	arns := openSearchARNs(plan)
	script, err := rolemapping.Render(plan, "")
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), rolemapping.FileName)
	require.NoError(t, os.WriteFile(path, script, 0o700))

	api := &fakeSecurityAPI{t: t, role: rolemapping.DefaultInternalRole}
	srv := httptest.NewTLSServer(api)
	defer srv.Close()
	ca := filepath.Join(t.TempDir(), "ca.pem")
	require.NoError(t, os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o600))

	runScript := func(path string, env ...string) (string, error) {
		cmd := exec.Command("bash", path)
		cmd.Env = append([]string{
			"PATH=" + os.Getenv("PATH"),
			"HOME=" + t.TempDir(), // no ~/.curlrc
			"CURL_CA_BUNDLE=" + ca,
			"OPENSEARCH_ENDPOINT=" + strings.TrimPrefix(srv.URL, "https://"),
			"OPENSEARCH_MASTER_USER=" + testUser,
			"OPENSEARCH_MASTER_PASSWORD=" + testPassword,
		}, env...)
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	run := func(env ...string) (string, error) { return runScript(path, env...) }
	backendRoles := func() []any {
		api.mu.Lock()
		defer api.mu.Unlock()
		roles, _ := api.mapping["backend_roles"].([]any)
		return roles
	}

	t.Run("appends to an existing mapping", func(t *testing.T) {
		api.mapping = map[string]any{"backend_roles": []any{"arn:aws:iam::123456789012:role/other"}, "users": []any{"admin"}}
		out, err := run()
		require.NoError(t, err, out)
		assert.Equal(t, []any{"arn:aws:iam::123456789012:role/other", arns[0]}, backendRoles(), "the other backend role stays")
		assert.Equal(t, []string{"GET", "PATCH"}, api.requests)
	})
	t.Run("a second run changes nothing", func(t *testing.T) {
		api.requests = nil
		out, err := run()
		require.NoError(t, err, out)
		assert.Contains(t, out, "already mapped")
		assert.Equal(t, []string{"GET"}, api.requests)
		assert.Len(t, backendRoles(), 2)
	})
	t.Run("creates a missing mapping", func(t *testing.T) {
		api.mapping, api.requests = nil, nil
		out, err := run()
		require.NoError(t, err, out)
		assert.Equal(t, []any{arns[0]}, backendRoles())
		assert.Equal(t, []string{"GET", "PUT"}, api.requests)
	})
	t.Run("fails on an error answer", func(t *testing.T) {
		api.failGET = true
		defer func() { api.failGET = false }()
		out, err := run()
		require.Error(t, err)
		assert.Contains(t, out, "HTTP 500")
	})
	t.Run("split role: appends only the missing ARNs", func(t *testing.T) {
		split := splitPlan(t)
		splitARNs := openSearchARNs(split)
		require.Len(t, splitARNs, 2)
		script, err := rolemapping.Render(split, "")
		require.NoError(t, err)
		splitPath := filepath.Join(t.TempDir(), rolemapping.FileName)
		require.NoError(t, os.WriteFile(splitPath, script, 0o700))

		api.mapping = map[string]any{"backend_roles": []any{splitARNs[1]}}
		api.requests = nil
		out, err := runScript(splitPath)
		require.NoError(t, err, out)
		assert.Equal(t, []any{splitARNs[1], splitARNs[0]}, backendRoles())
		assert.Equal(t, []string{"GET", "PATCH"}, api.requests, "one PATCH, for the missing ARN")

		api.requests = nil
		out, err = runScript(splitPath)
		require.NoError(t, err, out)
		assert.Equal(t, []string{"GET"}, api.requests)

		api.mapping, api.requests = nil, nil
		out, err = runScript(splitPath)
		require.NoError(t, err, out)
		assert.Equal(t, []any{splitARNs[0], splitARNs[1]}, backendRoles())
		assert.Equal(t, []string{"GET", "PUT"}, api.requests)
	})
	t.Run("fails without credentials", func(t *testing.T) {
		cmd := exec.Command("bash", path)
		cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
		out, err := cmd.CombinedOutput()
		require.Error(t, err)
		assert.Contains(t, string(out), "set OPENSEARCH_MASTER_USER")
	})
	t.Run("wrong password is an error", func(t *testing.T) {
		out, err := run("OPENSEARCH_MASTER_PASSWORD=wrong")
		require.Error(t, err)
		assert.Contains(t, out, "HTTP 401")
	})
}

// TestScriptStopsWithoutCredentials: when either the master user or its
// password is missing, the script stops with a message before it calls
// curl. (An apostrophe in the user guard's message once opened a quote
// that ran into the password guard, so that with the user set a missing
// password went unnoticed.)
func TestScriptStopsWithoutCredentials(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skipf("bash not installed: %v", err)
	}
	script, err := rolemapping.Render(golden.Plan(t, "full", ""), "")
	require.NoError(t, err)
	dir := t.TempDir()
	path := filepath.Join(dir, rolemapping.FileName)
	require.NoError(t, os.WriteFile(path, script, 0o700))
	// A curl that only records that it was called.
	bin := filepath.Join(dir, "bin")
	require.NoError(t, os.Mkdir(bin, 0o755))
	called := filepath.Join(dir, "curl-called")
	require.NoError(t, os.WriteFile(filepath.Join(bin, "curl"), []byte("#!/bin/sh\ntouch \""+called+"\"\nexit 1\n"), 0o755))

	for name, tc := range map[string]struct {
		env     []string
		message string
	}{
		"no password": {[]string{"OPENSEARCH_MASTER_USER=admin"}, "set OPENSEARCH_MASTER_PASSWORD"},
		"no user":     {[]string{"OPENSEARCH_MASTER_PASSWORD=" + testPassword}, "set OPENSEARCH_MASTER_USER"},
		"neither":     {nil, "set OPENSEARCH_MASTER_USER"},
	} {
		t.Run(name, func(t *testing.T) {
			cmd := exec.Command("bash", path)
			cmd.Env = append([]string{"PATH=" + bin + string(os.PathListSeparator) + os.Getenv("PATH")}, tc.env...)
			out, err := cmd.CombinedOutput()
			require.Error(t, err, "%s", out)
			assert.Contains(t, string(out), tc.message)
			assert.NoFileExists(t, called, "curl ran without credentials")
		})
	}
}
