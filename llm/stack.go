package llm

import (
	"context"

	"golang.org/x/sync/errgroup"
)

// Options configure Stack.
type Options struct {
	Retry   RetryPolicy
	Limits  Limits
	Breaker Breaker
	// MaxInFlight bounds backend calls running at once (0: no bound).
	MaxInFlight int
	Stats       *Stats   // counters; may be nil
	Observer    Observer // retry and circuit events; may be nil
}

// Stack wraps endpoints (one Backend per base URL, at least one) with the
// standard wrappers:
//
//	split -> Retry -> Concurrency -> RateLimit -> Balance -> endpoints
func Stack(eps []Endpoint, o Options) Backend {
	if len(eps) == 1 {
		return stackOn(eps[0].Backend, o)
	}
	bal := newBalance(eps, o.Breaker, o.Observer)
	bal.stats = o.Stats
	return stackOn(bal, o)
}

// stackOn wraps b, the balance or the one endpoint, as Stack says.
func stackOn(b Backend, o Options) Backend {
	b = RateLimit(b, o.Limits, o.Stats)
	b = Concurrency(b, o.MaxInFlight)
	b = Retry(b, o.Retry, o.Stats, o.Observer)
	if oneChoice(b) {
		b = Split(b)
	}
	return b
}

type split struct{ next Backend }

// Split turns a request for N choices into N concurrent single-choice
// requests (with Offset set so per-choice seeds are stable) and merges the
// answers in order. If any part fails the whole group fails with the first
// error.
func Split(b Backend) Backend { return &split{next: b} }

func (s *split) Sample(ctx context.Context, req Request) (Group, error) {
	n := req.Count()
	if n == 1 {
		return s.next.Sample(ctx, req)
	}
	parts := make([]Group, n)
	g, gctx := errgroup.WithContext(ctx)
	for i := range n {
		g.Go(func() error {
			r := req
			r.N = 1
			r.Offset = req.Offset + i
			var err error
			parts[i], err = s.next.Sample(gctx, r)
			return err
		})
	}
	if err := g.Wait(); err != nil {
		if ctx.Err() != nil {
			return Group{}, ctx.Err()
		}
		return Group{}, err
	}
	var out Group
	for _, p := range parts {
		out.Merge(p)
	}
	return out, nil
}

// Build makes the backend name once per base URL (at least once, with
// c.BaseURL, when urls is empty) and wraps them with Stack.
func (r *Registry) Build(name string, c Config, urls []string, o Options) (Backend, error) {
	eps, err := r.Endpoints(name, c, urls)
	if err != nil {
		return nil, err
	}
	return Stack(eps, o), nil
}

// Endpoints makes the backend name once per base URL (at least once, with
// c.BaseURL, when urls is empty). An endpoint's Name is the URL it talks
// to: the one given, else the backend's default (see URLer).
func (r *Registry) Endpoints(name string, c Config, urls []string) ([]Endpoint, error) {
	if len(urls) == 0 {
		urls = []string{c.BaseURL}
	}
	eps := make([]Endpoint, 0, len(urls))
	for _, u := range urls {
		cu := c
		cu.BaseURL = u
		b, err := r.New(name, cu)
		if err != nil {
			return nil, err
		}
		if ur, ok := b.(URLer); ok && u == "" {
			u = ur.BaseURL()
		}
		eps = append(eps, Endpoint{Name: u, Backend: b})
	}
	return eps, nil
}

// URLer is implemented by backends that talk to a server at a base URL.
type URLer interface {
	BaseURL() string
}

// Build is Default.Build.
func Build(name string, c Config, urls []string, o Options) (Backend, error) {
	return Default.Build(name, c, urls, o)
}
