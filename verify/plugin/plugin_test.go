package plugin

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/grpodata/grpodata/jsonl"
	"github.com/grpodata/grpodata/record"
	"github.com/grpodata/grpodata/verify"
	_ "github.com/grpodata/grpodata/verify/format"
	"github.com/grpodata/grpodata/verify/verifytest"
)

// python3 is the real interpreter the plugins run on.
func python3(t *testing.T) string {
	t.Helper()
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("no python3")
	}
	return py
}

func newPlugin(t *testing.T, command string, workers int) verify.Verifier {
	t.Helper()
	v, err := New(verify.Options{Arg: command, Workers: workers})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.(*Verifier).Close() })
	return v
}

func misbehave(t *testing.T, workers int) verify.Verifier {
	return newPlugin(t, python3(t)+" testdata/misbehave.py", workers)
}

func ask(v verify.Verifier, rec *record.Record, text string, budget time.Duration) verify.Verdict {
	ctx, cancel := context.WithTimeout(context.Background(), budget)
	defer cancel()
	return v.Verify(ctx, rec, &record.Response{Text: text})
}

func show(d verify.Verdict) string {
	if d.Score == nil {
		return "missing: " + d.Reason
	}
	return fmt.Sprintf("%v: %s", *d.Score, d.Reason)
}

// sent counts the request lines written to the first copy.
func sent(v verify.Verifier) int64 {
	s := v.(*Verifier).slots[0]
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cur.sent.Load()
}

func rec42() *record.Record {
	return &record.Record{ID: "r1", Prompt: record.Prompt{Text: "6*7?"}, Answer: "42"}
}

func TestExampleConformance(t *testing.T) {
	v := newPlugin(t, python3(t)+" ../../examples/plugins/exact_answer.py", 2)
	verifytest.Run(t, v, []verifytest.Case{
		{Name: "boxed", Rec: rec42(), Right: "<think>maybe \\boxed{41}</think>\nso \\boxed{42}", Wrong: "<think>\\boxed{42}</think>\\boxed{41}"},
		{Name: "answer tag", Rec: &record.Record{Prompt: record.Prompt{Text: "Capital?"}, Answer: "Paris"},
			Right: "<answer> paris </answer>", Wrong: "<answer>Lyon</answer>"},
	})
}

// Each way a program can fail gives an undecided verdict with its reason,
// and the next response is scored by a fresh copy.
func TestMisbehaviour(t *testing.T) {
	v := misbehave(t, 1)
	cases := []struct {
		text   string
		budget time.Duration
		want   string
	}{
		{"crash", 5 * time.Second, "missing: plugin exited (exit status 3): boom: asked to crash"},
		{"hang", 500 * time.Millisecond, "missing: timeout: the plugin gave no answer within the response's budget (restarted)"},
		{"garbage", 5 * time.Second, "missing: plugin wrote a line that is not an answer: this is not json"},
		{"badscore", 5 * time.Second, "missing: plugin: score 1.5 is not a number in [0,1]"},
		{"stranger", 5 * time.Second, `missing: plugin answered a request it was not sent (id "nobody", index 99)`},
		{"null", 5 * time.Second, "missing: cannot tell"},
	}
	for _, c := range cases {
		if got := show(ask(v, rec42(), c.text, c.budget)); got != c.want {
			t.Errorf("%s: %s, want %s", c.text, got, c.want)
		}
		if got := show(ask(v, rec42(), "42", 5*time.Second)); got != "1: compared" {
			t.Errorf("after %s: %s", c.text, got)
		}
	}
}

// Answers may come in any order: the held request is answered after the
// next one.
func TestAnyOrder(t *testing.T) {
	v := misbehave(t, 1)
	var wg sync.WaitGroup
	var held verify.Verdict
	wg.Go(func() { held = ask(v, rec42(), "hold", 10*time.Second) })
	for sent(v) < 1 { // the hold request goes first
		time.Sleep(time.Millisecond)
	}
	other := &record.Record{ID: "r2", Prompt: record.Prompt{Text: "1+1?"}, Answer: "2"}
	if got := show(ask(v, other, "2", 10*time.Second)); got != "1: compared" {
		t.Errorf("second: %s", got)
	}
	wg.Wait()
	if got := show(held); got != "1: held" {
		t.Errorf("held: %s", got)
	}
}

// Records with the same key (duplicates without ids) in flight at once get
// their own answers.
func TestSameKeyAtOnce(t *testing.T) {
	v := misbehave(t, 2)
	rec := &record.Record{Prompt: record.Prompt{Text: "6*7?"}, Answer: "42"}
	var wg sync.WaitGroup
	got := make([]string, 40)
	for i := range got {
		text := []string{"42", "41"}[i%2]
		wg.Go(func() { got[i] = show(ask(v, rec, text, 20*time.Second)) })
	}
	wg.Wait()
	for i, g := range got {
		if want := []string{"1: compared", "0: compared"}[i%2]; g != want {
			t.Errorf("%d: %s, want %s", i, g, want)
		}
	}
}

// A program that dies at once is started again a few times, then left.
func TestKeepsFailing(t *testing.T) {
	v := newPlugin(t, python3(t)+` -c "import sys; sys.exit(2)"`, 1)
	var last string
	for range maxFailures + 2 {
		last = show(ask(v, rec42(), "42", 5*time.Second))
	}
	if !strings.HasPrefix(last, "missing: plugin not restarted after 5 failures in a row; the last: plugin exited (exit status 2)") {
		t.Errorf("got %s", last)
	}
}

func TestBadCommands(t *testing.T) {
	for arg, want := range map[string]string{
		"":                         "no program",
		"/no/such/program":         "no such file",
		`python3 "unterminated`:    "EOF",
		"no-such-program-anywhere": "not found",
	} {
		_, err := New(verify.Options{Arg: arg, Workers: 1})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %q", arg, err, want)
		}
	}
	if _, err := verify.Resolve("exec"); err == nil || !strings.Contains(err.Error(), "needs an argument") {
		t.Errorf("exec alone: %v", err)
	}
}

// Through the runner with a combination, as the verify command and a
// pipeline run it.
func TestRun(t *testing.T) {
	py := python3(t)
	dir := t.TempDir()
	in, out := filepath.Join(dir, "in.jsonl"), filepath.Join(dir, "out.jsonl")
	os.WriteFile(in, []byte(`{"id":7,"prompt":"6*7?","answer":"42","responses":[{"text":"<think>a</think>\\boxed{42}"},{"text":"\\boxed{42}"},{"text":"<think>a</think>41"}]}`+"\n"), 0o644)
	cfg := verify.DefaultConfig()
	cfg.Verifier = fmt.Sprintf(`exec:"%s ../../examples/plugins/exact_answer.py":0.8,format:0.2`, py)
	cfg.Workers = 2
	if _, err := verify.Run(context.Background(), jsonl.Source{Files: []string{in}}, jsonl.Sink{Path: out}, cfg); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(out)
	rec, err := record.Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rec.Responses {
		got = append(got, fmt.Sprintf("%.1f", *r.Score))
	}
	if strings.Join(got, " ") != "1.0 0.8 0.2" {
		t.Errorf("scores %v", got)
	}
	if !strings.Contains(string(data), `"name":"exec:\"`+py) || !strings.Contains(string(data), `"reason":"exact match"`) {
		t.Errorf("metadata: %s", data)
	}
}

// BenchmarkRoundTrip is one response through the example plugin and back
// (the protocol's cost; the program's own work is an exact match).
func BenchmarkRoundTrip(b *testing.B) {
	py, err := exec.LookPath("python3")
	if err != nil {
		b.Skip("no python3")
	}
	v, err := New(verify.Options{Arg: py + " ../../examples/plugins/exact_answer.py", Workers: 1})
	if err != nil {
		b.Fatal(err)
	}
	defer v.(*Verifier).Close()
	rec := rec42()
	rec.Responses = []record.Response{{Text: "<think>hm</think>\\boxed{42}"}}
	for b.Loop() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		if d := v.Verify(ctx, rec, &rec.Responses[0]); d.Score == nil || *d.Score != 1 {
			b.Fatal(show(d))
		}
		cancel()
	}
}

// A fresh copy gets time to start; once every copy answered, the budget is
// the response's own.
func TestBudgetWhileStarting(t *testing.T) {
	v := misbehave(t, 1)
	b := v.(verify.Budgeter)
	if got := b.Budget(rec42(), time.Second); got != time.Second+startGrace {
		t.Errorf("fresh: %s", got)
	}
	ask(v, rec42(), "42", 10*time.Second)
	if got := b.Budget(rec42(), time.Second); got != time.Second {
		t.Errorf("warm: %s", got)
	}
	ask(v, rec42(), "crash", 10*time.Second)
	if got := b.Budget(rec42(), time.Second); got != time.Second+startGrace {
		t.Errorf("after a crash: %s", got)
	}
}
