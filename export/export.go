package export

import (
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"

	"github.com/grpodata/grpodata/record"
)

// Spec describes a format for --help and docs.
type Spec struct {
	Name    string // registry name, e.g. "verl"
	Summary string // one line
	Columns string // the row shape, one line per column
	Ext     string // usual file extension, e.g. ".parquet"
	Binary  bool   // true when the output is not text (no .gz/.zst wrapping)
}

// Options are the settings every format may read; a format ignores the ones
// it has no use for.
type Options struct {
	// DataSource overrides verl's data_source (which picks verl's reward
	// function). Empty: the record's "source", else its own "data_source",
	// else FallbackDataSource.
	DataSource string `yaml:"data_source" help:"verl data_source for every row (default: each record's \"source\", else \"grpodata\")"`
	// Split is verl's extra_info.split; empty means "train".
	Split string `yaml:"split" help:"verl extra_info.split"`
	// Ability overrides verl's ability. Empty: the record's category, else
	// "code" for a record with tests or an entry point, else "math".
	Ability string `yaml:"ability" help:"verl ability for every row (default: each record's category, else \"code\" for records with tests, else \"math\")"`
	// RequireReference skips records without a reference answer instead of
	// writing them with an empty one.
	RequireReference bool `yaml:"require_reference" help:"skip records without a reference answer (default: export them with an empty one)"`
	// RowGroupBytes bounds the (uncompressed) size of a Parquet row group;
	// 0 means DefaultRowGroupBytes. Memory used by a Parquet export is about
	// one row group.
	RowGroupBytes int64 `option:"-"`
}

// FallbackDataSource is verl's data_source for a record with no source of its
// own and no --data-source. verl's default reward function does not know it:
// pass --data-source with a name it knows (e.g. "openai/gsm8k",
// "lighteval/MATH") or configure a custom reward function.
const FallbackDataSource = "grpodata"

// DefaultRowGroupBytes is the default bound of a Parquet row group.
const DefaultRowGroupBytes = 64 << 20

func (o Options) split() string {
	if o.Split == "" {
		return "train"
	}
	return o.Split
}

// Result is what an encoder did with one record.
type Result struct {
	// Skip is the reason the record was not written ("" when it was).
	Skip string
	// Notes are caveats of a record that was written, such as "no reference
	// answer: ground_truth empty"; they are counted, not errors.
	Notes []string
}

func skip(reason string) Result { return Result{Skip: reason} }

// Encoder writes records of one format to the writer it was made with.
type Encoder interface {
	// Encode converts and writes one record. A record the format cannot
	// hold is reported in Result.Skip, not as an error; an error means the
	// output failed.
	Encode(rec *record.Record) (Result, error)
	// Close finishes the output (a Parquet footer, buffered lines). It does
	// not close the underlying writer.
	Close() error
}

// Format is one named output shape.
type Format interface {
	Spec() Spec
	NewEncoder(w io.Writer, opt Options) (Encoder, error)
}

// ErrUnknownFormat is matched (errors.Is) by Lookup's error for a name that
// is not registered.
var ErrUnknownFormat = errors.New("unknown export format")

// Registry holds formats by name. The zero value is not usable; use
// NewRegistry.
type Registry struct {
	mu      sync.RWMutex
	formats map[string]Format
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry { return &Registry{formats: map[string]Format{}} }

// Default holds the built-in formats.
var Default = NewRegistry()

// Register adds f; a second format with the same name is an error.
func (r *Registry) Register(f Format) error {
	name := f.Spec().Name
	if name == "" {
		return errors.New("export: format with an empty name")
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, dup := r.formats[name]; dup {
		return fmt.Errorf("export: format %q registered twice", name)
	}
	r.formats[name] = f
	return nil
}

// Lookup returns the format called name.
func (r *Registry) Lookup(name string) (Format, error) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if f, ok := r.formats[name]; ok {
		return f, nil
	}
	names := make([]string, 0, len(r.formats))
	for n := range r.formats {
		names = append(names, n)
	}
	sort.Strings(names)
	return nil, fmt.Errorf("%w %q (known: %s)", ErrUnknownFormat, name, strings.Join(names, ", "))
}

// List returns the specs of all formats, sorted by name.
func (r *Registry) List() []Spec {
	r.mu.RLock()
	defer r.mu.RUnlock()
	out := make([]Spec, 0, len(r.formats))
	for _, f := range r.formats {
		out = append(out, f.Spec())
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Register adds f to Default; it panics on a duplicate name (a programming
// error caught at init).
func Register(f Format) {
	if err := Default.Register(f); err != nil {
		panic(err)
	}
}

// Lookup finds a format in Default.
func Lookup(name string) (Format, error) { return Default.Lookup(name) }

// List returns the specs of Default's formats.
func List() []Spec { return Default.List() }
