package verify

import (
	"context"
	"sync"

	"github.com/grpodata/grpodata/record"
)

func init() {
	Register(Spec{
		Name: "auto",
		Help: "per record: code when it has tests, else symbolic_math (mixed data sets)",
		New:  func(o Options) (Verifier, error) { return &auto{opts: o}, nil },
	})
}

// auto picks a verifier per record through the registry, creating each one
// on first use (so a math-only run never probes the code sandbox).
type auto struct {
	opts Options
	mu   sync.Mutex
	made map[string]Verifier
	errs map[string]error
}

func (a *auto) get(name string) (Verifier, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if v, ok := a.made[name]; ok {
		return v, nil
	}
	if err, ok := a.errs[name]; ok {
		return nil, err
	}
	if a.made == nil {
		a.made, a.errs = map[string]Verifier{}, map[string]error{}
	}
	spec, err := Lookup(name)
	var v Verifier
	if err == nil {
		v, err = spec.New(a.opts)
	}
	if err != nil {
		a.errs[name] = err
		return nil, err
	}
	a.made[name] = v
	return v, nil
}

func (a *auto) Verify(ctx context.Context, rec *record.Record, resp *record.Response) Verdict {
	name := "symbolic_math"
	if len(rec.Tests) > 0 {
		name = "code"
	}
	v, err := a.get(name)
	if err != nil {
		return Undecided("", "auto: "+name+" verifier unavailable: "+err.Error())
	}
	return v.Verify(ctx, rec, resp)
}
