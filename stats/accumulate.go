package stats

import (
	"math"
	"math/bits"
	"sort"
	"unicode/utf8"

	"github.com/grpodata/grpodata/record"
)

// Counter counts tokens; the tokenize package's counters satisfy it. It must
// be safe for concurrent use when Run decodes in parallel.
type Counter interface{ Count(string) int }

// DefaultKs are the k of pass@k reported by default (those up to the group
// size are computed).
var DefaultKs = []int{1, 4, 8, 16}

// NoLabel names the bucket of records without a category or difficulty.
const NoLabel = "(none)"

// Options configure an Accumulator.
type Options struct {
	Ks      []int   // pass@k to estimate; nil means DefaultKs
	Counter Counter // nil: lengths in characters only
}

// Sample is what the accumulator keeps of one record. Measure computes it
// (the expensive part, tokenizing included), so it can run in parallel while
// AddSample runs in input order.
type Sample struct {
	Category   string
	Difficulty string
	Group      GroupStats
	Scores     []float64 // the scored responses' scores, in order
	Lengths    []Length  // one per response
}

// Length is one response's size.
type Length struct {
	Chars   int
	Tokens  int // 0 without a Counter
	Scored  bool
	Correct bool
}

// Measure computes a record's Sample; tc may be nil.
func Measure(rec *record.Record, tc Counter) *Sample {
	s := &Sample{Category: rec.Category, Difficulty: rec.Difficulty, Group: Group(rec), Lengths: make([]Length, len(rec.Responses))}
	s.Scores = Scores(rec, make([]float64, 0, s.Group.Scored))
	for i := range rec.Responses {
		r := &rec.Responses[i]
		l := Length{Chars: utf8.RuneCountInString(r.Text), Scored: r.Score != nil, Correct: IsCorrect(r)}
		if tc != nil {
			l.Tokens = tc.Count(r.Text)
		}
		s.Lengths[i] = l
	}
	return s
}

// Accumulator gathers whole-file statistics one record at a time. Its memory
// is bounded by the number of distinct categories and difficulties. It is not
// safe for concurrent use; feed it in input order for byte-stable results.
type Accumulator struct {
	ks      []int
	counter Counter
	all     *distAcc
	byCat   map[string]*distAcc
	byDiff  map[string]*distAcc
	scores  moments
	scoreH  *histAcc
	varH    *histAcc
	chars   lengthAcc
	tokens  lengthAcc
}

// NewAccumulator starts an empty accumulation.
func NewAccumulator(opt Options) *Accumulator {
	ks := opt.Ks
	if ks == nil {
		ks = DefaultKs
	}
	ks = append([]int(nil), ks...)
	sort.Ints(ks)
	return &Accumulator{
		ks: ks, counter: opt.Counter,
		all: newDist(len(ks)), byCat: map[string]*distAcc{}, byDiff: map[string]*distAcc{},
		scoreH: newHist(0, 1, 10), varH: newHist(0, MaxVariance, 10),
	}
}

// MaxVariance is the largest population variance of scores in [0,1]: the
// upper edge of the group-variance histogram.
const MaxVariance = 0.25

// Add measures rec and adds it.
func (a *Accumulator) Add(rec *record.Record) { a.AddSample(Measure(rec, a.counter)) }

// AddSample adds a measured record.
func (a *Accumulator) AddSample(s *Sample) {
	a.all.add(s, a.ks)
	for _, m := range []struct {
		by  map[string]*distAcc
		key string
	}{{a.byCat, s.Category}, {a.byDiff, s.Difficulty}} {
		key := m.key
		if key == "" {
			key = NoLabel
		}
		d := m.by[key]
		if d == nil {
			d = newDist(len(a.ks))
			m.by[key] = d
		}
		d.add(s, a.ks)
	}
	if s.Group.Scored > 0 {
		a.varH.add(s.Group.Variance)
	}
	for _, x := range s.Scores {
		a.scores.add(x)
		a.scoreH.add(x)
	}
	for _, l := range s.Lengths {
		a.chars.add(l.Chars, l)
		if a.counter != nil {
			a.tokens.add(l.Tokens, l)
		}
	}
}

// Result is a whole-file summary, ready for JSON (the report builder reads
// it) or WriteText.
type Result struct {
	Files             []string         `json:"files"`
	Overall           Dist             `json:"overall"`
	ScoreStd          float64          `json:"score_std"` // population std of all scored responses
	ByCategory        []Dist           `json:"by_category"`
	ByDifficulty      []Dist           `json:"by_difficulty"`
	LengthChars       LengthStats      `json:"length_chars"`
	LengthTokens      *LengthStats     `json:"length_tokens,omitempty"` // with a Counter only
	ScoreHistogram    Histogram        `json:"score_histogram"`         // scores of scored responses, 10 bins over [0,1]
	VarianceHistogram Histogram        `json:"variance_histogram"`      // group variances, 10 bins over [0,0.25]
	Advantage         *AdvantageConfig `json:"advantage,omitempty"`     // set when Run annotated
	Annotated         int              `json:"annotated,omitempty"`     // responses given metadata.advantage
}

// Dist describes a set of groups: the whole file, one category or one
// difficulty.
type Dist struct {
	Name                 string  `json:"name,omitempty"`
	Groups               int     `json:"groups"`
	Responses            int     `json:"responses"`
	Scored               int     `json:"scored"`
	Missing              int     `json:"missing"` // responses without a score
	Correct              int     `json:"correct"`
	MeanScore            float64 `json:"mean_score"` // over scored responses
	PassRate             float64 `json:"pass_rate"`  // correct / scored
	ScoredGroups         int     `json:"scored_groups"`
	PartialGroups        int     `json:"partial_groups"`  // some responses unscored
	UnscoredGroups       int     `json:"unscored_groups"` // responses, none scored
	EmptyGroups          int     `json:"empty_groups"`    // no responses
	ZeroVariance         int     `json:"zero_variance"`
	ZeroVarianceFraction float64 `json:"zero_variance_fraction"` // of scored groups
	AllCorrect           int     `json:"all_correct"`
	AllWrong             int     `json:"all_wrong"`
	MeanGroupStd         float64 `json:"mean_group_std"` // mean population std of scored groups
	PassAtK              []PassK `json:"pass_at_k"`
}

// PassK is a pass@k estimate averaged over the Groups with at least k scored
// responses.
type PassK struct {
	K      int     `json:"k"`
	Value  float64 `json:"value"`
	Groups int     `json:"groups"`
}

// At returns pass@k for k, ok false when no group had k scored responses.
func (d Dist) At(k int) (float64, bool) {
	for _, p := range d.PassAtK {
		if p.K == k && p.Groups > 0 {
			return p.Value, true
		}
	}
	return 0, false
}

// Histogram counts values in bins [Edges[i], Edges[i+1]); the last bin
// includes its upper edge. Under and Over count values outside.
type Histogram struct {
	Edges  []float64 `json:"edges"`
	Counts []int     `json:"counts"`
	Under  int       `json:"under"`
	Over   int       `json:"over"`
}

// LengthStats describes response lengths. The histogram's bins are powers of
// two: [0,1), [1,2), [2,4), [4,8), ...
type LengthStats struct {
	Unit          string    `json:"unit"` // "chars" or "tokens"
	Count         int       `json:"count"`
	Mean          float64   `json:"mean"`
	Std           float64   `json:"std"`
	Min           int       `json:"min"`
	Max           int       `json:"max"`
	MeanCorrect   float64   `json:"mean_correct"`   // scored and correct
	MeanIncorrect float64   `json:"mean_incorrect"` // scored and not correct
	Histogram     Histogram `json:"histogram"`
}

// Result returns the summary so far; the accumulator can keep going.
func (a *Accumulator) Result() *Result {
	r := &Result{
		Overall:           a.all.result("", a.ks),
		ScoreStd:          round6(a.scores.std()),
		ByCategory:        dists(a.byCat, a.ks),
		ByDifficulty:      dists(a.byDiff, a.ks),
		LengthChars:       a.chars.result("chars"),
		ScoreHistogram:    a.scoreH.result(),
		VarianceHistogram: a.varH.result(),
	}
	if a.counter != nil {
		t := a.tokens.result("tokens")
		r.LengthTokens = &t
	}
	return r
}

func dists(m map[string]*distAcc, ks []int) []Dist {
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	sort.Strings(names)
	out := make([]Dist, 0, len(names))
	for _, n := range names {
		out = append(out, m[n].result(n, ks))
	}
	return out
}

type distAcc struct {
	groups, responses, scored, correct     int
	scoredGroups, partial, unscored, empty int
	zero, allCorrect, allWrong             int
	scoreSum, stdSum                       float64
	passSum                                []float64
	passN                                  []int
}

func newDist(nk int) *distAcc { return &distAcc{passSum: make([]float64, nk), passN: make([]int, nk)} }

func (d *distAcc) add(s *Sample, ks []int) {
	g := &s.Group
	d.groups++
	d.responses += g.Responses
	d.scored += g.Scored
	d.correct += g.Correct
	d.scoreSum += g.Mean * float64(g.Scored)
	switch {
	case g.Responses == 0:
		d.empty++
	case g.Scored == 0:
		d.unscored++
	case g.Scored < g.Responses:
		d.partial++
	}
	if g.Scored == 0 {
		return
	}
	d.scoredGroups++
	d.stdSum += g.Std
	if g.ZeroVariance {
		d.zero++
	}
	if g.AllCorrect() {
		d.allCorrect++
	} else if g.AllWrong() {
		d.allWrong++
	}
	for i, k := range ks {
		if k <= g.Scored {
			d.passSum[i] += PassAtK(g.Scored, g.Correct, k)
			d.passN[i]++
		}
	}
}

func (d *distAcc) result(name string, ks []int) Dist {
	r := Dist{
		Name: name, Groups: d.groups, Responses: d.responses, Scored: d.scored, Missing: d.responses - d.scored,
		Correct: d.correct, ScoredGroups: d.scoredGroups, PartialGroups: d.partial, UnscoredGroups: d.unscored,
		EmptyGroups: d.empty, ZeroVariance: d.zero, AllCorrect: d.allCorrect, AllWrong: d.allWrong,
		MeanScore: round6(ratio(d.scoreSum, d.scored)), PassRate: round6(ratio(float64(d.correct), d.scored)),
		ZeroVarianceFraction: round6(ratio(float64(d.zero), d.scoredGroups)),
		MeanGroupStd:         round6(ratio(d.stdSum, d.scoredGroups)),
		PassAtK:              []PassK{},
	}
	for i, k := range ks {
		if d.passN[i] > 0 {
			r.PassAtK = append(r.PassAtK, PassK{K: k, Value: round6(d.passSum[i] / float64(d.passN[i])), Groups: d.passN[i]})
		}
	}
	return r
}

func ratio(n float64, d int) float64 {
	if d == 0 {
		return 0
	}
	return n / float64(d)
}

func round6(x float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return 0
	}
	r := math.Round(x*1e6) / 1e6
	if r == 0 {
		return 0 // no -0
	}
	return r
}

// moments is Welford's streaming mean and variance.
type moments struct {
	n        int
	mean, m2 float64
}

func (m *moments) add(x float64) {
	m.n++
	d := x - m.mean
	m.mean += d / float64(m.n)
	m.m2 += d * (x - m.mean)
}

func (m *moments) std() float64 {
	if m.n == 0 {
		return 0
	}
	return math.Sqrt(math.Max(m.m2, 0) / float64(m.n))
}

type histAcc struct {
	lo, hi      float64
	counts      []int
	under, over int
}

func newHist(lo, hi float64, bins int) *histAcc {
	return &histAcc{lo: lo, hi: hi, counts: make([]int, bins)}
}

func (h *histAcc) add(x float64) {
	switch {
	case x < h.lo:
		h.under++
	case x > h.hi:
		h.over++
	default:
		i := int((x - h.lo) / (h.hi - h.lo) * float64(len(h.counts)))
		if i >= len(h.counts) {
			i = len(h.counts) - 1
		}
		h.counts[i]++
	}
}

func (h *histAcc) result() Histogram {
	n := len(h.counts)
	edges := make([]float64, n+1)
	for i := range edges {
		edges[i] = round6(h.lo + (h.hi-h.lo)*float64(i)/float64(n))
	}
	return Histogram{Edges: edges, Counts: append([]int(nil), h.counts...), Under: h.under, Over: h.over}
}

type lengthAcc struct {
	all                moments
	min, max           int
	correct, incorrect moments
	log2               []int // bin b: [2^(b-1), 2^b), bin 0: [0,1)
}

func (l *lengthAcc) add(n int, info Length) {
	if l.all.n == 0 || n < l.min {
		l.min = n
	}
	if l.all.n == 0 || n > l.max {
		l.max = n
	}
	l.all.add(float64(n))
	if info.Scored {
		if info.Correct {
			l.correct.add(float64(n))
		} else {
			l.incorrect.add(float64(n))
		}
	}
	b := bits.Len(uint(max(n, 0)))
	for len(l.log2) <= b {
		l.log2 = append(l.log2, 0)
	}
	l.log2[b]++
}

func (l *lengthAcc) result(unit string) LengthStats {
	r := LengthStats{Unit: unit, Count: l.all.n, Mean: round6(l.all.mean), Std: round6(l.all.std()), Min: l.min, Max: l.max,
		MeanCorrect: round6(l.correct.mean), MeanIncorrect: round6(l.incorrect.mean)}
	r.Histogram = Histogram{Edges: []float64{}, Counts: append([]int{}, l.log2...)}
	if len(l.log2) > 0 {
		r.Histogram.Edges = append(r.Histogram.Edges, 0)
		for b := 1; b <= len(l.log2); b++ {
			r.Histogram.Edges = append(r.Histogram.Edges, float64(uint64(1)<<(b-1)))
		}
	}
	return r
}
