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

// File is an output file written atomically: everything goes to a
// temporary file beside the destination, which Commit flushes, fsyncs and
// renames into place. Until Commit, the destination keeps its old content;
// Close without Commit discards the temporary file. "-" writes to the given
// stream (not atomic). With compression on, the extension picks it: .gz
// (gzip) or .zst (zstd). Formats that compress themselves (Parquet) pass
// compress=false.
type File struct {
	path string
	tmp  *os.File
	bw   *bufio.Writer
	comp io.WriteCloser
	w    io.Writer
	done bool
}

// CreateFile starts writing path atomically ("-" is stdout).
func CreateFile(path string, stdout io.Writer, compress bool) (*File, error) {
	f := &File{path: path}
	var sink io.Writer = stdout
	if path != "-" {
		dir := filepath.Dir(path)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
		tmp, err := createTemp(dir, path)
		if err != nil {
			return nil, err
		}
		f.tmp = tmp
		sink = tmp
	}
	f.bw = bufio.NewWriterSize(sink, 1<<20)
	f.w = f.bw
	if compress {
		comp, err := compressor(path, f.bw)
		if err != nil {
			f.Close()
			return nil, err
		}
		if comp != nil {
			f.comp, f.w = comp, comp
		}
	}
	return f, nil
}

// Write writes to the (compressed) file.
func (f *File) Write(p []byte) (int, error) {
	if f.done {
		return 0, errors.New("jsonl: write after close")
	}
	n, err := f.w.Write(p)
	if err != nil {
		return n, f.fail(err)
	}
	return n, nil
}

func (f *File) fail(err error) error { return &Error{File: f.path, Err: err} }

// Commit flushes, fsyncs and moves the file into place.
func (f *File) Commit() error {
	if f.done {
		return errors.New("jsonl: commit after close")
	}
	f.done = true
	if f.comp != nil {
		if err := f.comp.Close(); err != nil {
			f.discard()
			return f.fail(err)
		}
	}
	if err := f.bw.Flush(); err != nil {
		f.discard()
		return f.fail(err)
	}
	if f.tmp == nil {
		return nil
	}
	if err := f.tmp.Sync(); err != nil {
		f.discard()
		return f.fail(err)
	}
	if err := f.tmp.Close(); err != nil {
		os.Remove(f.tmp.Name())
		return f.fail(err)
	}
	if err := os.Rename(f.tmp.Name(), f.path); err != nil {
		os.Remove(f.tmp.Name())
		return f.fail(err)
	}
	return syncDir(filepath.Dir(f.path))
}

// Close discards the output unless Commit was called. It is safe to defer.
func (f *File) Close() error {
	if f.done {
		return nil
	}
	f.done = true
	f.discard()
	return nil
}

func (f *File) discard() {
	if f.tmp != nil {
		f.tmp.Close()
		os.Remove(f.tmp.Name())
	}
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

// Writer writes JSON lines to a File: atomic, compressed by extension.
type Writer struct {
	f     *File
	lines int
}

// Create starts writing path atomically.
func Create(path string) (*Writer, error) { return CreateTo(path, os.Stdout) }

// CreateTo is Create with an explicit stream for "-".
func CreateTo(path string, stdout io.Writer) (*Writer, error) {
	f, err := CreateFile(path, stdout, true)
	if err != nil {
		return nil, err
	}
	return &Writer{f: f}, nil
}

var newline = []byte{'\n'}

// WriteLine writes one line; a newline is added.
func (w *Writer) WriteLine(b []byte) error {
	if _, err := w.f.Write(b); err != nil {
		return err
	}
	if _, err := w.f.Write(newline); err != nil {
		return err
	}
	w.lines++
	return nil
}

// Lines is the number of lines written so far.
func (w *Writer) Lines() int { return w.lines }

// Commit flushes, fsyncs and moves the file into place.
func (w *Writer) Commit() error { return w.f.Commit() }

// Close discards the output unless Commit was called. It is safe to defer.
func (w *Writer) Close() error { return w.f.Close() }

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
