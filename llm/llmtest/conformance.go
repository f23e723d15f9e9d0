package llmtest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/grpodata/grpodata/llm"
)

// Factory tells Conformance how to test one HTTP backend: which fake server
// speaks its API and how to point the backend at it.
type Factory struct {
	NewServer  func(Config) *Server // NewOpenAI or NewAnthropic
	NewBackend func(t testing.TB, srv *Server, key string, timeout time.Duration) llm.Backend
}

// Conformance runs the checks every HTTP backend must pass: groups of N in
// order with usage, Unicode both ways, concurrent use, cancellation, timeouts,
// and the classification of every fault (with Retry-After, and no key in any
// error).
func Conformance(t *testing.T, f Factory) {
	const key = "sk-conformance-SECRET-0123456789"
	req := func(n int) llm.Request {
		return llm.Request{Messages: []llm.Message{{Role: llm.RoleUser, Content: "Größe von 𝛑? 日本語"}}, N: n}
	}
	t.Run("group", func(t *testing.T) {
		srv := f.NewServer(Config{Reply: func(r Received, i int) string { return fmt.Sprintf("réponse ✓ %d", i) }})
		defer srv.Close()
		g, err := f.NewBackend(t, srv, key, 5*time.Second).Sample(context.Background(), req(4))
		if err != nil {
			t.Fatal(err)
		}
		if len(g.Choices) != 4 || g.Usage.PromptTokens == 0 || g.Usage.CompletionTokens == 0 || g.Model == "" {
			t.Fatalf("group = %+v", g)
		}
		for _, c := range g.Choices {
			if !strings.HasPrefix(c.Text, "réponse ✓ ") || c.FinishReason != llm.FinishStop {
				t.Errorf("choice = %+v", c)
			}
		}
		if !strings.Contains(string(srv.Last().Raw), "日本語") && !strings.Contains(string(srv.Last().Raw), `\u65e5`) {
			t.Errorf("prompt not sent: %s", srv.Last().Raw)
		}
	})
	t.Run("concurrent", func(t *testing.T) {
		srv := f.NewServer(Config{Latency: 5 * time.Millisecond})
		defer srv.Close()
		b := f.NewBackend(t, srv, key, 5*time.Second)
		var wg sync.WaitGroup
		for range 16 {
			wg.Go(func() {
				if g, err := b.Sample(context.Background(), req(2)); err != nil || len(g.Choices) != 2 {
					t.Errorf("%d choices, %v", len(g.Choices), err)
				}
			})
		}
		wg.Wait()
	})
	t.Run("cancel", func(t *testing.T) {
		srv := f.NewServer(Config{Latency: 10 * time.Second})
		defer srv.Close()
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(30*time.Millisecond, cancel)
		start := time.Now()
		_, err := f.NewBackend(t, srv, key, time.Minute).Sample(ctx, req(2))
		if !errors.Is(err, context.Canceled) || time.Since(start) > 5*time.Second {
			t.Fatalf("err = %v after %v", err, time.Since(start))
		}
	})
	t.Run("timeout", func(t *testing.T) {
		srv := f.NewServer(Config{Latency: 10 * time.Second})
		defer srv.Close()
		_, err := f.NewBackend(t, srv, key, 30*time.Millisecond).Sample(context.Background(), req(1))
		if !errors.Is(err, llm.ErrRetryable) {
			t.Fatalf("err = %v", err)
		}
	})
	faults := []struct {
		fault Fault
		kind  llm.Kind
		retry time.Duration
	}{
		{RateLimit, llm.Retryable, 2 * time.Second}, {ServerError, llm.Retryable, 0}, {Unavailable, llm.Retryable, 0},
		{Overloaded, llm.Retryable, 2 * time.Second}, {BadRequest, llm.PromptFatal, 0}, {Unauthorized, llm.RunFatal, 0},
		{Drop, llm.Retryable, 0}, {HalfBody, llm.Retryable, 0}, {Garbage, llm.Retryable, 0},
	}
	for _, c := range faults {
		t.Run("fault-"+c.fault.String(), func(t *testing.T) {
			srv := f.NewServer(Config{Faults: []Fault{c.fault}, RetryAfter: "2"})
			defer srv.Close()
			_, err := f.NewBackend(t, srv, key, 5*time.Second).Sample(context.Background(), req(1))
			var e *llm.Error
			if !errors.As(err, &e) || e.Kind != c.kind || e.RetryAfter != c.retry {
				t.Fatalf("err = %v, want kind %v retry-after %v", err, c.kind, c.retry)
			}
			if s := fmt.Sprintf("%v|%+v|%#v", err, err, err); strings.Contains(s, "SECRET") {
				t.Errorf("key in error: %s", s)
			}
		})
	}
}
