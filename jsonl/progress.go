package jsonl

import "context"

// Progress is how far ParallelMap is through one input: the records
// emitted and the bytes read of how many (BytesTotal is 0 when unknown:
// stdin, a compressed stream's decompressed size).
type Progress struct {
	File       string
	Records    int64
	BytesRead  int64
	BytesTotal int64
}

// Fraction is the share of the input read, 0 when its size is unknown.
func (p Progress) Fraction() float64 {
	if p.BytesTotal <= 0 {
		return 0
	}
	return min(1, float64(p.BytesRead)/float64(p.BytesTotal))
}

type progressKey struct{}

// WithProgress returns a context on which every ParallelMap reports its
// progress to report, once per chunk of lines, from its collecting
// goroutine; stages need not know (the CLI draws it).
func WithProgress(ctx context.Context, report func(Progress)) context.Context {
	return context.WithValue(ctx, progressKey{}, report)
}

func progressOf(ctx context.Context) func(Progress) {
	f, _ := ctx.Value(progressKey{}).(func(Progress))
	return f
}
