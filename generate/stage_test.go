package generate_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/grpodata/grpodata/generate"
	"github.com/grpodata/grpodata/jsonl"
	_ "github.com/grpodata/grpodata/llm/sim"
)

// A resumed run's summary counts the records of the whole output and the
// tokens behind them: the kept ones and the new ones, as a pipeline's run
// manifest records them.
func TestStageSummaryCoversTheWholeOutput(t *testing.T) {
	out := filepath.Join(t.TempDir(), "gen.jsonl")
	run := func(limit int) (records, prompt, completion int64) {
		o := generate.DefaultOptions()
		o.Backend, o.GroupSize, o.Limit = "sim", 2, limit
		o.Prompts = []string{"../examples/quickstart/prompts.jsonl"}
		o.ProgressEvery = 0
		if err := generate.Stage.Check(&o); err != nil {
			t.Fatal(err)
		}
		sum, err := generate.Stage.Run(context.Background(), jsonl.Source{}, jsonl.Sink{Path: out}, &o)
		if err != nil {
			t.Fatal(err)
		}
		return sum.Records, sum.Usage.PromptTokens, sum.Usage.CompletionTokens
	}
	r1, p1, c1 := run(20)
	r2, p2, c2 := run(0)
	if r1 != 20 || r2 != 50 {
		t.Errorf("records: %d then %d, want 20 then 50 (the whole output)", r1, r2)
	}
	if p2 <= p1 || c2 <= c1 {
		t.Errorf("usage after resuming (%d, %d) must exceed the first run's (%d, %d): it covers the kept records too", p2, c2, p1, c1)
	}
	// Nothing left to do: the output's usage is unchanged.
	r3, p3, c3 := run(0)
	if r3 != 50 || p3 != p2 || c3 != c2 {
		t.Errorf("a run with nothing to do: %d records, usage (%d, %d), want 50, (%d, %d)", r3, p3, c3, p2, c2)
	}
}
