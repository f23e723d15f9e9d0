// Package llmtest runs fake LLM servers in process on 127.0.0.1 that speak the
// real wire shapes of the OpenAI chat-completions API and the Anthropic
// Messages API, with scripted faults: 429 with Retry-After, 5xx, Anthropic's
// 529 overloaded, 400, 401, dropped connections and half-written bodies. Tests
// of backends and wrappers run against them; no network or key is needed.
package llmtest

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Fault is what the server does with one request.
type Fault int

const (
	OK           Fault = iota // answer normally
	RateLimit                 // 429 with Retry-After (Config.RetryAfter)
	ServerError               // 500
	Unavailable               // 503
	Overloaded                // 529 (Anthropic's overloaded_error; OpenAI server sends it too)
	BadRequest                // 400 invalid_request_error
	Unauthorized              // 401 invalid key, whatever key was sent
	Drop                      // close the connection without answering
	HalfBody                  // 200 with half the JSON body, then close
	Garbage                   // 200 with a body that is not JSON
)

func (f Fault) String() string {
	return [...]string{"ok", "429", "500", "503", "529", "400", "401", "drop", "half-body", "garbage"}[f]
}

// Config shapes a fake server.
type Config struct {
	// Latency is added before every answer (also before faults).
	Latency time.Duration
	// Model is echoed in answers; default "fake-model".
	Model string
	// IgnoreN makes the OpenAI server answer one choice whatever n asks
	// (like servers that do not support n).
	IgnoreN bool
	// MaxN caps the choices per answer (0: no cap), like a server that
	// returns fewer than asked.
	MaxN int
	// APIKey, when set, is required: other keys get 401.
	APIKey string
	// RetryAfter is sent with 429 and 529 answers; "" sends none.
	RetryAfter string
	// Faults are served in order, one per request, before normal answers.
	Faults []Fault
	// FaultFunc, if set, decides the fault of request number i (0-based)
	// once Faults is used up.
	FaultFunc func(i int64) Fault
	// Reply makes the text of choice i of a request; default "answer i".
	Reply func(r Received, i int) string
	// CompletionTokens per choice; default: len(text)/4+1.
	CompletionTokens int
	// FinishReason of each choice; default "stop" ("end_turn" for Anthropic).
	FinishReason string
	// BatchPolls is how many status polls of a batch job answer
	// "in_progress" before it is "completed".
	BatchPolls int
	// BatchFail, if set, fails the batch requests whose custom_id it
	// returns true for (400 in the error file / errored result).
	BatchFail func(customID string) bool
	// Reasoning, when set, is sent as message.reasoning_content (like vLLM
	// with a reasoning parser) or as an Anthropic thinking block.
	Reasoning string
}

// Received is a request as the server saw it.
type Received struct {
	Path   string
	Header http.Header
	Body   map[string]any // the JSON body, if it was a JSON object
	Raw    []byte         // the body as sent
}

// N is the requested choice count (OpenAI's n), 1 when absent.
func (r Received) N() int {
	if v, ok := r.Body["n"].(float64); ok && v > 0 {
		return int(v)
	}
	return 1
}

// maxReceived bounds the requests kept for Received (the newest are kept).
const maxReceived = 4096

// Server is a running fake.
type Server struct {
	*httptest.Server
	cfg      Config
	mu       sync.Mutex
	faults   []Fault
	received []Received
	count    atomic.Int64
	inFlight atomic.Int64
	batch    batchState
	peak     atomic.Int64
}

func newServer(c Config, h func(s *Server, w http.ResponseWriter, r Received, f Fault)) *Server {
	if c.Model == "" {
		c.Model = "fake-model"
	}
	s := &Server{cfg: c, faults: append([]Fault(nil), c.Faults...)}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(fmt.Sprintf("llmtest: listen: %v", err))
	}
	s.Server = &httptest.Server{
		Listener: ln,
		Config: &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			cur := s.inFlight.Add(1)
			defer s.inFlight.Add(-1)
			for {
				p := s.peak.Load()
				if cur <= p || s.peak.CompareAndSwap(p, cur) {
					break
				}
			}
			i := s.count.Add(1) - 1
			body, _ := io.ReadAll(r.Body)
			rec := Received{Path: r.URL.Path, Header: r.Header.Clone(), Raw: body}
			_ = json.Unmarshal(body, &rec.Body)
			s.mu.Lock()
			if len(s.received) >= maxReceived {
				s.received = append(s.received[:0], s.received[len(s.received)-maxReceived/2:]...)
			}
			s.received = append(s.received, rec)
			f := OK
			if len(s.faults) > 0 {
				f, s.faults = s.faults[0], s.faults[1:]
			} else if c.FaultFunc != nil {
				f = c.FaultFunc(i)
			}
			s.mu.Unlock()
			if c.Latency > 0 {
				select {
				case <-time.After(c.Latency):
				case <-r.Context().Done():
					return
				}
			}
			h(s, w, rec, f)
		})},
	}
	s.Start()
	return s
}

// Count is the number of requests received.
func (s *Server) Count() int64 { return s.count.Load() }

// PeakInFlight is the most requests the server handled at once.
func (s *Server) PeakInFlight() int64 { return s.peak.Load() }

// Received returns a copy of the requests received so far (the last few
// thousand).
func (s *Server) Received() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Received(nil), s.received...)
}

// Last returns the last request received.
func (s *Server) Last() Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.received) == 0 {
		return Received{}
	}
	return s.received[len(s.received)-1]
}

func (s *Server) text(r Received, i int) string {
	if s.cfg.Reply != nil {
		return s.cfg.Reply(r, i)
	}
	return "answer " + strconv.Itoa(i)
}

func (s *Server) tokens(text string) int {
	if s.cfg.CompletionTokens > 0 {
		return s.cfg.CompletionTokens
	}
	return len(text)/4 + 1
}

func promptTokens(r Received) int {
	b, _ := json.Marshal(r.Body["messages"])
	return len(b)/4 + 1
}

// drop closes the connection under the handler without a response.
func drop(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic("llmtest: cannot hijack")
	}
	conn, _, err := hj.Hijack()
	if err == nil {
		conn.Close()
	}
}

// half writes a 200 announcing the whole body but sends only half of it.
func half(w http.ResponseWriter, body []byte) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic("llmtest: cannot hijack")
	}
	conn, buf, err := hj.Hijack()
	if err != nil {
		return
	}
	defer conn.Close()
	fmt.Fprintf(buf, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", len(body))
	buf.Write(body[:len(body)/2])
	buf.Flush()
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
