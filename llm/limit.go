package llm

import (
	"context"
	"time"
	"unicode/utf8"

	"golang.org/x/time/rate"
)

type concurrency struct {
	next Backend
	sem  chan struct{}
}

// Concurrency bounds the calls running at once through b to n (n <= 0: no
// bound).
func Concurrency(b Backend, n int) Backend {
	if n <= 0 {
		return b
	}
	return &concurrency{next: b, sem: make(chan struct{}, n)}
}

func (c *concurrency) OneChoicePerCall() bool { return oneChoice(c.next) }

func (c *concurrency) Sample(ctx context.Context, req Request) (Group, error) {
	select {
	case c.sem <- struct{}{}:
	case <-ctx.Done():
		return Group{}, ctx.Err()
	}
	defer func() { <-c.sem }()
	return c.next.Sample(ctx, req)
}

// Limits are request and token rates; zero means unlimited.
type Limits struct {
	RPM int // requests per minute
	TPM int // tokens (prompt + completion) per minute
	// DefaultMaxTokens is the completion budget assumed per choice when a
	// request sets no MaxTokens; default 512.
	DefaultMaxTokens int
}

type rateLimit struct {
	next     Backend
	rpm, tpm *rate.Limiter
	lim      Limits
	stats    *Stats
}

// RateLimit wraps b with token buckets for requests and tokens per minute.
// A call takes one request token per choice asked for when the backend
// answers one choice per call, else one; it takes an estimate of its tokens
// up front (prompt length/4 + N x max tokens) and settles the difference
// with the usage the server reports.
func RateLimit(b Backend, l Limits, stats *Stats) Backend {
	if l.RPM <= 0 && l.TPM <= 0 {
		return b
	}
	if l.DefaultMaxTokens <= 0 {
		l.DefaultMaxTokens = 512
	}
	r := &rateLimit{next: b, lim: l, stats: stats}
	if l.RPM > 0 {
		r.rpm = rate.NewLimiter(rate.Limit(float64(l.RPM)/60), max(1, l.RPM/60))
	}
	if l.TPM > 0 {
		r.tpm = rate.NewLimiter(rate.Limit(float64(l.TPM)/60), max(1, l.TPM/6))
	}
	return r
}

func (r *rateLimit) OneChoicePerCall() bool { return oneChoice(r.next) }

// EstimateTokens guesses the tokens a request will use before it is sent.
func EstimateTokens(req Request, defaultMax int) int {
	chars := 0
	for _, m := range req.Messages {
		chars += utf8.RuneCountInString(m.Content)
	}
	maxT := req.Params.MaxTokens
	if maxT <= 0 {
		maxT = defaultMax
	}
	return chars/4 + 1 + req.Count()*maxT
}

func (r *rateLimit) Sample(ctx context.Context, req Request) (Group, error) {
	start := time.Now()
	if r.rpm != nil {
		n := 1
		if oneChoice(r.next) {
			n = req.Count()
		}
		if err := r.rpm.WaitN(ctx, min(n, r.rpm.Burst())); err != nil {
			return Group{}, ctxOr(ctx, err)
		}
	}
	est := 0
	if r.tpm != nil {
		est = min(EstimateTokens(req, r.lim.DefaultMaxTokens), r.tpm.Burst())
		if err := r.tpm.WaitN(ctx, est); err != nil {
			return Group{}, ctxOr(ctx, err)
		}
	}
	if r.stats != nil {
		r.stats.waitNanos.Add(int64(time.Since(start)))
	}
	g, err := r.next.Sample(ctx, req)
	if r.tpm != nil && err == nil {
		if extra := g.Usage.PromptTokens + g.Usage.CompletionTokens - est; extra > 0 {
			// Go into debt: later callers wait for it.
			r.tpm.ReserveN(time.Now(), min(extra, r.tpm.Burst()))
		}
	}
	return g, err
}

// ctxOr returns ctx's error when it is done (WaitN also fails early when the
// deadline is too close), else err.
func ctxOr(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return err
}
