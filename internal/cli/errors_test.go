package cli

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A failure exits with its kind's code and hint, from its command and
// from `run` alike.
func TestExitCodesByKind(t *testing.T) {
	keyRefused := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		w.Write([]byte(`{"error":{"message":"Incorrect API key provided","type":"invalid_request_error","code":"invalid_api_key"}}`))
	}))
	defer keyRefused.Close()
	t.Setenv("OPENAI_API_KEY", "sk-test-secret-value")
	dir := t.TempDir()
	prompts := filepath.Join(dir, "prompts.jsonl")
	os.WriteFile(prompts, []byte(`{"prompt":"What is 1+1?","answer":"2"}`+"\n"), 0o644)
	badPrompts := filepath.Join(dir, "bad.jsonl")
	os.WriteFile(badPrompts, []byte(`{"prompt":"ok"}`+"\n"+`{"prompt": 3}`+"\n"), 0o644)
	aFile := filepath.Join(dir, "file")
	os.WriteFile(aFile, []byte("x"), 0o644)

	openai := []string{"--backend", "openai", "--model", "m", "--base-url", keyRefused.URL + "/v1", "--max-retries", "0"}
	tests := []struct {
		name     string
		command  []string
		pipeline string // the same failure under run
		code     int
		inStderr string
	}{
		{"refused key", append([]string{"generate", prompts, "-o", filepath.Join(dir, "g1.jsonl")}, openai...),
			"generate: {backend: openai, model: m, base_url: '" + keyRefused.URL + "/v1', max_retries: 0}", ExitAuth, "hint: the server refused the API key"},
		{"disk full", []string{"generate", prompts, "-o", "/dev/full", "--backend", "sim"},
			"", ExitIO, "no space left on device"},
		{"output under a file", []string{"generate", prompts, "-o", filepath.Join(aFile, "out.jsonl"), "--backend", "sim"},
			"", ExitIO, "hint: check the permissions"},
		{"bad input", []string{"generate", badPrompts, "-o", filepath.Join(dir, "g2.jsonl"), "--backend", "sim"},
			"generate: {backend: sim}", ExitUsage, "bad.jsonl:2: prompt"},
		{"bad option", []string{"generate", prompts, "-o", filepath.Join(dir, "g3.jsonl"), "--group-size", "0"},
			"generate: {backend: sim, group_size: 0}", ExitUsage, "group-size"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errs := runCLI(t, "", tt.command...)
			check(t, "command", code, errs, tt.code, tt.inStderr)
			if tt.pipeline == "" {
				return
			}
			p := filepath.Join(t.TempDir(), "pipeline.yaml")
			in := prompts
			if tt.name == "bad input" {
				in = badPrompts
			}
			os.WriteFile(p, []byte("prompts: "+in+"\nrun_dir: "+filepath.Join(filepath.Dir(p), "run")+"\nstages:\n  "+tt.pipeline+"\n"), 0o644)
			code, _, errs = runCLI(t, "", "run", p)
			check(t, "run", code, errs, tt.code, tt.inStderr)
		})
	}
}

func check(t *testing.T, door string, code int, errs string, want int, inStderr string) {
	t.Helper()
	if code != want || !strings.Contains(errs, inStderr) {
		t.Errorf("%s: exit %d (want %d), stderr:\n%s", door, code, want, errs)
	}
	if strings.Contains(errs, "sk-test-secret-value") {
		t.Errorf("%s: the API key was printed", door)
	}
}
