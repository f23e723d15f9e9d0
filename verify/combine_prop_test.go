package verify

import (
	"context"
	"testing"

	"pgregory.net/rapid"

	"github.com/grpodata/grpodata/record"
)

// fixed is a verifier with one verdict: a score, or undecided when negative.
type fixed float64

func (f fixed) Verify(context.Context, *record.Record, *record.Response) Verdict {
	if f < 0 {
		return Undecided("", "cannot tell")
	}
	s := float64(f)
	return Verdict{Score: &s, Correct: record.Bool(s == 1), Reason: "fixed"}
}

// The combined score is in [0,1], 1 exactly when every part scores 1,
// missing exactly when a part is (without missing_as_zero), and between
// the parts' lowest and highest scores.
func TestCombinationProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(2, 5).Draw(t, "parts")
		zero := rapid.Bool().Draw(t, "missing_as_zero")
		c := &combination{missingAsZero: zero}
		lo, hi, all1, missing := 1.0, 0.0, true, false
		for range n {
			s := rapid.SampledFrom([]float64{-1, 0, 1, rapid.Float64Range(0, 1).Draw(t, "s")}).Draw(t, "score")
			w := rapid.Float64Range(1e-3, 1e3).Draw(t, "weight")
			c.parts = append(c.parts, combined{Part: Part{Spec: Spec{Name: "p"}, Weight: w}, v: fixed(s)})
			eff := s
			if s < 0 {
				missing = missing || !zero
				eff = 0
			}
			lo, hi = min(lo, eff), max(hi, eff)
			all1 = all1 && eff == 1
		}
		d := c.Verify(context.Background(), &record.Record{}, &record.Response{})
		if len(d.Parts) != n {
			t.Fatalf("%d parts recorded", len(d.Parts))
		}
		if missing {
			if d.Score != nil {
				t.Fatalf("scored %v with a missing part", *d.Score)
			}
			return
		}
		s := *d.Score
		if s < 0 || s > 1 || s < lo-1e-12 || s > hi+1e-12 || (s == 1) != all1 || *d.Correct != (s == 1) {
			t.Fatalf("score %v (parts from %v to %v, all 1: %v)", s, lo, hi, all1)
		}
	})
}
