package jsonl

import (
	"bufio"
	"errors"
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
//
// Only a regular file (or a missing one) is replaced: renaming over a
// device, FIFO or socket would swap /dev/null for a regular file, so those
// are opened and written directly, as a shell redirection would. A symlink
// to a regular file keeps being a symlink: its target is replaced. But
// /dev/stdout (and /dev/fd/1, /proc/self/fd/1) is "-", and another link
// under /dev or /proc (/dev/fd/3) to a regular file is appended to: it
// names a file the shell opened for this run, possibly with >>, and
// replacing that file would lose what it held.
type File struct {
	path   string
	tmp    *os.File // the temporary, or the device/FIFO written directly
	target string   // the file the temporary replaces; "" when direct
	bw     *bufio.Writer
	comp   io.WriteCloser
	w      io.Writer
	done   bool
}

// CreateFile starts writing path atomically ("-" is stdout).
func CreateFile(path string, stdout io.Writer, compress bool) (*File, error) {
	f := &File{path: path}
	var sink io.Writer = stdout
	if stdoutAlias(path) {
		path = "-"
	}
	if path != "-" {
		out, target, err := openOutput(path)
		if err != nil {
			return nil, err
		}
		f.tmp, f.target = out, target
		sink = out
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
	if f.target == "" { // a device or FIFO: nothing to sync or rename
		if err := f.tmp.Close(); err != nil {
			return f.fail(err)
		}
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
	if err := os.Rename(f.tmp.Name(), f.target); err != nil {
		os.Remove(f.tmp.Name())
		return f.fail(err)
	}
	return syncDir(filepath.Dir(f.target))
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
		if f.target != "" {
			os.Remove(f.tmp.Name())
		}
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

// WriteFileAtomic writes data to path with the same rules as CreateFile:
// temporary, fsync, rename for a regular file; directly to a device or FIFO;
// "-" is standard output.
func WriteFileAtomic(path string, data []byte) error {
	f, err := CreateFile(path, os.Stdout, false)
	if err != nil {
		return err
	}
	defer f.Close()
	if _, err := f.Write(data); err != nil {
		return err
	}
	return f.Commit()
}

// openOutput opens what writing path goes to: a locked temporary beside the
// regular file it will replace (target), or, for an existing device, FIFO
// or socket, the thing itself (target ""). A directory is an error.
func openOutput(path string) (out *os.File, target string, err error) {
	target = path
	if st, err := os.Stat(path); err == nil {
		switch {
		case st.IsDir():
			return nil, "", &Error{File: path, Err: errors.New("is a directory")}
		case !st.Mode().IsRegular():
			f, err := os.OpenFile(path, os.O_WRONLY, 0)
			if err != nil {
				return nil, "", err
			}
			return f, "", nil
		}
		if openedByShell(path) {
			f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
			if err != nil {
				return nil, "", err
			}
			return f, "", nil
		}
		if resolved, err := filepath.EvalSymlinks(path); err == nil {
			target = resolved
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, "", err
	}
	dir := filepath.Dir(target)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, "", err
	}
	RemoveStaleTemps(target)
	tmp, err := createTemp(dir, target)
	if err != nil {
		return nil, "", err
	}
	return tmp, target, nil
}

// Resumable reports whether path is a file a stage can append to, resume
// and keep sidecar files beside: a regular file (or a link to one) or a
// path that does not exist yet. "-", /dev/stdout, devices, FIFOs, sockets
// and descriptor names are streams, written once from the start.
func Resumable(path string) bool {
	if path == "-" || stdoutAlias(path) || openedByShell(path) {
		return false
	}
	st, err := os.Stat(path)
	return errors.Is(err, os.ErrNotExist) || err == nil && st.Mode().IsRegular()
}

// stdoutAlias reports whether path names this process's standard output.
func stdoutAlias(path string) bool {
	switch filepath.Clean(path) {
	case "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1":
		return true
	}
	return false
}

// openedByShell reports whether path is a link under /dev or /proc, such as
// /dev/fd/3: a file descriptor's name, not a file to replace.
func openedByShell(path string) bool {
	clean := filepath.Clean(path)
	if !strings.HasPrefix(clean, "/dev/") && !strings.HasPrefix(clean, "/proc/") {
		return false
	}
	st, err := os.Lstat(clean)
	return err == nil && st.Mode()&os.ModeSymlink != 0
}

// createTemp makes the temporary file beside path, named and locked as
// temp.go describes. os.CreateTemp uses mode 0600; the finished file should
// get the ordinary 0666 less the umask, as a file made with os.Create would.
func createTemp(dir, path string) (*os.File, error) {
	f, err := os.CreateTemp(dir, tempPattern(filepath.Base(path)))
	if err != nil {
		return nil, err
	}
	lock(f)
	if err := f.Chmod(os.FileMode(0o666 &^ umask())); err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, err
	}
	return f, nil
}
