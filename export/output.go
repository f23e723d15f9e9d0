package export

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

// output is an export destination. A file is written atomically: to a
// temporary file beside it, fsynced and renamed over it by commit, so a
// reader (or a crash) never sees half a file; abort removes the temporary
// file. "-" is the given stream, not atomic. A text format whose file name
// ends in .gz or .zst is compressed.
type output struct {
	path string
	tmp  *os.File
	bw   *bufio.Writer
	comp io.WriteCloser
	w    io.Writer // what encoders write to
	done bool
}

func createOutput(path string, binary bool, stdout io.Writer) (*output, error) {
	o := &output{path: path}
	var sink io.Writer
	if path == "-" {
		sink = stdout
	} else {
		dir := filepath.Dir(path)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
		f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
		if err != nil {
			return nil, err
		}
		// CreateTemp makes the file private (0600); a dataset is read by
		// trainers that may run as another user.
		if err := f.Chmod(0o644); err != nil {
			f.Close()
			os.Remove(f.Name())
			return nil, err
		}
		o.tmp = f
		sink = f
	}
	o.bw = bufio.NewWriterSize(sink, 1<<20)
	o.w = o.bw
	if !binary && path != "-" {
		var err error
		switch {
		case strings.HasSuffix(path, ".gz"):
			o.comp, err = gzip.NewWriterLevel(o.bw, gzip.DefaultCompression)
		case strings.HasSuffix(path, ".zst"):
			o.comp, err = zstd.NewWriter(o.bw)
		}
		if err != nil {
			o.abort()
			return nil, err
		}
		if o.comp != nil {
			o.w = o.comp
		}
	}
	return o, nil
}

// commit flushes and, for a file, fsyncs and renames it into place.
func (o *output) commit() error {
	if o.done {
		return errors.New("export: output committed twice")
	}
	o.done = true
	if o.comp != nil {
		if err := o.comp.Close(); err != nil {
			o.remove()
			return err
		}
	}
	if err := o.bw.Flush(); err != nil {
		o.remove()
		return err
	}
	if o.tmp == nil {
		return nil
	}
	if err := o.tmp.Sync(); err != nil {
		o.remove()
		return err
	}
	if err := o.tmp.Close(); err != nil {
		os.Remove(o.tmp.Name())
		return err
	}
	if err := os.Rename(o.tmp.Name(), o.path); err != nil {
		os.Remove(o.tmp.Name())
		return err
	}
	syncDir(filepath.Dir(o.path))
	return nil
}

// abort discards a file that was not committed; it is safe to defer.
func (o *output) abort() {
	if o.done {
		return
	}
	o.done = true
	o.remove()
}

func (o *output) remove() {
	if o.tmp != nil {
		o.tmp.Close()
		os.Remove(o.tmp.Name())
	}
}

// syncDir makes the rename durable; best effort, as some file systems do not
// allow opening a directory.
func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	d.Sync()
	d.Close()
}

// outputError locates an output failure at the destination.
func outputError(path string, err error) error {
	if path == "-" {
		path = "<stdout>"
	}
	return fmt.Errorf("%s: %w", path, err)
}
