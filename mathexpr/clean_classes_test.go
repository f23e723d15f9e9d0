package mathexpr

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// Thousands separators belong to bare numbers; inside brackets a comma separates elements.
func TestClassSeparators(t *testing.T) {
	runClass(t, []classCase{
		{"comma bang space", "1000", `$\boxed{1,\! 000}$`, true, "1000"},
		{"comma bang groups with spaces", "11111111100", `\boxed{11,\! 111,\! 111,\! 100}`, true, "11111111100"},
		{"comma bang money", `\$32,\!348`, `\boxed{32348}`, true, "32348"},
		{"brace comma", "12000", `\boxed{12{,}000}`, true, "12000"},
		{"bare comma", "1100", `\boxed{1,100}`, true, "1100"},
		{"tuple kept", "(1,100)", `\boxed{(1, 100)}`, true, "(1, 100)"},
		{"interval spacing", "[-36,104]", `\boxed{[-36, 104]}`, true, "[-36, 104]"},
		{"interval spacing reversed", "[-36, 104]", `\boxed{[-36,104]}`, true, "[-36,104]"},
		{"union spacing", `(-\infty,-2)\cup(3,100]`, `\boxed{(-\infty, -2) \cup (3, 100]}`, true, ""},
		{"set spacing", `\{1,100\}`, `\boxed{\{1, 100\}}`, true, ""},
		{"thousands inside a tuple", "(1000, 2)", `\boxed{(1,\!000, 2)}`, true, "(1000, 2)"},
		{"command argument is not a bracket", `\frac{1000}{3}`, `\boxed{\frac{1,000}{3}}`, true, ""},
		// near misses: the inversions the old rule caused
		{"tuple is not a number", "1100", `\boxed{(1,100)}`, false, "(1,100)"},
		{"closed is not half open", "[1,100)", `\boxed{[1,100]}`, false, "[1,100]"},
		{"point is not a number", "-36104", `\boxed{(-36,104)}`, false, "(-36,104)"},
		{"set is not a number", "1100", `\boxed{\{1,100\}}`, false, ""},
		{"list stays a list", "1000", `\boxed{1, 000}`, false, ""},
		{"comma bang still a value", "1, 0", `\boxed{1,\! 000}`, false, "1000"},
	})
}

// Intervals and tuples never lose their comma, and spacing inside them never matters.
func TestPropertyBracketsKeepCommas(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a := rapid.IntRange(-999, 999).Draw(t, "a")
		b := rapid.IntRange(100, 999).Draw(t, "b")
		open := rapid.SampledFrom([]string{"(", "["}).Draw(t, "open")
		cl := rapid.SampledFrom([]string{")", "]"}).Draw(t, "close")
		tight := fmt.Sprintf("%s%d,%d%s", open, a, b, cl)
		spaced := fmt.Sprintf("%s%d, %d%s", open, a, b, cl)
		if c := Clean(tight); !strings.Contains(c, ",") {
			t.Fatalf("Clean(%q) = %q lost its comma", tight, c)
		}
		ctx := context.Background()
		if r, err := Equivalent(ctx, tight, spaced, Options{}); err != nil || !r.Equal {
			t.Fatalf("Equivalent(%q, %q) = %v, %v", tight, spaced, r, err)
		}
		glued := fmt.Sprintf("%d%d", a, b)
		if r, _ := Equivalent(ctx, tight, glued, Options{}); r.Equal {
			t.Fatalf("Equivalent(%q, %q) = true", tight, glued)
		}
		if r, _ := Equivalent(ctx, glued, tight, Options{}); r.Equal {
			t.Fatalf("Equivalent(%q, %q) = true", glued, tight)
		}
	})
}

// A bare number with separators is one number however it is written.
func TestPropertyBareThousands(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1000, 999999999).Draw(t, "n")
		sep := rapid.SampledFrom([]string{",", "{,}", ",\\!", ",\\! ", "\\,", " "}).Draw(t, "sep")
		s := fmt.Sprint(n)
		var groups []string
		for len(s) > 3 {
			groups = append([]string{s[len(s)-3:]}, groups...)
			s = s[:len(s)-3]
		}
		written := strings.Join(append([]string{s}, groups...), sep)
		if c := Clean(written); c != fmt.Sprint(n) {
			t.Fatalf("Clean(%q) = %q, want %d", written, c, n)
		}
	})
}

// A unit in \text{} or \mathrm{} after a number is dropped, whatever spacing comes before it.
func TestClassUnits(t *testing.T) {
	runClass(t, []classCase{
		{"backslash space mathrm", "5", `$\boxed{5\ \mathrm{cm}}$`, true, "5"},
		{"text meters", "10", `$\boxed{10\text{ meters}}$`, true, "10"},
		{"thin space text", "5", `$\boxed{5\,\text{cm}}$`, true, "5"},
		{"tilde mathrm squared", "12", `$\boxed{12~\mathrm{m}^2}$`, true, "12"},
		{"mbox units", "15", `$\boxed{15\mbox{ cm}^2}$`, true, "15"},
		{"reference with unit", `\frac{270}7\text{ degrees}`, `$\boxed{\frac{270}{7}}$`, true, `\frac{270}{7}`},
		{"decimal cents", `5.4 \text{ cents}`, `$\boxed{5.4}$`, true, "5.4"},
		{"text answer after a copula", `\text{Evelyn}`, "Final Answer: The answer is not $\\text{Briana}$, it is $\\text{Evelyn}$.", true, `\text{Evelyn}`},
		{"a word after a list separator is an answer", "9, Evelyn", "The answer is $9$ or $\\text{Evelyn}$.", true, `9, \text{Evelyn}`},
		{"a word after a comma is an answer", `-9, \text{even}`, `\boxed{-9, \text{even}}`, true, `-9, \text{even}`},
		// near misses
		{"wrong number with unit", "5", `$\boxed{6\ \mathrm{cm}}$`, false, "6"},
		{"unit does not round", "5.4", `$\boxed{5\text{ cents}}$`, false, "5"},
		{"row break is not a space", `\begin{pmatrix} 1 \\ 2 \end{pmatrix}`, `$\boxed{\begin{pmatrix} 1 \\ 2 \end{pmatrix}}$`, true, ""},
	})
}
