package llm

import (
	"sync/atomic"
	"time"
)

// Stats are live counters the wrappers update; a progress bar reads them with
// Snapshot. The zero value is ready; all methods are safe for concurrent use.
type Stats struct {
	calls, ok, failed, retries, rateLimited, inFlight atomic.Int64
	promptTokens, completionTokens, choices           atomic.Int64
	waitNanos                                         atomic.Int64
	eps                                               endpointCounts
}

// StatsSnapshot is a copy of Stats at one moment.
type StatsSnapshot struct {
	Calls            int64         // backend calls made (attempts, after splitting)
	OK               int64         // calls that succeeded
	Failed           int64         // calls that failed (each attempt)
	Retries          int64         // attempts that were retries
	RateLimited      int64         // failures that were 429/529
	InFlight         int64         // calls running now
	Choices          int64         // choices received
	PromptTokens     int64         // as reported by servers
	CompletionTokens int64         // as reported by servers
	LimiterWait      time.Duration // total time spent waiting for rate limits
	// Endpoints are the calls each server of a balance got (several
	// --base-url, or --base-urls-file); nil for one server.
	Endpoints []EndpointCount `json:",omitempty"`
}

// Snapshot copies the counters.
func (s *Stats) Snapshot() StatsSnapshot {
	if s == nil {
		return StatsSnapshot{}
	}
	return StatsSnapshot{
		Calls: s.calls.Load(), OK: s.ok.Load(), Failed: s.failed.Load(), Retries: s.retries.Load(),
		RateLimited: s.rateLimited.Load(), InFlight: s.inFlight.Load(), Choices: s.choices.Load(),
		PromptTokens: s.promptTokens.Load(), CompletionTokens: s.completionTokens.Load(),
		LimiterWait: time.Duration(s.waitNanos.Load()), Endpoints: s.endpoints(),
	}
}

func (s *Stats) begin() {
	if s != nil {
		s.calls.Add(1)
		s.inFlight.Add(1)
	}
}

func (s *Stats) end(g Group, err error) {
	if s == nil {
		return
	}
	s.inFlight.Add(-1)
	if err != nil {
		s.failed.Add(1)
		var e *Error
		if asError(err, &e) && (e.Status == 429 || e.Status == 529) {
			s.rateLimited.Add(1)
		}
		return
	}
	s.ok.Add(1)
	s.choices.Add(int64(len(g.Choices)))
	s.promptTokens.Add(int64(g.Usage.PromptTokens))
	s.completionTokens.Add(int64(g.Usage.CompletionTokens))
}

// Event is reported to an Observer by the wrappers.
type Event struct {
	Type     string        // "retry", "circuit-open", "circuit-close"
	Attempt  int           // for "retry": the attempt about to start (2 = first retry)
	Delay    time.Duration // for "retry": the backoff before it
	Endpoint string        // for circuit events
	Err      error         // the failure that caused it
}

// Observer receives events; it must be fast and safe for concurrent use.
type Observer func(Event)
