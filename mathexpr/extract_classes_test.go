package mathexpr

import (
	"context"
	"testing"
)

// classCase is one response judged against one reference through Extract and Equivalent, as
// the verifier does. want is the verdict; extracted, when set, is the answer Extract must find.
type classCase struct {
	name, ref, resp string
	want            bool
	extracted       string
}

func runClass(t *testing.T, cases []classCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a, how, ok := Extract(tc.resp)
			if tc.extracted != "" && (!ok || a != tc.extracted) {
				t.Errorf("Extract(%q) = %q (%s, %v), want %q", tc.resp, a, how, ok, tc.extracted)
			}
			r, err := Equivalent(context.Background(), tc.ref, a, Options{})
			if err != nil {
				t.Fatalf("Equivalent(%q, %q): %v", tc.ref, a, err)
			}
			if r.Equal != tc.want {
				t.Errorf("Equivalent(%q, %q) = %v (%s), want %v (extracted by %s)", tc.ref, a, r.Equal, r.Reason, tc.want, how)
			}
		})
	}
}

// Prose after an answer label or "the answer is": the value is what the sentence says it is.
func TestClassProseAfterLabel(t *testing.T) {
	runClass(t, []classCase{
		{"label then sentence", "34", "Final Answer: The largest $n$ is 34.", true, "34"},
		{"bold label sentence", "12", "**Final Answer:** The number of ways is $12$.", true, "12"},
		{"answer is then sentence", "6", "The answer is not 4, it is 6.", true, "6"},
		{"not X but Y", "6", "The final answer is not 4 but 6.", true, "6"},
		{"answer is equal to", `\frac{1}{2}`, `Answer: the probability is equal to $\frac{1}{2}$.`, true, `\frac{1}{2}`},
		{"math span naming the quantity", "34", "Answer: $n$ is $34$.", true, "34"},
		{"value then rejected alternative", "7", "So $\\boxed{7}$.\n\nThe answer is 7, not 8.", true, "7"},
		{"value then reason", "12", "The answer is 12 (since 3*4 = 12).", true, "12"},
		{"value because", "5", "The answer is 5 because 2+3=5.", true, "5"},
		{"several spans", "x = 3, y = 4", "The final answer is $x = 3$ and $y = 4$.", true, "x = 3, y = 4"},
		{"filler word", `\frac{1}{2}`, "The answer is therefore $\\frac{1}{2}$.", true, `\frac{1}{2}`},
		{"filler words", "(2, 3)", "The answer is clearly $(2, 3)$, as computed.", true, "(2, 3)"},
		// near misses
		{"rejected alternative is not the answer", "8", "So $\\boxed{7}$.\n\nThe answer is 7, not 8.", false, "7"},
		{"hedge is a list", "5", "The answer is 5 or 6.", false, ""},
		{"sentence names another value", "34", "Final Answer: The largest $n$ is 35.", false, "35"},
		{"not 4 alone is not 4", "4", "The answer is not 4.", false, ""},
		{"not X but Y names Y", "4", "The final answer is not 4 but 6.", false, "6"},
		{"sentence about the quantity only", "34", "Final Answer: $n$ is the largest such integer.", false, ""},
	})
}

// A box is often an intermediate value; a decisive restatement after it is the final answer.
func TestClassBoxThenFinalStatement(t *testing.T) {
	runClass(t, []classCase{
		{"later statement wins", "7", "First $\\boxed{5}$ for the area.\nThen the perimeter.\nThe final answer is 7.", true, "7"},
		{"later label wins", "7", "So $\\boxed{5}$.\nFinal Answer: $7$", true, "7"},
		{"statement with its own box", "7", "Area $\\boxed{5}$. The final answer is $\\boxed{7}$.", true, "7"},
		{"statement before the box", "5", "The final answer is: after all, $\\boxed{5}$", true, "5"},
		{"comment after the box", "5", "$\\boxed{5}$. I hope the answer is correct.", true, "5"},
		{"name after the box", `\text{Evelyn}`, "$\\boxed{\\text{Briana}}$ is wrong, the answer is Evelyn.", true, "Evelyn"},
		// near misses: a wrong restatement wins as well, and a hypothetical does not override
		{"later wrong statement", "5", "So $\\boxed{5}$.\nThe final answer is 8.", false, "8"},
		{"hypothetical after the box", "5", "So $\\boxed{5}$. If it asked for the perimeter, the answer would be 20.", true, "5"},
		{"conditional answer is after the box", "5", "So $\\boxed{5}$.\nIf we counted the corners too, the answer is 12.", true, "5"},
		{"parenthetical conditional", "5", "So $\\boxed{5}$ (had we used the perimeter, the final answer is 20).", true, "5"},
		{"a correction is not a hypothetical", "7", "So $\\boxed{5}$.\nNo, instead the final answer is 7.", true, "7"},
		{"conditional does not pick its value", "12", "So $\\boxed{5}$.\nIf we counted the corners too, the answer is 12.", false, "5"},
	})
}

// Boxes in separate math spans on one line joined by "and"/"or"/commas form a list.
func TestClassSeveralBoxes(t *testing.T) {
	runClass(t, []classCase{
		{"paren spans", "1, -2", `\(\boxed{1}\) and \(\boxed{-2}\)`, true, "1, -2"},
		{"bracket spans", "1, -2", `\[\boxed{1}\] or \[\boxed{-2}\]`, true, "1, -2"},
		{"dollar spans", "1, -2", `$\boxed{1}$, $\boxed{-2}$`, true, "1, -2"},
		// near misses
		{"list is not one value", "-2", `\(\boxed{1}\) and \(\boxed{-2}\)`, false, "1, -2"},
		{"separate lines are a correction", "1, -2", "\\(\\boxed{1}\\)\nNo: \\(\\boxed{-2}\\)", false, "-2"},
		{"words between boxes", "1, -2", `\(\boxed{1}\) is wrong, so \(\boxed{-2}\)`, false, "-2"},
	})
}

// A chain ends on its value; the exact value written before \approx wins over the rounding.
func TestClassChains(t *testing.T) {
	runClass(t, []classCase{
		{"product chain", "6", `$x = 2\cdot 3 = 6$`, true, "x = 6"},
		{"boxed chain", "6", `$\boxed{x = 2\cdot 3 = 6}$`, true, "x = 6"},
		{"chain without variable", "10", `$\boxed{4 + 6 = 10}$`, true, ""},
		{"approx keeps the exact value", "1/3", `$x = 1/3 \approx 0.333$`, true, "x = 1/3"},
		{"approx in a box", `\frac{\pi}{4}`, `$\boxed{\frac{\pi}{4} \approx 0.785}$`, true, `\frac{\pi}{4}`},
		{"only the rounded value", "0.333", `$x \approx 0.333$`, true, "0.333"},
		// near misses: the rounded value is not the exact one, a wrong last side stays wrong
		{"rounded only is not exact", "1/3", `$x \approx 0.333$`, false, "0.333"},
		{"wrong last side", "6", `$x = 2\cdot 3 = 5$`, false, "x = 5"},
		{"two answers are not a chain", "2", `$x = 1 \quad x = 2$`, false, ""},
		{"bindings are not a chain", "x = 1, y = 2", `$\boxed{x = 1, y = 2}$`, true, "x = 1, y = 2"},
	})
}

// JSON-escaped output doubles every backslash.
func TestClassDoubleEscaped(t *testing.T) {
	runClass(t, []classCase{
		{"answer is", `\frac{1}{2}`, `The answer is $\\frac{1}{2}$.`, true, `\frac{1}{2}`},
		{"boxed", `\frac{1}{2}`, `so \\boxed{\\frac{1}{2}}`, true, `\frac{1}{2}`},
		{"sqrt and pi", `2\sqrt{3}\pi`, `\\boxed{2\\sqrt{3}\\pi}`, true, `2\sqrt{3}\pi`},
		{"doubled matrix", `\begin{pmatrix} 1 \\ 2 \end{pmatrix}`, `\\boxed{\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}}`, true, `\begin{pmatrix} 1 \\ 2 \end{pmatrix}`},
		{"reference doubled", `\\frac{3}{4}`, `\boxed{0.75}`, true, "0.75"},
		// near misses
		{"doubled wrong value", `\frac{1}{2}`, `\\boxed{\\frac{1}{3}}`, false, `\frac{1}{3}`},
		{"a real row break stays", `\begin{pmatrix} 1 \\ 2 \end{pmatrix}`, `$\boxed{\begin{pmatrix} 1 \\ 3 \end{pmatrix}}$`, false, ""},
	})
}

// A solution set stated in prose is the whole set, not its last number (no-reference mode
// compares it with the solved set).
func TestClassSolutionSets(t *testing.T) {
	runClass(t, []classCase{
		{"x = a or x = b", "-7, 1", "Factoring gives (x+7)(x-1) = 0, so x = -7 or x = 1.", true, "x = -7 or x = 1"},
		{"comma bindings", "2, 5", "We factor: $(x-2)(x-5)=0$.\nThus $x = 2$, $x = 5$.", true, "x = 2, x = 5"},
		{"solutions are", "2, 5", "The solutions are $x = 2$ and $x = 5$.", true, "x = 2 and x = 5"},
		{"roots are", "-7, 1", "Therefore the roots are -7 and 1.", true, "-7 and 1"},
		{"x = a or b", "-7, 1", "Factoring, (x+7)(x-1) = 0. Hence x = -7 or 1.", true, "x = -7 or 1"},
		{"system", "x = 1, y = 2", "Substituting back, x = 1 and y = 2.", true, "x = 1 and y = 2"},
		// near misses: a missing or extra root, a final computation
		{"one root only", "-7, 1", "Factoring gives (x+7)(x-1) = 0, so x = 1.", false, "1"},
		{"extra root", "-7, 1", "So x = -7, x = 1 or x = 2.", false, ""},
		{"wrong root", "-7, 1", "Therefore the roots are 7 and 1.", false, "7 and 1"},
		{"single value is not the set", "1", "Factoring gives (x+7)(x-1) = 0, so x = -7 or x = 1.", false, ""},
	})
}

// "No solution" stated in a sentence is the empty answer.
func TestClassNoSolutionProse(t *testing.T) {
	runClass(t, []classCase{
		{"has no solution", `\text{no solution}`, "After simplifying we get 1 = 3, a contradiction.\nSo the equation has no solution.", true, "no solution"},
		{"no real solutions", `\emptyset`, "The equation x^2 + 1 = 0 has no real solutions.", true, "no solution"},
		{"answer is sentence", `\text{no solution}`, "The answer is: there are no real roots.", true, "no solution"},
		{"empty set", `\emptyset`, "Thus the solution set is empty.", true, "no solution"},
		// near misses
		{"no solution but one", `\text{no solution}`, "The equation has no solution other than x = 2.", false, "2"},
		{"conditional", `\text{no solution}`, "If a = 0 there is no solution.\nOtherwise x = 3.", false, "3"},
		{"there is a solution", `\text{no solution}`, "So the equation has exactly one solution, x = 3.", false, ""},
		{"no solution against a value", "3", "So the equation has no solution.", false, "no solution"},
	})
}

// GSM8K-style prose: money signs, calculator annotations and a unit after the final value.
func TestClassWordProblemProse(t *testing.T) {
	runClass(t, []classCase{
		{"currency chain", "460", "So the total is $400 + $60 = $460.", true, "460"},
		{"calculator annotation", "18", "She makes 9 * 2 = $<<9*2=18>>18 every day.", true, "18"},
		{"unit and more prose", "15", "Thus there are 9 + 6 = 15 liters of water out of the 24 liters.", true, "15"},
		{"rate", "18000", "So he earns 1500*12 = 18000/year", true, "18000"},
		{"a month", "34", "That is 68/2 = 34 a month", true, "34"},
		{"ordinal", "6", "So she finished 5+1 = 6th place", true, "6"},
		{"money math span", "195", "Thus, she will spend $15*13=$195.", true, "195"},
		{"unit with an ampersand", "762", "So she has 254*3 = 762 M&M's", true, "762"},
		{"plural of a function name", "4", "He needs 8/2 = 4 logs", true, "4"},
		// near misses
		{"pi is not a unit", "3", "So the area = 3 pi.", false, ""},
		{"sqrt is not a unit", "5", "So the side = 5 sqrt 2", false, ""},
		{"ratio is not its first number", "3", "The ratio is 6/2 = 3 to 4", false, ""},
		{"wrong total", "460", "So the total is $400 + $50 = $450.", false, "450"},
		{"times is math", "5", "So the total = 5 times 3", false, ""},
	})
}

// The end of a worked solution without a box: displays, pictures, congruences and remarks.
func TestClassSolutionEndings(t *testing.T) {
	runClass(t, []classCase{
		{"align end", "12", "So\n\\begin{align*}\nx &= \\frac{2.4}{0.2} \\\\\n&= 12.\\end{align*}", true, "12"},
		{"picture after", "42", "The perimeter is $2(21)=42$ inches.\n\n[asy]\ndraw((0,0)--(1,1));\nlabel(\"$3$\",(0,0));\n[/asy]", true, "42"},
		{"display ends a sentence", "3", "We get \\[\\frac{1}{3} r = 1.\\]Therefore, $r = 3.$", true, "r = 3"},
		{"dollar display ends a sentence", "59", "$$47+23 \\equiv 70 \\equiv 59 \\pmod{100}$$Therefore, they have $59$ cents left over.", true, "59"},
		{"sentence ends on a span", `70 \sqrt{2}`, "Equality occurs when $x = 20$ and $y = 30,$ so the minimum value is $70 \\sqrt{2}.$", true, `70 \sqrt{2}`},
		{"span naming the variable", "7", "The factors greater than 1 are 2, 3, 4, 6, 8, 12 and 24, so we have $7$ possible values of $n$.", true, "7"},
		{"value before the name", "17", "Then we subtract: $36 - 7 - 2 - 10 = 17 = x$.", true, "x = 17"},
		{"congruence chain", "3", "Then $(n + 2)(n + 4) \\equiv 4 \\cdot 6 \\equiv 24 \\equiv 3 \\pmod{7}$.", true, "3"},
		{"residue box", "3", `$\boxed{3 \pmod{7}}$`, true, "3"},
		{"approx then unit change", `5.4 \text{ cents}`, `The average is $\frac{2.33}{43} \approx 0.054 = 5.4 \text{ cents}.$`, true, ""},
		// near misses
		{"wrong residue", "3", "Then $24 \\equiv 4 \\pmod{5}$.", false, "4"},
		{"display value is wrong", "12", "So\n\\begin{align*}\nx &= 13.\\end{align*}", false, ""},
		{"earlier sentence does not count", "12", "The sum is $3+4+5=12$, too short. Both paths have length $13$.", false, "13"},
	})
}
