// Package verifytest is the conformance suite every verify.Verifier runs in
// its own tests (as rclone's backends run fstests): the same response gets
// the same verdict every time and from many goroutines at once, a verdict's
// score is missing or in [0,1] with correct agreeing, empty, huge and
// Unicode responses are judged without a panic and never pass, and a
// cancelled or spent context ends a check with a well-formed verdict that
// is never a pass for a wrong response.
package verifytest

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/grpodata/grpodata/record"
	"github.com/grpodata/grpodata/verify"
)

// Case is a record and two responses to it: one the verifier must pass
// (score 1) and one it must fail (score 0).
type Case struct {
	Name  string
	Rec   *record.Record
	Right string
	Wrong string
}

// Run checks v against the contract on the cases.
func Run(t *testing.T, v verify.Verifier, cases []Case) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			checkRightAndWrong(t, v, c)
			checkDeterministic(t, v, c)
			checkOddInputs(t, v, c)
			checkCancelled(t, v, c)
		})
	}
	t.Run("concurrent", func(t *testing.T) { checkConcurrent(t, v, cases) })
}

// verdict judges one response text of a copy of the record.
func verdict(ctx context.Context, v verify.Verifier, rec *record.Record, text string) verify.Verdict {
	r := rec.Clone()
	resp := &record.Response{Text: text}
	return v.Verify(ctx, r, resp)
}

func judge(v verify.Verifier, rec *record.Record, text string) verify.Verdict {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	return verdict(ctx, v, rec, text)
}

// wellFormed reports a verdict whose score is missing or in [0,1], and
// whose correct flag (when set) agrees with a score of 1.
func wellFormed(t *testing.T, what string, d verify.Verdict) {
	t.Helper()
	if d.Score != nil && !(*d.Score >= 0 && *d.Score <= 1) {
		t.Errorf("%s: score %v outside [0,1]", what, *d.Score)
	}
	if d.Correct != nil && d.Score != nil && *d.Correct != (*d.Score == 1) {
		t.Errorf("%s: correct=%v with score %v", what, *d.Correct, *d.Score)
	}
	if d.Score == nil && d.Reason == "" {
		t.Errorf("%s: an undecided verdict without a reason", what)
	}
}

func score(d verify.Verdict) string {
	if d.Score == nil {
		return "undecided (" + d.Reason + ")"
	}
	return fmt.Sprint(*d.Score)
}

func checkRightAndWrong(t *testing.T, v verify.Verifier, c Case) {
	right, wrong := judge(v, c.Rec, c.Right), judge(v, c.Rec, c.Wrong)
	wellFormed(t, "right", right)
	wellFormed(t, "wrong", wrong)
	if right.Score == nil || *right.Score != 1 {
		t.Errorf("the right response scored %s", score(right))
	}
	if wrong.Score == nil || *wrong.Score != 0 {
		t.Errorf("the wrong response scored %s", score(wrong))
	}
}

// checkDeterministic: three verdicts on the same response agree.
func checkDeterministic(t *testing.T, v verify.Verifier, c Case) {
	first := judge(v, c.Rec, c.Right)
	for range 2 {
		if again := judge(v, c.Rec, c.Right); score(again) != score(first) || again.Extracted != first.Extracted {
			t.Errorf("verdicts differ: %s (%q) then %s (%q)", score(first), first.Extracted, score(again), again.Extracted)
		}
	}
}

// checkOddInputs: empty, huge, Unicode and control-character responses are
// judged (no panic), well formed, and never pass.
func checkOddInputs(t *testing.T, v verify.Verifier, c Case) {
	odd := map[string]string{
		"empty":     "",
		"spaces":    " \n\t ",
		"huge":      strings.Repeat("so the value is 7 and ", 1<<15),
		"unicode":   "答案是 ∑∞ 🙂 \u202e\u0000 نعم",
		"tags only": "<think></think><answer></answer>```python\n```",
	}
	for name, text := range odd {
		d := judge(v, c.Rec, text)
		wellFormed(t, name, d)
		if d.Score != nil && *d.Score > 0 {
			t.Errorf("the %s response scored %s", name, score(d))
		}
	}
}

// checkCancelled: a cancelled context or a spent budget ends the check
// with a well-formed verdict; it may be undecided or the right verdict,
// never a pass for the wrong response.
func checkCancelled(t *testing.T, v verify.Verifier, c Case) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	spent, cancel2 := context.WithTimeout(context.Background(), time.Nanosecond)
	defer cancel2()
	time.Sleep(time.Millisecond)
	for name, ctx := range map[string]context.Context{"cancelled": ctx, "spent budget": spent} {
		for _, text := range []string{c.Right, c.Wrong} {
			d := verdict(ctx, v, c.Rec, text)
			wellFormed(t, name, d)
			if text == c.Wrong && d.Score != nil && *d.Score > 0 {
				t.Errorf("a %s check of the wrong response scored %s", name, score(d))
			}
		}
	}
}

// checkConcurrent: verdicts from 8 goroutines at once equal the serial ones.
func checkConcurrent(t *testing.T, v verify.Verifier, cases []Case) {
	want := make(map[string]string)
	for _, c := range cases {
		want[c.Name+"/right"] = score(judge(v, c.Rec, c.Right))
		want[c.Name+"/wrong"] = score(judge(v, c.Rec, c.Wrong))
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i, c := range cases {
				text, key := c.Right, c.Name+"/right"
				if (g+i)%2 == 1 {
					text, key = c.Wrong, c.Name+"/wrong"
				}
				got := score(judge(v, c.Rec, text))
				mu.Lock()
				if got != want[key] {
					t.Errorf("%s: %s at once, %s alone", key, got, want[key])
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
}
