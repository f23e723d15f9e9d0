// Package llm holds the provider-neutral side of sampling: the request and
// response types, the Backend interface every provider implements, a registry
// of named backends, typed errors that classify failures, and the wrappers that
// add retries, rate limits, a concurrency bound and load balancing around a
// Backend.
//
// A backend lives in a folder of its own (llm/openai, llm/anthropic, llm/sim)
// and registers itself in init; llm/all bundles them with blank imports. A new
// backend is one file and one Register call.
//
// Wrappers sit outside backends, in this order (see Stack):
//
//	split (backends that answer one choice per call) -> retry -> concurrency
//	  -> rate limit -> balance over endpoints -> backend
//
// so every retry is counted once, retries go back through the rate limiter
// and may land on another endpoint. The balance may follow a file of base
// URLs during the run (Connect.URLsFile, pool.go), and counts each
// endpoint's calls (StatsSnapshot.Endpoints).
//
// # Hints
//
// Request.Hints carries information for offline backends that must never be
// sent to a server: the sim backend reads HintAnswer (the reference answer) and
// HintSolution (a reference program). Network backends ignore Hints.
package llm
