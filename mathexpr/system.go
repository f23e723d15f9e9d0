package mathexpr

import (
	"errors"
	"fmt"
	"math/big"
	"sort"
	"strings"
)

// linear is c + sum coef[v]*v.
type linear struct {
	coef map[string]*big.Rat
	c    *big.Rat
}

func (l linear) isConst() bool {
	for _, r := range l.coef {
		if r.Sign() != 0 {
			return false
		}
	}
	return true
}

func (l linear) scale(k *big.Rat) linear {
	out := linear{coef: map[string]*big.Rat{}, c: new(big.Rat).Mul(l.c, k)}
	for v, r := range l.coef {
		out.coef[v] = new(big.Rat).Mul(r, k)
	}
	return out
}

func (l linear) add(m linear) linear {
	out := linear{coef: map[string]*big.Rat{}, c: new(big.Rat).Add(l.c, m.c)}
	for v, r := range l.coef {
		out.coef[v] = new(big.Rat).Set(r)
	}
	for v, r := range m.coef {
		if o, ok := out.coef[v]; ok {
			o.Add(o, r)
		} else {
			out.coef[v] = new(big.Rat).Set(r)
		}
	}
	return out
}

var errNotLinear = errors.New("not a linear equation")

// linearForm reads e as a linear expression in its variables.
func linearForm(e *Expr, b *budget) (linear, error) {
	if err := b.tick(); err != nil {
		return linear{}, err
	}
	switch e.Kind {
	case KNum:
		return linear{coef: map[string]*big.Rat{}, c: new(big.Rat).Set(e.Val)}, nil
	case KSym:
		if !isConst(e.Name) {
			return linear{coef: map[string]*big.Rat{e.Name: big.NewRat(1, 1)}, c: new(big.Rat)}, nil
		}
	case KAdd:
		acc := linear{coef: map[string]*big.Rat{}, c: new(big.Rat)}
		for _, a := range e.Args {
			l, err := linearForm(a, b)
			if err != nil {
				return linear{}, err
			}
			acc = acc.add(l)
		}
		return acc, nil
	case KNeg:
		l, err := linearForm(e.Args[0], b)
		return l.scale(big.NewRat(-1, 1)), err
	case KMul:
		acc := linear{coef: map[string]*big.Rat{}, c: big.NewRat(1, 1)}
		for _, a := range e.Args {
			l, err := linearForm(a, b)
			if err != nil {
				return linear{}, err
			}
			switch {
			case l.isConst():
				acc = acc.scale(l.c)
			case acc.isConst():
				acc = l.scale(acc.c)
			default:
				return linear{}, errNotLinear
			}
		}
		return acc, nil
	case KDiv:
		n, err := linearForm(e.Args[0], b)
		if err != nil {
			return linear{}, err
		}
		d, err := linearForm(e.Args[1], b)
		if err != nil {
			return linear{}, err
		}
		if !d.isConst() || d.c.Sign() == 0 {
			return linear{}, errNotLinear
		}
		return n.scale(new(big.Rat).Inv(d.c)), nil
	}
	vars := map[string]bool{}
	e.vars(vars)
	if len(vars) == 0 {
		if z, err := exact(e, b); err == nil && z.isReal() {
			return linear{coef: map[string]*big.Rat{}, c: z.re}, nil
		}
	}
	return linear{}, errNotLinear
}

// solveSystem solves n linear equations in n variables exactly (Gauss-Jordan elimination).
func solveSystem(eqs []*Expr, b *budget) (string, string, error) {
	var rows []linear
	vars := map[string]bool{}
	for _, e := range eqs {
		if e.Kind != KRel || len(e.Ops) != 1 || e.Ops[0] != "=" {
			return "", "", errors.New("a system needs equations")
		}
		l, err := linearForm(node(KAdd, e.Args[0], node(KNeg, e.Args[1])), b)
		if err != nil {
			return "", "", err
		}
		rows = append(rows, l)
		for v, r := range l.coef {
			if r.Sign() != 0 {
				vars[v] = true
			}
		}
	}
	names := make([]string, 0, len(vars))
	for v := range vars {
		names = append(names, v)
	}
	sort.Strings(names)
	n := len(names)
	if n == 0 || n > 10 {
		return "", "", fmt.Errorf("system in %d variables", n)
	}
	// augmented matrix
	m := make([][]*big.Rat, len(rows))
	for i, l := range rows {
		m[i] = make([]*big.Rat, n+1)
		for j, v := range names {
			m[i][j] = new(big.Rat)
			if r, ok := l.coef[v]; ok {
				m[i][j].Set(r)
			}
		}
		m[i][n] = new(big.Rat).Neg(l.c)
	}
	row := 0
	for col := 0; col < n && row < len(m); col++ {
		p := -1
		for i := row; i < len(m); i++ {
			if m[i][col].Sign() != 0 {
				p = i
				break
			}
		}
		if p < 0 {
			continue
		}
		m[row], m[p] = m[p], m[row]
		inv := new(big.Rat).Inv(m[row][col])
		for j := col; j <= n; j++ {
			m[row][j].Mul(m[row][j], inv)
		}
		for i := range m {
			if i == row || m[i][col].Sign() == 0 {
				continue
			}
			f := new(big.Rat).Set(m[i][col])
			for j := col; j <= n; j++ {
				m[i][j].Sub(m[i][j], new(big.Rat).Mul(f, m[row][j]))
				if err := checkRat(m[i][j]); err != nil {
					return "", "", err
				}
			}
		}
		row++
	}
	for i := row; i < len(m); i++ {
		if m[i][n].Sign() != 0 {
			return "\\emptyset", "inconsistent linear system", nil
		}
	}
	if row < n {
		return "", "", errors.New("the system has infinitely many solutions")
	}
	parts := make([]string, n)
	for i, v := range names {
		parts[i] = (&Expr{Kind: KSym, Name: v}).String() + " = " + ratTeX(m[i][n])
	}
	return strings.Join(parts, ", "), "linear system", nil
}
