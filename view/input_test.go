package view

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"

	"github.com/grpodata/grpodata/jsonl"
)

func compress(t *testing.T, path, ext string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	switch ext {
	case ".gz":
		w := gzip.NewWriter(&buf)
		w.Write(data)
		w.Close()
	case ".zst":
		w, _ := zstd.NewWriter(&buf)
		w.Write(data)
		w.Close()
	}
	out := path + ext
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return out
}

// A compressed file is decompressed once into a temporary copy; its groups,
// line numbers and records are the plain file's, and Close removes the copy.
func TestCompressedInputs(t *testing.T) {
	plain := writeSynthetic(t, 120)
	want, err := Build(context.Background(), []string{plain}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer want.Close()
	for _, ext := range []string{".gz", ".zst"} {
		tmp := t.TempDir()
		ix, err := Build(context.Background(), []string{compress(t, plain, ext)}, Options{TempDir: tmp})
		if err != nil {
			t.Fatal(err)
		}
		if len(ix.Groups) != len(want.Groups) {
			t.Fatalf("%s: %d groups, want %d", ext, len(ix.Groups), len(want.Groups))
		}
		for i := range ix.Groups {
			g, w := ix.Groups[i], want.Groups[i]
			a, _ := ix.Raw(i)
			b, _ := want.Raw(i)
			if g.Line != w.Line || !bytes.Equal(a, b) || g.Mean != w.Mean {
				t.Fatalf("%s: group %d differs: line %d vs %d", ext, i, g.Line, w.Line)
			}
		}
		if !strings.HasSuffix(ix.Files[0].Name, ext) {
			t.Errorf("file named %q", ix.Files[0].Name)
		}
		ix.Close()
		if left, _ := os.ReadDir(tmp); len(left) != 0 {
			t.Errorf("%s: Close left %d entries in the temporary directory", ext, len(left))
		}
	}
}

// Progress is reported per chunk, in order, ending with the whole file.
func TestProgress(t *testing.T) {
	path := writeSynthetic(t, 200)
	st, _ := os.Stat(path)
	defer func(n int) { chunkBytes = n }(chunkBytes)
	chunkBytes = 8192
	var seen []jsonl.Progress
	ix, err := Build(context.Background(), []string{path}, Options{Progress: func(p jsonl.Progress) { seen = append(seen, p) }})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if len(seen) < 5 {
		t.Fatalf("%d reports", len(seen))
	}
	for i := 1; i < len(seen); i++ {
		if seen[i].BytesRead <= seen[i-1].BytesRead || seen[i].Records < seen[i-1].Records {
			t.Fatalf("report %d went back: %+v after %+v", i, seen[i], seen[i-1])
		}
	}
	last := seen[len(seen)-1]
	if last.BytesRead != st.Size() || last.BytesTotal != st.Size() || last.Records != 200 || last.File != path {
		t.Errorf("last report %+v", last)
	}
}

// Small chunks put chunk boundaries everywhere and make lines longer than
// a chunk; the index must not change.
func TestChunkBoundaries(t *testing.T) {
	path := writeSynthetic(t, 250)
	want, err := Build(context.Background(), []string{path}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer want.Close()
	defer func(n int) { chunkBytes = n }(chunkBytes)
	for _, size := range []int{64, 1000, 4096} {
		chunkBytes = size
		for _, workers := range []int{1, 4} {
			ix, err := Build(context.Background(), []string{path}, Options{Workers: workers})
			if err != nil {
				t.Fatal(err)
			}
			if len(ix.Groups) != len(want.Groups) {
				t.Fatalf("chunk %d: %d groups, want %d", size, len(ix.Groups), len(want.Groups))
			}
			for i := range ix.Groups {
				g, w := ix.Groups[i], want.Groups[i]
				if g.Line != w.Line || g.Offset != w.Offset || g.Length != w.Length || g.Excerpt != w.Excerpt || g.MeanTokens != w.MeanTokens {
					t.Fatalf("chunk %d, %d workers: group %d is %+v, want %+v", size, workers, i, g, w)
				}
			}
			ix.Close()
		}
	}
}

func TestBadLines(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "bad.jsonl")
	good := `{"prompt":"p","responses":[{"text":"a","score":1.0}]}`
	body := "\xef\xbb\xbf" + good + "\n" + `{"prompt":"p","responses":[{"text":"a` + "\n\n" + good + "\n" + `[1,2]` + "\n" + good
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Build(context.Background(), []string{path}, Options{})
	var je *jsonl.Error
	if !errors.As(err, &je) || je.File != path || je.Line != 2 {
		t.Fatalf("error %v, want one at %s:2", err, path)
	}
	ix, err := Build(context.Background(), []string{path}, Options{SkipBad: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if len(ix.Groups) != 3 || ix.Skipped != 2 || !strings.HasPrefix(ix.SkippedFirst[1], path+":5: ") {
		t.Fatalf("%d groups, %d skipped %q", len(ix.Groups), ix.Skipped, ix.SkippedFirst)
	}
	if ix.Groups[0].Line != 1 || ix.Groups[1].Line != 4 || ix.Groups[2].Line != 6 {
		t.Errorf("lines %d %d %d", ix.Groups[0].Line, ix.Groups[1].Line, ix.Groups[2].Line)
	}
	if _, err := ix.Record(0); err != nil {
		t.Errorf("first record (after a BOM): %v", err)
	}
	if _, err := Build(context.Background(), []string{"-"}, Options{}); err == nil || !strings.Contains(err.Error(), "standard input") {
		t.Errorf("stdin: %v", err)
	}
	if _, err := Build(context.Background(), []string{dir}, Options{}); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("a directory: %v", err)
	}
	empty := filepath.Join(dir, "empty.jsonl")
	os.WriteFile(empty, []byte("\n \n"), 0o644)
	if _, err := Build(context.Background(), []string{empty}, Options{}); err == nil || !strings.Contains(err.Error(), "no records") {
		t.Errorf("empty file: %v", err)
	}
}

func TestListenLoopbackOnly(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", ":0", "[::]:0", "example.com:80", "10.1.2.3:0"} {
		if l, err := Listen(addr, false); err == nil {
			l.Close()
			t.Errorf("%s accepted without allowRemote", addr)
		}
	}
	for _, addr := range []string{"127.0.0.1:0", "localhost:0"} {
		l, err := Listen(addr, false)
		if err != nil {
			t.Errorf("%s: %v", addr, err)
			continue
		}
		l.Close()
	}
	l, err := Listen("0.0.0.0:0", true)
	if err != nil {
		t.Fatalf("explicit 0.0.0.0: %v", err)
	}
	l.Close()
}
