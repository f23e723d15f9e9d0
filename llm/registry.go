package llm

import (
	"net/http"
	"os"
	"time"

	"github.com/grpodata/grpodata/registry"
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
	// Options holds the backend's own settings: the struct its Spec.Options
	// declares, as Connect filled it; nil for a backend that declares none.
	Options any
}

// Spec describes one backend: its name, a one-line summary for --help, and
// its constructor.
type Spec struct {
	Name    string
	Summary string
	// Options, when set, returns a pointer to a fresh struct of the
	// backend's own settings with their defaults (package option tags): its
	// keys join Connect's (flags, pipeline keys, --help), and New finds it
	// filled in Config.Options.
	Options func() any
	// Policy, when set, names what of a configuration decides the
	// responses the backend samples (an offline backend's seed and
	// accuracy), for generate's settings sidecar; never how fast they come.
	Policy func(Config) map[string]string
	New    func(Config) (Backend, error)
}

// Registry maps backend names to specs (a registry.Registry of kind
// "backend"); build one with NewRegistry.
type Registry struct {
	*registry.Registry[Spec]
}

// NewRegistry returns an empty backend registry.
func NewRegistry() *Registry {
	return &Registry{registry.New("backend", func(s Spec) string { return s.Name })}
}

// Default is the registry backends add themselves to in init.
var Default = NewRegistry()

// Register adds a spec to the Default registry; it panics on a duplicate or
// a spec without a constructor, which are programming errors.
func Register(s Spec) { Default.MustRegister(s) }

// MustRegister adds a spec; it panics on a duplicate or a missing
// constructor.
func (r *Registry) MustRegister(s Spec) {
	if s.New == nil {
		panic("llm: backend " + s.Name + " registered without a constructor")
	}
	r.Registry.MustRegister(s)
}

// New builds a backend by name.
func (r *Registry) New(name string, c Config) (Backend, error) {
	s, err := r.Lookup(name)
	if err != nil {
		return nil, err
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
