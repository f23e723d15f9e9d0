package llm

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Kind says what a failure means for the caller.
type Kind int

const (
	// Retryable failures are transient: rate limits (429), server errors
	// (5xx, Anthropic's 529 overloaded), dropped connections, timeouts and
	// truncated or invalid response bodies. Try again, after RetryAfter if set.
	Retryable Kind = iota + 1
	// PromptFatal failures will recur for this request (400, 413, 422): give
	// up on the prompt, keep the run going.
	PromptFatal
	// RunFatal failures will recur for every request (401/403 bad key, 404
	// unknown model or wrong base URL): stop the run.
	RunFatal
)

func (k Kind) String() string {
	switch k {
	case Retryable:
		return "retryable"
	case PromptFatal:
		return "prompt-fatal"
	case RunFatal:
		return "run-fatal"
	}
	return "unknown"
}

// Sentinels matching an *Error of each Kind with errors.Is.
var (
	ErrRetryable   = &Error{Kind: Retryable}
	ErrPromptFatal = &Error{Kind: PromptFatal}
	ErrRunFatal    = &Error{Kind: RunFatal}
)

// Error is a classified backend failure. Its message never contains the API
// key: backends build it with Redact.
type Error struct {
	Kind       Kind
	Backend    string        // "openai", "anthropic", ...
	Endpoint   string        // base URL of the server, if any
	Status     int           // HTTP status; 0 when no response was received
	Type       string        // vendor error type ("rate_limit_error", "overloaded_error")
	Message    string        // the server's message or a description
	RetryAfter time.Duration // from Retry-After / retry-after-ms, 0 if absent
	Err        error         // underlying cause for transport errors
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.Backend != "" {
		b.WriteString(e.Backend)
		b.WriteString(": ")
	}
	if e.Status != 0 {
		fmt.Fprintf(&b, "%d %s", e.Status, strings.ToLower(http.StatusText(e.Status)))
		if e.Status == 529 {
			b.WriteString("overloaded")
		}
	} else {
		b.WriteString(e.Kind.String())
	}
	if e.Type != "" {
		b.WriteString(" (" + e.Type + ")")
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	if e.Err != nil && e.Message == "" {
		b.WriteString(": " + e.Err.Error())
	}
	if e.RetryAfter > 0 {
		fmt.Fprintf(&b, " (retry after %s)", e.RetryAfter)
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// Is matches the Kind sentinels.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	if !ok || t.Status != 0 || t.Backend != "" || t.Message != "" {
		return false
	}
	return t.Kind == e.Kind
}

// KindOf classifies any error: an *Error by its Kind, context.Canceled as 0
// (not a failure of the backend: do not retry), anything else Retryable.
func KindOf(err error) Kind {
	if err == nil {
		return 0
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	if errors.Is(err, context.Canceled) {
		return 0
	}
	return Retryable
}

// IsRetryable reports whether trying again may succeed.
func IsRetryable(err error) bool { return KindOf(err) == Retryable }

// RetryAfterOf returns the server's requested delay, or 0.
func RetryAfterOf(err error) time.Duration {
	var e *Error
	if errors.As(err, &e) {
		return e.RetryAfter
	}
	return 0
}

// KindForStatus maps an HTTP status to a Kind.
func KindForStatus(status int) Kind {
	switch {
	case status == 401 || status == 403 || status == 404:
		return RunFatal
	case status == 408 || status == 409 || status == 425 || status == 429:
		return Retryable
	case status >= 500:
		return Retryable // includes Anthropic's 529 overloaded
	case status >= 400:
		return PromptFatal
	}
	return Retryable
}

// ParseRetryAfter reads retry-after-ms, then Retry-After (seconds or an HTTP
// date). It returns 0 when neither is present or valid.
func ParseRetryAfter(h http.Header, now time.Time) time.Duration {
	if h == nil {
		return 0
	}
	if v := h.Get("retry-after-ms"); v != "" {
		if ms, err := strconv.ParseFloat(v, 64); err == nil && ms > 0 {
			return time.Duration(ms * float64(time.Millisecond))
		}
	}
	v := h.Get("Retry-After")
	if v == "" {
		return 0
	}
	if s, err := strconv.ParseFloat(v, 64); err == nil {
		if s <= 0 {
			return 0
		}
		return time.Duration(s * float64(time.Second))
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return d
		}
	}
	return 0
}

// StatusError builds the *Error for an HTTP error response. The message is
// redacted of secrets.
func StatusError(backend, endpoint string, status int, h http.Header, typ, msg string, secrets ...string) *Error {
	return &Error{
		Kind:       KindForStatus(status),
		Backend:    backend,
		Endpoint:   endpoint,
		Status:     status,
		Type:       typ,
		Message:    Redact(msg, secrets...),
		RetryAfter: ParseRetryAfter(h, time.Now()),
	}
}

// TransportError classifies an error that came without an HTTP status:
// cancellation of ctx is returned as is; everything else (connection reset,
// timeout, EOF, truncated or invalid JSON) becomes a Retryable *Error.
func TransportError(ctx context.Context, backend, endpoint string, err error, secrets ...string) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return &Error{
		Kind:     Retryable,
		Backend:  backend,
		Endpoint: endpoint,
		Message:  Redact(err.Error(), secrets...),
		Err:      redactedErr{msg: Redact(err.Error(), secrets...), err: err},
	}
}

// redactedErr keeps the cause for errors.Is/As but redacts its message.
type redactedErr struct {
	msg string
	err error
}

func (r redactedErr) Error() string { return r.msg }
func (r redactedErr) Unwrap() error { return r.err }

var keyLike = regexp.MustCompile(`\b(sk|sk-ant|sk-proj)-[A-Za-z0-9_\-*]{6,}`)

// Redact removes secrets and anything shaped like an API key from s.
func Redact(s string, secrets ...string) string {
	for _, k := range secrets {
		if len(k) >= 4 {
			s = strings.ReplaceAll(s, k, "[redacted]")
		}
	}
	return keyLike.ReplaceAllString(s, "[redacted]")
}
