package mathexpr

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"math/cmplx"
	"sort"
)

const maxExpansions = 16

// isVarLike reports whether e names a quantity: x, x_1, f(x) written as f*x, AB.
func isVarLike(e *Expr) bool {
	switch e.Kind {
	case KSym:
		return !isConst(e.Name)
	case KMul:
		for _, a := range e.Args {
			if a.Kind != KSym || isConst(a.Name) {
				return false
			}
		}
		return len(e.Args) <= 3
	case KTuple:
		// (x, y) = (2, 3)
		for _, a := range e.Args {
			if !isVarLike(a) {
				return false
			}
		}
		return len(e.Args) > 0
	}
	return false
}

func hasPM(e *Expr) bool {
	if e.Kind == KPM {
		return true
	}
	for _, a := range e.Args {
		if hasPM(a) {
			return true
		}
	}
	return false
}

// expandPM turns a ± b anywhere in e into the list of its sign choices.
func expandPM(e *Expr) ([]*Expr, error) {
	if !hasPM(e) {
		return []*Expr{e}, nil
	}
	if e.Kind == KPM {
		as, err := expandPM(e.Args[0])
		if err != nil {
			return nil, err
		}
		bs, err := expandPM(e.Args[1])
		if err != nil {
			return nil, err
		}
		var out []*Expr
		for _, a := range as {
			for _, b := range bs {
				plus, minus := node(KAdd, a, b), node(KAdd, a, node(KNeg, b))
				if a.Kind == KNum && a.Val.Sign() == 0 {
					plus, minus = b, node(KNeg, b)
				}
				if e.Name == "mp" {
					plus, minus = minus, plus
				}
				out = append(out, plus, minus)
			}
		}
		if len(out) > maxExpansions {
			return nil, fmt.Errorf("%w: too many ± choices", ErrTooLarge)
		}
		return out, nil
	}
	combos := [][]*Expr{nil}
	for _, a := range e.Args {
		xs, err := expandPM(a)
		if err != nil {
			return nil, err
		}
		var next [][]*Expr
		for _, c := range combos {
			for _, x := range xs {
				n := append(append([]*Expr(nil), c...), x)
				next = append(next, n)
			}
		}
		if len(next) > maxExpansions {
			return nil, fmt.Errorf("%w: too many ± choices", ErrTooLarge)
		}
		combos = next
	}
	out := make([]*Expr, len(combos))
	for i, c := range combos {
		cp := *e
		cp.Args = c
		out[i] = &cp
	}
	return out, nil
}

// canon rewrites an answer into a comparable shape: "x = 5" -> 5, "x \in S" -> S, ± expanded
// into a list, one-variable inequalities into intervals, lists of intervals into a union.
func canon(e *Expr) (*Expr, error) {
	switch e.Kind {
	case KRel:
		if len(e.Ops) == 1 && e.Ops[0] == "in" {
			return canon(e.Args[1])
		}
		allEq := true
		for _, op := range e.Ops {
			if op != "=" {
				allEq = false
			}
		}
		if allEq {
			n := len(e.Args)
			lead := true
			for _, a := range e.Args[:n-1] {
				if !isVarLike(a) {
					lead = false
				}
			}
			if lead || isVarLike(e.Args[0]) && constSides(e.Args[1:]) {
				// x = 5, AB = CD = 5, and a worked chain x = 2 + 3 = 5: the last side answers
				return canon(e.Args[n-1])
			}
			vars := map[string]bool{}
			e.vars(vars)
			if len(vars) == 0 {
				return canon(e.Args[n-1]) // a worked computation "2 + 3 = 5" answers 5
			}
			if n == 2 && isVarLike(e.Args[1]) && !isVarLike(e.Args[0]) {
				return canon(e.Args[0])
			}
			return e, nil
		}
		if iv, ok := relInterval(e); ok {
			return iv, nil
		}
		return e, nil
	case KList, KSet:
		if m, ok := conjunction(e); ok {
			return m, nil
		}
		var items []*Expr
		for _, a := range e.Args {
			c, err := canon(a)
			if err != nil {
				return nil, err
			}
			if c.Kind == KList {
				items = append(items, c.Args...)
			} else {
				items = append(items, c)
			}
		}
		if e.Kind == KList {
			if len(items) == 1 {
				return items[0], nil
			}
			allIv := true
			for _, it := range items {
				if it.Kind != KInterval && it.Kind != KUnion {
					allIv = false
				}
			}
			if allIv {
				if e.Name != "or" && overlapping(items) {
					// "x > -1, x < 2": a comma may mean "and" as well as "or"; pieces that
					// overlap would read as all real numbers, so the list is left unevaluated
					return &Expr{Kind: KSetOp, Name: "ambiguous", Args: items}, nil
				}
				return flattenUnion(&Expr{Kind: KUnion, Args: items}), nil
			}
		}
		return &Expr{Kind: e.Kind, Args: items}, nil
	case KUnion:
		var items []*Expr
		for _, a := range e.Args {
			c, err := canon(a)
			if err != nil {
				return nil, err
			}
			items = append(items, c)
		}
		return flattenUnion(&Expr{Kind: KUnion, Args: items}), nil
	case KSetOp:
		return canonSetOp(e)
	case KTuple, KMatrix:
		cp := *e
		cp.Args = make([]*Expr, len(e.Args))
		for i, a := range e.Args {
			c, err := canon(a)
			if err != nil {
				return nil, err
			}
			cp.Args[i] = c
		}
		return &cp, nil
	}
	if e.Kind != KMatrix && hasMatrix(e) {
		if m, ok := matrixArith(e); ok {
			return canon(m)
		}
	}
	if hasPM(e) {
		xs, err := expandPM(e)
		if err != nil {
			return nil, err
		}
		return &Expr{Kind: KList, Args: xs}, nil
	}
	return e, nil
}

// constSides reports whether no expression in es has a variable.
func constSides(es []*Expr) bool {
	vars := map[string]bool{}
	for _, a := range es {
		a.vars(vars)
	}
	return len(vars) == 0
}

// namedTerm reports whether e names one quantity built from variables: AB, |AB|, A:B, NO/BO,
// S_{ABC}, \sin A, and the evaluation f(0) (a function letter applied to a constant). A power
// is not one: x^2 = 4 restates an equation more often than it gives the value of x^2. Apart
// from an evaluation's argument it has no number in it: 2x is not a name (coefficientOf reads
// 2x = 12 as x = 6).
func namedTerm(e *Expr) bool {
	switch e.Kind {
	case KSym:
		return !isConst(e.Name)
	case KMul:
		if e.Name == "apply" {
			return true
		}
		for _, a := range e.Args {
			if !namedTerm(a) {
				return false
			}
		}
		return true
	case KDiv:
		return namedTerm(e.Args[0]) && namedTerm(e.Args[1])
	case KAbs:
		return namedTerm(e.Args[0])
	case KFunc:
		for _, a := range e.Args {
			if !namedTerm(a) {
				return false
			}
		}
		return true
	}
	return false
}

// namedValue reads "name = value" (one =, a named quantity on the left, no variable on the
// right) as its value. sums allows a sum of names (a + b = 12); a reference may not use it, as
// x + y = 1 is more often a line than the value of x + y.
//
// A candidate (sums) may also name a sum of distinct quantities (a + b + c = 20, m + n = 29,
// f(1) + f(2) = 5; not a + a = 20, which is 2a), and may state a constant multiple of a name:
// 2c = 2\sqrt{5} answers c = \sqrt{5}, the only value it leaves for c. It is not read as the
// value of 2c, so it does not answer 2\sqrt{5}: a candidate gets one reading, and "solve for c"
// is the one an equation with a coefficient states (as 2c = 2\sqrt{5} equals c = \sqrt{5}
// when the reference is an equation). A reference keeps its coefficient: a reference 2x = 12 is
// an equation, not the value 6.
func namedValue(e *Expr, sums bool) (*Expr, bool) {
	if e.Kind != KRel || len(e.Ops) != 1 || e.Ops[0] != "=" || !constSides(e.Args[1:]) {
		return nil, false
	}
	l, r := e.Args[0], e.Args[1]
	if namedTerm(l) {
		return r, true
	}
	if !sums {
		return nil, false
	}
	if k, div, ok := coefficientOf(l); ok {
		if div {
			return node(KMul, r, k), true // x/2 = 3 is x = 6
		}
		return node(KDiv, r, k), true // 2c = 2\sqrt{5} is c = \sqrt{5}
	}
	if l.Kind != KAdd {
		return nil, false
	}
	seen := map[string]bool{}
	for _, a := range l.Args {
		if !namedTerm(a) {
			return nil, false
		}
		for n := range termNames(a) {
			if seen[n] {
				return nil, false // a + a = 20 is 2a = 20, not a sum of quantities
			}
			seen[n] = true
		}
	}
	return r, true
}

// coefficientOf reads a constant multiple of a name, k·N (2c, -x, \frac{1}{2}x, 2AB) or N/k
// (\frac{x}{2}), returning k and whether N is divided by it. k is a nonzero number, fraction
// or root of a positive number, so the value of N is fixed; a power (2x^2) is no name.
func coefficientOf(l *Expr) (k *Expr, div, ok bool) {
	switch l.Kind {
	case KNeg:
		if namedTerm(l.Args[0]) {
			return numInt(-1), false, true
		}
	case KDiv:
		if namedTerm(l.Args[0]) && nonzeroConst(l.Args[1]) {
			return l.Args[1], true, true
		}
	case KMul:
		var ks, names []*Expr
		for _, a := range l.Args {
			if nonzeroConst(a) {
				ks = append(ks, a)
			} else {
				names = append(names, a)
			}
		}
		if len(ks) == 0 || len(names) == 0 {
			return nil, false, false
		}
		n := names[0]
		if len(names) > 1 {
			n = node(KMul, names...)
		}
		if !namedTerm(n) {
			return nil, false, false
		}
		k = ks[0]
		if len(ks) > 1 {
			k = node(KMul, ks...)
		}
		return k, false, true
	}
	return nil, false, false
}

// nonzeroConst reports whether e is a nonzero number written plainly: 2, 0.5, \frac{1}{2},
// \sqrt{3}, -3.
func nonzeroConst(e *Expr) bool {
	switch e.Kind {
	case KNum:
		return e.Val.Sign() != 0
	case KNeg:
		return nonzeroConst(e.Args[0])
	case KDiv:
		return nonzeroConst(e.Args[0]) && nonzeroConst(e.Args[1])
	case KRoot:
		return e.Args[0].Kind == KNum && e.Args[0].Val.Sign() > 0 && e.Args[1].Kind == KNum
	}
	return false
}

// termNames lists the names a term of a sum is built from: its variables, with an evaluation
// f(1) counted as one name of its own (f(1) + f(2) names two quantities).
func termNames(e *Expr) map[string]bool {
	out := map[string]bool{}
	var walk func(*Expr)
	walk = func(x *Expr) {
		switch {
		case x.Kind == KMul && x.Name == "apply":
			out[x.String()] = true
		case x.Kind == KSym && !isConst(x.Name):
			out[x.Name] = true
		default:
			for _, a := range x.Args {
				walk(a)
			}
		}
	}
	walk(e)
	return out
}

func flattenUnion(u *Expr) *Expr {
	var items []*Expr
	for _, a := range u.Args {
		if a.Kind == KUnion {
			items = append(items, a.Args...)
		} else {
			items = append(items, a)
		}
	}
	if len(items) == 1 {
		return items[0]
	}
	return &Expr{Kind: KUnion, Args: items}
}

var infPos, infNeg = sym("inf"), node(KNeg, sym("inf"))

// relInterval turns a one-variable inequality (x > 2, 0 <= x < 1, 3 >= x, -x > -1,
// 2x + 1 <= 5, -2 < 1 - x < 3) into an interval.
func relInterval(e *Expr) (*Expr, bool) {
	if len(e.Ops) == 1 && e.Ops[0] == "!=" {
		// x \ne c is the line without c
		if _, bound, _, ok := isolate(e.Args[0], e.Args[1], "!="); ok {
			return &Expr{Kind: KUnion, Args: []*Expr{halfLine(bound, "<"), halfLine(bound, ">")}}, true
		}
		return nil, false
	}
	for _, op := range e.Ops {
		switch op {
		case "<", "<=", ">", ">=":
		default:
			return nil, false
		}
	}
	switch len(e.Args) {
	case 2:
		if iv, ok := absInterval(e); ok {
			return iv, true
		}
		_, bound, op, ok := isolate(e.Args[0], e.Args[1], e.Ops[0])
		if !ok {
			return nil, false
		}
		return halfLine(bound, op), true
	case 3:
		// a o1 E o2 c is E flip(o1) a together with E o2 c; one must bound from below, the
		// other from above, and both must isolate the same variable
		v1, b1, op1, ok1 := isolate(e.Args[1], e.Args[0], flipOp(e.Ops[0]))
		v2, b2, op2, ok2 := isolate(e.Args[1], e.Args[2], e.Ops[1])
		if !ok1 || !ok2 || v1 != v2 {
			return chainMeet(e)
		}
		if op1 == "<" || op1 == "<=" {
			b1, op1, b2, op2 = b2, op2, b1, op1
		}
		if op1 != ">" && op1 != ">=" || op2 != "<" && op2 != "<=" {
			return nil, false
		}
		return &Expr{Kind: KInterval, Args: []*Expr{b1, b2}, Open: [2]bool{op1 == ">", op2 == "<"}}, true
	}
	return nil, false
}

// overlapping reports whether two of the pieces share a point. Pieces whose ends cannot be
// ordered count as not overlapping (they are then compared piece by piece, as before).
func overlapping(items []*Expr) bool {
	b := newBudget(nil, DefaultTimeout)
	for i := range items {
		for j := i + 1; j < len(items); j++ {
			ss, ok := realSet(&Expr{Kind: KSetOp, Name: "cap", Args: []*Expr{items[i], items[j]}}, b)
			if !ok || len(ss) > 0 {
				return ok
			}
		}
	}
	return false
}

// conjunction reads inequalities in one variable joined by "and" (x > -1 and x < 2) as the
// intersection of their intervals, not as a list of pieces: the pieces' union would make
// "x > -1 and x < 2" all real numbers. Inequalities in different variables (x > 0 and y > 0)
// stay relations, so they never equal one interval. ok is false for any other list.
func conjunction(e *Expr) (*Expr, bool) {
	if e.Kind != KList || e.Name != "and" {
		return nil, false
	}
	vars := map[string]bool{}
	var ivs []*Expr
	for _, a := range e.Args {
		if a.Kind != KRel {
			return nil, false
		}
		iv, ok := relInterval(a)
		if !ok {
			return nil, false
		}
		a.vars(vars)
		ivs = append(ivs, iv)
	}
	if len(vars) != 1 {
		return &Expr{Kind: KList, Name: "and", Args: e.Args}, true
	}
	meet := ivs[0]
	for _, iv := range ivs[1:] {
		meet = &Expr{Kind: KSetOp, Name: "cap", Args: []*Expr{meet, iv}}
	}
	ss, ok := realSet(meet, newBudget(nil, DefaultTimeout))
	if !ok {
		return meet, true // unevaluated: equal to nothing but itself
	}
	return spansExpr(ss), true
}

// chainMeet reads a o1 E o2 c as the intersection of its two halves when each is a set on its
// own (1 \le |z| \le 2 is [-2, -1] ∪ [1, 2]).
func chainMeet(e *Expr) (*Expr, bool) {
	h1, ok1 := relInterval(&Expr{Kind: KRel, Args: []*Expr{e.Args[1], e.Args[0]}, Ops: []string{flipOp(e.Ops[0])}})
	h2, ok2 := relInterval(&Expr{Kind: KRel, Args: []*Expr{e.Args[1], e.Args[2]}, Ops: []string{e.Ops[1]}})
	if !ok1 || !ok2 {
		return nil, false
	}
	vars := map[string]bool{}
	e.Args[1].vars(vars)
	if len(vars) != 1 {
		return nil, false
	}
	ss, ok := realSet(&Expr{Kind: KSetOp, Name: "cap", Args: []*Expr{h1, h2}}, newBudget(nil, DefaultTimeout))
	if !ok {
		return nil, false
	}
	return spansExpr(ss), true
}

// halfLine is the interval of x op bound.
func halfLine(bound *Expr, op string) *Expr {
	if op == "<" || op == "<=" {
		return &Expr{Kind: KInterval, Args: []*Expr{infNeg, bound}, Open: [2]bool{true, op == "<"}}
	}
	return &Expr{Kind: KInterval, Args: []*Expr{bound, infPos}, Open: [2]bool{op == ">", true}}
}

// isolate rewrites l op r, where one side holds a single variable once and the other side none,
// into v op' bound by undoing negation, added constants and constant factors (a negative factor
// flips the inequality). ok is false when the relation is not of that form.
func isolate(l, r *Expr, op string) (v string, bound *Expr, newOp string, ok bool) {
	lv, rv := map[string]bool{}, map[string]bool{}
	l.vars(lv)
	r.vars(rv)
	if len(lv) == 0 && len(rv) == 1 {
		l, r, op, lv, rv = r, l, flipOp(op), rv, lv
	}
	if len(lv) != 1 || len(rv) != 0 {
		return "", nil, "", false
	}
	for name := range lv {
		v = name
	}
	for depth := 0; depth < 64; depth++ {
		switch l.Kind {
		case KSym:
			return v, r, op, l.Name == v
		case KNeg:
			l, r, op = l.Args[0], node(KNeg, r), flipOp(op)
		case KAdd:
			i, rest, ok := splitVar(l.Args, v)
			if !ok {
				return "", nil, "", false
			}
			l, r = l.Args[i], node(KAdd, r, node(KNeg, node(KAdd, rest...)))
		case KMul:
			i, rest, ok := splitVar(l.Args, v)
			if !ok {
				return "", nil, "", false
			}
			k := node(KMul, rest...)
			sg := signOf(k)
			if sg == 0 {
				return "", nil, "", false
			}
			l, r = l.Args[i], node(KDiv, r, k)
			if sg < 0 {
				op = flipOp(op)
			}
		case KDiv:
			if dependsOn(l.Args[1], v) {
				return "", nil, "", false // 1/x < 2 is not one half-line
			}
			sg := signOf(l.Args[1])
			if sg == 0 {
				return "", nil, "", false
			}
			l, r = l.Args[0], node(KMul, r, l.Args[1])
			if sg < 0 {
				op = flipOp(op)
			}
		default:
			return "", nil, "", false
		}
	}
	return "", nil, "", false
}

// splitVar finds the one argument that depends on v; rest are the others (there must be some).
func splitVar(args []*Expr, v string) (int, []*Expr, bool) {
	idx := -1
	var rest []*Expr
	for i, a := range args {
		if dependsOn(a, v) {
			if idx >= 0 {
				return 0, nil, false
			}
			idx = i
			continue
		}
		rest = append(rest, a)
	}
	return idx, rest, idx >= 0 && len(rest) > 0
}

// signOf is the sign of a constant real expression, 0 when it is zero, not real or unknown.
func signOf(k *Expr) int {
	b := newBudget(nil, DefaultTimeout)
	if z, err := exact(k, b); err == nil {
		if !z.isReal() {
			return 0
		}
		return z.re.Sign()
	}
	f, err := evalC(k, nil, b)
	if err != nil || !isReal(f) || math.Abs(real(f)) < 1e-12 {
		return 0
	}
	if real(f) > 0 {
		return 1
	}
	return -1
}

// absInterval reads |kx + m| op c (c a rational constant) as an interval or a union.
func absInterval(e *Expr) (*Expr, bool) {
	l, r, op := e.Args[0], e.Args[1], e.Ops[0]
	if r.Kind == KAbs && l.Kind != KAbs {
		l, r, op = r, l, flipOp(op)
	}
	if l.Kind != KAbs {
		return nil, false
	}
	b := newBudget(nil, DefaultTimeout)
	lin, err := linearForm(l.Args[0], b)
	if err != nil || len(lin.coef) != 1 {
		return nil, false
	}
	var k *big.Rat
	for _, c := range lin.coef {
		k = c
	}
	cz, err := exact(r, b)
	if err != nil || !cz.isReal() || k.Sign() == 0 {
		return nil, false
	}
	c := cz.re
	// -c < kx + m < c  <=>  x between (-c-m)/k and (c-m)/k
	lo := new(big.Rat).Quo(new(big.Rat).Sub(new(big.Rat).Neg(c), lin.c), k)
	hi := new(big.Rat).Quo(new(big.Rat).Sub(c, lin.c), k)
	if lo.Cmp(hi) > 0 {
		lo, hi = hi, lo
	}
	switch op {
	case "<", "<=":
		if c.Sign() < 0 || c.Sign() == 0 && op == "<" {
			return &Expr{Kind: KSet}, true
		}
		return &Expr{Kind: KInterval, Args: []*Expr{num(lo), num(hi)}, Open: [2]bool{op == "<", op == "<"}}, true
	case ">", ">=":
		if c.Sign() < 0 || c.Sign() == 0 && op == ">=" {
			return &Expr{Kind: KInterval, Args: []*Expr{infNeg, infPos}, Open: [2]bool{true, true}}, true
		}
		return &Expr{Kind: KUnion, Args: []*Expr{
			{Kind: KInterval, Args: []*Expr{infNeg, num(lo)}, Open: [2]bool{true, op == ">"}},
			{Kind: KInterval, Args: []*Expr{num(hi), infPos}, Open: [2]bool{op == ">", true}},
		}}, true
	}
	return nil, false
}

func flipOp(op string) string {
	switch op {
	case "<":
		return ">"
	case ">":
		return "<"
	case "<=":
		return ">="
	case ">=":
		return "<="
	}
	return op
}

func isScalar(e *Expr) bool {
	switch e.Kind {
	case KList, KSet, KTuple, KInterval, KUnion, KMatrix, KRel, KText, KSetOp:
		return false
	}
	return true
}

// compare decides equivalence of two canonical answers.
func compare(r, c *Expr, b *budget) (bool, string, error) {
	if err := b.tick(); err != nil {
		return false, "timeout", err
	}
	switch r.Kind {
	case KInterval, KUnion:
		if eq, ok, err := spansEq(r, c, b); ok || err != nil {
			return eq, pick(eq, "interval", "interval mismatch"), err
		}
		ri := intervals(r)
		ci := intervals(c)
		if ci == nil {
			return false, "not an interval", nil
		}
		ok, err := matchAll(ri, ci, b, intervalEq)
		return ok, pick(ok, "interval", "interval mismatch"), err
	case KSet, KList:
		var ci []*Expr
		switch c.Kind {
		case KSet, KList:
			ci = c.Args
		case KTuple:
			if r.Kind != KList {
				return false, "tuple is not a set", nil
			}
			ci = c.Args
		default:
			if !isScalar(c) {
				return false, "shape mismatch", nil
			}
			ci = []*Expr{c}
		}
		ok, err := matchAll(r.Args, ci, b, compareItem)
		return ok, pick(ok, "set", "set mismatch"), err
	case KTuple:
		var ci []*Expr
		switch c.Kind {
		case KTuple, KList:
			ci = c.Args
		case KInterval:
			if len(r.Args) != 2 {
				return false, "interval is not a tuple", nil
			}
			// (a, b) against an interval: read as the open interval
			ok, err := intervalEq(&Expr{Kind: KInterval, Args: r.Args, Open: [2]bool{true, true}}, c, b)
			return ok, pick(ok, "interval", "interval mismatch"), err
		case KUnion:
			// (0, 5) against (0, 3) ∪ (2, 5): the open interval against the union's normal form
			if eq, ok, err := spansEq(r, c, b); ok || err != nil {
				return eq, pick(eq, "interval", "interval mismatch"), err
			}
		case KMatrix:
			ci = vectorOf(c)
		}
		if ci == nil || len(ci) != len(r.Args) {
			return false, "tuple length mismatch", nil
		}
		ok, err := ordered(r.Args, ci, b)
		return ok, pick(ok, "tuple", "tuple mismatch"), err
	case KMatrix:
		if c.Kind == KMatrix {
			if len(c.Args) != len(r.Args) || len(c.Args[0].Args) != len(r.Args[0].Args) {
				return false, "matrix shape mismatch", nil
			}
			for i := range r.Args {
				ok, err := ordered(r.Args[i].Args, c.Args[i].Args, b)
				if err != nil || !ok {
					return false, "matrix mismatch", err
				}
			}
			return true, "matrix", nil
		}
		rv := vectorOf(r)
		if rv != nil && c.Kind == KTuple && len(c.Args) == len(rv) {
			ok, err := ordered(rv, c.Args, b)
			return ok, pick(ok, "vector", "vector mismatch"), err
		}
		return false, "not a matrix", nil
	case KRel:
		if c.Kind != KRel {
			return false, "not an equation", nil
		}
		return relEq(r, c, b)
	case KText:
		return c.Kind == KText && c.Name == r.Name, "text", nil
	}
	// scalar reference
	switch c.Kind {
	case KSet, KList:
		if len(c.Args) == 0 {
			return false, "empty set", nil
		}
		for _, x := range c.Args[1:] {
			// the same answer repeated ("x = 3, x = 3") is one answer
			if same, _, err := compare(c.Args[0], x, b); err != nil || !same {
				return false, "several answers for one", err
			}
		}
		c = c.Args[0]
	}
	if !isScalar(c) {
		return false, "shape mismatch", nil
	}
	return scalarEq(r, c, b)
}

func pick(ok bool, yes, no string) string {
	if ok {
		return yes
	}
	return no
}

func compareItem(a, b *Expr, bud *budget) (bool, error) {
	ok, _, err := compare(a, b, bud)
	return ok, err
}

func vectorOf(m *Expr) []*Expr {
	if len(m.Args) == 1 {
		return m.Args[0].Args
	}
	if len(m.Args[0].Args) == 1 {
		v := make([]*Expr, len(m.Args))
		for i, r := range m.Args {
			v[i] = r.Args[0]
		}
		return v
	}
	return nil
}

func ordered(r, c []*Expr, b *budget) (bool, error) {
	if len(r) != len(c) {
		return false, nil
	}
	for i := range r {
		ok, _, err := compare(r[i], c[i], b)
		if err != nil || !ok {
			return false, err
		}
	}
	return true, nil
}

// matchAll reports whether every element of r equals some element of c and vice versa.
func matchAll(r, c []*Expr, b *budget, eq func(a, b *Expr, bud *budget) (bool, error)) (bool, error) {
	if len(r) == 0 || len(c) == 0 {
		return len(r) == len(c), nil
	}
	if len(r)*len(c) > 10000 {
		return false, fmt.Errorf("%w: sets of %d and %d elements", ErrTooLarge, len(r), len(c))
	}
	cHit := make([]bool, len(c))
	for _, x := range r {
		found := false
		for j, y := range c {
			ok, err := eq(x, y, b)
			if err != nil {
				return false, err
			}
			if ok {
				found = true
				cHit[j] = true
			}
		}
		if !found {
			return false, nil
		}
	}
	for _, h := range cHit {
		if !h {
			return false, nil
		}
	}
	return true, nil
}

func intervals(e *Expr) []*Expr {
	switch e.Kind {
	case KInterval:
		return []*Expr{e}
	case KTuple:
		if len(e.Args) == 2 {
			return []*Expr{{Kind: KInterval, Args: e.Args, Open: [2]bool{true, true}}}
		}
	case KUnion, KList:
		var out []*Expr
		for _, a := range e.Args {
			iv := intervals(a)
			if iv == nil {
				return nil
			}
			out = append(out, iv...)
		}
		return out
	}
	return nil
}

func intervalEq(a, c *Expr, b *budget) (bool, error) {
	for k := 0; k < 2; k++ {
		ia, ic := infSign(a.Args[k]), infSign(c.Args[k])
		if ia != 0 || ic != 0 {
			if ia != ic {
				return false, nil
			}
			continue // open or closed at infinity both read as open
		}
		if a.Open[k] != c.Open[k] {
			return false, nil
		}
		ok, _, err := scalarEq(a.Args[k], c.Args[k], b)
		if err != nil || !ok {
			return false, err
		}
	}
	return true, nil
}

// infSign is +1 for +∞, -1 for -∞, 0 otherwise.
func infSign(e *Expr) int {
	switch e.Kind {
	case KSym:
		if e.Name == "inf" {
			return 1
		}
	case KNeg:
		return -infSign(e.Args[0])
	case KAdd:
		if len(e.Args) == 1 {
			return infSign(e.Args[0])
		}
	}
	return 0
}

func isPureDecimal(e *Expr) bool {
	switch e.Kind {
	case KNum:
		return e.Dec
	case KNeg, KPct:
		return isPureDecimal(e.Args[0])
	}
	return false
}

func stripPct(e *Expr) (*Expr, bool) {
	switch e.Kind {
	case KPct:
		return e.Args[0], true
	case KNeg:
		if x, ok := stripPct(e.Args[0]); ok {
			return node(KNeg, x), true
		}
	}
	return e, false
}

func isBudgetErr(err error) bool {
	return errors.Is(err, ErrTimeout) || errors.Is(err, ErrTooLarge)
}

// scalarEq compares two single values.
func scalarEq(a, c *Expr, b *budget) (bool, string, error) {
	if ia, ic := infSign(a), infSign(c); ia != 0 || ic != 0 {
		return ia == ic, pick(ia == ic, "infinity", "infinity mismatch"), nil
	}
	// percent is optional on either side: 50% = 50, and 50% = 0.5
	a2, pa := stripPct(a)
	c2, pc := stripPct(c)
	if pa || pc {
		ok, why, err := scalarEq2(a2, c2, b)
		if ok || err != nil || pa == pc {
			return ok, why, err
		}
		return scalarEq2(a, c, b)
	}
	return scalarEq2(a, c, b)
}

func scalarEq2(a, c *Expr, b *budget) (bool, string, error) {
	va, ea := exact(a, b)
	if isBudgetErr(ea) {
		return false, "too large", ea
	}
	vc, ec := exact(c, b)
	if isBudgetErr(ec) {
		return false, "too large", ec
	}
	if ea == nil && ec == nil {
		ok := va.equal(vc)
		return ok, pick(ok, "exact", "different value"), nil
	}
	if errors.Is(ea, errUndefined) || errors.Is(ec, errUndefined) {
		return false, "undefined value", nil
	}
	vars := map[string]bool{}
	a.vars(vars)
	c.vars(vars)
	if len(vars) == 0 {
		// decimals are strict: a decimal literal never equals an irrational value. The other side
		// may still be a rational the exact evaluator cannot see (sin(pi/6) = 1/2): when its
		// value is within 1e-12 of a fraction with a denominator up to 1000, that fraction is
		// compared exactly.
		if ea == nil && isPureDecimal(a) || ec == nil && isPureDecimal(c) {
			dec, other := va, c
			if ea != nil {
				dec, other = vc, a
			}
			f, err := evalC(other, nil, b)
			if isBudgetErr(err) {
				return false, "too large", err
			}
			if err == nil && isReal(f) {
				if r, ok := smallRational(real(f)); ok && dec.isReal() && dec.re.Cmp(r) == 0 {
					return true, "numeric", nil
				}
			}
			return false, "decimal approximation", nil
		}
		fa, err := evalC(a, nil, b)
		if isBudgetErr(err) {
			return false, "too large", err
		}
		if err != nil {
			return false, "no numeric value", nil
		}
		fc, err := evalC(c, nil, b)
		if isBudgetErr(err) {
			return false, "too large", err
		}
		if err != nil {
			return false, "no numeric value", nil
		}
		if cmplx.IsInf(fa) && cmplx.IsInf(fc) {
			return false, "too large", fmt.Errorf("%w: values overflow", ErrTooLarge)
		}
		ok := closeC(fa, fc, 1e-10, 1e-12)
		return ok, pick(ok, "numeric", "different value"), nil
	}
	ok, why, err := pointsEq(a, c, vars, b, func(x, y complex128) bool { return closeC(x, y, 1e-8, 1e-10) })
	return ok, why, err
}

// samplePoints: the first rows bind every variable to a positive value; the later rows use
// negative values too. Where a later row gives a non-real value on either side the row is
// skipped, so identities that hold on the positive reals (ln(xy) = ln x + ln y) pass while
// sqrt(x^2) = x still fails on a real negative point.
var samplePoints = []float64{0.7317, 1.2941, 2.0718, 0.3119, 2.9107, 1.7321, 0.9133, 1.5527}

var negPoints = []float64{-0.5813, -1.6179, -2.2371, -0.8662, 1.1173, -1.3359}

// pointsEq evaluates a and c at several points and asks same(a(p), c(p)) at each point where
// both are defined; at least 3 positive points must agree.
func pointsEq(a, c *Expr, vars map[string]bool, b *budget, same func(x, y complex128) bool) (bool, string, error) {
	names := make([]string, 0, len(vars))
	for v := range vars {
		names = append(names, v)
	}
	sort.Strings(names)
	env := make(map[string]complex128, len(names))
	valid := 0
	const nPos, nNeg = 6, 4
	for k := 0; k < nPos+nNeg; k++ {
		for j, n := range names {
			if k < nPos {
				env[n] = complex(samplePoints[(k+j*3)%len(samplePoints)], 0)
			} else {
				env[n] = complex(negPoints[(k+j*5)%len(negPoints)], 0)
			}
		}
		fa, err := evalC(a, env, b)
		if isBudgetErr(err) {
			return false, "too large", err
		}
		if err != nil || !finite(fa) {
			continue
		}
		fc, err := evalC(c, env, b)
		if isBudgetErr(err) {
			return false, "too large", err
		}
		if err != nil || !finite(fc) {
			continue
		}
		if !same(fa, fc) {
			if k >= nPos && (!isReal(fa) || !isReal(fc)) {
				continue
			}
			return false, "different expression", nil
		}
		if k < nPos {
			valid++
		}
	}
	if valid < 3 {
		return false, "cannot evaluate", nil
	}
	return true, "numeric", nil
}

func isReal(z complex128) bool {
	return math.Abs(imag(z)) <= 1e-9*math.Max(1, math.Abs(real(z)))
}

// relEq compares two equations or inequalities: L1 - R1 and L2 - R2 must be proportional
// (by a positive factor for inequalities, after turning > into <).
func relEq(r, c *Expr, b *budget) (bool, string, error) {
	if len(r.Ops) != 1 || len(c.Ops) != 1 {
		if len(r.Ops) != len(c.Ops) {
			return false, "relation mismatch", nil
		}
		for i := range r.Ops {
			if r.Ops[i] != c.Ops[i] {
				return false, "relation mismatch", nil
			}
		}
		ok, err := ordered(r.Args, c.Args, b)
		return ok, pick(ok, "relation", "relation mismatch"), err
	}
	diff := func(e *Expr) (*Expr, string) {
		op := e.Ops[0]
		l, rr := e.Args[0], e.Args[1]
		if op == ">" || op == ">=" {
			l, rr, op = rr, l, flipOp(op)
		}
		return node(KAdd, l, node(KNeg, rr)), op
	}
	d1, o1 := diff(r)
	d2, o2 := diff(c)
	if o1 != o2 {
		return false, "relation mismatch", nil
	}
	vars := map[string]bool{}
	d1.vars(vars)
	d2.vars(vars)
	if len(vars) == 0 {
		ok, _, err := scalarEq(d1, d2, b)
		return ok, pick(ok, "equation", "equation mismatch"), err
	}
	var ratio complex128
	have := false
	ok, _, err := pointsEq(d1, d2, vars, b, func(x, y complex128) bool {
		if cmplx.Abs(x) < 1e-12 && cmplx.Abs(y) < 1e-12 {
			return true
		}
		if cmplx.Abs(y) < 1e-12 || cmplx.Abs(x) < 1e-12 {
			return false
		}
		q := x / y
		if !have {
			ratio, have = q, true
			return o1 == "=" || o1 == "!=" || real(q) > 0
		}
		return closeC(q, ratio, 1e-8, 1e-10)
	})
	return ok, pick(ok, "equation", "equation mismatch"), err
}
