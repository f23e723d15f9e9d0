package mathexpr

import (
	"fmt"
	"math/big"
	"strings"
)

// Parse parses a LaTeX or plain-text math answer into an expression tree. It first applies the
// same clean-up as Extract (dollars, \left/\right, spacing commands, thousands separators,
// degrees; the last \boxed{} wins). Cleaned inputs longer than MaxInputLen or trees larger than the
// node and depth limits fail with ErrTooLarge; syntax errors are *ParseError (ErrSyntax).
func Parse(s string) (*Expr, error) {
	if len(s) > MaxResponseLen {
		return nil, fmt.Errorf("%w: input of %d bytes", ErrTooLarge, len(s))
	}
	return parseClean(Clean(s))
}

func parseClean(s string) (e *Expr, err error) {
	if len(s) > MaxInputLen {
		return nil, fmt.Errorf("%w: input of %d bytes", ErrTooLarge, len(s))
	}
	toks, err := lex(s)
	if err != nil {
		return nil, err
	}
	words := 0
	var text strings.Builder
	for _, t := range toks[:len(toks)-1] {
		if t.kind == tWord {
			words++
			text.WriteString(t.s)
		}
	}
	if words > 0 && words == len(toks)-1 {
		name := normText(text.String())
		if name == "" {
			return nil, &ParseError{Input: trunc(s), Msg: "no math found"}
		}
		return &Expr{Kind: KText, Name: name}, nil
	}
	p := &parser{toks: toks, src: s}
	p.skipLabel()
	defer func() {
		if r := recover(); r != nil {
			pe, ok := r.(parsePanic)
			if !ok {
				panic(r)
			}
			e, err = nil, pe.err
		}
	}()
	e = p.parseList()
	if p.peek().kind != tEOF {
		p.fail("unexpected %q", p.peek().s)
	}
	return e, nil
}

// normText lower-cases text and drops everything but letters and digits.
func normText(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 0x7f {
			b.WriteRune(r)
		}
	}
	return b.String()
}

type parsePanic struct{ err error }

type parser struct {
	toks     []token
	p        int
	src      string
	depth    int
	nodes    int
	absDepth int
}

func (p *parser) peek() token { return p.toks[p.p] }

func (p *parser) next() token {
	t := p.toks[p.p]
	if t.kind != tEOF {
		p.p++
	}
	return t
}

func (p *parser) isOp(s string) bool {
	t := p.toks[p.p]
	return t.kind == tOp && t.s == s
}

func (p *parser) accept(s string) bool {
	if p.isOp(s) {
		p.p++
		return true
	}
	return false
}

func (p *parser) expect(s string) {
	if !p.accept(s) {
		t := p.peek()
		if t.kind == tEOF {
			p.fail("missing %q", s)
		}
		p.fail("expected %q, found %q", s, t.s)
	}
}

func (p *parser) fail(format string, a ...any) {
	panic(parsePanic{&ParseError{Input: trunc(p.src), Pos: p.peek().pos, Msg: fmt.Sprintf(format, a...)}})
}

func (p *parser) mk(e *Expr) *Expr {
	p.nodes++
	if p.nodes > maxNodes {
		panic(parsePanic{fmt.Errorf("%w: more than %d nodes", ErrTooLarge, maxNodes)})
	}
	return e
}

func (p *parser) enter() {
	p.depth++
	if p.depth > maxDepth {
		panic(parsePanic{fmt.Errorf("%w: nesting deeper than %d", ErrTooLarge, maxDepth)})
	}
}

func (p *parser) leave() { p.depth-- }

// skipLabel drops a label made only of words before "=" at the start: "Area = 12" and
// "\text{Total cost} = 12" answer 12, as "x = 12" does.
func (p *parser) skipLabel() {
	i := 0
	for i < len(p.toks) && p.toks[i].kind == tWord {
		i++
	}
	if i > 0 && p.toks[i].kind == tOp && p.toks[i].s == "=" {
		p.p = i + 1
	}
}

func (p *parser) skipWords() {
	for p.peek().kind == tWord {
		p.p++
	}
}

func (p *parser) atSep() bool {
	return p.isOp(",") || p.isOp(";") || p.isOp("sep") || p.isOp("and")
}

// topLevelSep reports which of "and" and "or" (or another word separator) separate the items
// of the list that starts here.
func (p *parser) topLevelSep() (and, or bool) {
	depth := 0
	for _, t := range p.toks[p.p:] {
		if t.kind != tOp {
			continue
		}
		switch t.s {
		case "(", "[", "{", "{set", "matbegin", "lfloor", "lceil":
			depth++
		case ")", "]", "}", "}set", "matend", "rfloor", "rceil":
			depth--
		case "and":
			and = and || depth == 0
		case "sep":
			or = or || depth == 0
		}
	}
	return and, or
}

func (p *parser) atClose() bool {
	t := p.peek()
	if t.kind == tEOF {
		return true
	}
	if t.kind != tOp {
		return false
	}
	switch t.s {
	case ")", "]", "}", "}set", "matend", "&", "\\\\", "rfloor", "rceil":
		return true
	}
	return false
}

// parseItems parses a separated list of items up to a closing token. An item made only of
// words is an item of its own (textItem), so "9, \text{Evelyn}" has two items.
func (p *parser) parseItems() []*Expr {
	var items []*Expr
	for {
		if t := p.textItem(); t != nil && !(len(items) == 0 && p.isOp(",") && introWords(t.Name)) {
			items = append(items, t)
		} else {
			p.skipWords()
			if p.atClose() {
				break
			}
			if !p.atSep() {
				items = append(items, p.parseUnion())
			}
		}
		if !p.atSep() {
			break
		}
		p.next()
	}
	return items
}

// introductions are the words a sentence opens with before a comma ("Therefore, x = 4"):
// leading the first item, they introduce it rather than being an answer of their own.
var introductions = []string{"therefore", "thus", "hence", "so", "finally", "then", "now",
	"consequently", "altogether", "overall", "answer", "solution", "result", "total", "in total",
	"in conclusion", "in summary", "final answer", "the answer", "the solution"}

// introWords reports whether the normalized text name is one of the introductions.
func introWords(name string) bool {
	for _, w := range introductions {
		if name == normText(w) {
			return true
		}
	}
	return false
}

// textItem reads an item that is only words ("9 or Evelyn", "-9, \text{even}", "Evelyn, 9")
// as a KText item. Skipping it instead would make a hedge between a value and a word equal
// the value alone. Words before or after a value in the same item (an introduction, a unit:
// "15 \text{ cm}") are not an item and stay optional. It returns nil, consuming nothing,
// when the item is not only words.
func (p *parser) textItem() *Expr {
	i := p.p
	var text strings.Builder
	for i < len(p.toks) && p.toks[i].kind == tWord {
		text.WriteString(p.toks[i].s)
		i++
	}
	if i == p.p {
		return nil
	}
	saved := p.p
	p.p = i
	if !p.atSep() && !p.atClose() {
		p.p = saved
		return nil
	}
	name := normText(text.String())
	if name == "" {
		return nil // only symbols such as a stray ° or '; nothing to compare
	}
	return p.mk(&Expr{Kind: KText, Name: name})
}

// parseList parses the top-level list of answers. A list joined by "and" is named "and", so
// that inequalities joined by it can be read as both holding; one joined by "or" is named "or"
// (its pieces are alternatives even where they overlap).
func (p *parser) parseList() *Expr {
	and, or := p.topLevelSep()
	items := p.parseItems()
	switch len(items) {
	case 0:
		p.fail("empty expression")
	case 1:
		return items[0]
	}
	l := &Expr{Kind: KList, Args: items}
	switch {
	case and:
		l.Name = "and"
	case or:
		l.Name = "or"
	}
	return p.mk(l)
}

// parseUnion parses set expressions: A \cup B \cap C \setminus D, left to right (LaTeX gives
// the three the same precedence; answers bracket them when it matters). A run of unions alone
// stays one KUnion.
func (p *parser) parseUnion() *Expr {
	e := p.parseRel()
	if !p.isSetOp() {
		return e
	}
	var u *Expr
	for p.isSetOp() {
		op := p.next().s
		rhs := p.parseRel()
		switch {
		case op == "cup" && u == nil:
			u = &Expr{Kind: KUnion, Args: []*Expr{e, rhs}}
		case op == "cup" && u.Kind == KUnion:
			u.Args = append(u.Args, rhs)
		case op == "cup":
			u = &Expr{Kind: KUnion, Args: []*Expr{p.mk(u), rhs}}
		default:
			left := e
			if u != nil {
				left = p.mk(u)
			}
			u = &Expr{Kind: KSetOp, Name: op, Args: []*Expr{left, rhs}}
		}
	}
	return p.mk(u)
}

func (p *parser) isSetOp() bool {
	return p.isOp("cup") || p.isOp("cap") || p.isOp("setminus")
}

var relOps = map[string]bool{"approx": true, "=": true, "<": true, ">": true, "<=": true, ">=": true, "!=": true, "in": true}

func (p *parser) parseRel() *Expr {
	a := p.parseSum()
	t := p.peek()
	if t.kind != tOp || !relOps[t.s] {
		return a
	}
	r := &Expr{Kind: KRel, Args: []*Expr{a}}
	for t.kind == tOp && relOps[t.s] {
		p.next()
		r.Ops = append(r.Ops, t.s)
		if t.s == "in" {
			r.Args = append(r.Args, p.parseUnion())
		} else {
			r.Args = append(r.Args, p.parseSum())
		}
		t = p.peek()
	}
	return p.mk(dropApprox(r))
}

// dropApprox keeps the exact part of a chain with ≈: "x = 1/3 ≈ 0.33" is x = 1/3 and
// "1/3 ≈ 0.33" is 1/3, while "x ≈ 3.2" (nothing exact before it) is x = 3.2.
func dropApprox(r *Expr) *Expr {
	for i, op := range r.Ops {
		if op != "approx" {
			continue
		}
		if isVarLike(r.Args[i]) {
			r.Ops[i] = "="
			continue
		}
		r.Args, r.Ops = r.Args[:i+1], r.Ops[:i]
		break
	}
	if len(r.Ops) == 0 {
		return r.Args[0]
	}
	return r
}

func (p *parser) parseSum() *Expr {
	p.enter()
	defer p.leave()
	var terms []*Expr
	var e *Expr
	e = p.parseTerm()
	terms = append(terms, e)
	for {
		switch {
		case p.accept("+"):
			terms = append(terms, p.parseTerm())
		case p.accept("-"):
			terms = append(terms, p.mk(node(KNeg, p.parseTerm())))
		case p.isOp("pm") || p.isOp("mp"):
			op := p.next().s
			left := terms[0]
			if len(terms) > 1 {
				left = p.mk(node(KAdd, terms...))
			}
			pm := p.mk(&Expr{Kind: KPM, Name: op, Args: []*Expr{left, p.parseTerm()}})
			terms = []*Expr{pm}
		default:
			if len(terms) == 1 {
				return terms[0]
			}
			return p.mk(node(KAdd, terms...))
		}
	}
}

// startsFactor reports whether the next token can begin an implicitly multiplied factor.
func (p *parser) startsFactor() bool {
	t := p.peek()
	switch t.kind {
	case tNum, tSym, tFunc:
		return true
	case tOp:
		switch t.s {
		case "(", "{", "frac", "sqrt", "binom", "lfloor", "lceil", "matbegin":
			return true
		case "|":
			return p.absDepth == 0
		}
	}
	return false
}

func isIntLit(e *Expr) bool { return e.Kind == KNum && !e.Dec && e.Val.IsInt() && e.Val.Sign() >= 0 }

func (p *parser) parseTerm() *Expr {
	p.enter()
	defer p.leave()
	f := []*Expr{p.parseUnary()}
	apply := false // f(2): a function letter applied to a constant
	for {
		switch {
		case p.accept("*"):
			f = append(f, p.parseUnary())
		case p.accept("/") || p.accept(":"):
			d := p.parseUnary()
			var left *Expr
			if len(f) == 1 {
				left = f[0]
			} else {
				left = p.mk(node(KMul, f...))
			}
			f = []*Expr{p.mk(node(KDiv, left, d))}
		case p.peek().kind == tWord:
			p.next()
			if p.accept("^") {
				p.parseExponent() // a unit power: cm^2
			}
		case p.startsFactor():
			isFrac := p.isOp("frac")
			call := len(f) == 1 && p.callsLetter(f[0])
			g := p.parsePower()
			apply = call && constSides([]*Expr{g})
			if isFrac && len(f) == 1 && g.Kind == KDiv && isIntLit(g.Args[0]) && isIntLit(g.Args[1]) {
				// mixed number: 2\frac{1}{2} is 5/2; -2\frac{1}{2} is -5/2
				w := f[0]
				if isIntLit(w) {
					f[0] = p.mk(node(KAdd, w, g))
					continue
				}
				if w.Kind == KNeg && isIntLit(w.Args[0]) {
					f[0] = p.mk(node(KNeg, node(KAdd, w.Args[0], g)))
					continue
				}
			}
			f = append(f, g)
		default:
			if len(f) == 1 {
				return f[0]
			}
			m := node(KMul, f...)
			if apply && len(f) == 2 {
				m.Name = "apply"
			}
			return p.mk(m)
		}
	}
}

// funcLetters are the letters that name functions in answers (f(0) = -2, g(3), P(1)).
var funcLetters = map[string]bool{"f": true, "g": true, "h": true, "p": true, "q": true,
	"F": true, "G": true, "H": true, "P": true, "Q": true}

// callsLetter reports whether the next token is a "(" written directly after the function
// letter x: f(0) is then marked as an evaluation (namedTerm reads it as a name), while still
// evaluating as the product it is in LaTeX.
func (p *parser) callsLetter(x *Expr) bool {
	if x.Kind != KSym || !funcLetters[x.Name] || !p.isOp("(") || p.p == 0 {
		return false
	}
	prev := p.toks[p.p-1]
	return prev.kind == tSym && prev.s == x.Name && prev.pos+1 == p.peek().pos
}

func (p *parser) parseUnary() *Expr {
	p.enter()
	defer p.leave()
	p.skipWords()
	switch {
	case p.accept("-"):
		return p.mk(node(KNeg, p.parseUnary()))
	case p.accept("+"):
		return p.parseUnary()
	case p.isOp("pm") || p.isOp("mp"):
		op := p.next().s
		return p.mk(&Expr{Kind: KPM, Name: op, Args: []*Expr{numInt(0), p.parseUnary()}})
	}
	return p.parsePower()
}

// parseExponent parses what follows ^: a {group}, a signed factor, or a single token.
func (p *parser) parseExponent() *Expr {
	if p.isOp("{") {
		return p.parsePrimary()
	}
	if p.accept("-") {
		return p.mk(node(KNeg, p.parseExponent()))
	}
	if p.accept("+") {
		return p.parseExponent()
	}
	return p.parsePower()
}

func (p *parser) parsePower() *Expr {
	p.enter()
	defer p.leave()
	b := p.parsePostfix()
	if p.accept("^") {
		if p.isOp("{") && p.toks[p.p+1].kind == tOp && p.toks[p.p+1].s == "}" {
			p.next()
			p.next()
			return b // x^{} (a dropped degree sign)
		}
		ex := p.parseExponent()
		b = p.mk(node(KPow, b, ex))
		for p.accept("!") {
			b = p.mk(node(KFact, b))
		}
	}
	return b
}

func (p *parser) parsePostfix() *Expr {
	e := p.parsePrimary()
	for {
		switch {
		case p.accept("!"):
			e = p.mk(node(KFact, e))
		case p.accept("%"):
			e = p.mk(node(KPct, e))
		case p.accept("'"):
		default:
			return e
		}
	}
}

// parseArg parses one argument of \frac, \sqrt or \binom: a {group} or a single token
// (\frac12 is 1/2).
func (p *parser) parseArg(splitDigits bool) *Expr {
	t := p.peek()
	if t.kind == tNum && splitDigits && len(t.s) > 1 && !strings.ContainsAny(t.s, ".eE") {
		p.toks[p.p].s = t.s[1:]
		p.toks[p.p].pos++
		return p.mk(num(ratFromInt(t.s[:1])))
	}
	if t.kind == tSym && splitDigits {
		p.next()
		return p.mk(sym(t.s))
	}
	if p.isOp("{") {
		return p.parsePrimary() // \frac{1}{2}\% is (1/2)%
	}
	return p.parsePostfix()
}

func ratFromInt(s string) *big.Rat {
	r, _ := new(big.Rat).SetString(s)
	return r
}

func (p *parser) parseNumber(t token) *Expr {
	s := t.s
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		var exp int
		if _, err := fmt.Sscan(s[i+1:], &exp); err != nil || exp > 1000 || exp < -1000 {
			panic(parsePanic{fmt.Errorf("%w: exponent in %q", ErrTooLarge, s)})
		}
	}
	if len(s) > 1200 {
		panic(parsePanic{fmt.Errorf("%w: number of %d digits", ErrTooLarge, len(s))})
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		p.fail("bad number %q", s)
	}
	return p.mk(&Expr{Kind: KNum, Val: r, Dec: strings.ContainsAny(s, ".eE")})
}

func (p *parser) parseSubscript() string {
	if !p.accept("_") {
		return ""
	}
	t := p.peek()
	if p.isOp("{") {
		p.next()
		var b strings.Builder
		depth := 0
		for {
			t := p.next()
			if t.kind == tEOF {
				p.fail("unclosed subscript")
			}
			if t.kind == tOp && t.s == "{" {
				depth++
			}
			if t.kind == tOp && t.s == "}" {
				if depth == 0 {
					break
				}
				depth--
			}
			b.WriteString(t.s)
		}
		return b.String()
	}
	if t.kind == tNum || t.kind == tSym {
		p.next()
		if t.kind == tNum && len(t.s) > 1 {
			// x_12 is x_{12}
			return t.s
		}
		return t.s
	}
	p.fail("bad subscript")
	return ""
}

func (p *parser) parsePrimary() *Expr {
	p.enter()
	defer p.leave()
	p.skipWords()
	t := p.next()
	switch t.kind {
	case tNum:
		return p.parseNumber(t)
	case tSym:
		if t.s == "emptyset" {
			return p.mk(&Expr{Kind: KSet})
		}
		name := t.s
		if sub := p.parseSubscript(); sub != "" {
			name += "_" + sub
		}
		return p.mk(sym(name))
	case tFunc:
		return p.parseFunc(t.s)
	case tEOF:
		p.p = len(p.toks) - 1
		p.fail("unexpected end")
	case tWord:
		p.fail("unexpected word %q", t.s)
	}
	switch t.s {
	case "(", "[":
		return p.parseBracket(t.s)
	case "{":
		if p.chooseAhead() {
			n := p.parseSum()
			p.expect("choose")
			k := p.parseSum()
			p.expect("}")
			return p.mk(fn("binom", n, k))
		}
		saved := p.absDepth
		p.absDepth = 0
		items := p.parseItems()
		p.absDepth = saved
		p.expect("}")
		switch len(items) {
		case 0:
			return p.mk(&Expr{Kind: KSet}) // {} is the empty set
		case 1:
			return items[0]
		}
		return p.mk(&Expr{Kind: KList, Args: items})
	case "{set":
		if e := p.setBuilder(); e != nil {
			return e
		}
		saved := p.absDepth
		p.absDepth = 0
		items := p.parseItems()
		p.absDepth = saved
		p.expect("}set")
		return p.mk(&Expr{Kind: KSet, Args: items})
	case "|":
		p.absDepth++
		e := p.parseSum()
		p.absDepth--
		p.expect("|")
		return p.mk(node(KAbs, e))
	case "lfloor", "lceil":
		e := p.parseSum()
		if t.s == "lfloor" {
			p.expect("rfloor")
			return p.mk(fn("floor", e))
		}
		p.expect("rceil")
		return p.mk(fn("ceil", e))
	case "frac":
		a := p.parseArg(true)
		b := p.parseArg(true)
		return p.mk(node(KDiv, a, b))
	case "binom":
		a := p.parseArg(true)
		b := p.parseArg(true)
		return p.mk(fn("binom", a, b))
	case "sqrt":
		idx := numInt(2)
		if p.accept("[") {
			idx = p.parseSum()
			p.expect("]")
		}
		return p.mk(node(KRoot, p.parseArg(false), idx))
	case "matbegin":
		return p.parseMatrix()
	}
	p.p--
	p.fail("unexpected %q", t.s)
	return nil
}

// chooseAhead reports whether the brace group just opened is {n \choose k}: a \choose at its
// top level.
func (p *parser) chooseAhead() bool {
	depth := 0
	for _, t := range p.toks[p.p:] {
		if t.kind != tOp {
			continue
		}
		switch t.s {
		case "{", "{set", "(", "[":
			depth++
		case "}", "}set", ")", "]":
			if depth == 0 {
				return false
			}
			depth--
		case "choose":
			if depth == 0 {
				return true
			}
		}
	}
	return false
}

// setBuilder parses \{x | condition\} and \{x \in S : condition\} into the condition (an
// inequality in x, read later as an interval); it returns nil when the set is not of that form.
func (p *parser) setBuilder() *Expr {
	t := p.peek()
	if t.kind != tSym || p.p+1 >= len(p.toks) {
		return nil
	}
	n := p.toks[p.p+1]
	start := p.p
	switch {
	case n.kind == tOp && (n.s == "|" || n.s == ":"):
		p.p += 2
	case n.kind == tOp && n.s == "in":
		p.p += 2
		saved := p.absDepth
		p.absDepth = 1 // a following | closes the domain
		p.parseUnion()
		p.absDepth = saved
		if !p.accept("|") && !p.accept(":") {
			p.p = start
			return nil
		}
	default:
		return nil
	}
	cond := p.parseList()
	p.expect("}set")
	return cond
}

func (p *parser) parseBracket(open string) *Expr {
	saved := p.absDepth
	p.absDepth = 0
	items := p.parseItems()
	p.absDepth = saved
	closeTok := p.next()
	if closeTok.kind != tOp || closeTok.s != ")" && closeTok.s != "]" {
		p.p--
		p.fail("unclosed %q", open)
	}
	if len(items) == 0 {
		return p.mk(&Expr{Kind: KTuple})
	}
	if len(items) == 2 && !(open == "(" && closeTok.s == ")") {
		return p.mk(&Expr{Kind: KInterval, Args: items, Open: [2]bool{open == "(", closeTok.s == ")"}})
	}
	if len(items) == 1 {
		if items[0].Kind == KList {
			return p.mk(&Expr{Kind: KTuple, Args: items[0].Args})
		}
		return items[0]
	}
	return p.mk(&Expr{Kind: KTuple, Args: items})
}

func (p *parser) parseMatrix() *Expr {
	m := &Expr{Kind: KMatrix}
	row := &Expr{Kind: KTuple}
	for {
		if p.accept("matend") {
			break
		}
		if p.peek().kind == tEOF {
			p.fail("unclosed matrix")
		}
		if p.accept("&") {
			continue
		}
		if p.accept("\\\\") {
			if len(row.Args) > 0 {
				m.Args = append(m.Args, row)
			}
			row = &Expr{Kind: KTuple}
			continue
		}
		row.Args = append(row.Args, p.parseRel())
		if !p.isOp("&") && !p.isOp("\\\\") && !p.isOp("matend") {
			p.fail("bad matrix cell")
		}
	}
	if len(row.Args) > 0 {
		m.Args = append(m.Args, row)
	}
	if len(m.Args) == 0 {
		p.fail("empty matrix")
	}
	for _, r := range m.Args {
		if len(r.Args) != len(m.Args[0].Args) {
			p.fail("ragged matrix")
		}
	}
	return p.mk(m)
}

// parseFunc parses a function application: \sin x, \sin^2(x), \log_2 8, ln(x), max(a, b).
func (p *parser) parseFunc(name string) *Expr {
	var pow, base *Expr
	if name == "log" && p.isOp("_") {
		p.next()
		base = p.parseArg(true)
	}
	if p.accept("^") {
		pow = p.parseExponent()
	}
	if name == "log" && base == nil && p.isOp("_") {
		p.next()
		base = p.parseArg(true)
	}
	var args []*Expr
	switch {
	case p.isOp("("):
		p.next()
		saved := p.absDepth
		p.absDepth = 0
		args = p.parseItems()
		p.absDepth = saved
		p.expect(")")
		if len(args) == 0 {
			p.fail("missing argument of %s", name)
		}
	case p.isOp("{"):
		args = []*Expr{p.parsePrimary()}
	default:
		a := p.parsePower()
		f := []*Expr{a}
		for p.peek().kind == tNum || p.peek().kind == tSym {
			f = append(f, p.parsePower())
		}
		if len(f) > 1 {
			a = p.mk(node(KMul, f...))
		}
		args = []*Expr{a}
	}
	var e *Expr
	switch name {
	case "pow", "rational":
		if len(args) != 2 {
			p.fail("%s takes two arguments", name)
		}
		e = node(KPow, args[0], args[1])
		if name == "rational" {
			e = node(KDiv, args[0], args[1])
		}
	case "factorial", "cbrt":
		if len(args) != 1 {
			p.fail("%s takes one argument", name)
		}
		e = node(KFact, args[0])
		if name == "cbrt" {
			e = node(KRoot, args[0], numInt(3))
		}
	case "sqrt":
		e = node(KRoot, args[0], numInt(2))
	case "abs":
		e = node(KAbs, args[0])
	default:
		if pow != nil && pow.Kind == KNeg && isOne(pow.Args[0]) {
			switch name {
			case "sin", "cos", "tan":
				name, pow = "a"+name, nil
			}
		}
		if base != nil {
			args = append(args, base)
		}
		e = fn(name, args...)
	}
	e = p.mk(e)
	if pow != nil {
		e = p.mk(node(KPow, e, pow))
	}
	if p.accept("^") {
		e = p.mk(node(KPow, e, p.parseExponent()))
	}
	return e
}

func isOne(e *Expr) bool { return e.Kind == KNum && e.Val.Cmp(big.NewRat(1, 1)) == 0 }
