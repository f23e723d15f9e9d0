package mathexpr

import (
	"math/big"
	"strings"
)

// Kind is the kind of an expression node.
type Kind uint8

// Node kinds.
const (
	KNum      Kind = iota // exact rational Val; Dec reports it was written as a decimal
	KSym                  // Name: a variable, or a constant "pi", "e", "i", "inf"
	KAdd                  // sum of Args
	KNeg                  // -Args[0]
	KMul                  // product of Args; Name "apply" marks f(2), a function letter written before a constant in brackets
	KDiv                  // Args[0] / Args[1]
	KPow                  // Args[0] ^ Args[1]
	KRoot                 // Args[1]-th root of Args[0]
	KFunc                 // Name(Args...): sin, cos, ln, log (Args[1] is the base), exp, floor, ...
	KFact                 // Args[0]!
	KAbs                  // |Args[0]|
	KPct                  // Args[0] %
	KPM                   // Args[0] ± Args[1] (Name "mp" for ∓)
	KRel                  // Args[0] Ops[0] Args[1] Ops[1] Args[2] ...: =, <, <=, >, >=, !=
	KTuple                // (a, b, ...): ordered
	KSet                  // {a, b, ...}
	KInterval             // Args[0], Args[1] with Open[0], Open[1]
	KUnion                // union of Args (intervals or sets)
	KMatrix               // rows: each Args[i] is a KTuple
	KList                 // a bare list "a, b" or "a or b"
	KText                 // Name: normalized words ("emptyset", a choice letter, ...)
	KSetOp                // Args[0] Name Args[1], Name "cap" or "setminus" (∩, \setminus); "ambiguous": Args left unevaluated
)

var kindNames = [...]string{"num", "sym", "add", "neg", "mul", "div", "pow", "root", "func",
	"fact", "abs", "pct", "pm", "rel", "tuple", "set", "interval", "union", "matrix", "list", "text", "setop"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind?"
}

// Expr is a node of a parsed expression tree. Trees are immutable once built.
type Expr struct {
	Kind Kind
	Name string
	Val  *big.Rat
	Dec  bool // a KNum written with a decimal point or in scientific notation
	Args []*Expr
	Ops  []string // KRel operators
	Open [2]bool  // KInterval: left, right end open
}

func num(r *big.Rat) *Expr          { return &Expr{Kind: KNum, Val: r} }
func numInt(i int64) *Expr          { return &Expr{Kind: KNum, Val: big.NewRat(i, 1)} }
func sym(name string) *Expr         { return &Expr{Kind: KSym, Name: name} }
func node(k Kind, a ...*Expr) *Expr { return &Expr{Kind: k, Args: a} }
func fn(name string, a ...*Expr) *Expr {
	return &Expr{Kind: KFunc, Name: name, Args: a}
}

// String renders e in a plain notation that Parse reads back: 2*x^2 + 3, sqrt(2), abs(x),
// \{1, 2\}, [0, 1), 1 ± sqrt(2), \theta, \begin{pmatrix}1 & 2\end{pmatrix}.
func (e *Expr) String() string {
	var b strings.Builder
	e.write(&b, 0)
	return b.String()
}

// precedence levels for printing
const (
	pList = iota
	pRel
	pSum
	pProd
	pUnary
	pPow
	pAtom
)

func (e *Expr) prec() int {
	switch e.Kind {
	case KList:
		return pList
	case KRel:
		return pRel
	case KAdd, KPM:
		return pSum
	case KMul, KDiv:
		return pProd
	case KNeg:
		return pUnary
	case KPow:
		return pPow
	case KNum:
		if e.Val.Sign() < 0 {
			return pUnary
		}
		if !e.Val.IsInt() && !e.Dec {
			return pProd
		}
	}
	return pAtom
}

func (e *Expr) writeArg(b *strings.Builder, a *Expr, min int) {
	if a.prec() < min {
		b.WriteByte('(')
		a.write(b, 0)
		b.WriteByte(')')
		return
	}
	a.write(b, 0)
}

// writeSetArg brackets an operand of ∪, ∩ or \setminus that is itself a set operation, as
// they are read left to right with one precedence.
func writeSetArg(b *strings.Builder, a *Expr) {
	if a.Kind == KUnion || a.Kind == KSetOp {
		b.WriteByte('(')
		a.write(b, 0)
		b.WriteByte(')')
		return
	}
	a.write(b, 0)
}

func writeJoin(b *strings.Builder, args []*Expr, sep string) {
	for i, a := range args {
		if i > 0 {
			b.WriteString(sep)
		}
		a.write(b, 0)
	}
}

func (e *Expr) write(b *strings.Builder, _ int) {
	switch e.Kind {
	case KNum:
		if e.Dec && e.Val.IsInt() || !e.Dec {
			b.WriteString(e.Val.RatString())
		} else if s, ok := decimalString(e.Val); ok {
			b.WriteString(s)
		} else {
			b.WriteString(e.Val.RatString())
		}
	case KSym:
		name, sub, hasSub := strings.Cut(e.Name, "_")
		if len(name) > 1 && !isConst(name) {
			b.WriteByte('\\') // \theta
		}
		b.WriteString(name)
		if hasSub {
			b.WriteString("_{" + sub + "}")
		}
	case KText:
		b.WriteString("\\text{" + e.Name + "}")
	case KAdd:
		for i, a := range e.Args {
			if i > 0 {
				if a.Kind == KNeg {
					b.WriteString(" - ")
					e.writeArg(b, a.Args[0], pProd)
					continue
				}
				if a.Kind == KNum && a.Val.Sign() < 0 {
					b.WriteString(" - ")
					b.WriteString(new(big.Rat).Neg(a.Val).RatString())
					continue
				}
				b.WriteString(" + ")
			}
			e.writeArg(b, a, pSum+1)
		}
	case KNeg:
		b.WriteByte('-')
		e.writeArg(b, e.Args[0], pPow)
	case KMul:
		for i, a := range e.Args {
			if i > 0 {
				b.WriteByte('*')
			}
			e.writeArg(b, a, pProd+1)
		}
	case KDiv:
		e.writeArg(b, e.Args[0], pProd)
		b.WriteByte('/')
		e.writeArg(b, e.Args[1], pProd+1)
	case KPow:
		e.writeArg(b, e.Args[0], pAtom)
		b.WriteByte('^')
		e.writeArg(b, e.Args[1], pAtom)
	case KRoot:
		if e.Args[1].Kind == KNum && e.Args[1].Val.Cmp(big.NewRat(2, 1)) == 0 {
			b.WriteString("sqrt(")
			e.Args[0].write(b, 0)
			b.WriteByte(')')
			return
		}
		b.WriteString("\\sqrt[")
		e.Args[1].write(b, 0)
		b.WriteString("]{")
		e.Args[0].write(b, 0)
		b.WriteByte('}')
	case KFunc:
		if e.Name == "log10" {
			b.WriteString("log(")
			e.Args[0].write(b, 0)
			b.WriteString(", 10)")
			return
		}
		b.WriteString(e.Name)
		b.WriteByte('(')
		writeJoin(b, e.Args, ", ")
		b.WriteByte(')')
	case KFact:
		e.writeArg(b, e.Args[0], pAtom)
		b.WriteByte('!')
	case KAbs:
		b.WriteString("abs(")
		e.Args[0].write(b, 0)
		b.WriteByte(')')
	case KPct:
		e.writeArg(b, e.Args[0], pAtom)
		b.WriteByte('%')
	case KPM:
		if !(e.Args[0].Kind == KNum && e.Args[0].Val.Sign() == 0) {
			e.writeArg(b, e.Args[0], pSum)
			b.WriteByte(' ')
		}
		if e.Name == "mp" {
			b.WriteString("∓ ")
		} else {
			b.WriteString("± ")
		}
		e.writeArg(b, e.Args[1], pProd)
	case KRel:
		for i, a := range e.Args {
			if i > 0 {
				op := e.Ops[i-1]
				if op == "in" {
					op = "∈"
				}
				b.WriteString(" " + op + " ")
			}
			e.writeArg(b, a, pSum)
		}
	case KTuple:
		b.WriteByte('(')
		writeJoin(b, e.Args, ", ")
		b.WriteByte(')')
	case KSet:
		b.WriteString("\\{")
		writeJoin(b, e.Args, ", ")
		b.WriteString("\\}")
	case KInterval:
		if e.Open[0] {
			b.WriteByte('(')
		} else {
			b.WriteByte('[')
		}
		writeJoin(b, e.Args, ", ")
		if e.Open[1] {
			b.WriteByte(')')
		} else {
			b.WriteByte(']')
		}
	case KUnion:
		for i, a := range e.Args {
			if i > 0 {
				b.WriteString(" ∪ ")
			}
			writeSetArg(b, a)
		}
	case KSetOp:
		if e.Name == "ambiguous" {
			writeJoin(b, e.Args, ", ") // a list left unevaluated by canon
			break
		}
		op := " \\cap "
		if e.Name == "setminus" {
			op = " \\setminus "
		}
		writeSetArg(b, e.Args[0])
		b.WriteString(op)
		writeSetArg(b, e.Args[1])
	case KMatrix:
		b.WriteString("\\begin{pmatrix}")
		for i, r := range e.Args {
			if i > 0 {
				b.WriteString(" \\\\ ")
			}
			writeJoin(b, r.Args, " & ")
		}
		b.WriteString("\\end{pmatrix}")
	case KList:
		writeJoin(b, e.Args, ", ")
	}
}

// decimalString renders r exactly as a decimal when its denominator is 2^a*5^b.
func decimalString(r *big.Rat) (string, bool) {
	d := new(big.Int).Set(r.Denom())
	digits := 0
	two, five := big.NewInt(2), big.NewInt(5)
	m := new(big.Int)
	for d.Cmp(big.NewInt(1)) != 0 {
		if digits > 60 {
			return "", false
		}
		if m.Mod(d, two).Sign() == 0 {
			d.Quo(d, two)
		} else if m.Mod(d, five).Sign() == 0 {
			d.Quo(d, five)
		} else {
			return "", false
		}
		digits++
	}
	return r.FloatString(digits), true
}

// size counts the nodes of e.
func (e *Expr) size() int {
	n := 1
	for _, a := range e.Args {
		n += a.size()
	}
	return n
}

// hasDec reports whether a decimal literal occurs in e.
func (e *Expr) hasDec() bool {
	if e.Kind == KNum {
		return e.Dec
	}
	for _, a := range e.Args {
		if a.hasDec() {
			return true
		}
	}
	return false
}

// isConst names the symbols that are constants, not variables.
func isConst(name string) bool {
	switch name {
	case "pi", "e", "i", "inf":
		return true
	}
	return false
}

// vars collects the free variables of e into set.
func (e *Expr) vars(set map[string]bool) {
	if e.Kind == KSym && !isConst(e.Name) {
		set[e.Name] = true
	}
	for _, a := range e.Args {
		a.vars(set)
	}
}
