package mathexpr

import "testing"

// A numeral in a base is compared by its digits and base; a wrong one scores 0, not
// "reference does not parse".
func TestClassBaseNumerals(t *testing.T) {
	runClass(t, []classCase{
		{"same", "52_8", `\boxed{52_8}`, true, "52_8"},
		{"braced base", "4210_{5}", `\boxed{4210_5}`, true, ""},
		{"braced candidate", "2516_8", `\boxed{2516_{8}}`, true, ""},
		{"leading zero", "52_8", `\boxed{052_{8}}`, true, ""},
		// near misses: all decided, all 0
		{"wrong digits", "52_8", `\boxed{53_8}`, false, ""},
		{"decimal value", "52_8", `\boxed{42}`, false, ""},
		{"digits without base", "52_8", `\boxed{52}`, false, ""},
		{"other base", "52_8", `\boxed{52_9}`, false, ""},
		{"digit not in base", "52_8", `\boxed{59_8}`, false, ""},
	})
}
