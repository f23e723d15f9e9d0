package mathexpr

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	tests := []struct{ in, want string }{
		{`\frac{1}{2}`, "1/2"},
		{`\frac12`, "1/2"},
		{`\frac{a}{b}`, "a/b"},
		{`2x`, "2*x"},
		{`2(x+1)`, "2*(x + 1)"},
		{`x^2`, "x^2"},
		{`x**2`, "x^2"},
		{`2^{10}`, "2^10"},
		{`a^b^c`, "a^(b^c)"},
		{`-x^2`, "-x^2"},
		{`\sqrt{2}`, "sqrt(2)"},
		{`\sqrt[3]{x}`, "\\sqrt[3]{x}"},
		{`\sin x`, "sin(x)"},
		{`\sin^2 x`, "sin(x)^2"},
		{`\sin^{-1} x`, "asin(x)"},
		{`\log_2 8`, "log(8, 2)"},
		{`\ln(x+1)`, "ln(x + 1)"},
		{`e^{i\pi}`, "e^(i*pi)"},
		{`|x-1|`, "abs(x - 1)"},
		{`2|x|`, "2*abs(x)"},
		{`5!`, "5!"},
		{`\binom{5}{2}`, "binom(5, 2)"},
		{`\{1, 2\}`, `\{1, 2\}`},
		{`[0, 1)`, "[0, 1)"},
		{`(0, 1]`, "(0, 1]"},
		{`(1, 2)`, "(1, 2)"},
		{`(-\infty, 0) \cup (1, \infty)`, "(-inf, 0) ∪ (1, inf)"},
		{`x = 5`, "x = 5"},
		{`0 \le x < 1`, "0 <= x < 1"},
		{`1 \pm \sqrt{2}`, "1 ± sqrt(2)"},
		{`\begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix}`, `\begin{pmatrix}1 & 2 \\ 3 & 4\end{pmatrix}`},
		{`x = 1 \text{ or } x = 2`, "x = 1, x = 2"},
		{`2\frac{1}{2}`, "2 + 1/2"},
		{`2 \cdot \frac{1}{2}`, "2*(1/2)"},
		{`1.2e3`, "1200"},
		{`50\%`, "50%"},
		{`\left( \frac{1}{2} \right)`, "1/2"},
		{`x_1 + x_{2}`, "x_{1} + x_{2}"},
		{`\pi r^2`, "pi*r^2"},
		{`sqrt(2)/2`, "sqrt(2)/2"},
		{`\lfloor x \rfloor`, "floor(x)"},
		{`3 \times 10^{-2}`, "3*10^(-2)"},
		{`\emptyset`, `\{\}`},
		{`\text{no solution}`, `\text{nosolution}`},
	}
	for _, tc := range tests {
		e, err := Parse(tc.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tc.in, err)
			continue
		}
		if got := e.String(); got != tc.want {
			t.Errorf("Parse(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, in := range []string{`\frac{1}`, `(1, 2`, `1 +`, `\begin{pmatrix} 1 & 2 \\ 3 \end{pmatrix}`, `)`, `x = `} {
		_, err := Parse(in)
		if err == nil {
			t.Errorf("Parse(%q): no error", in)
			continue
		}
		var pe *ParseError
		if !errors.As(err, &pe) || !errors.Is(err, ErrSyntax) {
			t.Errorf("Parse(%q): error %v is not a *ParseError", in, err)
		}
	}
}

// TestPathological checks that hostile inputs end quickly with an error or a verdict.
func TestPathological(t *testing.T) {
	long := strings.Repeat("1+", 25000) + "1"
	deep := strings.Repeat("(", 5000) + "1" + strings.Repeat(")", 5000)
	fracs := strings.Repeat(`\frac{1}{`, 3000) + "2" + strings.Repeat("}", 3000)
	tests := []struct{ ref, cand string }{
		{`2^{2^{2^{100}}}`, `2^{2^{2^{100}}}+1`},
		{`5`, `2^{2^{2^{100}}}`},
		{`1000000!`, `1000001!`},
		{`10^{10^{10}}`, `10^{10^{10}}-1`},
		{`9^{9^{9^{9}}}`, `3`},
		{`(2/3)^{100000}`, `0`},
		{`(1+x)^{1000000}`, `x`},
		{`\sqrt[1000000]{2}`, `1`},
		{`1e999999999`, `1`},
		{long, "5"},
		{"5", long},
		{deep, "1"},
		{fracs, "1"},
		{strings.Repeat("x", 4000), "x"},
		{`\binom{1000000000}{500000000}`, `1`},
		{strings.Repeat(`\pm 1`, 40), "0"},
		{`\{` + strings.Repeat("1,", 1500) + `1\}`, `\{` + strings.Repeat("2,", 1500) + `2\}`},
		{strings.Repeat(`\sqrt{`, 150) + "2" + strings.Repeat("}", 150), "1"},
		{strings.Repeat("x^", 1000) + "2", "1"},
		{`\ln(\ln(\ln(0)))`, `\tan(\pi/2)`},
		{"1" + strings.Repeat(" 000", 200000), "1"},
		{strings.Repeat("1,000 ", 100000), "1"},
		{strings.Repeat("x", 200000) + `\boxed{5}`, "5"},
		{`\frac{1}{0}`, `\frac{2}{0}`},
	}
	for _, tc := range tests {
		done := make(chan struct{})
		go func() {
			defer close(done)
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			_, _ = Equivalent(ctx, tc.ref, tc.cand, Options{Timeout: time.Second})
			_, _, _ = SolveContext(ctx, "Solve "+tc.ref+" = 0", Options{Timeout: time.Second})
			_, _ = Parse(tc.cand)
		}()
		select {
		case <-done:
		case <-time.After(60 * time.Second):
			t.Fatalf("hung on ref %.40q cand %.40q", tc.ref, tc.cand)
		}
	}
}

// TestPathologicalSolve checks that hostile prompts end quickly.
func TestPathologicalSolve(t *testing.T) {
	for _, p := range []string{
		"Solve x^3 + 1099511627775x + 1099511627775 = 0",
		"Solve x^3 + 1099511627776x + 1099511627776 = 0",
		"Solve x^2 + 10^{200}x + 1 = 0",
		"Solve x^2 + 10^{2000}x + 3 = 0",
		"Solve x^{64} = 1",
		"Solve x^{1000} = 1",
		"Solve (x+1)^{60} = 0",
		"Find the derivative of " + strings.Repeat(`\sin(`, 150) + "x" + strings.Repeat(")", 150),
		"Find the derivative of " + strings.Repeat("x*", 500) + "x",
		"Evaluate " + strings.Repeat("2^", 30) + "2",
		"Simplify " + strings.Repeat("(x+1)*", 200) + "1",
		"Solve " + strings.Repeat("|", 20) + "x" + strings.Repeat("|", 20) + " = 1",
		"Solve " + strings.Repeat("x + y = 1, ", 50) + "x = 2",
		"Solve $x^{64} - 1 > 0$",
		"Solve $\\frac{(x+1)^{30}}{(x-1)^{30}} \\le 0$",
	} {
		done := make(chan struct{})
		go func() {
			defer close(done)
			_, _, _ = SolveContext(context.Background(), p, Options{Timeout: time.Second})
		}()
		select {
		case <-done:
		case <-time.After(60 * time.Second):
			t.Fatalf("Solve hung on %.60q", p)
		}
	}
}

func TestTooLarge(t *testing.T) {
	for _, tc := range [][2]string{
		{`2^{2^{2^{100}}}`, `2^{2^{2^{100}}}+1`},
		{`1000000!`, `3`},
		{strings.Repeat("1", MaxInputLen+1), "1"},
		{strings.Repeat("7", MaxResponseLen+1), "1"},
	} {
		_, err := Equivalent(context.Background(), tc[0], tc[1], Options{})
		if !errors.Is(err, ErrTooLarge) {
			t.Errorf("Equivalent(%.30q, %.30q) error = %v, want ErrTooLarge", tc[0], tc[1], err)
		}
	}
}

func TestCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	big := strings.Repeat(`\sin(x)+`, 400) + "x"
	_, err := Equivalent(ctx, big, big+"+1", Options{})
	if !errors.Is(err, ErrTimeout) {
		t.Errorf("error = %v, want ErrTimeout", err)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{`\frac{1}{2}`, `x^2+2x+1`, `\{1,2\}`, `[0,1)`, `\begin{pmatrix}1&2\\3&4\end{pmatrix}`,
		`1 \pm \sqrt{2}`, `\sin^2 x`, `|x|`, `2\frac12`, `x = 1 \text{ or } x = 2`, `\left(1,2\right]`, `((`, `\frac`,
		`\sqrt[`, `1,000,000`, `e^{i\pi}`, `\log_{2}(8)`, `5!`, `\binom{5}{2}`, "\\text{\xff}", `{}{}`, `\begin{`, `^^^`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, err := Parse(s)
		if err != nil {
			return
		}
		out := e.String()
		if _, err := Parse(out); err != nil {
			if !errors.Is(err, ErrTooLarge) {
				t.Errorf("re-parse of %q (from %q): %v", out, s, err)
			}
			return
		}
		r, err := Equivalent(context.Background(), s, out, Options{Timeout: time.Second})
		_, isText := textAnswer(Clean(s))
		if err == nil && isASCII(s) && !isText && selfEqual(e) && !r.Equal && r.Reason != "cannot evaluate" && r.Reason != "undefined value" && r.Reason != "no numeric value" {
			t.Errorf("Parse(%q).String() = %q is not equivalent: %s", s, out, r.Reason)
		}
	})
}

func FuzzEquivalent(f *testing.F) {
	f.Add(`\frac{1}{2}`, "0.5")
	f.Add(`[0,1)`, `0 \le x < 1`)
	f.Add(`1 \pm \sqrt2`, `1+\sqrt2, 1-\sqrt2`)
	f.Add(`(B)`, `B`)
	f.Fuzz(func(t *testing.T, a, b string) {
		r1, err1 := Equivalent(context.Background(), a, b, Options{Timeout: 100 * time.Millisecond})
		if err1 == nil && r1.Equal && a == b {
			return
		}
		if a == b && err1 == nil && !r1.Equal {
			t.Errorf("Equivalent(%q, itself) = false (%s)", a, r1.Reason)
		}
	})
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// selfEqual reports whether e compares equal to itself (undefined parts such as 0/0 do not).
func selfEqual(e *Expr) bool {
	c, err := canon(e)
	if err != nil {
		return false
	}
	ok, _, err := compare(c, c, newBudget(context.Background(), time.Second))
	return err == nil && ok
}
