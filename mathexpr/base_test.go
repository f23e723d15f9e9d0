package mathexpr

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

func TestBaseNumerals(t *testing.T) {
	runEq(t, []eqCase{
		{"same", `52_8`, `52_8`, true},
		{"braced base", `52_8`, `52_{8}`, true},
		{"implied base", `52_8`, `52`, true},
		{"braced reference", `4210_{5}`, `4210_5`, true},
		{"wrong digits", `52_8`, `53_8`, false},
		{"wrong digits unsubscripted", `4210_{5}`, `4211`, false},
		{"decimal value is another answer", `52_8`, `42`, false},
		{"value in base ten", `52_8`, `42_{10}`, false},
		{"other base", `52_8`, `52_9`, false},
		{"digit not in base", `1011_2`, `1012`, false},
		{"an expression is not a numeral", `52_8`, `50+2`, false},
		{"parenthesized base", `1011_{(2)}`, `1011_2`, true},
		{"leading zero", `52_8`, `052_8`, true},
		{"hex", `A3_{16}`, `a3_{16}`, true},
		{"hex wrong", `A3_{16}`, `A4_{16}`, false},
		{"hex letters only", `FF_{16}`, `FF`, true},
		{"boxed", `4210_{5}`, `\boxed{4210_{5}}`, true},
		{"text wrapped", `52_8`, `\text{52}_8`, true},
		{"a subscripted variable is not a numeral", `x_1`, `x_1`, true},
		{"Fibonacci stays an expression", `F_{20}`, `F_{20}`, true},
	}, Options{})
}

// TestPropBaseNumerals: a random number written in a random base equals itself with or without
// the subscript; its neighbour and its decimal spelling (when different) never do.
func TestPropBaseNumerals(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		base := rapid.IntRange(2, 16).Draw(t, "base")
		n := rapid.Int64Range(1, 1<<20).Draw(t, "n")
		digits := strings.ToUpper(strconv.FormatInt(n, base))
		if !strings.ContainsAny(digits, "0123456789") {
			return
		}
		ref := fmt.Sprintf("%s_{%d}", digits, base)
		for _, c := range []string{ref, digits, fmt.Sprintf("%s_%d", digits, base)} {
			if !eq(t, ref, c) {
				t.Fatalf("%q should equal %q", ref, c)
			}
		}
		near := strings.ToUpper(strconv.FormatInt(n+1, base))
		if eq(t, ref, near) {
			t.Fatalf("%q should not equal %q", ref, near)
		}
		if dec := strconv.FormatInt(n, 10); dec != digits && eq(t, ref, dec) {
			t.Fatalf("%q should not equal its decimal value %q", ref, dec)
		}
	})
}
