package llm

import (
	"context"
	"errors"
	"math/rand/v2"
	"sync/atomic"
	"time"
)

func asError(err error, e **Error) bool { return errors.As(err, e) }

// RetryPolicy configures Retry. Zero fields take the defaults.
type RetryPolicy struct {
	MaxAttempts int           // total attempts including the first; default 8
	BaseDelay   time.Duration // first backoff; default 1s
	MaxDelay    time.Duration // cap on one backoff; default 60s
	// MaxRetryAfter caps a server's Retry-After; default 5 minutes.
	MaxRetryAfter time.Duration
}

func (p RetryPolicy) withDefaults() RetryPolicy {
	if p.MaxAttempts <= 0 {
		p.MaxAttempts = 8
	}
	if p.BaseDelay <= 0 {
		p.BaseDelay = time.Second
	}
	if p.MaxDelay <= 0 {
		p.MaxDelay = time.Minute
	}
	if p.MaxRetryAfter <= 0 {
		p.MaxRetryAfter = 5 * time.Minute
	}
	return p
}

// Backoff returns the delay before attempt (2 = first retry): full jitter
// over an exponential ceiling, but never less than the server's Retry-After.
func (p RetryPolicy) Backoff(attempt int, err error) time.Duration {
	p = p.withDefaults()
	ceil := p.BaseDelay << min(attempt-2, 30)
	if ceil <= 0 || ceil > p.MaxDelay {
		ceil = p.MaxDelay
	}
	d := ceil/2 + rand.N(ceil/2+1)
	if ra := RetryAfterOf(err); ra > 0 {
		d = min(ra, p.MaxRetryAfter) + rand.N(p.BaseDelay/4+1)
	}
	return d
}

type retry struct {
	next   Backend
	policy RetryPolicy
	stats  *Stats
	obs    Observer
	// pausedUntil (unix nanos) holds back every new attempt after a server
	// said "slow down" (429/529 with Retry-After), so thousands of calls in
	// flight do not keep hammering it one by one.
	pausedUntil atomic.Int64
}

// Retry wraps b so Retryable failures are tried again with exponential
// backoff and jitter, honouring Retry-After. A 429 or 529 with Retry-After
// also holds back every other call through this wrapper until then. Each
// attempt is counted in stats (may be nil) and each retry reported to obs
// (may be nil).
func Retry(b Backend, p RetryPolicy, stats *Stats, obs Observer) Backend {
	return &retry{next: b, policy: p.withDefaults(), stats: stats, obs: obs}
}

func (r *retry) OneChoicePerCall() bool { return oneChoice(r.next) }

func (r *retry) Sample(ctx context.Context, req Request) (Group, error) {
	for attempt := 1; ; attempt++ {
		if until := r.pausedUntil.Load(); until > 0 {
			if d := time.Until(time.Unix(0, until)); d > 0 {
				t := time.NewTimer(d + rand.N(d/10+1))
				select {
				case <-ctx.Done():
					t.Stop()
					return Group{}, ctx.Err()
				case <-t.C:
				}
			}
		}
		if attempt > 1 && r.stats != nil {
			r.stats.retries.Add(1)
		}
		r.stats.begin()
		g, err := r.next.Sample(ctx, req)
		r.stats.end(g, err)
		if err == nil {
			return g, nil
		}
		if ctx.Err() != nil {
			return Group{}, ctx.Err()
		}
		if !IsRetryable(err) || attempt >= r.policy.MaxAttempts {
			return Group{}, err
		}
		d := r.policy.Backoff(attempt+1, err)
		if ra := RetryAfterOf(err); ra > 0 && isRateLimit(err) {
			until := time.Now().Add(min(ra, r.policy.MaxRetryAfter)).UnixNano()
			for old := r.pausedUntil.Load(); until > old && !r.pausedUntil.CompareAndSwap(old, until); old = r.pausedUntil.Load() {
			}
		}
		if r.obs != nil {
			r.obs(Event{Type: "retry", Attempt: attempt + 1, Delay: d, Err: err})
		}
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return Group{}, ctx.Err()
		case <-t.C:
		}
	}
}

func isRateLimit(err error) bool {
	var e *Error
	return errors.As(err, &e) && (e.Status == 429 || e.Status == 529)
}

func oneChoice(b Backend) bool {
	s, ok := b.(Singles)
	return ok && s.OneChoicePerCall()
}
