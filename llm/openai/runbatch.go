package openai

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/grpodata/grpodata/llm"
)

// FileBatcher is a batch "API" made of files, for vLLM's offline runner:
// SubmitBatch writes the batch input file In; the job is done when the
// results file Out exists, typically after
//
//	python -m vllm.entrypoints.openai.run_batch -i In -o Out --model Model
//
// and BatchResults reads it.
type FileBatcher struct {
	Model string
	In    string
	Out   string
}

var _ llm.Batcher = (*FileBatcher)(nil)

// SubmitBatch writes the input file (atomically) and returns its path. It
// refuses to start while a results file from an earlier job is in the way.
func (f *FileBatcher) SubmitBatch(ctx context.Context, items []llm.BatchItem) (string, error) {
	if _, err := os.Stat(f.Out); err == nil {
		return "", fmt.Errorf("%s exists (results of an earlier job?): move it away before a new batch", f.Out)
	}
	tmp, err := os.CreateTemp(filepath.Dir(f.In), filepath.Base(f.In)+".tmp*")
	if err != nil {
		return "", err
	}
	defer os.Remove(tmp.Name())
	if err := WriteBatchFile(tmp, f.Model, items); err != nil {
		tmp.Close()
		return "", err
	}
	if err := tmp.Close(); err != nil {
		return "", err
	}
	if err := os.Rename(tmp.Name(), f.In); err != nil {
		return "", err
	}
	return f.In, nil
}

// BatchStatus is done when the results file exists.
func (f *FileBatcher) BatchStatus(ctx context.Context, id string) (llm.BatchStatus, error) {
	if _, err := os.Stat(f.Out); err != nil {
		if os.IsNotExist(err) {
			return llm.BatchStatus{ID: id, State: fmt.Sprintf("waiting for %s (python -m vllm.entrypoints.openai.run_batch -i %s -o %s --model %s)", f.Out, f.In, f.Out, f.Model)}, nil
		}
		return llm.BatchStatus{}, err
	}
	return llm.BatchStatus{ID: id, State: "completed", Done: true}, nil
}

// BatchResults reads the results file.
func (f *FileBatcher) BatchResults(ctx context.Context, id string, fn func(llm.BatchResult) error) error {
	r, err := os.Open(f.Out)
	if err != nil {
		return err
	}
	defer r.Close()
	if err := ReadBatchFile(r, fn); err != nil {
		return fmt.Errorf("%s: %w", f.Out, err)
	}
	return nil
}
