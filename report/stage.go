package report

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/grpodata/grpodata/jsonl"
	"github.com/grpodata/grpodata/stage"
)

// Stage is report as a pipeline stage and command.
var Stage = stage.Def[Config]{
	Spec: stage.Spec{
		Name:  "report",
		Short: "Write a self-contained HTML report with charts and a browsable sample of groups",
		Long: `Report reads GRPO data in one streaming pass and writes one HTML file that needs
no network: summary figures, inline SVG charts (score distribution, group
score spread, pass rate by category and by difficulty, response length,
verification coverage and failure reasons from metadata.verifier.reason) and a
browsable, searchable sample of groups with every response and its score.
It also shows what trainers log: pass@k, the reward mean and std, a histogram of
GRPO advantages, the share of truncated responses (finish_reason "length") and
response lengths in tokens with --tokenizer. --filtered adds a before/after
filtering table; --stage-label says what the input is.

A line that is not a valid record stops the report with FILE:LINE: field:
message (exit 2); with --skip-bad it is skipped, counted and listed at the top
of the page (and on stderr). An unreadable or empty input stops it too.
Memory holds aggregates and the sample only. The sample is a uniform
reservoir sample of --sample groups, the same for the same --seed.
A response is correct when its "correct" flag says so, else when its score
is 1; a response without a score counts as not verified.`,
		Example: `  grpodata report data/verified.jsonl --output report.html
  grpodata report data/part-*.jsonl.zst -o report.html --sample 100 --seed 7 --title "Qwen3 math run 12"
  grpodata report verified.jsonl --json -o report.json      # the report's data, without the page`,
		Order:         70,
		Output:        "report.html",
		PassThrough:   true,
		BadRecords:    true,
		DefaultOutput: "report.html",
	},
	Defaults: DefaultConfig,
	CheckConfig: func(c *Config) error {
		if c.Sample < 0 {
			return fmt.Errorf("--sample must be 0 or more, got %d", c.Sample)
		}
		return nil
	},
	RunConfig: runStage,
}

func init() { stage.Register(Stage) }

func runStage(ctx context.Context, in jsonl.Source, out jsonl.Sink, c *Config) (stage.Summary, error) {
	if out.Path == "" {
		return stage.Summary{}, errors.New("--output must not be empty")
	}
	cfg := *c
	if cfg.Sample == 0 {
		cfg.Sample = -1 // Collect's "none"
	}
	d, err := Collect(ctx, in.Files, cfg, in.Open)
	if err != nil {
		return stage.Summary{}, err
	}
	var b bytes.Buffer
	if c.JSON {
		enc := json.NewEncoder(&b)
		enc.SetIndent("", "  ")
		err = enc.Encode(d)
	} else {
		err = WriteHTML(&b, d)
	}
	if err != nil {
		return stage.Summary{}, err
	}
	sum := stage.Summary{Records: int64(d.Records), Text: func(io.Writer) error { return nil }}
	if out.Path == "-" {
		_, err := out.Out.Write(b.Bytes())
		return sum, err
	}
	if err := jsonl.WriteFileAtomic(out.Path, b.Bytes()); err != nil {
		return stage.Summary{}, err
	}
	sum.Text = func(w io.Writer) error {
		_, err := fmt.Fprintf(w, "report of %d groups (%d responses, %d sampled) written to %s\n", d.Records, d.Responses, len(d.Sample), out.Path)
		return err
	}
	return sum, nil
}
