package llm

import (
	"sort"
	"sync"
)

// EndpointCount is what one endpoint of a balance served.
type EndpointCount struct {
	Endpoint string `json:"endpoint"`
	Calls    int64  `json:"calls"`
	OK       int64  `json:"ok"`
	Failed   int64  `json:"failed"`
}

// endpointCounts are Stats' per-endpoint counters.
type endpointCounts struct {
	mu sync.Mutex
	by map[string]*EndpointCount
}

// endpoint counts one call a balance sent to an endpoint.
func (s *Stats) endpoint(name string, err error) {
	if s == nil {
		return
	}
	s.eps.mu.Lock()
	defer s.eps.mu.Unlock()
	if s.eps.by == nil {
		s.eps.by = map[string]*EndpointCount{}
	}
	c := s.eps.by[name]
	if c == nil {
		c = &EndpointCount{Endpoint: name}
		s.eps.by[name] = c
	}
	c.Calls++
	if err != nil {
		c.Failed++
	} else {
		c.OK++
	}
}

// endpoints copies the per-endpoint counts, by endpoint name.
func (s *Stats) endpoints() []EndpointCount {
	s.eps.mu.Lock()
	defer s.eps.mu.Unlock()
	if len(s.eps.by) == 0 {
		return nil
	}
	out := make([]EndpointCount, 0, len(s.eps.by))
	for _, c := range s.eps.by {
		out = append(out, *c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Endpoint < out[j].Endpoint })
	return out
}
