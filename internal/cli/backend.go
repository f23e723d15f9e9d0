package cli

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/grpodata/grpodata/generate"
	"github.com/grpodata/grpodata/llm"
	_ "github.com/grpodata/grpodata/llm/all"
)

// backendFlags are the flags that choose and reach an LLM backend; every
// command that asks a model (generate, augment) binds the same ones.
type backendFlags struct {
	backend     string
	model       string
	baseURLs    []string
	timeout     time.Duration
	maxRetries  int
	rpm, tpm    int
	maxInFlight int
	seed        int64
	simAccuracy float64
	simLatency  time.Duration
	preflight   time.Duration
}

func (b *backendFlags) bind(c *cobra.Command, defaultBackend string) {
	f := c.Flags()
	f.StringVar(&b.backend, "backend", defaultBackend, "backend: "+strings.Join(llm.Default.Names(), ", "))
	f.StringVar(&b.model, "model", "", "model name (openai, anthropic)")
	f.StringArrayVar(&b.baseURLs, "base-url", nil, "server base URL; repeat (or comma-separate) to load-balance over several")
	f.DurationVar(&b.timeout, "timeout", 10*time.Minute, "time limit of one call")
	f.IntVar(&b.maxRetries, "max-retries", 7, "retries of a failed call (429, 5xx, 529, resets, timeouts)")
	f.IntVar(&b.rpm, "rpm", 0, "requests per minute limit (0: none)")
	f.IntVar(&b.tpm, "tpm", 0, "tokens per minute limit (0: none)")
	f.IntVar(&b.maxInFlight, "max-in-flight", 0, "bound on HTTP calls in flight (0: none beyond the command's concurrency)")
	f.DurationVar(&b.preflight, "preflight-timeout", llm.DefaultPreflightTimeout, "time each server has to answer the check made before the run")
	f.Int64Var(&b.seed, "seed", 0, "seed of the sim backend (sent to servers by generate when given)")
	f.Float64Var(&b.simAccuracy, "sim-accuracy", 0.5, "sim backend: probability that a response is correct")
	f.DurationVar(&b.simLatency, "sim-latency", 0, "sim backend: time per call")
}

func (b *backendFlags) urls() []string {
	var urls []string
	for _, u := range b.baseURLs {
		for _, p := range strings.Split(u, ",") {
			if p = strings.TrimSpace(p); p != "" {
				urls = append(urls, p)
			}
		}
	}
	return urls
}

// build makes the backend wrapped with retries, limits and balancing,
// after checking that its servers answer: endpoints that do not are left
// out with a warning, and none answering is an error within seconds.
func (b *backendFlags) build(ctx context.Context, s *Streams, name string, stats *llm.Stats) (llm.Backend, error) {
	if _, err := llm.Default.Lookup(b.backend); err != nil {
		return nil, fmt.Errorf("--backend: %w", err)
	}
	eps, err := llm.Default.Endpoints(b.backend, b.config(), b.urls())
	if err != nil {
		return nil, err
	}
	if _, ok := eps[0].Backend.(llm.URLer); ok && len(b.urls()) == 0 {
		fmt.Fprintf(s.Err, "%s: no --base-url given: using %s\n", name, eps[0].Name)
	}
	eps, down, err := llm.Preflight(ctx, eps, b.preflight)
	if err != nil {
		return nil, err
	}
	for _, d := range down {
		fmt.Fprintf(s.Err, "%s: leaving out %v\n", name, d)
	}
	opts := llm.Options{
		Retry:       llm.RetryPolicy{MaxAttempts: b.maxRetries + 1},
		Limits:      llm.Limits{RPM: b.rpm, TPM: b.tpm},
		MaxInFlight: b.maxInFlight,
		Stats:       stats,
		Observer: func(e llm.Event) {
			if e.Type == "circuit-open" {
				fmt.Fprintf(s.Err, "%s: endpoint %s set aside after repeated failures: %v\n", name, e.Endpoint, e.Err)
			}
		},
	}
	return llm.Stack(eps, opts), nil
}

// policy names the backend for generate's settings sidecar: what changes
// the responses it samples (an offline backend's seed and accuracy), not how
// fast they come.
func (b *backendFlags) policy() generate.Settings {
	p := generate.Settings{Backend: b.backend, Model: b.model}
	if b.backend == "sim" {
		p.Options = map[string]string{"seed": fmt.Sprint(b.seed), "accuracy": fmt.Sprint(b.simAccuracy)}
	}
	return p
}

// config is the backend's own configuration (also for batch APIs, which
// bypass the retry and balancing stack).
func (b *backendFlags) config() llm.Config {
	return llm.Config{Model: b.model, Timeout: b.timeout, Seed: b.seed, Options: map[string]string{
		"accuracy": fmt.Sprint(b.simAccuracy), "latency": b.simLatency.String(),
	}}
}
