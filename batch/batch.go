// Package batch cuts GRPO record files into training batches: static (a
// fixed number of records), dynamic (a token budget counted with a real
// tokenizer) and stratified (each batch holds difficulty or category strata
// in proportion to their share). Strategies are registered by name, one file
// each. Lines are copied verbatim into batch-NNNNN.jsonl[.zst|.gz] files
// beside a manifest.json; the output directory appears complete or not at
// all. Memory stays bounded: streaming strategies write as they read, and a
// strategy that must see the whole input (or --shuffle) spills lines to a
// temporary file and keeps a 24-byte index entry per record.
package batch

import (
	"encoding/json"
	"fmt"

	"github.com/grpodata/grpodata/jsonl"
	"github.com/grpodata/grpodata/option"
	"github.com/grpodata/grpodata/registry"
)

// Counter counts tokens; tokenize.Counter satisfies it.
type Counter interface {
	Count(text string) int
}

// Config is the batch command's configuration. The strategies' own knobs
// (--batch-size, --max-tokens, --by) are declared by each strategy
// (Spec.Options) and live in Options; a strategy reads its own with
// option.PluginOf.
type Config struct {
	Strategy  string `json:"strategy" yaml:"strategy" help:"static, dynamic or stratified"`
	Tokenizer string `json:"tokenizer" yaml:"tokenizer" help:"o200k, cl100k, estimate, or a tokenizer.json path"`
	Count     string `json:"count" yaml:"count" enum:"prompt|all" help:"what counts toward the budget (all: the prompt and the responses)"`
	Shuffle   bool   `json:"shuffle" yaml:"shuffle" help:"shuffle records before batching (deterministic under --seed)"`
	Seed      uint64 `json:"seed" yaml:"seed" help:"random seed for --shuffle"`
	Compress  string `json:"compress" yaml:"compress" enum:"none|zst|gz" help:"batch file compression"`
	Workers   int    `json:"-" yaml:"workers" help:"decoding and counting goroutines (default: all cores)"`
	// Options holds every strategy's knobs, with their defaults.
	Options option.Plugins `json:"-" yaml:",inline"`
	// Open opens an input by name; nil means jsonl.Open. The reader it
	// returns carries the bad-record policy (jsonl.Reader.SkipBad).
	Open func(name string) (*jsonl.Reader, error) `json:"-" option:"-"`
}

// DefaultConfig holds the command's defaults: dynamic batches of 8192
// prompt tokens counted with o200k, and each strategy's own defaults.
func DefaultConfig() Config {
	c := Config{Strategy: "dynamic", Tokenizer: "o200k", Count: "prompt", Compress: "none"}
	for _, s := range Strategies() {
		if s.Options != nil {
			c.Options.Add(s.Name, s.Options())
		}
	}
	return c
}

// MarshalJSON writes the configuration as the manifest records it: the
// shared settings and the chosen strategy's knobs (what was used).
func (c Config) MarshalJSON() ([]byte, error) {
	type shared Config
	js, err := json.Marshal(shared(c))
	if err != nil {
		return nil, err
	}
	opts := c.Options.Of(c.Strategy)
	if opts == nil {
		return js, nil
	}
	knobs, err := json.Marshal(opts)
	if err != nil || len(knobs) <= 2 {
		return js, err
	}
	return append(append(js[:len(js)-1], ','), knobs[1:]...), nil
}

// Meta is what a strategy sees of one record.
type Meta struct {
	Tokens  int
	Stratum string // the --by label ("(none)" when the record has none)
	Line    int    // input line, for warnings
	File    string
}

// Cutter decides batch boundaries as records arrive in their final order.
type Cutter interface {
	// Cut reports whether m starts a new batch; warn is non-empty when the
	// record needs a note in the manifest (e.g. over the token budget).
	Cut(m Meta) (newBatch bool, warn string)
}

// Orderer is implemented by strategies that reorder the whole input before
// cutting (stratified). order is the current order (input order, or
// shuffled); Order returns a permutation of it.
type Orderer interface {
	Order(metas []Meta, order []int) []int
}

// Strategy is a registered way to cut batches.
type Strategy struct {
	Cutter  Cutter
	Orderer Orderer // nil for streaming strategies
	// By is the record label whose values are the strata (Meta.Stratum);
	// "" when the strategy has none.
	By string
}

// Spec describes a registered strategy.
type Spec struct {
	Name string
	Help string
	// Options, when set, returns a pointer to a fresh struct of the
	// strategy's knobs holding their defaults; its fields (package option
	// tags, json tags for the manifest) become the batch stage's flags and
	// pipeline keys, and New reads them from Config.Options.
	Options func() any
	New     func(Config) (Strategy, error)
}

// Default holds the strategies; each registers itself in init.
var Default = registry.New("strategy", func(s Spec) string { return s.Name })

// Register adds a strategy to Default; a duplicate name panics.
func Register(s Spec) { Default.MustRegister(s) }

// Strategies lists the registered strategies by name.
func Strategies() []Spec { return Default.Sorted() }

func lookup(name string) (Spec, error) { return Default.Lookup(name) }

// Check validates a configuration before any input is read.
func Check(cfg Config) error {
	spec, err := lookup(cfg.Strategy)
	if err != nil {
		return err
	}
	switch cfg.Count {
	case "prompt", "all":
	default:
		return fmt.Errorf("--count must be prompt or all, got %q", cfg.Count)
	}
	switch cfg.Compress {
	case "none", "zst", "gz":
	default:
		return fmt.Errorf("--compress must be none, zst or gz, got %q", cfg.Compress)
	}
	_, err = spec.New(cfg)
	return err
}
