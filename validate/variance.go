package validate

import (
	"fmt"
	"math"
	"sort"

	"github.com/grpodata/grpodata/option"
	"github.com/grpodata/grpodata/record"
)

func init() {
	Register(Spec{
		Name:    "variance",
		Order:   50,
		Help:    "groups whose scores are all equal carry no GRPO learning signal; counted by category",
		Options: varianceDefaults,
		New: func(cfg Config) Check {
			m := option.PluginOf[varianceOptions](cfg.Options, "variance", varianceDefaults).MaxZeroVariance
			return &varianceCheck{max: m, ex: examples{check: "variance", max: cfg.MaxExamples}, byCat: map[string]*catCount{}}
		},
	})
}

func varianceDefaults() any { return &varianceOptions{MaxZeroVariance: 0.5} }

type varianceOptions struct {
	MaxZeroVariance float64 `yaml:"max_zero_variance" help:"warn when more than this fraction of groups has all-equal scores"`
}

type catCount struct{ groups, zero, allCorrect, allWrong int }

// varianceCheck counts zero-variance groups among fully scored groups;
// groups with a missing or invalid score are left to the scores check.
type varianceCheck struct {
	max      float64
	ex       examples
	byCat    map[string]*catCount
	all      catCount
	unscored int
}

func (c *varianceCheck) Observe(it *Item) {
	if it.In == nil || len(it.In.Responses) == 0 {
		return
	}
	first := math.NaN()
	equal := true
	for j := range it.In.Responses {
		r := &it.In.Responses[j]
		if r.ScoreKind != record.KindNumber || math.IsNaN(r.Score) || math.IsInf(r.Score, 0) {
			c.unscored++
			return
		}
		if j == 0 {
			first = r.Score
		} else if r.Score != first {
			equal = false
		}
	}
	cat := it.In.Category
	if cat == "" {
		cat = "(none)"
	}
	cc := c.byCat[cat]
	if cc == nil {
		cc = &catCount{}
		c.byCat[cat] = cc
	}
	for _, k := range []*catCount{cc, &c.all} {
		k.groups++
		if equal {
			k.zero++
			if first == 1 {
				k.allCorrect++
			} else if first == 0 {
				k.allWrong++
			}
		}
	}
	if equal {
		c.ex.add(it.Loc, "all %d scores are %s", len(it.In.Responses), record.AppendScore(nil, first))
	}
}

func (c *varianceCheck) Result() Result {
	frac := 0.0
	if c.all.groups > 0 {
		frac = float64(c.all.zero) / float64(c.all.groups)
	}
	cats := make([]string, 0, len(c.byCat))
	for k := range c.byCat {
		cats = append(cats, k)
	}
	sort.Strings(cats)
	by := map[string]any{}
	r := Result{Name: "variance", Count: c.all.zero, Examples: c.ex.list}
	for _, k := range cats {
		cc := c.byCat[k]
		f := float64(cc.zero) / float64(cc.groups)
		by[k] = map[string]any{"groups": cc.groups, "zero_variance": cc.zero, "fraction": math.Round(f*1e4) / 1e4,
			"all_correct": cc.allCorrect, "all_wrong": cc.allWrong}
		if len(cats) > 1 || k != "(none)" {
			r.Details = append(r.Details, fmt.Sprintf("%-16s %d of %d groups (%.1f%%) zero-variance: %d all correct, %d all wrong",
				k, cc.zero, cc.groups, 100*f, cc.allCorrect, cc.allWrong))
		}
	}
	r.Stats = map[string]any{"groups": c.all.groups, "zero_variance": c.all.zero, "fraction": math.Round(frac*1e4) / 1e4,
		"all_correct": c.all.allCorrect, "all_wrong": c.all.allWrong, "unscored_groups": c.unscored,
		"max_fraction": c.max, "by_category": by}
	r.Summary = fmt.Sprintf("%d of %d scored groups (%.1f%%) have all-equal scores, no learning signal (%d all correct, %d all wrong)",
		c.all.zero, c.all.groups, 100*frac, c.all.allCorrect, c.all.allWrong)
	if c.unscored > 0 {
		r.Summary += fmt.Sprintf("; %d groups not fully scored", c.unscored)
	}
	r.Status = Pass
	if frac > c.max {
		r.Status = Warn
		r.Summary += fmt.Sprintf(" (above %.0f%%)", 100*c.max)
	}
	return r
}
