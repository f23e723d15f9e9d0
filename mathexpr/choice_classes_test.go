package mathexpr

import "testing"

// Multiple choice: one option, named once; hedging or decorating the letter scores 0.
func TestClassMultipleChoice(t *testing.T) {
	runClass(t, []classCase{
		{"parenthesized", `\text{(C)}`, `\boxed{(C)}`, true, "(C)"},
		{"bare letter", `\text{(C)}`, `The answer is C.`, true, "C"},
		{"letter with value", `\text{(C)}`, `The answer is (C) 12.`, true, "(C) 12"},
		{"bold with value", `\text{(C)}`, `\boxed{\textbf{(C) }12}`, true, ""},
		{"option word", `(C)`, `Option C`, true, ""},
		// near misses: hedges and decorations
		{"two options comma", `\text{(C)}`, `\boxed{(C), (D)}`, false, "(C), (D)"},
		{"two options or", `\text{(C)}`, `\boxed{(C) or (D)}`, false, ""},
		{"two options and", `\text{(C)}`, `\boxed{C and D}`, false, ""},
		{"glued options", `\text{(C)}`, `\boxed{(C)(D)}`, false, ""},
		{"letter plus one", `\text{(C)}`, `\boxed{\text{(C)}+1}`, false, ""},
		{"letter squared", `\text{(C)}`, `\boxed{C^2}`, false, ""},
		{"other letter in the tail", `\text{(C)}`, `\boxed{(C) A=5}`, false, ""},
		{"other option", `\text{(C)}`, `\boxed{(D)}`, false, ""},
		{"letter and a value as a list", `\text{(C)}`, `The answer is $\text{(C)}$ or $288 \pi$.`, false, ""},
		{"letter comma value", `\text{(C)}`, `\boxed{(C), 12}`, false, ""},
	})
}
