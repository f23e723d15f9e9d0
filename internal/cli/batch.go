package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/grpodata/grpodata/batch"
	"github.com/grpodata/grpodata/tokenize"
	"github.com/grpodata/grpodata/version"
)

func init() { register(newBatchCmd) }

func newBatchCmd(s *Streams) *cobra.Command {
	var io ioFlags
	var bad badRecords
	cfg := batch.Config{Strategy: "dynamic", BatchSize: 32, MaxTokens: 8192, Tokenizer: "o200k", Count: "prompt", Compress: "none"}
	c := &cobra.Command{
		Use:   "batch [FILE...] --output DIR",
		Short: "Cut records into training batches: static, dynamic by real token counts, or stratified",
		Long: `Batch writes batch-00000.jsonl, batch-00001.jsonl, ... and manifest.json (the
configuration, records and tokens per batch, the sha256 of each file) into the
output directory, which appears complete or not at all. Lines are copied verbatim.

Strategies:
` + strategyHelp() + `
Tokenizers (--tokenizer): o200k, cl100k (embedded tiktoken vocabularies), a path
to a Hugging Face tokenizer.json (byte-level BPE such as Qwen or Llama 3), or
estimate (words x 1.3, the guide's rough rule).`,
		Example: `  grpodata batch --input data/verified.jsonl --output data/batches/ --strategy dynamic --max-tokens 8192
  grpodata batch verified.jsonl -o batches --strategy dynamic --tokenizer ../qwen3/tokenizer.json --count all
  grpodata batch verified.jsonl -o batches --strategy stratified --by difficulty --batch-size 32 --shuffle --seed 1
  grpodata batch verified.jsonl -o batches --strategy static --batch_size 64 --compress zst`,
		RunE: func(cmd *cobra.Command, args []string) error {
			files, err := io.requireInputs(args)
			if err != nil {
				return err
			}
			if io.output == "" || io.output == "-" {
				return usageError(fmt.Errorf("batch writes a directory: give it with --output DIR"))
			}
			if cfg.Strategy == "dynamic" && !cmd.Flags().Changed("batch-size") {
				cfg.BatchSize = 0 // no record cap unless asked for
			}
			if cfg.Strategy != "dynamic" {
				cfg.MaxTokens = 0
			}
			if cfg.Strategy != "stratified" {
				cfg.By = ""
			}
			if err := batch.Check(cfg); err != nil {
				return usageError(err)
			}
			counter, err := tokenize.New(cfg.Tokenizer)
			if err != nil {
				return usageError(err)
			}
			cfg.Open = bad.open(s)
			m, err := batch.Run(cmd.Context(), files, io.output, cfg, counter, version.String())
			if err != nil {
				return usageError(err)
			}
			bad.summarize(s.Err)
			fmt.Fprintf(s.Err, "wrote %d batches (%d records, %d %s tokens counting %s) to %s\n",
				len(m.Batches), m.Records, m.Tokens, cfg.Tokenizer, cfg.Count, io.output)
			for _, w := range m.Warnings {
				fmt.Fprintf(s.Err, "warning: %s\n", w)
			}
			if more := m.WarningsN - len(m.Warnings); more > 0 {
				fmt.Fprintf(s.Err, "... and %d more warnings (see manifest.json)\n", more)
			}
			return nil
		},
	}
	io.bind(c, "output directory for the batches and manifest.json")
	bad.bind(c)
	f := c.Flags()
	f.StringVar(&cfg.Strategy, "strategy", cfg.Strategy, "static, dynamic or stratified")
	f.IntVar(&cfg.BatchSize, "batch-size", cfg.BatchSize, "records per batch (static, stratified); a record cap for dynamic when given")
	f.IntVar(&cfg.MaxTokens, "max-tokens", cfg.MaxTokens, "token budget per batch (dynamic)")
	f.StringVar(&cfg.Tokenizer, "tokenizer", cfg.Tokenizer, "o200k, cl100k, estimate, or a tokenizer.json path")
	f.StringVar(&cfg.Count, "count", cfg.Count, "what counts toward the budget: prompt, or all (prompt plus responses)")
	f.StringVar(&cfg.By, "by", "difficulty", "stratified: difficulty or category")
	f.BoolVar(&cfg.Shuffle, "shuffle", false, "shuffle records before batching (deterministic under --seed)")
	f.Uint64Var(&cfg.Seed, "seed", 0, "random seed for --shuffle")
	f.StringVar(&cfg.Compress, "compress", cfg.Compress, "batch file compression: none, zst or gz")
	f.IntVar(&cfg.Workers, "workers", 0, "decoding and counting goroutines (default: all cores)")
	return c
}

func strategyHelp() string {
	var b strings.Builder
	for _, s := range batch.Strategies() {
		fmt.Fprintf(&b, "  %-11s %s\n", s.Name, s.Help)
	}
	return b.String()
}
