package batch

import (
	"fmt"

	"github.com/grpodata/grpodata/option"
)

func init() {
	Register(Spec{
		Name:    "dynamic",
		Help:    "fill each batch up to --max-tokens tokens (counted with --tokenizer) and at most --batch-size records when given; a record over the budget goes alone",
		Options: dynamicDefaults,
		New: func(cfg Config) (Strategy, error) {
			o := option.PluginOf[budgetOptions](cfg.Options, "dynamic", dynamicDefaults)
			if o.MaxTokens <= 0 {
				return Strategy{}, fmt.Errorf("dynamic batching needs --max-tokens > 0, got %d", o.MaxTokens)
			}
			if o.BatchSize < 0 {
				return Strategy{}, fmt.Errorf("--batch-size: %d is not a record cap", o.BatchSize)
			}
			return Strategy{Cutter: &budgetCutter{max: o.MaxTokens, maxRecords: o.BatchSize}}, nil
		},
	})
}

func dynamicDefaults() any { return &budgetOptions{MaxTokens: 8192} }

// budgetOptions are dynamic batching's knobs.
type budgetOptions struct {
	MaxTokens int `json:"max_tokens" yaml:"max_tokens" help:"token budget per batch (dynamic)"`
	BatchSize int `json:"batch_size,omitempty" yaml:"batch_size" help:"records per batch (static, stratified: default 32); for dynamic a record cap (default: none)"`
}

// budgetCutter packs records greedily in order: a record that would take the
// batch over the budget starts a new one. A record larger than the budget on
// its own is placed alone (never dropped) with a warning.
type budgetCutter struct {
	max, used  int
	maxRecords int // 0: no cap on records per batch
	records    int
	started    bool
	oversize   bool // the current batch holds one oversize record
}

func (c *budgetCutter) Cut(m Meta) (bool, string) {
	var warn string
	newBatch := c.started && (c.oversize || c.used+m.Tokens > c.max || (c.maxRecords > 0 && c.records >= c.maxRecords))
	if m.Tokens > c.max {
		warn = fmt.Sprintf("%s:%d: %d tokens exceed the budget of %d; placed alone in its own batch", m.File, m.Line, m.Tokens, c.max)
		newBatch = c.started
		c.oversize = true
	} else {
		c.oversize = false
	}
	if newBatch || !c.started {
		c.used, c.records = 0, 0
	}
	c.used += m.Tokens
	c.records++
	c.started = true
	return newBatch, warn
}
