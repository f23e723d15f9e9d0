package llm

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Endpoint is one server of a Balance.
type Endpoint struct {
	Name    string // base URL, for events and errors
	Backend Backend
}

// Breaker configures the circuit breaker of Balance: an endpoint that fails
// Threshold times in a row with Retryable errors is set aside for Cooldown,
// then tried again with one call.
type Breaker struct {
	Threshold int           // default 5
	Cooldown  time.Duration // default 30s
}

type endpointState struct {
	Endpoint
	inFlight  int
	failures  int
	openUntil time.Time
	probing   bool
}

type balance struct {
	mu  sync.Mutex
	eps []*endpointState
	br  Breaker
	obs Observer
	now func() time.Time
	rot int // rotates the starting point so ties are spread
	// stats, when set, counts calls per endpoint (Stats.Endpoints).
	stats *Stats
}

// Balance spreads calls over endpoints, each to the one with the fewest calls
// in flight among those whose circuit is closed. When every circuit is open
// it uses the one that reopens first, so the run slows down instead of
// failing.
func Balance(eps []Endpoint, br Breaker, obs Observer) Backend {
	if len(eps) == 1 {
		return eps[0].Backend
	}
	return newBalance(eps, br, obs)
}

func newBalance(eps []Endpoint, br Breaker, obs Observer) *balance {
	if br.Threshold <= 0 {
		br.Threshold = 5
	}
	if br.Cooldown <= 0 {
		br.Cooldown = 30 * time.Second
	}
	b := &balance{br: br, obs: obs, now: time.Now}
	for _, e := range eps {
		b.eps = append(b.eps, &endpointState{Endpoint: e})
	}
	return b
}

func (b *balance) OneChoicePerCall() bool {
	for _, e := range b.eps {
		if !oneChoice(e.Backend) {
			return false
		}
	}
	return len(b.eps) > 0
}

func (b *balance) pick() *endpointState {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.now()
	var best, soonest *endpointState
	b.rot++
	for i := range b.eps {
		e := b.eps[(b.rot+i)%len(b.eps)]
		open := now.Before(e.openUntil)
		if !open && e.failures >= b.br.Threshold && e.probing {
			open = true // half-open: one probe at a time
		}
		if open {
			if soonest == nil || e.openUntil.Before(soonest.openUntil) {
				soonest = e
			}
			continue
		}
		if best == nil || e.inFlight < best.inFlight {
			best = e
		}
	}
	if best == nil {
		best = soonest
	}
	if best.failures >= b.br.Threshold {
		best.probing = true
	}
	best.inFlight++
	return best
}

func (b *balance) done(e *endpointState, err error) {
	b.mu.Lock()
	e.inFlight--
	var ev *Event
	switch {
	case err == nil || !IsRetryable(err):
		if e.failures >= b.br.Threshold {
			ev = &Event{Type: "circuit-close", Endpoint: e.Name}
		}
		e.failures, e.probing = 0, false
	default:
		e.failures++
		e.probing = false
		if e.failures >= b.br.Threshold {
			e.openUntil = b.now().Add(b.br.Cooldown)
			ev = &Event{Type: "circuit-open", Endpoint: e.Name, Err: err}
		}
	}
	b.mu.Unlock()
	if ev != nil && b.obs != nil {
		b.obs(*ev)
	}
}

func (b *balance) Sample(ctx context.Context, req Request) (Group, error) {
	e := b.pick()
	g, err := e.Backend.Sample(ctx, req)
	if ctx.Err() != nil && err != nil {
		b.mu.Lock()
		e.inFlight--
		b.mu.Unlock()
		return g, err
	}
	b.done(e, err)
	b.stats.endpoint(e.Name, err)
	return g, err
}

// String names the endpoints, for debugging.
func (b *balance) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	s := "balance["
	for i, e := range b.eps {
		if i > 0 {
			s += " "
		}
		s += fmt.Sprintf("%s:%d", e.Name, e.inFlight)
	}
	return s + "]"
}
