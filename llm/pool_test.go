package llm

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// fakeServer is an endpoint that can be down (its ping fails).
type fakeServer struct {
	down  atomic.Bool
	calls atomic.Int64
}

func (f *fakeServer) Sample(ctx context.Context, req Request) (Group, error) {
	f.calls.Add(1)
	return okGroup(req), nil
}

func (f *fakeServer) Ping(ctx context.Context) error {
	if f.down.Load() {
		return errors.New("connection refused")
	}
	return nil
}

// fleet is a pool over named fake servers and a URLs file.
type fleet struct {
	t       *testing.T
	file    string
	servers map[string]*fakeServer
	p       *pool
	notes   []string
}

func newFleet(t *testing.T, names ...string) *fleet {
	f := &fleet{t: t, file: filepath.Join(t.TempDir(), "urls.txt"), servers: map[string]*fakeServer{}}
	for _, n := range names {
		f.servers[n] = &fakeServer{}
	}
	return f
}

func (f *fleet) endpoints(urls []string) ([]Endpoint, error) {
	var eps []Endpoint
	for _, u := range urls {
		s, ok := f.servers[u]
		if !ok {
			return nil, errors.New("unknown " + u)
		}
		eps = append(eps, Endpoint{Name: u, Backend: s})
	}
	return eps, nil
}

func (f *fleet) write(lines ...string) {
	if err := os.WriteFile(f.file, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		f.t.Fatal(err)
	}
}

func (f *fleet) start(stats *Stats, urls ...string) Backend {
	eps, _ := f.endpoints(urls)
	bal := newBalance(eps, Breaker{}, nil)
	bal.stats = stats
	data, _ := os.ReadFile(f.file)
	f.p = &pool{file: f.file, bal: bal, make: f.endpoints, ping: time.Second, last: data,
		note: func(s string) { f.notes = append(f.notes, s) }, retryAt: map[string]time.Time{}}
	return bal
}

func (f *fleet) names() []string {
	var n []string
	for _, e := range f.p.bal.endpoints() {
		n = append(n, e.Name)
	}
	return n
}

func TestPoolFollowsTheFile(t *testing.T) {
	f := newFleet(t, "a", "b", "c", "d")
	f.write("# the fleet", "a", "", "b", "a")
	if got := parseURLs([]byte("# c\n a \n\nb\na\n")); !slices.Equal(got, []string{"a", "b"}) {
		t.Fatalf("parseURLs: %v", got)
	}
	bal := f.start(nil, "a", "b")
	keptState := f.p.bal.eps[0]
	ctx := context.Background()
	now := time.Now()

	f.write("a", "c")
	f.p.refresh(ctx, now)
	if got := f.names(); !slices.Equal(got, []string{"a", "c"}) {
		t.Fatalf("after a,c: %v", got)
	}
	if f.p.bal.eps[0] != keptState {
		t.Error("a staying endpoint lost its state (calls in flight, failures)")
	}
	f.servers["b"].calls.Store(0)
	for range 10 {
		bal.Sample(ctx, Request{})
	}
	if n := f.servers["b"].calls.Load(); n != 0 {
		t.Errorf("b left but got %d calls", n)
	}
	if f.servers["c"].calls.Load() == 0 {
		t.Error("c joined but got no call")
	}

	// A joining server that does not answer is left out, and tried again
	// after poolRetry even though the file did not change.
	f.servers["d"].down.Store(true)
	f.write("a", "c", "d")
	f.p.refresh(ctx, now)
	if got := f.names(); !slices.Equal(got, []string{"a", "c"}) {
		t.Fatalf("d is down: %v", got)
	}
	f.servers["d"].down.Store(false)
	f.p.refresh(ctx, now.Add(time.Second))
	if got := f.names(); slices.Contains(got, "d") {
		t.Fatalf("d retried before poolRetry: %v", got)
	}
	f.p.refresh(ctx, now.Add(poolRetry+time.Second))
	if got := f.names(); !slices.Equal(got, []string{"a", "c", "d"}) {
		t.Fatalf("d up again: %v", got)
	}

	// An empty or missing file keeps the endpoints.
	f.write("# nothing")
	f.p.refresh(ctx, now)
	os.Remove(f.file)
	f.p.refresh(ctx, now)
	if got := f.names(); len(got) != 3 {
		t.Fatalf("empty, then missing file: %v", got)
	}
	want := []string{"endpoint c joined", "endpoint b left", "not adding d: connection refused", "endpoint d joined", "lists no URL", "no such file"}
	all := strings.Join(f.notes, "\n")
	for _, w := range want {
		if !strings.Contains(all, w) {
			t.Errorf("notes lack %q:\n%s", w, all)
		}
	}
}

// TestPoolWatchPicksUpChanges: the watcher applies a file edited while it
// runs, and stops with its context.
func TestPoolWatchPicksUpChanges(t *testing.T) {
	old := poolPoll
	poolPoll = 10 * time.Millisecond
	defer func() { poolPoll = old }()
	f := newFleet(t, "a", "b")
	f.write("a")
	f.start(nil, "a")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { f.p.watch(ctx); close(done) }()
	f.write("a", "b")
	deadline := time.Now().Add(5 * time.Second)
	for len(f.p.bal.endpoints()) < 2 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	<-done
	if got := f.names(); !slices.Equal(got, []string{"a", "b"}) {
		t.Fatalf("watch: %v", got)
	}
}

func TestEndpointCounts(t *testing.T) {
	f := newFleet(t, "a", "b")
	stats := &Stats{}
	eps, _ := f.endpoints([]string{"a", "b"})
	b := Stack(eps, Options{Stats: stats})
	for range 10 {
		if _, err := b.Sample(context.Background(), Request{}); err != nil {
			t.Fatal(err)
		}
	}
	got := stats.Snapshot().Endpoints
	if len(got) != 2 || got[0].Endpoint != "a" || got[0].Calls+got[1].Calls != 10 || got[0].OK != got[0].Calls || got[0].Calls != 5 {
		t.Fatalf("endpoint counts %+v", got)
	}
}
