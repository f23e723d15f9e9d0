package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPromptsCommand(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		stdin    string
		code     int
		inStdout string
		inStderr string
	}{
		{"detect gsm8k", []string{"prompts", "../../prompts/testdata/gsm8k.jsonl"}, "", 0, `"answer":"37500"`, "gsm8k.jsonl: 4 prompts (gsm8k)"},
		{"explicit mbpp", []string{"prompts", "--format", "mbpp", "../../prompts/testdata/mbpp.jsonl"}, "", 0, `"entry_point":"remove_Occ"`, "4 prompts (mbpp)"},
		{"gzip humaneval", []string{"prompts", "-i", "../../prompts/testdata/humaneval_gz.jsonl.gz"}, "", 0, `"id":"HumanEval/2"`, "(humaneval)"},
		{"stdin", []string{"prompts", "-f", "math", "-"}, `{"problem":"p","solution":"\\boxed{7}","level":"Level 5","type":"Geometry"}` + "\n", 0, `{"prompt":"p","answer":"7","solution":"\\boxed{7}","difficulty":"hard","category":"Geometry","source":"math"}`, "<stdin>: 1 prompts (math)"},
		{"chat", []string{"prompts", "--chat", "../../prompts/testdata/gsm8k.jsonl"}, "", 0, `{"prompt":[{"role":"user","content":"Natalia`, ""},
		{"bad row", []string{"prompts", "-f", "gsm8k", "-"}, `{"question":"q","answer":"#### 1"}` + "\n" + `{"question":"q","answer":"no marker"}` + "\n", 2, "", `grpodata: <stdin>:2: answer: bad value: no final answer line "#### N" (gsm8k)`},
		{"undetectable", []string{"prompts", "-"}, `{"x":1}` + "\n", 2, "", `<stdin>:1: cannot detect the data set from the fields "x"`},
		{"unknown format", []string{"prompts", "-f", "squad", "x.jsonl"}, "", 2, "", `unknown format "squad"`},
		{"no input", []string{"prompts"}, "", 2, "", "no input"},
		{"missing file", []string{"prompts", "nope.jsonl"}, "", 2, "", "nope.jsonl"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := runCLI(t, tt.stdin, tt.args...)
			if code != tt.code || !strings.Contains(out, tt.inStdout) || !strings.Contains(errs, tt.inStderr) {
				t.Errorf("code=%d (want %d)\nstdout=%s\nstderr=%s", code, tt.code, out, errs)
			}
			if code != 0 && strings.Count(errs, "\n") > 1 {
				t.Errorf("error output must be one line: %q", errs)
			}
		})
	}
}

func TestPromptsOutputFileIsAtomic(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "prompts.jsonl")
	if err := os.WriteFile(out, []byte("old\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A bad row leaves the old output in place.
	code, _, _ := runCLI(t, `{"question":"q","answer":"#### 1"}`+"\n"+`{"question":"q"}`+"\n", "prompts", "-", "-o", out)
	if b, _ := os.ReadFile(out); code != 2 || string(b) != "old\n" {
		t.Fatalf("code=%d output=%q", code, b)
	}
	code, _, _ = runCLI(t, "", "prompts", "../../prompts/testdata/math.jsonl", "-o", out)
	want, _ := os.ReadFile("../../prompts/testdata/math.golden.jsonl")
	if b, _ := os.ReadFile(out); code != 0 || string(b) != string(want) {
		t.Errorf("code=%d output=%s", code, b)
	}
}
