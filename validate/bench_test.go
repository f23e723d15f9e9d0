package validate

import (
	"context"
	"os"
	"testing"
)

// BenchmarkRun validates the synthetic benchmark file when it exists
// (bench/validate.sh makes bench/out/syn-20k.jsonl), else the test data.
func BenchmarkRun(b *testing.B) {
	path := "../bench/out/syn-20k.jsonl"
	if _, err := os.Stat(path); err != nil {
		path = "testdata/clean.jsonl"
	}
	st, _ := os.Stat(path)
	b.SetBytes(st.Size())
	cfg := DefaultConfig()
	cfg.Checks = []string{"group_size", "scores", "coverage"}
	for i := 0; i < b.N; i++ {
		if _, err := Run(context.Background(), []string{path}, cfg, nil); err != nil {
			b.Fatal(err)
		}
	}
}
