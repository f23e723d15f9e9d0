package record

import (
	"bufio"
	"os"
	"testing"
)

// benchLines loads lines of the synthetic benchmark file when present
// (go run ./bench/gen -o /tmp/syn.jsonl), else a small built-in sample.
func benchLines(b *testing.B) ([][]byte, int64) {
	var lines [][]byte
	var total int64
	if f, err := os.Open("/tmp/syn.jsonl"); err == nil {
		defer f.Close()
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<26)
		for sc.Scan() && len(lines) < 2000 {
			l := append([]byte(nil), sc.Bytes()...)
			lines = append(lines, l)
			total += int64(len(l))
		}
	}
	if len(lines) == 0 {
		l := []byte(`{"prompt":"Solve for x: 2x + 5 = 15","responses":[{"text":"2x = 10\nx = 5 so the answer is \\boxed{5}","score":1.0,"correct":true,"metadata":{"model":"m","temperature":1}}],"category":"algebra"}`)
		lines = append(lines, l)
		total = int64(len(l))
	}
	return lines, total
}

func BenchmarkInspect(b *testing.B) {
	lines, total := benchLines(b)
	var in Inspection
	b.SetBytes(total)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, l := range lines {
			if err := Inspect(l, &in); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func BenchmarkDecode(b *testing.B) {
	lines, total := benchLines(b)
	b.SetBytes(total)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, l := range lines {
			if _, err := Decode(l); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func BenchmarkEncode(b *testing.B) {
	lines, total := benchLines(b)
	recs := make([]*Record, len(lines))
	for i, l := range lines {
		recs[i], _ = Decode(l)
	}
	b.SetBytes(total)
	b.ResetTimer()
	var buf []byte
	for i := 0; i < b.N; i++ {
		for _, r := range recs {
			buf = r.AppendJSON(buf[:0])
		}
	}
}
