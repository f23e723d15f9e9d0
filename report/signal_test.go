package report

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/grpodata/grpodata/record"
	"github.com/grpodata/grpodata/stats"
	"github.com/grpodata/grpodata/tokenize"
)

// resp is a response for the hand-computed data sets: score nil for
// unscored, finish "" for no metadata.finish_reason.
func resp(text string, score *float64, finish string) record.Response {
	r := record.Response{Text: text, Score: score}
	if finish != "" {
		b, _ := json.Marshal(finish)
		r.Metadata = record.Fields{{Key: "finish_reason", Value: b}}
	}
	return r
}

// signalData is four groups whose figures are computed by hand in
// TestSignalAggregates.
func signalData(t *testing.T, b *Builder) *Data {
	t.Helper()
	f := record.Float
	recs := []*record.Record{
		{Category: "algebra", Responses: []record.Response{ // mean .5, std .5: advantages ±0.999998
			resp("one two three", f(1), "stop"), resp("one two three", f(0), "length"),
			resp("one two three", f(1), "stop"), resp("one two three", f(0), "length")}},
		{Category: "algebra", Responses: []record.Response{ // zero variance, all correct
			resp("one two three", f(1), ""), resp("one two three", f(1), "")}},
		{Category: "code", Responses: []record.Response{ // mean .5, std .25, nothing correct
			resp("x", f(0.25), "length"), resp("one two three", f(0.75), "stop")}},
		{Category: "code", Responses: []record.Response{ // one score: advantage 0
			resp("one two three", f(0), ""), resp("one two three", nil, "")}},
	}
	for i, r := range recs {
		r.Prompt = record.Prompt{Text: "p"}
		b.Add("f", i+1, r)
	}
	return b.Data()
}

func TestSignalAggregates(t *testing.T) {
	b := NewBuilder(Config{Sample: -1})
	b.Count("estimate", tokenize.Estimate{}) // ceil(words × 1.3): 3 words are 4 tokens, 1 word 2
	d := signalData(t, b)
	cat := func(name string) Bucket {
		for _, bk := range d.ByCategory {
			if bk.Name == name {
				return bk
			}
		}
		t.Fatalf("no category %q", name)
		return Bucket{}
	}
	adv := make([]int, len(d.AdvantageHist))
	for i, bin := range d.AdvantageHist {
		adv[i] = bin.Count
	}
	for _, tt := range []struct {
		name      string
		got, want any
	}{
		// pass@1: groups' c/n are 2/4, 2/2, 0/2, 0/1 → (0.5+1+0+0)/4;
		// pass@4: only the group of 4 (c=2: n-c < k) → 1; no pass@8.
		{"pass@k", d.PassAtK, []stats.PassK{{K: 1, Value: 0.375, Groups: 4}, {K: 4, Value: 1, Groups: 1}}},
		{"algebra pass@k", cat("algebra").PassAtK, []stats.PassK{{K: 1, Value: 0.75, Groups: 2}, {K: 4, Value: 1, Groups: 1}}},
		{"code pass@k", cat("code").PassAtK, []stats.PassK{{K: 1, Value: 0, Groups: 2}}},
		// scores 1,0,1,0,1,1,.25,.75,0: mean 5/9, population std sqrt(1.847222/9)
		{"reward mean", d.MeanScore, 0.555556},
		{"reward std", d.RewardStd, 0.453042},
		// bins: <-2.5, -2.5…-2, -2…-1.5, -1.5…-1, -1…-0.5, -0.5…0, 0, 0…0.5, 0.5…1, ...
		{"advantage histogram", adv, []int{0, 0, 0, 0, 3, 0, 3, 0, 3, 0, 0, 0, 0}},
		{"flat advantages", d.FlatAdvantages, 3}, // the all-correct pair and the single score
		{"truncated", d.Truncated, 3},
		{"with finish_reason", d.WithFinishReason, 6},
		{"truncation rate", d.TruncationRate, 0.3},
		{"algebra truncation", []any{cat("algebra").Truncated, cat("algebra").TruncationRate}, []any{2, 0.333333}},
		{"code truncation", []any{cat("code").Truncated, cat("code").TruncationRate}, []any{1, 0.25}},
		{"tokenizer", d.Tokenizer, "estimate"},
		// nine responses of 4 tokens and one of 2; correct: the four 1s
		{"tokens", *d.Tokens, Lengths{Mean: 3.8, Min: 2, Max: 4, MeanCorrect: 4, MeanIncorrect: 3.6}},
		{"token histogram", d.TokenHist[0].Count, 10},
		{"chars", d.Length, Lengths{Mean: 11.8, Min: 1, Max: 13, MeanCorrect: 13, MeanIncorrect: 10.6}},
	} {
		if !reflect.DeepEqual(tt.got, tt.want) {
			t.Errorf("%s = %v, want %v", tt.name, tt.got, tt.want)
		}
	}
	sum := 0
	for _, n := range adv {
		sum += n
	}
	if sum != d.Scored {
		t.Errorf("%d advantages for %d scored responses", sum, d.Scored)
	}
}

// TestSignalMatchesStats: the report's pass@k and reward std are the stats
// package's, on the same file.
func TestSignalMatchesStats(t *testing.T) {
	d := collect(t, Config{Sample: -1}, fixture)
	res, err := stats.Run(context.Background(), []string{fixture}, stats.Config{}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(d.PassAtK, res.Overall.PassAtK) || d.RewardStd != res.ScoreStd || d.MeanScore != res.Overall.MeanScore {
		t.Errorf("report %v %v %v, stats %v %v %v", d.PassAtK, d.RewardStd, d.MeanScore, res.Overall.PassAtK, res.ScoreStd, res.Overall.MeanScore)
	}
	for _, c := range res.ByCategory {
		for _, bk := range d.ByCategory {
			if bk.Name == c.Name && !reflect.DeepEqual(bk.PassAtK, c.PassAtK) {
				t.Errorf("%s: report %v, stats %v", c.Name, bk.PassAtK, c.PassAtK)
			}
		}
	}
}

func TestAdvantageBins(t *testing.T) {
	bins := advantageBins()
	if len(bins) != 2*advSide+3 || bins[advSide+1].Label != "0" {
		t.Fatalf("bins %+v", bins)
	}
	for _, tt := range []struct {
		a     float64
		label string
	}{
		{0, "0"},
		{1e-9, "0…0.5"},
		{0.5, "0…0.5"}, // positive bins are closed above
		{0.999998, "0.5…1"},
		{-0.5, "-0.5…0"}, // negative bins are closed below
		{-0.999998, "-1…-0.5"},
		{2.5, "2…2.5"},
		{2.6457, ">2.5"}, // sqrt(7): one correct of eight
		{-2.6457, "<-2.5"},
		{-2.5, "-2.5…-2"},
		{-100, "<-2.5"},
		{100, ">2.5"},
	} {
		if got := bins[advBin(tt.a)].Label; got != tt.label {
			t.Errorf("advantage %v in bin %q, want %q", tt.a, got, tt.label)
		}
	}
}

func TestStageLabel(t *testing.T) {
	for _, tt := range []struct {
		cfg   Config
		files []string
		want  string
	}{
		{Config{}, []string{"data/part-1.jsonl"}, "input"},
		{Config{}, []string{"runs/x/verified.jsonl"}, "verify output: groups before filtering"},
		{Config{}, []string{"verified.jsonl.zst"}, "verify output: groups before filtering"},
		{Config{Filtered: "f.jsonl"}, []string{"in.jsonl"}, "input (before filtering)"},
		{Config{Stage: " filter output "}, []string{"verified.jsonl"}, "filter output"},
	} {
		if got := stageLabel(tt.cfg, tt.files); got != tt.want {
			t.Errorf("stageLabel(%+v, %v) = %q, want %q", tt.cfg, tt.files, got, tt.want)
		}
	}
}

// filteredFixture writes the first n groups of the fixture, as the filter's
// output would be.
func filteredFixture(t *testing.T, n int) string {
	t.Helper()
	data, err := os.ReadFile(fixture)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(data), "\n")
	path := filepath.Join(t.TempDir(), "filtered.jsonl")
	if err := os.WriteFile(path, []byte(strings.Join(lines[:n], "")), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestBeforeAfterFiltering(t *testing.T) {
	filtered := filteredFixture(t, 10)
	d := collect(t, Config{Sample: -1, Filtered: filtered}, fixture)
	f := d.Filtering
	if f == nil || f.Before.Groups != 40 || f.After.Groups != 10 || f.After.Responses != 80 || !reflect.DeepEqual(f.AfterFiles, []string{filtered}) {
		t.Fatalf("filtering %+v", f)
	}
	if d.Stage != "input (before filtering)" || !reflect.DeepEqual(f.Before.PassAtK, d.PassAtK) {
		t.Errorf("stage %q, before %v, overall %v", d.Stage, f.Before.PassAtK, d.PassAtK)
	}
	page := render(t, d)
	for _, want := range []string{`<table id="filtering">`, "<td>before filtering</td><td>40</td>", "<td>after filtering</td><td>10</td>", "<b>after filtering</b>: " + filtered} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if _, err := Collect(context.Background(), []string{fixture}, Config{Filtered: filepath.Join(t.TempDir(), "missing.jsonl")}, nil); err == nil || !strings.HasPrefix(err.Error(), "--filtered: ") {
		t.Errorf("missing filtered file: %v", err)
	}
	if _, err := Collect(context.Background(), []string{fixture}, Config{Tokenizer: "no-such-tokenizer"}, nil); err == nil || !strings.HasPrefix(err.Error(), "--tokenizer: ") {
		t.Errorf("unknown tokenizer: %v", err)
	}
}

// TestTokensWithQwen counts with the real Qwen3 tokenizer.json: the report's
// token lengths are the tokenizer's counts, and the chart says so.
func TestTokensWithQwen(t *testing.T) {
	path := filepath.Join("..", "..", "shared", "tokenizers", "qwen3", "tokenizer.json")
	if p := os.Getenv("GRPODATA_QWEN3_TOKENIZER"); p != "" {
		path = p
	}
	if _, err := os.Stat(path); err != nil {
		t.Skip("Qwen3 tokenizer.json not found; set GRPODATA_QWEN3_TOKENIZER")
	}
	d := collect(t, Config{Sample: 1, Seed: 3, Tokenizer: path}, fixture)
	c, err := tokenize.New(path)
	if err != nil {
		t.Fatal(err)
	}
	r := d.Sample[0].Responses[0]
	if d.Tokens == nil || d.Tokens.Max == 0 || r.Tokens != c.Count(r.Text) || d.Tokenizer != c.Name() {
		t.Fatalf("tokens %+v, sampled response %d tokens, tokenizer says %d", d.Tokens, r.Tokens, c.Count(r.Text))
	}
	page := render(t, d)
	if !strings.Contains(page, "tokens ("+path+")") || !strings.Contains(page, " · "+fmtCount(r.Tokens)+" tokens") {
		t.Errorf("the length chart and the sample must say tokens")
	}
}

// TestNewTextIsEscaped: labels, finish reasons and tokenizer names reach the
// page as text, never as markup.
func TestNewTextIsEscaped(t *testing.T) {
	b := NewBuilder(Config{Sample: 5})
	f := record.Float
	b.Add("f", 1, &record.Record{Prompt: record.Prompt{Text: "p"}, Category: "<script>alert(1)</script>", Difficulty: "<img src=x onerror=alert(2)>",
		Responses: []record.Response{resp("a", f(1), "length"), resp("b", f(0), "</script><script>alert(3)</script>")}})
	page := render(t, b.Data())
	for _, bad := range []string{"<script>alert", "<img src=x", "</script><script>"} {
		if strings.Contains(page, bad) {
			t.Errorf("page contains %q", bad)
		}
	}
	if strings.Count(page, "<script") != 2 || !strings.Contains(page, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Errorf("labels must be escaped text")
	}
}
