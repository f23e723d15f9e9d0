package mathexpr_test

import (
	"context"
	"fmt"

	"github.com/grpodata/grpodata/mathexpr"
)

// Sets, matrices, degrees, base numerals and programming notation.
func ExampleEquivalent_notations() {
	ctx := context.Background()
	for _, c := range [][2]string{
		{`(-\infty,0)\cup(0,\infty)`, `\mathbb{R}\setminus\{0\}`},
		{`x < 1`, `-x > -1`},
		{`\begin{pmatrix}2\\4\end{pmatrix}`, `2\begin{pmatrix}1\\2\end{pmatrix}`},
		{`\frac{\sqrt3}{2}`, `\sin 60^\circ`},
		{`52_8`, `42`},
		{`-12x^2+10x+3`, `-12*x**2 + 10*x + 3`},
		{`1`, `|AB| = 1`},
	} {
		res, _ := mathexpr.Equivalent(ctx, c[0], c[1], mathexpr.Options{})
		fmt.Println(c[1], "->", res.Equal)
	}
	// Output:
	// \mathbb{R}\setminus\{0\} -> true
	// -x > -1 -> true
	// 2\begin{pmatrix}1\\2\end{pmatrix} -> true
	// \sin 60^\circ -> true
	// 42 -> false
	// -12*x**2 + 10*x + 3 -> true
	// |AB| = 1 -> true
}

// A question that asks for a percent lets the bare percent number answer a fraction.
func ExampleOptions_question() {
	opts := mathexpr.Options{Question: "What percent of the marbles are red?"}
	res, _ := mathexpr.Equivalent(context.Background(), `\frac{1}{4}`, `25`, opts)
	fmt.Println(res.Equal, res.Reason)
	// Output: true percent
}
