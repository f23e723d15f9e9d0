package filter

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/grpodata/grpodata/internal/golden"
	"github.com/grpodata/grpodata/jsonl"
	"github.com/grpodata/grpodata/record"
	"github.com/grpodata/grpodata/stats"
)

type lines struct{ b bytes.Buffer }

func (l *lines) WriteLine(p []byte) error { l.b.Write(p); l.b.WriteByte('\n'); return nil }

func g(responses, scored, correct int, zero bool) stats.GroupStats {
	pr := 0.0
	if scored > 0 {
		pr = float64(correct) / float64(scored)
	}
	return stats.GroupStats{Responses: responses, Scored: scored, Correct: correct, PassRate: pr, ZeroVariance: zero}
}

func TestDecide(t *testing.T) {
	def := DefaultConfig()
	keep := DefaultConfig()
	keep.Unscored = KeepUnscored
	band := DefaultConfig()
	band.MinPassRate, band.MaxPassRate = 0.25, 0.75
	noZV := DefaultConfig()
	noZV.DropZeroVariance = false
	tests := []struct {
		name string
		g    stats.GroupStats
		cfg  Config
		want Reason
	}{
		{"empty", g(0, 0, 0, false), def, Empty},
		{"empty kept policy", g(0, 0, 0, false), keep, Empty},
		{"balanced", g(4, 4, 2, false), def, Kept},
		{"all correct", g(4, 4, 4, true), def, ZeroVariance},
		{"all wrong", g(4, 4, 0, true), def, ZeroVariance},
		{"zero variance off", g(4, 4, 4, true), noZV, Kept},
		{"partial dropped", g(4, 3, 1, false), def, Unscored},
		{"partial kept", g(4, 3, 1, false), keep, Kept},
		{"partial kept zero variance", g(4, 3, 3, true), keep, ZeroVariance},
		{"unscored dropped", g(2, 0, 0, false), def, Unscored},
		{"unscored kept", g(2, 0, 0, false), keep, Kept},
		{"unscored before zero variance", g(4, 3, 3, true), def, Unscored},
		{"band low edge", g(4, 4, 1, false), band, Kept},  // 0.25 included
		{"band high edge", g(4, 4, 3, false), band, Kept}, // 0.75 included
		{"band below", g(8, 8, 1, false), band, BelowMinPassRate},
		{"band above", g(8, 8, 7, false), band, AboveMaxPassRate},
		{"zero variance before band", g(4, 4, 4, true), band, ZeroVariance},
		{"band without zero variance", g(4, 4, 4, true), func() Config { c := band; c.DropZeroVariance = false; return c }(), AboveMaxPassRate},
	}
	for _, tt := range tests {
		if got := Decide(tt.g, tt.cfg); got != tt.want {
			t.Errorf("%s: Decide = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestLabel(t *testing.T) {
	tests := []struct {
		pass float64
		want string
	}{{0, Hard}, {0.29, Hard}, {0.3, Medium}, {3.0 / 10, Medium}, {0.5, Medium}, {0.69, Medium}, {0.7, Easy}, {7.0 / 10, Easy}, {1, Easy}}
	for _, tt := range tests {
		if got := DefaultThresholds.Label(tt.pass); got != tt.want {
			t.Errorf("Label(%g) = %s, want %s", tt.pass, got, tt.want)
		}
	}
}

func TestParseThresholds(t *testing.T) {
	tests := []struct {
		in   string
		want Thresholds
		err  bool
	}{
		{"0.3,0.7", Thresholds{0.3, 0.7}, false},
		{" 0.2 , 0.9 ", Thresholds{0.2, 0.9}, false},
		{"0.5,0.5", Thresholds{0.5, 0.5}, false},
		{"0.7,0.3", Thresholds{}, true},
		{"0.3", Thresholds{}, true},
		{"0.3,x", Thresholds{}, true},
		{"-0.1,0.5", Thresholds{}, true},
		{"0.3,1.5", Thresholds{}, true},
	}
	for _, tt := range tests {
		got, err := ParseThresholds(tt.in)
		if (err != nil) != tt.err || !tt.err && got != tt.want {
			t.Errorf("ParseThresholds(%q) = %+v, %v", tt.in, got, err)
		}
	}
}

func TestConfigCheck(t *testing.T) {
	bad := []func(*Config){
		func(c *Config) { c.MinPassRate = 0.8; c.MaxPassRate = 0.2 },
		func(c *Config) { c.MaxPassRate = 1.1 },
		func(c *Config) { c.MinPassRate = -0.1 },
		func(c *Config) { c.Unscored = "maybe" },
		func(c *Config) { c.LabelDifficulty = true; c.Thresholds = Thresholds{0.9, 0.1} },
	}
	for i, f := range bad {
		c := DefaultConfig()
		f(&c)
		if c.Check() == nil {
			t.Errorf("case %d: %+v accepted", i, c)
		}
	}
	if err := DefaultConfig().Check(); err != nil {
		t.Error(err)
	}
}

func TestMixedGolden(t *testing.T) {
	keep := DefaultConfig()
	keep.Unscored = KeepUnscored
	band := DefaultConfig()
	band.MinPassRate, band.MaxPassRate = 0.2, 0.6
	label := DefaultConfig()
	label.LabelDifficulty = true
	label.DropZeroVariance = false
	for _, tt := range []struct {
		name string
		cfg  Config
	}{{"default", DefaultConfig()}, {"keep_unscored", keep}, {"band", band}, {"label", label}} {
		t.Run(tt.name, func(t *testing.T) {
			var out lines
			sum, err := Run(context.Background(), []string{"testdata/mixed.jsonl"}, tt.cfg, nil, &out)
			if err != nil {
				t.Fatal(err)
			}
			var text bytes.Buffer
			sum.WriteText(&text)
			js, _ := json.MarshalIndent(sum, "", "  ")
			golden.Check(t, tt.name+".jsonl", out.b.Bytes())
			golden.Check(t, tt.name+".txt", append(append(text.Bytes(), "\n"...), append(js, '\n')...))
			if sum.Read != sum.Kept+sum.Dropped || strings.Count(out.b.String(), "\n") != sum.Kept {
				t.Errorf("counts %+v", sum)
			}
		})
	}
}

// TestMixedNumbers pins the default run on testdata/mixed.jsonl: q1 (all
// correct) and q3 (all wrong) are zero-variance, q5 and q6 miss scores, q8
// is empty.
func TestMixedNumbers(t *testing.T) {
	var out lines
	sum, err := Run(context.Background(), []string{"testdata/mixed.jsonl"}, DefaultConfig(), nil, &out)
	if err != nil {
		t.Fatal(err)
	}
	want := map[Reason]int{Empty: 1, Unscored: 2, ZeroVariance: 2, BelowMinPassRate: 0, AboveMaxPassRate: 0}
	if fmt.Sprint(sum.DroppedBy) != fmt.Sprint(want) || sum.Kept != 4 || sum.AllCorrect != 1 || sum.AllWrong != 1 {
		t.Errorf("%+v", sum)
	}
	var ids []string
	for _, l := range strings.Split(strings.TrimSpace(out.b.String()), "\n") {
		rec, _ := record.Decode([]byte(l))
		ids = append(ids, rec.ID)
	}
	if strings.Join(ids, ",") != "q2,q4,q7,q9" {
		t.Errorf("kept %v", ids)
	}
}

func TestRunErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.jsonl")
	os.WriteFile(bad, []byte("{\"prompt\":\"p\",\"responses\":[]}\nnot json\n"), 0o644)
	_, err := Run(context.Background(), []string{bad}, DefaultConfig(), nil, &lines{})
	var je *jsonl.Error
	if !errors.As(err, &je) || je.Line != 2 {
		t.Errorf("err = %v", err)
	}
	c := DefaultConfig()
	c.MinPassRate = 2
	if _, err := Run(context.Background(), []string{bad}, c, nil, &lines{}); err == nil {
		t.Error("bad config must fail before reading")
	}
}

// predicate is an independent statement of the documented rules, written
// from the raw responses rather than from stats.GroupStats.
func predicate(rec *record.Record, c Config) bool {
	if len(rec.Responses) == 0 {
		return false
	}
	var scores []float64
	correct := 0
	for _, r := range rec.Responses {
		if r.Score == nil {
			if c.Unscored == DropUnscored {
				return false
			}
			continue
		}
		scores = append(scores, *r.Score)
		if (r.Correct != nil && *r.Correct) || (r.Correct == nil && *r.Score == 1) {
			correct++
		}
	}
	if len(scores) == 0 {
		return true
	}
	same := true
	for _, s := range scores {
		same = same && s == scores[0]
	}
	if c.DropZeroVariance && same {
		return false
	}
	pr := float64(correct) / float64(len(scores))
	return pr >= c.MinPassRate && pr <= c.MaxPassRate
}

func genRecord(i int) *rapid.Generator[*record.Record] {
	return rapid.Custom(func(t *rapid.T) *record.Record {
		n := rapid.IntRange(0, 10).Draw(t, "n")
		rec := &record.Record{ID: fmt.Sprint(i), Prompt: record.Prompt{Text: "p"}, Responses: []record.Response{}}
		for j := 0; j < n; j++ {
			r := record.Response{Text: "t"}
			if s := rapid.SampledFrom([]float64{-1, 0, 0, 0.5, 1, 1}).Draw(t, "score"); s >= 0 {
				r.Score = record.Float(s)
			}
			if rapid.IntRange(0, 3).Draw(t, "flag") == 0 {
				r.Correct = record.Bool(rapid.Bool().Draw(t, "correct"))
			}
			rec.Responses = append(rec.Responses, r)
		}
		return rec
	})
}

// TestKeepsExactlyThePredicate: the output is the input's subsequence of
// records satisfying the documented rule, in order, byte for byte (labels
// aside), whatever the parallelism.
func TestKeepsExactlyThePredicate(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 60).Draw(t, "records") // none is an error (internal/cli TestEmptyInputIsAnError)
		var in bytes.Buffer
		var recs []*record.Record
		for i := 0; i < n; i++ {
			rec := genRecord(i).Draw(t, "record")
			recs = append(recs, rec)
			in.Write(rec.AppendJSON(nil))
			in.WriteByte('\n')
		}
		c := DefaultConfig()
		c.DropZeroVariance = rapid.Bool().Draw(t, "zv")
		c.Unscored = rapid.SampledFrom([]UnscoredPolicy{DropUnscored, KeepUnscored}).Draw(t, "unscored")
		c.MinPassRate = rapid.SampledFrom([]float64{0, 0.2, 0.5}).Draw(t, "min")
		c.MaxPassRate = rapid.SampledFrom([]float64{0.5, 0.8, 1}).Draw(t, "max")
		c.LabelDifficulty = rapid.Bool().Draw(t, "label")
		c.Workers = rapid.IntRange(1, 4).Draw(t, "workers")
		open := func(string) (*jsonl.Reader, error) { return jsonl.NewReader(bytes.NewReader(in.Bytes()), "mem") }
		var out lines
		sum, err := Run(context.Background(), []string{"mem"}, c, open, &out)
		if err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		kept := 0
		for _, rec := range recs {
			if !predicate(rec, c) {
				continue
			}
			kept++
			if c.LabelDifficulty {
				if g := stats.Group(rec); g.Scored > 0 {
					rec = rec.Clone()
					rec.Difficulty = c.Thresholds.Label(float64(g.Correct) / float64(g.Scored))
				}
			}
			want.Write(rec.AppendJSON(nil))
			want.WriteByte('\n')
		}
		if !bytes.Equal(out.b.Bytes(), want.Bytes()) {
			t.Fatalf("config %+v\ngot:\n%s\nwant:\n%s", c, out.b.String(), want.String())
		}
		if sum.Kept != kept || sum.Read != n || sum.Dropped != n-kept {
			t.Fatalf("summary %+v, kept %d of %d", sum, kept, n)
		}
		// What stats says about the output agrees with what was asked.
		acc := stats.NewAccumulator(stats.Options{})
		for _, l := range bytes.Split(bytes.TrimSpace(out.b.Bytes()), []byte("\n")) {
			if len(l) == 0 {
				continue
			}
			rec, err := record.Decode(l)
			if err != nil {
				t.Fatal(err)
			}
			acc.Add(rec)
		}
		o := acc.Result().Overall
		if o.EmptyGroups != 0 || c.DropZeroVariance && o.ZeroVariance != 0 || c.Unscored == DropUnscored && o.Missing != 0 {
			t.Fatalf("output still has empty, zero-variance or unscored groups: %+v", o)
		}
	})
}

func synthetic(groups, group int) []byte {
	var b []byte
	x := uint64(88172645463325252)
	next := func() uint64 { x ^= x << 13; x ^= x >> 7; x ^= x << 17; return x }
	for i := 0; i < groups; i++ {
		rec := record.Record{ID: fmt.Sprintf("g%d", i), Prompt: record.Prompt{Text: fmt.Sprintf("Solve problem %d", i)}, Category: "algebra"}
		p := float64(next()%101) / 100
		for j := 0; j < group; j++ {
			r := record.Response{Text: strings.Repeat("we solve the equation step by step ", 3+int(next()%20))}
			if float64(next()%1000)/1000 < p {
				r.Score, r.Correct = record.Float(1), record.Bool(true)
			} else {
				r.Score, r.Correct = record.Float(0), record.Bool(false)
			}
			rec.Responses = append(rec.Responses, r)
		}
		b = append(rec.AppendJSON(b), '\n')
	}
	return b
}

func BenchmarkFilter(b *testing.B) {
	data := synthetic(2000, 16)
	open := func(string) (*jsonl.Reader, error) { return jsonl.NewReader(bytes.NewReader(data), "syn") }
	for _, label := range []bool{false, true} {
		b.Run(fmt.Sprintf("label=%v", label), func(b *testing.B) {
			c := DefaultConfig()
			c.LabelDifficulty = label
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				var out lines
				if _, err := Run(context.Background(), []string{"syn"}, c, open, &out); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
