package filter

import (
	"context"

	"github.com/grpodata/grpodata/jsonl"
	"github.com/grpodata/grpodata/stage"
)

// Stage is filter as a pipeline stage and command.
var Stage = stage.Def[Config]{
	Spec: stage.Spec{
		Name:  "filter",
		Short: "Keep the groups worth training on: drop zero-variance, unscored and out-of-band groups; label difficulty",
		Long: `Filter streams records to --output, in input order, keeping the groups with a
learning signal. A group is dropped for the first reason that applies:

  empty                no responses
  unscored             a response has no score (--unscored drop, the default;
                       with --unscored keep the group is judged on its scored
                       responses, and kept unjudged if it has none)
  zero_variance        all scores equal: every GRPO advantage is 0
                       (--drop-zero-variance, on by default; DAPO dynamic sampling)
  below_min_pass_rate  pass rate < --min-pass-rate
  above_max_pass_rate  pass rate > --max-pass-rate

Pass rate is correct over scored responses (the "correct" flag, or score 1).
--label-difficulty writes "difficulty" from the pass rate of each kept group:
with --difficulty-thresholds MEDIUM,EASY (default 0.3,0.7), pass rate >= EASY
is easy, >= MEDIUM medium, else hard. Kept records are otherwise written byte
for byte. The counts of what was dropped and why go to stderr (--json: as JSON).`,
		Example: `  grpodata filter data/verified.jsonl -o data/train.jsonl
  grpodata filter verified.jsonl -o train.jsonl --min-pass-rate 0.1 --max-pass-rate 0.9
  grpodata filter verified.jsonl -o train.jsonl --label-difficulty --difficulty-thresholds 0.2,0.8
  grpodata filter verified.jsonl -o train.jsonl --unscored keep --drop-zero-variance=false --json`,
		Order:      40,
		Output:     "filtered.jsonl",
		BadRecords: true,
	},
	Defaults:    DefaultConfig,
	CheckConfig: func(c *Config) error { return c.Check() },
	RunConfig:   runStage,
}

func init() { stage.Register(Stage) }

// runStage filters the source into the sink, committing it only on success.
func runStage(ctx context.Context, in jsonl.Source, out jsonl.Sink, c *Config) (stage.Summary, error) {
	w, err := out.Create()
	if err != nil {
		return stage.Summary{}, err
	}
	defer w.Close()
	sum, err := Run(ctx, in.Files, *c, in.Open, w)
	if err != nil {
		return stage.Summary{}, err
	}
	if in.SkipBad != nil {
		sum.SkippedBad = in.SkipBad.N()
	}
	if err := w.Commit(); err != nil {
		return stage.Summary{}, err
	}
	return stage.Summary{Records: int64(sum.Kept), Value: sum, Text: sum.WriteText}, nil
}
