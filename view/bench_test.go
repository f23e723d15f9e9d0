package view

import (
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
