package report

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/grpodata/grpodata/internal/golden"
	"github.com/grpodata/grpodata/jsonl"
	"github.com/grpodata/grpodata/record"
)

const fixture = "testdata/verified.jsonl"

func collect(t *testing.T, cfg Config, files ...string) *Data {
	t.Helper()
	d, err := Collect(context.Background(), files, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func render(t *testing.T, d *Data) string {
	t.Helper()
	var b bytes.Buffer
	if err := WriteHTML(&b, d); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestGoldenData pins the report's data: every aggregate and the sample.
func TestGoldenData(t *testing.T) {
	d := collect(t, Config{Sample: 4, Seed: 42, MaxText: 120}, fixture)
	got, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	golden.Check(t, "verified.golden.json", got)
	// Sanity of the aggregates against each other.
	if d.Scored+d.Unscored != d.Responses || d.Correct+d.Incorrect != d.Scored {
		t.Errorf("counts do not add up: %+v", d)
	}
	sum := func(bins []Bin) (n int) {
		for _, b := range bins {
			n += b.Count
		}
		return n
	}
	if sum(d.ScoreHist) != d.Scored || sum(d.LengthHist) != d.Responses || sum(d.StdHist) != d.VarianceGroups {
		t.Errorf("histograms do not add up")
	}
	if d.GroupsFullyScored+d.GroupsPartlyScored+d.GroupsUnscored != d.Records {
		t.Errorf("group coverage does not add up")
	}
}

// TestEmbeddedDataSection checks the JSON data section of the page: the
// aggregates without the sample, byte-stable.
func TestEmbeddedDataSection(t *testing.T) {
	d := collect(t, Config{Sample: 4, Seed: 42}, fixture)
	page := render(t, d)
	const open = `<script type="application/json" id="report-data">`
	i := strings.Index(page, open)
	j := strings.Index(page[i:], "</script>")
	if i < 0 || j < 0 {
		t.Fatal("no data section")
	}
	var got, want any
	if err := json.Unmarshal([]byte(page[i+len(open):i+j]), &got); err != nil {
		t.Fatalf("data section is not JSON: %v", err)
	}
	noSample := *d
	noSample.Sample = nil
	b, _ := json.Marshal(noSample)
	_ = json.Unmarshal(b, &want)
	delete(want.(map[string]any), "sample")
	if !reflect.DeepEqual(got, want) {
		t.Errorf("data section differs from the data:\n%s", page[i+len(open):i+j])
	}
	if again := render(t, collect(t, Config{Sample: 4, Seed: 42}, fixture)); again != page {
		t.Error("the page is not byte-stable")
	}
}

func TestSampleIsSeeded(t *testing.T) {
	keys := func(d *Data) []string {
		var k []string
		for _, g := range d.Sample {
			k = append(k, g.Key)
		}
		return k
	}
	a := keys(collect(t, Config{Sample: 5, Seed: 1}, fixture))
	b := keys(collect(t, Config{Sample: 5, Seed: 1, Workers: 1}, fixture))
	c := keys(collect(t, Config{Sample: 5, Seed: 2}, fixture))
	if !reflect.DeepEqual(a, b) || len(a) != 5 {
		t.Errorf("same seed, different samples: %v %v", a, b)
	}
	if reflect.DeepEqual(a, c) {
		t.Errorf("seeds 1 and 2 gave the same sample %v", a)
	}
	all := collect(t, Config{Sample: 1000}, fixture)
	if len(all.Sample) != all.Records || all.Sample[0].Key != "q000" || all.Sample[39].Key != "q039" {
		t.Errorf("a sample larger than the input must hold it all, in order")
	}
	if none := collect(t, Config{Sample: -1}, fixture); len(none.Sample) != 0 {
		t.Errorf("--sample -1 kept %d groups", len(none.Sample))
	}
}

// TestReservoirIsUniform: every group is equally likely to be sampled.
func TestReservoirIsUniform(t *testing.T) {
	const groups, k, trials = 20, 5, 2000
	hits := make([]int, groups)
	recs := make([]*record.Record, groups)
	for i := range recs {
		recs[i] = &record.Record{ID: string(rune('a' + i)), Prompt: record.Prompt{Text: "p"}}
	}
	for s := range trials {
		b := NewBuilder(Config{Sample: k, Seed: uint64(s)})
		for i, r := range recs {
			b.Add("f", i+1, r)
		}
		d := b.Data()
		if len(d.Sample) != k {
			t.Fatalf("sample of %d", len(d.Sample))
		}
		for _, g := range d.Sample {
			hits[g.Line-1]++
		}
	}
	want := trials * k / groups // 500
	for i, h := range hits {
		if h < want*3/4 || h > want*5/4 {
			t.Errorf("group %d sampled %d times, want about %d", i, h, want)
		}
	}
}

func TestEscapingAndSelfContained(t *testing.T) {
	page := render(t, collect(t, Config{Sample: 100}, fixture))
	for _, bad := range []string{"<script>alert", "<img src=x", "<b>bold", "</details>\"", "http://", "https://", "<link", "@import"} {
		if strings.Contains(page, bad) {
			t.Errorf("page contains %q", bad)
		}
	}
	for _, good := range []string{"Escape test: &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", "&lt;img src=x onerror=alert(1)&gt;", `<svg class="chart" id="score-hist"`} {
		if !strings.Contains(page, good) {
			t.Errorf("page lacks %q", good)
		}
	}
	if strings.Count(page, "<script") != 2 {
		t.Errorf("want exactly the data section and the inline script")
	}
}

func TestAggregates(t *testing.T) {
	b := NewBuilder(Config{})
	add := func(cat, diff string, scores ...any) {
		rec := &record.Record{Prompt: record.Prompt{Text: "p"}, Category: cat, Difficulty: diff, Responses: []record.Response{}}
		for _, s := range scores {
			r := record.Response{Text: "xx"}
			switch v := s.(type) {
			case float64:
				r.Score = record.Float(v)
			case string: // an unscored response with a verifier reason
				r.Metadata = record.Fields{{Key: "verifier", Value: json.RawMessage(`{"name":"code","reason":"` + v + `"}`)}}
			}
			rec.Responses = append(rec.Responses, r)
		}
		b.Add("f", 1, rec)
	}
	add("algebra", "easy", 1.0, 0.0, 1.0, 0.0) // std 0.5
	add("algebra", "hard", 1.0, 1.0)           // zero variance, all correct
	add("", "", 0.0, "timeout: 1s", "timeout") // one score: no variance
	add("code", "Level 3", 0.25, 0.75)         // std 0.25, no correct
	d := b.Data()
	if d.Records != 4 || d.Responses != 11 || d.Scored != 9 || d.Unscored != 2 || d.Correct != 4 {
		t.Errorf("counts: %+v", d)
	}
	if d.VarianceGroups != 3 || d.ZeroVarianceGroups != 1 || d.AllCorrectGroups != 1 || d.AllWrongGroups != 1 {
		t.Errorf("variance groups: %+v", d)
	}
	if d.StdHist[0].Count != 1 || d.StdHist[5].Count != 1 || d.StdHist[10].Count != 1 {
		t.Errorf("std histogram: %+v", d.StdHist)
	}
	if d.ScoreHist[0].Count != 3 || d.ScoreHist[2].Count != 1 || d.ScoreHist[7].Count != 1 || d.ScoreHist[9].Count != 4 {
		t.Errorf("score histogram: %+v", d.ScoreHist)
	}
	names := func(bs []Bucket) (n []string) {
		for _, b := range bs {
			n = append(n, b.Name)
		}
		return n
	}
	if got := names(d.ByDifficulty); !reflect.DeepEqual(got, []string{"easy", "Level 3", "hard", "(none)"}) {
		t.Errorf("difficulty order: %v", got)
	}
	if got := names(d.ByCategory); !reflect.DeepEqual(got, []string{"algebra", "(none)", "code"}) {
		t.Errorf("category order: %v", got)
	}
	if d.ByCategory[0].PassRate != 0.666667 || d.ByCategory[0].ZeroVariance != 1 {
		t.Errorf("algebra: %+v", d.ByCategory[0])
	}
	var timeout Reason
	for _, r := range d.Reasons {
		if r.Reason == "timeout" {
			timeout = r
		}
	}
	if timeout.Count != 2 || timeout.Unscored != 2 || len(d.Verifiers) != 1 || d.Verifiers[0] != (Count{"code", 2}) {
		t.Errorf("reasons %+v verifiers %+v", d.Reasons, d.Verifiers)
	}
	if d.Coverage != 0.818182 || d.PassRate != 0.444444 {
		t.Errorf("coverage %v pass rate %v", d.Coverage, d.PassRate)
	}
}

func TestLabelsAreBounded(t *testing.T) {
	b := NewBuilder(Config{Sample: -1})
	for i := range 3 * maxLabels {
		rec := &record.Record{Prompt: record.Prompt{Text: "p"}, Category: "c" + string(rune(0x4e00+i))}
		b.Add("f", i+1, rec)
	}
	d := b.Data()
	if len(d.ByCategory) != maxLabels+1 || d.ByCategory[0].Name != otherLabel || d.ByCategory[0].Groups != 2*maxLabels {
		t.Errorf("%d categories, first %+v", len(d.ByCategory), d.ByCategory[0])
	}
}

func TestEmptyInputAndErrors(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.jsonl")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Collect(context.Background(), []string{empty}, Config{}, nil); err == nil || err.Error() != empty+": no records" {
		t.Errorf("empty input: %v", err)
	}
	page := render(t, NewBuilder(Config{}).Data()) // a page of nothing still renders
	if !strings.Contains(page, "no responses to show") || !strings.Contains(page, "No groups sampled.") {
		t.Errorf("empty report:\n%s", page)
	}
	bad := filepath.Join(dir, "bad.jsonl")
	if err := os.WriteFile(bad, []byte(`{"prompt":"p","responses":[]}`+"\n"+`{"prompt":"p","responses":[{"text":"a","score":"high"}]}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Collect(context.Background(), []string{bad}, Config{}, nil); err == nil || !strings.HasSuffix(err.Error(), "bad.jsonl:2: responses[0].score: expected number or null, got string") {
		t.Errorf("a bad record must stop the report: %v", err)
	}
	skipping := func(name string) (*jsonl.Reader, error) { // as report --skip-bad opens inputs
		r, err := jsonl.Open(name)
		if err == nil {
			r.SkipBad(new(jsonl.Skipped))
		}
		return r, err
	}
	d, err := Collect(context.Background(), []string{bad}, Config{}, skipping)
	if err != nil {
		t.Fatal(err)
	}
	if d.Records != 1 || d.Malformed != 1 || len(d.MalformedExamples) != 1 || !strings.HasSuffix(d.MalformedExamples[0], "bad.jsonl:2: responses[0].score: expected number or null, got string") {
		t.Errorf("malformed: %d %q", d.Malformed, d.MalformedExamples)
	}
	if page := render(t, d); !strings.Contains(page, "1 malformed line was skipped") {
		t.Error("no malformed banner")
	}
	_, err = Collect(context.Background(), []string{filepath.Join(dir, "missing.jsonl")}, Config{}, nil)
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

func TestNiceScale(t *testing.T) {
	for _, tt := range []struct{ max, top, step float64 }{
		{0, 1, 0.25}, {3, 3, 1}, {7, 8, 2}, {37, 40, 10}, {152, 200, 50}, {1234, 1500, 500}, {0.4, 0.4, 0.1},
	} {
		top, step := niceScale(tt.max)
		if top != tt.top || step != tt.step {
			t.Errorf("niceScale(%v) = %v, %v; want %v, %v", tt.max, top, step, tt.top, tt.step)
		}
	}
	if fmtCount(1234567) != "1,234,567" || fmtCount(-1000) != "-1,000" || fmtCount(12) != "12" {
		t.Error("fmtCount")
	}
}
