package jsonl

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
)

// Appender adds complete lines to the end of a plain (uncompressed) file, for
// stages that write records as they finish and resume after a crash. Opening
// repairs a torn last line (a crash mid-write) by cutting it off; every
// WriteLine is one write of a whole line, and Sync makes it durable.
type Appender struct {
	mu   sync.Mutex
	path string
	f    *os.File
	bw   *bufio.Writer
}

// OpenAppend opens or creates path for appending. It returns the number of
// bytes cut from a torn tail (0 when the file ended cleanly).
func OpenAppend(path string) (*Appender, int64, error) {
	if strings.HasSuffix(path, ".gz") || strings.HasSuffix(path, ".zst") {
		return nil, 0, fmt.Errorf("%s: resumable output must be uncompressed JSONL (compress it afterwards)", path)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, 0, err
	}
	cut, err := repairTail(f)
	if err != nil {
		f.Close()
		return nil, 0, &Error{File: path, Err: err}
	}
	if _, err := f.Seek(0, io.SeekEnd); err != nil {
		f.Close()
		return nil, 0, err
	}
	return &Appender{path: path, f: f, bw: bufio.NewWriterSize(f, 1<<16)}, cut, nil
}

// repairTail truncates the file after its last newline.
func repairTail(f *os.File) (int64, error) {
	st, err := f.Stat()
	if err != nil {
		return 0, err
	}
	size := st.Size()
	if size == 0 {
		return 0, nil
	}
	const step = 64 << 10
	buf := make([]byte, step)
	for end := size; end > 0; {
		start := max(end-step, 0)
		n, err := f.ReadAt(buf[:end-start], start)
		if err != nil && !errors.Is(err, io.EOF) {
			return 0, err
		}
		if i := bytes.LastIndexByte(buf[:n], '\n'); i >= 0 {
			keep := start + int64(i) + 1
			if keep == size {
				return 0, nil
			}
			return size - keep, f.Truncate(keep)
		}
		end = start
	}
	return size, f.Truncate(0)
}

// WriteLine appends one line (a newline is added). It is safe for
// concurrent use; lines are never interleaved.
func (a *Appender) WriteLine(b []byte) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if _, err := a.bw.Write(b); err != nil {
		return &Error{File: a.path, Err: err}
	}
	if err := a.bw.WriteByte('\n'); err != nil {
		return &Error{File: a.path, Err: err}
	}
	return nil
}

// Flush hands buffered lines to the operating system (they survive a crash
// of this process, not of the machine).
func (a *Appender) Flush() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if err := a.bw.Flush(); err != nil {
		return &Error{File: a.path, Err: err}
	}
	return nil
}

// Sync flushes and fsyncs.
func (a *Appender) Sync() error {
	if err := a.Flush(); err != nil {
		return err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.f.Sync()
}

// Close syncs and closes the file.
func (a *Appender) Close() error {
	err := a.Sync()
	if cerr := a.f.Close(); err == nil {
		err = cerr
	}
	return err
}

// Keys reads an existing file and calls key on every line, collecting the
// returned keys: the set of work already done, for resume. A missing file
// is an empty set. Lines key cannot parse (key returns an error) end the
// scan with that error located at its line.
func Keys(path string, key func(line []byte) (string, error)) (map[string]bool, error) {
	done := map[string]bool{}
	r, err := Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return done, nil
	}
	if err != nil {
		return nil, err
	}
	defer r.Close()
	for {
		l, err := r.Next()
		if err == io.EOF {
			return done, nil
		}
		if err != nil {
			return nil, err
		}
		k, err := key(l.Data)
		if err != nil {
			return nil, &Error{File: r.Name(), Line: l.N, Err: err}
		}
		done[k] = true
	}
}
