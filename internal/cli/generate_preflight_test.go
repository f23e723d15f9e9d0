package cli

import (
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
)

func TestGenerateFailsFastWhenNoServerAnswers(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refused := "http://" + l.Addr().String() + "/v1"
	l.Close()
	out := filepath.Join(t.TempDir(), "gen.jsonl")
	code, _, errs := runCLI(t, "", "generate", "../../examples/quickstart/prompts.jsonl", "-o", out,
		"--backend", "openai", "--model", "m", "--base-url", refused)
	if code != ExitUsage || !strings.Contains(errs, "no endpoint reachable: "+refused+": connection refused") ||
		strings.Count(errs, "\n") != 1 {
		t.Errorf("code=%d stderr=%q", code, errs)
	}
}

func TestGenerateSaysWhichEndpointWithoutBaseURL(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "no", http.StatusBadRequest) // every prompt fails: enough to see the start
	}))
	defer srv.Close()
	t.Setenv("OPENAI_BASE_URL", srv.URL+"/v1") // the default endpoint, kept on loopback
	out := filepath.Join(t.TempDir(), "gen.jsonl")
	_, _, errs := runCLI(t, "", "generate", "../../examples/quickstart/prompts.jsonl", "-o", out,
		"--backend", "openai", "--model", "m", "--limit", "1", "--progress-every", "1h")
	if !strings.Contains(errs, "generate: no --base-url given: using "+srv.URL+"/v1\n") {
		t.Errorf("stderr=%q", errs)
	}
}
