// Package tokens is the tokens stage: it counts the tokens of every prompt
// and response with a real tokenizer (package tokenize) and writes one JSON
// line per record, {"id", "prompt_tokens", "response_tokens"}, with totals in
// its summary. It owns the per-record counting; tokenizers belong to
// tokenize, which knows nothing of records.
package tokens

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"github.com/grpodata/grpodata/jsonl"
	"github.com/grpodata/grpodata/record"
	"github.com/grpodata/grpodata/stage"
	"github.com/grpodata/grpodata/tokenize"
)

// Config is the tokens stage's configuration.
type Config struct {
	Tokenizer string `yaml:"tokenizer" short:"t" help:"o200k, cl100k, estimate, or a path to a tokenizer.json"`
	Workers   int    `yaml:"workers" help:"counting goroutines (default: all cores)"`
}

// DefaultConfig counts with o200k.
func DefaultConfig() Config { return Config{Tokenizer: "o200k"} }

// Stage is tokens as a command.
var Stage = stage.Def[Config]{
	Spec: stage.Spec{
		Name:  "tokens",
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
		BadRecords: true,
		PerRecord:  true,
	},
	Defaults:  DefaultConfig,
	RunConfig: run,
}

func init() { stage.Register(Stage) }

// counts is one output line.
type counts struct {
	id       string
	prompt   int
	response []int
}

func run(ctx context.Context, in jsonl.Source, out jsonl.Sink, c *Config) (stage.Summary, error) {
	counter, err := tokenize.New(c.Tokenizer)
	if err != nil {
		return stage.Summary{}, err
	}
	w, err := out.Create()
	if err != nil {
		return stage.Summary{}, err
	}
	defer w.Close()
	tot := &Totals{Tokenizer: counter.Name()}
	for _, name := range in.Files {
		if err := countFile(ctx, in, name, counter, c.Workers, w, tot); err != nil {
			return stage.Summary{}, err
		}
	}
	if err := w.Commit(); err != nil {
		return stage.Summary{}, err
	}
	return stage.Summary{Records: int64(tot.Records), Value: tot, Text: tot.WriteText}, nil
}

func countFile(ctx context.Context, in jsonl.Source, name string, counter tokenize.Counter, workers int, w *jsonl.Writer, tot *Totals) error {
	r, err := in.Open(name)
	if err != nil {
		return err
	}
	defer r.Close()
	count := func(l jsonl.Line) (counts, error) {
		rec, err := record.Decode(l.Data)
		if err != nil {
			return counts{}, jsonl.Bad(err)
		}
		tc := counts{id: rec.Key(), prompt: counter.Count(rec.Prompt.String())}
		tc.response = make([]int, len(rec.Responses))
		for i := range rec.Responses {
			tc.response[i] = counter.Count(rec.Responses[i].Text)
		}
		return tc, nil
	}
	var line []byte
	emit := func(_ int, tc counts) error {
		line = tc.appendJSON(line[:0])
		tot.add(tc)
		return w.WriteLine(line)
	}
	return jsonl.ParallelMap(ctx, r, jsonl.Options{Workers: workers}, count, emit)
}

func (tc counts) appendJSON(b []byte) []byte {
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

// Totals sums a run's counts.
type Totals struct {
	Tokenizer   string `json:"tokenizer"`
	Records     int    `json:"records"`
	Responses   int    `json:"responses"`
	Prompt      int64  `json:"prompt_tokens"`
	Response    int64  `json:"response_tokens"`
	MaxPrompt   int    `json:"max_prompt_tokens"`
	MaxResponse int    `json:"max_response_tokens"`
}

func (t *Totals) add(tc counts) {
	t.Records++
	t.Prompt += int64(tc.prompt)
	t.MaxPrompt = max(t.MaxPrompt, tc.prompt)
	for _, n := range tc.response {
		t.Responses++
		t.Response += int64(n)
		t.MaxResponse = max(t.MaxResponse, n)
	}
}

// WriteText writes the totals for people.
func (t *Totals) WriteText(w io.Writer) error {
	_, err := fmt.Fprintf(w, "tokenizer: %s\nrecords: %d, responses: %d\nprompt tokens: %d (mean %.1f, max %d)\nresponse tokens: %d (mean %.1f, max %d)\ntotal tokens: %d\n",
		t.Tokenizer, t.Records, t.Responses, t.Prompt, mean(t.Prompt, t.Records), t.MaxPrompt,
		t.Response, mean(t.Response, t.Responses), t.MaxResponse, t.Prompt+t.Response)
	return err
}

func mean(sum int64, n int) float64 {
	if n == 0 {
		return 0
	}
	return float64(sum) / float64(n)
}
