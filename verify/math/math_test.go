package math

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/grpodata/grpodata/record"
	"github.com/grpodata/grpodata/verify"
)

func newVerifier(t *testing.T, settings map[string]string) verify.Verifier {
	t.Helper()
	spec, err := verify.Lookup(Name)
	if err != nil {
		t.Fatal(err)
	}
	v, err := spec.New(verify.Options{Timeout: time.Second, Settings: settings})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func decode(t *testing.T, js string) *record.Record {
	t.Helper()
	r, err := record.Decode([]byte(js))
	if err != nil {
		t.Fatalf("decode %s: %v", js, err)
	}
	return r
}

func TestRegistered(t *testing.T) {
	for _, n := range []string{"symbolic_math", "math"} {
		s, err := verify.Lookup(n)
		if err != nil || s.Name != Name {
			t.Errorf("Lookup(%q) = %v, %v", n, s.Name, err)
		}
	}
	if _, err := New(verify.Options{Settings: map[string]string{"memory_mb": "256"}}); err != nil {
		t.Errorf("another verifier's setting rejected: %v", err)
	}
	if _, err := New(verify.Options{Settings: map[string]string{"solve": "maybe"}}); err == nil {
		t.Error("bad solve setting accepted")
	}
}

func TestVerify(t *testing.T) {
	tests := []struct {
		name, record, response string
		score                  *float64 // nil: missing
		extracted, reason      string
	}{
		{"answer field", `{"prompt":"What is 1/2+1/4?","answer":"\\frac{3}{4}"}`, `So it is $\boxed{0.75}$.`, record.Float(1), "0.75", "equivalent"},
		{"numeric answer field", `{"prompt":"2+2?","answer":4}`, `The answer is 4.`, record.Float(1), "4", "equivalent"},
		{"wrong", `{"prompt":"What is 1/2+1/4?","answer":"\\frac{3}{4}"}`, `So it is $\boxed{0.7}$.`, record.Float(0), "0.7", "not equivalent (different value)"},
		{"ground truth", `{"prompt":"Solve x^2=4","reward_model":{"style":"rule","ground_truth":"\\pm 2"}}`, `x = 2 or x = -2`, record.Float(1), "x = 2 or x = -2", "equivalent"},
		{"gsm8k reference", `{"prompt":"Natalia sold clips...","answer":"Natalia sold 48/2 = <<48/2=24>>24 clips in May.\n#### 72"}`, "She sold 72 clips.\n#### 72", record.Float(1), "72", "equivalent"},
		{"gsm8k wrong", `{"prompt":"Natalia sold clips...","answer":"... \n#### 72"}`, "#### 71", record.Float(0), "71", "not equivalent (different value)"},
		{"boxed solution", `{"prompt":"Find the domain.","solution":"The domain is $\\boxed{[0,1)}$."}`, `$\boxed{0 \le x < 1}$`, record.Float(1), `0 \le x < 1`, "equivalent"},
		{"interval near miss", `{"prompt":"Find the domain.","answer":"[0,1)"}`, `$\boxed{[0,1]}$`, record.Float(0), "[0,1]", "not equivalent (interval mismatch)"},
		{"solved prompt", `{"prompt":"Solve for x: 2x + 5 = 15"}`, `Subtract 5 and halve: $x = \boxed{5}$`, record.Float(1), "5", "equivalent to solved reference"},
		{"solved prompt wrong", `{"prompt":"Solve for x: 2x + 5 = 15"}`, `$\boxed{10}$`, record.Float(0), "10", "not equivalent to solved reference (different value)"},
		{"chat prompt solved", `{"prompt":[{"role":"system","content":"Be brief."},{"role":"user","content":"Find the derivative of x^2 + 3x + 2"}]}`, `$\boxed{2x+3}$`, record.Float(1), "2x+3", "equivalent to solved reference"},
		{"no reference", `{"prompt":"Write a proof that there are infinitely many primes."}`, `\boxed{done}`, nil, "done", "no reference answer"},
		{"no answer", `{"prompt":"2+2?","answer":"4"}`, `I am not sure, I give up on this question entirely.`, record.Float(0), "", "no answer found"},
		{"bad reference", `{"prompt":"?","answer":"\\frac{1}{"}`, `\boxed{1}`, nil, "1", "reference does not parse"},
		{"too large", `{"prompt":"?","answer":"2^{2^{2^{100}}}"}`, `\boxed{2^{2^{2^{100}}}+1}`, nil, "2^{2^{2^{100}}}+1", "too large"},
		{"choice", `{"prompt":"Which?","answer":"(C)"}`, `The answer is \textbf{(C)}.`, record.Float(1), `(C)`, "equivalent"},
		{"unicode", `{"prompt":"Ω?","answer":"√2"}`, `答案是 $\boxed{\sqrt{2}}$`, record.Float(1), `\sqrt{2}`, "equivalent"},
		{"hedge with a word", `{"prompt":"Who?","answer":"9"}`, `The answer is $9$ or $\text{Evelyn}$.`, record.Float(0), `9, \text{Evelyn}`, "not equivalent (several answers for one)"},
		{"negated box", `{"prompt":"?","answer":"4"}`, `So $\boxed{\text{not } 4}$.`, record.Float(0), `\text{not } 4`, "not equivalent (candidate does not parse)"},
		{"factorial equals", `{"prompt":"?","answer":"120"}`, `Hence $\boxed{5!=120}$.`, record.Float(1), `5!=120`, "equivalent"},
		{"coefficient", `{"prompt":"?","answer":"\\sqrt{5}"}`, `Thus $\boxed{2c = 2\sqrt{5}}$.`, record.Float(1), `2c = 2\sqrt{5}`, "equivalent"},
		{"coefficient not 2c", `{"prompt":"?","answer":"2\\sqrt{5}"}`, `Thus $\boxed{2c = 2\sqrt{5}}$.`, record.Float(0), `2c = 2\sqrt{5}`, "not equivalent (different value)"},
	}
	v := newVerifier(t, nil)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := decode(t, tc.record)
			resp := &record.Response{Text: tc.response}
			got := v.Verify(context.Background(), rec, resp)
			if (got.Score == nil) != (tc.score == nil) || got.Score != nil && *got.Score != *tc.score {
				t.Errorf("score = %v, want %v (reason %q)", fmtScore(got.Score), fmtScore(tc.score), got.Reason)
			}
			if got.Score != nil && (got.Correct == nil || *got.Correct != (*got.Score == 1)) {
				t.Errorf("correct = %v inconsistent with score %v", got.Correct, *got.Score)
			}
			if got.Extracted != tc.extracted || got.Reason != tc.reason {
				t.Errorf("extracted, reason = %q, %q; want %q, %q", got.Extracted, got.Reason, tc.extracted, tc.reason)
			}
		})
	}
}

func fmtScore(f *float64) string {
	if f == nil {
		return "missing"
	}
	return strconv.FormatFloat(*f, 'g', -1, 64)
}

func TestSolveOff(t *testing.T) {
	v := newVerifier(t, map[string]string{"solve": "false"})
	got := v.Verify(context.Background(), decode(t, `{"prompt":"Solve for x: 2x + 5 = 15"}`), &record.Response{Text: `\boxed{5}`})
	if got.Score != nil || got.Reason != "no reference answer" {
		t.Errorf("got %+v", got)
	}
}

func TestCancelled(t *testing.T) {
	v := newVerifier(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	long := strings.Repeat(`\sin(x)+`, 300) + "x"
	got := v.Verify(ctx, decode(t, `{"prompt":"?","answer":"`+strings.ReplaceAll(long, `\`, `\\`)+`"}`), &record.Response{Text: `\boxed{` + long + `+1}`})
	if got.Score != nil || got.Reason != "timeout" {
		t.Errorf("got score %v reason %q, want missing timeout", fmtScore(got.Score), got.Reason)
	}
}

// TestDeterministic: the same input gives the same verdict, also under concurrency.
func TestDeterministic(t *testing.T) {
	v := newVerifier(t, nil)
	rec := decode(t, `{"prompt":"?","answer":"\\frac{x^2-1}{x-1}"}`)
	resp := &record.Response{Text: `\boxed{x+1}`}
	first := v.Verify(context.Background(), rec, resp)
	done := make(chan verify.Verdict, 8)
	for i := 0; i < 8; i++ {
		go func() { done <- v.Verify(context.Background(), rec, resp) }()
	}
	for i := 0; i < 8; i++ {
		got := <-done
		if got.Reason != first.Reason || got.Extracted != first.Extracted || *got.Score != *first.Score {
			t.Errorf("verdict %+v differs from %+v", got, first)
		}
	}
}

func TestHugeResponse(t *testing.T) {
	v := newVerifier(t, nil)
	text := strings.Repeat("thinking about it... ", 100000) + `\boxed{42}`
	got := v.Verify(context.Background(), decode(t, `{"prompt":"?","answer":"42"}`), &record.Response{Text: text})
	if got.Score == nil || *got.Score != 1 {
		t.Errorf("got %+v", got)
	}
}
