package batch

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkDynamic batches a synthetic file by a word-count budget; with
// /tmp/syn.jsonl present (go run ./bench/gen -o /tmp/syn.jsonl) it uses that.
func BenchmarkDynamic(b *testing.B) {
	dir := b.TempDir()
	in := "/tmp/syn.jsonl"
	if _, err := os.Stat(in); err != nil {
		in = writeInput(b, dir, 20000, diffOf)
	}
	st, _ := os.Stat(in)
	b.SetBytes(st.Size())
	cfg := cfgOf(Config{Strategy: "dynamic", Count: "all", Compress: "none"}, "max_tokens=4096")
	for i := 0; i < b.N; i++ {
		if _, err := Run(context.Background(), []string{in}, filepath.Join(dir, "out"), cfg, words{}, "bench"); err != nil {
			b.Fatal(err)
		}
	}
}
