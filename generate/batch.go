package generate

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/grpodata/grpodata/llm"
	"github.com/grpodata/grpodata/record"
)

// ErrBatchPending is returned by RunBatch with NoWait when the job is not
// finished yet: run again later to collect it.
var ErrBatchPending = errors.New("batch job still running; run the same command again later to collect the results")

// BatchConfig configures RunBatch.
type BatchConfig struct {
	Batcher llm.Batcher
	Backend string // backend name, kept in the state file
	// State is the state file; default Output + ".batch.json".
	State string
	// PollEvery is the polling interval; default 30s.
	PollEvery time.Duration
	// MaxItems caps the prompts in one job (default 10,000); the rest go in
	// the next run's job.
	MaxItems int
	// NoWait returns ErrBatchPending instead of waiting for a job.
	NoWait bool
	// OnStatus is called with each polled status; may be nil.
	OnStatus func(llm.BatchStatus)
}

// RunBatch is Run through a batch API: it submits the prompts not yet in the
// output as one job (recording the job and its items in the state file
// before and after submitting), waits for it, and appends the results;
// failed items go to the failures file. A rerun while a job is recorded in
// the state file resumes that job instead of submitting another; the state
// file is removed once the job's results are written.
func RunBatch(ctx context.Context, cfg Config, bc BatchConfig) (Progress, error) {
	start := time.Now()
	if bc.Batcher == nil {
		return Progress{}, errors.New("generate: backend has no batch API")
	}
	if cfg.Output == "" || streamed(cfg.Output) {
		return Progress{}, errors.New("generate: batch mode needs a regular output file (it resumes)")
	}
	if cfg.GroupSize <= 0 {
		cfg.GroupSize = 16
	}
	if cfg.Failures == "" {
		cfg.Failures = cfg.Output + ".failures.jsonl"
	}
	if bc.State == "" {
		bc.State = cfg.Output + ".batch.json"
	}
	if bc.MaxItems <= 0 {
		bc.MaxItems = 10000
	}
	var c counters
	sk, err := openSinks(&cfg, &c)
	if err != nil {
		return Progress{}, err
	}
	out, done, closeOut, fails := sk.out, sk.done, sk.closeOut, sk.fails
	runErr := runBatch(ctx, cfg, bc, out, done, fails, &c)
	if err := closeOut(); err != nil && runErr == nil {
		runErr = err
	}
	if err := fails.close(runErr == nil); err != nil && runErr == nil {
		runErr = err
	}
	p := Progress{
		Read: c.read.Load(), Skipped: c.skipped.Load(), Duplicates: c.dups.Load(), Done: c.done.Load(),
		Failed: c.failed.Load(), Responses: c.responses.Load(),
		Usage:    llm.Usage{PromptTokens: int(c.prompt.Load()), CompletionTokens: int(c.completion.Load())},
		Repaired: c.repaired, MovedAside: c.movedAside, Elapsed: time.Since(start), Final: true,
	}
	if cfg.Progress != nil {
		cfg.Progress(p)
	}
	return p, runErr
}

func runBatch(ctx context.Context, cfg Config, bc BatchConfig, out lineWriter, done map[string]bool, fails *failures, c *counters) error {
	st, resumed, err := llm.LoadBatchState(bc.State)
	if err != nil {
		return err
	}
	if resumed && st.Backend != bc.Backend {
		return fmt.Errorf("%s: a %s batch job is pending; finish it with --backend %s or remove the file", bc.State, st.Backend, st.Backend)
	}
	recs := map[string]*record.Record{} // key -> prompt
	if resumed {
		want := map[string]bool{}
		for _, k := range st.Items {
			want[k] = true
		}
		err = eachPrompt(cfg, c, func(rec *record.Record) (bool, error) {
			if k := rec.Key(); want[k] && recs[k] == nil {
				recs[k] = rec
			}
			return false, nil
		})
	} else {
		var items []llm.BatchItem
		st = llm.BatchState{Backend: bc.Backend, Items: map[string]string{}}
		err = pending(cfg, done, c, func(rec *record.Record) (bool, error) {
			id := "r" + strconv.Itoa(len(items))
			st.Items[id] = rec.Key()
			recs[rec.Key()] = rec
			items = append(items, llm.BatchItem{ID: id, Request: Request(cfg, rec)})
			return len(items) >= bc.MaxItems, nil
		})
		if err != nil {
			return err
		}
		if len(items) == 0 {
			return nil
		}
		// Record the items before submitting, the job after: a crash in
		// between leaves a state without a job, which is submitted again.
		if err := llm.SaveBatchState(bc.State, st); err != nil {
			return err
		}
		st.JobID, err = bc.Batcher.SubmitBatch(ctx, items)
		if err != nil {
			os.Remove(bc.State)
			return err
		}
		st.Submitted = time.Now().UTC()
		if err := llm.SaveBatchState(bc.State, st); err != nil {
			return err
		}
	}
	if err != nil {
		return err
	}
	if st.JobID == "" {
		// Crashed between saving and submitting: start over.
		os.Remove(bc.State)
		return runBatch(ctx, cfg, bc, out, done, fails, c)
	}
	var status llm.BatchStatus
	if bc.NoWait {
		status, err = bc.Batcher.BatchStatus(ctx, st.JobID)
		if err == nil && !status.Done {
			if bc.OnStatus != nil {
				bc.OnStatus(status)
			}
			return ErrBatchPending
		}
	} else {
		status, err = llm.WaitBatch(ctx, bc.Batcher, st.JobID, bc.PollEvery, bc.OnStatus)
	}
	if err != nil {
		return err
	}
	got := map[string]bool{}
	if !status.Failed {
		err = bc.Batcher.BatchResults(ctx, st.JobID, func(r llm.BatchResult) error {
			key, ok := st.Items[r.ID]
			rec := recs[key]
			if !ok || rec == nil || got[r.ID] || done[key] {
				return nil // unknown, duplicate, or already written
			}
			got[r.ID] = true
			if r.Err == nil && len(r.Group.Choices) < cfg.GroupSize {
				r.Err = &llm.Error{Kind: llm.Retryable, Message: fmt.Sprintf("batch result has %d of %d responses", len(r.Group.Choices), cfg.GroupSize)}
			}
			if r.Err != nil {
				c.failed.Add(1)
				return fails.add(rec, r.Err)
			}
			if len(r.Group.Choices) > cfg.GroupSize {
				r.Group.Choices = r.Group.Choices[:cfg.GroupSize]
			}
			done[key] = true
			return write(cfg, rec, r.Group, out, c)
		})
		if err != nil {
			return err
		}
	}
	for id, key := range st.Items {
		if rec := recs[key]; rec != nil && !got[id] && !done[key] {
			c.failed.Add(1)
			msg := "no result in batch job " + st.JobID + " (" + status.State + ")"
			if err := fails.add(rec, &llm.Error{Kind: llm.Retryable, Message: msg}); err != nil {
				return err
			}
		}
	}
	return os.Remove(bc.State)
}
