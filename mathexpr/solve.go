package mathexpr

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/big"
	"math/cmplx"
	"regexp"
	"sort"
	"strings"
)

// Solve produces a reference answer for a prompt that has none. It handles one-variable
// equations (linear, quadratic with exact surd and complex roots, higher degree with rational
// roots, rational equations whose roots must not zero a denominator, square-root equations
// checked for extraneous roots, absolute-value equations split into cases, exponential
// equations such as 2^x = 8 whose logarithm is a whole number), polynomial and rational
// inequalities by sign analysis ("(-\infty, -2) \cup (2, \infty)"), systems of linear
// equations ("x = 3, y = 2"), derivatives (polynomials, products, quotients and the chain rule
// for the common functions; also at a point, "at x = 2"), and expressions to evaluate or
// simplify (exact rational arithmetic; rational functions of one variable are reduced). The reference is a LaTeX answer
// string ("1 - \sqrt{2}, 1 + \sqrt{2}", "2x + 3", "\frac{7}{8}", "\emptyset"). The math is
// taken from the prompt's $...$ spans, an equation in the prose, or the text after the
// instruction ("Solve for x:", "Evaluate", ...); math mixed with prose words is refused rather
// than guessed. When the prompt mentions "real", complex roots are dropped. When it cannot
// solve the prompt, ok is false and reason says why; the caller leaves the score missing.
func Solve(prompt string) (reference string, ok bool, reason string) {
	return SolveContext(context.Background(), prompt, Options{})
}

// SolveContext is Solve with a context and options (the time budget).
func SolveContext(ctx context.Context, prompt string, opts Options) (reference string, ok bool, reason string) {
	if len(prompt) > 16*MaxInputLen {
		return "", false, "prompt too long"
	}
	b := newBudget(ctx, opts.Timeout)
	task, chunk, v := classify(prompt)
	if task == "" {
		return "", false, "no equation, derivative or expression found in the prompt"
	}
	if toks, err := lex(Clean(chunk)); err == nil {
		for _, t := range toks {
			if t.kind == tWord {
				return "", false, fmt.Sprintf("words in the math of the prompt (%q)", trunc(t.s))
			}
		}
	}
	e, err := Parse(chunk)
	if err != nil {
		return "", false, fmt.Sprintf("cannot parse %q: %v", trunc(chunk), err)
	}
	var ref, why string
	switch task {
	case "solve":
		vars := map[string]bool{}
		e.vars(vars)
		if len(vars) == 0 && isScalar(e) {
			ref, why, err = evalTask(e, b) // "Solve: 12 \times 7"
			break
		}
		ref, why, err = solveTask(e, v, strings.Contains(strings.ToLower(prompt), "real"), b)
	case "derivative":
		var at *Expr
		if m := atPointRe.FindStringSubmatch(prompt); m != nil {
			if at, err = Parse(m[2]); err != nil {
				return "", false, fmt.Sprintf("cannot parse the point %q", m[2])
			}
			if v == "" {
				v = m[1]
			}
		}
		ref, why, err = derivTask(e, v, at, b)
	case "simplify", "evaluate":
		ref, why, err = evalTask(e, b)
	}
	if err != nil {
		return "", false, err.Error()
	}
	return ref, true, why
}

var (
	mathSpanRe    = regexp.MustCompile(`\$\$([^$]+)\$\$|\$([^$]+)\$|\\\((.+?)\\\)|\\\[(.+?)\\\]`)
	varForRe      = regexp.MustCompile(`(?i)(?:solve for|for|respect to|in terms of)\s+\$?\\?\(?\s*([a-zA-Z])\b`)
	trailRe       = regexp.MustCompile(`(?i)\s*(?:with respect to\s+[a-z]|for\s+[a-z]|in terms of\s+[a-z]|where\b.*|if\b.*)?\s*[.?!]*\s*$`)
	atPointRe     = regexp.MustCompile(`\bat\s+\$?\\?\(?\s*([a-z])\s*=\s*(-?[0-9./]+|\\frac\{-?\d+\}\{\d+\}|\\pi|-?\d*\\pi(?:/\d+)?)`)
	pointSpanRe   = regexp.MustCompile(`^\s*[a-z]\s*=\s*-?(?:[0-9./]+|\\pi|\\frac\{-?\d+\}\{\d+\}|\d*\\pi(?:/\d+)?)\s*$`)
	sentenceEndRe = regexp.MustCompile(`[.?!]\s+[A-Z]|\n`)
	derivOpRe     = regexp.MustCompile(`\\[dt]?frac\{d\}\{d[a-z]\}|\bd/d[a-z]\b`)
	wrtTrailRe    = regexp.MustCompile(`(?i)\s*(?:,\s*)?(?:with respect to|wrt|for|in terms of)\s+\$?[a-z]\$?\s*[.?!]*\s*$`)
)

// leadRes strip the instruction before the math, most specific phrase first.
var leadRes = func() []*regexp.Regexp {
	phrases := []string{`solve\s+the\s+equation\s+for\s+\$?[a-z]\$?`, `solve\s+for\s+\$?[a-z]\$?`, `solve\s+the\s+equation`,
		`derivative\s+of`, `differentiate`, `evaluate`, `compute`, `calculate`, `simplify`, `find\s+the\s+value\s+of`,
		`what\s+is\s+the\s+value\s+of`, `what\s+is`, `solve`, `find`}
	out := make([]*regexp.Regexp, len(phrases))
	for i, p := range phrases {
		out[i] = regexp.MustCompile(`(?is)^.*?\b` + p + `\b\s*:?\s*`)
	}
	return out
}()

// classify finds the task, the math text and the variable named in a prompt.
func classify(prompt string) (task, chunk, v string) {
	lp := strings.ToLower(prompt)
	switch {
	case strings.Contains(lp, "derivative") || strings.Contains(lp, "differentiate") || strings.Contains(lp, "d/dx") ||
		strings.Contains(lp, "{d}{dx}") || strings.Contains(lp, "f'(x)") || strings.Contains(lp, "dy/dx"):
		task = "derivative"
	case strings.Contains(lp, "simplify"):
		task = "simplify"
	case strings.Contains(lp, "solve") || strings.Contains(lp, "inequality") || strings.Contains(lp, "find x") || strings.Contains(lp, "roots") || strings.Contains(lp, "value of x") || strings.Contains(lp, "zeros"):
		task = "solve"
	case strings.Contains(lp, "evaluate") || strings.Contains(lp, "compute") || strings.Contains(lp, "calculate") || strings.Contains(lp, "what is") || strings.Contains(lp, "find the value"):
		task = "evaluate"
	case strings.Contains(prompt, "=") && (strings.Contains(lp, "find") || strings.Contains(lp, "determine") || strings.Contains(lp, "what value") || strings.Contains(lp, "for which")):
		task = "solve"
	default:
		return "", "", ""
	}
	if task == "evaluate" || task == "solve" {
		// an equation in the prose ("What is x if 3x - 7 = 11?") makes it a solve task
		if seg := equationSegment(prompt); seg != "" && !mathSpanRe.MatchString(prompt) {
			if m := varForRe.FindStringSubmatch(prompt); m != nil {
				v = m[1]
			}
			return "solve", seg, v
		}
	}
	if m := varForRe.FindStringSubmatch(prompt); m != nil {
		v = m[1]
	}
	spans := mathSpanRe.FindAllStringSubmatch(prompt, -1)
	if len(spans) > 0 {
		best := ""
		for _, m := range spans {
			s := m[1] + m[2] + m[3] + m[4]
			if len(strings.TrimSpace(s)) <= 1 {
				continue // $x$ naming the variable
			}
			if task == "derivative" && pointSpanRe.MatchString(s) {
				continue // $x = 2$: the point, not the function
			}
			if task == "solve" && strings.Contains(s, "=") && !strings.Contains(best, "=") || len(s) > len(best) && (task != "solve" || strings.Contains(s, "=") == strings.Contains(best, "=")) {
				best = s
			}
		}
		chunk = best
		if task == "solve" {
			var eqs []string
			for _, m := range spans {
				if s := m[1] + m[2] + m[3] + m[4]; strings.Contains(s, "=") && !strings.Contains(s, ",") {
					eqs = append(eqs, s)
				}
			}
			if len(eqs) > 1 {
				chunk = strings.Join(eqs, ", ")
			}
		}
	}
	if chunk == "" && task == "derivative" && strings.Contains(prompt, "=") {
		chunk = equationSegment(prompt)
	}
	if chunk == "" {
		text := prompt
		if i := strings.Index(text, "\n"); i >= 0 && task != "solve" {
			text = text[:i]
		}
		found := false
		for _, re := range leadRes {
			if loc := re.FindStringIndex(text); loc != nil {
				text, found = text[loc[1]:], true
				break
			}
		}
		if !found {
			if i := strings.LastIndex(text, ":"); i >= 0 {
				text = text[i+1:]
			}
		}
		chunk = text
	}
	if loc := sentenceEndRe.FindStringIndex(chunk); loc != nil {
		chunk = chunk[:loc[0]] // "x^2 = 4. Express your answer ..."
	}
	if task == "derivative" {
		chunk = derivOpRe.ReplaceAllString(chunk, "")
	}
	chunk = wrtTrailRe.ReplaceAllString(chunk, "")
	chunk = trailRe.ReplaceAllString(chunk, "")
	chunk = strings.TrimSpace(chunk)
	if task == "evaluate" {
		// "15% of 80"
		chunk = strings.ReplaceAll(chunk, " of ", " \\cdot ")
	}
	if chunk == "" {
		return "", "", ""
	}
	return task, chunk, v
}

// equationSegment finds the run of math-looking words around an "=" in prose.
func equationSegment(text string) string {
	words := strings.Fields(text)
	at := -1
	for i, w := range words {
		if strings.Contains(w, "=") {
			at = i
			break
		}
	}
	if at < 0 {
		return ""
	}
	mathy := func(w string) bool {
		if strings.HasSuffix(w, ":") {
			return false // a label: "Solve for x:"
		}
		w = strings.Trim(w, ",.?!;:")
		if w == "" {
			return false
		}
		if w == "and" {
			return true // "x + y = 5 and x - y = 1"
		}
		for i := 0; i < len(w); {
			if !isLetter(w[i]) {
				i++
				continue
			}
			j := i
			for j < len(w) && isLetter(w[j]) {
				j++
			}
			if j-i >= 2 && (i == 0 || w[i-1] != '\\') && !isMathWord(strings.ToLower(w[i:j])) {
				return false
			}
			i = j
		}
		return true
	}
	lo, hi := at, at
	for lo > 0 && mathy(words[lo-1]) {
		lo--
	}
	for hi+1 < len(words) && mathy(words[hi+1]) {
		hi++
	}
	seg := strings.Join(words[lo:hi+1], " ")
	return strings.TrimRight(seg, ",.?!;:")
}

// root is one solution of an equation.
type root struct {
	tex string
	val complex128
	rat *big.Rat // exact value when rational
}

func solveTask(e *Expr, v string, realOnly bool, b *budget) (string, string, error) {
	if e.Kind == KList {
		return solveSystem(e.Args, b)
	}
	if e.Kind == KRel && len(e.Ops) == 1 && e.Ops[0] != "=" && e.Ops[0] != "!=" && e.Ops[0] != "in" {
		vars := map[string]bool{}
		e.vars(vars)
		if len(vars) != 1 {
			return "", "", fmt.Errorf("inequality with %d variables", len(vars))
		}
		for k := range vars {
			v = k
		}
		return solveInequality(e, v, b)
	}
	if e.Kind != KRel || len(e.Ops) != 1 || e.Ops[0] != "=" {
		if e.Kind == KRel {
			return "", "", errors.New("not a single equation")
		}
		e = &Expr{Kind: KRel, Ops: []string{"="}, Args: []*Expr{e, numInt(0)}}
	}
	vars := map[string]bool{}
	e.vars(vars)
	if v == "" {
		if len(vars) != 1 {
			return "", "", fmt.Errorf("equation with %d variables", len(vars))
		}
		for k := range vars {
			v = k
		}
	} else if len(vars) > 1 || len(vars) == 1 && !vars[v] {
		return "", "", fmt.Errorf("equation in several variables")
	}
	d := node(KAdd, e.Args[0], node(KNeg, e.Args[1]))
	roots, kind, err := solveRoots(d, v, b, 0)
	if err != nil {
		return "", "", err
	}
	var keep []root
	for _, r := range roots {
		if realOnly && imag(r.val) != 0 {
			continue
		}
		keep = append(keep, r)
	}
	return formatRoots(keep), kind, nil
}

// solveRoots finds the roots of d = 0 in v.
func solveRoots(d *Expr, v string, b *budget, depth int) ([]root, string, error) {
	if abs := findVarAbs(d, v); abs != nil {
		return solveAbs(d, abs, v, b, depth)
	}
	if rs, ok, err := solveExponential(d, v, b, depth); ok || err != nil {
		return rs, "exponential equation", err
	}
	if hasVarRoot(d, v) {
		return solveRadical(d, v, b)
	}
	f, err := toRatfn(d, v, b)
	if err != nil {
		return nil, "", err
	}
	roots, err := polyRoots(f.num, b)
	if err != nil {
		return nil, "", err
	}
	var keep []root
	for _, r := range roots {
		if r.rat != nil {
			if f.den.eval(r.rat).Sign() == 0 {
				continue
			}
		} else if cmplx.Abs(f.den.evalC(r.val)) < 1e-9 {
			continue
		}
		keep = append(keep, r)
	}
	kind := "polynomial equation"
	switch {
	case f.den.deg() > 0:
		kind = "rational equation"
	case f.num.deg() == 1:
		kind = "linear equation"
	case f.num.deg() == 2:
		kind = "quadratic equation"
	}
	return keep, kind, nil
}

// solveExponential solves base^A(x) = c (base and c positive rational constants, A(x) solvable)
// when log_base(c) is a whole number: 2^x = 8, 3^{2x-1} = 27. ok is false when d is not of
// that form.
func solveExponential(d *Expr, v string, b *budget, depth int) ([]root, bool, error) {
	if depth >= 3 {
		return nil, false, nil
	}
	var terms []*Expr
	addTerms(d, false, &terms)
	var pow *Expr
	neg := false
	c := new(big.Rat)
	for _, t := range terms {
		if !dependsOn(t, v) {
			z, err := exact(t, b)
			if err != nil || !z.isReal() {
				return nil, false, nil
			}
			c.Add(c, z.re)
			continue
		}
		if pow != nil {
			return nil, false, nil
		}
		pow = t
		if t.Kind == KNeg {
			pow, neg = t.Args[0], true
		}
	}
	if pow == nil || pow.Kind != KPow || dependsOn(pow.Args[0], v) {
		return nil, false, nil
	}
	base, err := exact(pow.Args[0], b)
	if err != nil || !base.isReal() || base.re.Sign() <= 0 || base.re.Cmp(big.NewRat(1, 1)) == 0 {
		return nil, false, nil
	}
	// ±base^A + c = 0  =>  base^A = ∓c
	target := new(big.Rat).Neg(c)
	if neg {
		target.Neg(target)
	}
	if target.Sign() <= 0 {
		return nil, true, nil // base^A > 0 never equals a non-positive number
	}
	k, err := exactFunc(fn("log", num(target), num(base.re)), b)
	if err != nil {
		return nil, false, nil
	}
	rs, _, err := solveRoots(node(KAdd, pow.Args[1], node(KNeg, num(k.re))), v, b, depth+1)
	return rs, true, err
}

// findVarAbs returns an |A| node of d whose A depends on v.
func findVarAbs(e *Expr, v string) *Expr {
	if e.Kind == KAbs && dependsOn(e.Args[0], v) {
		return e
	}
	for _, a := range e.Args {
		if f := findVarAbs(a, v); f != nil {
			return f
		}
	}
	return nil
}

// replaceNode returns e with the node old (by identity) replaced by n.
func replaceNode(e, old, n *Expr) *Expr {
	if e == old {
		return n
	}
	if len(e.Args) == 0 {
		return e
	}
	cp := *e
	cp.Args = make([]*Expr, len(e.Args))
	for i, a := range e.Args {
		cp.Args[i] = replaceNode(a, old, n)
	}
	return &cp
}

// solveAbs splits |A| into A and -A, solves both cases and keeps the real roots that satisfy
// the original equation.
func solveAbs(d, abs *Expr, v string, b *budget, depth int) ([]root, string, error) {
	if depth >= 3 {
		return nil, "", errors.New("too many absolute values")
	}
	var all []root
	for _, repl := range []*Expr{abs.Args[0], node(KNeg, abs.Args[0])} {
		rs, _, err := solveRoots(replaceNode(d, abs, repl), v, b, depth+1)
		if err != nil {
			if isBudgetErr(err) {
				return nil, "", err
			}
			continue
		}
		all = append(all, rs...)
	}
	var keep []root
	seen := map[string]bool{}
	for _, r := range all {
		if imag(r.val) != 0 || seen[r.tex] {
			continue
		}
		val, err := evalC(d, map[string]complex128{v: r.val}, b)
		if err != nil || cmplx.Abs(val) > 1e-9*math.Max(1, cmplx.Abs(r.val)) {
			continue
		}
		seen[r.tex] = true
		keep = append(keep, r)
	}
	return keep, "absolute value equation", nil
}

func formatRoots(rs []root) string {
	if len(rs) == 0 {
		return "\\emptyset"
	}
	sort.SliceStable(rs, func(i, j int) bool {
		if real(rs[i].val) != real(rs[j].val) {
			return real(rs[i].val) < real(rs[j].val)
		}
		return imag(rs[i].val) > imag(rs[j].val)
	})
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = r.tex
	}
	return strings.Join(parts, ", ")
}

func hasVarRoot(e *Expr, v string) bool {
	if e.Kind == KRoot || e.Kind == KPow && e.Args[1].Kind != KNum {
		vars := map[string]bool{}
		e.vars(vars)
		if vars[v] {
			return true
		}
	}
	if e.Kind == KPow && e.Args[1].Kind == KNum && !e.Args[1].Val.IsInt() {
		vars := map[string]bool{}
		e.Args[0].vars(vars)
		if vars[v] {
			return true
		}
	}
	for _, a := range e.Args {
		if hasVarRoot(a, v) {
			return true
		}
	}
	return false
}

// addTerms flattens a sum into its terms.
func addTerms(e *Expr, neg bool, out *[]*Expr) {
	switch e.Kind {
	case KAdd:
		for _, a := range e.Args {
			addTerms(a, neg, out)
		}
		return
	case KNeg:
		addTerms(e.Args[0], !neg, out)
		return
	}
	if neg {
		e = node(KNeg, e)
	}
	*out = append(*out, e)
}

// solveRadical solves k*sqrt(A) + P = 0 by squaring, then drops extraneous roots.
func solveRadical(d *Expr, v string, b *budget) ([]root, string, error) {
	var terms, rest []*Expr
	addTerms(d, false, &terms)
	var rad *Expr
	coef := big.NewRat(1, 1)
	for _, t := range terms {
		if !hasVarRoot(t, v) {
			rest = append(rest, t)
			continue
		}
		if rad != nil {
			return nil, "", errors.New("more than one radical")
		}
		k, r, ok := splitRadical(t, b)
		if !ok {
			return nil, "", errors.New("radical form not supported")
		}
		rad, coef = r, k
	}
	a, err := toRatfn(rad, v, b)
	if err != nil {
		return nil, "", err
	}
	p := ratfn{nil, poly{big.NewRat(1, 1)}}
	for _, t := range rest {
		f, err := toRatfn(t, v, b)
		if err != nil {
			return nil, "", err
		}
		if p, err = p.add(f); err != nil {
			return nil, "", err
		}
	}
	if a.den.deg() > 0 || p.den.deg() > 0 {
		return nil, "", errors.New("radical with a fraction not supported")
	}
	// coef^2 * A = P^2
	k2 := new(big.Rat).Mul(coef, coef)
	lhs := a.num.scale(new(big.Rat).Quo(k2, a.den[0]))
	pp := p.num.scale(new(big.Rat).Inv(p.den[0]))
	sq, err := pp.mul(pp)
	if err != nil {
		return nil, "", err
	}
	roots, err := polyRoots(lhs.add(sq.neg()), b)
	if err != nil {
		return nil, "", err
	}
	var keep []root
	for _, r := range roots {
		if imag(r.val) != 0 {
			continue
		}
		val, err := evalC(d, map[string]complex128{v: r.val}, b)
		if err != nil || cmplx.Abs(val) > 1e-9*math.Max(1, cmplx.Abs(r.val)) {
			continue // extraneous
		}
		keep = append(keep, r)
	}
	return keep, "radical equation", nil
}

// splitRadical reads t as k*sqrt(A) (k a rational constant).
func splitRadical(t *Expr, b *budget) (*big.Rat, *Expr, bool) {
	switch t.Kind {
	case KNeg:
		k, r, ok := splitRadical(t.Args[0], b)
		if !ok {
			return nil, nil, false
		}
		return new(big.Rat).Neg(k), r, true
	case KRoot:
		if t.Args[1].Kind == KNum && t.Args[1].Val.Cmp(big.NewRat(2, 1)) == 0 {
			return big.NewRat(1, 1), t.Args[0], true
		}
	case KPow:
		if t.Args[1].Kind == KNum && t.Args[1].Val.Cmp(big.NewRat(1, 2)) == 0 {
			return big.NewRat(1, 1), t.Args[0], true
		}
	case KMul:
		k := big.NewRat(1, 1)
		var r *Expr
		for _, a := range t.Args {
			if z, err := exact(a, b); err == nil && z.isReal() {
				k.Mul(k, z.re)
				continue
			}
			if r != nil {
				return nil, nil, false
			}
			kk, rr, ok := splitRadical(a, b)
			if !ok {
				return nil, nil, false
			}
			k.Mul(k, kk)
			r = rr
		}
		return k, r, r != nil
	}
	return nil, nil, false
}

// polyRoots finds all roots of p: rational roots by the rational root theorem, then the
// remaining linear or quadratic factor exactly (surds, complex roots).
func polyRoots(p poly, b *budget) ([]root, error) {
	p = p.trim()
	switch {
	case len(p) == 0:
		return nil, errors.New("identity: every value is a solution")
	case len(p) == 1:
		return nil, nil
	}
	// integer coefficients
	l := big.NewInt(1)
	for _, c := range p {
		g := new(big.Int).GCD(nil, nil, l, c.Denom())
		l.Mul(l, new(big.Int).Quo(c.Denom(), g))
	}
	p = p.scale(new(big.Rat).SetInt(l))
	var roots []root
	seen := map[string]bool{}
	addRat := func(r *big.Rat) {
		k := r.RatString()
		if !seen[k] {
			seen[k] = true
			f, _ := r.Float64()
			roots = append(roots, root{tex: ratTeX(r), val: complex(f, 0), rat: new(big.Rat).Set(r)})
		}
	}
	for len(p) > 1 && p[0].Sign() == 0 {
		addRat(new(big.Rat))
		p = p[1:]
	}
	for p.deg() > 2 {
		r, ok, err := rationalRoot(p, b)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, fmt.Errorf("degree %d polynomial without rational roots", p.deg())
		}
		addRat(r)
		for p.eval(r).Sign() == 0 && p.deg() >= 1 {
			p, _ = p.divmod(poly{new(big.Rat).Neg(r), big.NewRat(1, 1)})
		}
	}
	switch p.deg() {
	case 1:
		addRat(new(big.Rat).Neg(new(big.Rat).Quo(p[0], p[1])))
	case 2:
		for _, r := range quadRoots(p[2], p[1], p[0]) {
			if r.rat != nil {
				addRat(r.rat)
			} else {
				roots = append(roots, r)
			}
		}
	}
	return roots, nil
}

// rationalRoot finds one rational root of an integer polynomial, if any.
func rationalRoot(p poly, b *budget) (*big.Rat, bool, error) {
	a0, an := p[0].Num(), p[len(p)-1].Num()
	if a0.BitLen() > 40 || an.BitLen() > 40 {
		return nil, false, errors.New("coefficients too large for the rational root search")
	}
	ps, err := divisors(new(big.Int).Abs(a0).Int64(), b)
	if err != nil {
		return nil, false, err
	}
	qs, err := divisors(new(big.Int).Abs(an).Int64(), b)
	if err != nil {
		return nil, false, err
	}
	for _, q := range qs {
		for _, pp := range ps {
			if err := b.tick(); err != nil {
				return nil, false, err
			}
			for _, s := range []int64{1, -1} {
				r := big.NewRat(s*pp, q)
				if p.eval(r).Sign() == 0 {
					return r, true, nil
				}
			}
		}
	}
	return nil, false, nil
}

func divisors(n int64, b *budget) ([]int64, error) {
	var ds []int64
	for d := int64(1); d*d <= n && d <= 1<<21; d++ {
		if d&1023 == 0 {
			if err := b.tick(); err != nil {
				return nil, err
			}
		}
		if n%d == 0 {
			ds = append(ds, d)
			if d*d != n {
				ds = append(ds, n/d)
			}
		}
	}
	return ds, nil
}

// quadRoots solves a x^2 + b x + c = 0 exactly.
func quadRoots(a, b, c *big.Rat) []root {
	disc := new(big.Rat).Sub(new(big.Rat).Mul(b, b), new(big.Rat).Mul(big.NewRat(4, 1), new(big.Rat).Mul(a, c)))
	twoA := new(big.Rat).Mul(big.NewRat(2, 1), a)
	mid := new(big.Rat).Neg(new(big.Rat).Quo(b, twoA))
	if disc.Sign() == 0 {
		f, _ := mid.Float64()
		return []root{{tex: ratTeX(mid), val: complex(f, 0), rat: mid}}
	}
	neg := disc.Sign() < 0
	ad := new(big.Rat).Abs(disc)
	// sqrt(p/q) = sqrt(p*q)/q = k*sqrt(m)/q
	n := new(big.Int).Mul(ad.Num(), ad.Denom())
	k, m := squareFree(n)
	s := new(big.Rat).SetFrac(k, ad.Denom())
	s.Quo(s, new(big.Rat).Abs(twoA))
	if m.Cmp(big.NewInt(1)) == 0 && !neg {
		r1, r2 := new(big.Rat).Add(mid, s), new(big.Rat).Sub(mid, s)
		f1, _ := r1.Float64()
		f2, _ := r2.Float64()
		return []root{{tex: ratTeX(r1), val: complex(f1, 0), rat: r1}, {tex: ratTeX(r2), val: complex(f2, 0), rat: r2}}
	}
	fm, _ := new(big.Float).SetInt(m).Float64()
	fs, _ := s.Float64()
	fmid, _ := mid.Float64()
	off := fs * math.Sqrt(fm)
	term := surdTeX(s, m)
	if neg {
		if term == "1" {
			term = "i"
		} else {
			term += "i"
		}
	}
	lead := ""
	if mid.Sign() != 0 {
		lead = ratTeX(mid) + " "
	}
	plus, minus := lead+"+ "+term, lead+"- "+term
	if lead == "" {
		plus, minus = term, "-"+term
	}
	if neg {
		return []root{{tex: plus, val: complex(fmid, off)}, {tex: minus, val: complex(fmid, -off)}}
	}
	return []root{{tex: plus, val: complex(fmid+off, 0)}, {tex: minus, val: complex(fmid-off, 0)}}
}

// surdTeX renders s*sqrt(m): \sqrt{2}, 3\sqrt{2}, \frac{\sqrt{3}}{2}, \frac{3\sqrt{5}}{4}.
func surdTeX(s *big.Rat, m *big.Int) string {
	rad := ""
	if m.Cmp(big.NewInt(1)) != 0 {
		rad = fmt.Sprintf("\\sqrt{%s}", m)
	}
	num := s.Num().String()
	if num == "1" && rad != "" {
		num = ""
	}
	if s.IsInt() {
		if num == "" && rad == "" {
			return "1"
		}
		return num + rad
	}
	if num == "" && rad == "" {
		num = "1"
	}
	return fmt.Sprintf("\\frac{%s%s}{%s}", num, rad, s.Denom())
}

// squareFree writes n = k^2 * m, removing square factors below 10^5.
func squareFree(n *big.Int) (k, m *big.Int) {
	k, m = big.NewInt(1), new(big.Int).Set(n)
	if m.Sign() == 0 {
		return k, m
	}
	if r := new(big.Int).Sqrt(m); new(big.Int).Mul(r, r).Cmp(m) == 0 {
		return r, big.NewInt(1)
	}
	if m.BitLen() > 256 {
		return k, m // too large to factor cheaply: left unsimplified (still exact)
	}
	d := big.NewInt(2)
	d2 := new(big.Int)
	q, rem := new(big.Int), new(big.Int)
	for i := 0; i < 100000; i++ {
		d2.Mul(d, d)
		if d2.Cmp(m) > 0 {
			break
		}
		for {
			q.QuoRem(m, d2, rem)
			if rem.Sign() != 0 {
				break
			}
			m.Set(q)
			k.Mul(k, d)
		}
		d.Add(d, big.NewInt(1))
	}
	return k, m
}
