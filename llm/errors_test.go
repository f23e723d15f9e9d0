package llm

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestKindForStatus(t *testing.T) {
	cases := map[int]Kind{400: PromptFatal, 401: RunFatal, 403: RunFatal, 404: RunFatal, 408: Retryable, 413: PromptFatal,
		422: PromptFatal, 429: Retryable, 500: Retryable, 502: Retryable, 503: Retryable, 529: Retryable}
	for status, want := range cases {
		if got := KindForStatus(status); got != want {
			t.Errorf("%d: got %v, want %v", status, got, want)
		}
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		h    http.Header
		want time.Duration
	}{
		{nil, 0},
		{http.Header{"Retry-After": {"3"}}, 3 * time.Second},
		{http.Header{"Retry-After": {"0.5"}}, 500 * time.Millisecond},
		{http.Header{"Retry-After": {"-1"}}, 0},
		{http.Header{"Retry-After": {"soon"}}, 0},
		{http.Header{"Retry-After": {now.Add(7 * time.Second).Format(http.TimeFormat)}}, 7 * time.Second},
		{http.Header{"Retry-After-Ms": {"250"}, "Retry-After": {"9"}}, 250 * time.Millisecond},
	}
	for _, c := range cases {
		if got := ParseRetryAfter(c.h, now); got != c.want {
			t.Errorf("%v: got %v, want %v", c.h, got, c.want)
		}
	}
}

func TestErrorIsAndMessage(t *testing.T) {
	e := StatusError("openai", "http://x", 429, http.Header{"Retry-After": {"2"}}, "requests", "slow down, key sk-proj-ABCDEFGHIJ", "sk-proj-ABCDEFGHIJ")
	var err error = fmt.Errorf("prompt p1: %w", e)
	if !errors.Is(err, ErrRetryable) || errors.Is(err, ErrRunFatal) || !IsRetryable(err) || RetryAfterOf(err) != 2*time.Second {
		t.Errorf("classification of %v", err)
	}
	if got := e.Error(); got != "openai: 429 too many requests (requests): slow down, key [redacted] (retry after 2s)" {
		t.Errorf("message = %q", got)
	}
	if got := (&Error{Backend: "anthropic", Status: 529, Kind: Retryable}).Error(); got != "anthropic: 529 overloaded" {
		t.Errorf("message = %q", got)
	}
	te := TransportError(context.Background(), "openai", "", io.ErrUnexpectedEOF)
	if !errors.Is(te, io.ErrUnexpectedEOF) || !IsRetryable(te) {
		t.Errorf("transport error %v", te)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := TransportError(ctx, "openai", "", io.EOF); err != context.Canceled || IsRetryable(err) {
		t.Errorf("cancelled: %v", err)
	}
	if IsRetryable(nil) || !IsRetryable(errors.New("anything else")) {
		t.Error("KindOf defaults")
	}
}

func TestRedact(t *testing.T) {
	got := Redact("key=my-secret-value and sk-abc123456789 and sk-***********wxyz", "my-secret-value")
	if strings.Contains(got, "secret") || strings.Contains(got, "abc123") || strings.Contains(got, "wxyz") {
		t.Errorf("Redact = %q", got)
	}
}

func TestRegistry(t *testing.T) {
	r := NewRegistry()
	r.MustRegister(Spec{Name: "x", New: func(Config) (Backend, error) { return BackendFunc(nil), nil }})
	if _, err := r.New("x", Config{}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.New("y", Config{}); err == nil || err.Error() != `unknown backend "y" (known: x)` {
		t.Errorf("unknown backend: %v", err)
	}
	defer func() {
		if recover() == nil {
			t.Error("duplicate registration did not panic")
		}
	}()
	r.MustRegister(Spec{Name: "x", New: func(Config) (Backend, error) { return nil, nil }})
}
