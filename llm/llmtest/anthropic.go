package llmtest

import (
	"encoding/json"
	"net/http"
	"strings"
)

// NewAnthropic starts a fake Anthropic server; its base URL for clients is
// URL. It serves POST /v1/messages, one choice per request.
func NewAnthropic(c Config) *Server {
	return newServer(c, serveAnthropic)
}

func anthropicError(w http.ResponseWriter, status int, typ, msg string) {
	w.Header().Set("request-id", "req_fake")
	writeJSON(w, status, map[string]any{"type": "error", "error": map[string]any{"type": typ, "message": msg}})
}

func serveAnthropic(s *Server, w http.ResponseWriter, r Received, f Fault) {
	if strings.HasPrefix(r.Path, "/v1/messages/batches") {
		if f == OK {
			s.serveAnthropicBatch(w, r)
			return
		}
	} else if r.Path != "/v1/messages" {
		anthropicError(w, 404, "not_found_error", "Not found")
		return
	}
	if f == Unauthorized || (s.cfg.APIKey != "" && r.Header.Get("x-api-key") != s.cfg.APIKey) {
		anthropicError(w, 401, "authentication_error", "invalid x-api-key")
		return
	}
	switch f {
	case RateLimit:
		if s.cfg.RetryAfter != "" {
			w.Header().Set("retry-after", s.cfg.RetryAfter)
		}
		anthropicError(w, 429, "rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit")
		return
	case ServerError:
		anthropicError(w, 500, "api_error", "Internal server error")
		return
	case Unavailable:
		anthropicError(w, 503, "api_error", "Service unavailable")
		return
	case Overloaded:
		if s.cfg.RetryAfter != "" {
			w.Header().Set("retry-after", s.cfg.RetryAfter)
		}
		anthropicError(w, 529, "overloaded_error", "Overloaded")
		return
	case BadRequest:
		anthropicError(w, 400, "invalid_request_error", "prompt is too long: 210000 tokens > 200000 maximum")
		return
	case Drop:
		drop(w)
		return
	case Garbage:
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte("<html>502 bad gateway</html>"))
		return
	}
	resp := s.messageBody(r)
	if f == HalfBody {
		b, _ := json.Marshal(resp)
		half(w, b)
		return
	}
	w.Header().Set("request-id", "req_fake")
	writeJSON(w, 200, resp)
}

// messageBody is a successful Messages API answer to r.
func (s *Server) messageBody(r Received) map[string]any {
	text := s.text(r, 0)
	finish := s.cfg.FinishReason
	if finish == "" {
		finish = "end_turn"
	}
	model := s.cfg.Model
	if m, ok := r.Body["model"].(string); ok && m != "" {
		model = m
	}
	content := []any{map[string]any{"type": "text", "text": text, "citations": nil}}
	if s.cfg.Reasoning != "" {
		content = append([]any{map[string]any{"type": "thinking", "thinking": s.cfg.Reasoning, "signature": "sig"}}, content...)
	}
	return map[string]any{
		"id":            "msg_fake",
		"type":          "message",
		"role":          "assistant",
		"model":         model,
		"content":       content,
		"stop_reason":   finish,
		"stop_sequence": nil,
		"usage": map[string]any{
			"input_tokens": promptTokens(r), "output_tokens": s.tokens(text),
			"cache_creation_input_tokens": 0, "cache_read_input_tokens": 0,
		},
	}
}
