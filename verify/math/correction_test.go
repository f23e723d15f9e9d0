package math

import (
	"context"
	"testing"

	"github.com/grpodata/grpodata/record"
)

// A correction after the stated answer is the response's final answer: the reward follows the
// corrected value, never the rejected one, and an undecided correction scores 0.
func TestVerifyCorrection(t *testing.T) {
	tests := []struct {
		name, answer, response string
		score                  float64
		extracted              string
	}{
		{"corrected to the reference", "4", "The answer is $3$. Actually, it is $4$.", 1, "4"},
		{"corrected away from the reference", "4", "So the answer is 4. Actually, it is 3.", 0, "3"},
		{"box corrected away", "4", `Thus $\boxed{4}$. Wait, no, it should be 5.`, 0, "5"},
		{"label corrected", "12", "Final Answer: 10\nSorry, it's 12.", 1, "12"},
		{"restated by a later statement", "4", "The answer is 3. Wait, no: the answer is 4.", 1, "4"},
		{"corrected box", "4", `\boxed{3}. Hmm, that is wrong; the correct answer is \boxed{4}.`, 1, "4"},
		{"check keeps the answer", "4", "The answer is 4. Let me double check: 2+2 = 4, and 1+3 = 4. Yes.", 1, "4"},
		{"question keeps the answer", "4", "The answer is 4. Actually, is it 5?", 1, "4"},
		{"hypothetical keeps the answer", "4", "The answer is 4. Actually, if it were 5, the total would be 10.", 1, "4"},
		{"conditional correction is undecided", "4", "The answer is 4. Actually, it is 5 if we count the corners.", 0, ""},
		{"denial is undecided", "4", "The answer is 4. Actually, it is not 4.", 0, ""},
		{"retraction is undecided", "4", "The answer is 4. Wait, that's wrong.", 0, ""},
	}
	v := newVerifier(t, nil)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := decode(t, `{"prompt":"?","answer":"`+tc.answer+`"}`)
			got := v.Verify(context.Background(), rec, &record.Response{Text: tc.response})
			if got.Score == nil || *got.Score != tc.score {
				t.Errorf("score = %v, want %v (reason %q, extracted %q)", fmtScore(got.Score), tc.score, got.Reason, got.Extracted)
			}
			if got.Extracted != tc.extracted {
				t.Errorf("extracted = %q, want %q", got.Extracted, tc.extracted)
			}
		})
	}
}
