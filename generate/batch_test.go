package generate_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/grpodata/grpodata/generate"
	"github.com/grpodata/grpodata/llm"
	"github.com/grpodata/grpodata/llm/anthropic"
	"github.com/grpodata/grpodata/llm/llmtest"
	"github.com/grpodata/grpodata/llm/openai"
)

func countPath(srv *llmtest.Server, path string) int {
	n := 0
	for _, r := range srv.Received() {
		if r.Path == path {
			n++
		}
	}
	return n
}

func TestBatchOpenAIResume(t *testing.T) {
	srv := llmtest.NewOpenAI(llmtest.Config{BatchPolls: 3, BatchFail: func(id string) bool { return id == "r1" }})
	defer srv.Close()
	be, err := openai.New(llm.Config{BaseURL: srv.URL + "/v1", Model: "m"})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	prompts := writePrompts(t, dir, 6)
	out := filepath.Join(dir, "gen.jsonl")
	cfg := generate.Config{Inputs: []string{prompts}, Output: out, GroupSize: 3, Params: llm.Params{Temperature: ptr(0.7)}}
	bc := generate.BatchConfig{Batcher: be, Backend: "openai", PollEvery: time.Millisecond, NoWait: true}

	// First run submits and returns at once; the state file records the job.
	_, err = generate.RunBatch(context.Background(), cfg, bc)
	if !errors.Is(err, generate.ErrBatchPending) {
		t.Fatalf("err = %v", err)
	}
	st, ok, err := llm.LoadBatchState(out + ".batch.json")
	if !ok || err != nil || st.JobID == "" || len(st.Items) != 6 {
		t.Fatalf("state %+v %v %v", st, ok, err)
	}
	// Second run resumes the same job and waits for it.
	bc.NoWait = false
	var states []string
	bc.OnStatus = func(s llm.BatchStatus) { states = append(states, s.State) }
	p, err := generate.RunBatch(context.Background(), cfg, bc)
	if err != nil || p.Done != 5 || p.Failed != 1 || p.Responses != 15 {
		t.Fatalf("%+v %v", p, err)
	}
	if countPath(srv, "/v1/batches") != 1 || len(states) == 0 || states[len(states)-1] != "completed" {
		t.Errorf("%d jobs submitted, states %v", countPath(srv, "/v1/batches"), states)
	}
	if _, err := os.Stat(out + ".batch.json"); !os.IsNotExist(err) {
		t.Error("state file left after the job was collected")
	}
	recs := readOut(t, out)
	if len(recs) != 5 || len(recs["p0"].Responses) != 3 || !strings.Contains(string(recs["p0"].AppendJSON(nil)), `"temperature":0.7`) {
		t.Fatalf("records = %d", len(recs))
	}
	fails := readOut(t, out+".failures.jsonl")
	if len(fails) != 1 {
		t.Fatalf("failures = %v", fails)
	}
	// Third run submits only the failed prompt.
	srv2 := llmtest.NewOpenAI(llmtest.Config{})
	defer srv2.Close()
	be2, _ := openai.New(llm.Config{BaseURL: srv2.URL + "/v1", Model: "m"})
	bc.Batcher = be2
	p, err = generate.RunBatch(context.Background(), cfg, bc)
	if err != nil || p.Done != 1 || p.Skipped != 5 || len(readOut(t, out)) != 6 {
		t.Fatalf("%+v %v", p, err)
	}
}

func TestBatchAnthropic(t *testing.T) {
	srv := llmtest.NewAnthropic(llmtest.Config{BatchPolls: 1})
	defer srv.Close()
	be, err := anthropic.New(llm.Config{BaseURL: srv.URL, Model: "c", APIKey: "k"})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "gen.jsonl")
	cfg := generate.Config{Inputs: []string{writePrompts(t, dir, 5)}, Output: out, GroupSize: 2, Limit: 3}
	p, err := generate.RunBatch(context.Background(), cfg, generate.BatchConfig{Batcher: be, Backend: "anthropic", PollEvery: time.Millisecond})
	if err != nil || p.Done != 3 || p.Responses != 6 {
		t.Fatalf("%+v %v", p, err)
	}
	// A state from another backend is refused.
	llm.SaveBatchState(out+".batch.json", llm.BatchState{Backend: "openai", JobID: "x"})
	if _, err := generate.RunBatch(context.Background(), cfg, generate.BatchConfig{Batcher: be, Backend: "anthropic"}); err == nil || !strings.Contains(err.Error(), "openai batch job is pending") {
		t.Fatalf("err = %v", err)
	}
	// A state saved just before a crash, without a job, is submitted again.
	llm.SaveBatchState(out+".batch.json", llm.BatchState{Backend: "anthropic", Items: map[string]string{"r0": "p0"}})
	p, err = generate.RunBatch(context.Background(), cfg, generate.BatchConfig{Batcher: be, Backend: "anthropic", PollEvery: time.Millisecond})
	if err != nil || p.Done != 2 || len(readOut(t, out)) != 5 {
		t.Fatalf("%+v %v", p, err)
	}
}
