package jsonl

import (
	"context"
	"errors"
	"io"
	"runtime"
	"sync"
)

// Options tune ParallelMap.
type Options struct {
	Workers    int // decoding goroutines; 0 means GOMAXPROCS
	ChunkBytes int // lines are handed out in chunks of about this size; 0 means 256 KiB
}

// chunk is a run of consecutive lines copied out of the reader's buffer.
type chunk struct {
	lines []Line
	buf   []byte
	// read and size are the input's bytes read when the chunk was cut and
	// its size, noted by the reading goroutine for progress reports.
	read, size int64
}

type result[T any] struct {
	c     *chunk // returned to the pool once emitted: values may point into it
	lines []int
	vals  []T
	bad   []badLine // bad records the reader skips, in line order
	err   error
}

type badLine struct {
	n   int
	err error
}

// ParallelMap reads every line of r, runs fn on the lines in parallel, and
// calls emit with the results in input order, from one goroutine. A line's
// Data stays valid until emit for that line returns. An error
// from fn or emit stops the work and is returned (fn's error located at its
// file and line), except an error fn marks with Bad when r skips bad
// records (SkipBad): that line is counted and left out. An input for which
// emit is never called is an error (NoRecords). Memory is bounded: a few
// chunks per worker are in flight.
func ParallelMap[T any](ctx context.Context, r *Reader, opt Options, fn func(Line) (T, error), emit func(line int, v T) error) error {
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	chunkBytes := opt.ChunkBytes
	if chunkBytes <= 0 {
		chunkBytes = 256 << 10
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	type job struct {
		c   *chunk
		out chan result[T]
	}
	jobs := make(chan job, workers)
	order := make(chan chan result[T], 2*workers)
	pool := sync.Pool{New: func() any { return new(chunk) }}

	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				res := result[T]{c: j.c, lines: make([]int, 0, len(j.c.lines)), vals: make([]T, 0, len(j.c.lines))}
				for _, l := range j.c.lines {
					if ctx.Err() != nil {
						res.err = ctx.Err()
						break
					}
					v, err := fn(l)
					if err != nil && r.skip != nil && IsBad(err) {
						res.bad = append(res.bad, badLine{l.N, err})
						continue
					}
					if err != nil {
						res.err = locate(r.name, l.N, err)
						break
					}
					res.lines = append(res.lines, l.N)
					res.vals = append(res.vals, v)
				}
				j.out <- res
			}
		}()
	}

	readErr := make(chan error, 1)
	go func() {
		defer close(order)
		defer close(jobs)
		readErr <- func() error {
			for {
				c := pool.Get().(*chunk)
				var err error
				for len(c.buf) < chunkBytes {
					var l Line
					l, err = r.Next()
					if err != nil {
						break
					}
					start := len(c.buf)
					c.buf = append(c.buf, l.Data...)
					c.lines = append(c.lines, Line{N: l.N, Data: c.buf[start:len(c.buf):len(c.buf)]})
				}
				if len(c.lines) > 0 {
					c.read, c.size = r.Progress()
					out := make(chan result[T], 1)
					select {
					case order <- out:
					case <-ctx.Done():
						return ctx.Err()
					}
					select {
					case jobs <- job{c: c, out: out}:
					case <-ctx.Done():
						// The collector waits on every queued slot: fill it.
						out <- result[T]{c: c, err: ctx.Err()}
						return ctx.Err()
					}
				}
				if err == io.EOF {
					return nil
				}
				if err != nil {
					return err
				}
			}
		}()
	}()

	var firstErr error
	emitted := 0
	report := progressOf(ctx)
	for out := range order {
		res := <-out
		if firstErr != nil {
			pool.Put(res.c)
			continue
		}
		for _, b := range res.bad {
			r.Bad(b.n, b.err) // counted: the reader skips bad records
		}
		emitted += len(res.vals)
		for i, v := range res.vals {
			if err := emit(res.lines[i], v); err != nil {
				firstErr = err
				break
			}
		}
		if firstErr == nil && res.err != nil {
			firstErr = res.err
		}
		read, size := res.c.read, res.c.size
		res.c.lines, res.c.buf = res.c.lines[:0], res.c.buf[:0]
		pool.Put(res.c)
		if firstErr != nil {
			cancel()
		} else if report != nil {
			report(Progress{File: r.Name(), Records: int64(emitted), BytesRead: read, BytesTotal: size})
		}
	}
	wg.Wait()
	if err := <-readErr; firstErr == nil && err != nil && !errors.Is(err, context.Canceled) {
		firstErr = err
	}
	if firstErr == nil && ctx.Err() != nil {
		firstErr = ctx.Err()
	}
	if firstErr == nil {
		firstErr = r.NoRecords(emitted)
	}
	return firstErr
}

// locate adds file and line to err unless it already has them.
func locate(file string, line int, err error) error {
	var e *Error
	if errors.As(err, &e) {
		return err
	}
	return &Error{File: file, Line: line, Err: err}
}
