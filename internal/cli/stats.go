package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/grpodata/grpodata/jsonl"
	"github.com/grpodata/grpodata/stats"
	"github.com/grpodata/grpodata/tokenize"
)

func init() { register(newStatsCmd) }

func newStatsCmd(s *Streams) *cobra.Command {
	var io ioFlags
	var bad badRecords
	var cfg stats.Config
	var asJSON, annotate, sampleStd bool
	var tokenizer string
	var advantage, ks string
	eps := stats.DefaultEps
	c := &cobra.Command{
		Use:   "stats [FILE...]",
		Short: "Group statistics: mean, std, pass rate, pass@k, zero variance, lengths; annotate GRPO advantages",
		Long: `Stats reads scored records in one streaming pass and prints a table of the
whole data set, by category and by difficulty: groups, responses, scored
responses, mean score, pass rate, zero-variance fraction and unbiased pass@k
(k = 1, 4, 8, 16 up to the group size), then response lengths.

Rules: a response without a score is left out of every statistic (counted
under "missing scores"); a scored response is correct when its "correct" flag
is true, or, without a flag, when its score is 1; std is the population std.
pass@k is the Codex estimator 1 - C(n-c,k)/C(n,k) over groups with at least
k scored responses.

With --annotate, every record is written to --output with
metadata.advantage in each scored response: grpo (r - mean)/(std + eps), or
drgrpo r - mean. The report then goes to stderr when the records go to stdout.`,
		Example: `  grpodata stats data/verified.jsonl
  grpodata stats data/*.jsonl.zst --json > stats.json
  grpodata stats verified.jsonl --tokenizer path/to/tokenizer.json     # lengths in tokens too
  grpodata stats verified.jsonl --annotate -o annotated.jsonl --advantage drgrpo
  grpodata stats verified.jsonl --annotate -o annotated.jsonl --eps 1e-4 --sample-std`,
		RunE: func(cmd *cobra.Command, args []string) error {
			files, err := io.requireInputs(args)
			if err != nil {
				return err
			}
			if cmd.Flags().Changed("output") && !annotate {
				return usageError(errors.New("--output writes annotated records: add --annotate (the report goes to stdout)"))
			}
			if cfg.Ks, err = parsePassKs(ks); err != nil {
				return usageError(err)
			}
			if tokenizer != "" {
				c, err := tokenize.New(tokenizer)
				if err != nil {
					return usageError(fmt.Errorf("--tokenizer: %w", err))
				}
				cfg.Counter = c
			}
			if annotate {
				v, err := stats.ParseVariant(advantage)
				if err != nil {
					return usageError(err)
				}
				a := stats.AdvantageConfig{Variant: v, Eps: eps, SampleStd: sampleStd}
				if err := a.Check(); err != nil {
					return usageError(fmt.Errorf("--eps: %w", err))
				}
				cfg.Annotate = &a
			}
			report := s.Out
			var w *jsonl.Writer
			if annotate {
				if w, err = jsonl.CreateTo(io.output, s.Out); err != nil {
					return usageError(err)
				}
				defer w.Close()
				if io.output == "-" {
					report = s.Err
				}
			}
			var out stats.LineWriter
			if w != nil {
				out = w
			}
			res, err := stats.Run(cmd.Context(), files, cfg, bad.open(s), out)
			if err != nil {
				return usageError(err)
			}
			bad.summarize(s.Err)
			if w != nil {
				if err := w.Commit(); err != nil {
					return usageError(err)
				}
			}
			if asJSON {
				enc := json.NewEncoder(report)
				enc.SetIndent("", "  ")
				return enc.Encode(res)
			}
			return stats.WriteText(report, res)
		},
	}
	io.bind(c, "with --annotate: write the annotated records here (atomic; may be the input file)")
	bad.bind(c)
	f := c.Flags()
	f.BoolVar(&asJSON, "json", false, "print the statistics as JSON")
	f.StringVar(&tokenizer, "tokenizer", "", "also measure response lengths in tokens: o200k, cl100k, estimate or a tokenizer.json path")
	f.StringVar(&ks, "k", "1,4,8,16", "comma-separated k of pass@k (those above a group's scored size are skipped)")
	f.BoolVar(&annotate, "annotate", false, "write metadata.advantage into every scored response (records to --output)")
	f.StringVar(&advantage, "advantage", string(stats.GRPO), "advantage estimator: grpo (r-mean)/(std+eps) or drgrpo r-mean")
	f.Float64Var(&eps, "eps", eps, "grpo: epsilon added to the std")
	f.BoolVar(&sampleStd, "sample-std", false, "grpo: Bessel-corrected std (n-1), as torch.std in TRL and verl")
	f.IntVar(&cfg.Workers, "workers", 0, "decoding goroutines (default: all cores)")
	return c
}

func parsePassKs(s string) ([]int, error) {
	var ks []int
	for _, p := range strings.Split(s, ",") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		k, err := strconv.Atoi(p)
		if err != nil || k < 1 {
			return nil, fmt.Errorf("--k: %q is not a positive integer", p)
		}
		ks = append(ks, k)
	}
	if len(ks) == 0 {
		return nil, errors.New("--k: give at least one k")
	}
	return ks, nil
}
