package jsonl

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
	"pgregory.net/rapid"
)

func readAll(t *testing.T, r *Reader) []Line {
	t.Helper()
	var out []Line
	for {
		l, err := r.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, Line{N: l.N, Data: append([]byte(nil), l.Data...)})
	}
}

func TestReaderLineEdges(t *testing.T) {
	in := "\xef\xbb\xbf{\"a\":1}\r\n\n   \n{\"b\":2}\r\n{\"c\":3}"
	r, err := NewReader(strings.NewReader(in), "x.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	got := readAll(t, r)
	want := []Line{{1, []byte(`{"a":1}`)}, {4, []byte(`{"b":2}`)}, {5, []byte(`{"c":3}`)}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %v\nwant %v", got, want)
	}
}

func TestReaderHugeLine(t *testing.T) {
	big := `{"prompt":"` + strings.Repeat("x", 64<<20) + `"}`
	r, _ := NewReader(strings.NewReader("{}\n"+big+"\n{}\n"), "big")
	got := readAll(t, r)
	if len(got) != 3 || len(got[1].Data) != len(big) || got[2].N != 3 {
		t.Fatalf("lines: %d, second %d bytes", len(got), len(got[1].Data))
	}
}

func compress(t *testing.T, kind string, data []byte) []byte {
	var buf bytes.Buffer
	var w io.WriteCloser
	switch kind {
	case "gz":
		w = gzip.NewWriter(&buf)
	case "zst":
		w, _ = zstd.NewWriter(&buf)
	}
	w.Write(data)
	w.Close()
	return buf.Bytes()
}

func TestReaderCompressed(t *testing.T) {
	plain := []byte("{\"a\":1}\n{\"b\":2}\n")
	for _, kind := range []string{"gz", "zst"} {
		t.Run(kind, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "d.jsonl."+kind)
			os.WriteFile(path, compress(t, kind, plain), 0o644)
			r, err := Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			if got := readAll(t, r); len(got) != 2 || string(got[1].Data) != `{"b":2}` {
				t.Errorf("got %v", got)
			}
		})
	}
}

func TestReaderCorruptGzipNamesFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.jsonl.gz")
	data := compress(t, "gz", bytes.Repeat([]byte("{\"a\":1}\n"), 1000))
	os.WriteFile(path, data[:len(data)/2], 0o644)
	r, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for {
		_, err = r.Next()
		if err != nil {
			break
		}
	}
	if err == io.EOF || !strings.Contains(err.Error(), "bad.jsonl.gz:") {
		t.Errorf("truncated gzip: err = %v", err)
	}
}

func TestParallelMapKeepsOrder(t *testing.T) {
	var in strings.Builder
	for i := 0; i < 5000; i++ {
		fmt.Fprintf(&in, "{\"i\":%d}\n", i)
		if i%7 == 0 {
			in.WriteString("\n")
		}
	}
	for _, workers := range []int{1, 2, 8} {
		r, _ := NewReader(strings.NewReader(in.String()), "seq")
		next, lastLine := 0, 0
		err := ParallelMap(context.Background(), r, Options{Workers: workers, ChunkBytes: 100},
			func(l Line) (string, error) { return string(l.Data), nil },
			func(line int, v string) error {
				if v != fmt.Sprintf("{\"i\":%d}", next) || line <= lastLine {
					return fmt.Errorf("out of order at %d: %s (line %d)", next, v, line)
				}
				next++
				lastLine = line
				return nil
			})
		if err != nil || next != 5000 {
			t.Fatalf("workers=%d: %v (got %d)", workers, err, next)
		}
	}
}

func TestParallelMapErrorIsLocated(t *testing.T) {
	r, _ := NewReader(strings.NewReader("{}\n{}\nbad\n{}\n"), "data.jsonl")
	err := ParallelMap(context.Background(), r, Options{Workers: 2},
		func(l Line) (int, error) {
			if l.Data[0] != '{' {
				return 0, errors.New("prompt: missing")
			}
			return 0, nil
		}, func(int, int) error { return nil })
	if err == nil || err.Error() != "data.jsonl:3: prompt: missing" {
		t.Errorf("err = %v", err)
	}
}

func TestWriterIsAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.jsonl")
	os.WriteFile(path, []byte("old\n"), 0o644)
	w, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w.WriteLine([]byte("new"))
	if b, _ := os.ReadFile(path); string(b) != "old\n" {
		t.Errorf("destination changed before commit: %q", b)
	}
	w.Close() // abandoned: old content stays, no temp file left
	if b, _ := os.ReadFile(path); string(b) != "old\n" {
		t.Errorf("abandoned write changed the file: %q", b)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("temp files left: %v", ents)
	}
	w, _ = Create(path)
	w.WriteLine([]byte("new"))
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "new\n" {
		t.Errorf("after commit: %q", b)
	}
	if st, _ := os.Stat(path); st.Mode().Perm()&0o044 == 0 && umask()&0o044 == 0 {
		t.Errorf("committed file mode %v: others cannot read it", st.Mode())
	}
}

func TestWriterCompressesByExtension(t *testing.T) {
	for _, ext := range []string{".gz", ".zst"} {
		path := filepath.Join(t.TempDir(), "o.jsonl"+ext)
		w, _ := Create(path)
		for i := 0; i < 1000; i++ {
			w.WriteLine([]byte(`{"a":1}`))
		}
		if err := w.Commit(); err != nil {
			t.Fatal(err)
		}
		if raw, _ := os.ReadFile(path); len(raw) > 1000 {
			t.Errorf("%s not compressed: %d bytes for 8000", ext, len(raw))
		}
		r, _ := Open(path)
		if got := readAll(t, r); len(got) != 1000 || string(got[999].Data) != `{"a":1}` {
			t.Errorf("%s read back %v", ext, got)
		}
		r.Close()
	}
}

// Resume never loses or duplicates a complete line: whatever byte a crash
// tears the file at, reopening keeps exactly the complete lines before it.
func TestAppendRepairProperty(t *testing.T) {
	dir := t.TempDir()
	rapid.Check(t, func(t *rapid.T) {
		path := filepath.Join(dir, "out.jsonl")
		os.Remove(path)
		n := rapid.IntRange(0, 30).Draw(t, "lines")
		var full []byte
		var ends []int
		for i := 0; i < n; i++ {
			full = append(full, fmt.Sprintf(`{"id":"r%d","pad":"%s"}`+"\n", i, strings.Repeat("x", rapid.IntRange(0, 200).Draw(t, "pad")))...)
			ends = append(ends, len(full))
		}
		cut := rapid.IntRange(0, len(full)).Draw(t, "cut")
		os.WriteFile(path, full[:cut], 0o644)
		a, torn, err := OpenAppend(path)
		if err != nil {
			t.Fatal(err)
		}
		complete := 0
		for complete < len(ends) && ends[complete] <= cut {
			complete++
		}
		keep := 0
		if complete > 0 {
			keep = ends[complete-1]
		}
		if torn != int64(cut-keep) {
			t.Fatalf("torn = %d, want %d", torn, cut-keep)
		}
		// the run resumes: write the rest
		for i := complete; i < n; i++ {
			a.WriteLine(bytes.TrimSuffix(full[keep:ends[i]], []byte("\n")))
			keep = ends[i]
		}
		a.Close()
		got, _ := os.ReadFile(path)
		if !bytes.Equal(got, full) {
			t.Fatalf("after resume the file differs (cut at %d of %d)", cut, len(full))
		}
		keys, err := Keys(path, func(b []byte) (string, error) { return string(b[:12]), nil })
		if err != nil || len(keys) != n {
			t.Fatalf("keys: %d, %v", len(keys), err)
		}
	})
}

func TestKeysMissingFileIsEmpty(t *testing.T) {
	keys, err := Keys(filepath.Join(t.TempDir(), "none.jsonl"), func([]byte) (string, error) { return "", nil })
	if err != nil || len(keys) != 0 {
		t.Errorf("keys=%v err=%v", keys, err)
	}
}

// Cancelling or failing mid-run must return, never hang (a queued result
// slot whose job was never handed out used to block the collector).
func TestParallelMapStopsCleanly(t *testing.T) {
	var in strings.Builder
	for i := 0; i < 20000; i++ {
		fmt.Fprintf(&in, "{\"i\":%d}\n", i)
	}
	for round := 0; round < 50; round++ {
		ctx, cancel := context.WithCancel(context.Background())
		r, _ := NewReader(strings.NewReader(in.String()), "x")
		n := 0
		done := make(chan error, 1)
		go func() {
			done <- ParallelMap(ctx, r, Options{Workers: 3, ChunkBytes: 64},
				func(l Line) (int, error) { return len(l.Data), nil },
				func(int, int) error {
					n++
					if n == 1+round*7 {
						if round%2 == 0 {
							cancel()
						} else {
							return errors.New("emit failed")
						}
					}
					return nil
				})
		}()
		select {
		case err := <-done:
			if err == nil {
				t.Fatalf("round %d: no error after cancel/failure", round)
			}
		case <-time.After(20 * time.Second):
			t.Fatalf("round %d: ParallelMap hung", round)
		}
		cancel()
	}
}

// ParallelMap reports progress on a context that asks for it, from its
// collecting goroutine, without racing the reader (run with -race).
func TestParallelMapReportsProgress(t *testing.T) {
	var b strings.Builder
	for i := range 5000 {
		fmt.Fprintf(&b, "{\"n\": %d}\n", i)
	}
	path := filepath.Join(t.TempDir(), "in.jsonl")
	os.WriteFile(path, []byte(b.String()), 0o644)
	r, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var last Progress
	reports := 0
	ctx := WithProgress(context.Background(), func(p Progress) { last = p; reports++ })
	err = ParallelMap(ctx, r, Options{ChunkBytes: 4 << 10}, func(l Line) (int, error) { return len(l.Data), nil }, func(int, int) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	if reports < 2 || last.Records != 5000 || last.BytesRead != int64(b.Len()) || last.BytesTotal != int64(b.Len()) || last.Fraction() != 1 {
		t.Errorf("%d reports, last %+v", reports, last)
	}
}
