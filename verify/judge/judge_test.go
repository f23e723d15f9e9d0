package judge

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/grpodata/grpodata/jsonl"
	"github.com/grpodata/grpodata/llm/llmtest"
	"github.com/grpodata/grpodata/record"
	"github.com/grpodata/grpodata/verify"
	_ "github.com/grpodata/grpodata/verify/format"
	"github.com/grpodata/grpodata/verify/verifytest"
)

var gradeRe = regexp.MustCompile(`(?s)Reference answer:\n(.*?)\n\nFinal answer to grade:\n(.*?)\n\n`)

// grader is the fake judge model: CORRECT when the answer equals the
// reference holds it ignoring case, INCORRECT otherwise; an answer saying "ramble"
// gets a reply that is no verdict, "think" a reasoning block first.
func grader(r llmtest.Received, _ int) string {
	g := gradeRe.FindStringSubmatch(promptOf(r))
	switch {
	case g == nil:
		return "I cannot find the answer."
	case strings.Contains(g[2], "ramble"):
		return "The answer is CORRECT, I think."
	case strings.Contains(g[2], "think"):
		return "<think>compare them</think>\nINCORRECT."
	case strings.Contains(strings.ToLower(g[1]), strings.ToLower(strings.TrimSpace(g[2]))):
		return "CORRECT"
	}
	return "incorrect"
}

// promptOf is the last message's text: a string (OpenAI) or text blocks
// (Anthropic).
func promptOf(r llmtest.Received) string {
	msgs, _ := r.Body["messages"].([]any)
	if len(msgs) == 0 {
		return ""
	}
	m, _ := msgs[len(msgs)-1].(map[string]any)
	if s, ok := m["content"].(string); ok {
		return s
	}
	var b strings.Builder
	blocks, _ := m["content"].([]any)
	for _, bl := range blocks {
		if t, ok := bl.(map[string]any)["text"].(string); ok {
			b.WriteString(t)
		}
	}
	return b.String()
}

// judgeCalls counts the chat-completion calls a server answered (not its
// preflight).
func judgeCalls(s *llmtest.Server) int {
	n := 0
	for _, r := range s.Received() {
		if r.Path == "/v1/chat/completions" || r.Path == "/v1/messages" {
			n++
		}
	}
	return n
}

func newJudge(t *testing.T, s *llmtest.Server, settings map[string]string, o verify.Options) *Verifier {
	t.Helper()
	all := map[string]string{"llm_judge.base_url": s.URL + "/v1", "llm_judge.model": "judge-1", "llm_judge.max_retries": "2"}
	if _, ok := settings["llm_judge.cache"]; !ok {
		all["llm_judge.cache"] = filepath.Join(t.TempDir(), "cache.jsonl")
	}
	for k, v := range settings {
		all[k] = v
	}
	o.Settings = all
	if o.Timeout == 0 {
		o.Timeout = time.Second
	}
	v, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.(*Verifier).Close() })
	return v.(*Verifier)
}

func capital() *record.Record {
	return &record.Record{Prompt: record.Prompt{Text: "What is the capital of France?"}, Answer: "Paris"}
}

func judge(v verify.Verifier, rec *record.Record, text string) verify.Verdict {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return v.Verify(ctx, rec, &record.Response{Text: text})
}

func show(d verify.Verdict) string {
	if d.Score == nil {
		return "missing: " + d.Reason
	}
	if *d.Score == 1 {
		return "1: " + d.Reason
	}
	return "0: " + d.Reason
}

func TestVerdicts(t *testing.T) {
	t.Setenv("OPENAI_API_KEY", "sk-test-judge")
	s := llmtest.NewOpenAI(llmtest.Config{Reply: grader, APIKey: "sk-test-judge"})
	defer s.Close()
	v := newJudge(t, s, nil, verify.Options{})
	cases := []struct{ text, want string }{
		{"<think>Lyon? no.</think>\nThe answer is paris.", "1: judged correct"},
		{"It is Lyon.", "0: judged incorrect"},
		{"<think>\\boxed{Paris}</think>\nLyon", "0: judged incorrect"},
		{"Answer: I ramble", `missing: judge reply unreadable: "The answer is CORRECT, I think."`},
		{"Answer: think first", "0: judged incorrect"},
		{"<think>Paris", "0: no answer found"},
		{"", "0: no answer found"},
	}
	for _, c := range cases {
		if got := show(judge(v, capital(), c.text)); got != c.want {
			t.Errorf("%q: %s, want %s", c.text, got, c.want)
		}
	}
	last := s.Last()
	if last.Header.Get("Authorization") != "Bearer sk-test-judge" || last.Body["model"] != "judge-1" || last.Body["temperature"] != 0.0 {
		t.Errorf("request: auth %q, body %v", last.Header.Get("Authorization"), last.Body)
	}
	if got := show(judge(v, &record.Record{Prompt: record.Prompt{Text: "Say hi."}}, "hi")); got != "missing: no reference answer" {
		t.Errorf("no reference: %s", got)
	}
}

func TestParseVerdictIsStrict(t *testing.T) {
	for reply, want := range map[string]int{ // 1 correct, 0 incorrect, -1 unreadable
		"CORRECT": 1, " correct.\n": 1, "<think>hmm</think> CORRECT": 1, "INCORRECT": 0, "Incorrect.": 0,
		"": -1, "CORRECT INCORRECT": -1, "**CORRECT**": -1, "Yes": -1, "correct!": -1, "The answer is correct": -1,
		"NOT CORRECT": -1, "<think>CORRECT": -1, "CORRECT\nbecause": -1,
	} {
		c, ok := ParseVerdict(reply)
		got := -1
		if ok {
			got = map[bool]int{true: 1, false: 0}[c]
		}
		if got != want {
			t.Errorf("%q: %d, want %d", reply, got, want)
		}
	}
}

// A verdict is paid for once: repeated answers, reruns and new runs with
// the same cache file make no call.
func TestCache(t *testing.T) {
	s := llmtest.NewOpenAI(llmtest.Config{Reply: grader})
	defer s.Close()
	file := filepath.Join(t.TempDir(), "judge", "cache.jsonl")
	v := newJudge(t, s, map[string]string{"llm_judge.cache": file}, verify.Options{})
	for range 3 {
		judge(v, capital(), "The answer is Paris.")
		judge(v, capital(), "The answer is Lyon.")
		judge(v, capital(), "Answer: ramble") // undecided: asked each time
	}
	if n := judgeCalls(s); n != 5 {
		t.Errorf("%d calls, want 2 verdicts + 3 unreadable replies", n)
	}
	v.Close()
	again := newJudge(t, s, map[string]string{"llm_judge.cache": file}, verify.Options{})
	if got := show(judge(again, capital(), "The answer is Paris.")); got != "1: judged correct" {
		t.Errorf("cached verdict: %s", got)
	}
	if n := judgeCalls(s); n != 5 {
		t.Errorf("a rerun made %d new calls", n-5)
	}
	other := newJudge(t, s, map[string]string{"llm_judge.cache": file, "llm_judge.model": "judge-2"}, verify.Options{})
	judge(other, capital(), "The answer is Paris.")
	if n := judgeCalls(s); n != 6 {
		t.Errorf("another model reused the cache (%d calls)", n)
	}
	// A torn line at the end is skipped, the rest is read.
	f, _ := os.OpenFile(file, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`{"key":"ab`)
	f.Close()
	newJudge(t, s, map[string]string{"llm_judge.cache": file}, verify.Options{})
}

// --judge-when undecided asks only where symbolic_math cannot decide.
func TestJudgeWhenUndecided(t *testing.T) {
	s := llmtest.NewOpenAI(llmtest.Config{Reply: grader})
	defer s.Close()
	v := newJudge(t, s, nil, verify.Options{JudgeWhen: "undecided"})
	math := &record.Record{Prompt: record.Prompt{Text: "6*7?"}, Answer: "42"}
	if got := show(judge(v, math, "\\boxed{42}")); got != "1: equivalent" {
		t.Errorf("math: %s", got)
	}
	if got := show(judge(v, math, "\\boxed{41}")); !strings.HasPrefix(got, "0: not equivalent") {
		t.Errorf("math: %s", got)
	}
	if n := judgeCalls(s); n != 0 {
		t.Errorf("%d calls for answers symbolic math decides", n)
	}
	broken := &record.Record{Prompt: record.Prompt{Text: "Half?"}, Answer: "\\frac{1}{2"}
	if got := show(judge(v, broken, "The answer is 0.5")); got != "0: judged incorrect" {
		t.Errorf("a reference symbolic math cannot parse: %s", got)
	}
	if n := judgeCalls(s); n != 1 {
		t.Errorf("%d calls, want 1", n)
	}
	// --judge-when failed also asks where symbolic math said no.
	v = newJudge(t, s, nil, verify.Options{JudgeWhen: "failed"})
	city := &record.Record{Prompt: record.Prompt{Text: "Capital of France?"}, Answer: "the city of Paris"}
	if got := show(judge(v, city, "The answer is Paris.")); got != "1: judged correct" {
		t.Errorf("a text mismatch re-judged: %s", got)
	}
	if got := show(judge(v, math, "\\boxed{42}")); got != "1: equivalent" {
		t.Errorf("math pass: %s", got)
	}
	if n := judgeCalls(s); n != 2 {
		t.Errorf("%d calls, want 2", n)
	}
}

// Failed calls leave the score missing, never a pass; retries recover.
func TestServerFaults(t *testing.T) {
	s := llmtest.NewOpenAI(llmtest.Config{Reply: grader, Faults: []llmtest.Fault{llmtest.ServerError, llmtest.RateLimit}, RetryAfter: "0"})
	defer s.Close()
	v := newJudge(t, s, nil, verify.Options{})
	if got := show(judge(v, capital(), "The answer is Paris.")); got != "1: judged correct" {
		t.Errorf("after retries: %s", got)
	}
	t.Setenv("OPENAI_API_KEY", "sk-wrong")
	bad := llmtest.NewOpenAI(llmtest.Config{Reply: grader, APIKey: "sk-right"})
	defer bad.Close()
	v = newJudge(t, bad, nil, verify.Options{})
	if got := show(judge(v, capital(), "The answer is Paris.")); !strings.HasPrefix(got, "missing: judge call failed") {
		t.Errorf("401: %s", got)
	}
	slow := llmtest.NewOpenAI(llmtest.Config{Reply: grader, Latency: time.Second})
	defer slow.Close()
	v = newJudge(t, slow, nil, verify.Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if got := show(v.Verify(ctx, capital(), &record.Response{Text: "Paris"})); got != "missing: timeout" {
		t.Errorf("spent budget: %s", got)
	}
}

func TestTemplate(t *testing.T) {
	s := llmtest.NewOpenAI(llmtest.Config{Reply: func(r llmtest.Received, _ int) string {
		msgs := r.Body["messages"].([]any)
		if strings.HasPrefix(msgs[0].(map[string]any)["content"].(string), "GRADE Paris|Paris") {
			return "CORRECT"
		}
		return "INCORRECT"
	}})
	defer s.Close()
	dir := t.TempDir()
	file := filepath.Join(dir, "t.txt")
	os.WriteFile(file, []byte("GRADE {{.Reference}}|{{.Answer}}"), 0o644)
	v := newJudge(t, s, map[string]string{"llm_judge.template": file}, verify.Options{})
	if got := show(judge(v, capital(), "Paris")); got != "1: judged correct" {
		t.Errorf("template: %s", got)
	}
	for text, want := range map[string]string{
		"no answer shown {{.Reference}}": "never shows",
		"{{.Nope}} {{.Answer}}":          "Nope",
		"{{if}} {{.Answer}}":             "template",
	} {
		os.WriteFile(file, []byte(text), 0o644)
		_, err := New(verify.Options{Settings: map[string]string{"llm_judge.template": file, "llm_judge.model": "m", "llm_judge.base_url": s.URL + "/v1"}})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v", text, err)
		}
	}
}

func TestBadSettings(t *testing.T) {
	for _, set := range []map[string]string{
		{}, // no model
		{"llm_judge.model": "m", "llm_judge.backend": "nope"},
		{"llm_judge.model": "m", "llm_judge.max_tokens": "0"},
		{"llm_judge.model": "m", "llm_judge.base_url": "http://127.0.0.1:1/v1", "llm_judge.preflight_timeout": "200ms"},
	} {
		if _, err := New(verify.Options{Settings: set}); err == nil {
			t.Errorf("%v: no error", set)
		}
	}
	if _, err := New(verify.Options{JudgeWhen: "sometimes", Settings: map[string]string{"llm_judge.model": "m"}}); err == nil {
		t.Error("--judge-when sometimes: no error")
	}
}

func TestConformance(t *testing.T) {
	s := llmtest.NewOpenAI(llmtest.Config{Reply: grader})
	defer s.Close()
	v := newJudge(t, s, nil, verify.Options{Timeout: 10 * time.Second})
	verifytest.Run(t, v, []verifytest.Case{
		{Name: "free text", Rec: capital(), Right: "<think>hm</think>The answer is Paris.", Wrong: "The answer is Lyon."},
		{Name: "math", Rec: &record.Record{Prompt: record.Prompt{Text: "6*7?"}, Answer: "42"}, Right: "\\boxed{42}", Wrong: "\\boxed{41}"},
	})
}

// Through the runner, as the verify command and a pipeline run it: the
// second run over the same file makes no call.
func TestRunTwiceCostsOnce(t *testing.T) {
	s := llmtest.NewOpenAI(llmtest.Config{Reply: grader})
	defer s.Close()
	dir := t.TempDir()
	in := filepath.Join(dir, "in.jsonl")
	os.WriteFile(in, []byte(`{"prompt":"Capital of France?","answer":"Paris","responses":[{"text":"<think>hm</think>Paris"},{"text":"Paris"},{"text":"Lyon"}]}`+"\n"), 0o644)
	cfg := verify.DefaultConfig()
	cfg.Verifier = "llm_judge:0.9,format:0.1"
	cfg.Set = []string{"llm_judge.base_url=" + s.URL + "/v1", "llm_judge.model=judge-1", "llm_judge.cache=" + filepath.Join(dir, "cache.jsonl")}
	for run := range 2 {
		out := filepath.Join(dir, "out.jsonl")
		if _, err := verify.Run(context.Background(), jsonl.Source{Files: []string{in}}, jsonl.Sink{Path: out}, cfg); err != nil {
			t.Fatal(err)
		}
		data, _ := os.ReadFile(out)
		rec, err := record.Decode(data)
		if err != nil {
			t.Fatal(err)
		}
		var scores []string
		for _, r := range rec.Responses {
			scores = append(scores, show(verify.Verdict{Score: r.Score}))
		}
		if got := strings.Join(scores, ","); got != "1: ,0: ,0: " || *rec.Responses[1].Score != 0.9 {
			t.Errorf("run %d: scores %s (%v)", run, got, *rec.Responses[1].Score)
		}
		if n := judgeCalls(s); n != 2 {
			t.Errorf("run %d: %d calls in all, want 2 (Paris once, Lyon once)", run, n)
		}
	}
}

func TestAnthropic(t *testing.T) {
	t.Setenv("ANTHROPIC_API_KEY", "sk-ant-judge")
	s := llmtest.NewAnthropic(llmtest.Config{Reply: grader, APIKey: "sk-ant-judge"})
	defer s.Close()
	v, err := New(verify.Options{Timeout: time.Second, Settings: map[string]string{
		"llm_judge.backend": "anthropic", "llm_judge.base_url": s.URL, "llm_judge.model": "claude-judge", "llm_judge.cache": "none",
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer v.(*Verifier).Close()
	for text, want := range map[string]string{"The answer is Paris.": "1: judged correct", "Lyon": "0: judged incorrect"} {
		if got := show(judge(v, capital(), text)); got != want {
			t.Errorf("%q: %s, want %s", text, got, want)
		}
	}
	if n := judgeCalls(s); n != 2 || s.Last().Body["model"] != "claude-judge" {
		t.Errorf("%d calls, last body %v", n, s.Last().Body)
	}
}

// BenchmarkCachedVerdict is a repeated answer: no call, a hash and a map
// look-up.
func BenchmarkCachedVerdict(b *testing.B) {
	s := llmtest.NewOpenAI(llmtest.Config{Reply: grader})
	defer s.Close()
	v, err := New(verify.Options{Timeout: time.Second, Settings: map[string]string{
		"llm_judge.base_url": s.URL + "/v1", "llm_judge.model": "judge-1", "llm_judge.cache": "none",
	}})
	if err != nil {
		b.Fatal(err)
	}
	rec := capital()
	resp := &record.Response{Text: "<think>" + strings.Repeat("hmm ", 500) + "</think>The answer is Paris."}
	v.Verify(context.Background(), rec, resp)
	for b.Loop() {
		if d := v.Verify(context.Background(), rec, resp); d.Score == nil {
			b.Fatal(d.Reason)
		}
	}
	if n := judgeCalls(s); n != 1 {
		b.Fatalf("%d calls", n)
	}
}

// BenchmarkJudgeCall is one uncached verdict through the loopback server
// (HTTP, JSON, the retry and limit stack).
func BenchmarkJudgeCall(b *testing.B) {
	s := llmtest.NewOpenAI(llmtest.Config{Reply: grader})
	defer s.Close()
	v, err := New(verify.Options{Timeout: time.Second, Settings: map[string]string{
		"llm_judge.base_url": s.URL + "/v1", "llm_judge.model": "judge-1", "llm_judge.cache": "none",
	}})
	if err != nil {
		b.Fatal(err)
	}
	rec := capital()
	i := 0
	for b.Loop() {
		i++
		resp := &record.Response{Text: fmt.Sprintf("The answer is Paris %d.", i)}
		if d := v.Verify(context.Background(), rec, resp); d.Score == nil {
			b.Fatal(d.Reason)
		}
	}
}

func TestOtherReasoningTags(t *testing.T) {
	s := llmtest.NewOpenAI(llmtest.Config{Reply: grader})
	defer s.Close()
	v := newJudge(t, s, map[string]string{"llm_judge.think_open": "<r>", "llm_judge.think_close": "</r>"}, verify.Options{})
	if got := show(judge(v, capital(), "<r>The answer is Paris.</r>\nThe answer is Lyon.")); got != "0: judged incorrect" {
		t.Errorf("%s", got)
	}
	if got := show(judge(v, capital(), "<r>Lyon?")); got != "0: no answer found" {
		t.Errorf("%s", got)
	}
}
