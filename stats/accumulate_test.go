package stats

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"pgregory.net/rapid"

	"github.com/grpodata/grpodata/internal/golden"
	"github.com/grpodata/grpodata/jsonl"
	"github.com/grpodata/grpodata/record"
)

func run(t testing.TB, cfg Config, out LineWriter, files ...string) *Result {
	t.Helper()
	res, err := Run(context.Background(), files, cfg, nil, out)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// wordCounter counts whitespace-separated words: a stand-in tokenizer.
type wordCounter struct{}

func (wordCounter) Count(s string) int { return len(strings.Fields(s)) }

func TestMixedGolden(t *testing.T) {
	res := run(t, Config{}, nil, "testdata/mixed.jsonl")
	var text bytes.Buffer
	if err := WriteText(&text, res); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, "mixed.txt", text.Bytes())
	js, _ := json.MarshalIndent(res, "", "  ")
	golden.Check(t, "mixed.json", append(js, '\n'))

	res = run(t, Config{Options: Options{Counter: wordCounter{}, Ks: []int{2, 1}}}, nil, "testdata/mixed.jsonl")
	text.Reset()
	WriteText(&text, res)
	golden.Check(t, "mixed_tokens.txt", text.Bytes())
}

// TestMixedNumbers checks the overall figures of testdata/mixed.jsonl against
// values computed by hand (see the comments).
func TestMixedNumbers(t *testing.T) {
	o := run(t, Config{}, nil, "testdata/mixed.jsonl").Overall
	ints := []struct {
		name      string
		got, want int
	}{
		{"groups", o.Groups, 9},
		{"responses", o.Responses, 46}, // 4+4+4+8+4+2+4+0+16
		{"scored", o.Scored, 43},       // q5 misses 1, q6 misses 2
		{"missing", o.Missing, 3},
		{"correct", o.Correct, 15}, // 4+2+0+1+2+0+1+0+5 (q7: correct flags win over 0.5)
		{"scored groups", o.ScoredGroups, 7},
		{"partial", o.PartialGroups, 1},
		{"unscored", o.UnscoredGroups, 1},
		{"empty", o.EmptyGroups, 1},
		{"zero variance", o.ZeroVariance, 2}, // q1 all 1, q3 all 0
		{"all correct", o.AllCorrect, 1},
		{"all wrong", o.AllWrong, 1},
	}
	for _, c := range ints {
		if c.got != c.want {
			t.Errorf("%s = %d, want %d", c.name, c.got, c.want)
		}
	}
	// pass@1: mean pass rate of the 7 scored groups: 1, 1/2, 0, 1/8, 2/3, 1/4, 5/16.
	// pass@4: groups with >= 4 scores: q1 1, q2 1, q3 0, q4 1-C(7,4)/C(8,4) = 1/2,
	//         q7 1 (3 wrong < 4), q9 1-C(11,4)/C(16,4) = 1-330/1820.
	// pass@8: q4 1 (7 wrong < 8), q9 1-C(11,8)/C(16,8) = 1-165/12870. pass@16: q9 1.
	want := map[int]float64{
		1:  (1 + 0.5 + 0 + 0.125 + 2.0/3 + 0.25 + 5.0/16) / 7,
		4:  (1 + 1 + 0 + 0.5 + 1 + (1 - 330.0/1820)) / 6,
		8:  (1 + (1 - 165.0/12870)) / 2,
		16: 1,
	}
	groups := map[int]int{1: 7, 4: 6, 8: 2, 16: 1}
	if len(o.PassAtK) != 4 {
		t.Fatalf("pass@k = %+v", o.PassAtK)
	}
	for _, p := range o.PassAtK {
		if !near(p.Value, want[p.K], 1e-6) || p.Groups != groups[p.K] {
			t.Errorf("pass@%d = %g over %d groups, want %g over %d", p.K, p.Value, p.Groups, want[p.K], groups[p.K])
		}
	}
	if !near(o.PassRate, 15.0/43, 1e-6) || !near(o.ZeroVarianceFraction, 2.0/7, 1e-6) {
		t.Errorf("pass rate %g, zero-variance fraction %g", o.PassRate, o.ZeroVarianceFraction)
	}
	// mean score: (4 + 2 + 0 + 1 + 2 + 1.75 + 5) / 43
	if !near(o.MeanScore, 15.75/43, 1e-6) {
		t.Errorf("mean score %g", o.MeanScore)
	}
}

func TestAnnotateRun(t *testing.T) {
	var out bytes.Buffer
	w, err := jsonl.CreateTo("-", &out)
	if err != nil {
		t.Fatal(err)
	}
	adv := DefaultAdvantage()
	res := run(t, Config{Annotate: &adv}, w, "testdata/mixed.jsonl")
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	if res.Annotated != 43 || res.Advantage == nil {
		t.Errorf("annotated %d", res.Annotated)
	}
	golden.Check(t, "mixed_annotated.jsonl", out.Bytes())
	// Every record keeps its place and its advantages sum to ~0.
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != 9 {
		t.Fatalf("%d lines", len(lines))
	}
	for i, l := range lines {
		rec, err := record.Decode([]byte(l))
		if err != nil {
			t.Fatal(err)
		}
		if rec.ID != fmt.Sprintf("q%d", i+1) {
			t.Errorf("line %d is %s", i+1, rec.ID)
		}
		var sum float64
		for _, r := range rec.Responses {
			var a float64
			ok, err := r.Metadata.Decode(MetadataKey, &a)
			if err != nil || ok != (r.Score != nil) {
				t.Errorf("%s: advantage present %v, scored %v (%v)", rec.ID, ok, r.Score != nil, err)
			}
			sum += a
		}
		if math.Abs(sum) > 1e-9 {
			t.Errorf("%s: advantages sum to %g", rec.ID, sum)
		}
	}
}

func TestRunDeterministicAcrossWorkers(t *testing.T) {
	path := filepath.Join(t.TempDir(), "syn.jsonl")
	if err := os.WriteFile(path, synthetic(500, 8, 1), 0o644); err != nil {
		t.Fatal(err)
	}
	var first []byte
	for _, workers := range []int{1, 4} {
		res := run(t, Config{Workers: workers}, nil, path)
		js, _ := json.Marshal(res)
		if first == nil {
			first = js
		} else if !bytes.Equal(js, first) {
			t.Fatalf("workers=%d changed the result", workers)
		}
	}
}

func TestRunErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.jsonl")
	os.WriteFile(bad, []byte(`{"prompt":"p","responses":[{"text":"a","score":1.0}]}`+"\n"+`{"prompt":"p","responses":[{"text":"a","score":"high"}]}`+"\n"), 0o644)
	_, err := Run(context.Background(), []string{bad}, Config{}, nil, nil)
	var je *jsonl.Error
	if !errors.As(err, &je) || je.Line != 2 || !strings.Contains(err.Error(), "responses[0].score") {
		t.Errorf("err = %v", err)
	}
	if _, err := Run(context.Background(), []string{filepath.Join(dir, "missing.jsonl")}, Config{}, nil, nil); err == nil {
		t.Error("missing file must fail")
	}
	bogus := AdvantageConfig{Variant: "ppo"}
	if _, err := Run(context.Background(), []string{bad}, Config{Annotate: &bogus}, nil, nil); err == nil {
		t.Error("unknown variant must fail")
	}
}

func TestEmptyInput(t *testing.T) {
	path := filepath.Join(t.TempDir(), "empty.jsonl")
	os.WriteFile(path, []byte("\n  \n"), 0o644)
	if _, err := Run(context.Background(), []string{path}, Config{}, nil, nil); err == nil || err.Error() != path+": no records" {
		t.Errorf("an all-blank input: %v", err)
	}
	// Statistics of nothing still render (an accumulator fed no record).
	res := NewAccumulator(Options{}).Result()
	if res.Overall.Groups != 0 || res.Overall.PassAtK == nil || len(res.ByCategory) != 0 {
		t.Errorf("%+v", res)
	}
	var b bytes.Buffer
	if err := WriteText(&b, res); err != nil || !strings.Contains(b.String(), "0 groups") {
		t.Errorf("%q %v", b.String(), err)
	}
}

func TestHistogramsAndLengths(t *testing.T) {
	acc := NewAccumulator(Options{Counter: wordCounter{}})
	f := record.Float
	acc.Add(&record.Record{Responses: []record.Response{
		{Text: "a b c", Score: f(0)}, {Text: "ünï", Score: f(0.05)}, {Text: "", Score: f(0.3)},
		{Text: "12345678", Score: f(1)}, {Text: "x", Score: f(1.5)}, {Text: "y", Score: f(-0.5)}, {Text: "zz"}}})
	r := acc.Result()
	h := r.ScoreHistogram
	wantCounts := []int{2, 0, 0, 1, 0, 0, 0, 0, 0, 1}
	if fmt.Sprint(h.Counts) != fmt.Sprint(wantCounts) || h.Under != 1 || h.Over != 1 || len(h.Edges) != 11 || h.Edges[3] != 0.3 {
		t.Errorf("score histogram %+v", h)
	}
	if v := r.VarianceHistogram; v.Edges[10] != MaxVariance || v.Over != 1 { // variance of this group > 0.25
		t.Errorf("variance histogram %+v", v)
	}
	c := r.LengthChars
	// lengths 5, 3, 0, 8, 1, 1, 2 -> log2 bins [0,1):1 [1,2):2 [2,4):2 [4,8):1 [8,16):1
	if c.Min != 0 || c.Max != 8 || c.Count != 7 || !near(c.Mean, 20.0/7, 1e-6) ||
		fmt.Sprint(c.Histogram.Counts) != "[1 2 2 1 1]" || fmt.Sprint(c.Histogram.Edges) != "[0 1 2 4 8 16]" {
		t.Errorf("chars %+v", c)
	}
	if utf8.RuneCountInString("ünï") != 3 || r.LengthTokens == nil || r.LengthTokens.Max != 3 || r.LengthTokens.Min != 0 {
		t.Errorf("tokens %+v", r.LengthTokens)
	}
	// correct: only score 1 (no flags); incorrect: the other scored ones.
	if !near(c.MeanCorrect, 8, 1e-9) || !near(c.MeanIncorrect, (5+3+0+1+1)/5.0, 1e-9) {
		t.Errorf("correct %g incorrect %g", c.MeanCorrect, c.MeanIncorrect)
	}
}

// TestAccumulatorMatchesNaive compares the streaming figures with a direct
// computation over all groups held in memory.
func TestAccumulatorMatchesNaive(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		groups := rapid.SliceOfN(genRecord(), 0, 40).Draw(t, "records")
		acc := NewAccumulator(Options{})
		var scored, correct, scoredGroups, zero, cats int
		var sum, passSum float64
		seenCat := map[string]bool{}
		for _, rec := range groups {
			acc.Add(rec)
			g := Group(rec)
			if !seenCat[rec.Category] {
				seenCat[rec.Category] = true
				cats++
			}
			for _, r := range rec.Responses {
				if r.Score != nil {
					scored++
					sum += *r.Score
					if IsCorrect(&r) {
						correct++
					}
				}
			}
			if g.Scored > 0 {
				scoredGroups++
				passSum += g.PassRate
				if g.ZeroVariance {
					zero++
				}
			}
		}
		res := acc.Result()
		o := res.Overall
		if o.Groups != len(groups) || o.Scored != scored || o.Correct != correct || o.ZeroVariance != zero || o.ScoredGroups != scoredGroups {
			t.Fatalf("counts %+v", o)
		}
		if scored > 0 && !near(o.MeanScore, sum/float64(scored), 2e-6) {
			t.Fatalf("mean %g want %g", o.MeanScore, sum/float64(scored))
		}
		if p, ok := o.At(1); scoredGroups > 0 && (!ok || !near(p, passSum/float64(scoredGroups), 2e-6)) {
			t.Fatalf("pass@1 %g want %g", p, passSum/float64(scoredGroups))
		}
		if len(res.ByCategory) != cats {
			t.Fatalf("%d categories, want %d", len(res.ByCategory), cats)
		}
		total, hist := 0, 0
		for _, d := range res.ByCategory {
			total += d.Groups
		}
		for _, c := range res.ScoreHistogram.Counts {
			hist += c
		}
		if total != len(groups) || hist != scored {
			t.Fatalf("categories hold %d groups, histogram %d scores", total, hist)
		}
	})
}

func genRecord() *rapid.Generator[*record.Record] {
	return rapid.Custom(func(t *rapid.T) *record.Record {
		n := rapid.IntRange(0, 12).Draw(t, "n")
		rec := &record.Record{Prompt: record.Prompt{Text: "p"}, Responses: []record.Response{},
			Category: rapid.SampledFrom([]string{"", "algebra", "code"}).Draw(t, "cat")}
		for i := 0; i < n; i++ {
			r := record.Response{Text: "t"}
			if s := rapid.SampledFrom([]float64{-1, 0, 0.25, 0.5, 1}).Draw(t, "score"); s >= 0 {
				r.Score = record.Float(s)
			}
			switch rapid.IntRange(0, 2).Draw(t, "flag") {
			case 1:
				r.Correct = record.Bool(true)
			case 2:
				r.Correct = record.Bool(false)
			}
			rec.Responses = append(rec.Responses, r)
		}
		return rec
	})
}

// synthetic builds a deterministic file of groups of size group.
func synthetic(groups, group int, seed uint64) []byte {
	var b []byte
	x := seed*2862933555777941757 + 3037000493
	next := func() uint64 { x ^= x << 13; x ^= x >> 7; x ^= x << 17; return x }
	cats := []string{"algebra", "geometry", "code", "number_theory"}
	diffs := []string{"easy", "medium", "hard", ""}
	for i := 0; i < groups; i++ {
		rec := record.Record{ID: fmt.Sprintf("g%d", i), Prompt: record.Prompt{Text: fmt.Sprintf("Solve problem %d: 2x + %d = %d", i, i%17, i%31)},
			Category: cats[next()%4], Difficulty: diffs[next()%4]}
		p := float64(next()%101) / 100
		for j := 0; j < group; j++ {
			r := record.Response{Text: strings.Repeat("step by step we solve the equation ", 3+int(next()%20)) + "\\boxed{5}"}
			switch v := next() % 1000; {
			case v < 5: // unscored
			case float64(v)/1000 < p:
				r.Score, r.Correct = record.Float(1), record.Bool(true)
			default:
				r.Score, r.Correct = record.Float(0), record.Bool(false)
			}
			rec.Responses = append(rec.Responses, r)
		}
		b = rec.AppendJSON(b)
		b = append(b, '\n')
	}
	return b
}

func BenchmarkAccumulate(b *testing.B) {
	data := synthetic(2000, 16, 1)
	open := func(string) (*jsonl.Reader, error) { return jsonl.NewReader(bytes.NewReader(data), "syn") }
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Run(context.Background(), []string{"syn"}, Config{}, open, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAnnotate(b *testing.B) {
	data := synthetic(2000, 16, 1)
	open := func(string) (*jsonl.Reader, error) { return jsonl.NewReader(bytes.NewReader(data), "syn") }
	adv := DefaultAdvantage()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		w, _ := jsonl.CreateTo("-", discard{})
		if _, err := Run(context.Background(), []string{"syn"}, Config{Annotate: &adv}, open, w); err != nil {
			b.Fatal(err)
		}
		w.Commit()
	}
}

func BenchmarkAccumulatorAdd(b *testing.B) {
	recs := make([]*record.Record, 0, 500)
	for _, l := range bytes.Split(bytes.TrimSpace(synthetic(500, 16, 2)), []byte("\n")) {
		r, _ := record.Decode(l)
		recs = append(recs, r)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		acc := NewAccumulator(Options{})
		for _, r := range recs {
			acc.Add(r)
		}
		acc.Result()
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

func TestWriteTextAlignsNames(t *testing.T) {
	acc := NewAccumulator(Options{})
	for _, cat := range []string{"数学代数", strings.Repeat("very_long_category_name_", 3), "x"} {
		acc.Add(&record.Record{Category: cat, Responses: []record.Response{{Text: "a", Score: record.Float(1)}, {Text: "b", Score: record.Float(0)}}})
	}
	res := acc.Result()
	res.Files = []string{"f"}
	var b bytes.Buffer
	WriteText(&b, res)
	table := strings.Split(strings.SplitN(b.String(), "\n\n", 3)[1], "\n")
	for _, l := range table {
		if l == "by category" || l == "by difficulty" {
			continue
		}
		if n := utf8.RuneCountInString(l); n != utf8.RuneCountInString(table[0]) {
			t.Errorf("row %q has %d runes, header %d", l, n, utf8.RuneCountInString(table[0]))
		}
	}
	if !strings.Contains(b.String(), "  very_long_category_name_ver...  ") {
		t.Errorf("long name not shortened:\n%s", b.String())
	}
}
