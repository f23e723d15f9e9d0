package mathexpr

import (
	"context"
	"fmt"
	"math/big"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

func eq(t *rapid.T, a, b string) bool {
	r, err := Equivalent(context.Background(), a, b, Options{})
	if err != nil {
		t.Fatalf("Equivalent(%q, %q): %v", a, b, err)
	}
	return r.Equal
}

// TestPropRationals: every spelling of a rational equals it; a neighbour never does.
func TestPropRationals(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := rapid.Int64Range(-5000, 5000).Draw(t, "p")
		q := rapid.Int64Range(1, 400).Draw(t, "q")
		r := big.NewRat(p, q)
		ref := ratTeX(r)
		forms := []string{fmt.Sprintf(`\frac{%d}{%d}`, p, q), fmt.Sprintf("%d/%d", p, q), fmt.Sprintf(`\dfrac{%d}{%d}`, 3*p, 3*q)}
		if s, ok := decimalString(r); ok {
			forms = append(forms, s)
			if strings.Contains(s, ".") {
				forms = append(forms, s+"0")
			}
		}
		for _, f := range forms {
			if !eq(t, ref, f) {
				t.Fatalf("%q should equal %q", ref, f)
			}
		}
		near := new(big.Rat).Add(r, big.NewRat(1, 1000))
		if eq(t, ref, ratTeX(near)) {
			t.Fatalf("%q should not equal %q", ref, ratTeX(near))
		}
		if s, ok := decimalString(r); !ok {
			f, _ := r.Float64()
			if eq(t, ref, fmt.Sprintf("%.6f", f)) {
				t.Fatalf("%q should not equal the rounded %.6f", ref, f)
			}
		} else if strings.Contains(s, ".") && eq(t, ref, s+"1") {
			t.Fatalf("%q should not equal %q", ref, s+"1")
		}
	})
}

// TestPropSets: a set equals any permutation of itself, not a set with one element changed.
func TestPropSets(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		xs := rapid.SliceOfNDistinct(rapid.IntRange(-50, 50), 1, 6, rapid.ID[int]).Draw(t, "xs")
		perm := rapid.Permutation(xs).Draw(t, "perm")
		join := func(v []int) string {
			s := make([]string, len(v))
			for i, x := range v {
				s[i] = fmt.Sprint(x)
			}
			return strings.Join(s, ", ")
		}
		ref := `\{` + join(xs) + `\}`
		if !eq(t, ref, join(perm)) {
			t.Fatalf("%q should equal %q", ref, join(perm))
		}
		changed := append([]int(nil), perm...)
		changed[0] += 101
		if eq(t, ref, join(changed)) {
			t.Fatalf("%q should not equal %q", ref, join(changed))
		}
	})
}

// TestPropPolynomials: expanded and factored forms of a(x-r)(x-s) agree; a changed constant
// term does not.
func TestPropPolynomials(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a := rapid.IntRange(1, 9).Draw(t, "a")
		r := rapid.IntRange(-9, 9).Draw(t, "r")
		s := rapid.IntRange(-9, 9).Draw(t, "s")
		fact := fmt.Sprintf("%d(x-(%d))(x-(%d))", a, r, s)
		exp := fmt.Sprintf("%dx^2 + (%d)x + (%d)", a, -a*(r+s), a*r*s)
		if !eq(t, fact, exp) {
			t.Fatalf("%q should equal %q", fact, exp)
		}
		bad := fmt.Sprintf("%dx^2 + (%d)x + (%d)", a, -a*(r+s), a*r*s+1)
		if eq(t, fact, bad) {
			t.Fatalf("%q should not equal %q", fact, bad)
		}
		ref, ok, why := Solve(fmt.Sprintf("Solve %s = 0", exp))
		if !ok {
			t.Fatalf("Solve(%s = 0): %s", exp, why)
		}
		want := fmt.Sprintf("%d, %d", r, s)
		if !eq(t, want, ref) {
			t.Fatalf("Solve(%s = 0) = %q, want %q", exp, ref, want)
		}
	})
}
