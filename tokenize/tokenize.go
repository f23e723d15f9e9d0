package tokenize

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
)

// Counter counts the tokens of a text. Implementations are safe for
// concurrent use.
type Counter interface {
	// Name is the spec the counter was made from, for reports.
	Name() string
	// Count returns the number of tokens of text, without special tokens
	// added around it.
	Count(text string) int
}

// Encoder is a Counter that also yields the token ids: every counter [New]
// returns except "estimate" is one. Count(text) == len(Encode(text)).
type Encoder interface {
	Counter
	// Encode returns the token ids of text, without special tokens added
	// around it.
	Encode(text string) []int
	// Decode returns the text of ids. Ids splitting a multi-byte character
	// can give invalid UTF-8, which Decode returns as is.
	Decode(ids []int) (string, error)
}

// ErrUnknownSpec is returned by New for a spec that is neither a registered
// name nor an existing file.
var ErrUnknownSpec = errors.New("unknown tokenizer")

// Factory makes a Counter.
type Factory func() (Counter, error)

// Registry maps tokenizer names to factories. The zero value is empty and
// ready to use; [Default] holds the built-in names.
type Registry struct {
	mu        sync.RWMutex
	factories map[string]Factory
}

// Register adds or replaces the factory for name.
func (r *Registry) Register(name string, f Factory) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.factories == nil {
		r.factories = make(map[string]Factory)
	}
	r.factories[name] = f
}

// Names returns the registered names, sorted.
func (r *Registry) Names() []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	names := make([]string, 0, len(r.factories))
	for n := range r.factories {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// New makes the counter for spec: a registered name, else a path to a
// tokenizer.json (or tokenizer.json.gz) file. Files are loaded once per
// process (and again when they change); the counter is shared.
func (r *Registry) New(spec string) (Counter, error) {
	r.mu.RLock()
	f, ok := r.factories[strings.ToLower(spec)]
	r.mu.RUnlock()
	if ok {
		return f()
	}
	if st, err := os.Stat(spec); err == nil {
		return loadCached(spec, st)
	} else if strings.ContainsAny(spec, `/\`) || strings.HasSuffix(spec, ".json") || strings.HasSuffix(spec, ".gz") {
		return nil, fmt.Errorf("tokenizer %q: %w", spec, err)
	}
	return nil, fmt.Errorf("%w %q (want one of %s, or a path to a tokenizer.json)",
		ErrUnknownSpec, spec, strings.Join(r.Names(), ", "))
}

// loaded keeps the tokenizer.json files New has loaded, so that stages
// asking for the same file share one (loading takes a good fraction of a
// second). A file changed since is loaded again.
var loaded sync.Map // fileKey -> *BPE

type fileKey struct {
	path  string
	size  int64
	mtime int64
}

func loadCached(path string, st os.FileInfo) (*BPE, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	key := fileKey{abs, st.Size(), st.ModTime().UnixNano()}
	if t, ok := loaded.Load(key); ok {
		return t.(*BPE), nil
	}
	t, err := LoadFile(path)
	if err != nil {
		return nil, err
	}
	actual, _ := loaded.LoadOrStore(key, t)
	return actual.(*BPE), nil
}

// Default is the registry New uses: o200k, o200k_base, cl100k, cl100k_base
// and estimate.
var Default = &Registry{}

// New makes a counter from the default registry; see [Registry.New].
func New(spec string) (Counter, error) { return Default.New(spec) }

func init() {
	Default.Register("o200k", func() (Counter, error) { return newTiktoken("o200k") })
	Default.Register("o200k_base", func() (Counter, error) { return newTiktoken("o200k_base") })
	Default.Register("cl100k", func() (Counter, error) { return newTiktoken("cl100k") })
	Default.Register("cl100k_base", func() (Counter, error) { return newTiktoken("cl100k_base") })
	Default.Register("estimate", func() (Counter, error) { return Estimate{}, nil })
}
