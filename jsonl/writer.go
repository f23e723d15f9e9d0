package jsonl

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
)

// Writer writes lines to a file atomically: everything goes to a temporary
// file beside the destination, which Commit fsyncs and renames into place.
// Until Commit, the destination keeps its old content. Close without Commit
// discards the temporary file. "-" writes to standard output (not atomic).
// The extension picks compression: .gz (gzip) or .zst (zstd).
type Writer struct {
	path   string
	tmp    *os.File
	stdout io.Writer
	bw     *bufio.Writer
	comp   io.WriteCloser
	done   bool
	lines  int
}

// Create starts writing path atomically.
func Create(path string) (*Writer, error) {
	return create(path, os.Stdout)
}

// CreateTo is Create with an explicit stream for "-".
func CreateTo(path string, stdout io.Writer) (*Writer, error) { return create(path, stdout) }

func create(path string, stdout io.Writer) (*Writer, error) {
	w := &Writer{path: path}
	var sink io.Writer
	if path == "-" {
		w.stdout = stdout
		sink = stdout
	} else {
		dir := filepath.Dir(path)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
		f, err := createTemp(dir, path)
		if err != nil {
			return nil, err
		}
		w.tmp = f
		sink = f
	}
	w.bw = bufio.NewWriterSize(sink, 1<<20)
	comp, err := compressor(path, w.bw)
	if err != nil {
		w.Close()
		return nil, err
	}
	w.comp = comp
	return w, nil
}

// compressor wraps w according to the file extension; nil for plain files.
func compressor(path string, w io.Writer) (io.WriteCloser, error) {
	switch {
	case strings.HasSuffix(path, ".gz"):
		return gzip.NewWriterLevel(w, gzip.DefaultCompression)
	case strings.HasSuffix(path, ".zst"):
		return zstd.NewWriter(w, zstd.WithEncoderLevel(zstd.SpeedDefault))
	}
	return nil, nil
}

func (w *Writer) out() io.Writer {
	if w.comp != nil {
		return w.comp
	}
	return w.bw
}

// WriteLine writes one line; a newline is added.
func (w *Writer) WriteLine(b []byte) error {
	if w.done {
		return errors.New("jsonl: write after close")
	}
	out := w.out()
	if _, err := out.Write(b); err != nil {
		return w.fail(err)
	}
	if _, err := out.Write([]byte{'\n'}); err != nil {
		return w.fail(err)
	}
	w.lines++
	return nil
}

// Lines is the number of lines written so far.
func (w *Writer) Lines() int { return w.lines }

func (w *Writer) fail(err error) error {
	return &Error{File: w.path, Err: err}
}

// Commit flushes, fsyncs and moves the file into place.
func (w *Writer) Commit() error {
	if w.done {
		return errors.New("jsonl: commit after close")
	}
	w.done = true
	if w.comp != nil {
		if err := w.comp.Close(); err != nil {
			w.discard()
			return w.fail(err)
		}
	}
	if err := w.bw.Flush(); err != nil {
		w.discard()
		return w.fail(err)
	}
	if w.tmp == nil {
		return nil
	}
	if err := w.tmp.Sync(); err != nil {
		w.discard()
		return w.fail(err)
	}
	if err := w.tmp.Close(); err != nil {
		os.Remove(w.tmp.Name())
		return w.fail(err)
	}
	if err := os.Rename(w.tmp.Name(), w.path); err != nil {
		os.Remove(w.tmp.Name())
		return w.fail(err)
	}
	return syncDir(filepath.Dir(w.path))
}

// Close discards the output unless Commit was called. It is safe to defer.
func (w *Writer) Close() error {
	if w.done {
		return nil
	}
	w.done = true
	w.discard()
	return nil
}

func (w *Writer) discard() {
	if w.tmp != nil {
		w.tmp.Close()
		os.Remove(w.tmp.Name())
	}
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return nil // best effort: some filesystems do not allow opening dirs
	}
	defer d.Close()
	d.Sync()
	return nil
}

// WriteFileAtomic writes data to path with the same temp+fsync+rename rule.
func WriteFileAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := createTemp(dir, path)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("%s: %w", path, err)
	}
	return syncDir(dir)
}

// createTemp makes the temporary file beside path. os.CreateTemp uses mode
// 0600; the finished file should get the ordinary 0666 less the umask, as a
// file made with os.Create would.
func createTemp(dir, path string) (*os.File, error) {
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return nil, err
	}
	if err := f.Chmod(os.FileMode(0o666 &^ umask())); err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, err
	}
	return f, nil
}
