package tokenize

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/grpodata/grpodata/registry"
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

// Spec is a registered tokenizer: its name and its factory.
type Spec struct {
	Name string
	New  Factory
}

// Registry maps tokenizer names to factories (a registry.Registry of kind
// "tokenizer"); [Default] holds the built-in names.
type Registry struct {
	*registry.Registry[Spec]
}

// NewRegistry returns an empty tokenizer registry.
func NewRegistry() *Registry {
	return &Registry{registry.New("tokenizer", func(s Spec) string { return s.Name })}
}

// New makes the counter for spec: a registered name, else a path to a
// tokenizer.json (or tokenizer.json.gz) file. Files are loaded once per
// process (and again when they change); the counter is shared.
func (r *Registry) New(spec string) (Counter, error) {
	if s, err := r.Lookup(strings.ToLower(spec)); err == nil {
		return s.New()
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
var Default = NewRegistry()

// New makes a counter from the default registry; see [Registry.New].
func New(spec string) (Counter, error) { return Default.New(spec) }

func init() {
	for _, name := range []string{"o200k", "o200k_base", "cl100k", "cl100k_base"} {
		Default.MustRegister(Spec{Name: name, New: func() (Counter, error) { return newTiktoken(name) }})
	}
	Default.MustRegister(Spec{Name: "estimate", New: func() (Counter, error) { return Estimate{}, nil }})
}
