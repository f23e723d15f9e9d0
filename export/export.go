package export

import (
	"io"

	"github.com/grpodata/grpodata/record"
	"github.com/grpodata/grpodata/registry"
)

// Spec describes a format for --help and docs.
type Spec struct {
	Name    string // registry name, e.g. "verl"
	Summary string // one line
	Columns string // the row shape, one line per column
	Ext     string // usual file extension, e.g. ".parquet"
	Binary  bool   // true when the output is not text (no .gz/.zst wrapping)
	// Reward is true when the format is trained on with grpodata's reward:
	// Run writes reward.FileName beside a file output.
	Reward bool
	// Train says how to train on a file of the format, for the hand-off a
	// pipeline prints: the trainer's command or script sized for groups of
	// groupSize; nil when there is nothing to say.
	Train func(path string, groupSize int) string
	// Options, when set, returns a pointer to a fresh struct of the
	// format's own knobs with their defaults (package option tags): they
	// join export's flags and pipeline keys, and NewEncoder finds them
	// filled in Options.Own. The built-in formats share Options instead.
	Options func() any
}

// Options are the settings every format may read; a format ignores the ones
// it has no use for.
type Options struct {
	// DataSource overrides verl's data_source for every row. Empty: a
	// DataSourceMap entry for the record's source, else DataSourceMath or
	// DataSourceCode by the row's verifier.
	DataSource string `yaml:"data_source" help:"verl data_source for every row (default: grpodata/math or grpodata/code, scored by the grpodata_reward.py export writes)"`
	// DataSourceMap maps a record's source (else its own data_source) to
	// verl's data_source, as SOURCE=DATA_SOURCE items: a row mapped to a
	// name verl knows (openai/gsm8k) is scored by verl's own reward there.
	DataSourceMap []string `yaml:"data_source_map" sep:"," help:"SOURCE=DATA_SOURCE,...: verl data_source for records of a source (others: grpodata/math or grpodata/code)"`
	// Split is verl's extra_info.split; empty means "train".
	Split string `yaml:"split" help:"verl extra_info.split"`
	// Ability overrides verl's ability. Empty: the record's category, else
	// "code" for a record with tests or an entry point, else "math".
	Ability string `yaml:"ability" help:"verl ability for every row (default: each record's category, else \"code\" for records with tests, else \"math\")"`
	// RequireReference skips records without a reference answer (or, for a
	// code row, tests) instead of writing them with an empty one.
	RequireReference bool `yaml:"require_reference" help:"skip records without a reference answer or tests (default: export them with an empty one)"`
	// ValFraction is the share of rows verl holds out for validation in
	// NAME-val.parquet beside the output, chosen by a hash of the record
	// key (the same rows every run); at least one row when there are two or
	// more. 0 writes no validation file. Only the verl format splits.
	ValFraction float64 `yaml:"val_fraction" help:"verl: share of rows held out in NAME-val.parquet (by record id hash; at least 1 row when there are 2 or more; 0: none)"`
	// GrpodataBin is the grpodata binary the reward file records; empty
	// means this executable.
	GrpodataBin string `option:"-"`
	// Dest is the output path (set by Run): the verl format writes its
	// validation file beside it.
	Dest string `option:"-"`
	// Own is the format's own knobs (its Spec.Options struct, filled);
	// nil for a format that declares none. Set by Run.
	Own any `option:"-"`
	// RowGroupBytes bounds the (uncompressed) size of a Parquet row group;
	// 0 means DefaultRowGroupBytes. Memory used by a Parquet export is about
	// one row group.
	RowGroupBytes int64 `option:"-"`
}

// The data_source of rows scored by grpodata's reward file (its
// compute_score hands any other data_source to verl's own reward).
const (
	DataSourceMath = "grpodata/math"
	DataSourceCode = "grpodata/code"
)

// DefaultValFraction is the verl validation share of the command's defaults.
const DefaultValFraction = 0.05

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
var ErrUnknownFormat = registry.ErrUnknown

// Registry holds formats by name (a registry.Registry of kind "export
// format"); build one with NewRegistry.
type Registry struct {
	*registry.Registry[Format]
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry {
	return &Registry{registry.New("export format", func(f Format) string { return f.Spec().Name })}
}

// Default holds the built-in formats.
var Default = NewRegistry()

// List returns the specs of all formats, sorted by name.
func (r *Registry) List() []Spec {
	var out []Spec
	for _, f := range r.Sorted() {
		out = append(out, f.Spec())
	}
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
