package shard

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/grpodata/grpodata/jsonl"
)

// benchInput writes n generated-like records (a prompt and 4 responses).
func benchInput(b *testing.B, dir string, n int) string {
	var sb strings.Builder
	resp := strings.Repeat("step by step reasoning. ", 20)
	for i := range n {
		fmt.Fprintf(&sb, `{"prompt":"Solve for x: %dx + 5 = %d","answer":"%d","responses":[`, i, i*3+5, 3)
		for r := range 4 {
			if r > 0 {
				sb.WriteByte(',')
			}
			fmt.Fprintf(&sb, `{"text":"%s\\boxed{%d}","score":1.0}`, resp, r)
		}
		sb.WriteString("]}\n")
	}
	in := filepath.Join(dir, "in.jsonl")
	if err := os.WriteFile(in, []byte(sb.String()), 0o644); err != nil {
		b.Fatal(err)
	}
	return in
}

// BenchmarkKeep is the filter every shard reads its input through: one
// record decode and hash per line.
func BenchmarkKeep(b *testing.B) {
	line := []byte(`{"prompt":"Solve for x: 9x + 9 = 72","answer":"7","responses":[{"text":"` + strings.Repeat("reasoning ", 60) + `","score":1.0}]}`)
	sh := Shard{1, 16}
	b.SetBytes(int64(len(line)))
	for b.Loop() {
		sh.Keep(line)
	}
}

// BenchmarkMerge merges 8 shards of 20,000 records (the reading of the
// inputs included); records/s is reported.
func BenchmarkMerge(b *testing.B) {
	dir := b.TempDir()
	const n = 20000
	in := benchInput(b, dir, n)
	out := filepath.Join(dir, "out.jsonl")
	for i := range 8 {
		if _, err := Run(context.Background(), echoStage, Shard{i, 8}, jsonl.Source{Files: []string{in}}, jsonl.Sink{Path: out}, &echoConfig{Tag: "t"}); err != nil {
			b.Fatal(err)
		}
	}
	st, _ := os.Stat(in)
	b.SetBytes(st.Size())
	for b.Loop() {
		if _, err := Merge(context.Background(), MergeOptions{Output: out}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "records/s")
}
