package llmtest

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"
)

// NewOpenAI starts a fake OpenAI-compatible server; its base URL for clients
// is URL + "/v1". It serves POST /v1/chat/completions.
func NewOpenAI(c Config) *Server {
	return newServer(c, serveOpenAI)
}

func openAIError(w http.ResponseWriter, status int, typ, code, msg string) {
	writeJSON(w, status, map[string]any{"error": map[string]any{
		"message": msg, "type": typ, "param": nil, "code": code,
	}})
}

func serveOpenAI(s *Server, w http.ResponseWriter, r Received, f Fault) {
	if strings.HasPrefix(r.Path, "/v1/files") || strings.HasPrefix(r.Path, "/v1/batches") {
		if f == OK {
			s.serveOpenAIBatch(w, r)
			return
		}
	} else if r.Path != "/v1/chat/completions" {
		openAIError(w, 404, "invalid_request_error", "unknown_url", "Unknown request URL: POST "+r.Path)
		return
	}
	key := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	if f == Unauthorized || (s.cfg.APIKey != "" && key != s.cfg.APIKey) {
		// Like OpenAI: the message quotes the key, masked.
		masked := key
		if len(masked) > 8 {
			masked = masked[:3] + strings.Repeat("*", 8) + masked[len(masked)-4:]
		}
		openAIError(w, 401, "invalid_request_error", "invalid_api_key",
			"Incorrect API key provided: "+masked+". You can find your API key at https://platform.openai.com/account/api-keys.")
		return
	}
	switch f {
	case RateLimit:
		if s.cfg.RetryAfter != "" {
			w.Header().Set("Retry-After", s.cfg.RetryAfter)
		}
		openAIError(w, 429, "requests", "rate_limit_exceeded", "Rate limit reached for requests")
		return
	case ServerError:
		openAIError(w, 500, "server_error", "", "The server had an error while processing your request.")
		return
	case Unavailable:
		openAIError(w, 503, "server_error", "", "The engine is currently overloaded, please try again later.")
		return
	case Overloaded:
		if s.cfg.RetryAfter != "" {
			w.Header().Set("Retry-After", s.cfg.RetryAfter)
		}
		openAIError(w, 529, "server_error", "", "Overloaded")
		return
	case BadRequest:
		openAIError(w, 400, "invalid_request_error", "context_length_exceeded",
			"This model's maximum context length is 4096 tokens.")
		return
	case Drop:
		drop(w)
		return
	case Garbage:
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte("<html>502 bad gateway</html>"))
		return
	}
	resp := s.chatBody(r)
	if f == HalfBody {
		b, _ := json.Marshal(resp)
		half(w, b)
		return
	}
	writeJSON(w, 200, resp)
}

// chatBody is a successful chat-completions answer to r.
func (s *Server) chatBody(r Received) map[string]any {
	n := r.N()
	if s.cfg.IgnoreN {
		n = 1
	}
	if s.cfg.MaxN > 0 && n > s.cfg.MaxN {
		n = s.cfg.MaxN
	}
	finish := s.cfg.FinishReason
	if finish == "" {
		finish = "stop"
	}
	choices := make([]map[string]any, n)
	completion := 0
	for i := range n {
		text := s.text(r, i)
		completion += s.tokens(text)
		msg := map[string]any{"role": "assistant", "content": text, "refusal": nil}
		if s.cfg.Reasoning != "" {
			msg["reasoning_content"] = s.cfg.Reasoning
		}
		choices[i] = map[string]any{
			"index":         i,
			"message":       msg,
			"logprobs":      nil,
			"finish_reason": finish,
		}
	}
	model := s.cfg.Model
	if m, ok := r.Body["model"].(string); ok && m != "" {
		model = m
	}
	pt := promptTokens(r)
	return map[string]any{
		"id":                 "chatcmpl-fake",
		"object":             "chat.completion",
		"created":            time.Now().Unix(),
		"model":              model,
		"choices":            choices,
		"usage":              map[string]any{"prompt_tokens": pt, "completion_tokens": completion, "total_tokens": pt + completion},
		"system_fingerprint": "fp_fake",
	}
}
