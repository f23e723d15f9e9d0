package cli

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/grpodata/grpodata/jsonl"
	"github.com/grpodata/grpodata/record"
	"github.com/grpodata/grpodata/tokenize"
)

func init() { register(newTokensCmd) }

// tokenCounts is one output line of the tokens command.
type tokenCounts struct {
	id       string
	prompt   int
	response []int
}

func newTokensCmd(s *Streams) *cobra.Command {
	var io ioFlags
	var bad badRecords
	var spec string
	var workers int
	c := &cobra.Command{
		Use:   "tokens [FILE...]",
		Short: "Count the tokens of every prompt and response with a real tokenizer",
		Long: `Tokens writes one JSON line per record:
  {"id": "...", "prompt_tokens": N, "response_tokens": [N, ...]}
then the totals on stderr. The id is the record's "id", else the hash of its
prompt. A chat prompt counts its message contents joined by newlines. Texts
are counted as they are: no special tokens are added, but special-token text
inside them (such as <|im_start|>) counts as that one token.

Tokenizers (--tokenizer):
  o200k     OpenAI o200k_base (GPT-4o and later)
  cl100k    OpenAI cl100k_base (GPT-4, GPT-3.5)
  PATH      a Hugging Face tokenizer.json (or .json.gz) of a byte-level BPE
            model, such as Qwen2/Qwen3 or Llama 3
  estimate  no tokenizer: ceil(words x 1.3), a rough estimate`,
		Example: `  grpodata tokens --tokenizer o200k data/verified.jsonl
  grpodata tokens --tokenizer models/qwen3/tokenizer.json data/*.jsonl.zst -o tokens.jsonl`,
		RunE: func(cmd *cobra.Command, args []string) error {
			files, err := io.requireInputs(args)
			if err != nil {
				return err
			}
			counter, err := tokenize.New(spec)
			if err != nil {
				return usageError(err)
			}
			w, err := jsonl.CreateTo(io.output, s.Out)
			if err != nil {
				return usageError(err)
			}
			defer w.Close()
			var tot tokenTotals
			open := bad.open(s)
			for _, name := range files {
				if err := countTokensFile(cmd, open, name, counter, workers, w, &tot); err != nil {
					return usageError(err)
				}
			}
			bad.summarize(s.Err)
			if err := w.Commit(); err != nil {
				return usageError(err)
			}
			tot.write(s, counter.Name())
			return nil
		},
	}
	io.bind(c, "write the counts here instead of stdout")
	bad.bind(c)
	f := c.Flags()
	f.StringVarP(&spec, "tokenizer", "t", "o200k", "o200k, cl100k, estimate, or a path to a tokenizer.json")
	f.IntVar(&workers, "workers", 0, "counting goroutines (default: all cores)")
	return c
}

func countTokensFile(cmd *cobra.Command, open func(string) (*jsonl.Reader, error), name string, counter tokenize.Counter, workers int, w *jsonl.Writer, tot *tokenTotals) error {
	r, err := open(name)
	if err != nil {
		return err
	}
	defer r.Close()
	count := func(l jsonl.Line) (tokenCounts, error) {
		rec, err := record.Decode(l.Data)
		if err != nil {
			return tokenCounts{}, jsonl.Bad(err)
		}
		tc := tokenCounts{id: rec.Key(), prompt: counter.Count(rec.Prompt.String())}
		tc.response = make([]int, len(rec.Responses))
		for i := range rec.Responses {
			tc.response[i] = counter.Count(rec.Responses[i].Text)
		}
		return tc, nil
	}
	var line []byte
	emit := func(_ int, tc tokenCounts) error {
		line = tc.appendJSON(line[:0])
		tot.add(tc)
		return w.WriteLine(line)
	}
	return jsonl.ParallelMap(cmd.Context(), r, jsonl.Options{Workers: workers}, count, emit)
}

func (tc tokenCounts) appendJSON(b []byte) []byte {
	id, _ := json.Marshal(tc.id) // a string always marshals
	b = append(b, `{"id": `...)
	b = append(b, id...)
	b = append(b, `, "prompt_tokens": `...)
	b = strconv.AppendInt(b, int64(tc.prompt), 10)
	b = append(b, `, "response_tokens": [`...)
	for i, n := range tc.response {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = strconv.AppendInt(b, int64(n), 10)
	}
	return append(b, "]}"...)
}

// tokenTotals sums the counts for the report on stderr.
type tokenTotals struct {
	records, responses     int
	prompt, response       int64
	maxPrompt, maxResponse int
}

func (t *tokenTotals) add(tc tokenCounts) {
	t.records++
	t.prompt += int64(tc.prompt)
	t.maxPrompt = max(t.maxPrompt, tc.prompt)
	for _, n := range tc.response {
		t.responses++
		t.response += int64(n)
		t.maxResponse = max(t.maxResponse, n)
	}
}

func (t *tokenTotals) write(s *Streams, tokenizer string) {
	var b strings.Builder
	fmt.Fprintf(&b, "tokenizer: %s\n", tokenizer)
	fmt.Fprintf(&b, "records: %d, responses: %d\n", t.records, t.responses)
	fmt.Fprintf(&b, "prompt tokens: %d (mean %.1f, max %d)\n", t.prompt, tokensMean(t.prompt, t.records), t.maxPrompt)
	fmt.Fprintf(&b, "response tokens: %d (mean %.1f, max %d)\n", t.response, tokensMean(t.response, t.responses), t.maxResponse)
	fmt.Fprintf(&b, "total tokens: %d\n", t.prompt+t.response)
	fmt.Fprint(s.Err, b.String())
}

func tokensMean(sum int64, n int) float64 {
	if n == 0 {
		return 0
	}
	return float64(sum) / float64(n)
}
