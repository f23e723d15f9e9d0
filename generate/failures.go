package generate

import (
	"errors"
	"os"
	"sync"

	"github.com/grpodata/grpodata/jsonl"
	"github.com/grpodata/grpodata/llm"
	"github.com/grpodata/grpodata/record"
)

// failures appends the prompts that fail in this run to the failures file,
// as they fail (so a crash loses none). The previous run's file is moved to
// <failures>.prev first, so it can be this run's input; it is removed when
// the run completes, and moved back when nothing was retried (cancelled, or
// a batch still pending) and nothing new failed.
type failures struct {
	path string
	mu   sync.Mutex
	app  *jsonl.Appender
	n    int
}

// newFailures opens the failures file; inputs naming it are redirected to
// the moved copy.
func newFailures(path string, inputs []string) (*failures, []string, error) {
	f := &failures{path: path}
	if path == "" {
		return f, inputs, nil
	}
	if _, err := os.Stat(path); err == nil {
		if err := os.Rename(path, path+".prev"); err != nil {
			return nil, nil, err
		}
	}
	in := make([]string, len(inputs))
	for i, p := range inputs {
		in[i] = p
		if p == path {
			in[i] = path + ".prev"
		}
	}
	app, _, err := jsonl.OpenAppend(path)
	if err != nil {
		return nil, nil, err
	}
	f.app = app
	return f, in, nil
}

// failureInfo is the value of ErrorField.
type failureInfo struct {
	Message string `json:"message"`
	Kind    string `json:"kind"`
	Status  int    `json:"status,omitempty"`
}

func (f *failures) add(rec *record.Record, err error) error {
	if f.app == nil {
		return nil
	}
	info := failureInfo{Message: err.Error(), Kind: llm.KindOf(err).String()}
	var e *llm.Error
	if errors.As(err, &e) {
		info.Status = e.Status
	}
	r := rec.Clone()
	r.Extra.Set(ErrorField, info)
	f.mu.Lock()
	f.n++
	f.mu.Unlock()
	if err := f.app.WriteLine(r.AppendJSON(nil)); err != nil {
		return err
	}
	return f.app.Flush()
}

// close finishes the file; complete says whether the run tried every
// pending prompt.
func (f *failures) close(complete bool) error {
	if f.app == nil {
		return nil
	}
	err := f.app.Close()
	prev := f.path + ".prev"
	switch {
	case f.n == 0 && !complete:
		if _, serr := os.Stat(prev); serr == nil {
			return errors.Join(err, os.Rename(prev, f.path))
		}
		return errors.Join(err, os.Remove(f.path))
	case f.n == 0:
		err = errors.Join(err, os.Remove(f.path))
	}
	if rerr := os.Remove(prev); rerr != nil && !errors.Is(rerr, os.ErrNotExist) {
		err = errors.Join(err, rerr)
	}
	return err
}
