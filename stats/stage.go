package stats

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/grpodata/grpodata/jsonl"
	"github.com/grpodata/grpodata/stage"
	"github.com/grpodata/grpodata/tokenize"
)

// StageConfig is the stats command's configuration as users give it; the
// stage turns it into a Config (a tokenizer loaded, pass@k parsed).
type StageConfig struct {
	JSON      bool     `yaml:"json" help:"print the statistics as JSON"`
	Tokenizer string   `yaml:"tokenizer" help:"also measure response lengths in tokens: o200k, cl100k, estimate or a tokenizer.json path"`
	K         []string `yaml:"k" sep:"," help:"comma-separated k of pass@k (those above a group's scored size are skipped)"`
	Annotate  bool     `yaml:"annotate" help:"write metadata.advantage into every scored response (records to --output)"`
	Advantage string   `yaml:"advantage" help:"advantage estimator: grpo (r-mean)/(std+eps) or drgrpo r-mean"`
	Eps       float64  `yaml:"eps" help:"grpo: epsilon added to the std"`
	SampleStd bool     `yaml:"sample_std" help:"grpo: Bessel-corrected std (n-1), as torch.std in TRL and verl"`
	Workers   int      `yaml:"workers" help:"decoding goroutines (default: all cores)"`
}

// DefaultStageConfig holds the command's defaults.
func DefaultStageConfig() StageConfig {
	return StageConfig{K: []string{"1", "4", "8", "16"}, Advantage: string(GRPO), Eps: DefaultEps}
}

// Stage is stats as a command: the report to standard output, or, with
// annotate, the annotated records to the output and the report to stderr.
var Stage = stage.Def[StageConfig]{
	Spec: stage.Spec{
		Name:  "stats",
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
		BadRecords: true,
		Report:     true,
	},
	Defaults:    DefaultStageConfig,
	CheckConfig: func(c *StageConfig) error { _, err := c.config(); return err },
	RunConfig:   runStage,
}

func init() { stage.Register(Stage) }

// config is the library configuration the options ask for (without the
// tokenizer, which Run loads).
func (c *StageConfig) config() (Config, error) {
	var cfg Config
	cfg.Workers = c.Workers
	for _, p := range c.K {
		k, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil || k < 1 {
			return cfg, fmt.Errorf("--k: %q is not a positive integer", p)
		}
		cfg.Ks = append(cfg.Ks, k)
	}
	if len(cfg.Ks) == 0 {
		return cfg, errors.New("--k: give at least one k")
	}
	if c.Annotate {
		v, err := ParseVariant(c.Advantage)
		if err != nil {
			return cfg, err
		}
		a := AdvantageConfig{Variant: v, Eps: c.Eps, SampleStd: c.SampleStd}
		if err := a.Check(); err != nil {
			return cfg, fmt.Errorf("--eps: %w", err)
		}
		cfg.Annotate = &a
	}
	return cfg, nil
}

func runStage(ctx context.Context, in jsonl.Source, out jsonl.Sink, c *StageConfig) (stage.Summary, error) {
	cfg, err := c.config()
	if err != nil {
		return stage.Summary{}, err
	}
	if out.Path != "-" && !c.Annotate {
		return stage.Summary{}, errors.New("--output writes annotated records: add --annotate (the report goes to stdout)")
	}
	if c.Tokenizer != "" {
		if cfg.Counter, err = tokenize.New(c.Tokenizer); err != nil {
			return stage.Summary{}, fmt.Errorf("--tokenizer: %w", err)
		}
	}
	report, records, err := statsOutputs(out, c.Annotate)
	if err != nil {
		return stage.Summary{}, err
	}
	var lw LineWriter
	if records != nil {
		defer records.Close()
		lw = records
	}
	res, err := Run(ctx, in.Files, cfg, in.Open, lw)
	if err != nil {
		return stage.Summary{}, err
	}
	if records != nil {
		if err := records.Commit(); err != nil {
			return stage.Summary{}, err
		}
	}
	text := func(w io.Writer) error {
		if report != nil {
			w = report
		}
		if c.JSON {
			enc := json.NewEncoder(w)
			enc.SetIndent("", "  ")
			return enc.Encode(res)
		}
		return WriteText(w, res)
	}
	return stage.Summary{Records: int64(res.Overall.Groups), Value: res, Text: text}, nil
}

// statsOutputs are where the report and the annotated records go: the
// report to standard output, unless the records go there (then to
// standard error, which a Sink does not carry: the summary writer's).
func statsOutputs(out jsonl.Sink, annotate bool) (report io.Writer, records *jsonl.Writer, err error) {
	report = out.Out
	if !annotate {
		return report, nil, nil
	}
	if records, err = out.Create(); err != nil {
		return nil, nil, err
	}
	if out.Path == "-" {
		report = nil // the summary's writer (stderr)
	}
	return report, records, nil
}
