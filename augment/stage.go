package augment

import (
	"context"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/grpodata/grpodata/jsonl"
	"github.com/grpodata/grpodata/llm"
	"github.com/grpodata/grpodata/stage"
)

// Options is augment's configuration as users give it; the stage turns it
// into a Config (templates read from their files) and builds the backend.
type Options struct {
	llm.Connect `yaml:",inline"`

	Paraphrase  int      `yaml:"paraphrase" help:"paraphrases per prompt"`
	Variants    []string `yaml:"variants" sep:"," enum:"easy|hard" help:"difficulty variants to write: easy, hard or easy,hard"`
	Template    []string `yaml:"template" help:"KIND=FILE: replace the paraphrase, easy or hard prompt template"`
	Temperature float64  `yaml:"temperature" help:"sampling temperature"`
	MaxTokens   int      `yaml:"max_tokens" help:"completion token limit (default: the server's)"`
	Concurrency int      `yaml:"concurrency" help:"prompts in flight"`
	OnlyNew     bool     `yaml:"only_new" help:"write only the new records, not the originals"`
}

// DefaultOptions holds the command's defaults.
func DefaultOptions() Options {
	return Options{Connect: llm.DefaultConnect("openai"), Temperature: 0.7, Concurrency: 16}
}

// Stage is augment as a command.
var Stage = stage.Def[Options]{
	Spec: stage.Spec{
		Name:  "augment",
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
		PerRecord:    true,
		MergeRepeats: mergeRepeats,
		Example: `  grpodata augment prompts.jsonl -o augmented.jsonl --paraphrase 2 --backend openai \
      --base-url http://localhost:8000/v1 --model Qwen/Qwen3-8B
  grpodata augment prompts.jsonl -o augmented.jsonl --variants easy,hard --backend anthropic --model claude-haiku-4-5
  grpodata augment prompts.jsonl -o new.jsonl --paraphrase 3 --only-new --template paraphrase=my_template.txt`,
	},
	Defaults: DefaultOptions,
	CheckConfig: func(o *Options) error {
		cfg, err := o.config()
		if err != nil {
			return err
		}
		return Check(cfg)
	},
	RunConfig: runStage,
}

func init() { stage.Register(Stage) }

// config is the library configuration, templates read from their files.
func (o *Options) config() (Config, error) {
	cfg := Config{Paraphrase: o.Paraphrase, Variants: o.Variants, Temperature: o.Temperature,
		MaxTokens: o.MaxTokens, Concurrency: o.Concurrency, OnlyNew: o.OnlyNew, Templates: map[string]string{}}
	for _, t := range o.Template {
		kind, path, ok := strings.Cut(t, "=")
		if !ok {
			return cfg, fmt.Errorf("--template %q: want KIND=FILE", t)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return cfg, fmt.Errorf("--template %s: %w", kind, err)
		}
		cfg.Templates[kind] = string(b)
	}
	return cfg, nil
}

func runStage(ctx context.Context, in jsonl.Source, out jsonl.Sink, o *Options) (stage.Summary, error) {
	cfg, err := o.config()
	if err != nil {
		return stage.Summary{}, err
	}
	b, err := o.Build(ctx, nil, func(msg string) { stage.Note(ctx, "augment", msg) })
	if err != nil {
		return stage.Summary{}, err
	}
	w, err := out.Create()
	if err != nil {
		return stage.Summary{}, err
	}
	defer w.Close()
	sum, err := Run(ctx, in, w, b, cfg)
	if err != nil {
		return stage.Summary{}, err
	}
	if err := w.Commit(); err != nil {
		return stage.Summary{}, err
	}
	return stage.Summary{Records: int64(sum.Originals), Problems: sum.Failed > 0, Value: sum, Text: sum.WriteText}, nil
}

// WriteText writes the summary for people.
func (sum *Summary) WriteText(w io.Writer) error {
	var kinds []string
	total := 0
	for k, n := range sum.Added {
		kinds = append(kinds, fmt.Sprintf("%d %s", n, k))
		total += n
	}
	sort.Strings(kinds)
	fmt.Fprintf(w, "augment: %d originals, %d new records (%s); dropped %d duplicates, %d empty answers; %d variants given a reference by the solver\n",
		sum.Originals, total, strings.Join(kinds, ", "), sum.Duplicates, sum.Empty, sum.Solved)
	if sum.Failed > 0 {
		fmt.Fprintf(w, "augment: requests failed for %d prompts:\n", sum.Failed)
		for _, e := range sum.Errors {
			fmt.Fprintf(w, "  %s\n", e)
		}
	}
	return nil
}

// ShowTemplates writes the default templates (augment --show-templates).
func ShowTemplates(w io.Writer) error {
	_, err := fmt.Fprintf(w, "paraphrase:\n%s\n\neasy:\n%s\n\nhard:\n%s\n", DefaultParaphrase, DefaultEasy, DefaultHard)
	return err
}
