package llm

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func okGroup(req Request) Group {
	g := Group{Model: "m", Usage: Usage{PromptTokens: 1, CompletionTokens: req.Count()}}
	for range req.Count() {
		g.Choices = append(g.Choices, Choice{Text: "t"})
	}
	return g
}

// script fails with the given errors in order, then succeeds.
func script(errs ...error) (Backend, *atomic.Int64) {
	var n atomic.Int64
	return BackendFunc(func(ctx context.Context, req Request) (Group, error) {
		i := n.Add(1) - 1
		if int(i) < len(errs) {
			return Group{}, errs[i]
		}
		return okGroup(req), nil
	}), &n
}

var fast = RetryPolicy{BaseDelay: time.Millisecond, MaxDelay: 2 * time.Millisecond}

func TestRetry(t *testing.T) {
	e429 := &Error{Kind: Retryable, Status: 429}
	e400 := &Error{Kind: PromptFatal, Status: 400}
	e401 := &Error{Kind: RunFatal, Status: 401}
	cases := []struct {
		name    string
		errs    []error
		wantErr error
		calls   int64
	}{
		{"ok", nil, nil, 1},
		{"transient", []error{e429, errors.New("reset"), e429}, nil, 4},
		{"prompt-fatal", []error{e429, e400}, ErrPromptFatal, 2},
		{"run-fatal", []error{e401}, ErrRunFatal, 1},
		{"exhausted", []error{e429, e429, e429, e429, e429}, ErrRetryable, 4},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b, n := script(c.errs...)
			st := &Stats{}
			var events atomic.Int64
			p := fast
			p.MaxAttempts = 4
			_, err := Retry(b, p, st, func(Event) { events.Add(1) }).Sample(context.Background(), Request{N: 2})
			if c.wantErr == nil && err != nil || c.wantErr != nil && !errors.Is(err, c.wantErr) {
				t.Fatalf("err = %v, want %v", err, c.wantErr)
			}
			s := st.Snapshot()
			if n.Load() != c.calls || s.Calls != c.calls || s.Retries != c.calls-1 || events.Load() != c.calls-1 {
				t.Errorf("calls %d, stats %+v, events %d", n.Load(), s, events.Load())
			}
		})
	}
}

func TestRetryHonoursRetryAfter(t *testing.T) {
	b, _ := script(&Error{Kind: Retryable, Status: 429, RetryAfter: 150 * time.Millisecond})
	start := time.Now()
	var delay time.Duration
	_, err := Retry(b, fast, nil, func(e Event) { delay = e.Delay }).Sample(context.Background(), Request{})
	if err != nil {
		t.Fatal(err)
	}
	if el := time.Since(start); el < 150*time.Millisecond || delay < 150*time.Millisecond {
		t.Errorf("waited %v (delay %v), want >= 150ms", el, delay)
	}
}

func TestBackoffGrowsWithJitter(t *testing.T) {
	p := RetryPolicy{BaseDelay: 100 * time.Millisecond, MaxDelay: time.Second}
	for attempt := 2; attempt < 10; attempt++ {
		ceil := min(100*time.Millisecond<<(attempt-2), time.Second)
		for range 20 {
			d := p.Backoff(attempt, errors.New("x"))
			if d < ceil/2 || d > ceil {
				t.Fatalf("attempt %d: %v outside [%v,%v]", attempt, d, ceil/2, ceil)
			}
		}
	}
	if d := p.Backoff(2, &Error{Kind: Retryable, RetryAfter: 10 * time.Minute}); d < 5*time.Minute || d > 5*time.Minute+time.Second {
		t.Errorf("Retry-After not capped: %v", d)
	}
}

func TestRetryCancelledDuringBackoff(t *testing.T) {
	b, _ := script(&Error{Kind: Retryable, RetryAfter: time.Hour})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := Retry(b, fast, nil, nil).Sample(ctx, Request{}); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v", err)
	}
}

func TestConcurrency(t *testing.T) {
	var cur, peak atomic.Int64
	b := Concurrency(BackendFunc(func(ctx context.Context, req Request) (Group, error) {
		c := cur.Add(1)
		for p := peak.Load(); c > p && !peak.CompareAndSwap(p, c); p = peak.Load() {
		}
		time.Sleep(2 * time.Millisecond)
		cur.Add(-1)
		return okGroup(req), nil
	}), 3)
	var wg sync.WaitGroup
	for range 30 {
		wg.Go(func() { b.Sample(context.Background(), Request{}) })
	}
	wg.Wait()
	if peak.Load() != 3 {
		t.Errorf("peak %d, want 3", peak.Load())
	}
}

func TestRateLimitRPM(t *testing.T) {
	b, _ := script()
	rl := RateLimit(b, Limits{RPM: 1200}, nil) // 20/s, burst 20
	start := time.Now()
	for range 30 {
		if _, err := rl.Sample(context.Background(), Request{}); err != nil {
			t.Fatal(err)
		}
	}
	// 20 at once, 10 more at 20/s.
	if el := time.Since(start); el < 400*time.Millisecond || el > 2*time.Second {
		t.Errorf("30 calls at 1200 rpm took %v", el)
	}
}

func TestRateLimitTPM(t *testing.T) {
	b, _ := script()
	rl := RateLimit(b, Limits{TPM: 60000}, nil) // 1000/s, burst 10000
	start := time.Now()
	for range 11 {
		// 1000 tokens each: 10 fit the burst, the 11th waits ~1s
		if _, err := rl.Sample(context.Background(), Request{Params: Params{MaxTokens: 1000}}); err != nil {
			t.Fatal(err)
		}
	}
	if el := time.Since(start); el < 800*time.Millisecond {
		t.Errorf("11000 tokens at 60000 tpm took %v", el)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := rl.Sample(ctx, Request{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

func TestBalanceFewestInFlight(t *testing.T) {
	release := make(chan struct{})
	var counts [3]atomic.Int64
	var eps []Endpoint
	for i := range 3 {
		eps = append(eps, Endpoint{Name: string(rune('a' + i)), Backend: BackendFunc(func(ctx context.Context, req Request) (Group, error) {
			counts[i].Add(1)
			<-release
			return okGroup(req), nil
		})})
	}
	b := Balance(eps, Breaker{}, nil)
	var wg sync.WaitGroup
	for range 9 {
		wg.Go(func() { b.Sample(context.Background(), Request{}) })
	}
	deadline := time.Now().Add(2 * time.Second)
	for counts[0].Load()+counts[1].Load()+counts[2].Load() < 9 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	close(release)
	wg.Wait()
	for i := range counts {
		if counts[i].Load() != 3 {
			t.Errorf("endpoint %d got %d of 9 calls, want 3", i, counts[i].Load())
		}
	}
}

func TestBalanceCircuitBreaker(t *testing.T) {
	var badCalls, goodCalls atomic.Int64
	bad := BackendFunc(func(ctx context.Context, req Request) (Group, error) {
		badCalls.Add(1)
		return Group{}, &Error{Kind: Retryable, Status: 503}
	})
	good := BackendFunc(func(ctx context.Context, req Request) (Group, error) {
		goodCalls.Add(1)
		return okGroup(req), nil
	})
	var events []Event
	now := time.Unix(0, 0)
	bb := Balance([]Endpoint{{"bad", bad}, {"good", good}}, Breaker{Threshold: 3, Cooldown: time.Minute}, func(e Event) { events = append(events, e) }).(*balance)
	bb.now = func() time.Time { return now }
	// Sequential calls: both idle, so ties go to the first (bad) until its circuit opens.
	for range 20 {
		bb.Sample(context.Background(), Request{})
	}
	if badCalls.Load() != 3 || goodCalls.Load() != 17 {
		t.Fatalf("bad %d good %d", badCalls.Load(), goodCalls.Load())
	}
	if len(events) != 1 || events[0].Type != "circuit-open" || events[0].Endpoint != "bad" {
		t.Fatalf("events = %+v", events)
	}
	now = now.Add(2 * time.Minute) // cooldown over: one probe, which fails and reopens
	bb.Sample(context.Background(), Request{})
	bb.Sample(context.Background(), Request{})
	if badCalls.Load() != 4 {
		t.Fatalf("probe: bad %d", badCalls.Load())
	}
	// With retries in front, a call that lands on a bad endpoint is retried on the good one.
	st := &Stats{}
	now = now.Add(2 * time.Minute)
	s := Stack([]Endpoint{{"bad", bad}, {"good", good}}, Options{Retry: fast, Stats: st})
	for range 10 {
		if _, err := s.Sample(context.Background(), Request{}); err != nil {
			t.Fatal(err)
		}
	}
}

func TestBalanceAllOpenStillServes(t *testing.T) {
	bad := BackendFunc(func(ctx context.Context, req Request) (Group, error) {
		return Group{}, &Error{Kind: Retryable, Status: 500}
	})
	b := Balance([]Endpoint{{"a", bad}, {"b", bad}}, Breaker{Threshold: 1, Cooldown: time.Hour}, nil)
	for range 5 {
		if _, err := b.Sample(context.Background(), Request{}); !errors.Is(err, ErrRetryable) {
			t.Fatalf("err = %v", err)
		}
	}
}

func TestSplitOffsets(t *testing.T) {
	var mu sync.Mutex
	seen := map[int]bool{}
	b := Split(BackendFunc(func(ctx context.Context, req Request) (Group, error) {
		mu.Lock()
		seen[req.Offset] = true
		mu.Unlock()
		if req.N != 1 {
			t.Errorf("N = %d", req.N)
		}
		return Group{Choices: []Choice{{Text: string(rune('a' + req.Offset))}}, Usage: Usage{CompletionTokens: 1}}, nil
	}))
	g, err := b.Sample(context.Background(), Request{N: 5, Offset: 2})
	if err != nil {
		t.Fatal(err)
	}
	text := ""
	for _, c := range g.Choices {
		text += c.Text
	}
	if text != "cdefg" || g.Usage.CompletionTokens != 5 || len(seen) != 5 {
		t.Errorf("text %q usage %+v seen %v", text, g.Usage, seen)
	}
}

// A 429 with Retry-After on one call holds back the calls that start after it.
func TestRetryAfterPausesOthers(t *testing.T) {
	var n atomic.Int64
	var mu sync.Mutex
	starts := map[string][]time.Duration{}
	begin := time.Now()
	b := Retry(BackendFunc(func(ctx context.Context, req Request) (Group, error) {
		mu.Lock()
		starts[req.Messages[0].Content] = append(starts[req.Messages[0].Content], time.Since(begin))
		mu.Unlock()
		if n.Add(1) == 1 {
			return Group{}, &Error{Kind: Retryable, Status: 429, RetryAfter: 200 * time.Millisecond}
		}
		return okGroup(req), nil
	}), fast, nil, nil)
	var wg sync.WaitGroup
	wg.Go(func() { b.Sample(context.Background(), Request{Messages: []Message{{Content: "a"}}}) })
	time.Sleep(30 * time.Millisecond)
	wg.Go(func() { b.Sample(context.Background(), Request{Messages: []Message{{Content: "b"}}}) })
	wg.Wait()
	if len(starts["a"]) != 2 || len(starts["b"]) != 1 || starts["b"][0] < 190*time.Millisecond {
		t.Fatalf("starts %v", starts)
	}
}
