package stats

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"

	"github.com/grpodata/grpodata/record"
)

// GroupStats summarises the scores of one group (one record). Means and
// spreads are over the scored responses only; when Scored is 0 they are 0.
type GroupStats struct {
	Responses    int     `json:"responses"`
	Scored       int     `json:"scored"`
	Correct      int     `json:"correct"`   // scored responses that are correct
	Mean         float64 `json:"mean"`      // mean score
	Variance     float64 `json:"variance"`  // population variance
	Std          float64 `json:"std"`       // population std, sqrt(Variance)
	Min          float64 `json:"min"`       // lowest score
	Max          float64 `json:"max"`       // highest score
	PassRate     float64 `json:"pass_rate"` // Correct / Scored
	ZeroVariance bool    `json:"zero_variance"`
}

// Missing is the number of responses without a score.
func (g GroupStats) Missing() int { return g.Responses - g.Scored }

// FullyScored reports whether the group has responses and all are scored.
func (g GroupStats) FullyScored() bool { return g.Responses > 0 && g.Scored == g.Responses }

// SampleStd is the Bessel-corrected std (divides by n-1), as torch.std; 0 for
// fewer than two scores.
func (g GroupStats) SampleStd() float64 {
	if g.Scored < 2 {
		return 0
	}
	return math.Sqrt(g.Variance * float64(g.Scored) / float64(g.Scored-1))
}

// AllCorrect reports a scored group whose scored responses are all correct.
func (g GroupStats) AllCorrect() bool { return g.Scored > 0 && g.Correct == g.Scored }

// AllWrong reports a scored group with no correct response.
func (g GroupStats) AllWrong() bool { return g.Scored > 0 && g.Correct == 0 }

// IsCorrect applies the package rule: the "correct" flag when present, else
// score == 1. An unscored response is never correct.
func IsCorrect(resp *record.Response) bool {
	if resp.Score == nil {
		return false
	}
	if resp.Correct != nil {
		return *resp.Correct
	}
	return *resp.Score == 1
}

// Group computes the statistics of one record's group.
func Group(rec *record.Record) GroupStats {
	g := GroupStats{Responses: len(rec.Responses)}
	var sum float64
	for i := range rec.Responses {
		r := &rec.Responses[i]
		if r.Score == nil {
			continue
		}
		s := *r.Score
		if g.Scored == 0 {
			g.Min, g.Max = s, s
		}
		g.Min, g.Max = math.Min(g.Min, s), math.Max(g.Max, s)
		g.Scored++
		sum += s
		if IsCorrect(r) {
			g.Correct++
		}
	}
	if g.Scored == 0 {
		return g
	}
	n := float64(g.Scored)
	g.Mean = sum / n
	var ss float64
	for i := range rec.Responses {
		if s := rec.Responses[i].Score; s != nil {
			d := *s - g.Mean
			ss += d * d
		}
	}
	g.Variance = ss / n
	g.ZeroVariance = g.Min == g.Max
	if g.ZeroVariance {
		g.Variance = 0 // exact: no rounding residue from the mean
	}
	g.Std = math.Sqrt(g.Variance)
	g.PassRate = float64(g.Correct) / n
	return g
}

// Scores appends the scores of rec's scored responses to dst, in order.
func Scores(rec *record.Record, dst []float64) []float64 {
	for i := range rec.Responses {
		if s := rec.Responses[i].Score; s != nil {
			dst = append(dst, *s)
		}
	}
	return dst
}

// Variant names an advantage estimator.
type Variant string

const (
	GRPO   Variant = "grpo"   // (r - mean) / (std + eps)
	DrGRPO Variant = "drgrpo" // r - mean (Dr. GRPO: no std normalisation)
)

// DefaultEps is the GRPO denominator's epsilon.
const DefaultEps = 1e-6

// ParseVariant reads a variant name ("grpo", "drgrpo"; "dr-grpo" and
// "dr_grpo" are accepted too).
func ParseVariant(s string) (Variant, error) {
	switch strings.ToLower(strings.NewReplacer("-", "", "_", "", ".", "").Replace(strings.TrimSpace(s))) {
	case "grpo":
		return GRPO, nil
	case "drgrpo":
		return DrGRPO, nil
	}
	return "", fmt.Errorf("unknown advantage %q (known: grpo, drgrpo)", s)
}

// AdvantageConfig chooses how advantages are computed.
type AdvantageConfig struct {
	Variant   Variant `json:"variant"`
	Eps       float64 `json:"eps"`        // GRPO only
	SampleStd bool    `json:"sample_std"` // GRPO only: Bessel-corrected std, as torch.std
}

// DefaultAdvantage is GRPO with population std and eps 1e-6.
func DefaultAdvantage() AdvantageConfig { return AdvantageConfig{Variant: GRPO, Eps: DefaultEps} }

// Check reports a configuration error.
func (c AdvantageConfig) Check() error {
	if _, err := ParseVariant(string(c.Variant)); err != nil {
		return err
	}
	if c.Eps < 0 || math.IsNaN(c.Eps) || math.IsInf(c.Eps, 0) {
		return fmt.Errorf("eps must be a finite number >= 0, got %g", c.Eps)
	}
	return nil
}

// Compute appends the advantage of each score (one group's scored responses)
// to dst. A zero-variance group gets all zeros in both variants.
func (c AdvantageConfig) Compute(scores []float64, dst []float64) []float64 {
	n := len(scores)
	if n == 0 {
		return dst
	}
	var sum float64
	equal := true
	for _, s := range scores {
		sum += s
		equal = equal && s == scores[0]
	}
	mean := sum / float64(n)
	if equal {
		for range scores {
			dst = append(dst, 0)
		}
		return dst
	}
	denom := 1.0
	if c.Variant != DrGRPO { // "" means GRPO
		var ss float64
		for _, s := range scores {
			d := s - mean
			ss += d * d
		}
		div := float64(n)
		if c.SampleStd && n > 1 {
			div = float64(n - 1)
		}
		denom = math.Sqrt(ss/div) + c.Eps
	}
	for _, s := range scores {
		a := (s - mean) / denom
		if a == 0 {
			a = 0 // no negative zero in output
		}
		dst = append(dst, a)
	}
	return dst
}

// Advantages returns the advantages of one group's scores with the given
// variant and DefaultEps (population std).
func Advantages(scores []float64, v Variant) []float64 {
	return AdvantageConfig{Variant: v, Eps: DefaultEps}.Compute(scores, make([]float64, 0, len(scores)))
}

// MetadataKey is the response metadata member Annotate writes.
const MetadataKey = "advantage"

// Annotate writes metadata.advantage into every scored response of rec
// (advantages over the scored responses only) and removes a stale one from
// unscored responses. It returns the number of responses annotated.
func Annotate(rec *record.Record, c AdvantageConfig) int {
	scores := Scores(rec, make([]float64, 0, len(rec.Responses)))
	adv := c.Compute(scores, make([]float64, 0, len(scores)))
	j := 0
	for i := range rec.Responses {
		r := &rec.Responses[i]
		if r.Score == nil {
			if r.Metadata != nil {
				r.Metadata.Delete(MetadataKey)
			}
			continue
		}
		if r.Metadata == nil {
			r.Metadata = record.Fields{}
		}
		r.Metadata.SetRaw(MetadataKey, json.RawMessage(record.AppendScore(nil, adv[j])))
		j++
	}
	return j
}

// PassAtK is the unbiased pass@k estimate for n samples of which c are
// correct: 1 - C(n-c,k)/C(n,k), computed as 1 - Π_{i=n-c+1..n} (1 - k/i) so
// no binomial coefficient overflows. It is NaN when k < 1, k > n or c is
// outside [0,n].
func PassAtK(n, c, k int) float64 {
	if k < 1 || k > n || c < 0 || c > n {
		return math.NaN()
	}
	if n-c < k {
		return 1
	}
	p := 1.0
	for i := n - c + 1; i <= n; i++ {
		p *= 1 - float64(k)/float64(i)
	}
	return 1 - p
}
