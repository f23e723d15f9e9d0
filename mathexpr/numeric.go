package mathexpr

import (
	"errors"
	"math"
	"math/cmplx"
)

var errNoValue = errors.New("no numeric value")

// evalC evaluates e in complex128 with the variables bound by env.
func evalC(e *Expr, env map[string]complex128, b *budget) (complex128, error) {
	if err := b.tick(); err != nil {
		return 0, err
	}
	switch e.Kind {
	case KNum:
		f, _ := e.Val.Float64()
		return complex(f, 0), nil
	case KSym:
		switch e.Name {
		case "pi":
			return math.Pi, nil
		case "e":
			return math.E, nil
		case "i":
			return 1i, nil
		case "inf":
			return 0, errNoValue
		}
		if v, ok := env[e.Name]; ok {
			return v, nil
		}
		return 0, errNoValue
	case KAdd:
		var s complex128
		for _, a := range e.Args {
			v, err := evalC(a, env, b)
			if err != nil {
				return 0, err
			}
			s += v
		}
		return s, nil
	case KNeg:
		v, err := evalC(e.Args[0], env, b)
		return -v, err
	case KMul:
		p := complex(1, 0)
		for _, a := range e.Args {
			v, err := evalC(a, env, b)
			if err != nil {
				return 0, err
			}
			p *= v
		}
		return p, nil
	case KDiv:
		n, err := evalC(e.Args[0], env, b)
		if err != nil {
			return 0, err
		}
		d, err := evalC(e.Args[1], env, b)
		if err != nil {
			return 0, err
		}
		if d == 0 {
			return 0, errUndefined
		}
		return n / d, nil
	case KPow:
		x, err := evalC(e.Args[0], env, b)
		if err != nil {
			return 0, err
		}
		y, err := evalC(e.Args[1], env, b)
		if err != nil {
			return 0, err
		}
		return cpow(x, y), nil
	case KRoot:
		x, err := evalC(e.Args[0], env, b)
		if err != nil {
			return 0, err
		}
		k, err := evalC(e.Args[1], env, b)
		if err != nil {
			return 0, err
		}
		if imag(x) == 0 && real(x) < 0 && imag(k) == 0 && real(k) == math.Trunc(real(k)) && int64(real(k))%2 != 0 {
			return complex(-math.Pow(-real(x), 1/real(k)), 0), nil
		}
		if k == 2 {
			return cmplx.Sqrt(x), nil
		}
		return cpow(x, 1/k), nil
	case KFact:
		x, err := evalC(e.Args[0], env, b)
		if err != nil {
			return 0, err
		}
		if imag(x) != 0 || real(x) < 0 && real(x) == math.Trunc(real(x)) {
			return 0, errNoValue
		}
		if real(x) > 170 {
			return complex(math.Inf(1), 0), nil
		}
		return complex(math.Gamma(real(x)+1), 0), nil
	case KAbs:
		x, err := evalC(e.Args[0], env, b)
		return complex(cmplx.Abs(x), 0), err
	case KPct:
		x, err := evalC(e.Args[0], env, b)
		return x / 100, err
	case KFunc:
		args := make([]complex128, len(e.Args))
		for i, a := range e.Args {
			v, err := evalC(a, env, b)
			if err != nil {
				return 0, err
			}
			args[i] = v
		}
		return cfunc(e.Name, args)
	}
	return 0, errNoValue
}

func cpow(x, y complex128) complex128 {
	if imag(x) == 0 && imag(y) == 0 {
		bx, by := real(x), real(y)
		if bx >= 0 || by == math.Trunc(by) {
			return complex(math.Pow(bx, by), 0)
		}
	}
	if x == 0 {
		if real(y) > 0 {
			return 0
		}
		return cmplx.Inf()
	}
	return cmplx.Pow(x, y)
}

func cfunc(name string, a []complex128) (complex128, error) {
	x := a[0]
	switch name {
	case "sin":
		return cmplx.Sin(x), nil
	case "cos":
		return cmplx.Cos(x), nil
	case "tan":
		return cmplx.Tan(x), nil
	case "cot":
		return 1 / cmplx.Tan(x), nil
	case "sec":
		return 1 / cmplx.Cos(x), nil
	case "csc":
		return 1 / cmplx.Sin(x), nil
	case "asin":
		return cmplx.Asin(x), nil
	case "acos":
		return cmplx.Acos(x), nil
	case "atan":
		return cmplx.Atan(x), nil
	case "acot":
		return cmplx.Atan(1 / x), nil
	case "asec":
		return cmplx.Acos(1 / x), nil
	case "acsc":
		return cmplx.Asin(1 / x), nil
	case "sinh":
		return cmplx.Sinh(x), nil
	case "cosh":
		return cmplx.Cosh(x), nil
	case "tanh":
		return cmplx.Tanh(x), nil
	case "exp":
		return cmplx.Exp(x), nil
	case "ln":
		return cmplx.Log(x), nil
	case "log":
		if len(a) == 2 {
			return cmplx.Log(x) / cmplx.Log(a[1]), nil
		}
		return cmplx.Log(x), nil
	case "log10":
		return cmplx.Log10(x), nil
	case "floor", "ceil":
		if imag(x) != 0 {
			return 0, errNoValue
		}
		if name == "floor" {
			return complex(math.Floor(real(x)), 0), nil
		}
		return complex(math.Ceil(real(x)), 0), nil
	case "max", "min":
		m := real(x)
		for _, v := range a {
			if imag(v) != 0 {
				return 0, errNoValue
			}
			if name == "max" && real(v) > m || name == "min" && real(v) < m {
				m = real(v)
			}
		}
		return complex(m, 0), nil
	case "binom":
		if len(a) != 2 || imag(x) != 0 || imag(a[1]) != 0 {
			return 0, errNoValue
		}
		return binomC(real(x), real(a[1]))
	}
	return 0, errNoValue
}

// binomC is the binomial coefficient generalized to a real n: for a whole k it is the falling
// product n(n-1)...(n-k+1)/k!, a polynomial in n, so \binom{n}{2} equals n(n-1)/2 at every
// sample point (rounding a gamma quotient would make all small binomials agree at non-integer
// points). Otherwise it is the gamma quotient with signs.
func binomC(n, k float64) (complex128, error) {
	if k == math.Trunc(k) && k >= 0 && k <= 1000 {
		r := 1.0
		for j := 0.0; j < k; j++ {
			r *= (n - j) / (j + 1)
		}
		if n == math.Trunc(n) {
			r = math.Round(r)
		}
		return complex(r, 0), nil
	}
	lg := func(v float64) (float64, int) { return math.Lgamma(v + 1) }
	a, sa := lg(n)
	b, sb := lg(k)
	c, sc := lg(n - k)
	return complex(float64(sa*sb*sc)*math.Exp(a-b-c), 0), nil
}

// closeC compares two complex values with a relative tolerance rel (absolute abs near zero).
func closeC(a, b complex128, rel, abs float64) bool {
	if cmplx.IsNaN(a) || cmplx.IsNaN(b) || cmplx.IsInf(a) || cmplx.IsInf(b) {
		return false
	}
	d := cmplx.Abs(a - b)
	m := math.Max(cmplx.Abs(a), cmplx.Abs(b))
	return d <= rel*m || d <= abs
}

func finite(z complex128) bool { return !cmplx.IsNaN(z) && !cmplx.IsInf(z) }
