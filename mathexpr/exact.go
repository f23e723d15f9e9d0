package mathexpr

import (
	"errors"
	"fmt"
	"math/big"
)

// cx is an exact Gaussian rational re + im·i.
type cx struct{ re, im *big.Rat }

var (
	errNotExact  = errors.New("not an exact rational value")
	errUndefined = errors.New("undefined (division by zero)")
)

func ratZero() *big.Rat { return new(big.Rat) }

func (z cx) isReal() bool { return z.im.Sign() == 0 }

func (z cx) equal(w cx) bool { return z.re.Cmp(w.re) == 0 && z.im.Cmp(w.im) == 0 }

func realCx(r *big.Rat) cx { return cx{r, ratZero()} }

func checkRat(r *big.Rat) error {
	if r.Num().BitLen() > maxBits || r.Denom().BitLen() > maxBits {
		return fmt.Errorf("%w: number beyond %d bits", ErrTooLarge, maxBits)
	}
	return nil
}

func checkCx(z cx) (cx, error) {
	if err := checkRat(z.re); err != nil {
		return z, err
	}
	return z, checkRat(z.im)
}

func cxAdd(a, b cx) cx {
	return cx{new(big.Rat).Add(a.re, b.re), new(big.Rat).Add(a.im, b.im)}
}

func cxNeg(a cx) cx { return cx{new(big.Rat).Neg(a.re), new(big.Rat).Neg(a.im)} }

func cxMul(a, b cx) cx {
	if a.isReal() && b.isReal() {
		return realCx(new(big.Rat).Mul(a.re, b.re))
	}
	re := new(big.Rat).Sub(new(big.Rat).Mul(a.re, b.re), new(big.Rat).Mul(a.im, b.im))
	im := new(big.Rat).Add(new(big.Rat).Mul(a.re, b.im), new(big.Rat).Mul(a.im, b.re))
	return cx{re, im}
}

func cxInv(a cx) (cx, error) {
	if a.re.Sign() == 0 && a.im.Sign() == 0 {
		return cx{}, errUndefined
	}
	if a.isReal() {
		return realCx(new(big.Rat).Inv(a.re)), nil
	}
	d := new(big.Rat).Add(new(big.Rat).Mul(a.re, a.re), new(big.Rat).Mul(a.im, a.im))
	return cx{new(big.Rat).Quo(a.re, d), new(big.Rat).Neg(new(big.Rat).Quo(a.im, d))}, nil
}

// cxPowInt raises a to the integer power n with a bit-size guard.
func cxPowInt(a cx, n *big.Int, b *budget) (cx, error) {
	if a.re.Sign() == 0 && a.im.Sign() == 0 {
		switch n.Sign() {
		case 0:
			return realCx(big.NewRat(1, 1)), nil
		case -1:
			return cx{}, errUndefined
		}
		return a, nil
	}
	one := big.NewRat(1, 1)
	if a.isReal() && (a.re.Cmp(one) == 0) {
		return a, nil
	}
	if a.isReal() && a.re.Cmp(big.NewRat(-1, 1)) == 0 {
		if n.Bit(0) == 0 {
			return realCx(one), nil
		}
		return a, nil
	}
	if !n.IsInt64() || n.Int64() > maxBits || n.Int64() < -maxBits {
		return cx{}, fmt.Errorf("%w: exponent %s", ErrTooLarge, n)
	}
	e := n.Int64()
	neg := e < 0
	if neg {
		e = -e
	}
	bits := a.re.Num().BitLen() + a.re.Denom().BitLen() + a.im.Num().BitLen() + a.im.Denom().BitLen()
	if a.isReal() && a.re.IsInt() && a.re.Num().CmpAbs(big.NewInt(1)) == 0 {
		bits = 0
	}
	if int64(bits-2)*e > 2*maxBits {
		return cx{}, fmt.Errorf("%w: power with about %d bits", ErrTooLarge, int64(bits)*e)
	}
	res := realCx(big.NewRat(1, 1))
	base := a
	for e > 0 {
		if err := b.tick(); err != nil {
			return cx{}, err
		}
		if e&1 == 1 {
			res = cxMul(res, base)
		}
		e >>= 1
		if e > 0 {
			base = cxMul(base, base)
		}
	}
	if neg {
		return cxInv(res)
	}
	return checkCx(res)
}

// intRoot returns the exact k-th root of x >= 0 if x is a perfect k-th power.
func intRoot(x *big.Int, k int) (*big.Int, bool) {
	if x.Sign() == 0 || x.Cmp(big.NewInt(1)) == 0 {
		return new(big.Int).Set(x), true
	}
	if k == 2 {
		r := new(big.Int).Sqrt(x)
		return r, new(big.Int).Mul(r, r).Cmp(x) == 0
	}
	// binary search on [1, 2^(bits/k+1)]
	hi := new(big.Int).Lsh(big.NewInt(1), uint(x.BitLen()/k+1))
	lo := big.NewInt(1)
	kk := big.NewInt(int64(k))
	for lo.Cmp(hi) <= 0 {
		mid := new(big.Int).Add(lo, hi)
		mid.Rsh(mid, 1)
		p := new(big.Int).Exp(mid, kk, nil)
		switch p.Cmp(x) {
		case 0:
			return mid, true
		case -1:
			lo = mid.Add(mid, big.NewInt(1))
		default:
			hi = mid.Sub(mid, big.NewInt(1))
		}
	}
	return nil, false
}

// ratRoot returns the exact k-th root of a rational; negative values have a real root for odd k.
func ratRoot(r *big.Rat, k int) (*big.Rat, bool) {
	if k < 1 || k > 256 {
		return nil, false
	}
	neg := r.Sign() < 0
	if neg && k%2 == 0 {
		return nil, false
	}
	n := new(big.Int).Abs(r.Num())
	a, ok1 := intRoot(n, k)
	d, ok2 := intRoot(r.Denom(), k)
	if !ok1 || !ok2 {
		return nil, false
	}
	res := new(big.Rat).SetFrac(a, d)
	if neg {
		res.Neg(res)
	}
	return res, true
}

// exact evaluates e to an exact Gaussian rational. It fails with errNotExact when the value is
// not known to be rational (variables, pi, irrational roots, transcendental functions).
func exact(e *Expr, b *budget) (cx, error) {
	if err := b.tick(); err != nil {
		return cx{}, err
	}
	switch e.Kind {
	case KNum:
		return realCx(e.Val), nil
	case KSym:
		if e.Name == "i" {
			return cx{ratZero(), big.NewRat(1, 1)}, nil
		}
		return cx{}, errNotExact
	case KAdd:
		s := realCx(ratZero())
		for _, a := range e.Args {
			v, err := exact(a, b)
			if err != nil {
				return cx{}, err
			}
			s = cxAdd(s, v)
		}
		return checkCx(s)
	case KNeg:
		v, err := exact(e.Args[0], b)
		if err != nil {
			return cx{}, err
		}
		return cxNeg(v), nil
	case KMul:
		p := realCx(big.NewRat(1, 1))
		var firstErr error
		zero := false
		for _, a := range e.Args {
			v, err := exact(a, b)
			if err != nil {
				if errors.Is(err, ErrTimeout) || errors.Is(err, ErrTooLarge) {
					return cx{}, err
				}
				if firstErr == nil {
					firstErr = err
				}
				continue
			}
			if v.re.Sign() == 0 && v.im.Sign() == 0 {
				zero = true
			}
			p = cxMul(p, v)
			if _, err := checkCx(p); err != nil {
				return cx{}, err
			}
		}
		if firstErr != nil {
			if zero && errors.Is(firstErr, errNotExact) {
				return realCx(ratZero()), nil
			}
			return cx{}, firstErr
		}
		return p, nil
	case KDiv:
		n, err := exact(e.Args[0], b)
		if err != nil {
			return cx{}, err
		}
		d, err := exact(e.Args[1], b)
		if err != nil {
			return cx{}, err
		}
		inv, err := cxInv(d)
		if err != nil {
			return cx{}, err
		}
		return checkCx(cxMul(n, inv))
	case KPow:
		return exactPow(e, b)
	case KRoot:
		x, err := exact(e.Args[0], b)
		if err != nil {
			return cx{}, err
		}
		k, err := exact(e.Args[1], b)
		if err != nil {
			return cx{}, err
		}
		if !k.isReal() || !k.re.IsInt() || !k.re.Num().IsInt64() || !x.isReal() {
			return cx{}, errNotExact
		}
		kk := int(k.re.Num().Int64())
		if kk == 2 && x.re.Sign() < 0 {
			if r, ok := ratRoot(new(big.Rat).Neg(x.re), 2); ok {
				return cx{ratZero(), r}, nil
			}
			return cx{}, errNotExact
		}
		if r, ok := ratRoot(x.re, kk); ok {
			return realCx(r), nil
		}
		return cx{}, errNotExact
	case KFact:
		x, err := exact(e.Args[0], b)
		if err != nil {
			return cx{}, err
		}
		if !x.isReal() || !x.re.IsInt() || x.re.Sign() < 0 {
			return cx{}, errNotExact
		}
		if x.re.Num().Cmp(big.NewInt(maxFactorial)) > 0 {
			return cx{}, fmt.Errorf("%w: factorial of %s", ErrTooLarge, x.re.Num())
		}
		n := x.re.Num().Int64()
		f := new(big.Int).MulRange(1, n)
		if n == 0 {
			f.SetInt64(1)
		}
		return realCx(new(big.Rat).SetInt(f)), nil
	case KAbs:
		x, err := exact(e.Args[0], b)
		if err != nil {
			return cx{}, err
		}
		if x.isReal() {
			return realCx(new(big.Rat).Abs(x.re)), nil
		}
		m := new(big.Rat).Add(new(big.Rat).Mul(x.re, x.re), new(big.Rat).Mul(x.im, x.im))
		if r, ok := ratRoot(m, 2); ok {
			return realCx(r), nil
		}
		return cx{}, errNotExact
	case KPct:
		x, err := exact(e.Args[0], b)
		if err != nil {
			return cx{}, err
		}
		return cxMul(x, realCx(big.NewRat(1, 100))), nil
	case KFunc:
		return exactFunc(e, b)
	}
	return cx{}, errNotExact
}

func exactPow(e *Expr, b *budget) (cx, error) {
	ex, err := exact(e.Args[1], b)
	if err != nil {
		return cx{}, err
	}
	base, err := exact(e.Args[0], b)
	if err != nil {
		return cx{}, err
	}
	if !ex.isReal() {
		return cx{}, errNotExact
	}
	if ex.re.IsInt() {
		return cxPowInt(base, ex.re.Num(), b)
	}
	// rational exponent p/q on a real base: exact when base is a perfect q-th power
	q := ex.re.Denom()
	if !base.isReal() || !q.IsInt64() || q.Int64() > 64 {
		return cx{}, errNotExact
	}
	if base.re.Sign() < 0 {
		return cx{}, errNotExact // principal value is complex
	}
	r, ok := ratRoot(base.re, int(q.Int64()))
	if !ok {
		return cx{}, errNotExact
	}
	return cxPowInt(realCx(r), ex.re.Num(), b)
}

func exactFunc(e *Expr, b *budget) (cx, error) {
	args := make([]cx, len(e.Args))
	for i, a := range e.Args {
		v, err := exact(a, b)
		if err != nil {
			return cx{}, err
		}
		if !v.isReal() {
			return cx{}, errNotExact
		}
		args[i] = v
	}
	one := big.NewRat(1, 1)
	x := args[0].re
	switch e.Name {
	case "binom":
		if len(args) != 2 || !x.IsInt() || !args[1].re.IsInt() {
			return cx{}, errNotExact
		}
		n, k := x.Num(), args[1].re.Num()
		if n.Sign() < 0 || k.Sign() < 0 || !n.IsInt64() || n.Int64() > 100000 {
			return cx{}, errNotExact
		}
		if k.Cmp(n) > 0 {
			return realCx(ratZero()), nil
		}
		kk := k.Int64()
		if nk := n.Int64() - kk; nk < kk {
			kk = nk
		}
		if kk > 2000 {
			return cx{}, fmt.Errorf("%w: binomial", ErrTooLarge)
		}
		return checkCx(realCx(new(big.Rat).SetInt(new(big.Int).Binomial(n.Int64(), kk))))
	case "floor", "ceil":
		q := new(big.Int).Div(x.Num(), x.Denom()) // Euclidean: floor for positive denominators
		if e.Name == "ceil" && !x.IsInt() {
			q.Add(q, big.NewInt(1))
		}
		return realCx(new(big.Rat).SetInt(q)), nil
	case "max", "min":
		m := x
		for _, a := range args[1:] {
			if c := a.re.Cmp(m); e.Name == "max" && c > 0 || e.Name == "min" && c < 0 {
				m = a.re
			}
		}
		return realCx(m), nil
	case "sin", "tan", "asin", "atan", "sinh", "tanh":
		if x.Sign() == 0 {
			return realCx(ratZero()), nil
		}
	case "cos", "cosh", "exp", "sec":
		if x.Sign() == 0 {
			return realCx(one), nil
		}
	case "ln":
		if x.Cmp(one) == 0 {
			return realCx(ratZero()), nil
		}
	case "log", "log10":
		base := big.NewRat(10, 1)
		if len(args) == 2 {
			base = args[1].re
		} else if e.Name == "log" {
			if x.Cmp(one) == 0 {
				return realCx(ratZero()), nil
			}
			return cx{}, errNotExact
		}
		if x.Sign() <= 0 || base.Sign() <= 0 || base.Cmp(one) == 0 {
			return cx{}, errNotExact
		}
		// log_b x = k for small integers k
		p := big.NewRat(1, 1)
		for k := 0; k <= 64; k++ {
			if p.Cmp(x) == 0 {
				return realCx(big.NewRat(int64(k), 1)), nil
			}
			if inv := new(big.Rat).Inv(p); inv.Cmp(x) == 0 {
				return realCx(big.NewRat(int64(-k), 1)), nil
			}
			p.Mul(p, base)
			if p.Num().BitLen() > maxBits {
				break
			}
		}
	case "gcd", "lcm":
		if len(args) < 2 {
			return cx{}, errNotExact
		}
		g := new(big.Int)
		acc := new(big.Int).Abs(x.Num())
		for _, a := range args {
			if !a.re.IsInt() {
				return cx{}, errNotExact
			}
		}
		for _, a := range args[1:] {
			v := new(big.Int).Abs(a.re.Num())
			if e.Name == "gcd" {
				acc = g.GCD(nil, nil, acc, v)
				g = new(big.Int)
			} else {
				if acc.Sign() == 0 || v.Sign() == 0 {
					acc = new(big.Int)
					continue
				}
				gg := new(big.Int).GCD(nil, nil, acc, v)
				acc = new(big.Int).Mul(new(big.Int).Quo(acc, gg), v)
				if acc.BitLen() > maxBits {
					return cx{}, ErrTooLarge
				}
			}
		}
		return realCx(new(big.Rat).SetInt(acc)), nil
	}
	return cx{}, errNotExact
}
