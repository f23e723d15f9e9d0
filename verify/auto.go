package verify

import (
	"context"
	"sync"
	"time"

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

// autoPicks are the verifiers auto chooses from.
var autoPicks = []string{"code", "symbolic_math"}

func (a *auto) pick(rec *record.Record) string {
	if len(rec.Tests) > 0 {
		return "code"
	}
	return "symbolic_math"
}

// Budget is the budget of the verifier the record goes to.
func (a *auto) Budget(rec *record.Record, base time.Duration) time.Duration {
	if v, err := a.get(a.pick(rec)); err == nil {
		if b, ok := v.(Budgeter); ok {
			return b.Budget(rec, base)
		}
	}
	return base
}

func (a *auto) Verify(ctx context.Context, rec *record.Record, resp *record.Response) Verdict {
	name := a.pick(rec)
	v, err := a.get(name)
	if err != nil {
		return Undecided("", "auto: "+name+" verifier unavailable: "+err.Error())
	}
	return v.Verify(ctx, rec, resp)
}
