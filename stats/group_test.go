package stats

import (
	"math"
	"math/big"
	"testing"

	"pgregory.net/rapid"

	"github.com/grpodata/grpodata/record"
)

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

func TestPassAtK(t *testing.T) {
	tests := []struct {
		n, c, k int
		want    float64
	}{
		{4, 2, 1, 0.5},
		{4, 2, 2, 5.0 / 6},          // 1 - C(2,2)/C(4,2) = 1 - 1/6
		{8, 1, 4, 0.5},              // 1 - C(7,4)/C(8,4) = 1 - 35/70
		{10, 3, 4, 5.0 / 6},         // 1 - C(7,4)/C(10,4) = 1 - 35/210
		{16, 5, 4, 1 - 330.0/1820},  // C(11,4)=330, C(16,4)=1820
		{16, 5, 8, 1 - 165.0/12870}, // C(11,8)=165, C(16,8)=12870
		{16, 5, 16, 1},              // n-c < k: some sample of 16 is always correct
		{16, 0, 4, 0},               // nothing correct
		{4, 4, 4, 1},                // everything correct
		{1, 1, 1, 1},                // single sample
		{1, 0, 1, 0},                // single wrong sample
		{64, 1, 16, 0.25},           // 1 - C(63,16)/C(64,16) = 16/64
		{8, 3, 1, 3.0 / 8},          // pass@1 is the pass rate
		{100, 50, 16, exactPassAtK(100, 50, 16)},
	}
	for _, tt := range tests {
		got := PassAtK(tt.n, tt.c, tt.k)
		if !near(got, tt.want, 1e-12) {
			t.Errorf("PassAtK(%d,%d,%d) = %.15g, want %.15g", tt.n, tt.c, tt.k, got, tt.want)
		}
	}
	for _, bad := range [][3]int{{4, 2, 0}, {4, 2, 5}, {4, 5, 1}, {4, -1, 1}, {0, 0, 1}} {
		if got := PassAtK(bad[0], bad[1], bad[2]); !math.IsNaN(got) {
			t.Errorf("PassAtK(%v) = %g, want NaN", bad, got)
		}
	}
}

// exactPassAtK computes 1 - C(n-c,k)/C(n,k) with big rationals.
func exactPassAtK(n, c, k int) float64 {
	if n-c < k {
		return 1
	}
	num := new(big.Int).Binomial(int64(n-c), int64(k))
	den := new(big.Int).Binomial(int64(n), int64(k))
	r := new(big.Rat).SetFrac(num, den)
	f, _ := new(big.Rat).Sub(big.NewRat(1, 1), r).Float64()
	return f
}

func TestPassAtKProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 64).Draw(t, "n")
		c := rapid.IntRange(0, n).Draw(t, "c")
		k := rapid.IntRange(1, n).Draw(t, "k")
		got := PassAtK(n, c, k)
		if want := exactPassAtK(n, c, k); !near(got, want, 1e-9) {
			t.Fatalf("PassAtK(%d,%d,%d) = %.15g, exact %.15g", n, c, k, got, want)
		}
		if got < 0 || got > 1 {
			t.Fatalf("out of [0,1]: %g", got)
		}
		if k < n && PassAtK(n, c, k+1) < got-1e-12 {
			t.Fatalf("pass@k must not decrease with k")
		}
		if c < n && PassAtK(n, c+1, k) < got-1e-12 {
			t.Fatalf("pass@k must not decrease with c")
		}
		if k == 1 && !near(got, float64(c)/float64(n), 1e-12) {
			t.Fatalf("pass@1 = %g, want c/n", got)
		}
	})
}

func TestAdvantages(t *testing.T) {
	r3 := math.Sqrt(3)
	tests := []struct {
		name   string
		cfg    AdvantageConfig
		scores []float64
		want   []float64
		tol    float64
	}{
		{"grpo balanced", DefaultAdvantage(), []float64{1, 0, 1, 0}, []float64{1, -1, 1, -1}, 1e-5},
		{"grpo one right", DefaultAdvantage(), []float64{1, 0, 0, 0}, []float64{r3, -1 / r3, -1 / r3, -1 / r3}, 1e-5},
		{"grpo no eps", AdvantageConfig{Variant: GRPO}, []float64{1, 0, 1, 0}, []float64{1, -1, 1, -1}, 0},
		{"grpo sample std", AdvantageConfig{Variant: GRPO, SampleStd: true}, []float64{1, 0, 1, 0},
			[]float64{math.Sqrt(0.75), -math.Sqrt(0.75), math.Sqrt(0.75), -math.Sqrt(0.75)}, 1e-12},
		{"grpo partial credit", AdvantageConfig{Variant: GRPO}, []float64{0.5, 1, 0.25, 0},
			[]float64{0.0625 / math.Sqrt(0.13671875), 0.5625 / math.Sqrt(0.13671875), -0.1875 / math.Sqrt(0.13671875), -0.4375 / math.Sqrt(0.13671875)}, 1e-12},
		{"grpo zero variance", DefaultAdvantage(), []float64{1, 1, 1}, []float64{0, 0, 0}, 0},
		{"grpo single", DefaultAdvantage(), []float64{0.7}, []float64{0}, 0},
		{"grpo empty", DefaultAdvantage(), nil, nil, 0},
		{"drgrpo balanced", AdvantageConfig{Variant: DrGRPO}, []float64{1, 0, 1, 0}, []float64{0.5, -0.5, 0.5, -0.5}, 0},
		{"drgrpo one right", AdvantageConfig{Variant: DrGRPO, Eps: 1}, []float64{1, 0, 0, 0}, []float64{0.75, -0.25, -0.25, -0.25}, 0},
		{"drgrpo zero variance", AdvantageConfig{Variant: DrGRPO}, []float64{0, 0}, []float64{0, 0}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.cfg.Compute(tt.scores, nil)
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for i := range got {
				if !near(got[i], tt.want[i], tt.tol) || math.Signbit(got[i]) && got[i] == 0 {
					t.Errorf("advantage[%d] = %.15g, want %.15g (±%g)", i, got[i], tt.want[i], tt.tol)
				}
			}
		})
	}
	if got := Advantages([]float64{1, 0, 1, 0}, GRPO); !near(got[0], 1, 4*DefaultEps) || !near(got[1], -1, 4*DefaultEps) {
		t.Errorf("Advantages = %v", got)
	}
}

func TestAdvantageProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		scores := rapid.SliceOfN(rapid.OneOf(rapid.Float64Range(0, 1), rapid.SampledFrom([]float64{0, 1})), 1, 64).Draw(t, "scores")
		v := rapid.SampledFrom([]Variant{GRPO, DrGRPO}).Draw(t, "variant")
		cfg := AdvantageConfig{Variant: v, Eps: DefaultEps, SampleStd: rapid.Bool().Draw(t, "sample")}
		adv := cfg.Compute(scores, nil)
		if len(adv) != len(scores) {
			t.Fatalf("len %d, want %d", len(adv), len(scores))
		}
		var sum, ss float64
		allZero := true
		for _, a := range adv {
			sum += a
			ss += a * a
			allZero = allZero && a == 0
		}
		if math.Abs(sum) > 1e-9*float64(len(adv)) {
			t.Fatalf("advantages sum to %g, want ~0: %v", sum, adv)
		}
		for i := range scores {
			for j := range scores {
				if scores[i] > scores[j]+1e-9 && adv[i] <= adv[j] {
					t.Fatalf("order not kept: score %g > %g but advantage %g <= %g", scores[i], scores[j], adv[i], adv[j])
				}
			}
		}
		var rec record.Record
		for _, s := range scores {
			rec.Responses = append(rec.Responses, record.Response{Score: record.Float(s)})
		}
		g := Group(&rec)
		if v == GRPO && !cfg.SampleStd && g.Std > 1e-3 {
			// unit population variance, up to eps
			if got := ss / float64(len(adv)); !near(got, 1, 1e-2) {
				t.Fatalf("mean squared advantage %g, want ~1 (std %g)", got, g.Std)
			}
		}
		if g.ZeroVariance != allZero {
			t.Fatalf("zero variance %v but advantages %v", g.ZeroVariance, adv)
		}
	})
}

func resp(score *float64, correct *bool) record.Response {
	return record.Response{Text: "t", Score: score, Correct: correct}
}

func TestGroup(t *testing.T) {
	f, b := record.Float, record.Bool
	tests := []struct {
		name string
		rs   []record.Response
		want GroupStats
	}{
		{"empty", nil, GroupStats{}},
		{"unscored", []record.Response{resp(nil, nil), resp(nil, b(true))}, GroupStats{Responses: 2}},
		{"balanced", []record.Response{resp(f(1), nil), resp(f(0), nil), resp(f(1), nil), resp(f(0), nil)},
			GroupStats{Responses: 4, Scored: 4, Correct: 2, Mean: 0.5, Variance: 0.25, Std: 0.5, Min: 0, Max: 1, PassRate: 0.5}},
		{"all correct", []record.Response{resp(f(1), b(true)), resp(f(1), b(true))},
			GroupStats{Responses: 2, Scored: 2, Correct: 2, Mean: 1, Min: 1, Max: 1, PassRate: 1, ZeroVariance: true}},
		{"missing left out", []record.Response{resp(f(1), nil), resp(nil, nil), resp(f(0), nil)},
			GroupStats{Responses: 3, Scored: 2, Correct: 1, Mean: 0.5, Variance: 0.25, Std: 0.5, Min: 0, Max: 1, PassRate: 0.5}},
		{"correct flag wins", []record.Response{resp(f(0.5), b(false)), resp(f(1), b(true)), resp(f(0.25), nil), resp(f(0), nil)},
			GroupStats{Responses: 4, Scored: 4, Correct: 1, Mean: 0.4375, Variance: 0.13671875, Std: math.Sqrt(0.13671875), Min: 0, Max: 1, PassRate: 0.25}},
		{"flag true below 1", []record.Response{resp(f(0.9), b(true)), resp(f(1), b(false))},
			GroupStats{Responses: 2, Scored: 2, Correct: 1, Mean: 0.95, Variance: 0.0025, Std: 0.05, Min: 0.9, Max: 1, PassRate: 0.5}},
		{"single", []record.Response{resp(f(0), nil)},
			GroupStats{Responses: 1, Scored: 1, PassRate: 0, ZeroVariance: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Group(&record.Record{Responses: tt.rs})
			if got.Responses != tt.want.Responses || got.Scored != tt.want.Scored || got.Correct != tt.want.Correct ||
				got.ZeroVariance != tt.want.ZeroVariance || got.Min != tt.want.Min || got.Max != tt.want.Max {
				t.Fatalf("got %+v\nwant %+v", got, tt.want)
			}
			for _, p := range [][2]float64{{got.Mean, tt.want.Mean}, {got.Variance, tt.want.Variance}, {got.Std, tt.want.Std}, {got.PassRate, tt.want.PassRate}} {
				if !near(p[0], p[1], 1e-12) {
					t.Fatalf("got %+v\nwant %+v", got, tt.want)
				}
			}
		})
	}
	g := Group(&record.Record{Responses: []record.Response{resp(f(1), nil), resp(f(0), nil), resp(f(1), nil), resp(f(0), nil)}})
	if !near(g.SampleStd(), math.Sqrt(1.0/3), 1e-12) || g.Missing() != 0 || !g.FullyScored() {
		t.Errorf("SampleStd %g Missing %d FullyScored %v", g.SampleStd(), g.Missing(), g.FullyScored())
	}
}

func TestAnnotate(t *testing.T) {
	rec, err := record.Decode([]byte(`{"prompt":"p","responses":[` +
		`{"text":"a","score":1.0,"metadata":{"model":"m"}},` +
		`{"text":"b","score":null,"metadata":{"advantage":0.3}},` +
		`{"text":"c","score":0.0},` +
		`{"text":"d","score":1.0,"metadata":{"advantage":9.0,"x":1}},` +
		`{"text":"e","score":0.0}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if n := Annotate(rec, AdvantageConfig{Variant: DrGRPO}); n != 4 {
		t.Fatalf("annotated %d, want 4", n)
	}
	want := `{"prompt":"p","responses":[` +
		`{"text":"a","score":1.0,"metadata":{"model":"m","advantage":0.5}},` +
		`{"text":"b","score":null,"metadata":{}},` +
		`{"text":"c","score":0.0,"metadata":{"advantage":-0.5}},` +
		`{"text":"d","score":1.0,"metadata":{"advantage":0.5,"x":1}},` +
		`{"text":"e","score":0.0,"metadata":{"advantage":-0.5}}]}`
	if got := string(rec.AppendJSON(nil)); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestParseVariant(t *testing.T) {
	for in, want := range map[string]Variant{"grpo": GRPO, "GRPO": GRPO, "drgrpo": DrGRPO, "dr-grpo": DrGRPO, "Dr_GRPO": DrGRPO, "dr.grpo": DrGRPO} {
		if got, err := ParseVariant(in); err != nil || got != want {
			t.Errorf("ParseVariant(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := ParseVariant("ppo"); err == nil {
		t.Error("ppo must be rejected")
	}
	if err := (AdvantageConfig{Variant: GRPO, Eps: -1}).Check(); err == nil {
		t.Error("negative eps must be rejected")
	}
}
