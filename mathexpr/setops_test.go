package mathexpr

import (
	"context"
	"fmt"
	"testing"

	"pgregory.net/rapid"
)

func TestSetOperations(t *testing.T) {
	runEq(t, []eqCase{
		{"reals minus a point", `(-\infty,0)\cup(0,\infty)`, `\mathbb{R}\setminus\{0\}`, true},
		{"reals minus a point reversed", `\mathbb{R}\setminus\{0\}`, `(-\infty,0)\cup(0,\infty)`, true},
		{"reals minus another point", `(-\infty,0)\cup(0,\infty)`, `\mathbb{R}\setminus\{1\}`, false},
		{"reals minus nothing is not the punctured line", `(-\infty,0)\cup(0,\infty)`, `\mathbb{R}`, false},
		{"backslash", `(-\infty,2)\cup(2,\infty)`, `\mathbb{R} \backslash \{2\}`, true},
		{"minus two points", `(-\infty,-1)\cup(-1,1)\cup(1,\infty)`, `\mathbb{R}\setminus\{-1, 1\}`, true},
		{"minus two points near miss", `(-\infty,-1)\cup(-1,1)\cup(1,\infty)`, `\mathbb{R}\setminus\{1\}`, false},
		{"touching union merges", `[1,3]`, `[1,2]\cup[2,3]`, true},
		{"open touching union does not merge", `[1,3]`, `[1,2)\cup(2,3]`, false},
		{"half-open touching union merges", `[1,3]`, `[1,2)\cup[2,3]`, true},
		{"overlapping union", `(0,5)`, `(0,3)\cup(2,5)`, true},
		{"union order", `(2,5)\cup(-1,0)`, `(-1,0)\cup(2,5)`, true},
		{"intersection", `[2,3]`, `[1,3]\cap[2,5]`, true},
		{"intersection open end", `[2,3)`, `[1,3)\cap[2,5]`, true},
		{"intersection near miss", `[2,3]`, `[1,3)\cap[2,5]`, false},
		{"intersection is empty", `\emptyset`, `[0,1]\cap[2,3]`, true},
		{"intersection at a point", `\{1\}`, `[0,1]\cap[1,2]`, true},
		{"difference", `[0,1)`, `[0,2]\setminus[1,2]`, true},
		{"difference near miss", `[0,1]`, `[0,2]\setminus[1,2]`, false},
		{"interval and a point", `(-\infty,0)\cup\{1\}`, `\{1\}\cup(-\infty,0)`, true},
		{"interval and a point near miss", `(-\infty,0)\cup\{1\}`, `(-\infty,0)\cup\{2\}`, false},
		{"finite intersection", `\{2,3\}`, `\{1,2,3\}\cap\{2,3,4\}`, true},
		{"finite difference", `\{1\}`, `\{1,2,3\}\setminus\{2,3,4\}`, true},
		{"finite difference near miss", `\{1, 4\}`, `\{1,2,3\}\setminus\{2,3,4\}`, false},
		{"irrational ends", `[-\sqrt{2},\sqrt{2}]`, `[-\sqrt{2},0]\cup[0,\sqrt{2}]`, true},
		{"irrational ends near miss", `[-\sqrt{2},\sqrt{2}]`, `[-\sqrt{2},0]\cup[0,\sqrt{3}]`, false},
		{"a tiny gap is not closed", `[0,2]`, `[0,1]\cup[1.0000000000001,2]`, false},
		{"a tiny gap is not closed either way", `[0,1]\cup[1.0000000000001,2]`, `[0,2]`, false},
		{"equal ends written differently merge", `[0,2]`, `[0,\sqrt{2}^2/2]\cup[1,2]`, true},
		{"decimal end stays strict", `[0,\frac{1}{3}]`, `[0,0.3333]`, false},
		{"abs chain", `[-\frac{3}{2},-1]\cup[1,\frac{3}{2}]`, `1\leq|z|\leq \frac{3}{2}`, true},
		{"abs chain near miss", `[-\frac{3}{2},-1)\cup(1,\frac{3}{2}]`, `1\leq|z|\leq \frac{3}{2}`, false},
		{"abs chain as a union of halves", `(-3,-1)\cup(1,3)`, `1<|x|<3`, true},
		{"not equal", `\mathbb{R}\setminus\{0\}`, `x \neq 0`, true},
		{"not equal elsewhere", `\mathbb{R}\setminus\{0\}`, `x \neq 1`, false},
		{"not equal isolated", `(-\infty,2)\cup(2,\infty)`, `2x \ne 4`, true},
		{"and is both", `(-1,2)`, `x > -1 \text{ and } x < 2`, true},
		{"and is not the union", `\mathbb{R}`, `x > -1 \text{ and } x < 2`, false},
		{"and in words", `[0,1)`, `x \ge 0 and x < 1`, true},
		{"and near miss", `[0,1]`, `x \ge 0 and x < 1`, false},
		{"and with wedge", `(0,1)`, `x > 0 \wedge x < 1`, true},
		{"and across variables is no interval", `(0,\infty)`, `x > 0 \text{ and } y > 0`, false},
		{"and between solutions stays a list", `\{1, 2\}`, `x = 1 \text{ and } x = 2`, true},
		{"and between intervals is pieces", `(-\infty,-1)\cup(2,\infty)`, `(-\infty,-1) \text{ and } (2,\infty)`, true},
		{"comma between overlapping pieces is not all reals", `\mathbb{R}`, `x > -1, x < 2`, false},
		{"comma between overlapping pieces is not their meet", `(-1,2)`, `x > -1, x < 2`, false},
		{"comma between disjoint pieces is the union", `(-\infty,-1)\cup(2,\infty)`, `x < -1, x > 2`, true},
		{"or between overlapping pieces is the union", `\mathbb{R}`, `x > -1 \text{ or } x < 2`, true},
		{"or is the union", `(-\infty,-1)\cup(2,\infty)`, `x < -1 \text{ or } x > 2`, true},
		{"x in a difference", `(-\infty,0)\cup(0,\infty)`, `x \in \mathbb{R}\setminus\{0\}`, true},
	}, Options{})
}

// TestPropSetAlgebra: for random intervals, A ∪ B, A ∩ B and A \setminus B agree with the
// membership of sample points, and a union agrees with the same union in the other order.
func TestPropSetAlgebra(t *testing.T) {
	type iv struct {
		lo, hi         int
		loOpen, hiOpen bool
	}
	draw := func(t *rapid.T, name string) iv {
		lo := rapid.IntRange(-6, 6).Draw(t, name+"lo")
		return iv{lo, lo + rapid.IntRange(0, 6).Draw(t, name+"w"), rapid.Bool().Draw(t, name+"lo("), rapid.Bool().Draw(t, name+"hi)")}
	}
	tex := func(a iv) string {
		if a.lo == a.hi {
			return fmt.Sprintf(`\{%d\}`, a.lo)
		}
		l, r := "[", "]"
		if a.loOpen {
			l = "("
		}
		if a.hiOpen {
			r = ")"
		}
		return fmt.Sprintf("%s%d, %d%s", l, a.lo, a.hi, r)
	}
	in := func(a iv, x float64) bool {
		if a.lo == a.hi {
			return x == float64(a.lo)
		}
		return (x > float64(a.lo) || !a.loOpen && x == float64(a.lo)) && (x < float64(a.hi) || !a.hiOpen && x == float64(a.hi))
	}
	rapid.Check(t, func(t *rapid.T) {
		a, c := draw(t, "a"), draw(t, "b")
		b := newBudget(nil, DefaultTimeout)
		for _, op := range []string{`\cup`, `\cap`, `\setminus`} {
			e, err := Parse(tex(a) + op + tex(c))
			if err != nil {
				t.Fatalf("parse %s: %v", tex(a)+op+tex(c), err)
			}
			ce, err := canon(e)
			if err != nil {
				t.Fatal(err)
			}
			ss, ok := toSpans(ce, b)
			if !ok && !(ce.Kind == KSet && len(ce.Args) == 0) {
				t.Fatalf("%s gave %s, not a set of reals", tex(a)+op+tex(c), ce)
			}
			for x := -7.0; x <= 13; x += 0.5 {
				want := in(a, x) || in(c, x)
				switch op {
				case `\cap`:
					want = in(a, x) && in(c, x)
				case `\setminus`:
					want = in(a, x) && !in(c, x)
				}
				got := false
				for _, s := range ss {
					if (x > s.flo || !s.loOpen && x == s.flo) && (x < s.fhi || !s.hiOpen && x == s.fhi) {
						got = true
					}
				}
				if got != want {
					t.Fatalf("%s = %s: %v in it is %v, want %v", tex(a)+op+tex(c), ce, x, got, want)
				}
			}
		}
		if !eq(t, tex(a)+`\cup`+tex(c), tex(c)+`\cup`+tex(a)) {
			t.Fatalf("union should commute: %s, %s", tex(a), tex(c))
		}
	})
}

// TestSetOpString: a set operation prints with brackets where reading left to right would
// change it, and reads back as the same set.
func TestSetOpString(t *testing.T) {
	for _, s := range []string{`[0,5]\cap([1,2]\cup[3,4])`, `([0,5]\cap[1,2])\cup[3,4]`, `\mathbb{R}\setminus(\{0\}\cup\{1\})`} {
		e, err := Parse(s)
		if err != nil {
			t.Fatalf("Parse(%q): %v", s, err)
		}
		out := e.String()
		res, err := Equivalent(context.Background(), s, out, Options{})
		if err != nil || !res.Equal {
			t.Errorf("%q printed as %q, not the same set (%s, %v)", s, out, res.Reason, err)
		}
	}
	a, _ := Equivalent(context.Background(), `[0,5]\cap([1,2]\cup[3,4])`, `([0,5]\cap[1,2])\cup[3,4]`, Options{})
	if !a.Equal {
		t.Errorf("both groupings are [1,2] ∪ [3,4] here")
	}
	b, _ := Equivalent(context.Background(), `[0,3]\cap([1,2]\cup[3,4])`, `([0,3]\cap[1,2])\cup[3,4]`, Options{})
	if b.Equal {
		t.Errorf("grouping matters: [1,2] ∪ {3} is not [1,2] ∪ [3,4]")
	}
}
