package llm

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"time"
)

// BatchItem is one request of a batch job, named by an ID the caller picks
// (letters, digits, _ and - only, at most 60 characters: Anthropic's rule,
// with room for the choice suffix backends add).
type BatchItem struct {
	ID      string
	Request Request
}

// BatchResult is the answer to one BatchItem: a group or a classified error.
type BatchResult struct {
	ID    string
	Group Group
	Err   error
}

// BatchStatus is the state of a submitted batch job.
type BatchStatus struct {
	ID        string
	State     string // the vendor's word: validating, in_progress, completed, ended, failed, expired...
	Done      bool   // results (possibly partial) can be fetched, or the job is dead
	Failed    bool   // the job as a whole failed or expired without results
	Total     int    // requests in the job (as the vendor counts them)
	Succeeded int
	Errored   int
}

// Batcher is implemented by backends with a batch API (OpenAI Batch API,
// Anthropic Message Batches): submit once, poll, fetch results, at a lower
// price and without rate limits on the caller's side.
type Batcher interface {
	// SubmitBatch sends the items as one job and returns its ID.
	SubmitBatch(ctx context.Context, items []BatchItem) (string, error)
	// BatchStatus polls a job.
	BatchStatus(ctx context.Context, id string) (BatchStatus, error)
	// BatchResults streams the results of a finished job to fn, one per
	// item (choices of one item are merged), in no particular order.
	BatchResults(ctx context.Context, id string, fn func(BatchResult) error) error
}

// WaitBatch polls a job every interval until it is done, reporting each
// status to progress (may be nil).
func WaitBatch(ctx context.Context, b Batcher, id string, every time.Duration, progress func(BatchStatus)) (BatchStatus, error) {
	if every <= 0 {
		every = 30 * time.Second
	}
	for {
		st, err := b.BatchStatus(ctx, id)
		if err != nil && !IsRetryable(err) {
			return st, err
		}
		if err == nil {
			if progress != nil {
				progress(st)
			}
			if st.Done {
				return st, nil
			}
		}
		t := time.NewTimer(every)
		select {
		case <-ctx.Done():
			t.Stop()
			return st, ctx.Err()
		case <-t.C:
		}
	}
}

// BatchState is what a batch run saves to resume after a crash: which job it
// submitted and what each item ID stands for.
type BatchState struct {
	Backend   string            `json:"backend"`
	JobID     string            `json:"job_id"`
	Submitted time.Time         `json:"submitted"`
	Items     map[string]string `json:"items"` // item ID -> caller's key (a record key)
}

// LoadBatchState reads a state file; ok is false when there is none.
func LoadBatchState(path string) (st BatchState, ok bool, err error) {
	b, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return st, false, nil
	}
	if err != nil {
		return st, false, err
	}
	if err := json.Unmarshal(b, &st); err != nil {
		return st, false, &os.PathError{Op: "read batch state", Path: path, Err: err}
	}
	return st, true, nil
}

// SaveBatchState writes a state file atomically (temp file, fsync, rename).
func SaveBatchState(path string, st BatchState) error {
	b, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(append(b, '\n')); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}
