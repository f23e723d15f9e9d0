package mathexpr

import (
	"context"
	"testing"
)

// eqCase is one reference/candidate pair and the verdict it must get. Every table below holds
// positives and the near misses next to them that must stay unequal.
type eqCase struct {
	name      string
	ref, cand string
	want      bool
}

func runEq(t *testing.T, cases []eqCase, opts Options) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := Equivalent(context.Background(), c.ref, c.cand, opts)
			if err != nil {
				t.Fatalf("Equivalent(%q, %q): %v", c.ref, c.cand, err)
			}
			if res.Equal != c.want {
				t.Errorf("Equivalent(%q, %q) = %v (%s), want %v", c.ref, c.cand, res.Equal, res.Reason, c.want)
			}
		})
	}
}

func TestProgrammingNotation(t *testing.T) {
	runEq(t, []eqCase{
		{"polynomial", `-12x^2+10x+3`, `-12*x**2 + 10*x + 3`, true},
		{"polynomial wrong sign", `-12x^2+10x+3`, `-12*x**2 - 10*x + 3`, false},
		{"sqrt call", `\frac{\sqrt{2}}{2}`, `sqrt(2)/2`, true},
		{"sqrt call wrong", `\frac{\sqrt{2}}{2}`, `sqrt(3)/2`, false},
		{"power", `x^2`, `x**2`, true},
		{"power is not times", `x^2`, `x*2`, false},
		{"negative power", `\frac{1}{x^2}`, `x**-2`, true},
		{"pi", `\frac{\pi}{2}`, `pi/2`, true},
		{"exp", `e^{-x^2/2}`, `exp(-x**2/2)`, true},
		{"log natural", `\ln 2`, `log(2)`, true},
		{"abs", `|x-1|`, `abs(x-1)`, true},
		{"sympy Abs", `|x-1|`, `Abs(x - 1)`, true},
		{"sympy Abs wrong", `|x-1|`, `Abs(x + 1)`, false},
		{"log10", `2`, `log10(100)`, true},
		{"log10 is not ln(10)*100", `100\ln 10`, `log10(100)`, false},
		{"log2", `3`, `log2(8)`, true},
		{"factorial call", `120`, `factorial(5)`, true},
		{"factorial is not its argument", `5`, `factorial(5)`, false},
		{"cbrt", `2`, `cbrt(8)`, true},
		{"cbrt is not its argument", `8`, `cbrt(8)`, false},
		{"pow", `8`, `pow(2, 3)`, true},
		{"pow order", `9`, `pow(2, 3)`, false},
		{"Rational", `\frac{1}{2}`, `Rational(1, 2)`, true},
		{"Rational is not a pair", `(1, 2)`, `Rational(1, 2)`, false},
		{"binomial call", `10`, `binomial(5, 2)`, true},
		{"binomial is not a pair", `(5, 2)`, `binomial(5, 2)`, false},
		{"unknown function is not text", `5`, `foobar(5)`, false},
		{"right assoc", `2^9`, `2**3**2`, true},
		{"unary minus binds looser", `-(x^2)`, `-x**2`, true},
		{"unary minus near miss", `x^2`, `-x**2`, false},
		{"numpy prefix", `\sqrt{2}`, `np.sqrt(2)`, true},
		{"math prefix", `\frac{\pi}{2}`, `math.pi/2`, true},
		{"sympy prefix", `\frac{1}{3}`, `sympy.Rational(1, 3)`, true},
		{"numpy prefix near miss", `\sqrt{2}`, `np.sqrt(3)`, false},
		{"derivative label", `-12x^{2} + 10x + 3`, `d/dx = -12*x**2 + 10*x + 3`, true},
		{"leibniz label", `3x^2`, `\frac{dy}{dx} = 3x^2`, true},
		{"plain leibniz label", `3x^2`, `dy/dx = 3*x**2`, true},
		{"a ratio is not a label", `3x^2`, `y/x = 3x^2`, false},
		{"leibniz label wrong", `3x^2`, `\frac{dy}{dx} = 3x`, false},
		{"prime label", `-12x^{2} + 10x + 3`, `f'(x) = -12*x**2 + 10*x + 3`, true},
	}, Options{})
}

func TestWordLabels(t *testing.T) {
	runEq(t, []eqCase{
		{"word label", `12`, `Area = 12`, true},
		{"text label", `12`, `\text{Total cost} = 12`, true},
		{"text label with unit", `12`, `\text{Area} = 12 \text{ cm}^2`, true},
		{"text label wrong value", `12`, `\text{Area} = 13`, false},
		{"label on a reference", `\text{Area} = 12`, `12`, true},
		{"label then an equation is not a value", `12`, `\text{Area} = x + 12`, false},
	}, Options{})
}

func TestBinomialForms(t *testing.T) {
	runEq(t, []eqCase{
		{"value", `\binom{5}{2}`, `10`, true},
		{"value wrong", `\binom{5}{2}`, `5`, false},
		{"dbinom", `\binom{5}{2}`, `\dbinom{5}{2}`, true},
		{"tbinom", `\binom{10}{3}`, `\tbinom{10}{3}`, true},
		{"choose", `\binom{5}{2}`, `{5 \choose 2}`, true},
		{"choose swapped", `\binom{5}{2}`, `{2 \choose 5}`, false},
		{"choose value", `{6 \choose 3}`, `20`, true},
		{"short form", `\binom{5}{2}`, `\binom52`, true},
		{"symbolic", `\binom{n}{2}`, `\frac{n(n-1)}{2}`, true},
		{"symbolic near miss", `\binom{n}{2}`, `\frac{n(n+1)}{2}`, false},
		{"symbolic k differs", `\binom{n}{2}`, `\binom{n}{3}`, false},
		{"symmetric", `\binom{n+2}{2}`, `\binom{n+2}{n}`, true},
		{"sum of binomials", `\binom{6}{2}`, `\binom{5}{1}+\binom{5}{2}`, true},
		{"sum near miss", `\binom{6}{3}`, `\binom{5}{1}+\binom{5}{2}`, false},
	}, Options{})
}

func TestDoubledBackslash(t *testing.T) {
	runEq(t, []eqCase{
		{"frac", `\frac{1}{5}`, `\\frac{1}{5}`, true},
		{"tuple", `\left(\frac{1}{5},\frac{1}{6}\right)`, `\\left(\\frac{1}{5},\\frac{1}{6}\\right)`, true},
		{"tuple order", `\left(\frac{1}{6},\frac{1}{5}\right)`, `\\left(\\frac{1}{5},\\frac{1}{6}\\right)`, false},
		{"le", `[-2, 7]`, `-2 \\le x \\le 7`, true},
		{"matrix row break stays", `\begin{pmatrix}1\\x\end{pmatrix}`, `\begin{pmatrix}1\\x\end{pmatrix}`, true},
		{"matrix rows", `\begin{pmatrix}1\\2\end{pmatrix}`, `\begin{pmatrix}1 & 2\end{pmatrix}`, false},
	}, Options{})
}

func TestDoubledBackslashCommands(t *testing.T) {
	runEq(t, []eqCase{
		{"pi", `(3, \frac{\pi}{2})`, `\\left( 3, \\frac{\\pi}{2} \\right)`, true},
		{"pi near miss", `(3, \frac{\pi}{2})`, `\\left( 3, \\frac{\\pi}{3} \\right)`, false},
		{"infty", `(0, \infty)`, `(0, \\infty)`, true},
	}, Options{})
}
