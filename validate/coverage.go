package validate

import (
	"fmt"
	"math"

	"github.com/grpodata/grpodata/internal/human"
	"github.com/grpodata/grpodata/option"
	"github.com/grpodata/grpodata/record"
)

func init() {
	Register(Spec{
		Name:    "coverage",
		Order:   40,
		Help:    "percent of responses with a valid score; warns under --min-coverage",
		Options: coverageDefaults,
		CheckOptions: func(cfg Config) error {
			if m := option.PluginOf[coverageOptions](cfg.Options, "coverage", coverageDefaults).MinCoverage; m < 0 || m > 100 {
				return fmt.Errorf("--min-coverage must be a percentage in [0,100], got %g", m)
			}
			return nil
		},
		New: func(cfg Config) Check {
			return &coverageCheck{min: option.PluginOf[coverageOptions](cfg.Options, "coverage", coverageDefaults).MinCoverage}
		},
	})
}

func coverageDefaults() any { return &coverageOptions{MinCoverage: 80} }

type coverageOptions struct {
	MinCoverage float64 `yaml:"min_coverage" help:"warn when fewer than this percent of responses are scored"`
}

type coverageCheck struct {
	min             float64
	total, verified int
}

func (c *coverageCheck) Observe(it *Item) {
	if it.In == nil {
		return
	}
	for j := range it.In.Responses {
		c.total++
		r := &it.In.Responses[j]
		if r.ScoreKind == record.KindNumber && !math.IsNaN(r.Score) && !math.IsInf(r.Score, 0) {
			c.verified++
		}
	}
}

func (c *coverageCheck) Result() Result {
	cov := human.Percent(c.verified, c.total)
	r := Result{Name: "coverage", Count: c.total - c.verified, Stats: map[string]any{
		"responses": c.total, "verified": c.verified, "coverage_percent": round1(cov), "min_coverage_percent": c.min,
	}}
	r.Summary = fmt.Sprintf("verification coverage %.1f%% (%d of %d responses scored; minimum %g%%)", cov, c.verified, c.total, c.min)
	r.Status = Pass
	if cov < c.min || c.total == 0 {
		r.Status = Warn
		r.Summary = "WARNING: " + r.Summary
	}
	return r
}

func round1(f float64) float64 { return math.Round(f*10) / 10 }
