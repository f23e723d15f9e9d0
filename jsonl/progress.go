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

// Tracker reports a sequential reading loop's progress (records done,
// bytes read of its reader) to the context's reporter, as ParallelMap does
// for parallel passes; without a reporter it does nothing.
type Tracker struct {
	report func(Progress)
	r      *Reader
	n      int64
}

// trackEvery is the records between two reports of a Tracker.
const trackEvery = 1024

// Track starts tracking r's records for the reporter of ctx.
func Track(ctx context.Context, r *Reader) *Tracker {
	return &Tracker{report: progressOf(ctx), r: r}
}

// Add counts one record done.
func (t *Tracker) Add() {
	t.n++
	if t.report == nil || t.n%trackEvery != 0 {
		return
	}
	read, total := t.r.Progress()
	t.report(Progress{File: t.r.Name(), Records: t.n, BytesRead: read, BytesTotal: total})
}
