package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReportCommand(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "report.html")
	code, stdout, stderr := runCLI(t, "", "report", "../../report/testdata/verified.jsonl", "--output", out, "--sample", "7", "--seed", "3", "--title", "Run <12>")
	if code != 0 || stdout != "" || !strings.Contains(stderr, "report of 40 groups (320 responses, 7 sampled) written to") {
		t.Fatalf("code=%d stdout=%q stderr=%q", code, stdout, stderr)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	for _, want := range []string{"<title>Run &lt;12&gt;</title>", `<svg class="chart" id="score-hist"`, `id="report-data"`} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if n := strings.Count(page, `<details class="group"`); n != 7 {
		t.Errorf("%d sample groups, want 7", n)
	}
}

func TestReportCommandJSONAndErrors(t *testing.T) {
	code, stdout, _ := runCLI(t, "", "report", "../../examples/groups.jsonl", "--json", "-o", "-", "--sample", "0")
	var d struct {
		Records int   `json:"records"`
		Sample  []any `json:"sample"`
	}
	if code != 0 || json.Unmarshal([]byte(stdout), &d) != nil || d.Records != 12 || len(d.Sample) != 0 {
		t.Errorf("code=%d data=%+v", code, d)
	}
	code, stdout, _ = runCLI(t, `{"prompt":"p","responses":[{"text":"t","score":1.0}]}`+"\n", "report", "-", "-o", "-")
	if code != 0 || !strings.HasPrefix(stdout, "<!DOCTYPE html>") {
		t.Errorf("stdin to stdout: code=%d", code)
	}
	code, stdout, stderr := runCLI(t, `{"prompt":1}`+"\n"+`{"prompt":"p"}`+"\n", "report", "-", "-o", "-", "--skip-bad")
	if code != 0 || !strings.Contains(stdout, "1 malformed line was skipped") || !strings.Contains(stderr, "warning: skipped 1 bad record (first: <stdin>:1: prompt: expected string or list of messages, got number)") {
		t.Errorf("malformed line: code=%d stderr=%q", code, stderr)
	}
	for _, tt := range []struct {
		args  []string
		stdin string
		want  string
	}{
		{[]string{"report"}, "", "no input"},
		{[]string{"report", "nope.jsonl", "-o", "-"}, "", "nope.jsonl"},
		{[]string{"report", "-", "-o", "-"}, `{"prompt":1}` + "\n", "grpodata: <stdin>:1: prompt: expected string or list of messages, got number"},
		{[]string{"report", "x.jsonl", "--sample", "-3"}, "", "--sample must be 0 or more"},
	} {
		code, _, stderr := runCLI(t, tt.stdin, tt.args...)
		if code != 2 || !strings.Contains(stderr, tt.want) || strings.Count(stderr, "\n") != 1 {
			t.Errorf("%v: code=%d stderr=%q", tt.args, code, stderr)
		}
	}
}
