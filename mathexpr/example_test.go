package mathexpr_test

import (
	"context"
	"fmt"

	"github.com/grpodata/grpodata/mathexpr"
)

func ExampleExtract() {
	answer, how, ok := mathexpr.Extract(`We factor: $(x-1)(x-2)=0$, so the roots are $\boxed{1, 2}$.`)
	fmt.Println(answer, how, ok)
	// Output: 1, 2 boxed true
}

func ExampleEquivalent() {
	ctx := context.Background()
	for _, c := range [][2]string{
		{`\frac{1}{2}`, `0.5`},
		{`\frac{1}{3}`, `0.3333`},
		{`\{1, 2\}`, `x = 2 \text{ or } x = 1`},
		{`[0, 1)`, `0 \le x < 1`},
		{`[0, 1]`, `(0, 1)`},
		{`1 \pm \sqrt{2}`, `1-\sqrt2, 1+\sqrt2`},
	} {
		res, err := mathexpr.Equivalent(ctx, c[0], c[1], mathexpr.Options{})
		fmt.Println(c[0], "vs", c[1], "->", res.Equal, res.Reason, err)
	}
	// Output:
	// \frac{1}{2} vs 0.5 -> true exact <nil>
	// \frac{1}{3} vs 0.3333 -> false different value <nil>
	// \{1, 2\} vs x = 2 \text{ or } x = 1 -> true set <nil>
	// [0, 1) vs 0 \le x < 1 -> true interval <nil>
	// [0, 1] vs (0, 1) -> false interval mismatch <nil>
	// 1 \pm \sqrt{2} vs 1-\sqrt2, 1+\sqrt2 -> true set <nil>
}

func ExampleSolve() {
	for _, p := range []string{
		"Solve for x: 2x + 5 = 15",
		"Solve $x^2 - 2x - 1 = 0$.",
		"Find the derivative of x^2 + 3x + 2",
		"Simplify (x^2-1)/(x-1)",
		"Write a haiku about autumn.",
	} {
		ref, ok, reason := mathexpr.Solve(p)
		fmt.Printf("%q %v (%s)\n", ref, ok, reason)
	}
	// Output:
	// "5" true (linear equation)
	// "1 - \\sqrt{2}, 1 + \\sqrt{2}" true (quadratic equation)
	// "2x + 3" true (derivative)
	// "x + 1" true (simplified)
	// "" false (no equation, derivative or expression found in the prompt)
}

func ExampleParse() {
	e, err := mathexpr.Parse(`\frac{-b \pm \sqrt{b^2-4ac}}{2a}`)
	fmt.Println(e, err)
	// Output: (-b ± sqrt(b^2 - 4*a*c))/(2*a) <nil>
}
