package export_test

import (
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/grpodata/grpodata/export"
	"github.com/grpodata/grpodata/export/reward"
)

// Rows verified with a weighted combination train with the same
// combination: the reward file re-runs it and gives the scores verify gave
// (a right answer without its reasoning block scores 0.8, not 1).
func TestRewardFileScoresCombinationsLikeVerify(t *testing.T) {
	if _, err := os.Stat(python3); err != nil {
		t.Skip("python3 is not at " + python3)
	}
	dir := t.TempDir()
	bin := buildGrpodata(t, dir)
	records := []string{
		`{"id":"m1","prompt":"What is 6*7?","answer":"42","responses":[{"text":"<think>6*7 is 42</think>\n\\boxed{42}"},{"text":"\\boxed{42}"},{"text":"<think>hmm</think>\n\\boxed{41}"}]}`,
		`{"id":"m2","prompt":"Solve for x: 2x + 5 = 19","answer":"7","responses":[{"text":"<think>2x = 14</think>\nx = 7"},{"text":"<think></think>\nx = 6"}]}`,
	}
	in := filepath.Join(dir, "generated.jsonl")
	os.WriteFile(in, []byte(strings.Join(records, "\n")+"\n"), 0o644)
	verified := filepath.Join(dir, "verified.jsonl")
	const combo = "symbolic_math:0.8,format:0.2"
	if out, err := exec.Command(bin, "verify", "--verifier", combo, in, "-o", verified).CombinedOutput(); err != nil {
		t.Fatalf("grpodata verify: %v\n%s", err, out)
	}
	own := map[string]ownScores{}
	for _, r := range jsonlRows(t, verified) {
		var s ownScores
		for _, resp := range r["responses"].([]any) {
			m := resp.(map[string]any)
			v, _ := m["score"].(float64)
			s.texts, s.scores = append(s.texts, m["text"].(string)), append(s.scores, &v)
		}
		own[r["id"].(string)] = s
	}
	if got := derefs(own["m1"].scores); len(got) != 3 || got[0] != 1.0 || got[1] != 0.8 || got[2] != 0.2 {
		t.Fatalf("verify %s scored m1 %v, want [1 0.8 0.2]", combo, got)
	}
	out := filepath.Join(dir, "trl.jsonl")
	if _, err := export.Run(context.Background(), []string{verified}, export.Config{Format: "trl", Output: out, Options: export.Options{GrpodataBin: bin}}, openSkipping, io.Discard); err != nil {
		t.Fatal(err)
	}
	var calls []map[string]any
	var want []any
	for _, row := range jsonlRows(t, out) {
		if row["verifier"] != combo {
			t.Errorf("row %v: verifier %v, want %s", row["id"], row["verifier"], combo)
		}
		rec := own[row["id"].(string)]
		for i, text := range rec.texts {
			kw := map[string]any{"prompts": []any{row["prompt"]}, "completions": []any{text}}
			for k, v := range row {
				if k != "prompt" {
					kw[k] = []any{v}
				}
			}
			calls = append(calls, map[string]any{"kind": "trl", "kwargs": kw})
			want = append(want, []any{*rec.scores[i]})
		}
	}
	got := runRewardCheck(t, filepath.Join(dir, reward.FileName), bin, calls)
	for i := range calls {
		if g, w := flatten(got[i]), flatten(want[i]); len(g) != 1 || g[0] != w[0] {
			t.Errorf("completion %d: reward file %v, grpodata verify %v", i, g, w)
		}
	}
}
