package openai_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/grpodata/grpodata/llm"
	"github.com/grpodata/grpodata/llm/llmtest"
	"github.com/grpodata/grpodata/llm/openai"
)

const secret = "sk-test-SECRETKEY0123456789"

func newBackend(t *testing.T, srv *llmtest.Server, key string) *openai.Backend {
	t.Helper()
	b, err := openai.New(llm.Config{BaseURL: srv.URL + "/v1", Model: "m1", APIKey: key, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func ptr[T any](v T) *T { return &v }

func TestGroupWithN(t *testing.T) {
	srv := llmtest.NewOpenAI(llmtest.Config{APIKey: secret})
	defer srv.Close()
	b := newBackend(t, srv, secret)
	req := llm.Request{
		Messages: []llm.Message{{Role: llm.RoleSystem, Content: "be brief"}, {Role: llm.RoleUser, Content: "2+2?"}},
		N:        4,
		Params:   llm.Params{Temperature: ptr(0.7), TopP: ptr(0.9), MaxTokens: 64, Seed: ptr(int64(7)), Stop: []string{"</s>"}},
		Extra:    map[string]any{"top_k": 20, "min_p": 0.05},
		Hints:    map[string]string{llm.HintAnswer: "4"},
	}
	g, err := b.Sample(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Choices) != 4 || srv.Count() != 1 {
		t.Fatalf("got %d choices in %d requests, want 4 in 1", len(g.Choices), srv.Count())
	}
	if g.Model != "m1" || g.Usage.PromptTokens == 0 || g.Usage.CompletionTokens == 0 {
		t.Errorf("group = %+v", g)
	}
	sum := 0
	for i, c := range g.Choices {
		if c.Text != fmt.Sprintf("answer %d", i) || c.FinishReason != "stop" || c.Duration <= 0 {
			t.Errorf("choice %d = %+v", i, c)
		}
		sum += c.CompletionTokens
	}
	if sum != g.Usage.CompletionTokens {
		t.Errorf("choice tokens sum %d, usage %d", sum, g.Usage.CompletionTokens)
	}
	body := srv.Last().Body
	want := map[string]any{"model": "m1", "n": 4.0, "temperature": 0.7, "top_p": 0.9, "max_tokens": 64.0, "seed": 7.0, "top_k": 20.0, "min_p": 0.05}
	for k, v := range want {
		if body[k] != v {
			t.Errorf("body[%s] = %v, want %v", k, body[k], v)
		}
	}
	if fmt.Sprint(body["stop"]) != "[</s>]" {
		t.Errorf("stop = %v", body["stop"])
	}
	if _, ok := body["answer"]; ok || strings.Contains(fmt.Sprint(body), "hint") {
		t.Error("hints leaked into the request")
	}
	msgs := body["messages"].([]any)
	if len(msgs) != 2 || msgs[0].(map[string]any)["role"] != "system" {
		t.Errorf("messages = %v", msgs)
	}
}

func TestServerIgnoresN(t *testing.T) {
	srv := llmtest.NewOpenAI(llmtest.Config{IgnoreN: true})
	defer srv.Close()
	b := newBackend(t, srv, "")
	g, err := b.Sample(context.Background(), llm.Request{Messages: []llm.Message{{Role: "user", Content: "hi"}}, N: 5, Params: llm.Params{Seed: ptr(int64(100))}})
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Choices) != 5 || srv.Count() != 5 {
		t.Fatalf("got %d choices in %d requests, want 5 in 5", len(g.Choices), srv.Count())
	}
	seeds := map[float64]bool{}
	for _, r := range srv.Received() {
		seeds[r.Body["seed"].(float64)] = true
	}
	if len(seeds) != 5 {
		t.Errorf("top-up requests reuse seeds: %v", seeds)
	}
	if srv.Received()[0].Header.Get("Authorization") != "" {
		t.Error("sent an Authorization header without a key")
	}
}

func TestReasoningContent(t *testing.T) {
	srv := llmtest.NewOpenAI(llmtest.Config{Reasoning: "thinking..."})
	defer srv.Close()
	g, err := newBackend(t, srv, "").Sample(context.Background(), llm.Request{Messages: []llm.Message{{Role: "user", Content: "hi"}}, N: 2})
	if err != nil {
		t.Fatal(err)
	}
	if g.Choices[1].Reasoning != "thinking..." || g.Choices[1].Text != "answer 1" {
		t.Errorf("choice = %+v", g.Choices[1])
	}
}

func TestServerReturnsFewer(t *testing.T) {
	srv := llmtest.NewOpenAI(llmtest.Config{MaxN: 3})
	defer srv.Close()
	b := newBackend(t, srv, "")
	g, err := b.Sample(context.Background(), llm.Request{Messages: []llm.Message{{Role: "user", Content: "hi"}}, N: 8})
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Choices) != 8 || srv.Count() != 3 {
		t.Fatalf("got %d choices in %d requests, want 8 in 3", len(g.Choices), srv.Count())
	}
}

func TestErrorClassification(t *testing.T) {
	cases := []struct {
		fault  llmtest.Fault
		kind   llm.Kind
		status int
		retry  time.Duration
	}{
		{llmtest.RateLimit, llm.Retryable, 429, 2 * time.Second},
		{llmtest.ServerError, llm.Retryable, 500, 0},
		{llmtest.Unavailable, llm.Retryable, 503, 0},
		{llmtest.Overloaded, llm.Retryable, 529, 2 * time.Second},
		{llmtest.BadRequest, llm.PromptFatal, 400, 0},
		{llmtest.Unauthorized, llm.RunFatal, 401, 0},
		{llmtest.Drop, llm.Retryable, 0, 0},
		{llmtest.HalfBody, llm.Retryable, 0, 0},
		{llmtest.Garbage, llm.Retryable, 0, 0},
	}
	for _, c := range cases {
		t.Run(c.fault.String(), func(t *testing.T) {
			srv := llmtest.NewOpenAI(llmtest.Config{Faults: []llmtest.Fault{c.fault}, RetryAfter: "2"})
			defer srv.Close()
			b := newBackend(t, srv, secret)
			_, err := b.Sample(context.Background(), llm.Request{Messages: []llm.Message{{Role: "user", Content: "hi"}}, N: 2})
			var e *llm.Error
			if !errors.As(err, &e) {
				t.Fatalf("err = %v (%T), want *llm.Error", err, err)
			}
			if e.Kind != c.kind || e.Status != c.status || e.RetryAfter != c.retry {
				t.Errorf("got kind %v status %d retry-after %v, want %v %d %v (%v)", e.Kind, e.Status, e.RetryAfter, c.kind, c.status, c.retry, err)
			}
			if e.Backend != "openai" || e.Endpoint == "" {
				t.Errorf("error lacks location: %+v", e)
			}
			for _, s := range []string{err.Error(), fmt.Sprintf("%v %+v %#v %s", err, err, err, err)} {
				if strings.Contains(s, secret) || strings.Contains(s, "SECRETKEY") {
					t.Errorf("key leaked: %s", s)
				}
			}
		})
	}
}

func TestWrongKeyDoesNotLeak(t *testing.T) {
	srv := llmtest.NewOpenAI(llmtest.Config{APIKey: "sk-right-key-000000"})
	defer srv.Close()
	b := newBackend(t, srv, secret)
	st := &llm.Stats{}
	stack := llm.Stack([]llm.Endpoint{{Name: srv.URL, Backend: b}}, llm.Options{Stats: st, Retry: llm.RetryPolicy{BaseDelay: time.Millisecond}})
	_, err := stack.Sample(context.Background(), llm.Request{Messages: []llm.Message{{Role: "user", Content: "hi"}}})
	if !errors.Is(err, llm.ErrRunFatal) {
		t.Fatalf("err = %v, want run-fatal", err)
	}
	if strings.Contains(err.Error(), secret) || strings.Contains(err.Error(), "SECRETKEY") {
		t.Fatalf("key leaked: %v", err)
	}
	if !strings.Contains(err.Error(), "401") || !strings.Contains(err.Error(), "Incorrect API key") {
		t.Errorf("error lacks the reason: %v", err)
	}
	if srv.Count() != 1 || st.Snapshot().Retries != 0 {
		t.Errorf("a 401 was retried: %d requests", srv.Count())
	}
}

func TestStackRetriesEveryFault(t *testing.T) {
	faults := []llmtest.Fault{llmtest.RateLimit, llmtest.Drop, llmtest.HalfBody, llmtest.ServerError, llmtest.Overloaded, llmtest.Garbage}
	srv := llmtest.NewOpenAI(llmtest.Config{Faults: faults})
	defer srv.Close()
	st := &llm.Stats{}
	var events []llm.Event
	stack := llm.Stack([]llm.Endpoint{{Name: srv.URL, Backend: newBackend(t, srv, "")}}, llm.Options{
		Stats: st, Retry: llm.RetryPolicy{BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond},
		Observer: func(e llm.Event) { events = append(events, e) },
	})
	g, err := stack.Sample(context.Background(), llm.Request{Messages: []llm.Message{{Role: "user", Content: "hi"}}, N: 3})
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Choices) != 3 {
		t.Fatalf("%d choices", len(g.Choices))
	}
	s := st.Snapshot()
	if s.Retries != int64(len(faults)) || s.Calls != int64(len(faults)+1) || s.OK != 1 || s.RateLimited != 2 || len(events) != len(faults) {
		t.Errorf("stats = %+v, %d events", s, len(events))
	}
	if s.Choices != 3 || s.CompletionTokens == 0 || s.InFlight != 0 {
		t.Errorf("stats = %+v", s)
	}
}

func TestBadRequestNotRetried(t *testing.T) {
	srv := llmtest.NewOpenAI(llmtest.Config{Faults: []llmtest.Fault{llmtest.BadRequest}})
	defer srv.Close()
	stack := llm.Stack([]llm.Endpoint{{Name: srv.URL, Backend: newBackend(t, srv, "")}}, llm.Options{Retry: llm.RetryPolicy{BaseDelay: time.Millisecond}})
	_, err := stack.Sample(context.Background(), llm.Request{Messages: []llm.Message{{Role: "user", Content: "hi"}}})
	if !errors.Is(err, llm.ErrPromptFatal) || srv.Count() != 1 {
		t.Fatalf("err = %v after %d requests", err, srv.Count())
	}
}

func TestCancel(t *testing.T) {
	srv := llmtest.NewOpenAI(llmtest.Config{Latency: 5 * time.Second})
	defer srv.Close()
	b := newBackend(t, srv, "")
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := llm.Retry(b, llm.RetryPolicy{}, nil, nil).Sample(ctx, llm.Request{Messages: []llm.Message{{Role: "user", Content: "hi"}}})
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 2*time.Second {
		t.Fatalf("err = %v after %v", err, time.Since(start))
	}
}

func TestNoModel(t *testing.T) {
	if _, err := openai.New(llm.Config{}); err == nil {
		t.Fatal("want an error without a model")
	}
	if _, err := llm.Default.Lookup("openai"); err != nil {
		t.Fatal("not registered")
	}
}

// Two endpoints, one always failing: every request still succeeds, through
// the other, and the failing one is set aside.
func TestBalanceOverEndpoints(t *testing.T) {
	bad := llmtest.NewOpenAI(llmtest.Config{FaultFunc: func(int64) llmtest.Fault { return llmtest.Unavailable }})
	defer bad.Close()
	good := llmtest.NewOpenAI(llmtest.Config{})
	defer good.Close()
	var opened []string
	var mu sync.Mutex
	b, err := llm.Default.Build("openai", llm.Config{Model: "m"}, []string{bad.URL + "/v1", good.URL + "/v1"}, llm.Options{
		Retry:   llm.RetryPolicy{BaseDelay: time.Millisecond, MaxDelay: 2 * time.Millisecond},
		Breaker: llm.Breaker{Threshold: 2, Cooldown: time.Hour},
		Observer: func(e llm.Event) {
			if e.Type == "circuit-open" {
				mu.Lock()
				opened = append(opened, e.Endpoint)
				mu.Unlock()
			}
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	for range 20 {
		if _, err := b.Sample(context.Background(), llm.Request{Messages: []llm.Message{{Role: "user", Content: "hi"}}, N: 2}); err != nil {
			t.Fatal(err)
		}
	}
	if bad.Count() != 2 || good.Count() != 20 || len(opened) != 1 || opened[0] != bad.URL+"/v1" {
		t.Errorf("bad %d good %d opened %v", bad.Count(), good.Count(), opened)
	}
}

func TestTimeoutIsRetryable(t *testing.T) {
	srv := llmtest.NewOpenAI(llmtest.Config{Latency: 3 * time.Second})
	defer srv.Close()
	b, _ := openai.New(llm.Config{BaseURL: srv.URL + "/v1", Model: "m", Timeout: 50 * time.Millisecond})
	_, err := b.Sample(context.Background(), llm.Request{Messages: []llm.Message{{Role: "user", Content: "q"}}})
	if !errors.Is(err, llm.ErrRetryable) {
		t.Fatalf("err = %v", err)
	}
}

func TestConformance(t *testing.T) {
	llmtest.Conformance(t, llmtest.Factory{
		NewServer: llmtest.NewOpenAI,
		NewBackend: func(t testing.TB, srv *llmtest.Server, key string, timeout time.Duration) llm.Backend {
			b, err := openai.New(llm.Config{BaseURL: srv.URL + "/v1", Model: "m", APIKey: key, Timeout: timeout})
			if err != nil {
				t.Fatal(err)
			}
			return b
		},
	})
}
