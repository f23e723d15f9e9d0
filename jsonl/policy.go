package jsonl

import (
	"errors"
	"fmt"
	"io"
	"sync"
)

// The input policy every command that reads records shares, implemented
// here once: a line that is not a valid record stops the run with
// FILE:LINE: field: message, unless the reader was told to skip bad records
// (--skip-bad), and then it is counted and the run goes on; an input that
// yields no record at all is an error naming the file, since an empty
// output from an empty input is how lost data goes unnoticed.

// ErrNoRecords is matched by the error for an input without a single record.
var ErrNoRecords = errors.New("no records")

// badRecord marks an error as "this line is not a valid record", the only
// kind of error a skipping reader skips; anything else (a failed write, a
// broken tokenizer) still stops the run.
type badRecord struct{ err error }

func (e *badRecord) Error() string { return e.err.Error() }
func (e *badRecord) Unwrap() error { return e.err }

// Bad marks err, returned by a ParallelMap function or given to
// Reader.Bad, as a bad record; nil stays nil.
func Bad(err error) error {
	if err == nil {
		return nil
	}
	return &badRecord{err}
}

// IsBad reports whether err was marked with Bad.
func IsBad(err error) bool {
	var b *badRecord
	return errors.As(err, &b)
}

// maxExamples bounds the bad records Skipped keeps (all are counted).
const maxExamples = 5

// Skipped counts the bad records skipped over every input of a run, keeping
// the first few, in input order. It is safe for concurrent use.
type Skipped struct {
	mu       sync.Mutex
	n        int
	examples []*Error
}

func (s *Skipped) add(e *Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.n++
	if len(s.examples) < maxExamples {
		s.examples = append(s.examples, e)
	}
}

// N is the number of bad records skipped.
func (s *Skipped) N() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n
}

// Examples are the first bad records skipped, as FILE:LINE: field: message.
func (s *Skipped) Examples() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, len(s.examples))
	for i, e := range s.examples {
		out[i] = e.Error()
	}
	return out
}

// Summary is the line a command prints when it skipped bad records:
// "skipped 3 bad records (first: FILE:LINE: field: message)"; "" for none.
func (s *Skipped) Summary() string {
	n, ex := s.N(), s.Examples()
	if n == 0 {
		return ""
	}
	noun := "records"
	if n == 1 {
		noun = "record"
	}
	return fmt.Sprintf("skipped %d bad %s (first: %s)", n, noun, ex[0])
}

// SkipBad makes bad records read from r skipped and counted in s instead
// of stopping the run.
func (r *Reader) SkipBad(s *Skipped) { r.skip = s }

// Skipped returns what SkipBad was given (nil when bad records stop).
func (r *Reader) Skipped() *Skipped { return r.skip }

// Bad handles a line that is not a valid record, for consumers that read
// with Next: nil when the reader skips bad records (it is counted), else the
// error located at the line. Errors not marked with Bad are never skipped.
func (r *Reader) Bad(line int, err error) error {
	located := &Error{File: r.name, Line: line, Err: err}
	if r.skip == nil || !IsBad(err) {
		return located
	}
	r.skipped++
	r.skip.add(located)
	return nil
}

// NoRecords is the error for an input that yielded no record: nil when
// records > 0, or when Keep left records out (a shard may hold none). It names the file, and says so when every line was a bad
// record that was skipped.
func (r *Reader) NoRecords(records int) error {
	if records > 0 || r.filtered > 0 {
		return nil
	}
	if r.skipped > 0 {
		return &Error{File: r.name, Err: fmt.Errorf("%w (all %d were bad and skipped)", ErrNoRecords, r.skipped)}
	}
	return &Error{File: r.name, Err: ErrNoRecords}
}

// RequireRecords is the empty-input rule for stages that read their inputs
// themselves (generate): every named file must hold a non-blank
// line. It reads up to that line only. Standard input cannot be looked at
// ahead and is not checked.
func RequireRecords(files []string) error {
	for _, name := range files {
		if name == "-" {
			continue
		}
		r, err := Open(name)
		if err != nil {
			return err
		}
		_, err = r.Next()
		r.Close()
		if errors.Is(err, io.EOF) {
			return r.NoRecords(0)
		}
		if err != nil {
			return err
		}
	}
	return nil
}
