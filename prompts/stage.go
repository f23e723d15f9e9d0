package prompts

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/grpodata/grpodata/jsonl"
	"github.com/grpodata/grpodata/stage"
)

// Stage is prompts as a command: data set rows in, prompt records out.
var Stage = stage.Def[Config]{
	Spec: stage.Spec{
		Name:  "prompts",
		Short: "Convert GSM8K, MATH, MBPP or HumanEval rows into prompt files with references",
		Example: `  grpodata prompts --format gsm8k gsm8k/train.jsonl -o data/prompts.jsonl
  grpodata prompts MATH/test.jsonl.gz -o math_prompts.jsonl          # format detected
  grpodata prompts -f math math500.jsonl --instruction 'Put your final answer within \boxed{}.' -o math500.jsonl
  grpodata prompts --format mbpp mbpp.jsonl --system "You are an expert Python programmer." -o mbpp_prompts.jsonl
  zcat HumanEval.jsonl.gz | grpodata prompts --format humaneval - > humaneval_prompts.jsonl`,
	},
	LongHelp: func() string {
		return `Prompts converts benchmark data sets (JSONL, or one JSON array of rows such as
sanitized-mbpp.json; optionally .gz/.zst) into grpodata prompt records: a
prompt, the references verifiers read (answer, tests, entry_point, solution)
and labels (difficulty, category, source), without responses. Without
--format, each file's format is detected from the fields of its first row.
A Git LFS pointer file (a checkout without git lfs pull) is named as such.

Formats:
` + formatHelp() + `
Conversions:
  gsm8k      prompt = question; answer = the number after "####" (1,000 -> 1000);
             solution = the worked answer (calculator notes <<...>> removed)
  math       prompt = problem; answer = the last \boxed{...} of the solution
             (else the row's "answer"); difficulty from level: 1-2 easy,
             3 medium, 4-5 hard; category = type (or subject)
  mbpp       prompt = text + "Your code should pass this test:" + the first
             test (MBPP prompts conventionally show a test: it names the
             function); tests = test_list; solution = code; entry_point = the
             function the first test calls; id = mbpp/<task_id>;
             sanitized MBPP's "prompt" is read for "text"; kept when not
             empty: test_setup_code (test_imports first, so the verifier
             runs them), test_imports, source_file, and challenge_test_list
             as challenge_tests (extra tests, not scored)
  humaneval  prompt = an instruction + the signature and docstring in a code
             block; tests = the test program (defines check(candidate));
             solution = prompt + canonical_solution; id = task_id

A row without the fields of its format stops the conversion with
FILE:LINE: field: reason, and exit status 2.`
	},
	Defaults:    func() Config { return Config{} },
	CheckConfig: checkConfig,
	RunConfig:   runStage,
}

func init() { stage.Register(Stage) }

func checkConfig(c *Config) error {
	if c.Format == "" {
		return nil
	}
	_, err := Lookup(c.Format)
	return err
}

func formatHelp() string {
	var b strings.Builder
	for _, f := range List() {
		fmt.Fprintf(&b, "  %-10s %s\n", f.Name, f.Help)
	}
	return b.String()
}

func runStage(ctx context.Context, in jsonl.Source, out jsonl.Sink, c *Config) (stage.Summary, error) {
	w, err := out.Create()
	if err != nil {
		return stage.Summary{}, err
	}
	defer w.Close()
	sum, err := Convert(ctx, in.Files, *c, in.Open, w)
	if err != nil {
		return stage.Summary{}, err
	}
	if err := w.Commit(); err != nil {
		return stage.Summary{}, err
	}
	text := func(w io.Writer) error { return sum.WriteText(w) }
	return stage.Summary{Records: int64(sum.Records), Value: sum, Text: text}, nil
}
