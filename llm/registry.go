package llm

import (
	"fmt"
	"net/http"
	"os"
	"sort"
	"sync"
	"time"
)

// Config is what a backend constructor receives. Fields a backend does not
// use are ignored.
type Config struct {
	// BaseURL is the server to talk to ("http://localhost:8000/v1"); empty
	// means the vendor's default.
	BaseURL string
	Model   string
	// APIKey overrides the key from the environment (OPENAI_API_KEY,
	// ANTHROPIC_API_KEY). It is never printed.
	APIKey string
	// Timeout bounds one HTTP call; 0 means 10 minutes.
	Timeout time.Duration
	// HTTPClient replaces the default client (tests, proxies).
	HTTPClient *http.Client
	// Seed is the global seed of offline backends.
	Seed int64
	// Options holds backend-specific settings by name ("accuracy" for sim).
	Options map[string]string
}

// Spec describes one backend: its name, a one-line summary for --help, and
// its constructor.
type Spec struct {
	Name    string
	Summary string
	// Options documents the keys of Config.Options the backend reads.
	Options map[string]string
	New     func(Config) (Backend, error)
}

// Registry maps backend names to specs. The zero value is ready to use.
type Registry struct {
	mu    sync.RWMutex
	specs map[string]Spec
}

// Default is the registry backends add themselves to in init.
var Default = &Registry{}

// Register adds a spec to the Default registry; it panics on a duplicate.
func Register(s Spec) { Default.Register(s) }

// Register adds a spec; it panics on a duplicate or empty name, which is a
// programming error.
func (r *Registry) Register(s Spec) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if s.Name == "" || s.New == nil {
		panic("llm: Register needs a name and a constructor")
	}
	if r.specs == nil {
		r.specs = map[string]Spec{}
	}
	if _, dup := r.specs[s.Name]; dup {
		panic("llm: backend " + s.Name + " registered twice")
	}
	r.specs[s.Name] = s
}

// Lookup returns the spec of a backend.
func (r *Registry) Lookup(name string) (Spec, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	s, ok := r.specs[name]
	return s, ok
}

// Names lists the registered backends in order.
func (r *Registry) Names() []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	out := make([]string, 0, len(r.specs))
	for n := range r.specs {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// New builds a backend by name.
func (r *Registry) New(name string, c Config) (Backend, error) {
	s, ok := r.Lookup(name)
	if !ok {
		return nil, fmt.Errorf("llm: unknown backend %q (have %v)", name, r.Names())
	}
	return s.New(c)
}

// New builds a backend from the Default registry.
func New(name string, c Config) (Backend, error) { return Default.New(name, c) }

// Connection resolves where and how a vendor backend connects: the base URL
// (Config.BaseURL, else $<PREFIX>_BASE_URL, else defaultBase), the API key
// (Config.APIKey, else $<PREFIX>_API_KEY; never printed) and the HTTP
// client (Config.HTTPClient, else one with Config.Timeout).
func (c Config) Connection(envPrefix, defaultBase string) (base, key string, client *http.Client) {
	base = c.BaseURL
	if base == "" {
		base = os.Getenv(envPrefix + "_BASE_URL")
	}
	if base == "" {
		base = defaultBase
	}
	key = c.APIKey
	if key == "" {
		key = os.Getenv(envPrefix + "_API_KEY")
	}
	client = c.HTTPClient
	if client == nil {
		client = NewHTTPClient(c.Timeout)
	}
	return base, key, client
}
