package mathexpr

import "testing"

// extractCase is a response and the answer Extract must find in it.
type extractCase struct{ name, resp, want string }

func runExtract(t *testing.T, cases []extractCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got, how, _ := Extract(c.resp); got != c.want {
				t.Errorf("Extract(%q) = %q (%s), want %q", c.resp, got, how, c.want)
			}
		})
	}
}

// TestExtractEndOfTurn: a chat template's next turn and closing remarks after the answer are
// not read for it.
func TestExtractEndOfTurn(t *testing.T) {
	runExtract(t, []extractCase{
		{"next turn", "So, the ordered pair is $(7, 6)$. <|im_start|>user\nNow solve $x = 99$.", "(7, 6)"},
		{"end of turn", "We solve the equation for x.\nThus $x = 5$.<|im_end|>\n<|im_start|>user\nWhat is $y = 8$?", "x = 5"},
		{"eot", "The answer is 12.<|eot_id|>The answer is 13.", "12"},
		{"leading marker", "<|im_start|>assistant\nSo the total is $42$.", "42"},
		{"hope correct", "Hence the area is $\\frac{9}{2}$. I hope it is correct.", "\\frac{9}{2}"},
		{"hope helps", "We solve it for the unknown.\nThe solution is $x = 3$. I hope this helps! Let me know if you have any questions.", "x = 3"},
		{"remark mid-text kept", "I hope it is correct that $a = 2$, so $b = 7$.", "b = 7"},
		{"no marker", "We compare both sides of it.\nTherefore $x < 2$.", "x < 2"},
	})
}

// TestExtractInequalityInSentence: the "=" of <=, >= and != is no equation to take the right
// side of.
func TestExtractInequalityInSentence(t *testing.T) {
	runExtract(t, []extractCase{
		{"le", "Thus $x <= 2$ is our answer.", "x <= 2"},
		{"ge", "so $y >= 3$ holds", "y >= 3"},
		{"ne", "so $x != 3$ holds for the domain", "x != 3"},
		{"equation still", "so the value $x = 3$ holds", "3"},
		{"factorial equation", "so we get $5!=120$ ways in all", "120"},
	})
}

// TestBracedCommaThousands: "{,}" separates thousands with spaces around or inside it too.
func TestBracedCommaThousands(t *testing.T) {
	runEq(t, []eqCase{
		{"spaced braced comma", `14916`, `14 {, }916`, true},
		{"braced comma", `14916`, `14{,}916`, true},
		{"spaced before", `14916`, `14 {,}916`, true},
		{"not a group", `14, 91`, `14 {, }91`, false},
		{"wrong digits", `14916`, `14 {, }917`, false},
	}, Options{})
}

// TestExtractLastSentenceNumber: a last sentence that states its number in words is read for
// that number before an "=" of an earlier sentence on the same line.
func TestExtractLastSentenceNumber(t *testing.T) {
	runExtract(t, []extractCase{
		{"count in words", "Solving for $d$, we get $d = \\frac{90}{n}$. Therefore, there are 12 distinct sequences that meet the three given conditions.", "12"},
		{"percent", "Dividing, we get $\\frac{x'}{x} \\geq 2$. Therefore, the error increases by 100%.", "100"},
		{"sentence equation wins", "We have $a = 4$. So the total is 3 + 4 = 7 apples.", "7"},
		// a denied number is not the answer: the rule leaves such a sentence alone
		{"negated sentence", "We have $a = 4$. So 12 is not a solution.", "4"},
	})
}

// TestExtractLabelSentenceNumber: an answer label followed by a sentence with one number and
// no math states that number.
func TestExtractLabelSentenceNumber(t *testing.T) {
	runExtract(t, []extractCase{
		{"one number", "We solve for s.\nFinal Answer: Jane started growing Sphere 3 hours ago.", "3"},
		{"one number answer is", "We solve for s.\nThe answer is that she started 3 hours ago.", "3"},
		// near misses: two numbers; a denial (cut at "not" as a rejected alternative, never 3)
		{"two numbers", "We solve for s.\nFinal Answer: Rod started 8 hours ago and Sphere 3 hours ago.", "Rod started 8 hours ago and Sphere 3 hours ago"},
		{"denied", "We solve for s.\nFinal Answer: Jane did not start 3 hours ago.", "Jane did"},
	})
}

// TestBoxesJoinedByLabel: boxes on one line joined by a part label or a unit word before "and"
// or a comma are one answer list; a copula or a denial between them keeps only the last box.
func TestBoxesJoinedByLabel(t *testing.T) {
	runExtract(t, []extractCase{
		{"part label", "So $$\\boxed{(3, 3)} \\text{ for part (a) and } \\boxed{(1, 1)}$$", "(3, 3), (1, 1)"},
		{"unit word", "We need \\boxed{1} papers and \\boxed{2} bins.", "1, 2"},
		{"unit comma", "The sides are \\boxed{3} cm, \\boxed{4} cm.", "3, 4"},
		{"plain and still", "$x = \\boxed{2}$ or $x = \\boxed{3}$", "2, 3"},
		// near misses
		{"copula", "First \\boxed{3} is wrong, so \\boxed{4}.", "4"},
		{"judgement", "We had \\boxed{3} wrong, \\boxed{4}.", "4"},
		{"denial", "So \\boxed{3} not and \\boxed{4}.", "4"},
		{"two words", "So \\boxed{3} red apples and \\boxed{4}.", "4"},
		{"next line", "So \\boxed{3} apples\nand \\boxed{4}.", "4"},
	})
	runEq(t, []eqCase{
		{"reference with two parts", `\boxed{1} papers and \boxed{2} bins`, `1, 2`, true},
		{"reference with two parts needs both", `\boxed{1} papers and \boxed{2} bins`, `2`, false},
	}, Options{})
}

// TestGluedHedgeIsNoChain: "x=1orx=2" is two answers written without spaces; cutting it as a
// chain to its last side, or skipping "andy" as a word, would reward the hedge.
func TestGluedHedgeIsNoChain(t *testing.T) {
	for _, c := range []struct{ ref, resp string }{
		{"2", "x=1orx=2"}, {"1", "x=1orx=2"}, {"-1", "W(x)=1orW(x)=-1"}, {"4", "y=3andy=4"},
	} {
		if got, _ := grade(c.ref, c.resp); got.Equal {
			t.Errorf("%q scored against %q (%s): a hedge must not", c.resp, c.ref, got.Reason)
		}
	}
	runEq(t, []eqCase{
		{"glued or direct", `2`, `x=1orx=2`, false},
		{"glued and direct", `4`, `y=3andy=4`, false},
		{"glued or is the list", `x = 1, x = 2`, `x=1orx=2`, true},
		{"glued before a command", `1, \frac{1}{2}`, `1or\frac{1}{2}`, true},
		{"a word after a number is no separator", `5`, `5orders`, true},
	}, Options{})
	// a chain still cuts: "x = 2\cdot 3 = 6"
	runExtract(t, []extractCase{{"chain", "We compute the product.\nSo $x = 2\\cdot 3 = 6$.", "x = 6"}})
}
