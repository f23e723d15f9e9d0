package tokenize

import (
	"bytes"
	"strings"
	"sync"
	"testing"
)

// benchText is realistic mixed text: the long reasoning chains (LaTeX,
// numbers, code blocks, CJK) and the random fragment mixes of the golden
// corpus, without its pathological cases (1,000-byte words and such).
var benchText = sync.OnceValue(func() string {
	var sb strings.Builder
	for _, c := range readGolden(nil, "qwen3") {
		if n, ok := strings.CutPrefix(c.Name, "long_"); ok && n[0] >= '0' && n[0] <= '9' || strings.HasPrefix(c.Name, "mix_") {
			sb.WriteString(c.Text)
		}
	}
	return sb.String()
})

func benchCount(b *testing.B, c Counter) {
	text := benchText()
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		c.Count(text)
	}
}

func BenchmarkQwenCount(b *testing.B) { benchCount(b, qwen(b)) }

// BenchmarkQwenCountCold empties the word cache before every pass.
func BenchmarkQwenCountCold(b *testing.B) {
	q := qwen(b)
	text := benchText()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		q.cache = newWordCache()
		q.Count(text)
	}
}

// BenchmarkQwenCountParallel counts from all CPUs at once, sharing one
// tokenizer.
func BenchmarkQwenCountParallel(b *testing.B) {
	q := qwen(b)
	text := benchText()
	b.SetBytes(int64(len(text)))
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			q.Count(text)
		}
	})
}

func BenchmarkO200kCount(b *testing.B) {
	c, err := New("o200k")
	if err != nil {
		b.Fatal(err)
	}
	benchCount(b, c)
}

func BenchmarkEstimateCount(b *testing.B) { benchCount(b, Estimate{}) }

func BenchmarkLoadQwen(b *testing.B) {
	qwen(b)
	for b.Loop() {
		if _, err := Load(bytes.NewReader(qwenRaw), "qwen3"); err != nil {
			b.Fatal(err)
		}
	}
}
