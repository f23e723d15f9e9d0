// Package jsonl reads and writes JSON Lines files as streams: memory does not
// grow with file size, decoding runs in parallel with input order preserved,
// .gz and .zst are handled transparently, and writers are atomic (the
// destination is the old file or the complete new one, never half of one).
// It knows lines and files; what a line means belongs to the record package.
package jsonl

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
)

// MaxLineBytes bounds one line; past it the reader reports an error instead
// of growing without limit.
const MaxLineBytes = 1 << 30

// Error locates a problem in a file: "FILE:LINE: message".
type Error struct {
	File string
	Line int // 1-based; 0 when the error is about the file as a whole
	Err  error
}

func (e *Error) Error() string {
	if e.Line == 0 && errors.Is(e.Err, ErrLFSPointer) {
		return fmt.Sprintf("%s %v", e.File, e.Err) // "FILE is a Git LFS pointer, ..."
	}
	if e.Line == 0 {
		return fmt.Sprintf("%s: %v", e.File, e.Err)
	}
	return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// Line is one non-blank line: its 1-based number and its bytes (without the
// newline, carriage return or byte-order mark).
type Line struct {
	N    int
	Data []byte
}

// Reader yields the non-blank lines of a file, decompressing as needed.
type Reader struct {
	name    string
	br      *bufio.Reader
	closer  []io.Closer
	line    int
	buf     []byte // holds a line longer than the bufio buffer
	size    int64  // compressed size on disk, when known
	counted *countingReader

	started    bool       // Next has been called
	allowArray bool       // see AllowArray
	array      *arrayRows // set when the file is one JSON array

	skip    *Skipped // see SkipBad; nil: a bad record stops the run
	skipped int      // bad records of this input skipped

	keep     func([]byte) bool // see Keep; nil keeps every line
	filtered int               // lines Keep left out
}

// Name is the file name used in messages ("<stdin>" for "-").
func (r *Reader) Name() string { return r.name }

// Open opens path ("-" for standard input) for reading lines.
func Open(path string) (*Reader, error) {
	if path == "-" {
		return NewReader(os.Stdin, "<stdin>")
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	r, err := NewReader(f, path)
	if err != nil {
		f.Close()
		return nil, err
	}
	r.closer = append(r.closer, f)
	if st, err := f.Stat(); err == nil {
		r.size = st.Size()
	}
	return r, nil
}

// NewReader reads lines from src, sniffing gzip and zstd by their magic bytes.
func NewReader(src io.Reader, name string) (*Reader, error) {
	cr := &countingReader{r: src}
	raw := bufio.NewReaderSize(cr, 1<<16)
	r := &Reader{name: name, counted: cr}
	magic, _ := raw.Peek(4)
	var body io.Reader = raw
	switch {
	case len(magic) >= 2 && magic[0] == 0x1f && magic[1] == 0x8b:
		zr, err := gzip.NewReader(raw)
		if err != nil {
			return nil, &Error{File: name, Err: fmt.Errorf("gzip: %w", err)}
		}
		r.closer = append(r.closer, zr)
		body = zr
	case len(magic) == 4 && bytes.Equal(magic, []byte{0x28, 0xb5, 0x2f, 0xfd}):
		zr, err := zstd.NewReader(raw, zstd.WithDecoderConcurrency(2), zstd.WithDecoderMaxWindow(1<<30))
		if err != nil {
			return nil, &Error{File: name, Err: fmt.Errorf("zstd: %w", err)}
		}
		r.closer = append(r.closer, closerFunc(func() error { zr.Close(); return nil }))
		body = zr
	}
	r.br = bufio.NewReaderSize(body, 1<<20)
	return r, nil
}

type closerFunc func() error

func (f closerFunc) Close() error { return f() }

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// Progress returns bytes read from the underlying file so far and its size
// (0 when unknown, as for stdin).
func (r *Reader) Progress() (done, total int64) { return r.counted.n, r.size }

// nextLine returns the next non-blank line, kept or not (see Next).
func (r *Reader) nextLine() (Line, error) {
	if r.array != nil {
		return r.nextElement()
	}
	if !r.started {
		r.started = true
		if r.allowArray && r.startArray() {
			return r.nextElement()
		}
	}
	for {
		data, err := r.readLine()
		if err != nil {
			return Line{}, err
		}
		r.line++
		if r.line == 1 {
			data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
			if lfsPointer(data) {
				return Line{}, &Error{File: r.name, Err: ErrLFSPointer}
			}
		}
		if len(data) > 0 && data[len(data)-1] == '\r' {
			data = data[:len(data)-1]
		}
		if isBlank(data) {
			continue
		}
		return Line{N: r.line, Data: data}, nil
	}
}

func isBlank(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\r' {
			return false
		}
	}
	return true
}

// readLine returns one line without its newline; a last line without a
// newline is returned too.
func (r *Reader) readLine() ([]byte, error) {
	data, err := r.br.ReadSlice('\n')
	if err == nil {
		return data[:len(data)-1], nil
	}
	if err == io.EOF {
		if len(data) == 0 {
			return nil, io.EOF
		}
		return data, nil
	}
	if !errors.Is(err, bufio.ErrBufferFull) {
		return nil, r.wrapReadErr(err)
	}
	r.buf = append(r.buf[:0], data...)
	for {
		data, err = r.br.ReadSlice('\n')
		if len(r.buf)+len(data) > MaxLineBytes {
			return nil, &Error{File: r.name, Line: r.line + 1, Err: fmt.Errorf("line longer than %d bytes", MaxLineBytes)}
		}
		r.buf = append(r.buf, data...)
		switch {
		case err == nil:
			return r.buf[:len(r.buf)-1], nil
		case err == io.EOF:
			return r.buf, nil
		case !errors.Is(err, bufio.ErrBufferFull):
			return nil, r.wrapReadErr(err)
		}
	}
}

func (r *Reader) wrapReadErr(err error) error {
	return &Error{File: r.name, Line: r.line + 1, Err: err}
}

// Close releases the file and any decompressor.
func (r *Reader) Close() error {
	var first error
	for i := len(r.closer) - 1; i >= 0; i-- {
		if err := r.closer[i].Close(); err != nil && first == nil {
			first = err
		}
	}
	r.closer = nil
	return first
}
