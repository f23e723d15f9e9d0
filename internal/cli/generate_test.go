package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/grpodata/grpodata/generate"
)

func TestGenerateSimAndResume(t *testing.T) {
	out := filepath.Join(t.TempDir(), "gen.jsonl")
	code, _, errs := runCLI(t, "", "generate", "--prompts", "../../examples/quickstart/prompts.jsonl", "-o", out,
		"--backend", "sim", "--group_size", "4", "--seed", "3", "--progress-every", "1h")
	if code != 0 || !strings.Contains(errs, "50 prompts written") {
		t.Fatalf("code=%d stderr=%s", code, errs)
	}
	first, _ := os.ReadFile(out)
	if n := strings.Count(string(first), "\n"); n != 50 {
		t.Fatalf("%d records", n)
	}
	// Rerun: everything is done, nothing is added.
	code, _, errs = runCLI(t, "", "generate", "../../examples/quickstart/prompts.jsonl", "-o", out, "--backend", "sim", "--group-size", "4", "--seed", "3", "--progress-every", "1h")
	again, _ := os.ReadFile(out)
	if code != 0 || string(again) != string(first) || !strings.Contains(errs, "50 skipped") {
		t.Errorf("resume: code=%d stderr=%s", code, errs)
	}
}

func TestGenerateUsageErrors(t *testing.T) {
	out := filepath.Join(t.TempDir(), "gen.jsonl")
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"generate", "-o", out}, "no prompts"},
		{[]string{"generate", "../../examples/quickstart/prompts.jsonl", "-o", out, "--backend", "nope"}, `--backend: unknown backend "nope" (known: anthropic, openai, sim)`},
		{[]string{"generate", "../../examples/quickstart/prompts.jsonl", "-o", out, "--backend", "sim", "--extra-body", "{bad"}, "--extra-body"},
	} {
		if code, _, errs := runCLI(t, "", tt.args...); code != 2 || !strings.Contains(errs, tt.want) {
			t.Errorf("%v: code=%d stderr=%s", tt.args, code, errs)
		}
	}
}

func TestAugmentUsageErrors(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"augment", "../../examples/quickstart/prompts.jsonl", "-o", "-"}, "nothing to do"},
		{[]string{"augment", "../../examples/quickstart/prompts.jsonl", "--variants", "medium"}, `invalid argument "medium" for "--variants" flag: "medium" is not one of easy, hard`},
		{[]string{"augment", "../../examples/quickstart/prompts.jsonl", "--paraphrase", "1", "--template", "x"}, "KIND=FILE"},
	} {
		if code, _, errs := runCLI(t, "", tt.args...); code != 2 || !strings.Contains(errs, tt.want) {
			t.Errorf("%v: code=%d stderr=%s", tt.args, code, errs)
		}
	}
	if code, out, _ := runCLI(t, "", "augment", "--show-templates"); code != 0 || !strings.Contains(out, "{{.Prompt}}") {
		t.Errorf("--show-templates: code=%d", code)
	}
}

func TestLiveBarShowsRatesAndCost(t *testing.T) {
	var b strings.Builder
	bar := &liveBar{w: &b, priceIn: 1, priceOut: 2}
	p := generate.Progress{Read: 20, Done: 10, Failed: 1, Responses: 160, BytesRead: 50, BytesTotal: 100, Elapsed: 2 * time.Second}
	p.Usage.PromptTokens, p.Usage.CompletionTokens = 1e6, 1e6
	bar.update(p)
	p.Final, p.BytesRead = true, 100
	bar.update(p)
	out := b.String()
	for _, want := range []string{"(0/40)", "(11/11)", "10 done, 1 failed", "80.0 resp/s", "500000 tok/s", "$3.00", "100%"} {
		if !strings.Contains(out, want) {
			t.Errorf("bar lacks %q: %q", want, out)
		}
	}
}

// With the prompts counted before the run, the bar's total is that count
// from the first frame, and the plain line shows it with an ETA.
func TestProgressTotalIsThePromptsToDo(t *testing.T) {
	var b strings.Builder
	bar := &liveBar{w: &b}
	p := generate.Progress{Total: 40, Read: 30, Skipped: 19, Done: 10, Failed: 1, Elapsed: 11 * time.Second}
	bar.update(p)
	if out := b.String(); !strings.Contains(out, "/40)") {
		t.Errorf("bar = %q", out)
	}
	line := p.Line()
	if !strings.Contains(line, "11/40 prompts (28%)") || !strings.HasSuffix(line, ", 11s, ETA 29s") {
		t.Errorf("line = %q", line)
	}
}
