package generate_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/grpodata/grpodata/generate"
	"github.com/grpodata/grpodata/llm"
	"github.com/grpodata/grpodata/llm/llmtest"
	"github.com/grpodata/grpodata/llm/openai"
	"github.com/grpodata/grpodata/llm/sim"
	"github.com/grpodata/grpodata/record"
)

func ptr[T any](v T) *T { return &v }

func writePrompts(t testing.TB, dir string, n int) string {
	t.Helper()
	var b bytes.Buffer
	for i := range n {
		switch i % 4 {
		case 0:
			fmt.Fprintf(&b, `{"id":"p%d","prompt":"What is %d+%d?","answer":"%d","source":"gsm8k","tags":["a",1]}`+"\n", i, i, i, 2*i)
		case 1:
			fmt.Fprintf(&b, `{"prompt":[{"role":"system","content":"be terse"},{"role":"user","content":"q%d"}],"answer":"%d"}`+"\n", i, i)
		case 2:
			fmt.Fprintf(&b, `{"id":"c%d","prompt":"write f%d","solution":"def f(x):\n    return x + %d\n","tests":["assert f(0) == %d"],"entry_point":"f"}`+"\n", i, i, i, i)
		default:
			fmt.Fprintf(&b, `{"id":"n%d","prompt":"say something %d"}`+"\n", i, i)
		}
	}
	p := filepath.Join(dir, "prompts.jsonl")
	if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func readOut(t testing.TB, path string) map[string]*record.Record {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*record.Record{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		r, err := record.Decode(sc.Bytes())
		if err != nil {
			t.Fatalf("bad output line %q: %v", sc.Text(), err)
		}
		if out[r.Key()] != nil {
			t.Fatalf("duplicate key %s", r.Key())
		}
		out[r.Key()] = r
	}
	return out
}

func simBackend(seed int64) llm.Backend { return &sim.Backend{Seed: seed, Accuracy: 0.5} }

func TestGenerateSim(t *testing.T) {
	dir := t.TempDir()
	prompts := writePrompts(t, dir, 12)
	out := filepath.Join(dir, "gen.jsonl")
	var finals int
	p, err := generate.Run(context.Background(), generate.Config{
		Inputs: []string{prompts}, Output: out, Backend: simBackend(1), GroupSize: 4,
		Params: llm.Params{Temperature: ptr(1.0)}, Concurrency: 5,
		Progress: func(p generate.Progress) {
			if p.Final {
				finals++
			}
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if p.Done != 12 || p.Failed != 0 || p.Responses != 48 || finals != 1 || p.Usage.CompletionTokens == 0 {
		t.Fatalf("progress = %+v", p)
	}
	recs := readOut(t, out)
	if len(recs) != 12 {
		t.Fatalf("%d records", len(recs))
	}
	r := recs["p0"]
	if r == nil || r.Source != "gsm8k" || r.Answer != "0" || !r.Extra.Has("tags") || !r.Extra.Has("usage") {
		t.Fatalf("record p0 = %s", r.AppendJSON(nil))
	}
	for _, resp := range r.Responses {
		if resp.Score != nil || !strings.Contains(resp.Text, `\boxed{`) {
			t.Errorf("response = %+v", resp)
		}
		for _, k := range []string{"model", "temperature", "generation_time_ms", "finish_reason", "completion_tokens"} {
			if !resp.Metadata.Has(k) {
				t.Errorf("metadata lacks %s: %s", k, resp.Metadata)
			}
		}
	}
	line := string(r.AppendJSON(nil))
	if !strings.Contains(line, `"score":null`) || !strings.Contains(line, `"model":"sim"`) || !strings.Contains(line, `"temperature":1`) {
		t.Errorf("line = %s", line)
	}
	if c := recs["c2"]; c == nil || !strings.Contains(c.Responses[0].Text, "```python") {
		t.Errorf("code record = %v", c)
	}
	if _, err := os.Stat(out + ".failures.jsonl"); !os.IsNotExist(err) {
		t.Error("failures file left behind with no failures")
	}

	// Rerun with the same settings (concurrency is not one): nothing to do.
	p, err = generate.Run(context.Background(), generate.Config{Inputs: []string{prompts}, Output: out, Backend: simBackend(1), GroupSize: 4,
		Params: llm.Params{Temperature: ptr(1.0)}, Concurrency: 2})
	if err != nil || p.Done != 0 || p.Skipped != 12 {
		t.Fatalf("rerun: %+v %v", p, err)
	}
}

func TestSolveHint(t *testing.T) {
	cfg := generate.Config{GroupSize: 2, Solve: func(p string) (string, bool) { return "5x^4", strings.Contains(p, "derivative") }}
	rec, _ := record.Decode([]byte(`{"prompt":"Find derivative of x^5"}`))
	if h := generate.Request(cfg, rec).Hints[llm.HintAnswer]; h != "5x^4" {
		t.Errorf("hint = %q", h)
	}
	rec, _ = record.Decode([]byte(`{"prompt":"Find derivative of x^5","answer":"given"}`))
	if h := generate.Request(cfg, rec).Hints[llm.HintAnswer]; h != "given" {
		t.Errorf("hint = %q", h)
	}
}

func TestResumeLimitAndTornLine(t *testing.T) {
	dir := t.TempDir()
	prompts := writePrompts(t, dir, 10)
	out := filepath.Join(dir, "gen.jsonl")
	cfg := generate.Config{Inputs: []string{prompts}, Output: out, Backend: simBackend(2), GroupSize: 2, Limit: 4}
	if p, err := generate.Run(context.Background(), cfg); err != nil || p.Done != 4 {
		t.Fatalf("%+v %v", p, err)
	}
	f, _ := os.OpenFile(out, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`{"id":"p8","prompt":"What is 8+8?","resp`)
	f.Close()
	cfg.Limit = 0
	p, err := generate.Run(context.Background(), cfg)
	if err != nil || p.Done != 6 || p.Skipped != 4 || p.Repaired == 0 {
		t.Fatalf("%+v %v", p, err)
	}
	if n := len(readOut(t, out)); n != 10 {
		t.Fatalf("%d records", n)
	}
}

type flaky struct {
	fail    func(req llm.Request) error
	backend llm.Backend
}

func (f flaky) Sample(ctx context.Context, req llm.Request) (llm.Group, error) {
	if err := f.fail(req); err != nil {
		return llm.Group{}, err
	}
	return f.backend.Sample(ctx, req)
}

func TestFailuresRetriedNextRun(t *testing.T) {
	dir := t.TempDir()
	prompts := writePrompts(t, dir, 8)
	out := filepath.Join(dir, "gen.jsonl")
	bad := flaky{backend: simBackend(3), fail: func(req llm.Request) error {
		if strings.Contains(req.Messages[len(req.Messages)-1].Content, "say something") {
			return &llm.Error{Kind: llm.PromptFatal, Backend: "x", Status: 400, Message: "too long"}
		}
		return nil
	}}
	p, err := generate.Run(context.Background(), generate.Config{Inputs: []string{prompts}, Output: out, Backend: bad, GroupSize: 2})
	if err != nil || p.Done != 6 || p.Failed != 2 {
		t.Fatalf("%+v %v", p, err)
	}
	fails := readOut(t, out+".failures.jsonl")
	if len(fails) != 2 || !fails["n3"].Extra.Has(generate.ErrorField) {
		t.Fatalf("failures = %v", fails)
	}
	if raw, _ := fails["n3"].Extra.Get(generate.ErrorField); !strings.Contains(string(raw), `"kind":"prompt-fatal"`) || !strings.Contains(string(raw), "400") {
		t.Errorf("error field = %s", raw)
	}
	// An interrupted run that retried nothing keeps the failures file.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := generate.Run(ctx, generate.Config{Inputs: []string{prompts}, Output: out, Backend: bad, GroupSize: 2}); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	if n := len(readOut(t, out+".failures.jsonl")); n != 2 {
		t.Fatalf("failures file has %d lines after an interrupted run", n)
	}
	// The failures file itself can be the input; the error field is dropped.
	p, err = generate.Run(context.Background(), generate.Config{Inputs: []string{out + ".failures.jsonl"}, Output: out, Backend: simBackend(3), GroupSize: 2})
	if err != nil || p.Done != 2 || p.Failed != 0 {
		t.Fatalf("%+v %v", p, err)
	}
	recs := readOut(t, out)
	if len(recs) != 8 || recs["n3"].Extra.Has(generate.ErrorField) {
		t.Fatalf("%d records; n3 = %s", len(recs), recs["n3"].AppendJSON(nil))
	}
	for _, f := range []string{out + ".failures.jsonl", out + ".failures.jsonl.prev"} {
		if _, err := os.Stat(f); !os.IsNotExist(err) {
			t.Errorf("%s left after a clean run", f)
		}
	}
}

func TestRunFatalStops(t *testing.T) {
	dir := t.TempDir()
	prompts := writePrompts(t, dir, 50)
	out := filepath.Join(dir, "gen.jsonl")
	var calls atomic.Int64
	b := llm.BackendFunc(func(ctx context.Context, req llm.Request) (llm.Group, error) {
		calls.Add(1)
		return llm.Group{}, &llm.Error{Kind: llm.RunFatal, Status: 401, Backend: "openai", Message: "bad key"}
	})
	_, err := generate.Run(context.Background(), generate.Config{Inputs: []string{prompts}, Output: out, Backend: b, GroupSize: 2, Concurrency: 4})
	if !errors.Is(err, llm.ErrRunFatal) {
		t.Fatalf("err = %v", err)
	}
	if calls.Load() > 10 {
		t.Errorf("%d calls after a fatal error", calls.Load())
	}
}

func TestCancelKeepsCompleteLines(t *testing.T) {
	dir := t.TempDir()
	prompts := writePrompts(t, dir, 40)
	out := filepath.Join(dir, "gen.jsonl")
	ctx, cancel := context.WithCancel(context.Background())
	var n atomic.Int64
	b := llm.BackendFunc(func(ctx context.Context, req llm.Request) (llm.Group, error) {
		if n.Add(1) == 10 {
			cancel()
		}
		select {
		case <-time.After(time.Millisecond):
		case <-ctx.Done():
			return llm.Group{}, ctx.Err()
		}
		return simBackend(4).Sample(ctx, req)
	})
	p, err := generate.Run(ctx, generate.Config{Inputs: []string{prompts}, Output: out, Backend: b, GroupSize: 2, Concurrency: 3})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	if p.Failed != 0 || p.Done >= 40 {
		t.Errorf("progress = %+v", p)
	}
	if got := len(readOut(t, out)); int64(got) != p.Done {
		t.Errorf("%d lines for %d done", got, p.Done)
	}
	p, err = generate.Run(context.Background(), generate.Config{Inputs: []string{prompts}, Output: out, Backend: simBackend(4), GroupSize: 2})
	if err != nil || len(readOut(t, out)) != 40 {
		t.Fatalf("resume: %+v %v", p, err)
	}
}

// End to end over HTTP: an OpenAI-compatible server that ignores n and fails
// now and then, behind the standard wrappers.
func TestGenerateOpenAIWithFaults(t *testing.T) {
	faults := []llmtest.Fault{llmtest.RateLimit, llmtest.Drop, llmtest.HalfBody, llmtest.Overloaded, llmtest.ServerError}
	srv := llmtest.NewOpenAI(llmtest.Config{IgnoreN: true, FaultFunc: func(i int64) llmtest.Fault {
		if i%7 == 3 {
			return faults[(i/7)%int64(len(faults))]
		}
		return llmtest.OK
	}})
	defer srv.Close()
	be, err := openai.New(llm.Config{BaseURL: srv.URL + "/v1", Model: "m"})
	if err != nil {
		t.Fatal(err)
	}
	st := &llm.Stats{}
	stack := llm.Stack([]llm.Endpoint{{Name: srv.URL, Backend: be}}, llm.Options{Stats: st, Retry: llm.RetryPolicy{BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond}})
	dir := t.TempDir()
	prompts := writePrompts(t, dir, 20)
	out := filepath.Join(dir, "gen.jsonl")
	p, err := generate.Run(context.Background(), generate.Config{Inputs: []string{prompts}, Output: out, Backend: stack, Stats: st, GroupSize: 3, Concurrency: 8, Extra: map[string]any{"top_k": 10}})
	if err != nil || p.Done != 20 || p.Failed != 0 {
		t.Fatalf("%+v %v", p, err)
	}
	if p.LLM.Retries == 0 || p.Responses != 60 {
		t.Errorf("progress = %+v", p)
	}
	for _, r := range readOut(t, out) {
		if len(r.Responses) != 3 {
			t.Fatalf("%s: %d responses", r.Key(), len(r.Responses))
		}
	}
	var sum bytes.Buffer
	p.Summary(&sum)
	if !strings.Contains(sum.String(), "20 prompts written") || !strings.Contains(p.Line(), "20 done") {
		t.Errorf("summary = %s / %s", sum.String(), p.Line())
	}
}

func TestStdout(t *testing.T) {
	dir := t.TempDir()
	prompts := writePrompts(t, dir, 3)
	var buf bytes.Buffer
	p, err := generate.Run(context.Background(), generate.Config{Inputs: []string{prompts}, Output: "-", Stdout: &buf, Backend: simBackend(1), GroupSize: 1})
	if err != nil || p.Done != 3 || strings.Count(buf.String(), "\n") != 3 {
		t.Fatalf("%+v %v %q", p, err, buf.String())
	}
	var v map[string]any
	if err := json.Unmarshal([]byte(strings.Split(buf.String(), "\n")[0]), &v); err != nil {
		t.Fatal(err)
	}
}

// Concurrency works: all C workers get a call in flight at once (timing
// against N/C x L is measured by bench/generate, not here, since a loaded
// machine makes wall-clock tests flaky).
func TestConcurrencyReached(t *testing.T) {
	const n, c = 120, 40
	var cur, peak atomic.Int64
	full := make(chan struct{})
	var once sync.Once
	b := llm.BackendFunc(func(ctx context.Context, req llm.Request) (llm.Group, error) {
		v := cur.Add(1)
		defer cur.Add(-1)
		for p := peak.Load(); v > p && !peak.CompareAndSwap(p, v); p = peak.Load() {
		}
		if v == c {
			once.Do(func() { close(full) })
		}
		select {
		case <-full:
		case <-time.After(10 * time.Second):
		}
		return simBackend(1).Sample(ctx, req)
	})
	dir := t.TempDir()
	p, err := generate.Run(context.Background(), generate.Config{Inputs: []string{writePrompts(t, dir, n)}, Output: filepath.Join(dir, "o.jsonl"), Backend: b, GroupSize: 2, Concurrency: c})
	if err != nil || p.Done != n {
		t.Fatal(p, err)
	}
	if peak.Load() != c {
		t.Errorf("peak in flight %d, want %d", peak.Load(), c)
	}
}

func keysSorted(m map[string]*record.Record) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// The sim backend is deterministic and a finished output follows the
// inputs' order, so two runs write the same bytes whatever the scheduling.
func TestSimRunsAreByteIdentical(t *testing.T) {
	dir := t.TempDir()
	prompts := writePrompts(t, dir, 200)
	var outs [2][]byte
	for i := range outs {
		out := filepath.Join(dir, fmt.Sprintf("gen%d.jsonl", i))
		cfg := generate.Config{Inputs: []string{prompts}, Output: out, Backend: simBackend(7), GroupSize: 8, Concurrency: 64}
		if _, err := generate.Run(context.Background(), cfg); err != nil {
			t.Fatal(err)
		}
		outs[i], _ = os.ReadFile(out)
	}
	if !bytes.Equal(outs[0], outs[1]) {
		t.Fatal("two runs of the same sim command differ")
	}
}

// A resumed output whose records came in completion order, plus a record
// of a prompt since removed from the inputs, ends in input order with the
// stranger last.
func TestFinishedOutputFollowsInputOrder(t *testing.T) {
	dir := t.TempDir()
	prompts := writePrompts(t, dir, 5)
	out := filepath.Join(dir, "gen.jsonl")
	stranger := `{"id":"gone","prompt":"removed","responses":[]}`
	cfg := generate.Config{Inputs: []string{prompts}, Output: out, Backend: simBackend(1), GroupSize: 2}
	if _, err := generate.Run(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(out)
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	scrambled := []string{lines[3], stranger, lines[0], lines[4]} // lines 1 and 2 left to generate
	os.WriteFile(out, []byte(strings.Join(scrambled, "\n")+"\n"), 0o644)
	if p, err := generate.Run(context.Background(), cfg); err != nil || p.Done != 2 || p.Total != 2 {
		t.Fatalf("resume: %+v %v", p, err)
	}
	got, _ := os.ReadFile(out)
	if want := strings.Join(append(lines, stranger), "\n") + "\n"; string(got) != want {
		t.Errorf("output order:\n%s\nwant:\n%s", got, want)
	}
}

// A device or FIFO output is a stream: written directly, with no failures
// file, settings sidecar or resume beside it.
func TestDeviceOutputIsAStream(t *testing.T) {
	dir := t.TempDir()
	prompts := writePrompts(t, dir, 3)
	fifo := filepath.Join(dir, "out.fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("mkfifo:", err)
	}
	got := make(chan []byte)
	go func() {
		data, _ := os.ReadFile(fifo)
		got <- data
	}()
	p, err := generate.Run(context.Background(), generate.Config{Inputs: []string{prompts}, Output: fifo, Backend: simBackend(1), GroupSize: 2})
	if err != nil || p.Done != 3 {
		t.Fatalf("%+v %v", p, err)
	}
	if n := bytes.Count(<-got, []byte("\n")); n != 3 {
		t.Errorf("%d lines through the FIFO", n)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if name := e.Name(); name != "out.fifo" && name != "prompts.jsonl" {
			t.Errorf("left %s beside a FIFO output", name)
		}
	}
	if st, err := os.Stat(fifo); err != nil || st.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the FIFO was replaced: %v", err)
	}
}
