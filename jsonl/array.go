package jsonl

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
)

// ErrLFSPointer is matched by the error for a Git LFS pointer file: a
// checkout without `git lfs pull` holds three lines of text where the data
// should be, and "invalid character 'v'" would not say so.
var ErrLFSPointer = errors.New("is a Git LFS pointer, not the data: run git lfs pull")

// lfsPointer reports whether the first line is a Git LFS pointer's (the
// "hawser" URL is what early LFS versions wrote).
func lfsPointer(first []byte) bool {
	return bytes.HasPrefix(first, []byte("version https://git-lfs.github.com/spec/")) ||
		bytes.HasPrefix(first, []byte("version https://hawser.github.com/spec/"))
}

// AllowArray lets the reader take a file that is one top-level JSON array of
// rows ([{...}, {...}], as some data sets ship) as well as JSON Lines: Next
// then yields the array's elements one at a time, each numbered with the
// line it starts on. The array is streamed, never loaded whole. It must be
// called before the first Next.
func (r *Reader) AllowArray() { r.allowArray = true }

// arrayRows streams the elements of a top-level JSON array.
type arrayRows struct {
	dec   *json.Decoder
	lines *lineCounter
	open  bool // the '[' has been read
}

// startArray switches the reader to array mode when the content (after a
// byte-order mark and white space) starts with '['.
func (r *Reader) startArray() bool {
	if b, _ := r.br.Peek(3); bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		r.br.Discard(3)
	}
	for n := 1; n <= r.br.Size(); n++ {
		b, err := r.br.Peek(n)
		if err != nil || len(b) < n {
			return false
		}
		switch b[n-1] {
		case ' ', '\t', '\r', '\n':
			continue
		case '[':
			lc := &lineCounter{r: r.br}
			r.array = &arrayRows{dec: json.NewDecoder(lc), lines: lc}
			return true
		}
		return false
	}
	return false
}

// nextElement returns the next element of the array; io.EOF after the last.
func (r *Reader) nextElement() (Line, error) {
	a := r.array
	if !a.open {
		if _, err := a.dec.Token(); err != nil {
			return Line{}, r.arrayError(err)
		}
		a.open = true
	}
	if !a.dec.More() {
		if _, err := a.dec.Token(); err != nil { // the closing ']'
			return Line{}, r.arrayError(err)
		}
		if tok, err := a.dec.Token(); err != io.EOF {
			if err != nil {
				return Line{}, r.arrayError(err)
			}
			return Line{}, &Error{File: r.name, Line: a.lines.line(a.dec.InputOffset()), Err: fmt.Errorf("%v after the closing ] of the array", tok)}
		}
		return Line{}, io.EOF
	}
	var raw json.RawMessage
	if err := a.dec.Decode(&raw); err != nil {
		return Line{}, r.arrayError(err)
	}
	start := a.dec.InputOffset() - int64(len(raw))
	return Line{N: a.lines.line(start), Data: raw}, nil
}

// arrayError locates a decoding error at its line.
func (r *Reader) arrayError(err error) error {
	a := r.array
	off := a.dec.InputOffset()
	var se *json.SyntaxError
	if errors.As(err, &se) {
		off = se.Offset
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		off = math.MaxInt64 // the last line read
		err = errors.New("the JSON array ends before its closing ]")
	} else if se != nil {
		err = fmt.Errorf("invalid JSON: %w", err)
	}
	return &Error{File: r.name, Line: a.lines.line(off), Err: err}
}

// lineCounter passes reads through and keeps the bytes that have not been
// counted yet, so the line of any later offset can be told. Offsets asked
// for must not decrease; memory is what the decoder has read ahead.
type lineCounter struct {
	r     io.Reader
	pend  []byte // bytes from offset base on
	base  int64
	lines int // newlines before base
}

func (c *lineCounter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.pend = append(c.pend, p[:n]...)
	return n, err
}

// line returns the 1-based line that offset off is on.
func (c *lineCounter) line(off int64) int {
	k := int(min(max(off-c.base, 0), int64(len(c.pend))))
	c.lines += bytes.Count(c.pend[:k], newline)
	c.pend = c.pend[:copy(c.pend, c.pend[k:])]
	c.base += int64(k)
	return c.lines + 1
}
