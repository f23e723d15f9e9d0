package view

import (
	"bytes"
	"context"
	"os"
	"testing"
)

// BenchmarkIndex indexes $GRPODATA_VIEW_BENCH (a file made by bench/gen, say)
// or, without it, a generated file of a few MB.
func BenchmarkIndex(b *testing.B) {
	path := os.Getenv("GRPODATA_VIEW_BENCH")
	if path == "" {
		path = writeSynthetic(b, 300)
	}
	st, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(st.Size())
	b.ReportAllocs()
	for b.Loop() {
		ix, err := Build(context.Background(), []string{path}, Options{})
		if err != nil {
			b.Fatal(err)
		}
		ix.Close()
	}
}

// BenchmarkExtract is the per-line work of the index on one core.
func BenchmarkExtract(b *testing.B) {
	path := os.Getenv("GRPODATA_VIEW_BENCH")
	if path == "" {
		path = writeSynthetic(b, 300)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	if len(data) > 64<<20 {
		data = data[:64<<20]
	}
	lines := bytes.Split(bytes.TrimSpace(data), []byte("\n"))
	lines = lines[:len(lines)-1] // the last may be cut
	var n int64
	for _, l := range lines {
		n += int64(len(l))
	}
	b.SetBytes(n)
	var x extractor
	var f facts
	for b.Loop() {
		for _, l := range lines {
			if err := x.extract(l, &f); err != nil {
				b.Fatal(err)
			}
		}
	}
}
