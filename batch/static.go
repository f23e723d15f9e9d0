package batch

import "fmt"

func init() {
	Register(Spec{
		Name: "static",
		Help: "--batch-size records per batch, in input (or shuffled) order",
		New: func(cfg Config) (Strategy, error) {
			if cfg.BatchSize <= 0 {
				return Strategy{}, fmt.Errorf("static batching needs --batch-size > 0, got %d", cfg.BatchSize)
			}
			return Strategy{Cutter: &fixedCutter{size: cfg.BatchSize}}, nil
		},
	})
}

// fixedCutter starts a new batch every size records.
type fixedCutter struct {
	size, n int
}

func (c *fixedCutter) Cut(Meta) (bool, string) {
	c.n++
	return c.n > 1 && (c.n-1)%c.size == 0, ""
}
