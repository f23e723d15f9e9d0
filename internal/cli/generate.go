package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/grpodata/grpodata/generate"
	"github.com/grpodata/grpodata/llm"
	_ "github.com/grpodata/grpodata/llm/all"
	"github.com/grpodata/grpodata/llm/openai"
	"github.com/grpodata/grpodata/mathexpr"
)

func init() { register(newGenerateCmd) }

func newGenerateCmd(s *Streams) *cobra.Command {
	var io ioFlags
	var bf backendFlags
	var (
		prompts, stops, extras               []string
		failures, system, extraBody          string
		groupSize, concurrency, limit        int
		maxTokens                            int
		temperature, topP, priceIn, priceOut float64
		progressEvery, batchPoll             time.Duration
		batch, batchNoWait                   bool
		forceNew, appendAnyway               bool
		onDrift                              string
		batchInput, batchResults             string
	)
	c := &cobra.Command{
		Use:   "generate [PROMPTS...]",
		Short: "Sample a group of responses per prompt from an LLM (OpenAI-compatible, Anthropic, or simulated)",
		Long: `Generate reads prompt records and writes one record per prompt with a group of
--group-size responses, unscored (score null); every other field is carried
through. Each response's metadata has model, temperature, generation_time_ms,
finish_reason and completion_tokens; each record gets usage totals.

The output is appended as each prompt completes. Rerunning skips prompts
already in the output (a torn last line from a crash is cut off); prompts that
failed (a 400, or retries exhausted) go to <output>.failures.jsonl and are
retried by the next run. The generation settings (backend, model, group size,
sampling, extra body, system message) are kept in <output>.settings.json; a
rerun with other settings stops with the difference instead of mixing groups
(--force-new starts over, keeping the old file; --append-anyway mixes). Ctrl-C stops cleanly. API keys come from
OPENAI_API_KEY / ANTHROPIC_API_KEY and are never printed.

Batch mode (--batch) sends the pending prompts as one job to the backend's
batch API (OpenAI Batch API, Anthropic Message Batches) at batch prices; the
job is recorded in <output>.batch.json, so an interrupted run (or
--batch-no-wait) resumes the same job when run again. For vLLM's offline
runner, --batch-input writes the OpenAI batch file and --batch-results names
the file run_batch writes; run the command again once it exists.

Backends:
` + backendHelp() + `
Exit status: 0 when every prompt was written, 1 when some failed (or a batch
job is still running), 2 for usage errors and run-fatal API errors (bad key,
unknown model), 130 when interrupted.`,
		Example: `  grpodata generate --prompts prompts.jsonl --output generated.jsonl --backend sim --group-size 16
  grpodata generate prompts.jsonl -o generated.jsonl --backend openai --base-url http://localhost:8000/v1 \
      --model Qwen/Qwen2.5-7B-Instruct --group-size 16 --temperature 1.0 --concurrency 64 --extra top_k=50
  grpodata generate prompts.jsonl -o gen.jsonl --backend openai --model m \
      --base-url http://gpu1:8000/v1 --base-url http://gpu2:8000/v1        # load-balanced
  grpodata generate prompts.jsonl -o gen.jsonl --backend anthropic --model claude-sonnet-4-5 --rpm 1000
  grpodata generate prompts.jsonl -o gen.jsonl --backend openai --model gpt-4o-mini --batch --batch-no-wait
  grpodata generate prompts.jsonl -o gen.jsonl --model Qwen/Qwen2.5-7B-Instruct --batch-input in.jsonl --batch-results out.jsonl`,
		RunE: func(cmd *cobra.Command, args []string) error {
			inputs := append(append([]string{}, prompts...), args...)
			inputs = append(inputs, io.inputs...)
			if len(inputs) == 0 {
				return usageError(errors.New("no prompts: give a file with --prompts (- for stdin)"))
			}
			if err := requireRecords(inputs); err != nil {
				return usageError(err)
			}
			backend, model := bf.backend, bf.model
			if groupSize < 1 {
				return usageError(errors.New("--group-size must be at least 1"))
			}
			params := llm.Params{MaxTokens: maxTokens, Stop: stops}
			params.Temperature = &temperature
			if cmd.Flags().Changed("top-p") {
				params.TopP = &topP
			}
			if cmd.Flags().Changed("seed") && backend != "sim" {
				params.Seed = &bf.seed
			}
			extra, err := parseExtra(extras)
			if err != nil {
				return usageError(err)
			}
			if extraBody != "" {
				if err := json.Unmarshal([]byte(extraBody), &extra); err != nil {
					return usageError(fmt.Errorf("--extra-body: want a JSON object: %w", err))
				}
			}
			urls := bf.urls()
			cfg := bf.config()
			stats := &llm.Stats{}
			b, err := bf.build(cmd.Context(), s, "generate", stats)
			if err != nil {
				return usageError(err)
			}
			if isTerminal(s.Err) && !cmd.Flags().Changed("progress-every") {
				progressEvery = 250 * time.Millisecond // a live bar redraws often
			}
			gcfg := generate.Config{
				Inputs: inputs, Output: io.output, Failures: failures,
				Backend: b, Policy: bf.policy(), ForceNew: forceNew,
				GroupSize: groupSize, Params: params, Extra: extra, System: system,
				Concurrency: concurrency, Limit: limit, Stats: stats,
				ProgressEvery: progressEvery,
				Progress:      progressFunc(s.Err, priceIn, priceOut),
				Stdin:         s.In, Stdout: s.Out,
			}
			if gcfg.OnDrift, err = driftPolicy(onDrift, forceNew, appendAnyway); err != nil {
				return usageError(err)
			}
			if backend == "sim" {
				// The simulated policy needs a reference answer; derive one for
				// math prompts that carry none, as the verifier would.
				gcfg.Solve = func(prompt string) (string, bool) {
					ref, ok, _ := mathexpr.SolveContext(cmd.Context(), prompt, mathexpr.Options{Timeout: time.Second})
					return ref, ok
				}
			}
			var prog generate.Progress
			if batch || batchInput != "" || batchResults != "" {
				var bt llm.Batcher
				name := backend
				if batchInput != "" || batchResults != "" {
					if batchInput == "" || batchResults == "" || model == "" {
						return usageError(errors.New("--batch-input and --batch-results go together, with --model"))
					}
					bt, name, batchNoWait = &openai.FileBatcher{Model: model, In: batchInput, Out: batchResults}, "vllm-run-batch", true
				} else {
					if len(urls) > 0 {
						cfg.BaseURL = urls[0]
					}
					raw, err := llm.New(backend, cfg)
					if err != nil {
						return usageError(err)
					}
					var ok bool
					if bt, ok = raw.(llm.Batcher); !ok {
						return usageError(fmt.Errorf("--batch: the %s backend has no batch API", backend))
					}
				}
				prog, err = generate.RunBatch(cmd.Context(), gcfg, generate.BatchConfig{
					Batcher: bt, Backend: name, PollEvery: batchPoll, NoWait: batchNoWait,
					OnStatus: func(st llm.BatchStatus) {
						fmt.Fprintf(s.Err, "generate: batch %s: %s (%d/%d succeeded, %d errored)\n", st.ID, st.State, st.Succeeded, st.Total, st.Errored)
					},
				})
				if errors.Is(err, generate.ErrBatchPending) {
					fmt.Fprintf(s.Err, "generate: %v\n", err)
					return silentExit(ExitFailed) // the output is not complete yet
				}
			} else {
				prog, err = generate.Run(cmd.Context(), gcfg)
			}
			if _, refused := errors.AsType[*generate.DriftError](err); refused {
				return usageError(err) // nothing ran: the one line says why
			}
			prog.Summary(s.Err)
			if priceIn > 0 || priceOut > 0 {
				cost := (float64(prog.Usage.PromptTokens)*priceIn + float64(prog.Usage.CompletionTokens)*priceOut) / 1e6
				fmt.Fprintf(s.Err, "generate: cost $%.4f this run\n", cost)
			}
			if err != nil {
				if cmd.Context().Err() != nil {
					return err // interrupted: exit 130
				}
				return usageError(withHint(err, backend))
			}
			if prog.Failed > 0 {
				fmt.Fprintf(s.Err, "generate: %d prompts failed; see %s (rerun to retry them)\n", prog.Failed, failuresPath(io.output, failures))
				return silentExit(ExitFailed)
			}
			return nil
		},
	}
	io.bind(c, "append generated records here (- for stdout, without resume)")
	bf.bind(c, "openai")
	f := c.Flags()
	f.StringArrayVar(&prompts, "prompts", nil, "prompt file (repeatable; also positional); - is stdin")
	f.StringVar(&failures, "failures", "", "failed prompts file (default <output>.failures.jsonl)")
	f.IntVarP(&groupSize, "group-size", "n", 16, "responses per prompt")
	f.Float64Var(&temperature, "temperature", 1.0, "sampling temperature")
	f.Float64Var(&topP, "top-p", 1.0, "nucleus sampling (sent only when given)")
	f.IntVar(&maxTokens, "max-tokens", 0, "completion token limit per response (default: the server's)")
	f.StringArrayVar(&stops, "stop", nil, "stop sequence (repeatable)")
	f.StringArrayVar(&extras, "extra", nil, "vendor parameter key=value sent as is, value as JSON when it parses (top_k=50, min_p=0.05)")
	f.StringVar(&extraBody, "extra-body", "", `vendor parameters as one JSON object, e.g. '{"top_k": 20, "min_p": 0.05}' (merged with --extra)`)
	f.StringVar(&system, "system", "", "system message sent before plain-text prompts")
	f.BoolVar(&forceNew, "force-new", false, "move an existing output (and its settings) aside to NAME.old-N.jsonl and start a new one")
	f.BoolVar(&appendAnyway, "append-anyway", false, "resume an output made with other generation settings (its settings file records both)")
	f.StringVar(&onDrift, "on-drift", "refuse", "when the output was made with other settings: refuse, start-over (move it aside) or append")
	f.IntVar(&concurrency, "concurrency", 64, "prompts in flight")
	f.IntVar(&limit, "limit", 0, "generate at most this many new prompts (0: all)")
	f.DurationVar(&progressEvery, "progress-every", 5*time.Second, "interval of the progress line on stderr")
	f.BoolVar(&batch, "batch", false, "use the backend's batch API (openai, anthropic)")
	f.BoolVar(&batchNoWait, "batch-no-wait", false, "submit the batch job (or check on it) and exit; run again to collect")
	f.DurationVar(&batchPoll, "batch-poll", 30*time.Second, "batch job polling interval")
	f.StringVar(&batchInput, "batch-input", "", "write an OpenAI batch input file here for vLLM run_batch (with --batch-results)")
	f.StringVar(&batchResults, "batch-results", "", "read the results file run_batch writes (with --batch-input)")
	f.Float64Var(&priceIn, "price-in", 0, "USD per million prompt tokens, for the cost line")
	f.Float64Var(&priceOut, "price-out", 0, "USD per million completion tokens, for the cost line")
	return c
}

// driftPolicy reads --on-drift and its shorthands.
func driftPolicy(onDrift string, forceNew, appendAnyway bool) (generate.OnDrift, error) {
	if forceNew && appendAnyway {
		return 0, errors.New("--force-new and --append-anyway exclude each other")
	}
	if appendAnyway {
		onDrift = "append"
	}
	switch onDrift {
	case "refuse":
		return generate.DriftRefuse, nil
	case "start-over":
		return generate.DriftStartOver, nil
	case "append":
		return generate.DriftAppend, nil
	}
	return 0, fmt.Errorf("--on-drift %q: want refuse, start-over or append", onDrift)
}

// progressFunc draws a live bar on a terminal and otherwise prints the
// plain progress line every --progress-every.
func progressFunc(w io.Writer, priceIn, priceOut float64) func(generate.Progress) {
	if isTerminal(w) {
		bar := &liveBar{w: w, priceIn: priceIn, priceOut: priceOut}
		return bar.update
	}
	return func(p generate.Progress) {
		if !p.Final {
			fmt.Fprintln(w, p.Line())
		}
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

func failuresPath(output, failures string) string {
	if failures != "" {
		return failures
	}
	return output + ".failures.jsonl"
}

func backendHelp() string {
	var b strings.Builder
	for _, s := range llm.Default.Sorted() {
		fmt.Fprintf(&b, "  %-10s %s\n", s.Name, s.Summary)
	}
	return b.String()
}

// parseExtra reads key=value pairs; a value that parses as JSON is sent as
// that JSON value (50, 0.05, true, {"a":1}), otherwise as a string.
func parseExtra(kvs []string) (map[string]any, error) {
	if len(kvs) == 0 {
		return nil, nil
	}
	out := map[string]any{}
	for _, kv := range kvs {
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
	return out, nil
}
