package validate

import (
	"fmt"
	"math"
	"strings"

	"github.com/grpodata/grpodata/internal/human"
	"github.com/grpodata/grpodata/record"
)

func init() {
	Register(Spec{
		Name:  "scores",
		Order: 30,
		Help:  "every score present and a number in [0,1]; correct agrees with score",
		New:   func(cfg Config) Check { return &scoresCheck{ex: examples{check: "scores", max: cfg.MaxExamples}} },
	})
}

type scoresCheck struct {
	ex                                                                       examples
	missing, null, nonFinite, outOfRange, nonNumeric, contradict, badCorrect int
	responses                                                                int
}

func (c *scoresCheck) Observe(it *Item) {
	if it.In == nil {
		return
	}
	for j := range it.In.Responses {
		c.responses++
		r := &it.In.Responses[j]
		switch r.ScoreKind {
		case record.KindMissing:
			c.missing++
			c.ex.add(it.Loc, "responses[%d].score: missing", j)
		case record.KindNull:
			c.null++
			c.ex.add(it.Loc, "responses[%d].score: null (not verified)", j)
		case record.KindNumber:
			switch {
			case math.IsNaN(r.Score) || math.IsInf(r.Score, 0):
				c.nonFinite++
				c.ex.add(it.Loc, "responses[%d].score: %s is not a number in [0,1]", j, r.ScoreText)
			case r.Score < 0 || r.Score > 1:
				c.outOfRange++
				c.ex.add(it.Loc, "responses[%d].score: %g is outside [0,1]", j, r.Score)
			default:
				c.checkCorrect(it, j, r)
			}
		default:
			c.nonNumeric++
			c.ex.add(it.Loc, "responses[%d].score: expected a number, got %s %s", j, r.ScoreKind, r.ScoreText)
		}
		switch r.CorrectKind {
		case record.KindMissing, record.KindNull, record.KindBool:
		default:
			c.badCorrect++
			c.ex.add(it.Loc, "responses[%d].correct: expected true/false, got %s", j, r.CorrectKind)
		}
	}
}

// checkCorrect flags a correct flag that says the opposite of the score:
// correct=true with score 0, or correct=false with score 1. Partial scores
// agree with either flag.
func (c *scoresCheck) checkCorrect(it *Item, j int, r *record.ResponseInfo) {
	if r.CorrectKind != record.KindBool {
		return
	}
	if (r.Correct && r.Score == 0) || (!r.Correct && r.Score == 1) {
		c.contradict++
		c.ex.add(it.Loc, "responses[%d]: correct=%t contradicts score %s", j, r.Correct, record.AppendScore(nil, r.Score))
	}
}

func (c *scoresCheck) Result() Result {
	r := Result{Name: "scores", Count: c.ex.count, Examples: c.ex.list, Stats: map[string]any{
		"responses": c.responses, "missing": c.missing, "null": c.null, "nan_or_inf": c.nonFinite,
		"out_of_range": c.outOfRange, "non_numeric": c.nonNumeric, "correct_contradicts_score": c.contradict,
		"correct_not_boolean": c.badCorrect,
	}}
	if c.ex.count == 0 {
		r.Status, r.Summary = Pass, fmt.Sprintf("all %d scores are numbers in [0,1] and agree with correct", c.responses)
		return r
	}
	var parts []string
	for _, p := range []struct {
		n    int
		what string
	}{
		{c.missing, "missing"}, {c.null, "null"}, {c.nonFinite, "NaN/Inf"}, {c.outOfRange, "outside [0,1]"},
		{c.nonNumeric, "not numbers"}, {c.contradict, "correct contradicts score"}, {c.badCorrect, "correct not boolean"},
	} {
		if p.n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", p.n, p.what))
		}
	}
	r.Status = Fail
	r.Summary = fmt.Sprintf("%s of %d responses: %s", human.Plural(c.ex.count, "problem", "problems"), c.responses, strings.Join(parts, ", "))
	return r
}
