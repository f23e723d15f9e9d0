package math

import (
	"testing"
	"time"

	"github.com/grpodata/grpodata/record"
	"github.com/grpodata/grpodata/verify"
	"github.com/grpodata/grpodata/verify/verifytest"
)

func TestVerifierConformance(t *testing.T) {
	v, err := New(verify.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	ref := func(prompt, answer string) *record.Record {
		return &record.Record{Prompt: record.Prompt{Text: prompt}, Answer: answer}
	}
	verifytest.Run(t, v, []verifytest.Case{
		{Name: "integer", Rec: ref("What is 6*7?", "42"),
			Right: "6*7 = 42, so the answer is $\\boxed{42}$.", Wrong: "The answer is $\\boxed{41}$."},
		{Name: "fraction", Rec: ref("Half of one?", "\\frac{1}{2}"),
			Right: "It is \\boxed{0.5}.", Wrong: "It is \\boxed{0.49}."},
		{Name: "interval", Rec: ref("Solve x^2 < 1.", "(-1, 1)"),
			Right: "\\boxed{-1 < x < 1}", Wrong: "\\boxed{[-1, 1]}"},
		{Name: "set", Rec: ref("Roots of x^2-5x+6", "2, 3"),
			Right: "The roots are $x = 2$ and $x = 3$.", Wrong: "The roots are $x = 2$ and $x = 4$."},
		{Name: "no reference, solved", Rec: ref("Solve for x: 2x + 5 = 15", ""),
			Right: "2x = 10\nx = 5", Wrong: "x = 6"},
		{Name: "choice", Rec: ref("Pick one: (A) 1 (B) 2", "B"),
			Right: "The answer is (B).", Wrong: "The answer is (A) or (B)."},
	})
}
