package mathexpr

import (
	"fmt"
	"testing"

	"pgregory.net/rapid"
)

// TestHedgeWithWord: a list element made only of words is an element, so a hedge between a
// value and a word never equals the value; a unit or an introduction next to a value stays
// optional.
func TestHedgeWithWord(t *testing.T) {
	runEq(t, []eqCase{
		{"word second", `9`, `9, \text{Evelyn}`, false},
		{"word joined by or", `9`, `9 or Evelyn`, false},
		{"text or", `9`, `9 \text{ or } \text{Evelyn}`, false},
		{"word first", `9`, `\text{Evelyn}, 9`, false},
		{"word first or", `9`, `Evelyn or 9`, false},
		{"negative with parity word", `-9`, `-9, \text{even}`, false},
		{"shape word", `4`, `4, \text{ellipse}`, false},
		{"pm with direction", `1 \pm \sqrt{19}`, `1 \pm \sqrt{19}, \text{east}`, false},
		{"word and", `23`, `23 \text{ and } \text{Navin}`, false},
		{"yes or no", `5`, `5 or no`, false},
		{"in a set", `\{9\}`, `\{9, \text{Evelyn}\}`, false},
		{"word reference wants the word", `\text{Evelyn}`, `9, \text{Evelyn}`, false},
		// positives: the same hedge as reference, units and introductions
		{"same hedge any order", `9, \text{Evelyn}`, `\text{Evelyn} or 9`, true},
		{"unit after value", `15`, `15 \text{ cm}`, true},
		{"unit mathrm", `5`, `5\ \mathrm{cm}`, true},
		{"unit words", `12`, `12 \text{ square meters}`, true},
		{"units in list", `3, 4`, `3 \text{ cm}, 4 \text{ cm}`, true},
		{"introduction", `4`, `Therefore, x = 4`, true},
		{"introduction thus", `4`, `Thus, 4`, true},
		{"separators repeated", `1, 2`, `x = 1, or x = 2`, true},
		{"words then value", `12`, `\text{the total is } 12`, true},
	}, Options{})
}

// TestPropHedgeWithWord: whatever the value and the word, a hedge between them never equals
// the value, while the value with a unit after it does.
func TestPropHedgeWithWord(t *testing.T) {
	words := []string{"Evelyn", "even", "odd", "east", "ellipse", "Navin", "Tuesday", "circle"}
	rapid.Check(t, func(t *rapid.T) {
		v := rapid.IntRange(-500, 500).Draw(t, "v")
		w := rapid.SampledFrom(words).Draw(t, "w")
		ref := fmt.Sprint(v)
		forms := []string{
			fmt.Sprintf(`%d, \text{%s}`, v, w), fmt.Sprintf(`%d or %s`, v, w),
			fmt.Sprintf(`\text{%s}, %d`, w, v), fmt.Sprintf(`%d \text{ or } %s`, v, w),
		}
		for _, f := range forms {
			if eq(t, ref, f) {
				t.Fatalf("%q should not equal the hedge %q", ref, f)
			}
		}
		if u := fmt.Sprintf(`%d \text{ cm}`, v); !eq(t, ref, u) {
			t.Fatalf("%q should equal %q", ref, u)
		}
	})
}

// TestNegatedAnswer: an answer that denies a value never equals it.
func TestNegatedAnswer(t *testing.T) {
	runEq(t, []eqCase{
		{"not", `4`, `not 4`, false},
		{"text not", `4`, `\text{not } 4`, false},
		{"boxed text not", `4`, `\boxed{\text{not } 4}`, false},
		{"never", `4`, `never 4`, false},
		{"is not the answer", `4`, `4 \text{ is not the answer}`, false},
		{"plain is not", `4`, `4 is not it`, false},
		{"not in", `1`, `x \notin 1`, false},
		{"not a word answer", `even`, `not even`, false},
		{"not yes", `yes`, `not yes`, false},
		// positives: \not= is "not equal", upper-case NOT names points, words that are answers
		{"not equal", `(-\infty,3)\cup(3,\infty)`, `x \not= 3`, true},
		{"not equal is ne", `x \ne 3`, `x \not= 3`, true},
		{"never as the answer", `never`, `\text{Never}`, true},
		{"unit still optional", `4`, `4 \text{ cm}`, true},
	}, Options{})
}

// TestFactorialBeforeEquals: "!" written right after a number or a closing bracket is a
// factorial even with "=" after it; after a letter or a space "!=" is "not equal".
func TestFactorialBeforeEquals(t *testing.T) {
	runEq(t, []eqCase{
		{"factorial equals", `120`, `5!=120`, true},
		{"factorial chain", `28800`, `2\cdot5!\cdot5!=2\cdot120\cdot120=28800`, true},
		{"bracket factorial", `24`, `(1+3)!=24`, true},
		{"factorial is not its argument", `5`, `5!=120`, false},
		{"wrong value", `121`, `5!=120`, false},
		{"not equal spaced", `3`, `x != 3`, false},
		{"not equal after letter", `3`, `x!=3`, false},
		{"not equal ne", `3`, `x \ne 3`, false},
		{"not equal is an interval", `(-\infty,3)\cup(3,\infty)`, `x != 3`, true},
		{"not equal plain", `(-\infty,3)\cup(3,\infty)`, `x!=3`, true},
	}, Options{})
	// extraction's chain cut splits at a factorial's "=" too, and not at "!="
	for _, c := range []struct{ resp, want string }{
		{`The number of ways is $2\cdot5!\cdot5!=2\cdot120\cdot120=28800$.`, "28800"},
		{`The count is $4!\cdot 2!=24\cdot 2=48$.`, "48"},
		{`so the condition is $x != 3$.`, "x != 3"},
	} {
		if got, _, _ := Extract(c.resp); got != c.want {
			t.Errorf("Extract(%q) = %q, want %q", c.resp, got, c.want)
		}
	}
}

// TestNamedEquationCandidate: a candidate equation that names the asked quantity on the left
// answers its right side; one with a coefficient answers the value it leaves for the name;
// an equation with the variable on both sides or under a power answers nothing.
func TestNamedEquationCandidate(t *testing.T) {
	runEq(t, []eqCase{
		{"sum of three", `20`, `a + b + c = 20`, true},
		{"sum of two", `29`, `m+n=29`, true},
		{"sum negative", `-1`, `a+b=-1`, true},
		{"sum of evaluations", `5`, `f(1) + f(2) = 5`, true},
		{"evaluation", `-2`, `f(0)=-2`, true},
		{"evaluation g", `\frac{1}{2}`, `g(-1) = \frac{1}{2}`, true},
		{"modulus", `\frac{5}{13}`, `|w| = \frac{5}{13}`, true},
		{"coefficient", `\sqrt{5}`, `2c = 2\sqrt{5}`, true},
		{"coefficient divided", `6`, `\frac{x}{2} = 3`, true},
		{"coefficient fraction", `6`, `\frac{1}{2}x = 3`, true},
		{"negated name", `-3`, `-x = 3`, true},
		{"coefficient as equation", `c = \sqrt{5}`, `2c = 2\sqrt{5}`, true},
		// near misses
		{"coefficient is not the value of 2c", `2\sqrt{5}`, `2c = 2\sqrt{5}`, false},
		{"coefficient not the rhs", `12`, `2x = 12`, false},
		{"negated name not the rhs", `3`, `-x = 3`, false},
		{"zero coefficient", `0`, `0x = 3`, false},
		{"repeated name", `20`, `a + a = 20`, false},
		{"repeated name halved", `10`, `a + a = 20`, false},
		{"shifted", `12`, `x + 1 = 12`, false},
		{"shifted solved", `11`, `x + 1 = 12`, false},
		{"power", `4`, `x^2 = 4`, false},
		{"power root", `2`, `x^2 = 4`, false},
		{"coefficient on power", `6`, `2x^2 = 12`, false},
		{"both sides", `4`, `2x = x + 4`, false},
		{"both sides lone", `4`, `x = 2x - 4`, false},
		{"evaluation is not its argument", `0`, `f(0)=-2`, false},
		{"evaluation wrong value", `2`, `f(0)=-2`, false},
		{"reference equation keeps coefficient", `2x = 12`, `6`, false},
	}, Options{})
}

// TestPropCoefficient: k·x = v answers v/k and never v itself (k ≠ ±1).
func TestPropCoefficient(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		k := rapid.IntRange(2, 40).Draw(t, "k")
		if rapid.Bool().Draw(t, "neg") {
			k = -k
		}
		v := rapid.IntRange(-300, 300).Filter(func(v int) bool { return v != 0 }).Draw(t, "v")
		cand := fmt.Sprintf("%dx = %d", k, v)
		if !eq(t, fmt.Sprintf(`\frac{%d}{%d}`, v, k), cand) {
			t.Fatalf("%q should answer %d/%d", cand, v, k)
		}
		if eq(t, fmt.Sprint(v), cand) {
			t.Fatalf("%q should not answer %d", cand, v)
		}
		if sq := fmt.Sprintf("%dx^2 = %d", k, v); eq(t, fmt.Sprintf(`\frac{%d}{%d}`, v, k), sq) {
			t.Fatalf("%q should answer nothing", sq)
		}
	})
}

// TestPropNegated: whatever the value, a denial of it never equals it.
func TestPropNegated(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		v := rapid.IntRange(-1000, 1000).Draw(t, "v")
		ref := fmt.Sprint(v)
		for _, f := range []string{"not %d", `\text{not } %d`, `%d \text{ is not the answer}`, "never %d", `\boxed{\text{not } %d}`} {
			if c := fmt.Sprintf(f, v); eq(t, ref, c) {
				t.Fatalf("%q should not equal the denial %q", ref, c)
			}
		}
	})
}

// TestUnitAfterValueInResponse: through extraction, a unit after the value (even one the
// parser cannot read, "M&M's") stays optional.
func TestUnitAfterValueInResponse(t *testing.T) {
	for _, c := range []struct{ ref, resp string }{
		{"762", "So she has 762 M&M's."}, {"15", "The side is $15 \\text{ cm}$."}, {"5", "Thus $5\\ \\mathrm{cm}$."},
	} {
		if got, err := grade(c.ref, c.resp); err != nil || !got.Equal {
			t.Errorf("%q against %q: %v (%s), %v", c.resp, c.ref, got.Equal, got.Reason, err)
		}
	}
}

// TestSoIsAWord: "so" opening a short answer line is a word, not the product s·o.
func TestSoIsAWord(t *testing.T) {
	runEq(t, []eqCase{
		{"so binding", `3`, `so x = 3`, true},
		{"so factorial", `120`, `So 5!=120`, true},
		{"so comma", `4`, `So, 4`, true},
		{"so wrong", `4`, `so x = 3`, false},
		{"upper case names points", `3`, `SO = 4`, false},
	}, Options{})
}
