package generate

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/grpodata/grpodata/jsonl"
	"github.com/grpodata/grpodata/llm"
	"github.com/grpodata/grpodata/llm/openai"
	"github.com/grpodata/grpodata/mathexpr"
	"github.com/grpodata/grpodata/stage"
)

// Options is generate's configuration as users give it (flags, keys of a
// pipeline file); the stage turns it into a Config with a built backend.
type Options struct {
	llm.Connect `yaml:",inline"`

	Prompts     []string       `yaml:"prompts" help:"prompt file (repeatable; also positional); - is stdin"`
	Failures    string         `yaml:"failures" help:"failed prompts file (default <output>.failures.jsonl)"`
	GroupSize   int            `yaml:"group_size" short:"n" help:"responses per prompt"`
	Temperature float64        `yaml:"temperature" help:"sampling temperature"`
	TopP        *float64       `yaml:"top_p" help:"nucleus sampling (sent only when given)"`
	MaxTokens   int            `yaml:"max_tokens" help:"completion token limit per response (default: the server's)"`
	Stop        []string       `yaml:"stop" help:"stop sequence (repeatable)"`
	Extra       []string       `yaml:"extra" help:"vendor parameter key=value sent as is, value as JSON when it parses (top_k=50, min_p=0.05)"`
	ExtraBody   map[string]any `yaml:"extra_body" help:"vendor parameters as one JSON object, e.g. '{\"top_k\": 20, \"min_p\": 0.05}' (merged with --extra)"`
	System      string         `yaml:"system" help:"system message sent before plain-text prompts"`

	ForceNew     bool   `yaml:"force_new" help:"move an existing output (and its settings) aside to NAME.old-N.jsonl and start a new one"`
	AppendAnyway bool   `yaml:"append_anyway" help:"resume an output made with other generation settings (its settings file records both)"`
	OnDrift      string `yaml:"on_drift" enum:"refuse|start-over|append" help:"when the output was made with other settings: refuse, start-over (move it aside) or append"`

	Concurrency   int           `yaml:"concurrency" help:"prompts in flight"`
	Limit         int           `yaml:"limit" help:"generate at most this many new prompts (0: all)"`
	ProgressEvery time.Duration `yaml:"progress_every" help:"interval of the progress line on stderr"`

	Batch        bool          `yaml:"batch" help:"use the backend's batch API (openai, anthropic)"`
	BatchNoWait  bool          `yaml:"batch_no_wait" help:"submit the batch job (or check on it) and exit; run again to collect"`
	BatchPoll    time.Duration `yaml:"batch_poll" help:"batch job polling interval"`
	BatchInput   string        `yaml:"batch_input" help:"write an OpenAI batch input file here for vLLM run_batch (with --batch-results)"`
	BatchResults string        `yaml:"batch_results" help:"read the results file run_batch writes (with --batch-input)"`

	PriceIn  float64 `yaml:"price_in" help:"USD per million prompt tokens, for the cost line"`
	PriceOut float64 `yaml:"price_out" help:"USD per million completion tokens, for the cost line"`
}

// DefaultOptions holds the command's defaults: 16 responses per prompt at
// temperature 1 from an OpenAI-compatible server, 64 prompts in flight.
func DefaultOptions() Options {
	return Options{
		Connect: llm.DefaultConnect("openai"), GroupSize: 16, Temperature: 1, OnDrift: "refuse",
		Concurrency: 64, ProgressEvery: 5 * time.Second, BatchPoll: 30 * time.Second,
	}
}

// Stage is generate as a pipeline stage and command.
var Stage = stage.Def[Options]{
	Spec: stage.Spec{
		Name:  "generate",
		Short: "Sample a group of responses per prompt from an LLM (OpenAI-compatible, Anthropic, or simulated)",
		Example: `  grpodata generate --prompts prompts.jsonl --output generated.jsonl --backend sim --group-size 16
  grpodata generate prompts.jsonl -o generated.jsonl --backend openai --base-url http://localhost:8000/v1 \
      --model Qwen/Qwen2.5-7B-Instruct --group-size 16 --temperature 1.0 --concurrency 64 --extra top_k=50
  grpodata generate prompts.jsonl -o gen.jsonl --backend openai --model m \
      --base-url http://gpu1:8000/v1 --base-url http://gpu2:8000/v1        # load-balanced
  grpodata generate prompts.jsonl -o gen.jsonl --backend anthropic --model claude-sonnet-4-5 --rpm 1000
  grpodata generate prompts.jsonl -o gen.jsonl --backend openai --model gpt-4o-mini --batch --batch-no-wait
  grpodata generate prompts.jsonl -o gen.jsonl --model Qwen/Qwen2.5-7B-Instruct --batch-input in.jsonl --batch-results out.jsonl`,
		Order:          10,
		Output:         "generated.jsonl",
		InputsOptional: true,
		PerRecord:      true,
		// In a pipeline, changed generation settings start over (the old
		// output is kept aside) instead of refusing.
		InPipeline: map[string]string{"on_drift": "start-over"},
	},
	LongHelp:     longHelp,
	Defaults:     DefaultOptions,
	CheckConfig:  checkOptions,
	ConfigInputs: func(o *Options) []string { return o.Prompts },
	RunConfig:    runStage,
}

func init() { stage.Register(Stage) }

func longHelp() string {
	var b strings.Builder
	for _, s := range llm.Default.Sorted() {
		fmt.Fprintf(&b, "  %-10s %s\n", s.Name, s.Summary)
	}
	return `Generate reads prompt records and writes one record per prompt with a group of
--group-size responses, unscored (score null); every other field is carried
through. Each response's metadata has model, temperature, generation_time_ms,
finish_reason and completion_tokens; each record gets usage totals.

The output is appended as each prompt completes. Rerunning skips prompts
already in the output (a torn last line from a crash is cut off); prompts that
failed (a 400, or retries exhausted) go to <output>.failures.jsonl and are
retried by the next run. The generation settings (backend, model, group size,
sampling, extra body, system message) are kept in <output>.settings.json; a
rerun with other settings stops with the difference instead of mixing groups
(--force-new starts over, keeping the old file; --append-anyway mixes).
Ctrl-C stops cleanly. API keys come from OPENAI_API_KEY / ANTHROPIC_API_KEY
and are never printed.

Batch mode (--batch) sends the pending prompts as one job to the backend's
batch API (OpenAI Batch API, Anthropic Message Batches) at batch prices; the
job is recorded in <output>.batch.json, so an interrupted run (or
--batch-no-wait) resumes the same job when run again. For vLLM's offline
runner, --batch-input writes the OpenAI batch file and --batch-results names
the file run_batch writes; run the command again once it exists.

Backends:
` + b.String() + `
Exit status: 0 when every prompt was written, 1 when some failed (or a batch
job is still running), 2 for usage errors and run-fatal API errors (bad key,
unknown model), 130 when interrupted.`
}

func checkOptions(o *Options) error {
	if o.GroupSize < 1 {
		return errors.New("--group-size must be at least 1")
	}
	if _, err := llm.Default.Lookup(o.Backend); err != nil {
		return fmt.Errorf("--backend: %w", err)
	}
	if _, err := driftPolicy(o); err != nil {
		return err
	}
	if (o.BatchInput != "") != (o.BatchResults != "") || o.BatchInput != "" && o.Model == "" {
		return errors.New("--batch-input and --batch-results go together, with --model")
	}
	_, err := extraFields(o)
	return err
}

// driftPolicy reads --on-drift and its shorthands.
func driftPolicy(o *Options) (OnDrift, error) {
	if o.ForceNew && o.AppendAnyway {
		return 0, errors.New("--force-new and --append-anyway exclude each other")
	}
	if o.AppendAnyway {
		return DriftAppend, nil
	}
	switch o.OnDrift {
	case "start-over":
		return DriftStartOver, nil
	case "append":
		return DriftAppend, nil
	}
	return DriftRefuse, nil
}

// extraFields merges --extra key=value pairs (a value that parses as JSON
// is sent as that JSON value: 50, 0.05, true) with --extra-body.
func extraFields(o *Options) (map[string]any, error) {
	if len(o.Extra) == 0 && len(o.ExtraBody) == 0 {
		return nil, nil
	}
	out := map[string]any{}
	for _, kv := range o.Extra {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return nil, fmt.Errorf("--extra %q: want key=value", kv)
		}
		var x any
		if err := json.Unmarshal([]byte(v), &x); err == nil {
			out[k] = x
		} else {
			out[k] = v
		}
	}
	for k, v := range o.ExtraBody {
		out[k] = v
	}
	return out, nil
}

// params are the sampling parameters the options ask for.
func (o *Options) params() llm.Params {
	t := o.Temperature
	p := llm.Params{MaxTokens: o.MaxTokens, Stop: o.Stop, Temperature: &t, TopP: o.TopP}
	if o.Seed != nil && o.Backend != "sim" {
		p.Seed = o.Seed
	}
	return p
}

func runStage(ctx context.Context, in jsonl.Source, out jsonl.Sink, o *Options) (stage.Summary, error) {
	cfg, err := buildConfig(ctx, in, out, o)
	if err != nil {
		return stage.Summary{}, err
	}
	var prog Progress
	if o.Batch || o.BatchInput != "" {
		prog, err = runBatchMode(ctx, cfg, o)
	} else {
		prog, err = Run(ctx, cfg)
	}
	if _, refused := errors.AsType[*DriftError](err); refused {
		return stage.Summary{}, err // nothing ran: the one line says why
	}
	sum := summary(prog, o, cfg)
	if errors.Is(err, ErrBatchPending) {
		stage.Note(ctx, "generate", err.Error())
		sum.Problems = true // the output is not complete yet
		return sum, nil
	}
	if err != nil {
		if ctx.Err() != nil {
			return sum, err
		}
		return sum, withHint(err, o.Backend)
	}
	return sum, nil
}

// buildConfig turns the options into a run's Config, building the backend
// (which checks that its servers answer).
func buildConfig(ctx context.Context, in jsonl.Source, out jsonl.Sink, o *Options) (Config, error) {
	extra, err := extraFields(o)
	if err != nil {
		return Config{}, err
	}
	drift, err := driftPolicy(o)
	if err != nil {
		return Config{}, err
	}
	backend, model, options := o.Policy()
	cfg := Config{
		Inputs: append(append([]string{}, o.Prompts...), in.Files...), Output: out.Path, Failures: o.Failures,
		Policy: Settings{Backend: backend, Model: model, Options: options}, OnDrift: drift, ForceNew: o.ForceNew,
		GroupSize: o.GroupSize, Params: o.params(), Extra: extra, System: o.System,
		Concurrency: o.Concurrency, Limit: o.Limit, Stats: &llm.Stats{}, ProgressEvery: o.ProgressEvery,
		Progress: func(p Progress) { stage.Progress(ctx, "generate", p) },
		Stdin:    in.In, Stdout: out.Out, Keep: in.Keep,
	}
	if len(cfg.Inputs) == 0 {
		return Config{}, errors.New("no prompts: give a file with --prompts (- for stdin)")
	}
	if err := jsonl.RequireRecords(cfg.Inputs); err != nil {
		return Config{}, err
	}
	if cfg.Failures == "" && !streamed(cfg.Output) {
		cfg.Failures = cfg.Output + ".failures.jsonl"
	}
	if o.Backend == "sim" {
		// The simulated policy needs a reference answer; derive one for
		// math prompts that carry none, as the verifier would.
		cfg.Solve = func(prompt string) (string, bool) {
			ref, ok, _ := mathexpr.SolveContext(ctx, prompt, mathexpr.Options{Timeout: time.Second})
			return ref, ok
		}
	}
	if !o.Batch && o.BatchInput == "" {
		note := func(msg string) { stage.Note(ctx, "generate", msg) }
		if cfg.Backend, err = o.Build(ctx, cfg.Stats, note); err != nil {
			return Config{}, err
		}
	}
	return cfg, nil
}

// runBatchMode runs generate through a batch API: the backend's own, or
// vLLM's offline run_batch files.
func runBatchMode(ctx context.Context, cfg Config, o *Options) (Progress, error) {
	var bt llm.Batcher
	name := o.Backend
	if o.BatchInput != "" {
		bt, name = &openai.FileBatcher{Model: o.Model, In: o.BatchInput, Out: o.BatchResults}, "vllm-run-batch"
	} else {
		c := o.Config()
		if urls := o.URLs(); len(urls) > 0 {
			c.BaseURL = urls[0]
		}
		raw, err := llm.New(o.Backend, c)
		if err != nil {
			return Progress{}, err
		}
		var ok bool
		if bt, ok = raw.(llm.Batcher); !ok {
			return Progress{}, fmt.Errorf("--batch: the %s backend has no batch API", o.Backend)
		}
	}
	return RunBatch(ctx, cfg, BatchConfig{
		Batcher: bt, Backend: name, PollEvery: o.BatchPoll, NoWait: o.BatchNoWait || o.BatchInput != "",
		OnStatus: func(st llm.BatchStatus) {
			stage.Note(ctx, "generate", fmt.Sprintf("batch %s: %s (%d/%d succeeded, %d errored)", st.ID, st.State, st.Succeeded, st.Total, st.Errored))
		},
	})
}

// summary is a run's stage summary: its counts, usage and cost.
func summary(p Progress, o *Options, cfg Config) stage.Summary {
	cost := (float64(p.Usage.PromptTokens)*o.PriceIn + float64(p.Usage.CompletionTokens)*o.PriceOut) / 1e6
	text := func(w io.Writer) error {
		p.Summary(w)
		writeEndpoints(w, p.LLM.Endpoints)
		if o.PriceIn > 0 || o.PriceOut > 0 {
			fmt.Fprintf(w, "generate: cost $%.4f this run\n", cost)
		}
		if p.Failed > 0 {
			fmt.Fprintf(w, "generate: %d prompts failed; see %s (rerun to retry them)\n", p.Failed, cfg.Failures)
		}
		return nil
	}
	// The summary's usage is the output's: the kept records' and this run's.
	in, outTok := int64(p.Usage.PromptTokens+p.KeptUsage.PromptTokens), int64(p.Usage.CompletionTokens+p.KeptUsage.CompletionTokens)
	return stage.Summary{
		Records: p.Kept + p.Done, Problems: p.Failed > 0, Value: p, Text: text,
		Usage: &stage.Usage{PromptTokens: in, CompletionTokens: outTok, CostUSD: (float64(in)*o.PriceIn + float64(outTok)*o.PriceOut) / 1e6},
	}
}

// withHint adds what to check to a run-fatal API error.
func withHint(err error, backend string) error {
	var e *llm.Error
	if !errors.As(err, &e) || e.Kind != llm.RunFatal {
		return err
	}
	switch e.Status {
	case 401, 403:
		return fmt.Errorf("%w (check %s_API_KEY)", err, strings.ToUpper(backend))
	case 404:
		return fmt.Errorf("%w (check --model and --base-url)", err)
	}
	return err
}
