package math

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/grpodata/grpodata/jsonl"
	"github.com/grpodata/grpodata/record"
	"github.com/grpodata/grpodata/verify"
)

// TestRunEndToEnd streams a small file through the verify runner with this verifier.
func TestRunEndToEnd(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.jsonl")
	lines := []string{
		`{"id":"a","prompt":"What is 1/2 + 1/4?","answer":"\\frac34","responses":[{"text":"It is $\\boxed{0.75}$."},{"text":"It is $\\boxed{0.7}$."}]}`,
		`{"id":"b","prompt":"Solve for x: 2x + 5 = 15","responses":[{"text":"x = 5"},{"text":"x = 4"}]}`,
		`{"id":"c","prompt":"Tell me a story.","responses":[{"text":"Once upon a time."}]}`,
		`{"id":"d","prompt":"Natalia sold clips","answer":"48/2 = 24\n#### 72","responses":[{"text":"#### 72"}]}`,
	}
	if err := os.WriteFile(in, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out.jsonl")
	for _, name := range []string{"symbolic_math", "math"} {
		sum, err := verify.Run(context.Background(), jsonl.Source{Files: []string{in}}, jsonl.Sink{Path: out}, verify.Config{Verifier: name})
		if err != nil {
			t.Fatal(err)
		}
		if sum.Responses != 6 || sum.Scored != 5 || sum.Correct != 3 {
			t.Errorf("%s: summary %+v", name, sum)
		}
		data, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		got := strings.Split(strings.TrimSpace(string(data)), "\n")
		want := [][]string{{"1", "0"}, {"1", "0"}, {"missing"}, {"1"}}
		for i, l := range got {
			r, err := record.Decode([]byte(l))
			if err != nil {
				t.Fatal(err)
			}
			for j, resp := range r.Responses {
				if s := fmtScore(resp.Score); s != want[i][j] {
					t.Errorf("%s: record %s response %d: score %s, want %s", name, r.ID, j, s, want[i][j])
				}
			}
		}
	}
}
