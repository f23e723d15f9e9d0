package math

import (
	"context"
	"testing"
	"time"

	"github.com/grpodata/grpodata/record"
	"github.com/grpodata/grpodata/verify"
)

// The reasoning block is not read for the answer: a \boxed{} written while
// thinking is not the final answer.
func TestReasoningIsNotTheAnswer(t *testing.T) {
	rec := &record.Record{Prompt: record.Prompt{Text: "What is 6*7?"}, Answer: "42"}
	cases := []struct {
		name     string
		settings map[string]string
		text     string
		want     string // score, or "missing"
		reason   string
	}{
		{"boxed inside think only", nil, "<think>so \\boxed{42}</think>\nI am not sure.", "0", ""},
		{"answer after think", nil, "<think>maybe \\boxed{41}</think>\nThe answer is \\boxed{42}.", "1", "equivalent"},
		{"wrong answer after a right guess", nil, "<think>\\boxed{42}</think>\\boxed{41}", "0", ""},
		{"never left the reasoning", nil, "<think>6*7 = \\boxed{42}", "0", "no answer found"},
		{"template opened the block", nil, "6*7 = \\boxed{41}?\n</think>\n\\boxed{42}", "1", "equivalent"},
		{"no tags at all", nil, "\\boxed{42}", "1", "equivalent"},
		{"stripping off", map[string]string{"strip_think": "false"}, "<think>6*7 = \\boxed{42}", "1", "equivalent"},
		{"other tags", map[string]string{"math.think_open": "<reasoning>", "math.think_close": "</reasoning>"}, "<reasoning>\\boxed{41}</reasoning>\\boxed{42}", "1", "equivalent"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v, err := New(verify.Options{Timeout: time.Second, Settings: c.settings})
			if err != nil {
				t.Fatal(err)
			}
			d := v.Verify(context.Background(), rec, &record.Response{Text: c.text})
			got := "missing"
			if d.Score != nil {
				got = map[float64]string{0: "0", 1: "1"}[*d.Score]
			}
			if got != c.want || c.reason != "" && d.Reason != c.reason {
				t.Errorf("got %s %q (extracted %q), want %s %q", got, d.Reason, d.Extracted, c.want, c.reason)
			}
		})
	}
}
