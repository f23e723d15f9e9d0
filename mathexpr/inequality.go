package mathexpr

import (
	"errors"
	"math"
	"sort"
	"strings"
)

// solveInequality solves a one-variable polynomial or rational inequality by sign analysis:
// the real roots of the numerator and denominator split the line; each piece is tested at
// one point. The answer is a union of intervals ("(-\infty, -2) \cup (2, \infty)"), a finite
// set of points, (-\infty, \infty) or \emptyset.
func solveInequality(e *Expr, v string, b *budget) (string, string, error) {
	op := e.Ops[0]
	d := node(KAdd, e.Args[0], node(KNeg, e.Args[1]))
	f, err := toRatfn(d, v, b)
	if err != nil {
		return "", "", err
	}
	if f.num.deg() < 0 {
		return "", "", errors.New("identity")
	}
	num, err := realRoots(f.num, b)
	if err != nil {
		return "", "", err
	}
	den, err := realRoots(f.den, b)
	if err != nil {
		return "", "", err
	}
	type brk struct {
		r      root
		isPole bool
	}
	var pts []brk
	add := func(r root, pole bool) {
		for i := range pts {
			if math.Abs(real(pts[i].r.val)-real(r.val)) < 1e-12*math.Max(1, math.Abs(real(r.val))) {
				pts[i].isPole = pts[i].isPole || pole
				return
			}
		}
		pts = append(pts, brk{r, pole})
	}
	for _, r := range num {
		add(r, false)
	}
	for _, r := range den {
		add(r, true)
	}
	sort.Slice(pts, func(i, j int) bool { return real(pts[i].r.val) < real(pts[j].r.val) })
	holds := func(x float64) bool {
		n, dd := f.num.evalC(complex(x, 0)), f.den.evalC(complex(x, 0))
		s := real(n) / real(dd)
		switch op {
		case "<":
			return s < 0
		case "<=":
			return s <= 0
		case ">":
			return s > 0
		}
		return s >= 0
	}
	strict := op == "<" || op == ">"
	// pieces in order: region 0, point 0, region 1, point 1, ..., region n
	n := len(pts)
	region := make([]bool, n+1)
	for i := 0; i <= n; i++ {
		var x float64
		switch {
		case n == 0:
			x = 0
		case i == 0:
			x = real(pts[0].r.val) - 1
		case i == n:
			x = real(pts[n-1].r.val) + 1
		default:
			x = (real(pts[i-1].r.val) + real(pts[i].r.val)) / 2
		}
		region[i] = holds(x)
	}
	point := make([]bool, n)
	for i, p := range pts {
		point[i] = !strict && !p.isPole
	}
	var parts []string
	var isolated []string
	onlyPoints := true
	for i := 0; i <= n; {
		if !region[i] {
			if i < n && point[i] && (i+1 > n || !region[i+1]) {
				isolated = append(isolated, pts[i].r.tex)
			}
			i++
			continue
		}
		onlyPoints = false
		// a run starting at region i
		left := "(-\\infty"
		if i > 0 {
			if point[i-1] {
				left = "[" + pts[i-1].r.tex
			} else {
				left = "(" + pts[i-1].r.tex
			}
		}
		j := i
		for j < n && point[j] && region[j+1] {
			j++
		}
		right := "\\infty)"
		if j < n {
			if point[j] {
				right = pts[j].r.tex + "]"
			} else {
				right = pts[j].r.tex + ")"
			}
		}
		parts = append(parts, left+", "+right)
		i = j + 1 // region j+1 was either false or is not joined (open end at pts[j])
	}
	switch {
	case len(parts) == 0 && len(isolated) == 0:
		return "\\emptyset", "inequality", nil
	case onlyPoints:
		return "\\{" + strings.Join(isolated, ", ") + "\\}", "inequality", nil
	case len(isolated) > 0:
		return "", "", errors.New("solution mixes intervals and isolated points")
	}
	return strings.Join(parts, " \\cup "), "inequality", nil
}

// realRoots returns the real roots of p (none for a constant).
func realRoots(p poly, b *budget) ([]root, error) {
	if p.deg() <= 0 {
		return nil, nil
	}
	rs, err := polyRoots(p, b)
	if err != nil {
		return nil, err
	}
	var out []root
	for _, r := range rs {
		if imag(r.val) == 0 {
			out = append(out, r)
		}
	}
	return out, nil
}
