package llm

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestBatchStateRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "gen.jsonl.batch.json")
	if _, ok, err := LoadBatchState(path); ok || err != nil {
		t.Fatalf("missing file: %v %v", ok, err)
	}
	st := BatchState{Backend: "openai", JobID: "batch_1", Submitted: time.Unix(100, 0).UTC(), Items: map[string]string{"r0": "id with spaces"}}
	if err := SaveBatchState(path, st); err != nil {
		t.Fatal(err)
	}
	got, ok, err := LoadBatchState(path)
	if !ok || err != nil || got.JobID != "batch_1" || got.Items["r0"] != "id with spaces" || !got.Submitted.Equal(st.Submitted) {
		t.Fatalf("got %+v %v %v", got, ok, err)
	}
	os.WriteFile(path, []byte("{"), 0o644)
	if _, _, err := LoadBatchState(path); err == nil {
		t.Fatal("corrupt state accepted")
	}
}

type fakeBatcher struct {
	polls int
	errs  []error
}

func (f *fakeBatcher) SubmitBatch(context.Context, []BatchItem) (string, error) { return "j", nil }
func (f *fakeBatcher) BatchResults(context.Context, string, func(BatchResult) error) error {
	return nil
}
func (f *fakeBatcher) BatchStatus(ctx context.Context, id string) (BatchStatus, error) {
	f.polls++
	if len(f.errs) > 0 {
		e := f.errs[0]
		f.errs = f.errs[1:]
		return BatchStatus{}, e
	}
	return BatchStatus{ID: id, Done: f.polls >= 3}, nil
}

func TestWaitBatch(t *testing.T) {
	f := &fakeBatcher{errs: []error{&Error{Kind: Retryable, Status: 500}}}
	st, err := WaitBatch(context.Background(), f, "j", time.Millisecond, nil)
	if err != nil || !st.Done || f.polls != 3 {
		t.Fatalf("%+v %v after %d polls", st, err, f.polls)
	}
	f = &fakeBatcher{errs: []error{&Error{Kind: RunFatal, Status: 401}}}
	if _, err := WaitBatch(context.Background(), f, "j", time.Millisecond, nil); !errors.Is(err, ErrRunFatal) {
		t.Fatalf("err = %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	f = &fakeBatcher{}
	if _, err := WaitBatch(ctx, f, "j", time.Hour, nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
}
