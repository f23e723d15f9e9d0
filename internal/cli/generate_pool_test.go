package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/grpodata/grpodata/llm/llmtest"
)

// TestGenerateBaseURLsFile: the servers of --base-urls-file are balanced
// with --base-url's, and the summary counts each one's calls.
func TestGenerateBaseURLsFile(t *testing.T) {
	var urls []string
	for range 3 {
		s := llmtest.NewOpenAI(llmtest.Config{})
		defer s.Close()
		urls = append(urls, s.URL+"/v1")
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "servers.txt")
	os.WriteFile(file, []byte("# the fleet\n"+urls[1]+"\n\n"+urls[2]+"\n"), 0o644)
	out := filepath.Join(dir, "gen.jsonl")
	code, _, errs := runCLI(t, "", "generate", quickPrompts, "-o", out, "--backend", "openai", "--model", "m",
		"--base-url", urls[0], "--base-urls-file", file, "--group-size", "2", "--concurrency", "6", "--progress-every", "1h")
	if code != 0 {
		t.Fatalf("code=%d stderr=%s", code, errs)
	}
	total := 0
	for _, u := range urls {
		m := regexp.MustCompile(`generate: endpoint ` + regexp.QuoteMeta(u) + `: (\d+) calls, (\d+) ok, 0 failed`).FindStringSubmatch(errs)
		if m == nil || m[1] != m[2] || m[1] == "0" {
			t.Errorf("no count for %s in:\n%s", u, errs)
			continue
		}
		n, _ := strconv.Atoi(m[1])
		total += n
	}
	if want := fmt.Sprintf("%d calls", total); !strings.Contains(errs, want) {
		t.Errorf("endpoint counts add up to %d, not the run's calls:\n%s", total, errs)
	}
	code, _, errs = runCLI(t, "", "generate", quickPrompts, "-o", filepath.Join(dir, "x.jsonl"), "--backend", "openai", "--model", "m",
		"--base-urls-file", filepath.Join(dir, "missing.txt"))
	if code != 2 || !strings.Contains(errs, "--base-urls-file: open ") {
		t.Errorf("missing file: code=%d stderr=%s", code, errs)
	}
}
