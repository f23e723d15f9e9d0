package mathexpr

import (
	"fmt"
	"testing"

	"pgregory.net/rapid"
)

func TestLinearInequalities(t *testing.T) {
	runEq(t, []eqCase{
		{"negated", `x < 1`, `-x > -1`, true},
		{"negated closed", `x \le 1`, `-x \ge -1`, true},
		{"negated wrong direction", `x < 1`, `-x < -1`, false},
		{"negated closed vs open", `x < 1`, `-x \ge -1`, false},
		{"scaled", `x \ge 2`, `2x + 1 \ge 5`, true},
		{"scaled near miss", `x \ge 2`, `2x + 1 \ge 6`, false},
		{"negative factor flips", `(-\infty, -2]`, `-3x \ge 6`, true},
		{"negative factor not flipped", `[-2, \infty)`, `-3x \ge 6`, false},
		{"divided", `x > 6`, `\frac{x}{3} > 2`, true},
		{"divided by a negative", `x < -6`, `\frac{x}{-3} > 2`, true},
		{"variable on the right", `x < 4`, `8 > 2x`, true},
		{"irrational bound", `x > \sqrt{2}`, `-x < -\sqrt{2}`, true},
		{"irrational bound near miss", `x > \sqrt{2}`, `-x < -\sqrt{3}`, false},
		{"interval reference", `(-\infty, 1)`, `-x > -1`, true},
		{"chain", `(-2, 3]`, `-2 < x \le 3`, true},
		{"chain open closed swapped", `(-2, 3]`, `-2 \le x < 3`, false},
		{"chain transformed", `(-1, 2]`, `-2 < 2x \le 4`, true},
		{"chain negated", `[-2, 3)`, `-3 < -x \le 2`, true},
		{"chain negated near miss", `(-2, 3]`, `-3 < -x \le 2`, false},
		{"descending chain", `(-2, 3]`, `3 \ge x > -2`, true},
		{"not one half-line", `x > \frac{1}{2}`, `\frac{1}{x} < 2`, false},
		{"two variables stay an inequality", `x < y`, `-x > -y`, true},
		{"union with or", `(-\infty,-1)\cup(2,\infty)`, `x<-1 \text{ or } x>2`, true},
		{"union with or near miss", `(-\infty,-1)\cup(2,\infty)`, `x<-1 \text{ or } x\ge 2`, false},
		{"union with or negated", `(-\infty,-1)\cup(2,\infty)`, `-x>1 \text{ or } x>2`, true},
	}, Options{})
}

func TestEquationAnswers(t *testing.T) {
	runEq(t, []eqCase{
		{"sum of names", `12`, `a+b=12`, true},
		{"sum of names wrong", `12`, `a+b=13`, false},
		{"coefficient is not a name", `12`, `2x=12`, false},
		{"constant term is not a name", `12`, `x+1=12`, false},
		{"restated equation is not a value", `4`, `x^2=4`, false},
		{"sine of a name", `\frac{1}{2}`, `\sin A = \frac{1}{2}`, true},
		{"abs of a segment", `1`, `|AB| = 1`, true},
		{"abs reference", `|AB|=1`, `1`, true},
		{"abs reference wrong", `|AB|=1`, `2`, false},
		{"ratio reference", `A:B=1`, `1`, true},
		{"ratio value", `V_1:V_2=11:21`, `11:21`, true},
		{"ratio value wrong", `V_1:V_2=11:21`, `21:11`, false},
		{"fraction of names", `\frac{NO}{BO}=\frac{1}{\sqrt{6}}`, `\frac{\sqrt{6}}{6}`, true},
		{"line reference is not its constant", `x+y=1`, `1`, false},
		{"line against line", `x+y=1`, `y=1-x`, true},
		{"worked chain", `11`, `x = 5+5+1 = 11`, true},
		{"worked chain wrong end", `11`, `x = 5+5+1 = 12`, false},
		{"chain against binding", `x = 11`, `x = 5+5+1 = 7 = 11`, true},
		{"approximation dropped", `\frac{1}{3}`, `x=\frac{1}{3}\approx 0.33`, true},
		{"approximation only", `3.2`, `x \approx 3.2`, true},
		{"exact part is what counts", `0.33`, `x=\frac{1}{3}\approx 0.33`, false},
		{"equations both sides", `z = 1 + 1 = 2`, `z = 3 + 3 = 2`, true},
		{"binding groups", `p=5,q=2;p=7,q=2`, `(5,2),(7,2)`, true},
		{"binding groups any order", `p=5,q=2;p=7,q=2`, `(7,2),(5,2)`, true},
		{"binding groups swapped pair", `p=5,q=2;p=7,q=2`, `(2,5),(7,2)`, false},
		{"binding groups missing one", `p=5,q=2;p=7,q=2`, `(5,2)`, false},
		{"binding groups both sides", `x=1,y=2,x=3,y=4`, `x=3,y=4,x=1,y=2`, true},
		{"binding groups near miss", `x=1,y=2,x=3,y=4`, `x=1,y=4,x=3,y=2`, false},
	}, Options{})
}

// TestPropIntervalForms: for random rational ends, an interval, the inequality chain, its
// negated and scaled forms, and the or-union of the complement's half-lines all agree, and
// moving an end or flipping a bracket never does.
func TestPropIntervalForms(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a := rapid.IntRange(-50, 50).Draw(t, "a")
		b := a + rapid.IntRange(1, 50).Draw(t, "width")
		k := rapid.IntRange(1, 9).Draw(t, "k")
		lo, hi := rapid.Bool().Draw(t, "loOpen"), rapid.Bool().Draw(t, "hiOpen")
		br := func(open bool, o, c string) string {
			if open {
				return o
			}
			return c
		}
		lt := func(open bool) string { return br(open, "<", `\le`) }
		gt := func(open bool) string { return br(open, ">", `\ge`) }
		iv := fmt.Sprintf("%s%d, %d%s", br(lo, "(", "["), a, b, br(hi, ")", "]"))
		forms := []string{
			fmt.Sprintf(`%d %s x %s %d`, a, lt(lo), lt(hi), b),
			fmt.Sprintf(`%d %s -x %s %d`, -b, lt(hi), lt(lo), -a),
			fmt.Sprintf(`%d %s %dx %s %d`, k*a, lt(lo), k, lt(hi), k*b),
			fmt.Sprintf(`%d %s x %s %d`, b, gt(hi), gt(lo), a),
			fmt.Sprintf(`x %s %d \text{ and } x %s %d`, gt(lo), a, lt(hi), b),
			fmt.Sprintf(`-x %s %d \text{ and } %d %s x`, lt(lo), -a, b, gt(hi)),
		}
		for _, f := range forms {
			if !eq(t, iv, f) {
				t.Fatalf("%q should equal %q", iv, f)
			}
		}
		wrong := fmt.Sprintf("%s%d, %d%s", br(!lo, "(", "["), a, b, br(hi, ")", "]"))
		if eq(t, wrong, forms[1]) {
			t.Fatalf("%q should not equal %q", wrong, forms[1])
		}
		// the complement as an or of half-lines against the union of intervals
		union := fmt.Sprintf(`(-\infty, %d%s \cup %s%d, \infty)`, a, br(lo, "]", ")"), br(hi, "[", "("), b)
		ors := fmt.Sprintf(`x %s %d \text{ or } -x %s %d`, lt(!lo), a, lt(!hi), -b)
		if !eq(t, union, ors) {
			t.Fatalf("%q should equal %q", union, ors)
		}
	})
}

// TestPropLinearInequality: k·x + m op c, for random k ≠ 0 (either sign), equals the half-line
// the test computes with exact fractions, and not the one with the inequality left unflipped
// when k < 0.
func TestPropLinearInequality(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		k := rapid.IntRange(-9, 9).Filter(func(k int) bool { return k != 0 }).Draw(t, "k")
		m := rapid.IntRange(-20, 20).Draw(t, "m")
		c := rapid.IntRange(-20, 20).Draw(t, "c")
		ops := []string{"<", `\le`, ">", `\ge`}
		op := ops[rapid.IntRange(0, 3).Draw(t, "op")]
		rel := fmt.Sprintf(`%dx + %d %s %d`, k, m, op, c)
		bound := fmt.Sprintf(`\frac{%d}{%d}`, c-m, k)
		less := op == "<" || op == `\le`
		open := op == "<" || op == ">"
		if k < 0 {
			less = !less
		}
		iv := func(less bool) string {
			if less {
				return fmt.Sprintf(`(-\infty, %s%s`, bound, map[bool]string{true: ")", false: "]"}[open])
			}
			return fmt.Sprintf(`%s%s, \infty)`, map[bool]string{true: "(", false: "["}[open], bound)
		}
		if !eq(t, iv(less), rel) {
			t.Fatalf("%q should equal %q", iv(less), rel)
		}
		if eq(t, iv(!less), rel) {
			t.Fatalf("%q should not equal %q", iv(!less), rel)
		}
	})
}
