package mathexpr

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"
)

// Options tune Equivalent. The zero value is ready to use.
type Options struct {
	// Timeout bounds one check; zero means DefaultTimeout. A context deadline that comes
	// earlier wins.
	Timeout time.Duration
	// Question is the prompt the answers respond to, when known. It is only read for what it
	// asks: a question asking for a percent lets the bare percent number (25) answer a
	// reference written as a fraction (\frac{1}{4}).
	Question string
}

// Result is the verdict of Equivalent.
type Result struct {
	Equal  bool
	Reason string // short, stable words: "exact", "numeric", "set", "interval mismatch", ...
}

// Equivalent reports whether candidate is mathematically the same answer as reference, under
// the rules in the package documentation. Both are answer strings (use Extract first on a full
// response; a \boxed{} inside either is honoured). The error is non-nil only when the check
// could not be decided: the reference does not parse (ErrSyntax), an input or intermediate value
// is too large (ErrTooLarge), or the time budget ran out (ErrTimeout); a candidate that does not
// parse is simply not equal.
func Equivalent(ctx context.Context, reference, candidate string, opts Options) (Result, error) {
	b := newBudget(ctx, opts.Timeout)
	if len(reference) > MaxResponseLen || len(candidate) > MaxResponseLen {
		return Result{Reason: "input too long"}, fmt.Errorf("%w: input of more than %d bytes", ErrTooLarge, MaxResponseLen)
	}
	r, c := allReals(Clean(reference)), allReals(Clean(candidate))
	if len(r) > MaxInputLen {
		return Result{Reason: "reference too long"}, fmt.Errorf("%w: reference of %d bytes", ErrTooLarge, len(r))
	}
	if len(c) > MaxInputLen {
		return Result{Reason: "candidate too long"}, fmt.Errorf("%w: candidate of %d bytes", ErrTooLarge, len(c))
	}
	switch {
	case r == "":
		return Result{Reason: "empty reference"}, fmt.Errorf("%w: empty reference", ErrSyntax)
	case c == "":
		return Result{Reason: "empty candidate"}, nil
	case squash(r) == squash(c):
		return Result{Equal: true, Reason: "identical"}, nil
	}
	if digits, base, ok := baseNumeral(r); ok {
		return baseEquivalent(digits, base, c), nil
	}
	if l, ok := choiceLetter(r, true); ok {
		cl, ok := choiceLetter(c, false)
		if !ok {
			return Result{Reason: "not a choice letter"}, nil
		}
		if cl == l {
			return Result{Equal: true, Reason: "choice"}, nil
		}
		return Result{Reason: "different choice"}, nil
	}
	re, ce := isEmptyAnswer(r), isEmptyAnswer(c)
	if re && ce {
		return Result{Equal: true, Reason: "empty set"}, nil
	}
	if t, ok := textAnswer(r); ok && !ce {
		ct, _ := textAnswer(c)
		if ct == t || normText(c) == t {
			return Result{Equal: true, Reason: "text"}, nil
		}
		return Result{Reason: "text mismatch"}, nil
	}
	var rx, cxp *Expr
	var err error
	if !re {
		rx, err = parseClean(r)
		if err != nil {
			return Result{Reason: "reference does not parse"}, fmt.Errorf("reference: %w", err)
		}
		re = isEmptySet(rx)
	}
	if !ce {
		cxp, err = parseClean(c)
		if errors.Is(err, ErrTooLarge) {
			return Result{Reason: "candidate too large"}, err
		}
		if err != nil && !re {
			return Result{Reason: "candidate does not parse"}, nil
		}
		ce = err == nil && isEmptySet(cxp)
	}
	if re || ce {
		if re && ce {
			return Result{Equal: true, Reason: "empty set"}, nil
		}
		return Result{Reason: "empty set mismatch"}, nil
	}
	if rx.Kind == KText || cxp.Kind == KText {
		if rx.Kind == cxp.Kind && rx.Name == cxp.Name {
			return Result{Equal: true, Reason: "text"}, nil
		}
		return Result{Reason: "text mismatch"}, nil
	}
	if rx.Kind == KRel && cxp.Kind == KRel && len(rx.Ops) == 1 && len(cxp.Ops) == 1 && rx.Ops[0] == "=" && cxp.Ops[0] == "=" {
		if eq, _, err := relEq(rx, cxp, b); err == nil && eq {
			return Result{Equal: true, Reason: "equation"}, nil
		}
	}
	if rx.Kind == KRel && len(rx.Ops) == 1 && rx.Ops[0] == "=" && !isVarLike(rx.Args[0]) && cxp.Kind == KRel && isVarLike(cxp.Args[0]) {
		// 2x+3y=6 against y = 2 - 2x/3: compare as equations
		if eq, _, err := relEq(rx, cxp, b); err == nil {
			return Result{Equal: eq, Reason: pick(eq, "equation", "equation mismatch")}, nil
		}
	}
	rx, cxp = answerShapes(rx, cxp)
	if rb := bindings(rx); rb != nil {
		// x = 2, y = 3: compare variable by variable (a tuple candidate binds in name order)
		if cb := bindings(cxp); cb != nil || cxp.Kind == KTuple {
			eq, reason, err := compareBindings(rb, cb, cxp, b)
			if err != nil {
				return Result{Reason: reason}, err
			}
			return Result{Equal: eq, Reason: reason}, nil
		}
	}
	if percentOfFraction(opts.Question, rx, cxp) {
		return Result{Equal: true, Reason: "percent"}, nil
	}
	rc, err := canon(rx)
	if err != nil {
		return Result{Reason: "reference too large"}, err
	}
	cc, err := canon(cxp)
	if err != nil {
		return Result{Reason: "candidate too large"}, err
	}
	eq, reason, err := compare(rc, cc, b)
	if err != nil {
		return Result{Reason: reason}, err
	}
	return Result{Equal: eq, Reason: reason}, nil
}

func squash(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '\t' || r == '\n' {
			return -1
		}
		return r
	}, s)
}

var (
	wrapRe      = regexp.MustCompile(`\\(?:text|textbf|mathrm|mathbf|textrm|mbox|bf)\s*\{([^{}]*)\}`)
	choiceRefRe = regexp.MustCompile(`^\(?([A-J])\)?$`)
	choiceCanRe = regexp.MustCompile(`^(?i:option|choice|answer)?\s*\(?([A-J])(?:\)|\.|:|$|\s)`)
)

func unwrapText(s string) string {
	for i := 0; i < 3 && strings.Contains(s, "\\"); i++ {
		s = wrapRe.ReplaceAllString(s, "$1")
	}
	return strings.TrimSpace(strings.ReplaceAll(s, "**", ""))
}

// choiceLetter recognizes a multiple-choice answer: (B), B, \text{(B)}; a candidate may go on
// after the letter ("(B) 12", "B. 12").
func choiceLetter(s string, ref bool) (string, bool) {
	s = unwrapText(s)
	if ref {
		m := choiceRefRe.FindStringSubmatch(strings.ReplaceAll(s, " ", ""))
		if m == nil {
			return "", false
		}
		return m[1], true
	}
	m := choiceCanRe.FindStringSubmatch(s)
	if m == nil || !choiceTailOK(s[len(m[0]):]) {
		return "", false
	}
	return m[1], true
}

var emptyWords = map[string]bool{"nosolution": true, "nosolutions": true, "norealsolution": true,
	"norealsolutions": true, "none": true, "emptyset": true, "varnothing": true, "dne": true,
	"doesnotexist": true, "noroots": true, "norealroots": true, "norealroot": true, "thereisnosolution": true,
	"therearenosolutions": true, "therearenorealsolutions": true, "nosuchvalue": true, "novalue": true,
	"thesolutionsetisempty": true, "empty": true}

var allRealWords = map[string]bool{"allrealnumbers": true, "allreals": true, "allrealvalues": true,
	"everyrealnumber": true, "allrealx": true, "xisanyrealnumber": true, "anyrealnumber": true}

// allReals reads "all real numbers" as the interval (-∞, ∞).
func allReals(s string) string {
	if !strings.ContainsAny(s, "{}0123456789") || strings.Contains(s, "\\text") {
		if allRealWords[normText(unwrapText(s))] {
			return "(-\\infty,\\infty)"
		}
	}
	return s
}

func isEmptySet(e *Expr) bool {
	if e.Kind == KRel && len(e.Ops) == 1 && (e.Ops[0] == "=" || e.Ops[0] == "in") && isVarLike(e.Args[0]) {
		e = e.Args[1] // x \in \emptyset
	}
	if e.Kind == KSetOp {
		// [0, 1] \cap [2, 3] is empty once evaluated
		if c, err := canon(e); err == nil {
			e = c
		}
	}
	return e.Kind == KSet && len(e.Args) == 0
}

func isEmptyAnswer(s string) bool {
	u := unwrapText(s)
	switch squash(u) {
	case "\\{\\}", "{}", "\\emptyset", "\\varnothing", "∅", "\\left\\{\\right\\}", "\\empty":
		return true
	}
	return !strings.ContainsAny(u, "{}") && emptyWords[normText(u)]
}

var textWords = map[string]bool{"yes": true, "no": true, "true": true, "false": true, "odd": true,
	"even": true, "always": true, "never": true, "neither": true, "both": true}

// textAnswer recognizes an answer made only of words (yes, no, even, "Tuesday").
func textAnswer(s string) (string, bool) {
	u := unwrapText(s)
	if !isWords(u) {
		return "", false
	}
	t := normText(u)
	if textWords[t] || len(t) >= 4 && !strings.Contains(t, "infinity") && !strings.HasPrefix(t, "sqrt") && !isMathWord(t) {
		return t, true
	}
	return "", false
}

func isMathWord(t string) bool {
	if _, ok := funcNames[t]; ok {
		return true
	}
	for _, f := range plainFuncs {
		if strings.HasPrefix(t, f) && len(t)-len(f) <= 1 {
			return true // sinx, lnx
		}
	}
	return t == "pi" || strings.HasPrefix(t, "pi") && len(t) == 3
}

// bindings reads "x = 2, y = 3" (two or more distinct variables, each bound once) into a map.
func bindings(e *Expr) map[string]*Expr {
	if e.Kind != KList || len(e.Args) < 2 {
		return nil
	}
	m := map[string]*Expr{}
	for _, a := range e.Args {
		if a.Kind != KRel || len(a.Ops) != 1 || a.Ops[0] != "=" || a.Args[0].Kind != KSym || isConst(a.Args[0].Name) {
			return nil
		}
		name := a.Args[0].Name
		if _, dup := m[name]; dup {
			return nil // x = 1, x = 2 is a solution set
		}
		m[name] = a.Args[1]
	}
	return m
}

// answerShapes rewrites the shapes whose reading depends on the other side: repeated binding
// groups are a set of solutions, and an equation that only labels its value (dy/dx = f,
// a + b = 12, |AB| = 1) against a side that is no equation is its value.
func answerShapes(rx, cxp *Expr) (*Expr, *Expr) {
	if g := bindingGroups(rx); g != nil {
		rx = g // p = 5, q = 2; p = 7, q = 2 is the set {(5, 2), (7, 2)}
	}
	if g := bindingGroups(cxp); g != nil {
		cxp = g
	}
	if v, ok := derivLabelled(cxp); ok && rx.Kind != KRel {
		cxp = v // dy/dx = 3x^2 answers 3x^2
	}
	if v, ok := namedValue(cxp, true); ok && rx.Kind != KRel {
		cxp = v // a + b = 12 answers 12
	} else if v, ok := namedValue(rx, false); ok && cxp.Kind != KRel {
		rx = v // |AB| = 1 asks for 1
	}
	return rx, cxp
}

// derivLabelled reads "dy/dx = f" and "d/dx = f" (Leibniz notation on the left) as f.
func derivLabelled(e *Expr) (*Expr, bool) {
	if e.Kind != KRel || len(e.Ops) != 1 || e.Ops[0] != "=" {
		return nil, false
	}
	l := e.Args[0]
	startsD := func(x *Expr, n int) bool {
		if x.Kind == KSym {
			return x.Name == "d" && n == 1
		}
		if x.Kind != KMul || len(x.Args) != n || x.Args[0].Kind != KSym || x.Args[0].Name != "d" {
			return false
		}
		for _, a := range x.Args[1:] {
			if a.Kind != KSym || isConst(a.Name) {
				return false
			}
		}
		return true
	}
	if l.Kind == KMul && len(l.Args) == 2 && l.Args[0].Kind == KDiv && l.Args[1].Kind == KSym {
		// plain dy/dx parses as (dy/d)·x
		d := l.Args[0]
		l = &Expr{Kind: KDiv, Args: []*Expr{d.Args[0], node(KMul, d.Args[1], l.Args[1])}}
	}
	if l.Kind != KDiv {
		return nil, false
	}
	if (startsD(l.Args[0], 1) || startsD(l.Args[0], 2)) && startsD(l.Args[1], 2) {
		return e.Args[1], true
	}
	return nil, false
}

// bindingGroups reads a list of bindings that names the same variables again and again
// (p = 5, q = 2; p = 7, q = 2) as a set of solutions, each a tuple in the sorted order of the
// names, as a tuple against bindings is read. It is nil for anything else.
func bindingGroups(e *Expr) *Expr {
	if e.Kind != KList || len(e.Args) < 4 {
		return nil
	}
	var names []string
	for _, a := range e.Args {
		if a.Kind != KRel || len(a.Ops) != 1 || a.Ops[0] != "=" || a.Args[0].Kind != KSym || isConst(a.Args[0].Name) {
			return nil
		}
		n := a.Args[0].Name
		if len(names) > 0 && n == names[0] {
			break
		}
		names = append(names, n)
	}
	k := len(names)
	if k < 2 || k == len(e.Args) || len(e.Args)%k != 0 {
		return nil
	}
	sorted := append([]string(nil), names...)
	sort.Strings(sorted)
	set := &Expr{Kind: KSet}
	for i := 0; i < len(e.Args); i += k {
		group := map[string]*Expr{}
		for j, a := range e.Args[i : i+k] {
			if a.Args[0].Name != names[j] {
				return nil // the same names in the same order in every group
			}
			group[names[j]] = a.Args[1]
		}
		t := &Expr{Kind: KTuple}
		for _, n := range sorted {
			t.Args = append(t.Args, group[n])
		}
		set.Args = append(set.Args, t)
	}
	return set
}

// compareBindings compares variable bindings; a tuple candidate is read in the order of the
// sorted variable names ((x, y) for x and y).
func compareBindings(r, c map[string]*Expr, tuple *Expr, b *budget) (bool, string, error) {
	names := make([]string, 0, len(r))
	for k := range r {
		names = append(names, k)
	}
	sort.Strings(names)
	if c == nil {
		if len(tuple.Args) != len(names) {
			return false, "tuple length mismatch", nil
		}
		c = map[string]*Expr{}
		for i, n := range names {
			c[n] = tuple.Args[i]
		}
	}
	if len(c) != len(r) {
		return false, "variables mismatch", nil
	}
	for _, n := range names {
		cv, ok := c[n]
		if !ok {
			return false, "variables mismatch", nil
		}
		rv, err := canon(r[n])
		if err != nil {
			return false, "too large", err
		}
		cvc, err := canon(cv)
		if err != nil {
			return false, "too large", err
		}
		eq, _, err := compare(rv, cvc, b)
		if err != nil || !eq {
			return false, "binding mismatch", err
		}
	}
	return true, "bindings", nil
}
