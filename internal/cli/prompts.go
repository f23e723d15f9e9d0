package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/grpodata/grpodata/jsonl"
	"github.com/grpodata/grpodata/prompts"
)

func init() { register(newPromptsCmd) }

func newPromptsCmd(s *Streams) *cobra.Command {
	var io ioFlags
	var cfg prompts.Config
	c := &cobra.Command{
		Use:   "prompts [FILE...]",
		Short: "Convert GSM8K, MATH, MBPP or HumanEval rows into prompt files with references",
		Long: `Prompts converts benchmark data sets (JSONL, or one JSON array of rows such as
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
FILE:LINE: field: reason, and exit status 2.`,
		Example: `  grpodata prompts --format gsm8k gsm8k/train.jsonl -o data/prompts.jsonl
  grpodata prompts MATH/test.jsonl.gz -o math_prompts.jsonl          # format detected
  grpodata prompts -f math math500.jsonl --instruction 'Put your final answer within \boxed{}.' -o math500.jsonl
  grpodata prompts --format mbpp mbpp.jsonl --system "You are an expert Python programmer." -o mbpp_prompts.jsonl
  zcat HumanEval.jsonl.gz | grpodata prompts --format humaneval - > humaneval_prompts.jsonl`,
		RunE: func(cmd *cobra.Command, args []string) error {
			files, err := io.requireInputs(args)
			if err != nil {
				return err
			}
			if cfg.Format != "" {
				if _, err := prompts.Lookup(cfg.Format); err != nil {
					return usageError(err)
				}
			}
			open := func(name string) (*jsonl.Reader, error) {
				if name == "-" {
					return jsonl.NewReader(s.In, "<stdin>")
				}
				return jsonl.Open(name)
			}
			w, err := jsonl.CreateTo(io.output, s.Out)
			if err != nil {
				return usageError(err)
			}
			defer w.Close()
			sum, err := prompts.Convert(cmd.Context(), files, cfg, open, w)
			if err != nil {
				if cmd.Context().Err() != nil {
					return err
				}
				return usageError(err)
			}
			if err := w.Commit(); err != nil {
				return usageError(err)
			}
			return sum.WriteText(s.Err)
		},
	}
	io.bind(c, "write prompt records here (atomic; .gz/.zst compress)")
	f := c.Flags()
	f.StringVarP(&cfg.Format, "format", "f", "", "data set format: "+strings.Join(formatNames(), "|")+" (default: detect from the first row)")
	f.StringVar(&cfg.System, "system", "", "make chat prompts with this system message")
	f.BoolVar(&cfg.Chat, "chat", false, "make chat prompts (one user message) instead of plain strings")
	f.StringVar(&cfg.Instruction, "instruction", "", `text added to every prompt after a blank line, e.g. "Put your final answer within \boxed{}."`)
	return c
}

func formatNames() []string {
	var names []string
	for _, f := range prompts.List() {
		names = append(names, f.Name)
	}
	return names
}

func formatHelp() string {
	var b strings.Builder
	for _, f := range prompts.List() {
		fmt.Fprintf(&b, "  %-10s %s\n", f.Name, f.Help)
	}
	return b.String()
}
