package mathexpr

import (
	"errors"
	"fmt"
	"math"
	"math/big"
)

func isZero(e *Expr) bool { return e.Kind == KNum && e.Val.Sign() == 0 }

func dependsOn(e *Expr, v string) bool {
	if e.Kind == KSym {
		return e.Name == v
	}
	for _, a := range e.Args {
		if dependsOn(a, v) {
			return true
		}
	}
	return false
}

// deriv differentiates e with respect to v.
func deriv(e *Expr, v string, b *budget) (*Expr, error) {
	if err := b.tick(); err != nil {
		return nil, err
	}
	if !dependsOn(e, v) {
		return numInt(0), nil
	}
	d := func(x *Expr) (*Expr, error) { return deriv(x, v, b) }
	switch e.Kind {
	case KSym:
		return numInt(1), nil
	case KAdd:
		out := &Expr{Kind: KAdd}
		for _, a := range e.Args {
			da, err := d(a)
			if err != nil {
				return nil, err
			}
			out.Args = append(out.Args, da)
		}
		return out, nil
	case KNeg:
		da, err := d(e.Args[0])
		return node(KNeg, da), err
	case KMul:
		out := &Expr{Kind: KAdd}
		for i := range e.Args {
			da, err := d(e.Args[i])
			if err != nil {
				return nil, err
			}
			f := make([]*Expr, len(e.Args))
			copy(f, e.Args)
			f[i] = da
			out.Args = append(out.Args, node(KMul, f...))
		}
		return out, nil
	case KDiv:
		u, w := e.Args[0], e.Args[1]
		du, err := d(u)
		if err != nil {
			return nil, err
		}
		dw, err := d(w)
		if err != nil {
			return nil, err
		}
		return node(KDiv, node(KAdd, node(KMul, du, w), node(KNeg, node(KMul, u, dw))), node(KPow, w, numInt(2))), nil
	case KPow:
		f, g := e.Args[0], e.Args[1]
		df, err := d(f)
		if err != nil {
			return nil, err
		}
		if !dependsOn(g, v) {
			// g f^(g-1) f'
			return node(KMul, g, node(KPow, f, node(KAdd, g, numInt(-1))), df), nil
		}
		dg, err := d(g)
		if err != nil {
			return nil, err
		}
		// f^g (g' ln f + g f'/f)
		return node(KMul, e, node(KAdd, node(KMul, dg, fn("ln", f)), node(KDiv, node(KMul, g, df), f))), nil
	case KRoot:
		n := e.Args[1]
		if dependsOn(n, v) {
			return nil, errors.New("variable root index")
		}
		return d(node(KPow, e.Args[0], node(KDiv, numInt(1), n)))
	case KAbs:
		f := e.Args[0]
		df, err := d(f)
		if err != nil {
			return nil, err
		}
		return node(KMul, node(KDiv, f, node(KAbs, f)), df), nil
	case KFunc:
		if len(e.Args) == 2 && e.Name == "log" {
			if dependsOn(e.Args[1], v) {
				return nil, errors.New("variable log base")
			}
			return d(node(KDiv, fn("ln", e.Args[0]), fn("ln", e.Args[1])))
		}
		if len(e.Args) != 1 {
			return nil, fmt.Errorf("cannot differentiate %s", e.Name)
		}
		f := e.Args[0]
		df, err := d(f)
		if err != nil {
			return nil, err
		}
		var outer *Expr
		two := numInt(2)
		one := numInt(1)
		switch e.Name {
		case "sin":
			outer = fn("cos", f)
		case "cos":
			outer = node(KNeg, fn("sin", f))
		case "tan":
			outer = node(KPow, fn("sec", f), two)
		case "cot":
			outer = node(KNeg, node(KPow, fn("csc", f), two))
		case "sec":
			outer = node(KMul, fn("sec", f), fn("tan", f))
		case "csc":
			outer = node(KNeg, node(KMul, fn("csc", f), fn("cot", f)))
		case "exp":
			outer = fn("exp", f)
		case "ln", "log":
			outer = node(KDiv, one, f)
		case "log10":
			outer = node(KDiv, one, node(KMul, f, fn("ln", numInt(10))))
		case "asin":
			outer = node(KDiv, one, node(KRoot, node(KAdd, one, node(KNeg, node(KPow, f, two))), two))
		case "acos":
			outer = node(KNeg, node(KDiv, one, node(KRoot, node(KAdd, one, node(KNeg, node(KPow, f, two))), two)))
		case "atan":
			outer = node(KDiv, one, node(KAdd, one, node(KPow, f, two)))
		case "sinh":
			outer = fn("cosh", f)
		case "cosh":
			outer = fn("sinh", f)
		case "tanh":
			outer = node(KDiv, one, node(KPow, fn("cosh", f), two))
		default:
			return nil, fmt.Errorf("cannot differentiate %s", e.Name)
		}
		return node(KMul, outer, df), nil
	}
	return nil, fmt.Errorf("cannot differentiate a %s", e.Kind)
}

// simp applies cheap simplifications: constant folding, 0 and 1 rules, flattening.
func simp(e *Expr, b *budget) *Expr {
	if len(e.Args) == 0 {
		return e
	}
	cp := *e
	cp.Args = make([]*Expr, len(e.Args))
	for i, a := range e.Args {
		cp.Args[i] = simp(a, b)
	}
	e = &cp
	switch e.Kind {
	case KAdd, KMul:
		var flat []*Expr
		for _, a := range e.Args {
			if a.Kind == e.Kind {
				flat = append(flat, a.Args...)
			} else {
				flat = append(flat, a)
			}
		}
		acc := big.NewRat(0, 1)
		if e.Kind == KMul {
			acc.SetInt64(1)
		}
		var rest []*Expr
		for _, a := range flat {
			if a.Kind == KNum {
				if e.Kind == KAdd {
					acc.Add(acc, a.Val)
				} else {
					acc.Mul(acc, a.Val)
				}
				continue
			}
			if a.Kind == KNeg && a.Args[0].Kind == KNum && e.Kind == KAdd {
				acc.Sub(acc, a.Args[0].Val)
				continue
			}
			rest = append(rest, a)
		}
		if e.Kind == KMul {
			if acc.Sign() == 0 {
				return numInt(0)
			}
			if acc.Cmp(big.NewRat(1, 1)) != 0 || len(rest) == 0 {
				if acc.Cmp(big.NewRat(-1, 1)) == 0 && len(rest) > 0 {
					return node(KNeg, mulOf(rest))
				}
				rest = append([]*Expr{num(acc)}, rest...)
			}
			return mulOf(rest)
		}
		if acc.Sign() != 0 || len(rest) == 0 {
			rest = append(rest, num(acc))
		}
		if len(rest) == 1 {
			return rest[0]
		}
		return &Expr{Kind: KAdd, Args: rest}
	case KNeg:
		a := e.Args[0]
		if a.Kind == KNum {
			return num(new(big.Rat).Neg(a.Val))
		}
		if a.Kind == KNeg {
			return a.Args[0]
		}
	case KPow:
		if isZero(e.Args[1]) {
			return numInt(1)
		}
		if isOne(e.Args[1]) {
			return e.Args[0]
		}
		if e.Args[0].Kind == KNum && e.Args[1].Kind == KNum {
			if z, err := exact(e, b); err == nil && z.isReal() {
				return num(z.re)
			}
		}
	case KFunc:
		if e.Name == "ln" && len(e.Args) == 1 && e.Args[0].Kind == KSym && e.Args[0].Name == "e" {
			return numInt(1)
		}
	case KDiv:
		if isOne(e.Args[1]) {
			return e.Args[0]
		}
		if isZero(e.Args[0]) {
			return numInt(0)
		}
		if e.Args[0].Kind == KNum && e.Args[1].Kind == KNum && e.Args[1].Val.Sign() != 0 {
			return num(new(big.Rat).Quo(e.Args[0].Val, e.Args[1].Val))
		}
	}
	return e
}

func mulOf(xs []*Expr) *Expr {
	if len(xs) == 1 {
		return xs[0]
	}
	return &Expr{Kind: KMul, Args: xs}
}

// subst replaces the variable v by val in e.
func subst(e *Expr, v string, val *Expr) *Expr {
	if e.Kind == KSym && e.Name == v {
		return val
	}
	if len(e.Args) == 0 {
		return e
	}
	cp := *e
	cp.Args = make([]*Expr, len(e.Args))
	for i, a := range e.Args {
		cp.Args[i] = subst(a, v, val)
	}
	return &cp
}

func derivTask(e *Expr, v string, at *Expr, b *budget) (string, string, error) {
	if e.Kind == KRel && len(e.Ops) == 1 && e.Ops[0] == "=" {
		e = e.Args[1] // f(x) = ..., y = ...
	}
	if !isScalar(e) {
		return "", "", errors.New("not a single expression")
	}
	if v == "" {
		vars := map[string]bool{}
		e.vars(vars)
		switch {
		case vars["x"]:
			v = "x"
		case len(vars) == 1:
			for k := range vars {
				v = k
			}
		default:
			return "", "", fmt.Errorf("expression with %d variables", len(vars))
		}
	}
	d, err := deriv(e, v, b)
	if err != nil {
		return "", "", err
	}
	d = simp(d, b)
	if d.size() > maxNodes {
		return "", "", ErrTooLarge
	}
	if at != nil {
		ref, _, err := evalTask(subst(d, v, at), b)
		if err != nil {
			return "", "", fmt.Errorf("derivative at a point: %w", err)
		}
		return ref, "derivative at a point", nil
	}
	if f, err := toRatfn(d, v, b); err == nil {
		return ratfnTeX(f, v), "derivative", nil
	}
	return d.String(), "derivative", nil
}

func evalTask(e *Expr, b *budget) (string, string, error) {
	if !isScalar(e) {
		return "", "", errors.New("not a single expression")
	}
	vars := map[string]bool{}
	e.vars(vars)
	switch len(vars) {
	case 0:
	case 1:
		var v string
		for k := range vars {
			v = k
		}
		f, err := toRatfn(e, v, b)
		if err != nil {
			return "", "", fmt.Errorf("cannot simplify: %w", err)
		}
		return ratfnTeX(f, v), "simplified", nil
	default:
		return "", "", fmt.Errorf("cannot simplify an expression in %d variables", len(vars))
	}
	z, err := exact(e, b)
	if err == nil {
		return cxTeX(z), "evaluated", nil
	}
	if isBudgetErr(err) || errors.Is(err, errUndefined) {
		return "", "", err
	}
	f, err := evalC(e, nil, b)
	if err != nil || !finite(f) || math.Abs(imag(f)) > 1e-12*math.Max(1, math.Abs(real(f))) {
		return "", "", errors.New("no exact value")
	}
	if r, ok := smallRational(real(f)); ok {
		return ratTeX(r), "evaluated", nil
	}
	return "", "", errors.New("no exact closed form")
}

// smallRational finds p/q with q <= 1000 within 1e-12 (relative) of x.
func smallRational(x float64) (*big.Rat, bool) {
	if math.Abs(x) > 1e12 {
		return nil, false
	}
	for q := int64(1); q <= 1000; q++ {
		p := math.Round(x * float64(q))
		if math.Abs(p/float64(q)-x) <= 1e-12*math.Max(1, math.Abs(x)) {
			return big.NewRat(int64(p), q), true
		}
	}
	return nil, false
}

func cxTeX(z cx) string {
	if z.isReal() {
		return ratTeX(z.re)
	}
	im := ""
	a := new(big.Rat).Abs(z.im)
	switch {
	case a.Cmp(big.NewRat(1, 1)) == 0:
		im = "i"
	default:
		im = ratTeX(a) + "i"
	}
	if z.re.Sign() == 0 {
		if z.im.Sign() < 0 {
			return "-" + im
		}
		return im
	}
	sign := " + "
	if z.im.Sign() < 0 {
		sign = " - "
	}
	return ratTeX(z.re) + sign + im
}
