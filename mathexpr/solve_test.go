package mathexpr

import (
	"context"
	"testing"
)

func TestSolve(t *testing.T) {
	tests := []struct {
		prompt, want string // want is compared with Equivalent
	}{
		{"Solve for x: 2x + 5 = 15", "5"},
		{"Solve for y: 4y - 7 = 2y + 1.", "4"},
		{"Solve $3x - 4 = 2x + 6$.", "10"},
		{"Solve 3x^2 = 12", "2, -2"},
		{"Solve x^2 - 5x + 6 = 0", "2, 3"},
		{"Solve x^2 - 2x - 1 = 0", `1 \pm \sqrt{2}`},
		{"Solve x^2 - 4x + 1 = 0", `2 \pm \sqrt{3}`},
		{"Solve $2x^2 + 3x - 1 = 0$", `\frac{-3 \pm \sqrt{17}}{4}`},
		{"Solve $x^2 + 2x + 5 = 0$.", `-1 \pm 2i`},
		{"Solve $x^2 + 4 = 0$.", `\pm 2i`},
		{"Find all real solutions: solve $x^2 + 1 = 0$.", `\emptyset`},
		{"Solve x^2 - 6x + 9 = 0", "3"},
		{"Solve x^3 - 6x^2 + 11x - 6 = 0", "1, 2, 3"},
		{"Solve x^3 - 2x = 0", `0, \pm\sqrt{2}`},
		{"Solve for x: \\frac{x^2-1}{x-1} = 0", "-1"},
		{"Solve $\\frac{1}{x} + \\frac{1}{x+1} = \\frac{5}{6}$", `2, -\frac{3}{5}`},
		{"Solve $\\frac{x}{x-2} = \\frac{2}{x-2}$", `\emptyset`},
		{"Solve $\\sqrt{x+3} = x - 3$", "6"},
		{"Solve $\\sqrt{2x+1} = 3$", "4"},
		{"Solve $\\sqrt{x} = -2$", `\emptyset`},
		{"Solve $x + \\sqrt{x} = 6$", "4"},
		{"Solve $|x - 3| = 5$", "8, -2"},
		{"Solve $|2x + 1| = x + 5$", "4, -2"},
		{"Solve $|x| = -1$", `\emptyset`},
		{"Solve $|x - 1| = 0$", "1"},
		{"Solve $2^x = 8$", "3"},
		{"Solve $3^{2x-1} = 27$", "2"},
		{"Solve $5^{x} = \\frac{1}{25}$", "-2"},
		{"Solve $2^{x^2} = 16$", `\pm 2`},
		{"Solve $2^x + 4 = 0$", `\emptyset`},
		{"Solve $x^2 - 4 < 0$.", "(-2, 2)"},
		{"Solve $x^2 - 4 \\ge 0$.", `(-\infty, -2] \cup [2, \infty)`},
		{"Solve the inequality $2x + 3 > 7$.", `(2, \infty)`},
		{"Solve $x^2 - 2x - 1 \\le 0$", `[1-\sqrt{2}, 1+\sqrt{2}]`},
		{"Solve $\\frac{x-1}{x+2} \\ge 0$", `(-\infty, -2) \cup [1, \infty)`},
		{"Solve $x^2 + 1 > 0$", `(-\infty, \infty)`},
		{"Solve $x^2 + 1 < 0$", `\emptyset`},
		{"Solve $x^2 \\le 0$", `\{0\}`},
		{"Solve $(x-1)(x-2)(x-3) > 0$", `(1, 2) \cup (3, \infty)`},
		{"Solve $(x-1)^2 > 0$", `(-\infty, 1) \cup (1, \infty)`},
		{"Solve $(x-1)^2 \\ge 0$", `(-\infty, \infty)`},
		{"Find derivative of x^2 + 3x + 2", "2x + 3"},
		{"Find the derivative of $x^3 - 4x$.", "3x^2 - 4"},
		{"Find the derivative of $x^2 \\sin x$.", `2x\sin x + x^2\cos x`},
		{"Differentiate e^{2x} with respect to x.", "2e^{2x}"},
		{"Find the derivative of f(x) = \\ln(x^2+1)", `\frac{2x}{x^2+1}`},
		{"Differentiate $\\sin(3x)$", `3\cos(3x)`},
		{"Find the derivative of $\\frac{x}{x+1}$", `\frac{1}{(x+1)^2}`},
		{"Find the derivative of $\\sqrt{x}$", `\frac{1}{2\sqrt{x}}`},
		{"What is the derivative of $t^4$ with respect to t?", "4t^3"},
		{"Compute $\\frac{d}{dx}\\left(x^3 + x\\right)$.", "3x^2 + 1"},
		{"If $f(x) = x^3 + 2x$, find $f'(x)$.", "3x^2 + 2"},
		{"If f(x) = 5x^2 - x, what is f'(x)?", "10x - 1"},
		{"Find the derivative of $f(x) = x^3 - 2x$ at $x = 2$.", "10"},
		{"What is the derivative of $\\sin x$ at $x = \\pi$?", "-1"},
		{"Evaluate 3/4 + 1/8", `\frac{7}{8}`},
		{"Solve: 12 \\times 7", "84"},
		{"Compute $2^{10} - 24$.", "1000"},
		{"What is 15% of 80?", "12"},
		{"Compute $\\binom{10}{3}$.", "120"},
		{"Evaluate \\sin(\\pi/6)", `\frac12`},
		{"Calculate $(1+2i)(3-i)$.", "5+5i"},
		{"Simplify (x^2-1)/(x-1)", "x + 1"},
		{"Solve the system $x + y = 5$ and $x - y = 1$.", "x = 3, y = 2"},
		{"Solve the system: x + y = 5, x - y = 1", "(3, 2)"},
		{"Solve x + y = 5 and 2x - y = 4", "y = 2, x = 3"},
		{"Solve $a + b + c = 6$, $a - b = 0$, $2c = 4$.", "a = 2, b = 2, c = 2"},
		{"Solve $x + y = 1$ and $x + y = 2$.", `\emptyset`},
		{"What is the value of x if 3x - 7 = 11?", "6"},
		{"Find all real x such that x^2 = 2x + 3.", "3, -1"},
		{"Determine y: 5y + 2 = 3y - 8", "-5"},
		{"What is 3/4 + 1/8?", `\frac{7}{8}`},
		{"Solve for x: x^2 - 5x + 6 = 0. Express your answer as a list.", "2, 3"},
		{"Simplify $\\frac{x^2+5x+6}{x+2}$", "x + 3"},
		{"Simplify $(x+1)^2 - x^2$", "2x + 1"},
	}
	for _, tc := range tests {
		t.Run(tc.prompt, func(t *testing.T) {
			got, ok, why := Solve(tc.prompt)
			if !ok {
				t.Fatalf("Solve(%q) failed: %s", tc.prompt, why)
			}
			res, err := Equivalent(context.Background(), tc.want, got, Options{})
			if err != nil || !res.Equal {
				t.Errorf("Solve(%q) = %q (%s); want %q (%s, %v)", tc.prompt, got, why, tc.want, res.Reason, err)
			}
		})
	}
}

func TestSolveExactForm(t *testing.T) {
	tests := []struct{ prompt, want string }{
		{"Solve for x: 2x + 5 = 15", "5"},
		{"Solve x^2 - 2x - 1 = 0", `1 - \sqrt{2}, 1 + \sqrt{2}`},
		{"Find derivative of x^2 + 3x + 2", "2x + 3"},
		{"Evaluate 3/4 + 1/8", `\frac{7}{8}`},
		{"Simplify (x^2-1)/(x-1)", "x + 1"},
	}
	for _, tc := range tests {
		if got, _, _ := Solve(tc.prompt); got != tc.want {
			t.Errorf("Solve(%q) = %q, want %q", tc.prompt, got, tc.want)
		}
	}
}

func TestSolveCannot(t *testing.T) {
	for _, p := range []string{
		"Write a poem about the sea.",
		"Solve x^5 + x + 1 = 3",
		"Solve x + y = 3",
		"Solve the following problem: A train travels 60 miles in 1.5 hours. What is its speed?",
		"Solve x + y = 3 and 2x + 2y = 6",
		"Solve x^2 + y = 3 and x - y = 1",
		"Simplify $\\sqrt{x} + y$",
		"Evaluate $\\pi + 1$",
		"Solve $\\sin x = 0$",
		"Solve: $x = x$",
		"Evaluate $\\int_0^1 x\\,dx$.",
		"Compute 3 apples plus 4 apples.",
		"What is the sum of 3 and 5?",
		"Calculate the area of a circle with radius 3.",
		"Evaluate $\\sum_{n=1}^{5} 2$.",
		"Compute $\\lim_{x \\to 0} \\frac{\\sin x}{x}$.",
	} {
		if got, ok, why := Solve(p); ok {
			t.Errorf("Solve(%q) = %q, true; want not ok", p, got)
		} else if why == "" {
			t.Errorf("Solve(%q): empty reason", p)
		}
	}
}

func FuzzSolve(f *testing.F) {
	for _, s := range []string{"Solve for x: 2x + 5 = 15", "Solve $x^2+1=0$", "Find the derivative of x^2 at x = 1",
		"Evaluate 3/4 + 1/8", "Simplify (x^2-1)/(x-1)", "Solve $|x-1| = 2$", "Solve $2^x = 8$", "Solve x + y = 2, x - y = 0",
		"Solve $\\sqrt{x+1} = x - 1$", "What is x if 3x = 9?"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ref, ok, why := Solve(s)
		if ok && ref == "" || !ok && why == "" {
			t.Errorf("Solve(%q) = %q, %v, %q", s, ref, ok, why)
		}
		if ok {
			if _, err := Parse(ref); err != nil {
				t.Errorf("Solve(%q) = %q does not parse: %v", s, ref, err)
			}
		}
	})
}
