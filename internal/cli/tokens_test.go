package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runTokens runs the CLI with args and stdin.
func runTokens(stdin string, args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = Main(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestTokens(t *testing.T) {
	in := `{"id": "a", "prompt": "Solve for x: 2x + 5 = 15", "responses": [{"text": "x = 5"}, {"text": ""}]}
{"prompt": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "hello world"}]}
{"id": 7, "prompt": "<|endoftext|>", "responses": [{"text": "one two three four five six seven eight nine ten"}]}
`
	code, out, errs := runTokens(in, "tokens", "--tokenizer", "o200k", "-")
	if code != 0 {
		t.Fatalf("code %d, stderr %s", code, errs)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	want := []string{
		`{"id": "a", "prompt_tokens": 13, "response_tokens": [4, 0]}`,
		`"prompt_tokens": 5, "response_tokens": []}`, // id: the prompt hash
		`{"id": "7", "prompt_tokens": 1, "response_tokens": [10]}`,
	}
	if len(lines) != len(want) {
		t.Fatalf("output:\n%s", out)
	}
	for i, w := range want {
		if !strings.HasSuffix(lines[i], w) {
			t.Errorf("line %d = %s, want ...%s", i+1, lines[i], w)
		}
	}
	for _, s := range []string{"tokenizer: o200k", "records: 3, responses: 3", "prompt tokens: 19", "response tokens: 14", "total tokens: 33"} {
		if !strings.Contains(errs, s) {
			t.Errorf("stderr lacks %q:\n%s", s, errs)
		}
	}

	// estimate, to a file
	path := filepath.Join(t.TempDir(), "tokens.jsonl")
	code, _, errs = runTokens(in, "tokens", "--tokenizer", "estimate", "-o", path, "-")
	b, err := os.ReadFile(path)
	if code != 0 || err != nil || !strings.Contains(string(b), `"response_tokens": [13]}`) {
		t.Errorf("estimate: code %d, %v, %s, %s", code, err, b, errs)
	}
}

func TestTokensErrors(t *testing.T) {
	for _, c := range []struct {
		name, stdin string
		args        []string
		inStderr    string
	}{
		{"unknown tokenizer", "", []string{"tokens", "--tokenizer", "gpt-17", "-"}, "unknown tokenizer"},
		{"missing tokenizer file", "", []string{"tokens", "--tokenizer", "no/tokenizer.json", "-"}, "no/tokenizer.json"},
		{"no input", "", []string{"tokens"}, "no input"},
		{"bad record", "{\"prompt\": 3}\n", []string{"tokens", "-"}, "<stdin>:1:"},
		{"missing file", "", []string{"tokens", "nope.jsonl"}, "nope.jsonl"},
	} {
		code, _, errs := runTokens(c.stdin, c.args...)
		if code != 2 || !strings.Contains(errs, c.inStderr) || strings.Count(errs, "\n") > 1 {
			t.Errorf("%s: code %d, stderr %q", c.name, code, errs)
		}
	}
}
