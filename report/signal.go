package report

import (
	"math"
	"path/filepath"
	"sort"
	"strings"
)

// The figures trainers log besides pass rates: response lengths (in
// characters, and in tokens with a tokenizer), the truncation ratio and the
// GRPO advantage distribution.

// advStep is the width of the advantage histogram's bins; advSide is the
// number of bounded bins on each side of zero (up to ±advStep·advSide),
// after which one open bin on each side holds the rest.
const (
	advStep = 0.5
	advSide = 5
)

// advantageBins returns the empty advantage histogram: (<-2.5),
// [-2.5,-2) ... [-0.5,0), exactly 0, (0,0.5] ... (2,2.5], (>2.5). Zero has
// its own bin: zero-variance groups put all their advantages there.
func advantageBins() []Bin {
	edge := advStep * advSide
	bins := []Bin{{Label: "<" + fmtFrac(-edge), Lo: -edge, Hi: -edge}}
	for i := -advSide; i < 0; i++ {
		lo, hi := float64(i)*advStep, float64(i+1)*advStep
		bins = append(bins, Bin{Label: fmtFrac(lo) + "…" + fmtFrac(hi), Lo: lo, Hi: hi})
	}
	bins = append(bins, Bin{Label: "0"})
	for i := 0; i < advSide; i++ {
		lo, hi := float64(i)*advStep, float64(i+1)*advStep
		bins = append(bins, Bin{Label: fmtFrac(lo) + "…" + fmtFrac(hi), Lo: lo, Hi: hi})
	}
	return append(bins, Bin{Label: ">" + fmtFrac(edge), Lo: edge, Hi: edge})
}

// advBin is the index of a's bin in advantageBins: negative bins are closed
// below ([-1,-0.5)), positive ones closed above ((0.5,1]), so the bins
// mirror each other around the zero bin.
func advBin(a float64) int {
	switch {
	case a == 0:
		return advSide + 1
	case a < 0:
		return max(advSide+1+int(math.Floor(a/advStep)), 0)
	}
	return min(advSide+1+int(math.Ceil(a/advStep)), 2*advSide+2)
}

// addSignal adds a group's truncation and advantages.
func (b *Builder) addSignal(o *observed) {
	d := &b.d
	d.Truncated += o.truncated
	for _, ro := range o.responses {
		if ro.finish != "" {
			d.WithFinishReason++
		}
	}
	for _, a := range o.adv {
		d.AdvantageHist[advBin(a)].Count++
	}
	if o.sample.Group.ZeroVariance {
		d.FlatAdvantages += len(o.adv)
	}
}

// stageLabel says what the input is: Config.Stage, else a guess from the
// file name (verify's output holds every group, before filtering), else
// "input".
func stageLabel(cfg Config, files []string) string {
	if s := strings.TrimSpace(cfg.Stage); s != "" {
		return s
	}
	if cfg.Filtered != "" {
		return "input (before filtering)"
	}
	for _, f := range files {
		if strings.HasPrefix(filepath.Base(f), "verified") {
			return "verify output: groups before filtering"
		}
	}
	return "input"
}

// lengthAcc accumulates response lengths in one unit into a histogram with
// the given lower edges (the last bin is open).
type lengthAcc struct {
	edges       []int
	hist        []Bin
	sum         float64
	n, min, max int
	correct     struct {
		sum float64
		n   int
	}
	wrong struct {
		sum float64
		n   int
	}
}

func newLengthAcc(edges []int) *lengthAcc {
	l := &lengthAcc{edges: edges, hist: make([]Bin, len(edges)), min: -1}
	for i, lo := range edges {
		bin := Bin{Lo: float64(lo)}
		if i+1 < len(edges) {
			bin.Hi = float64(edges[i+1])
			bin.Label = fmtChars(lo) + "–" + fmtChars(edges[i+1])
		} else {
			bin.Label = fmtChars(lo) + "+"
			bin.Hi = 0 // JSON has no infinity: 0 means unbounded
		}
		l.hist[i] = bin
	}
	return l
}

func (l *lengthAcc) add(n int, ro respObs) {
	l.n++
	l.sum += float64(n)
	if l.min < 0 || n < l.min {
		l.min = n
	}
	l.max = max(l.max, n)
	i := sort.SearchInts(l.edges, n+1) - 1
	l.hist[clamp(i, 0, len(l.edges)-1)].Count++
	if ro.score != nil {
		acc := &l.wrong
		if ro.correct {
			acc = &l.correct
		}
		acc.sum += float64(n)
		acc.n++
	}
}

func (l *lengthAcc) result() ([]Bin, Lengths) {
	return append([]Bin{}, l.hist...), Lengths{
		Mean:          round1(ratio(l.sum, l.n)),
		Min:           max(l.min, 0),
		Max:           l.max,
		MeanCorrect:   round1(ratio(l.correct.sum, l.correct.n)),
		MeanIncorrect: round1(ratio(l.wrong.sum, l.wrong.n)),
	}
}

func roundPtr(p *float64) *float64 {
	if p == nil {
		return nil
	}
	v := round6(*p)
	if v == 0 {
		v = 0 // no -0
	}
	return &v
}
