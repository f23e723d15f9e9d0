package llm

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"
)

// An endpoint pool is a Balance whose endpoints change during a run: the
// base URLs of a file (--base-urls-file, one a line) are re-read every
// poolPoll, so a fleet of servers can grow or shrink under a long run. A URL
// that joins is pinged first (Preflight) and, when it does not answer, tried
// again after poolRetry; a URL that leaves gets no new calls (those in
// flight finish). The file is polled rather than watched: it is small, may
// live on NFS (where inotify sees no remote writes), and editors replace
// files in ways watches miss.
var poolPoll = 2 * time.Second // a variable for tests

const poolRetry = 30 * time.Second

// ReadURLs reads a base-URLs file: one URL a line; blank lines and lines
// starting with # are left out, and so are repeats.
func ReadURLs(path string) ([]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return parseURLs(data), nil
}

func parseURLs(data []byte) []string {
	var urls []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		u := strings.TrimSpace(sc.Text())
		if u != "" && !strings.HasPrefix(u, "#") && !slices.Contains(urls, u) {
			urls = append(urls, u)
		}
	}
	return urls
}

// setEndpoints replaces the balance's endpoints with eps, keeping the
// state (calls in flight, failures) of those it already had.
func (b *balance) setEndpoints(eps []Endpoint) {
	b.mu.Lock()
	defer b.mu.Unlock()
	old := map[string]*endpointState{}
	for _, e := range b.eps {
		old[e.Name] = e
	}
	next := make([]*endpointState, 0, len(eps))
	for _, e := range eps {
		if s, ok := old[e.Name]; ok {
			next = append(next, s)
		} else {
			next = append(next, &endpointState{Endpoint: e})
		}
	}
	b.eps = next
}

// endpoints are the endpoints the balance uses now.
func (b *balance) endpoints() []Endpoint {
	b.mu.Lock()
	defer b.mu.Unlock()
	eps := make([]Endpoint, len(b.eps))
	for i, e := range b.eps {
		eps[i] = e.Endpoint
	}
	return eps
}

// pool keeps a balance's endpoints in step with a URLs file.
type pool struct {
	file    string
	fixed   []string // URLs given as flags, always in the pool
	bal     *balance
	make    func(urls []string) ([]Endpoint, error)
	ping    time.Duration
	note    func(string)
	last    []byte
	retryAt map[string]time.Time // joining URLs that did not answer
}

// watch polls the file until ctx ends.
func (p *pool) watch(ctx context.Context) {
	t := time.NewTicker(poolPoll)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			p.refresh(ctx, time.Now())
		}
	}
}

// refresh applies the file's URLs when it changed, and retries joining
// URLs that did not answer before.
func (p *pool) refresh(ctx context.Context, now time.Time) {
	data, err := os.ReadFile(p.file)
	if err != nil {
		if !bytes.Equal(p.last, nil) {
			p.note(fmt.Sprintf("%s: %v; keeping the endpoints it listed", p.file, err))
			p.last = nil
		}
		return
	}
	changed := !bytes.Equal(data, p.last)
	p.last = data
	if !changed && !p.retryDue(now) {
		return
	}
	want := append(append([]string{}, p.fixed...), parseURLs(data)...)
	if len(want) == 0 {
		if changed {
			p.note(p.file + " lists no URL; keeping the endpoints it listed")
		}
		return
	}
	p.apply(ctx, want, now)
}

func (p *pool) retryDue(now time.Time) bool {
	for _, at := range p.retryAt {
		if !now.Before(at) {
			return true
		}
	}
	return false
}

// apply makes the pool's endpoints want: those already in stay, joining
// ones that answer a ping are added, the rest leave.
func (p *pool) apply(ctx context.Context, want []string, now time.Time) {
	have := map[string]Endpoint{}
	for _, e := range p.bal.endpoints() {
		have[e.Name] = e
	}
	var join []string
	for _, u := range want {
		if _, ok := have[u]; ok {
			continue
		}
		if at, wait := p.retryAt[u]; wait && now.Before(at) {
			continue
		}
		join = append(join, u)
	}
	var answered []Endpoint
	var down []error
	if len(join) > 0 {
		joined, err := p.make(join)
		if err != nil {
			p.note(fmt.Sprintf("%s: %v", p.file, err))
			return
		}
		answered, down, _ = Preflight(ctx, joined, p.ping)
	}
	for _, d := range down {
		p.note(fmt.Sprintf("not adding %v (trying again in %s)", d, poolRetry))
	}
	added := map[string]Endpoint{}
	for _, e := range answered {
		added[e.Name] = e
	}
	var next []Endpoint
	for _, u := range want {
		if e, ok := have[u]; ok {
			next = append(next, e)
		} else if e, ok := added[u]; ok {
			next = append(next, e)
			delete(p.retryAt, u)
			p.note("endpoint " + u + " joined")
		} else if slices.Contains(join, u) {
			p.retryAt[u] = now.Add(poolRetry)
		}
	}
	for u := range have {
		if !slices.Contains(want, u) {
			p.note("endpoint " + u + " left")
		}
	}
	for u := range p.retryAt {
		if !slices.Contains(want, u) {
			delete(p.retryAt, u)
		}
	}
	if len(next) > 0 {
		p.bal.setEndpoints(next)
	}
}

// allURLs are the --base-url URLs and those of --base-urls-file, with the
// file's content as read.
func (c Connect) allURLs() ([]string, []byte, error) {
	urls := c.URLs()
	if c.URLsFile == "" {
		return urls, nil, nil
	}
	data, err := os.ReadFile(c.URLsFile)
	if err != nil {
		return nil, nil, fmt.Errorf("--base-urls-file: %w", err)
	}
	for _, u := range parseURLs(data) {
		if !slices.Contains(urls, u) {
			urls = append(urls, u)
		}
	}
	if len(urls) == 0 {
		return nil, nil, fmt.Errorf("--base-urls-file: %s lists no URL", c.URLsFile)
	}
	return urls, data, nil
}

// pooled is Stack over a balance that follows the URLs file until ctx
// ends; the URLs that did not answer the first ping are tried again later.
func (c Connect) pooled(ctx context.Context, urls []string, eps []Endpoint, fileData []byte, o Options, note func(string)) Backend {
	bal := newBalance(eps, o.Breaker, o.Observer)
	bal.stats = o.Stats
	p := &pool{
		file: c.URLsFile, fixed: c.URLs(), bal: bal, ping: c.Preflight, note: note, last: fileData,
		make:    func(urls []string) ([]Endpoint, error) { return Default.Endpoints(c.Backend, c.Config(), urls) },
		retryAt: map[string]time.Time{},
	}
	up := map[string]bool{}
	for _, e := range eps {
		up[e.Name] = true
	}
	for _, u := range urls {
		if !up[u] {
			p.retryAt[u] = time.Now().Add(poolRetry)
		}
	}
	go p.watch(ctx)
	return stackOn(bal, o)
}
