package llm

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/grpodata/grpodata/option"
)

// Connect is how a stage reaches a model, as users give it (flags, keys of
// a pipeline file; see package option): the backend, its servers, and the
// retry, rate and preflight knobs. Build turns it into a Backend.
type Connect struct {
	Backend     string        `yaml:"backend" help:"backend: anthropic, openai, sim"`
	Model       string        `yaml:"model" help:"model name (openai, anthropic)"`
	BaseURL     []string      `yaml:"base_url" sep:"," help:"server base URL; repeat (or comma-separate) to load-balance over several"`
	URLsFile    string        `yaml:"base_urls_file" help:"file of server base URLs, one a line, balanced with any --base-url; re-read during the run, so servers can join or leave"`
	Timeout     time.Duration `yaml:"timeout" help:"time limit of one call"`
	MaxRetries  int           `yaml:"max_retries" help:"retries of a failed call (429, 5xx, 529, resets, timeouts)"`
	RPM         int           `yaml:"rpm" help:"requests per minute limit (0: none)"`
	TPM         int           `yaml:"tpm" help:"tokens per minute limit (0: none)"`
	MaxInFlight int           `yaml:"max_in_flight" help:"bound on HTTP calls in flight (0: none beyond the command's concurrency)"`
	Preflight   time.Duration `yaml:"preflight_timeout" help:"time each server has to answer the check made before the run"`
	// Seed is the sim backend's seed; generate also sends it to servers
	// when given.
	Seed *int64 `yaml:"seed" help:"seed of the sim backend (sent to servers by generate when given)"`
	// Backends holds each backend's own settings (sim's sim_accuracy and
	// sim_latency), declared by its Spec.Options.
	Backends option.Plugins `yaml:",inline"`
}

// DefaultConnect holds the defaults of Connect for a backend, every
// registered backend's own settings included.
func DefaultConnect(backend string) Connect {
	c := Connect{Backend: backend, Timeout: 10 * time.Minute, MaxRetries: 7, Preflight: DefaultPreflightTimeout}
	for _, s := range Default.Sorted() {
		if s.Options != nil {
			c.Backends.Add(s.Name, s.Options())
		}
	}
	return c
}

// URLs are the base URLs given, comma-separated ones split.
func (c Connect) URLs() []string {
	var urls []string
	for _, u := range c.BaseURL {
		for _, p := range strings.Split(u, ",") {
			if p = strings.TrimSpace(p); p != "" {
				urls = append(urls, p)
			}
		}
	}
	return urls
}

// Config is the backend's own configuration (also for batch APIs, which
// bypass the retry and balancing stack).
func (c Connect) Config() Config {
	var seed int64
	if c.Seed != nil {
		seed = *c.Seed
	}
	return Config{Model: c.Model, Timeout: c.Timeout, Seed: seed, Options: c.Backends.Of(c.Backend)}
}

// Policy is what identifies the responses the backend samples (for
// generate's settings sidecar): its name and model, and an offline
// backend's seed and accuracy, never how fast they come.
func (c Connect) Policy() (backend, model string, options map[string]string) {
	if s, err := Default.Lookup(c.Backend); err == nil && s.Policy != nil {
		options = s.Policy(c.Config())
	}
	return c.Backend, c.Model, options
}

// Build makes the backend from Default, wrapped with retries, limits and
// balancing, after checking that its servers answer (Preflight): endpoints
// that do not are left out, each with a note, and none answering is an
// error within seconds. note receives the lines a person should see
// (which endpoint is used without --base-url, endpoints left out or set
// aside); stats may be nil.
func (c Connect) Build(ctx context.Context, stats *Stats, note func(string)) (Backend, error) {
	if _, err := Default.Lookup(c.Backend); err != nil {
		return nil, fmt.Errorf("--backend: %w", err)
	}
	urls, fileData, err := c.allURLs()
	if err != nil {
		return nil, err
	}
	eps, err := Default.Endpoints(c.Backend, c.Config(), urls)
	if err != nil {
		return nil, err
	}
	if _, ok := eps[0].Backend.(URLer); ok && len(c.URLs()) == 0 {
		note("no --base-url given: using " + eps[0].Name)
	}
	eps, down, err := Preflight(ctx, eps, c.Preflight)
	if err != nil {
		return nil, err
	}
	for _, d := range down {
		note(fmt.Sprintf("leaving out %v", d))
	}
	o := Options{
		Retry:       RetryPolicy{MaxAttempts: c.MaxRetries + 1},
		Limits:      Limits{RPM: c.RPM, TPM: c.TPM},
		MaxInFlight: c.MaxInFlight,
		Stats:       stats,
		Observer: func(e Event) {
			if e.Type == "circuit-open" {
				note(fmt.Sprintf("endpoint %s set aside after repeated failures: %v", e.Endpoint, e.Err))
			}
		},
	}
	if c.URLsFile != "" {
		return c.pooled(ctx, urls, eps, fileData, o, note), nil
	}
	return Stack(eps, o), nil
}
