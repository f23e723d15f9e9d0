// Package generate is the generate stage: it reads prompt records, samples a
// group of responses for each from an llm.Backend, and appends one record per
// prompt to the output with the responses unscored (score null), every other
// field carried through.
//
// Crash safety: each record is appended (and flushed) as soon as its group is
// complete. A rerun skips prompts whose key (id, else prompt hash) is already
// in the output, after cutting off a torn last line. Prompts that fail (a 400,
// or retries exhausted) are appended as they fail to the failures file beside
// the output (<output>.failures.jsonl, the prompt record with a
// generate_error field) and retried by the next run, which starts a new
// failures file (the failures file can be given as its input). A run-fatal
// error (bad key, unknown model) stops the run.
// Cancelling the context stops cleanly: finished records stay, in-flight
// prompts are simply not written.
package generate

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/grpodata/grpodata/jsonl"
	"github.com/grpodata/grpodata/llm"
	"github.com/grpodata/grpodata/record"
)

// ErrorField is the member added to a prompt record in the failures file; it
// is dropped when the failures file is read back as prompts.
const ErrorField = "generate_error"

// Config is the generate stage's configuration; the CLI fills it from flags.
type Config struct {
	Inputs []string // prompt files; "-" is Stdin
	// Keep, when set, filters the prompts read (a shard's share; see
	// jsonl.Source.Keep).
	Keep   func(line []byte) bool
	Output string // appended to; "-" writes to Stdout without resume
	// Failures is the failures file; default Output + ".failures.jsonl"
	// (none when Output is "-": failures are only counted).
	Failures string

	Backend llm.Backend
	// Policy names the backend in the output's settings sidecar: Backend,
	// Model and the Options that change what it samples (the other fields
	// of Settings come from this Config).
	Policy Settings
	// OnDrift is what a run does when the output it would resume was made
	// with other settings (default: refuse); ForceNew moves any existing
	// output aside and starts a new one.
	OnDrift  OnDrift
	ForceNew bool

	GroupSize int // responses per prompt; default 16
	Params    llm.Params
	Extra     map[string]any
	// System, when set, is sent as a system message before plain-text
	// prompts (chat prompts carry their own).
	System string
	// Solve, if set, derives a reference answer for a prompt that has none
	// (the CLI plugs in mathexpr.Solve for the sim backend); it is passed to
	// the backend as llm.HintAnswer, which only offline backends read.
	Solve func(prompt string) (answer string, ok bool)

	Concurrency int // prompts in flight; default 64
	Limit       int // stop after this many new prompts (0: all)

	// Stats are the counters of the backend's wrappers (llm.Options.Stats),
	// reported in progress; may be nil.
	Stats *llm.Stats
	// Progress is called every ProgressEvery (default 5s) and once at the
	// end with Final set; may be nil.
	Progress      func(Progress)
	ProgressEvery time.Duration

	Stdin  io.Reader
	Stdout io.Writer
}

// Progress is a snapshot of a run; the final one is the summary.
type Progress struct {
	// Total is the number of prompts this run has to do (not yet in the
	// output, up to Limit), counted before it starts; 0 when there is
	// nothing to do or the prompts come from stdin, which cannot be counted
	// ahead.
	Total      int64
	Read       int64 // prompt records read
	Skipped    int64 // already complete in the output
	Duplicates int64 // keys seen twice in the input
	Done       int64 // records written this run
	// Kept is the records already in the output when the run started,
	// with the tokens they cost (resumed runs keep them).
	Kept       int64
	KeptUsage  llm.Usage
	Failed     int64 // prompts written to the failures file
	InFlight   int64
	Responses  int64
	Usage      llm.Usage
	BytesRead  int64  // of the current input
	BytesTotal int64  // size of the current input, 0 if unknown
	Repaired   int64  // bytes cut from a torn last line of the output
	MovedAside string // where an old output was moved (ForceNew, DriftStartOver)
	LLM        llm.StatsSnapshot
	Elapsed    time.Duration
	Final      bool
}

// Line is the plain progress line.
func (p Progress) Line() string {
	s := "generate: "
	if p.Total > 0 {
		s += fmt.Sprintf("%d/%d prompts (%.0f%%), ", p.Done+p.Failed, p.Total, 100*p.Fraction())
	}
	s += fmt.Sprintf("%d done, %d failed, %d skipped, %d in flight, %d responses, %d retries",
		p.Done, p.Failed, p.Skipped, p.InFlight, p.Responses, p.LLM.Retries)
	if secs := p.Elapsed.Seconds(); secs > 0 {
		s += fmt.Sprintf(", %.1f prompts/s, %.0f tokens/s", float64(p.Done)/secs, float64(p.Usage.CompletionTokens)/secs)
	}
	s += fmt.Sprintf(", %s", p.Elapsed.Round(time.Second))
	if eta, ok := p.ETA(); ok {
		s += fmt.Sprintf(", ETA %s", eta.Round(time.Second))
	}
	return s
}

// Fraction is the share of Total finished (done or failed); 0 when Total is
// unknown or zero.
func (p Progress) Fraction() float64 {
	if p.Total <= 0 {
		return 0
	}
	return min(1, float64(p.Done+p.Failed)/float64(p.Total))
}

// ETA is the time left at this run's rate so far; ok is false until a
// prompt has finished or when Total is unknown.
func (p Progress) ETA() (time.Duration, bool) {
	finished := p.Done + p.Failed
	if p.Total <= 0 || finished == 0 {
		return 0, false
	}
	left := max(0, p.Total-finished)
	return time.Duration(float64(p.Elapsed) / float64(finished) * float64(left)), true
}

// Summary writes the final report.
func (p Progress) Summary(w io.Writer) {
	fmt.Fprintf(w, "generate: %d prompts written, %d failed, %d skipped (already done), %d duplicates\n",
		p.Done, p.Failed, p.Skipped, p.Duplicates)
	fmt.Fprintf(w, "generate: %d responses, %d prompt + %d completion tokens, %d calls, %d retries (%d rate-limited), %s\n",
		p.Responses, p.Usage.PromptTokens, p.Usage.CompletionTokens, p.LLM.Calls, p.LLM.Retries, p.LLM.RateLimited,
		p.Elapsed.Round(time.Millisecond))
	if p.Repaired > 0 {
		fmt.Fprintf(w, "generate: cut a torn last line (%d bytes) from the output\n", p.Repaired)
	}
	if p.MovedAside != "" {
		fmt.Fprintf(w, "generate: moved the earlier output aside to %s\n", p.MovedAside)
	}
}

type counters struct {
	read, skipped, dups, done, failed, inFlight, responses atomic.Int64
	prompt, completion                                     atomic.Int64
	bytesRead, bytesTotal                                  atomic.Int64
	repaired                                               int64
	movedAside                                             string
	kept                                                   int64
	keptUsage                                              llm.Usage
}

// lineWriter is the output: an Appender, or stdout.
type lineWriter interface {
	WriteLine([]byte) error
	Flush() error
}

type stdoutWriter struct {
	mu sync.Mutex
	w  *jsonl.Writer
}

func (s *stdoutWriter) WriteLine(b []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.WriteLine(b)
}
func (s *stdoutWriter) Flush() error { return nil }

// Run executes the stage. It returns the final Progress and an error for
// I/O and configuration problems, a run-fatal backend error, or the
// context's error when cancelled; failed prompts are not errors (see
// Progress.Failed).
func Run(ctx context.Context, cfg Config) (Progress, error) {
	start := time.Now()
	if cfg.Backend == nil {
		return Progress{}, errors.New("generate: no backend")
	}
	if cfg.GroupSize <= 0 {
		cfg.GroupSize = 16
	}
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = 64
	}
	if cfg.ProgressEvery <= 0 {
		cfg.ProgressEvery = 5 * time.Second
	}
	if len(cfg.Inputs) == 0 {
		cfg.Inputs = []string{"-"}
	}
	if cfg.Output == "" {
		cfg.Output = "-"
	}
	if cfg.Failures == "" && !streamed(cfg.Output) {
		cfg.Failures = cfg.Output + ".failures.jsonl"
	}
	var c counters

	sk, err := openSinks(&cfg, &c)
	if err != nil {
		return Progress{}, err
	}
	out, done, closeOut, fails := sk.out, sk.done, sk.closeOut, sk.fails
	total, order, err := planRun(cfg, done)
	if err != nil {
		closeOut()
		return Progress{}, err
	}

	snapshot := func(final bool) Progress {
		return Progress{
			Total: total, Read: c.read.Load(), Skipped: c.skipped.Load(), Duplicates: c.dups.Load(), Done: c.done.Load(),
			Failed: c.failed.Load(), InFlight: c.inFlight.Load(), Responses: c.responses.Load(),
			Usage:     llm.Usage{PromptTokens: int(c.prompt.Load()), CompletionTokens: int(c.completion.Load())},
			BytesRead: c.bytesRead.Load(), BytesTotal: c.bytesTotal.Load(), Repaired: c.repaired, MovedAside: c.movedAside,
			Kept: c.kept, KeptUsage: c.keptUsage,
			LLM: cfg.Stats.Snapshot(), Elapsed: time.Since(start), Final: final,
		}
	}
	stopTicker := make(chan struct{})
	tickerDone := make(chan struct{})
	go func() {
		defer close(tickerDone)
		t := time.NewTicker(cfg.ProgressEvery)
		defer t.Stop()
		for {
			select {
			case <-stopTicker:
				return
			case <-t.C:
				out.Flush()
				if a, ok := out.(*jsonl.Appender); ok {
					a.Sync()
				}
				if cfg.Progress != nil {
					cfg.Progress(snapshot(false))
				}
			}
		}
	}()

	jobs := make(chan *record.Record)
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		defer close(jobs)
		return readPrompts(gctx, cfg, done, &c, jobs)
	})
	for range cfg.Concurrency {
		g.Go(func() error {
			for rec := range jobs {
				if err := work(gctx, cfg, rec, out, fails, &c); err != nil {
					return err
				}
			}
			return nil
		})
	}
	runErr := g.Wait()
	close(stopTicker)
	<-tickerDone
	if err := closeOut(); err != nil && runErr == nil {
		runErr = err
	}
	if runErr == nil && ctx.Err() == nil && order != nil && !streamed(cfg.Output) {
		runErr = putInInputOrder(cfg.Output, order)
	}
	if runErr == nil && ctx.Err() != nil {
		runErr = ctx.Err()
	}
	if err := fails.close(runErr == nil); err != nil && runErr == nil {
		runErr = err
	}
	if errors.Is(runErr, context.Canceled) && ctx.Err() != nil {
		runErr = ctx.Err()
	}
	p := snapshot(true)
	if cfg.Progress != nil {
		cfg.Progress(p)
	}
	return p, runErr
}

// sinks are where a run writes: the resumable output, the keys it already
// holds, and the failures file (whose earlier failures join the inputs).
type sinks struct {
	out      lineWriter
	done     map[string]bool
	closeOut func() error
	fails    *failures
}

// openSinks opens the output and the failures file for Run and RunBatch,
// noting in c the bytes cut from a torn last line.
func openSinks(cfg *Config, c *counters) (sinks, error) {
	moved, err := checkDrift(*cfg)
	if err != nil {
		return sinks{}, err
	}
	c.movedAside = moved
	out, done, closeOut, cut, err := openOutput(*cfg, c)
	if err != nil {
		return sinks{}, err
	}
	c.repaired = cut
	fails, inputs, err := newFailures(cfg.Failures, cfg.Inputs)
	if err != nil {
		closeOut()
		return sinks{}, err
	}
	cfg.Inputs = inputs
	return sinks{out, done, closeOut, fails}, nil
}

// streamed reports whether the output is written once as a stream (stdout,
// a device, a FIFO) rather than appended to and resumed: then it has no
// failures file, no settings sidecar and no resume.
func streamed(output string) bool { return !jsonl.Resumable(output) }

// openOutput opens the output for appending after repairing a torn last
// line, and lists the keys already complete in it, counting in c the
// records kept and the tokens they cost.
func openOutput(cfg Config, c *counters) (out lineWriter, done map[string]bool, closeOut func() error, cut int64, err error) {
	if streamed(cfg.Output) {
		w, err := jsonl.CreateTo(cfg.Output, cfg.Stdout)
		if err != nil {
			return nil, nil, nil, 0, err
		}
		return &stdoutWriter{w: w}, map[string]bool{}, w.Commit, 0, nil
	}
	app, cut, err := jsonl.OpenAppend(cfg.Output)
	if err != nil {
		return nil, nil, nil, 0, err
	}
	done, err = jsonl.Keys(cfg.Output, func(line []byte) (string, error) {
		r, err := record.Decode(line)
		if err != nil {
			return "", err
		}
		var u struct {
			PromptTokens     int `json:"prompt_tokens"`
			CompletionTokens int `json:"completion_tokens"`
		}
		if ok, _ := r.Extra.Decode("usage", &u); ok {
			c.keptUsage.PromptTokens += u.PromptTokens
			c.keptUsage.CompletionTokens += u.CompletionTokens
		}
		c.kept++
		return r.Key(), nil
	})
	if err != nil {
		app.Close()
		return nil, nil, nil, 0, err
	}
	return app, done, app.Close, cut, nil
}

func recordKey(line []byte) (string, error) {
	r, err := record.Decode(line)
	if err != nil {
		return "", err
	}
	return r.Key(), nil
}

// eachPrompt calls fn for every prompt record of the inputs, in order,
// until fn returns stop or an error.
func eachPrompt(cfg Config, c *counters, fn func(rec *record.Record) (stop bool, err error)) error {
	src := jsonl.Source{Files: cfg.Inputs, In: cfg.Stdin, Keep: cfg.Keep}
	for _, path := range cfg.Inputs {
		r, err := src.Open(path)
		if err != nil {
			return err
		}
		stop, err := func() (bool, error) {
			defer r.Close()
			for {
				l, err := r.Next()
				if err == io.EOF {
					return false, nil
				}
				if err != nil {
					return false, err
				}
				d, t := r.Progress()
				c.bytesRead.Store(d)
				c.bytesTotal.Store(t)
				rec, err := record.Decode(l.Data)
				if err != nil {
					return false, &jsonl.Error{File: r.Name(), Line: l.N, Err: err}
				}
				c.read.Add(1)
				rec.Extra.Delete(ErrorField)
				if stop, err := fn(rec); stop || err != nil {
					return stop, err
				}
			}
		}()
		if stop || err != nil {
			return err
		}
	}
	return nil
}

// pending calls fn for each prompt not yet done, skipping duplicates, up to
// cfg.Limit.
func pending(cfg Config, done map[string]bool, c *counters, fn func(rec *record.Record) (stop bool, err error)) error {
	seen := map[string]bool{}
	sent := 0
	return eachPrompt(cfg, c, func(rec *record.Record) (bool, error) {
		k := rec.Key()
		switch {
		case done[k]:
			c.skipped.Add(1)
			return false, nil
		case seen[k]:
			c.dups.Add(1)
			return false, nil
		}
		seen[k] = true
		if cfg.Limit > 0 && sent >= cfg.Limit {
			return true, nil
		}
		sent++
		return fn(rec)
	})
}

// planRun reads the inputs once before the run: the number of prompts it
// will send (those pending yields: not done, not repeated, up to Limit) and
// the input order of every prompt key. With stdin among the inputs, which
// can be read only once, it returns 0 and no order.
func planRun(cfg Config, done map[string]bool) (total int64, order inputOrder, err error) {
	if slices.Contains(cfg.Inputs, "-") {
		return 0, nil, nil
	}
	order = inputOrder{}
	err = eachPrompt(cfg, &counters{}, func(rec *record.Record) (bool, error) {
		k := rec.Key()
		if _, seen := order[k]; !seen && !done[k] && (cfg.Limit <= 0 || total < int64(cfg.Limit)) {
			total++
		}
		order.note(k)
		return false, nil
	})
	return total, order, err
}

func readPrompts(ctx context.Context, cfg Config, done map[string]bool, c *counters, jobs chan<- *record.Record) error {
	return pending(cfg, done, c, func(rec *record.Record) (bool, error) {
		select {
		case jobs <- rec:
			return false, nil
		case <-ctx.Done():
			return true, nil
		}
	})
}

// Request builds the llm request for a prompt record.
func Request(cfg Config, rec *record.Record) llm.Request {
	var msgs []llm.Message
	if rec.Prompt.IsChat() {
		for _, m := range rec.Prompt.Messages {
			msgs = append(msgs, llm.Message{Role: m.Role, Content: m.Content})
		}
	} else {
		if cfg.System != "" {
			msgs = append(msgs, llm.Message{Role: llm.RoleSystem, Content: cfg.System})
		}
		msgs = append(msgs, llm.Message{Role: llm.RoleUser, Content: rec.Prompt.Text})
	}
	hints := map[string]string{}
	if ref, ok := rec.Reference(); ok {
		hints[llm.HintAnswer] = ref
	} else if cfg.Solve != nil && len(rec.Tests) == 0 {
		if ref, ok := cfg.Solve(rec.Prompt.Last()); ok {
			hints[llm.HintAnswer] = ref
		}
	}
	if rec.Solution != "" && len(rec.Tests) > 0 {
		hints[llm.HintSolution] = rec.Solution
	}
	return llm.Request{Messages: msgs, N: cfg.GroupSize, Params: cfg.Params, Extra: cfg.Extra, Hints: hints}
}

func work(ctx context.Context, cfg Config, rec *record.Record, out lineWriter, fails *failures, c *counters) error {
	c.inFlight.Add(1)
	g, err := cfg.Backend.Sample(ctx, Request(cfg, rec))
	c.inFlight.Add(-1)
	if err != nil {
		if ctx.Err() != nil {
			return nil // cancelled: not a failure, retried next run
		}
		if errors.Is(err, llm.ErrRunFatal) {
			return fmt.Errorf("prompt %s: %w", rec.Key(), err)
		}
		c.failed.Add(1)
		return fails.add(rec, err)
	}
	return write(cfg, rec, g, out, c)
}

// write appends the output record of a prompt and counts it.
func write(cfg Config, rec *record.Record, g llm.Group, out lineWriter, c *counters) error {
	line := Build(cfg, rec, g).AppendJSON(nil)
	if err := out.WriteLine(line); err != nil {
		return err
	}
	if err := out.Flush(); err != nil {
		return err
	}
	c.done.Add(1)
	c.responses.Add(int64(len(g.Choices)))
	c.prompt.Add(int64(g.Usage.PromptTokens))
	c.completion.Add(int64(g.Usage.CompletionTokens))
	return nil
}

// Build makes the output record: the prompt record with the group as
// unscored responses and the usage totals.
func Build(cfg Config, rec *record.Record, g llm.Group) *record.Record {
	outRec := rec.Clone()
	outRec.Responses = make([]record.Response, len(g.Choices))
	model, _ := json.Marshal(g.Model)
	temp := []byte("null")
	if cfg.Params.Temperature != nil {
		temp = record.AppendScore(nil, *cfg.Params.Temperature)
	}
	for i, ch := range g.Choices {
		finish, _ := json.Marshal(ch.FinishReason)
		md := make(record.Fields, 0, 5)
		md.SetRaw("model", model)
		md.SetRaw("temperature", temp)
		md.SetRaw("generation_time_ms", strconv.AppendInt(nil, ch.Duration.Milliseconds(), 10))
		md.SetRaw("finish_reason", finish)
		md.SetRaw("completion_tokens", strconv.AppendInt(nil, int64(ch.CompletionTokens), 10))
		outRec.Responses[i] = record.Response{Text: ch.Text, Reasoning: ch.Reasoning, Metadata: md}
	}
	outRec.Extra.Set("usage", struct {
		PromptTokens     int `json:"prompt_tokens"`
		CompletionTokens int `json:"completion_tokens"`
	}{g.Usage.PromptTokens, g.Usage.CompletionTokens})
	return outRec
}
