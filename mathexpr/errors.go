package mathexpr

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Sentinel errors. Check them with errors.Is.
var (
	// ErrSyntax is wrapped by every *ParseError.
	ErrSyntax = errors.New("syntax error")
	// ErrTooLarge reports an input, an intermediate number or a tree beyond the size limits.
	ErrTooLarge = errors.New("too large")
	// ErrTimeout reports that a check ran out of its time budget or its context was done.
	ErrTimeout = errors.New("timeout")
)

// ParseError is a syntax error with the byte offset where it was found.
type ParseError struct {
	Input string // the (normalized) text that was parsed, truncated to 80 bytes
	Pos   int    // byte offset in Input
	Msg   string
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("parse %q: at %d: %s", e.Input, e.Pos, e.Msg)
}

// Unwrap returns ErrSyntax.
func (e *ParseError) Unwrap() error { return ErrSyntax }

// Limits. They keep every operation bounded in time and memory.
const (
	// MaxInputLen is the longest answer that is parsed (bytes, after Clean).
	MaxInputLen = 4096
	// MaxResponseLen is the longest response Extract scans (bytes; longer ones keep their
	// tail) and the longest input Equivalent and Parse accept before cleaning.
	MaxResponseLen = 1 << 20
	maxNodes       = 4000
	maxDepth       = 500
	maxBits        = 1 << 14 // bit length cap of any exact integer numerator/denominator
	maxFactorial   = 1000
	maxSteps       = 2_000_000
	// DefaultTimeout is the time budget of one check when Options.Timeout is zero.
	DefaultTimeout = time.Second
)

// budget bounds the work of one check.
type budget struct {
	ctx      context.Context
	deadline time.Time
	steps    int
}

func newBudget(ctx context.Context, d time.Duration) *budget {
	if ctx == nil {
		ctx = context.Background()
	}
	if d <= 0 {
		d = DefaultTimeout
	}
	dl := time.Now().Add(d)
	if cd, ok := ctx.Deadline(); ok && cd.Before(dl) {
		dl = cd
	}
	return &budget{ctx: ctx, deadline: dl}
}

// tick counts one unit of work and reports ErrTimeout or ErrTooLarge when the budget is spent.
func (b *budget) tick() error {
	if b == nil {
		return nil
	}
	b.steps++
	if b.steps > maxSteps {
		return fmt.Errorf("%w: more than %d steps", ErrTooLarge, maxSteps)
	}
	if b.steps&255 == 0 {
		if err := b.ctx.Err(); err != nil {
			return fmt.Errorf("%w: %v", ErrTimeout, err)
		}
		if time.Now().After(b.deadline) {
			return ErrTimeout
		}
	}
	return nil
}
