package batch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/grpodata/grpodata/jsonl"
	"github.com/grpodata/grpodata/stage"
	"github.com/grpodata/grpodata/tokenize"
	"github.com/grpodata/grpodata/version"
)

// Stage is batch as a pipeline stage and command: its output is a folder.
var Stage = stage.Def[Config]{
	Spec: stage.Spec{
		Name:  "batch",
		Short: "Cut records into training batches: static, dynamic by real token counts, or stratified",
		Example: `  grpodata batch --input data/verified.jsonl --output data/batches/ --strategy dynamic --max-tokens 8192
  grpodata batch verified.jsonl -o batches --strategy dynamic --tokenizer ../qwen3/tokenizer.json --count all
  grpodata batch verified.jsonl -o batches --strategy stratified --by difficulty --batch-size 32 --shuffle --seed 1
  grpodata batch verified.jsonl -o batches --strategy static --batch_size 64 --compress zst`,
		Order:       50,
		Output:      "batches",
		PassThrough: true,
		BadRecords:  true,
	},
	LongHelp: func() string {
		return `Batch writes batch-00000.jsonl, batch-00001.jsonl, ... and manifest.json (the
configuration, records and tokens per batch, the sha256 of each file) into the
output directory, which appears complete or not at all. Lines are copied verbatim.

Strategies:
` + strategyHelp() + `
Tokenizers (--tokenizer): o200k, cl100k (embedded tiktoken vocabularies), a path
to a Hugging Face tokenizer.json (byte-level BPE such as Qwen or Llama 3), or
estimate (words x 1.3, the guide's rough rule).`
	},
	Defaults:    DefaultConfig,
	CheckConfig: func(c *Config) error { return Check(*c) },
	RunConfig:   runStage,
}

func init() { stage.Register(Stage) }

func strategyHelp() string {
	var b strings.Builder
	for _, s := range Strategies() {
		fmt.Fprintf(&b, "  %-11s %s\n", s.Name, s.Help)
	}
	return b.String()
}

func runStage(ctx context.Context, in jsonl.Source, out jsonl.Sink, c *Config) (stage.Summary, error) {
	if out.Path == "" || out.Path == "-" {
		return stage.Summary{}, errors.New("batch writes a directory: give it with --output DIR")
	}
	cfg := *c
	counter, err := tokenize.New(cfg.Tokenizer)
	if err != nil {
		return stage.Summary{}, err
	}
	cfg.Open = in.Open
	m, err := Run(ctx, in.Files, out.Path, cfg, counter, version.String())
	if err != nil {
		return stage.Summary{}, err
	}
	text := func(w io.Writer) error {
		fmt.Fprintf(w, "wrote %d batches (%d records, %d %s tokens counting %s) to %s\n",
			len(m.Batches), m.Records, m.Tokens, cfg.Tokenizer, cfg.Count, out.Path)
		for _, warn := range m.Warnings {
			fmt.Fprintf(w, "warning: %s\n", warn)
		}
		if more := m.WarningsN - len(m.Warnings); more > 0 {
			fmt.Fprintf(w, "... and %d more warnings (see manifest.json)\n", more)
		}
		return nil
	}
	return stage.Summary{Records: int64(m.Records), Value: m, Text: text}, nil
}
