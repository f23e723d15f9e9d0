package mathexpr

import (
	"math/big"
	"regexp"
)

// A question that asks for a percent ("What percent of ...?", "Express ... as a percentage")
// is often answered with the bare percent number: 25 for a reference written as the fraction
// \frac{1}{4}. With Options.Question set, such a candidate equals the reference when it is
// exactly 100 times it. Only a reference written as a fraction is read that way: a decimal
// reference such as 0.25 may itself be the percent (0.25%), and 25 must not pass for it.

var percentQuestionRe = regexp.MustCompile(`(?i)\b(?:what|which|how\s+many)\s+(?:percent|percentage)\b|` +
	`\b(?:as|in)\s+(?:a\s+)?(?:percent|percentage)\b|\bby\s+what\s+(?:percent|percentage)\b|` +
	`\b(?:percent|percentage)\s+(?:change|increase|decrease)\b`)

// asksPercent reports whether a question asks for its answer as a percent.
func asksPercent(q string) bool {
	return q != "" && percentQuestionRe.MatchString(q)
}

// fractionValue is the value of a reference written as a fraction of whole numbers (\frac{1}{4},
// 3/8, -\frac{1}{2}).
func fractionValue(e *Expr) (*big.Rat, bool) {
	if e.Kind == KNeg {
		v, ok := fractionValue(e.Args[0])
		if !ok {
			return nil, false
		}
		return new(big.Rat).Neg(v), true
	}
	if e.Kind != KDiv || !isIntLit(e.Args[0]) || !isIntLit(e.Args[1]) || e.Args[1].Val.Sign() == 0 {
		return nil, false
	}
	return new(big.Rat).Quo(e.Args[0].Val, e.Args[1].Val), true
}

// plainNumber is the value of a candidate written as a number without a percent sign.
func plainNumber(e *Expr) (*big.Rat, bool) {
	switch e.Kind {
	case KNum:
		return e.Val, true
	case KNeg:
		if v, ok := plainNumber(e.Args[0]); ok {
			return new(big.Rat).Neg(v), true
		}
	}
	return nil, false
}

// percentOfFraction reports whether the candidate is the percent number of a fraction reference
// for a question that asks for a percent.
func percentOfFraction(question string, ref, cand *Expr) bool {
	if !asksPercent(question) {
		return false
	}
	r, ok1 := fractionValue(ref)
	c, ok2 := plainNumber(cand)
	return ok1 && ok2 && new(big.Rat).Mul(r, big.NewRat(100, 1)).Cmp(c) == 0
}
