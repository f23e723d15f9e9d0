package anthropic_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/grpodata/grpodata/llm"
	"github.com/grpodata/grpodata/llm/anthropic"
	"github.com/grpodata/grpodata/llm/llmtest"
)

const secret = "sk-ant-test-SECRETKEY0123456789"

func newBackend(t *testing.T, srv *llmtest.Server, key string) *anthropic.Backend {
	t.Helper()
	b, err := anthropic.New(llm.Config{BaseURL: srv.URL, Model: "claude-test", APIKey: key, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func ptr[T any](v T) *T { return &v }

func TestGroupIsNCalls(t *testing.T) {
	var n atomic.Int64
	srv := llmtest.NewAnthropic(llmtest.Config{APIKey: secret, Reply: func(r llmtest.Received, i int) string {
		return fmt.Sprintf("reply %d", n.Add(1))
	}})
	defer srv.Close()
	b := newBackend(t, srv, secret)
	g, err := b.Sample(context.Background(), llm.Request{
		Messages: []llm.Message{{Role: llm.RoleSystem, Content: "sys"}, {Role: llm.RoleUser, Content: "q"}},
		N:        3,
		Params:   llm.Params{Temperature: ptr(1.0), MaxTokens: 100, Stop: []string{"END"}},
		Extra:    map[string]any{"top_k": 5},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Choices) != 3 || srv.Count() != 3 {
		t.Fatalf("%d choices in %d requests", len(g.Choices), srv.Count())
	}
	if g.Model != "claude-test" || g.Usage.PromptTokens == 0 || g.Usage.CompletionTokens == 0 {
		t.Errorf("group = %+v", g)
	}
	for _, c := range g.Choices {
		if !strings.HasPrefix(c.Text, "reply ") || c.FinishReason != llm.FinishStop || c.CompletionTokens == 0 {
			t.Errorf("choice = %+v", c)
		}
	}
	body := srv.Last().Body
	if body["max_tokens"] != 100.0 || body["temperature"] != 1.0 || body["top_k"] != 5.0 || fmt.Sprint(body["stop_sequences"]) != "[END]" {
		t.Errorf("body = %v", body)
	}
	if fmt.Sprint(body["system"]) == "" || len(body["messages"].([]any)) != 1 {
		t.Errorf("system/messages = %v / %v", body["system"], body["messages"])
	}
	if h := srv.Last().Header; h.Get("x-api-key") != secret || h.Get("anthropic-version") == "" {
		t.Errorf("headers = %v", h)
	}
}

func TestMaxTokensFinish(t *testing.T) {
	srv := llmtest.NewAnthropic(llmtest.Config{FinishReason: "max_tokens"})
	defer srv.Close()
	g, err := newBackend(t, srv, "k").Sample(context.Background(), llm.Request{Messages: []llm.Message{{Role: "user", Content: "q"}}})
	if err != nil {
		t.Fatal(err)
	}
	if g.Choices[0].FinishReason != llm.FinishLength {
		t.Errorf("finish = %q", g.Choices[0].FinishReason)
	}
	if srv.Last().Body["max_tokens"] != float64(anthropic.DefaultMaxTokens) {
		t.Errorf("max_tokens = %v", srv.Last().Body["max_tokens"])
	}
}

func TestErrorClassification(t *testing.T) {
	cases := []struct {
		fault  llmtest.Fault
		kind   llm.Kind
		status int
		typ    string
	}{
		{llmtest.RateLimit, llm.Retryable, 429, "rate_limit_error"},
		{llmtest.Overloaded, llm.Retryable, 529, "overloaded_error"},
		{llmtest.ServerError, llm.Retryable, 500, "api_error"},
		{llmtest.BadRequest, llm.PromptFatal, 400, "invalid_request_error"},
		{llmtest.Unauthorized, llm.RunFatal, 401, "authentication_error"},
		{llmtest.Drop, llm.Retryable, 0, ""},
		{llmtest.HalfBody, llm.Retryable, 0, ""},
		{llmtest.Garbage, llm.Retryable, 0, ""},
	}
	for _, c := range cases {
		t.Run(c.fault.String(), func(t *testing.T) {
			srv := llmtest.NewAnthropic(llmtest.Config{Faults: []llmtest.Fault{c.fault}, RetryAfter: "3"})
			defer srv.Close()
			_, err := newBackend(t, srv, secret).Sample(context.Background(), llm.Request{Messages: []llm.Message{{Role: "user", Content: "q"}}})
			var e *llm.Error
			if !errors.As(err, &e) {
				t.Fatalf("err = %v (%T)", err, err)
			}
			if e.Kind != c.kind || e.Status != c.status || e.Type != c.typ {
				t.Errorf("got %v %d %q, want %v %d %q (%v)", e.Kind, e.Status, e.Type, c.kind, c.status, c.typ, err)
			}
			if (c.status == 429 || c.status == 529) && e.RetryAfter != 3*time.Second {
				t.Errorf("retry-after = %v", e.RetryAfter)
			}
			if c.status != 0 && e.Message == "" {
				t.Errorf("no message: %v", err)
			}
			if s := fmt.Sprintf("%v %+v %#v", err, err, err); strings.Contains(s, "SECRETKEY") {
				t.Errorf("key leaked: %s", s)
			}
		})
	}
}

// The stack splits a group into single calls so one overloaded call is
// retried alone, not with its siblings.
func TestStackRetriesOneCall(t *testing.T) {
	srv := llmtest.NewAnthropic(llmtest.Config{Faults: []llmtest.Fault{llmtest.Overloaded, llmtest.OK, llmtest.Drop}})
	defer srv.Close()
	st := &llm.Stats{}
	stack := llm.Stack([]llm.Endpoint{{Name: srv.URL, Backend: newBackend(t, srv, "k")}}, llm.Options{
		Stats: st, Retry: llm.RetryPolicy{BaseDelay: time.Millisecond},
	})
	g, err := stack.Sample(context.Background(), llm.Request{Messages: []llm.Message{{Role: "user", Content: "q"}}, N: 4})
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Choices) != 4 || srv.Count() != 6 {
		t.Fatalf("%d choices in %d requests, want 4 in 6", len(g.Choices), srv.Count())
	}
	if s := st.Snapshot(); s.Retries != 2 || s.OK != 4 || s.RateLimited != 1 {
		t.Errorf("stats = %+v", s)
	}
}

func TestThinkingIsReasoning(t *testing.T) {
	srv := llmtest.NewAnthropic(llmtest.Config{Reasoning: "hmm"})
	defer srv.Close()
	g, err := newBackend(t, srv, "k").Sample(context.Background(), llm.Request{Messages: []llm.Message{{Role: "user", Content: "q"}}})
	if err != nil || g.Choices[0].Reasoning != "hmm" || g.Choices[0].Text != "answer 0" {
		t.Fatalf("%+v %v", g, err)
	}
}

func TestTimeoutIsRetryable(t *testing.T) {
	srv := llmtest.NewAnthropic(llmtest.Config{Latency: 3 * time.Second})
	defer srv.Close()
	b, _ := anthropic.New(llm.Config{BaseURL: srv.URL, Model: "m", APIKey: "k", Timeout: 50 * time.Millisecond})
	_, err := b.Sample(context.Background(), llm.Request{Messages: []llm.Message{{Role: "user", Content: "q"}}})
	if !errors.Is(err, llm.ErrRetryable) {
		t.Fatalf("err = %v", err)
	}
}

func TestConformance(t *testing.T) {
	llmtest.Conformance(t, llmtest.Factory{
		NewServer: llmtest.NewAnthropic,
		NewBackend: func(t testing.TB, srv *llmtest.Server, key string, timeout time.Duration) llm.Backend {
			b, err := anthropic.New(llm.Config{BaseURL: srv.URL, Model: "m", APIKey: key, Timeout: timeout})
			if err != nil {
				t.Fatal(err)
			}
			return b
		},
	})
}
