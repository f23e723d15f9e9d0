package mathexpr

import (
	"fmt"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

func TestMatrixArithmetic(t *testing.T) {
	runEq(t, []eqCase{
		{"scalar times column", `\begin{pmatrix}2\\4\end{pmatrix}`, `2\begin{pmatrix}1\\2\end{pmatrix}`, true},
		{"scalar times column wrong", `\begin{pmatrix}2\\4\end{pmatrix}`, `3\begin{pmatrix}1\\2\end{pmatrix}`, false},
		{"column times scalar", `\begin{pmatrix}2\\4\end{pmatrix}`, `\begin{pmatrix}1\\2\end{pmatrix}\cdot 2`, true},
		{"fraction scalar", `\begin{pmatrix}1/2\\1\end{pmatrix}`, `\frac{1}{2}\begin{pmatrix}1\\2\end{pmatrix}`, true},
		{"divided by a scalar", `\begin{pmatrix}1/2\\1\end{pmatrix}`, `\begin{pmatrix}1\\2\end{pmatrix}/2`, true},
		{"negated", `\begin{pmatrix}-1&2\end{pmatrix}`, `-\begin{pmatrix}1&-2\end{pmatrix}`, true},
		{"sum", `\begin{pmatrix}6 & 8 \\ 10 & 12\end{pmatrix}`, `\begin{pmatrix}1 & 2 \\ 3 & 4\end{pmatrix} + \begin{pmatrix}5 & 6 \\ 7 & 8\end{pmatrix}`, true},
		{"sum wrong", `\begin{pmatrix}6 & 8 \\ 10 & 13\end{pmatrix}`, `\begin{pmatrix}1 & 2 \\ 3 & 4\end{pmatrix} + \begin{pmatrix}5 & 6 \\ 7 & 8\end{pmatrix}`, false},
		{"difference", `\begin{pmatrix}4 & 4 \\ 4 & 4\end{pmatrix}`, `\begin{pmatrix}5 & 6 \\ 7 & 8\end{pmatrix} - \begin{pmatrix}1 & 2 \\ 3 & 4\end{pmatrix}`, true},
		{"shapes do not add", `\begin{pmatrix}2\\3\end{pmatrix}`, `\begin{pmatrix}1\\2\end{pmatrix} + \begin{pmatrix}1 & 1\end{pmatrix}`, false},
		{"product", `\begin{pmatrix}19 & 22 \\ 43 & 50\end{pmatrix}`, `\begin{pmatrix}1 & 2 \\ 3 & 4\end{pmatrix}\begin{pmatrix}5 & 6 \\ 7 & 8\end{pmatrix}`, true},
		{"product does not commute", `\begin{pmatrix}19 & 22 \\ 43 & 50\end{pmatrix}`, `\begin{pmatrix}5 & 6 \\ 7 & 8\end{pmatrix}\begin{pmatrix}1 & 2 \\ 3 & 4\end{pmatrix}`, false},
		{"identity product", `\begin{pmatrix}1 & 0 \\ 0 & 1\end{pmatrix}`, `\begin{pmatrix}1 & 0 \\ 0 & 1\end{pmatrix} \begin{pmatrix}1 & 0 \\ 0 & 1\end{pmatrix}`, true},
		{"row times column", `\begin{pmatrix}11\end{pmatrix}`, `\begin{pmatrix}1 & 2\end{pmatrix}\begin{pmatrix}3\\4\end{pmatrix}`, true},
		{"power", `\begin{pmatrix}1 & 2 \\ 0 & 1\end{pmatrix}`, `\begin{pmatrix}1 & 1 \\ 0 & 1\end{pmatrix}^2`, true},
		{"power wrong", `\begin{pmatrix}1 & 3 \\ 0 & 1\end{pmatrix}`, `\begin{pmatrix}1 & 1 \\ 0 & 1\end{pmatrix}^2`, false},
		{"symbolic scalar", `\begin{pmatrix}a & 2a\end{pmatrix}`, `a\begin{pmatrix}1 & 2\end{pmatrix}`, true},
		{"vector against tuple", `(2, 4)`, `2\begin{pmatrix}1\\2\end{pmatrix}`, true},
	}, Options{})
}

// TestPropScalarMatrix: for random integer matrices and scalars, kA = Ak, k(A+B) = kA + kB,
// and each equals the matrix computed entry by entry here; a changed entry never does.
func TestPropScalarMatrix(t *testing.T) {
	tex := func(m [][]int) string {
		rows := make([]string, len(m))
		for i, r := range m {
			cells := make([]string, len(r))
			for j, x := range r {
				cells[j] = fmt.Sprint(x)
			}
			rows[i] = strings.Join(cells, " & ")
		}
		return `\begin{pmatrix}` + strings.Join(rows, `\\`) + `\end{pmatrix}`
	}
	rapid.Check(t, func(t *rapid.T) {
		n, m := rapid.IntRange(1, 3).Draw(t, "rows"), rapid.IntRange(1, 3).Draw(t, "cols")
		k := rapid.IntRange(-9, 9).Draw(t, "k")
		a, c, want := make([][]int, n), make([][]int, n), make([][]int, n)
		for i := range a {
			a[i], c[i], want[i] = make([]int, m), make([]int, m), make([]int, m)
			for j := range a[i] {
				a[i][j] = rapid.IntRange(-20, 20).Draw(t, "a")
				c[i][j] = rapid.IntRange(-20, 20).Draw(t, "c")
				want[i][j] = k * (a[i][j] + c[i][j])
			}
		}
		sum := fmt.Sprintf(`%d\left(%s + %s\right)`, k, tex(a), tex(c))
		split := fmt.Sprintf(`%d%s + %s \cdot %d`, k, tex(a), tex(c), k)
		for _, f := range []string{sum, split} {
			if !eq(t, tex(want), f) {
				t.Fatalf("%s should equal %s", tex(want), f)
			}
		}
		want[0][0]++
		if eq(t, tex(want), sum) {
			t.Fatalf("%s should not equal %s", tex(want), sum)
		}
	})
}
