package mathexpr

import (
	"math"
	"sort"
)

// Sets of real numbers (intervals, unions, finite sets of constants) are compared through one
// normal form: sorted, disjoint spans. [1, 2] ∪ [2, 3] is [1, 3], \mathbb{R} \setminus \{0\}
// is (-∞, 0) ∪ (0, ∞) and [1, 3] ∩ [2, 5] is [2, 3]. The ends keep their expressions, so after
// normalizing they are still compared exactly (the floats only order them).

// span is one interval of the real line; a point is a closed span with lo = hi.
type span struct {
	lo, hi         *Expr
	flo, fhi       float64
	loOpen, hiOpen bool
}

// endValue is the real value of an interval end (±Inf for ±∞).
func endValue(e *Expr, b *budget) (float64, bool) {
	switch infSign(e) {
	case 1:
		return math.Inf(1), true
	case -1:
		return math.Inf(-1), true
	}
	vars := map[string]bool{}
	e.vars(vars)
	if len(vars) > 0 {
		return 0, false
	}
	v, err := evalC(e, nil, b)
	if err != nil || !isReal(v) || !finite(v) {
		return 0, false
	}
	return real(v), true
}

// cmpF orders two ends; values within 1e-12 (relative) are the same end.
func cmpF(a, b float64) int {
	switch {
	case a == b:
		return 0
	case math.IsInf(a, 0) || math.IsInf(b, 0):
		// only one is infinite: ordered as is (the tolerance below would make ∞ equal anything)
	case math.Abs(a-b) <= 1e-12*math.Max(1, math.Max(math.Abs(a), math.Abs(b))):
		return 0
	}
	if a < b {
		return -1
	}
	return 1
}

func newSpan(lo, hi *Expr, loOpen, hiOpen bool, b *budget) (span, bool) {
	flo, ok1 := endValue(lo, b)
	fhi, ok2 := endValue(hi, b)
	if !ok1 || !ok2 || cmpF(flo, fhi) > 0 {
		return span{}, false // (3, 1) is not read as the empty set
	}
	return span{lo, hi, flo, fhi, loOpen || math.IsInf(flo, 0), hiOpen || math.IsInf(fhi, 0)}, true
}

// realSet reads e as a set of reals (toSpans) after checking that the floats order its ends
// faithfully: two ends within the tolerance of cmpF must be exactly equal, else a gap such as
// [0, 1] ∪ [1.0000000000001, 2] would be closed. ok is false when they are not.
func realSet(e *Expr, b *budget) ([]span, bool) {
	var ends []*Expr
	if !collectEnds(e, &ends) || len(ends) > 200 {
		return nil, false
	}
	vals := make([]float64, len(ends))
	for i, x := range ends {
		v, ok := endValue(x, b)
		if !ok {
			return nil, false
		}
		vals[i] = v
	}
	for i := range ends {
		for j := i + 1; j < len(ends); j++ {
			if cmpF(vals[i], vals[j]) != 0 || math.IsInf(vals[i], 0) {
				continue
			}
			if same, _, err := scalarEq(ends[i], ends[j], b); err != nil || !same {
				return nil, false
			}
		}
	}
	return toSpans(e, b)
}

// collectEnds gathers the interval ends and points of a set expression.
func collectEnds(e *Expr, out *[]*Expr) bool {
	switch e.Kind {
	case KInterval, KSet:
		*out = append(*out, e.Args...)
	case KTuple:
		if len(e.Args) != 2 {
			return false
		}
		*out = append(*out, e.Args...)
	case KUnion, KList, KSetOp:
		for _, a := range e.Args {
			if !collectEnds(a, out) {
				return false
			}
		}
	default:
		return false
	}
	return true
}

// toSpans reads e as a set of reals; ok is false when it is not one (a set of expressions
// with variables, a matrix, ...).
func toSpans(e *Expr, b *budget) ([]span, bool) {
	switch e.Kind {
	case KInterval:
		s, ok := newSpan(e.Args[0], e.Args[1], e.Open[0], e.Open[1], b)
		return []span{s}, ok
	case KTuple:
		if len(e.Args) != 2 {
			return nil, false
		}
		s, ok := newSpan(e.Args[0], e.Args[1], true, true, b)
		return []span{s}, ok
	case KSet:
		var out []span
		for _, a := range e.Args {
			if !isScalar(a) {
				return nil, false
			}
			s, ok := newSpan(a, a, false, false, b)
			if !ok || math.IsInf(s.flo, 0) {
				return nil, false
			}
			out = append(out, s)
		}
		return normSpans(out), true
	case KUnion, KList:
		var out []span
		for _, a := range e.Args {
			s, ok := toSpans(a, b)
			if !ok {
				return nil, false
			}
			out = append(out, s...)
		}
		return normSpans(out), true
	case KSetOp:
		l, ok1 := toSpans(e.Args[0], b)
		r, ok2 := toSpans(e.Args[1], b)
		if !ok1 || !ok2 {
			return nil, false
		}
		switch e.Name {
		case "cap":
			return complement(normSpans(append(complement(l), complement(r)...))), true
		case "setminus":
			return complement(normSpans(append(complement(l), r...))), true
		}
		return nil, false
	}
	return nil, false
}

func (s span) empty() bool {
	c := cmpF(s.flo, s.fhi)
	return c > 0 || c == 0 && (s.loOpen || s.hiOpen)
}

// normSpans sorts spans and merges the ones that overlap or touch at a closed end.
func normSpans(in []span) []span {
	var ss []span
	for _, s := range in {
		if !s.empty() {
			ss = append(ss, s)
		}
	}
	sort.SliceStable(ss, func(i, j int) bool {
		if c := cmpF(ss[i].flo, ss[j].flo); c != 0 {
			return c < 0
		}
		return !ss[i].loOpen && ss[j].loOpen
	})
	var out []span
	for _, s := range ss {
		if n := len(out); n > 0 {
			cur := &out[n-1]
			c := cmpF(s.flo, cur.fhi)
			if c < 0 || c == 0 && !(s.loOpen && cur.hiOpen) {
				switch d := cmpF(s.fhi, cur.fhi); {
				case d > 0:
					cur.hi, cur.fhi, cur.hiOpen = s.hi, s.fhi, s.hiOpen
				case d == 0:
					cur.hiOpen = cur.hiOpen && s.hiOpen
				}
				continue
			}
		}
		out = append(out, s)
	}
	return out
}

// complement is the real line minus the normalized spans ss.
func complement(ss []span) []span {
	var out []span
	lo, flo, loOpen := infNeg, math.Inf(-1), true
	for _, s := range ss {
		out = append(out, span{lo, s.lo, flo, s.flo, loOpen, !s.loOpen})
		lo, flo, loOpen = s.hi, s.fhi, !s.hiOpen
	}
	out = append(out, span{lo, infPos, flo, math.Inf(1), loOpen, true})
	return normSpans(out)
}

// spansExpr writes normalized spans back as an answer: the empty set, a finite set of points,
// an interval, or a union (points gathered in one set).
func spansExpr(ss []span) *Expr {
	var parts []*Expr
	points := &Expr{Kind: KSet}
	for _, s := range ss {
		if cmpF(s.flo, s.fhi) == 0 {
			points.Args = append(points.Args, s.lo)
			continue
		}
		parts = append(parts, &Expr{Kind: KInterval, Args: []*Expr{s.lo, s.hi}, Open: [2]bool{s.loOpen, s.hiOpen}})
	}
	if len(points.Args) > 0 || len(parts) == 0 {
		parts = append(parts, points)
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return &Expr{Kind: KUnion, Args: parts}
}

// canonSetOp evaluates ∩ and \setminus: on finite sets element by element (they may hold any
// answers), otherwise on sets of reals. An operation it cannot evaluate stays as it is and
// equals nothing but the same operation.
func canonSetOp(e *Expr) (*Expr, error) {
	l, err := canon(e.Args[0])
	if err != nil {
		return nil, err
	}
	r, err := canon(e.Args[1])
	if err != nil {
		return nil, err
	}
	b := newBudget(nil, DefaultTimeout)
	if l.Kind == KSet && r.Kind == KSet {
		if out, ok := finiteSetOp(e.Name, l, r, b); ok {
			return out, nil
		}
	}
	ss, ok := realSet(&Expr{Kind: KSetOp, Name: e.Name, Args: []*Expr{l, r}}, b)
	if !ok {
		return &Expr{Kind: KSetOp, Name: e.Name, Args: []*Expr{l, r}}, nil
	}
	return spansExpr(ss), nil
}

// finiteSetOp is A ∩ B or A \setminus B for finite sets; ok is false when membership cannot be
// decided.
func finiteSetOp(op string, l, r *Expr, b *budget) (*Expr, bool) {
	out := &Expr{Kind: KSet}
	for _, x := range l.Args {
		in := false
		for _, y := range r.Args {
			eq, _, err := compare(x, y, b)
			if err != nil {
				return nil, false
			}
			if eq {
				in = true
				break
			}
		}
		if in == (op == "cap") {
			out.Args = append(out.Args, x)
		}
	}
	return out, true
}

// spansEq compares two sets of reals through their normal forms; ok is false when either side
// is not a set of reals.
func spansEq(r, c *Expr, b *budget) (eq, ok bool, err error) {
	rs, ok1 := realSet(r, b)
	cs, ok2 := realSet(c, b)
	if !ok1 || !ok2 {
		return false, false, nil
	}
	if len(rs) != len(cs) {
		return false, true, nil
	}
	for i := range rs {
		x, y := rs[i], cs[i]
		if x.loOpen != y.loOpen || x.hiOpen != y.hiOpen {
			return false, true, nil
		}
		for _, pair := range [][2]*Expr{{x.lo, y.lo}, {x.hi, y.hi}} {
			same, _, err := scalarEq(pair[0], pair[1], b)
			if err != nil || !same {
				return false, true, err
			}
		}
	}
	return true, true, nil
}
