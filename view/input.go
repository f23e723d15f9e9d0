package view

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/grpodata/grpodata/jsonl"
)

// openInput opens a file for indexing and seeking. A compressed file
// (gzip or zstd, sniffed by jsonl) cannot be seeked into, so it is
// decompressed once, line by line through jsonl's reader, into a temporary
// copy that the index reads and pages seek into; line numbers are kept by
// writing blank lines where the original had them. The input itself is
// only ever opened read-only.
func (ix *Index) openInput(ctx context.Context, name string, opt Options) (*File, error) {
	if name == "-" {
		return nil, errors.New("-: the viewer seeks into its files, so it cannot read standard input; write the data to a file first")
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	if st, err := f.Stat(); err == nil && !st.Mode().IsRegular() {
		f.Close()
		return nil, fmt.Errorf("%s: not a regular file (%s); the viewer seeks into its files", name, st.Mode().Type())
	}
	if !compressed(f) {
		return &File{Name: name, path: name, f: f}, nil
	}
	f.Close()
	path, err := ix.decompress(ctx, name, opt)
	if err != nil {
		return nil, err
	}
	c, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	return &File{Name: name, path: path, f: c}, nil
}

// compressed sniffs the gzip and zstd magic numbers, and rewinds.
func compressed(f *os.File) bool {
	var magic [4]byte
	n, _ := f.ReadAt(magic[:], 0)
	gz := n >= 2 && magic[0] == 0x1f && magic[1] == 0x8b
	zst := n == 4 && magic == [4]byte{0x28, 0xb5, 0x2f, 0xfd}
	return gz || zst
}

func (ix *Index) decompress(ctx context.Context, name string, opt Options) (string, error) {
	if ix.tmpDir == "" {
		dir, err := os.MkdirTemp(opt.TempDir, "grpodata-view-")
		if err != nil {
			return "", err
		}
		ix.tmpDir = dir
	}
	r, err := jsonl.Open(name)
	if err != nil {
		return "", err
	}
	defer r.Close()
	path := filepath.Join(ix.tmpDir, fmt.Sprintf("%d-%s.jsonl", len(ix.Files), filepath.Base(name)))
	out, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", err
	}
	defer out.Close()
	w := bufio.NewWriterSize(out, 1<<20)
	line := 0
	for n := 1; ; n++ {
		l, err := r.Next()
		if err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			return "", err
		}
		if n%4096 == 0 && ctx.Err() != nil {
			return "", ctx.Err()
		}
		for ; line < l.N-1; line++ {
			w.WriteByte('\n')
		}
		w.Write(l.Data)
		w.WriteByte('\n')
		line++
	}
	if err := w.Flush(); err != nil {
		return "", fmt.Errorf("%s: decompressing into %s: %w", name, path, err)
	}
	return path, nil
}
