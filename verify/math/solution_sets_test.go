package math

import (
	"context"
	"testing"

	"github.com/grpodata/grpodata/record"
)

// TestNoReferenceSolutionSets: with no reference the verifier solves the prompt; an answer that
// states every solution in prose must match the solved set, and a partial or padded one not.
func TestNoReferenceSolutionSets(t *testing.T) {
	quad := `{"prompt":"Solve for x: x^2+6x-7=0"}`
	tests := []struct {
		name, record, response string
		score                  float64
	}{
		{"or in prose", quad, "Factoring, (x+7)(x-1) = 0, so x = -7 or x = 1.", 1},
		{"comma bindings", quad, "The quadratic factors.\nThus $x = -7$, $x = 1$.", 1},
		{"roots are", quad, "By the quadratic formula the roots are -7 and 1.", 1},
		{"boxes in separate spans", quad, `So \(\boxed{-7}\) and \(\boxed{1}\).`, 1},
		{"answer label list", quad, "Final Answer: The solutions are $x=1$ and $x=-7$.", 1},
		{"one root only", quad, "Factoring, (x+7)(x-1) = 0, so x = 1.", 0},
		{"extra root", quad, "So x = -7, x = 1 or x = 0.", 0},
		{"wrong sign", quad, "Factoring, (x-7)(x+1) = 0, so x = 7 or x = -1.", 0},
		{"no real solutions stated", `{"prompt":"Solve for x: 2x + 1 = 2x + 3"}`, "Subtracting 2x gives 1 = 3, which is false.\nSo the equation has no solution.", 1},
		{"no solution claimed wrongly", quad, "So the equation has no real solutions.", 0},
	}
	v := newVerifier(t, nil)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := v.Verify(context.Background(), decode(t, tc.record), &record.Response{Text: tc.response})
			if got.Score == nil || *got.Score != tc.score {
				t.Errorf("score %s, want %v (extracted %q, reason %q, reference %q)", fmtScore(got.Score), tc.score, got.Extracted, got.Reason, got.Reference)
			}
		})
	}
}
