package cli

import (
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/grpodata/grpodata/filter"
	"github.com/grpodata/grpodata/jsonl"
)

func init() { register(newFilterCmd) }

func newFilterCmd(s *Streams) *cobra.Command {
	var io ioFlags
	var bad badRecords
	cfg := filter.DefaultConfig()
	var unscored, thresholds string
	var asJSON bool
	c := &cobra.Command{
		Use:   "filter [FILE...] -o OUT",
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
		RunE: func(cmd *cobra.Command, args []string) error {
			files, err := io.requireInputs(args)
			if err != nil {
				return err
			}
			cfg.Unscored = filter.UnscoredPolicy(unscored)
			if cmd.Flags().Changed("difficulty-thresholds") {
				if cfg.Thresholds, err = filter.ParseThresholds(thresholds); err != nil {
					return usageError(fmt.Errorf("--difficulty-thresholds: %w", err))
				}
			}
			if err := cfg.Check(); err != nil {
				return usageError(err)
			}
			w, err := jsonl.CreateTo(io.output, s.Out)
			if err != nil {
				return usageError(err)
			}
			defer w.Close()
			sum, err := filter.Run(cmd.Context(), files, cfg, bad.open(s), w)
			if err != nil {
				return usageError(err)
			}
			sum.SkippedBad = bad.skipped.N()
			if err := w.Commit(); err != nil {
				return usageError(err)
			}
			if asJSON { // on stderr: the count is in the JSON, a warning line would break it
				enc := json.NewEncoder(s.Err)
				enc.SetIndent("", "  ")
				return enc.Encode(sum)
			}
			bad.summarize(s.Err)
			return sum.WriteText(s.Err)
		},
	}
	io.bind(c, "write the kept records here (atomic; may be the input file); - is stdout")
	bad.bind(c)
	f := c.Flags()
	f.BoolVar(&cfg.DropZeroVariance, "drop-zero-variance", cfg.DropZeroVariance, "drop groups whose scores are all equal (use =false to keep them)")
	f.Float64Var(&cfg.MinPassRate, "min-pass-rate", cfg.MinPassRate, "drop groups with a lower pass rate")
	f.Float64Var(&cfg.MaxPassRate, "max-pass-rate", cfg.MaxPassRate, "drop groups with a higher pass rate")
	f.StringVar(&unscored, "unscored", string(cfg.Unscored), "groups with unscored responses: drop or keep")
	f.BoolVar(&cfg.LabelDifficulty, "label-difficulty", false, "write difficulty (easy/medium/hard) from each kept group's pass rate")
	f.StringVar(&thresholds, "difficulty-thresholds", "0.3,0.7", "pass rates MEDIUM,EASY for --label-difficulty")
	f.BoolVar(&asJSON, "json", false, "print the counts as JSON on stderr")
	f.IntVar(&cfg.Workers, "workers", 0, "decoding goroutines (default: all cores)")
	return c
}
