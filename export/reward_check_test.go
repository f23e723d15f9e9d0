package export_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/grpodata/grpodata/export"
	"github.com/grpodata/grpodata/export/reward"
)

// The reward file really scores in the trainers' calling conventions: the
// verl export is read back with DuckDB (independent of parquet-go), every
// row's arguments are built exactly as verl's reward managers pass them to
// compute_score (and TRL's GRPOTrainer and OpenRLHF to their reward
// functions, from trl.jsonl), the shipped grpodata_reward.py is loaded by
// real Python with importlib from its path, and the scores it returns must
// equal the ones `grpodata verify` gave the records' own responses.

const python3 = "/usr/bin/python3"

// checkRecords are the row kinds the reward must score: math with boxed and
// plain answers, a chat prompt, a reference the verifier solves itself, a
// source verl does not know, asserts, stdin/stdout pairs (with a partial
// score), a check(candidate) program. Each has a correct and a wrong response.
var checkRecords = []string{
	`{"id":"boxed","prompt":"What is 6*7? Put the answer in \\boxed{}.","answer":"42","responses":[{"text":"6*7 = \\boxed{42}"},{"text":"\\boxed{41}"}]}`,
	`{"id":"plain","prompt":"Solve for x: 2x + 5 = 19","answer":"7","responses":[{"text":"2x = 14\nx = 7"},{"text":"so x = 6"}]}`,
	`{"id":"chat","prompt":[{"role":"system","content":"Be brief."},{"role":"user","content":"What is 3^2?"}],"answer":"9","responses":[{"text":"The answer is 9."},{"text":"The answer is 10."}]}`,
	`{"id":"solved","prompt":"Differentiate x^3 + 2x with respect to x.","responses":[{"text":"\\boxed{3x^2 + 2}"},{"text":"\\boxed{3x^2}"}]}`,
	`{"id":"gsm","prompt":"Tom has 3 apples and buys 4 more. How many apples does he have?","answer":"7","source":"gsm8k","responses":[{"text":"3 + 4 = 7\n#### 7"},{"text":"#### 8"}]}`,
	`{"id":"frac","prompt":"What is 10/4?","answer":2.5,"responses":[{"text":"5/2"},{"text":"2"}]}`,
	`{"id":"asserts","prompt":"Write add(a, b).","tests":["assert add(1, 2) == 3","assert add(0, 0) == 0"],"entry_point":"add","source":"mbpp","responses":[{"text":"` + "```python\\ndef add(a, b):\\n    return a + b\\n```" + `"},{"text":"def add(a, b):\n    return a + b + 1"}]}`,
	`{"id":"stdio","prompt":"Read two integers and print their sum.","tests":[{"input":"1 2\n","output":"3\n"},{"input":"0 0\n","output":"0\n"}],"responses":[{"text":"a, b = map(int, input().split())\nprint(a + b)"},{"text":"a, b = map(int, input().split())\nprint(a - b - 1)"},{"text":"a, b = map(int, input().split())\nprint(a * b + 1)"}]}`,
	`{"id":"check","prompt":"def inc(x):\n    \"\"\"Return x + 1.\"\"\"\n","tests":"def check(candidate):\n    assert candidate(1) == 2\n    assert candidate(-1) == 0\n","entry_point":"inc","source":"humaneval","responses":[{"text":"def inc(x):\n    return x + 1"},{"text":"def inc(x):\n    return x"}]}`,
}

func TestRewardFileScoresLikeVerify(t *testing.T) {
	if _, err := os.Stat(python3); err != nil {
		t.Skip("python3 is not at " + python3)
	}
	dir := t.TempDir()
	bin := buildGrpodata(t, dir)

	// The records' own scores: grpodata verify, as a pipeline labels them.
	in := filepath.Join(dir, "generated.jsonl")
	if err := os.WriteFile(in, []byte(strings.Join(checkRecords, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	verified := filepath.Join(dir, "verified.jsonl")
	if out, err := exec.Command(bin, "verify", "--verifier", "auto", in, "-o", verified).CombinedOutput(); err != nil {
		t.Fatalf("grpodata verify: %v\n%s", err, out)
	}
	own := verifiedScores(t, verified)

	exp := func(format, name string, opt export.Options) string {
		out := filepath.Join(dir, name)
		opt.GrpodataBin = bin
		if _, err := export.Run(context.Background(), []string{verified}, export.Config{Format: format, Output: out, Options: opt}, openSkipping, io.Discard); err != nil {
			t.Fatalf("export %s: %v", format, err)
		}
		return out
	}
	verl := exp("verl", "verl.parquet", export.Options{ValFraction: 0.1})
	trl := exp("trl", "trl.jsonl", export.Options{})
	rewardFile := filepath.Join(dir, reward.FileName)
	if src, err := os.ReadFile(rewardFile); err != nil || !bytes.Contains(src, []byte(fmt.Sprintf("GRPODATA_BIN = %q", bin))) {
		t.Fatalf("reward file %s does not record the binary (%v)", rewardFile, err)
	}

	var calls []map[string]any
	var want []any // per call: a score, or a list of them
	agree, total := 0, 0

	// verl: every row of the train and validation files, as DuckDB reads them.
	train, val := duckRead(t, verl), duckRead(t, export.ValPath(verl))
	if len(val.Rows) == 0 || len(train.Rows) == 0 {
		t.Fatalf("split: %d train rows, %d val rows", len(train.Rows), len(val.Rows))
	}
	var batch struct{ ds, sol, gt, extra []any }
	var batchWant []any
	rows := append(append([]any{}, train.Rows...), val.Rows...)
	for _, r := range rows {
		row := r.(map[string]any)
		info := row["extra_info"].(map[string]any)
		id := info["id"].(string)
		rec, ok := own[id]
		if !ok {
			t.Fatalf("row %s is not a record", id)
		}
		ds := row["data_source"].(string)
		if wantDS := map[string]string{"code": export.DataSourceCode, "symbolic_math": export.DataSourceMath}[info["verifier"].(string)]; ds != wantDS {
			t.Errorf("row %s: data_source %q, want %q (verifier %v)", id, ds, wantDS, info["verifier"])
		}
		gt := row["reward_model"].(map[string]any)["ground_truth"].(string)
		if id == "stdio" && !strings.HasPrefix(gt, `{"inputs":`) {
			t.Errorf("stdio row: ground_truth %s is not verl's {inputs, outputs}", gt)
		}
		for i, text := range rec.texts {
			// What verl's reward managers add to extra_info before the call.
			extra := map[string]any{}
			for k, v := range info {
				extra[k] = v
			}
			extra["num_turns"] = nil
			extra["rollout_reward_scores"] = map[string]any{}
			kw := map[string]any{"data_source": ds, "solution_str": text, "ground_truth": gt, "extra_info": extra}
			calls = append(calls, map[string]any{"kind": "verl", "kwargs": kw})
			want = append(want, verlScore(rec.scores[i]))
			batch.ds, batch.sol, batch.gt, batch.extra = append(batch.ds, ds), append(batch.sol, text), append(batch.gt, gt), append(batch.extra, extra)
			batchWant = append(batchWant, verlScore(rec.scores[i]))
		}
	}
	verlCalls := len(calls)
	calls = append(calls, map[string]any{"kind": "verl-batch", "kwargs": map[string]any{
		"data_sources": batch.ds, "solution_strs": batch.sol, "ground_truths": batch.gt, "extra_infos": batch.extra}})
	want = append(want, batchWant)

	// TRL: one generation batch over every row of trl.jsonl, each row's
	// completions in a group; OpenRLHF: one call per completion.
	trlRows := jsonlRows(t, trl)
	trlKw := map[string]any{}
	var prompts, completions, ids, trlWant []any
	for _, row := range trlRows {
		rec := own[row["id"].(string)]
		for i, text := range rec.texts {
			prompts = append(prompts, row["prompt"])
			completions = append(completions, []any{map[string]any{"role": "assistant", "content": text}})
			ids = append(ids, []int{1, 2, 3})
			for k, v := range row {
				if k != "prompt" {
					list, _ := trlKw[k].([]any)
					trlKw[k] = append(list, v)
				}
			}
			trlWant = append(trlWant, derefs(rec.scores[i : i+1])[0])
			p := chatTemplate(row["prompt"].([]any))
			calls = append(calls, map[string]any{"kind": "openrlhf", "args": []any{[]any{p + text}, []any{p}, []any{row["grpodata"]}}})
			want = append(want, []any{verlScore(rec.scores[i])})
		}
	}
	openrlhfCalls := len(trlWant)
	trlKw["prompts"], trlKw["completions"], trlKw["completion_ids"] = prompts, completions, ids
	calls = append(calls, map[string]any{"kind": "trl", "kwargs": trlKw})
	want = append(want, trlWant)

	got := runRewardCheck(t, rewardFile, bin, calls)
	for i := range calls {
		g, w := flatten(got[i]), flatten(want[i])
		if len(g) != len(w) {
			t.Fatalf("call %d (%s): %d scores, want %d", i, calls[i]["kind"], len(g), len(w))
		}
		for k := range w {
			total++
			if fmt.Sprint(g[k]) == fmt.Sprint(w[k]) {
				agree++
			} else {
				detail := marshal(t, calls[i])
				if calls[i]["kind"] == "trl" || calls[i]["kind"] == "verl-batch" {
					detail = []byte(fmt.Sprintf("completion %d", k))
				}
				t.Errorf("call %d (%s) score %d: reward file %v, grpodata verify %v\n%s", i, calls[i]["kind"], k, g[k], w[k], detail)
			}
		}
	}
	t.Logf("reward check: %d rows (%d train, %d val) of %d records, %d responses; verl compute_score %d calls + compute_score_batch 1 call, "+
		"TRL grpodata_reward 1 call of %d completions, OpenRLHF reward_func %d calls; %d of %d scores agree with grpodata verify",
		len(rows), len(train.Rows), len(val.Rows), len(own), verlCalls, verlCalls, len(trlWant), openrlhfCalls, agree, total)
	if len(rows) != len(checkRecords) || len(trlRows) != len(checkRecords) {
		t.Errorf("exported %d verl and %d trl rows of %d records", len(rows), len(trlRows), len(checkRecords))
	}
}

type ownScores struct {
	texts  []string
	scores []*float64
}

func verifiedScores(t *testing.T, path string) map[string]ownScores {
	t.Helper()
	out := map[string]ownScores{}
	for _, r := range jsonlRows(t, path) {
		var s ownScores
		for _, resp := range r["responses"].([]any) {
			m := resp.(map[string]any)
			s.texts = append(s.texts, m["text"].(string))
			if v, ok := m["score"].(float64); ok {
				s.scores = append(s.scores, &v)
			} else {
				s.scores = append(s.scores, nil)
			}
		}
		out[r["id"].(string)] = s
	}
	// The check is only as good as its cases: each record has a right and
	// a wrong response by verify's own judgment.
	for id, s := range out {
		var hi, lo bool
		for _, v := range s.scores {
			hi = hi || v != nil && *v == 1
			lo = lo || v != nil && *v == 0
		}
		if !hi || !lo {
			t.Fatalf("record %s: grpodata verify scored %v: want a 1 and a 0", id, derefs(s.scores))
		}
	}
	return out
}

func derefs(ps []*float64) []any {
	var out []any
	for _, p := range ps {
		if p == nil {
			out = append(out, nil)
		} else {
			out = append(out, *p)
		}
	}
	return out
}

// verlScore is what compute_score returns for a verified score: the score,
// 0.0 for an undecided response (verl needs a number).
func verlScore(s *float64) any {
	if s == nil {
		return 0.0
	}
	return *s
}

func flatten(v any) []any {
	switch x := v.(type) {
	case []any:
		return x
	}
	return []any{v}
}

// chatTemplate stands in for a tokenizer's chat template (OpenRLHF's
// prompts are the templated text, its queries that text plus the response).
func chatTemplate(msgs []any) string {
	var b strings.Builder
	for _, m := range msgs {
		mm := m.(map[string]any)
		fmt.Fprintf(&b, "<|%s|>\n%s\n", mm["role"], mm["content"])
	}
	return b.String() + "<|assistant|>\n"
}

func jsonlRows(t *testing.T, path string) []map[string]any {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows []map[string]any
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		rows = append(rows, m)
	}
	return rows
}

func runRewardCheck(t *testing.T, rewardFile, bin string, calls []map[string]any) []any {
	t.Helper()
	job := filepath.Join(t.TempDir(), "calls.json")
	if err := os.WriteFile(job, marshal(t, map[string]any{"calls": calls}), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(python3, "testdata/rewardcheck.py", rewardFile, job)
	// The recorded path is used: no GRPODATA_BIN, no grpodata on PATH.
	cmd.Env = append(os.Environ(), "GRPODATA_BIN=", "PATH=/usr/bin:/bin")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python3 reward check: %v\n%s", err, stderr.String())
	}
	var got []any
	if err := json.Unmarshal(out, &got); err != nil || len(got) != len(calls) {
		t.Fatalf("reward check output (%v): %s", err, out)
	}
	return got
}

// buildGrpodata builds the grpodata command into dir (with a version set at
// link time, so a start-up does not hash the binary).
func buildGrpodata(t *testing.T, dir string) string {
	t.Helper()
	goTool := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goTool); err != nil {
		goTool = "go"
	}
	bin := filepath.Join(dir, "grpodata")
	cmd := exec.Command(goTool, "build", "-ldflags", "-X github.com/grpodata/grpodata/version.Set=rewardcheck", "-o", bin, "./cmd/grpodata")
	cmd.Dir = ".."
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/grpodata: %v\n%s", err, out)
	}
	if out, err := exec.Command(bin, "verify", "--help").CombinedOutput(); err != nil {
		t.Fatalf("the grpodata binary does not start (the reward file runs it): %v\n%s", err, firstLines(string(out), 5))
	}
	return bin
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "\n")
}
