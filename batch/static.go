package batch

import (
	"fmt"

	"github.com/grpodata/grpodata/option"
)

func init() {
	Register(Spec{
		Name:    "static",
		Help:    "--batch-size records per batch, in input (or shuffled) order",
		Options: staticDefaults,
		New: func(cfg Config) (Strategy, error) {
			o := option.PluginOf[sizeOptions](cfg.Options, "static", staticDefaults)
			if o.BatchSize <= 0 {
				return Strategy{}, fmt.Errorf("static batching needs --batch-size > 0, got %d", o.BatchSize)
			}
			return Strategy{Cutter: &fixedCutter{size: o.BatchSize}}, nil
		},
	})
}

// DefaultBatchSize is the records per batch of static and stratified
// batching when none is given.
const DefaultBatchSize = 32

// sizeOptions are the knob of a strategy with a fixed batch size.
type sizeOptions struct {
	BatchSize int `json:"batch_size" yaml:"batch_size" help:"records per batch (static, stratified: default 32); for dynamic a record cap (default: none)"`
}

func staticDefaults() any { return &sizeOptions{BatchSize: DefaultBatchSize} }

// fixedCutter starts a new batch every size records.
type fixedCutter struct {
	size, n int
}

func (c *fixedCutter) Cut(Meta) (bool, string) {
	c.n++
	return c.n > 1 && (c.n-1)%c.size == 0, ""
}
