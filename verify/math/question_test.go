package math

import (
	"context"
	"testing"

	"github.com/grpodata/grpodata/record"
)

// TestQuestionPassed: the verifier hands the prompt to the engine, so a question asking for a
// percent reads a bare percent number against a fraction reference (and nothing else changes).
func TestQuestionPassed(t *testing.T) {
	v := newVerifier(t, nil)
	for _, tc := range []struct {
		name, record, response string
		score                  float64
	}{
		{"percent question", `{"prompt":"What percent of the marbles are red?","answer":"\\frac{1}{4}"}`, `So $\boxed{25}$.`, 1},
		{"percent question wrong", `{"prompt":"What percent of the marbles are red?","answer":"\\frac{1}{4}"}`, `So $\boxed{20}$.`, 0},
		{"other question", `{"prompt":"What fraction of the marbles are red?","answer":"\\frac{1}{4}"}`, `So $\boxed{25}$.`, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := v.Verify(context.Background(), decode(t, tc.record), &record.Response{Text: tc.response})
			if got.Score == nil || *got.Score != tc.score {
				t.Fatalf("score = %v (%s), want %v", got.Score, got.Reason, tc.score)
			}
		})
	}
}
