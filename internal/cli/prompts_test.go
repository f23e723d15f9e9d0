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
		{"unknown format", []string{"prompts", "-f", "squad", "x.jsonl"}, "", 2, "", `unknown prompt format "squad" (known: gsm8k, humaneval, math, mbpp)`},
		{"sanitized mbpp, one JSON array", []string{"prompts", "../../prompts/testdata/sanitized-mbpp.json"}, "", 0, `"id":"mbpp/903"`, "sanitized-mbpp.json: 3 prompts (mbpp)"},
		{"git lfs pointer", []string{"prompts", "-"}, lfsPointer, 2, "", "grpodata: <stdin> is a Git LFS pointer, not the data: run git lfs pull"},
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

const lfsPointer = "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 278372\n"

// TestHelpIsPlainText: help is read in terminals; a control character in it
// (once a backspace from "\boxed" in an interpreted string) garbles it.
func TestHelpIsPlainText(t *testing.T) {
	root := NewRoot(&Streams{})
	for _, c := range append(root.Commands(), root) {
		_, out, _ := runCLI(t, "", c.Name(), "--help")
		if c == root {
			_, out, _ = runCLI(t, "", "--help")
		}
		for i, r := range out {
			if r < 0x20 && r != '\n' && r != '\t' || r == 0x7f {
				t.Errorf("%s --help: control character %q at byte %d: %q", c.Name(), r, i, out[max(0, i-30):i])
				break
			}
		}
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
