package mathexpr

import (
	"errors"
	"fmt"
	"math/big"
	"strings"
)

// poly is a polynomial in one variable with rational coefficients; p[k] is the coefficient of
// x^k. The zero polynomial is empty.
type poly []*big.Rat

const maxDegree = 64

var errNotPoly = errors.New("not a rational function of one variable")

func (p poly) trim() poly {
	for len(p) > 0 && p[len(p)-1].Sign() == 0 {
		p = p[:len(p)-1]
	}
	return p
}

func (p poly) deg() int { return len(p.trim()) - 1 }

func constPoly(r *big.Rat) poly { return poly{new(big.Rat).Set(r)}.trim() }

func (p poly) add(q poly) poly {
	n := max(len(p), len(q))
	out := make(poly, n)
	for i := range out {
		out[i] = new(big.Rat)
		if i < len(p) {
			out[i].Add(out[i], p[i])
		}
		if i < len(q) {
			out[i].Add(out[i], q[i])
		}
	}
	return out.trim()
}

func (p poly) scale(r *big.Rat) poly {
	out := make(poly, len(p))
	for i, c := range p {
		out[i] = new(big.Rat).Mul(c, r)
	}
	return out.trim()
}

func (p poly) neg() poly { return p.scale(big.NewRat(-1, 1)) }

func (p poly) mul(q poly) (poly, error) {
	if len(p) == 0 || len(q) == 0 {
		return nil, nil
	}
	if len(p)+len(q)-2 > maxDegree {
		return nil, fmt.Errorf("%w: degree above %d", ErrTooLarge, maxDegree)
	}
	out := make(poly, len(p)+len(q)-1)
	for i := range out {
		out[i] = new(big.Rat)
	}
	t := new(big.Rat)
	for i, a := range p {
		for j, b := range q {
			out[i+j].Add(out[i+j], t.Mul(a, b))
		}
	}
	for _, c := range out {
		if err := checkRat(c); err != nil {
			return nil, err
		}
	}
	return out.trim(), nil
}

// divmod divides p by q (q non-zero).
func (p poly) divmod(q poly) (quo, rem poly) {
	q = q.trim()
	rem = append(poly(nil), p.trim()...)
	for i := range rem {
		rem[i] = new(big.Rat).Set(rem[i])
	}
	if len(rem) < len(q) {
		return nil, rem
	}
	quo = make(poly, len(rem)-len(q)+1)
	for i := range quo {
		quo[i] = new(big.Rat)
	}
	lead := q[len(q)-1]
	for len(rem) >= len(q) && len(rem) > 0 {
		k := len(rem) - len(q)
		c := new(big.Rat).Quo(rem[len(rem)-1], lead)
		quo[k] = c
		for j, b := range q {
			rem[k+j].Sub(rem[k+j], new(big.Rat).Mul(c, b))
		}
		rem = rem[:len(rem)-1].trim()
	}
	return quo.trim(), rem
}

func (p poly) monic() poly {
	p = p.trim()
	if len(p) == 0 {
		return p
	}
	return p.scale(new(big.Rat).Inv(p[len(p)-1]))
}

// polyGCD is the monic greatest common divisor; when the remainders' coefficients grow past
// the size limit it gives up and returns 1 (no cancellation).
func polyGCD(a, b poly) poly {
	a, b = a.trim(), b.trim()
	for len(b) > 0 {
		_, r := a.divmod(b)
		for _, c := range r {
			if checkRat(c) != nil {
				return poly{big.NewRat(1, 1)}
			}
		}
		a, b = b, r.monic()
	}
	return a.monic()
}

func (p poly) eval(x *big.Rat) *big.Rat {
	s := new(big.Rat)
	for i := len(p) - 1; i >= 0; i-- {
		s.Mul(s, x)
		s.Add(s, p[i])
	}
	return s
}

func (p poly) evalC(x complex128) complex128 {
	var s complex128
	for i := len(p) - 1; i >= 0; i-- {
		f, _ := p[i].Float64()
		s = s*x + complex(f, 0)
	}
	return s
}

func (p poly) deriv() poly {
	if len(p) <= 1 {
		return nil
	}
	out := make(poly, len(p)-1)
	for i := 1; i < len(p); i++ {
		out[i-1] = new(big.Rat).Mul(p[i], big.NewRat(int64(i), 1))
	}
	return out.trim()
}

// ratfn is num/den.
type ratfn struct{ num, den poly }

func (f ratfn) add(g ratfn) (ratfn, error) {
	a, err := f.num.mul(g.den)
	if err != nil {
		return ratfn{}, err
	}
	b, err := g.num.mul(f.den)
	if err != nil {
		return ratfn{}, err
	}
	d, err := f.den.mul(g.den)
	if err != nil {
		return ratfn{}, err
	}
	return ratfn{a.add(b), d}.reduce(), nil
}

func (f ratfn) mul(g ratfn) (ratfn, error) {
	n, err := f.num.mul(g.num)
	if err != nil {
		return ratfn{}, err
	}
	d, err := f.den.mul(g.den)
	if err != nil {
		return ratfn{}, err
	}
	return ratfn{n, d}.reduce(), nil
}

// reduce keeps the denominator's leading coefficient 1 (it does not cancel common factors,
// so solving can still exclude the roots of the original denominator).
func (f ratfn) reduce() ratfn {
	d := f.den.trim()
	if len(d) == 0 {
		return f
	}
	l := new(big.Rat).Inv(d[len(d)-1])
	return ratfn{f.num.scale(l), d.scale(l)}
}

func (f ratfn) cancel() ratfn {
	g := polyGCD(f.num, f.den)
	if g.deg() <= 0 {
		return f.reduce()
	}
	n, _ := f.num.divmod(g)
	d, _ := f.den.divmod(g)
	return ratfn{n, d}.reduce()
}

// toRatfn converts e into a rational function of the variable v.
func toRatfn(e *Expr, v string, b *budget) (ratfn, error) {
	if err := b.tick(); err != nil {
		return ratfn{}, err
	}
	one := poly{big.NewRat(1, 1)}
	switch e.Kind {
	case KNum:
		return ratfn{constPoly(e.Val), one}, nil
	case KSym:
		if e.Name == v {
			return ratfn{poly{new(big.Rat), big.NewRat(1, 1)}, one}, nil
		}
		return ratfn{}, errNotPoly
	case KAdd:
		acc := ratfn{nil, one}
		for _, a := range e.Args {
			f, err := toRatfn(a, v, b)
			if err != nil {
				return ratfn{}, err
			}
			if acc, err = acc.add(f); err != nil {
				return ratfn{}, err
			}
		}
		return acc, nil
	case KNeg:
		f, err := toRatfn(e.Args[0], v, b)
		return ratfn{f.num.neg(), f.den}, err
	case KMul:
		acc := ratfn{one, one}
		for _, a := range e.Args {
			f, err := toRatfn(a, v, b)
			if err != nil {
				return ratfn{}, err
			}
			if acc, err = acc.mul(f); err != nil {
				return ratfn{}, err
			}
		}
		return acc, nil
	case KDiv:
		n, err := toRatfn(e.Args[0], v, b)
		if err != nil {
			return ratfn{}, err
		}
		d, err := toRatfn(e.Args[1], v, b)
		if err != nil {
			return ratfn{}, err
		}
		if len(d.num.trim()) == 0 {
			return ratfn{}, errUndefined
		}
		return n.mul(ratfn{d.den, d.num})
	case KPct:
		f, err := toRatfn(e.Args[0], v, b)
		return ratfn{f.num.scale(big.NewRat(1, 100)), f.den}, err
	case KPow:
		ex, err := exact(e.Args[1], b)
		if err != nil || !ex.isReal() || !ex.re.IsInt() || !ex.re.Num().IsInt64() {
			if isBudgetErr(err) {
				return ratfn{}, err
			}
			// a constant base with a constant exponent (2^{1/2}) is not rational: give up
			return ratfn{}, errNotPoly
		}
		n := ex.re.Num().Int64()
		if n > maxDegree || n < -maxDegree {
			return ratfn{}, fmt.Errorf("%w: power %d", ErrTooLarge, n)
		}
		f, err := toRatfn(e.Args[0], v, b)
		if err != nil {
			return ratfn{}, err
		}
		if n < 0 {
			if len(f.num.trim()) == 0 {
				return ratfn{}, errUndefined
			}
			f, n = ratfn{f.den, f.num}, -n
		}
		acc := ratfn{one, one}
		for i := int64(0); i < n; i++ {
			if acc, err = acc.mul(f); err != nil {
				return ratfn{}, err
			}
		}
		return acc.reduce(), nil
	}
	if e.Kind == KRoot || e.Kind == KFunc || e.Kind == KFact || e.Kind == KAbs {
		// constant sub-expressions with an exact rational value are fine
		vars := map[string]bool{}
		e.vars(vars)
		if len(vars) == 0 {
			if z, err := exact(e, b); err == nil && z.isReal() {
				return ratfn{constPoly(z.re), one}, nil
			}
		}
	}
	return ratfn{}, errNotPoly
}

// ratTeX renders a rational in LaTeX: 3, -\frac{1}{2}.
func ratTeX(r *big.Rat) string {
	if r.IsInt() {
		return r.Num().String()
	}
	s := ""
	a := new(big.Rat).Set(r)
	if a.Sign() < 0 {
		s = "-"
		a.Neg(a)
	}
	return fmt.Sprintf("%s\\frac{%s}{%s}", s, a.Num(), a.Denom())
}

// polyTeX renders p in x, highest power first: 2x^2 + 3x - 1.
func polyTeX(p poly, x string) string {
	p = p.trim()
	if len(p) == 0 {
		return "0"
	}
	var b strings.Builder
	first := true
	for k := len(p) - 1; k >= 0; k-- {
		c := p[k]
		if c.Sign() == 0 {
			continue
		}
		a := new(big.Rat).Abs(c)
		switch {
		case first && c.Sign() < 0:
			b.WriteString("-")
		case !first && c.Sign() < 0:
			b.WriteString(" - ")
		case !first:
			b.WriteString(" + ")
		}
		first = false
		one := a.Cmp(big.NewRat(1, 1)) == 0
		if k == 0 || !one {
			b.WriteString(ratTeX(a))
		}
		if k >= 1 {
			b.WriteString(x)
		}
		if k >= 2 {
			fmt.Fprintf(&b, "^{%d}", k)
		}
	}
	return b.String()
}

func ratfnTeX(f ratfn, x string) string {
	f = f.cancel()
	if f.den.deg() == 0 {
		return polyTeX(f.num.scale(new(big.Rat).Inv(f.den[0])), x)
	}
	return fmt.Sprintf("\\frac{%s}{%s}", polyTeX(f.num, x), polyTeX(f.den, x))
}
