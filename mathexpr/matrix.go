package mathexpr

// Arithmetic of literal matrices: 2\begin{pmatrix}1\\2\end{pmatrix} is the matrix of 2 and 4,
// A + B, A - B, AB and A^n (small n) of written-out matrices are computed entry by entry. The
// entries stay expressions, compared later like any other values, so nothing is rounded.

const maxMatrixPow = 16

func hasMatrix(e *Expr) bool {
	if e.Kind == KMatrix {
		return true
	}
	for _, a := range e.Args {
		if hasMatrix(a) {
			return true
		}
	}
	return false
}

// matrixArith evaluates e when it is arithmetic on literal matrices and scalars; ok is false
// for anything else (shapes that do not fit, a matrix inside a function, a matrix divisor).
func matrixArith(e *Expr) (*Expr, bool) {
	if !hasMatrix(e) {
		return e, true // a scalar
	}
	switch e.Kind {
	case KMatrix:
		return e, true
	case KNeg:
		m, ok := matrixArith(e.Args[0])
		return mapEntries(m, func(x *Expr) *Expr { return node(KNeg, x) }), ok && m.Kind == KMatrix
	case KAdd:
		return foldMatrix(e.Args, addMatrix)
	case KMul:
		return foldMatrix(e.Args, mulMatrix)
	case KDiv:
		if hasMatrix(e.Args[1]) {
			return nil, false
		}
		m, ok := matrixArith(e.Args[0])
		if !ok {
			return nil, false
		}
		return mapEntries(m, func(x *Expr) *Expr { return node(KDiv, x, e.Args[1]) }), true
	case KPow:
		return matrixPow(e)
	}
	return nil, false
}

func foldMatrix(args []*Expr, op func(a, b *Expr) (*Expr, bool)) (*Expr, bool) {
	acc, ok := matrixArith(args[0])
	if !ok {
		return nil, false
	}
	for _, a := range args[1:] {
		x, ok := matrixArith(a)
		if !ok {
			return nil, false
		}
		if acc, ok = op(acc, x); !ok {
			return nil, false
		}
	}
	return acc, true
}

func mapEntries(m *Expr, f func(*Expr) *Expr) *Expr {
	if m == nil || m.Kind != KMatrix {
		return m
	}
	out := &Expr{Kind: KMatrix, Args: make([]*Expr, len(m.Args))}
	for i, row := range m.Args {
		r := &Expr{Kind: KTuple, Args: make([]*Expr, len(row.Args))}
		for j, x := range row.Args {
			r.Args[j] = f(x)
		}
		out.Args[i] = r
	}
	return out
}

// addMatrix adds two matrices of one shape; a matrix plus a scalar is not defined here.
func addMatrix(a, b *Expr) (*Expr, bool) {
	if a.Kind != KMatrix || b.Kind != KMatrix {
		if a.Kind != KMatrix && b.Kind != KMatrix {
			return node(KAdd, a, b), true
		}
		return nil, false
	}
	if len(a.Args) != len(b.Args) || len(a.Args[0].Args) != len(b.Args[0].Args) {
		return nil, false
	}
	i := 0
	return mapEntries(a, func(x *Expr) *Expr {
		r, c := i/len(a.Args[0].Args), i%len(a.Args[0].Args)
		i++
		return node(KAdd, x, b.Args[r].Args[c])
	}), true
}

// mulMatrix multiplies scalars, a scalar and a matrix, or two matrices whose inner sizes match.
func mulMatrix(a, b *Expr) (*Expr, bool) {
	switch {
	case a.Kind != KMatrix && b.Kind != KMatrix:
		return node(KMul, a, b), true
	case a.Kind != KMatrix:
		return mapEntries(b, func(x *Expr) *Expr { return node(KMul, a, x) }), true
	case b.Kind != KMatrix:
		return mapEntries(a, func(x *Expr) *Expr { return node(KMul, x, b) }), true
	}
	n, inner, m := len(a.Args), len(a.Args[0].Args), len(b.Args[0].Args)
	if len(b.Args) != inner || n*m*inner > maxNodes {
		return nil, false
	}
	out := &Expr{Kind: KMatrix, Args: make([]*Expr, n)}
	for i := 0; i < n; i++ {
		row := &Expr{Kind: KTuple, Args: make([]*Expr, m)}
		for j := 0; j < m; j++ {
			terms := make([]*Expr, inner)
			for k := 0; k < inner; k++ {
				terms[k] = node(KMul, a.Args[i].Args[k], b.Args[k].Args[j])
			}
			row.Args[j] = node(KAdd, terms...)
		}
		out.Args[i] = row
	}
	return out, true
}

// matrixPow is a square literal matrix to a small positive whole power.
func matrixPow(e *Expr) (*Expr, bool) {
	ex := e.Args[1]
	if hasMatrix(ex) || ex.Kind != KNum || !ex.Val.IsInt() || ex.Val.Sign() <= 0 || ex.Val.Num().Int64() > maxMatrixPow {
		return nil, false
	}
	m, ok := matrixArith(e.Args[0])
	if !ok || m.Kind != KMatrix || len(m.Args) != len(m.Args[0].Args) {
		return nil, false
	}
	acc := m
	for k := int64(1); k < ex.Val.Num().Int64(); k++ {
		if acc, ok = mulMatrix(acc, m); !ok || acc.size() > maxNodes {
			return nil, false
		}
	}
	return acc, true
}
