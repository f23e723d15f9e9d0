package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/grpodata/grpodata/augment"
	"github.com/grpodata/grpodata/jsonl"
)

func init() { register(newAugmentCmd) }

func newAugmentCmd(s *Streams) *cobra.Command {
	var io ioFlags
	var bf backendFlags
	cfg := augment.Config{Temperature: 0.7, Concurrency: 16}
	var variants string
	var tmplFlags []string
	var asJSON bool
	c := &cobra.Command{
		Use:   "augment [FILE...] -o OUT --paraphrase N --variants easy,hard",
		Short: "Grow a prompt set with an LLM: paraphrases and easier/harder variants",
		Long: `Augment asks an LLM backend for paraphrases of each prompt that keep its
difficulty and answer (--paraphrase N), and for easier and harder versions
(--variants easy,hard: simpler numbers; more steps and larger numbers), which get
difficulty easy or hard. Every new record has metadata.augmented_from (the
original's id) and metadata.augmentation; a paraphrase keeps the reference answer
and the tests, a variant keeps none unless the math solver can solve it. Exact
duplicates of existing prompts (ignoring case and spacing) are dropped.

Templates: --template KIND=FILE replaces the prompt for paraphrase, easy or hard;
{{.Prompt}} is the original prompt's text. The defaults are printed by
--show-templates.`,
		Example: `  grpodata augment prompts.jsonl -o augmented.jsonl --paraphrase 2 --backend openai \
      --base-url http://localhost:8000/v1 --model Qwen/Qwen3-8B
  grpodata augment prompts.jsonl -o augmented.jsonl --variants easy,hard --backend anthropic --model claude-haiku-4-5
  grpodata augment prompts.jsonl -o new.jsonl --paraphrase 3 --only-new --template paraphrase=my_template.txt`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if show, _ := cmd.Flags().GetBool("show-templates"); show {
				fmt.Fprintf(s.Out, "paraphrase:\n%s\n\neasy:\n%s\n\nhard:\n%s\n", augment.DefaultParaphrase, augment.DefaultEasy, augment.DefaultHard)
				return nil
			}
			files, err := io.requireInputs(args)
			if err != nil {
				return err
			}
			if variants != "" {
				for _, v := range strings.Split(variants, ",") {
					cfg.Variants = append(cfg.Variants, strings.TrimSpace(v))
				}
			}
			cfg.Templates = map[string]string{}
			for _, t := range tmplFlags {
				kind, path, ok := strings.Cut(t, "=")
				if !ok {
					return usageError(fmt.Errorf("--template %q: want KIND=FILE", t))
				}
				b, err := os.ReadFile(path)
				if err != nil {
					return usageError(fmt.Errorf("--template %s: %w", kind, err))
				}
				cfg.Templates[kind] = string(b)
			}
			if err := augment.Check(cfg); err != nil {
				return usageError(err)
			}
			b, err := bf.build(cmd.Context(), s, "augment", nil)
			if err != nil {
				return usageError(err)
			}
			w, err := jsonl.CreateTo(io.output, s.Out)
			if err != nil {
				return usageError(err)
			}
			defer w.Close()
			sum, err := augment.Run(cmd.Context(), files, w, b, cfg)
			if err != nil {
				return usageError(err)
			}
			if err := w.Commit(); err != nil {
				return usageError(err)
			}
			if asJSON {
				js, _ := json.MarshalIndent(sum, "", "  ")
				fmt.Fprintln(s.Err, string(js))
			} else {
				writeAugmentSummary(s, sum)
			}
			if sum.Failed > 0 {
				return silentExit(ExitFailed)
			}
			return nil
		},
	}
	io.bind(c, "write originals and new records here (atomic)")
	bf.bind(c, "openai")
	f := c.Flags()
	f.IntVar(&cfg.Paraphrase, "paraphrase", 0, "paraphrases per prompt")
	f.StringVar(&variants, "variants", "", "difficulty variants to write: easy, hard or easy,hard")
	f.StringArrayVar(&tmplFlags, "template", nil, "KIND=FILE: replace the paraphrase, easy or hard prompt template")
	f.Bool("show-templates", false, "print the default templates and exit")
	f.Float64Var(&cfg.Temperature, "temperature", cfg.Temperature, "sampling temperature")
	f.IntVar(&cfg.MaxTokens, "max-tokens", 0, "completion token limit (default: the server's)")
	f.IntVar(&cfg.Concurrency, "concurrency", cfg.Concurrency, "prompts in flight")
	f.BoolVar(&cfg.OnlyNew, "only-new", false, "write only the new records, not the originals")
	f.BoolVar(&asJSON, "json", false, "print the summary as JSON")
	return c
}

func writeAugmentSummary(s *Streams, sum *augment.Summary) {
	var kinds []string
	total := 0
	for k, n := range sum.Added {
		kinds = append(kinds, fmt.Sprintf("%d %s", n, k))
		total += n
	}
	sort.Strings(kinds)
	fmt.Fprintf(s.Err, "augment: %d originals, %d new records (%s); dropped %d duplicates, %d empty answers; %d variants given a reference by the solver\n",
		sum.Originals, total, strings.Join(kinds, ", "), sum.Duplicates, sum.Empty, sum.Solved)
	if sum.Failed > 0 {
		fmt.Fprintf(s.Err, "augment: requests failed for %d prompts:\n", sum.Failed)
		for _, e := range sum.Errors {
			fmt.Fprintf(s.Err, "  %s\n", e)
		}
	}
}
