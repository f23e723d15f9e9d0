package view

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/grpodata/grpodata/record"
)

// hostile is model text that would run if it were ever treated as HTML.
const hostile = `Here is my answer </script><script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2"> & <b>bold</b>`

// syntheticRecord builds record i of a deterministic fixture: categories,
// difficulties, chat and plain prompts, scored, unscored and partial
// groups, verifier reasons, reasoning, execution output, Unicode.
func syntheticRecord(i int, rng *rand.Rand) *record.Record {
	cats := []string{"algebra", "calculus", "code", "geometry", ""}
	diffs := []string{"easy", "medium", "hard"}
	rec := &record.Record{
		ID:         fmt.Sprintf("rec-%04d", i),
		Prompt:     record.Prompt{Text: fmt.Sprintf("Problem %d: solve  x + %d = %d.\nShow   your work. ünïcode ✓", i, i, 2*i)},
		Category:   cats[i%len(cats)],
		Difficulty: diffs[i%len(diffs)],
		Answer:     fmt.Sprint(i),
	}
	if i == 5 {
		rec.Prompt.Text += " </script><script>window.__pwned = 3</script>"
	}
	if i%7 == 3 {
		rec.Prompt = record.Prompt{Messages: []record.Message{{Role: "system", Content: "Be brief."}, {Role: "user", Content: fmt.Sprintf("Chat problem %d: what is %d+%d?", i, i, i)}}}
	}
	n := 1 + i%8
	pass := rng.Float64()
	for j := range n {
		ok := rng.Float64() < pass
		text := fmt.Sprintf("Step one.\n\tStep two for %d, response %d. So \\boxed{%d}", i, j, i)
		if i%11 == 5 && j == 0 {
			text = hostile
		}
		r := record.Response{Text: text}
		switch {
		case i%13 == 7: // not verified at all
		case i%9 == 4 && j == 1: // partly verified
		default:
			s := 0.0
			if ok {
				s = 1
			}
			if i%10 == 9 {
				s = 0.5 // zero variance, never correct by score
			}
			r.Score = &s
			if j%2 == 0 {
				r.Correct = record.Bool(ok)
			}
			reason := "match"
			if !ok {
				reason = []string{"mismatch: got 3, want 4", "no answer found", "timeout: 5s"}[rng.IntN(3)]
			}
			r.Metadata.Set("verifier", map[string]string{"name": "symbolic_math", "reason": reason, "extracted": fmt.Sprint(i + j)})
		}
		if j == 0 {
			r.Reasoning = "thinking about it <script>alert(1)</script>"
			r.ExecutionOutput = "stdout: ok"
		}
		rec.Responses = append(rec.Responses, r)
	}
	return rec
}

// writeSynthetic writes n fixture records (with a blank line and a CRLF
// line among them) and returns the path.
func writeSynthetic(t testing.TB, n int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "groups.jsonl")
	rng := rand.New(rand.NewPCG(1, 2))
	var sb strings.Builder
	for i := range n {
		sb.Write(syntheticRecord(i, rng).AppendJSON(nil))
		switch i {
		case 2:
			sb.WriteString("\r\n\n")
		default:
			sb.WriteString("\n")
		}
	}
	if err := os.WriteFile(path, []byte(sb.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
