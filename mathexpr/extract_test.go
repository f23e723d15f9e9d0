package mathexpr

import (
	"strings"
	"testing"
)

func TestExtract(t *testing.T) {
	tests := []struct {
		name, in, want, how string
	}{
		{"boxed", `So the answer is $\boxed{42}$.`, "42", HowBoxed},
		{"answer tag", "<think>maybe \\boxed{3}</think>\n<answer>42</answer>", "42", HowTag},
		{"answer tag boxed", "<think>...</think><answer>The answer is $\\boxed{\\frac12}$</answer>", `\frac12`, HowTag},
		{"boxed nested", `$\boxed{\frac{1}{2}}$`, `\frac{1}{2}`, HowBoxed},
		{"boxed dfrac", `$\boxed{\dfrac{\sqrt{3}}{2}}$`, `\frac{\sqrt{3}}{2}`, HowBoxed},
		{"last boxed wins", `First $\boxed{3}$, then corrected: $\boxed{4}$`, "4", HowBoxed},
		{"boxed without braces", `thus \boxed 5`, "5", HowBoxed},
		{"boxes joined", `so $x = \boxed{2}$ or $x = \boxed{3}$.`, "2, 3", HowBoxed},
		{"boxes joined and", `\boxed{-1} and \boxed{4}`, "-1, 4", HowBoxed},
		{"boxes on separate lines", "first \\boxed{2}\nno wait: \\boxed{3}", "3", HowBoxed},
		{"boxes with words between", `\boxed{2} is wrong, the answer is \boxed{3}`, "3", HowBoxed},
		{"fbox", `thus \fbox{7}`, "7", HowBoxed},
		{"boxed set", `$\boxed{1, 2}$`, "1, 2", HowBoxed},
		{"boxed thousands", `$\boxed{1,000,000}$`, "1000000", HowBoxed},
		{"boxed text units", `$\boxed{12\text{ cm}}$`, `12`, HowBoxed},
		{"boxed mathrm units", `$\boxed{12 \mathrm{~m}^2}$`, `12`, HowBoxed},
		{"boxed left right", `$\boxed{\left(1, 2\right)}$`, `(1, 2)`, HowBoxed},
		{"answer is", "Adding up, the answer is 18.", "18", HowAnswerIs},
		{"answer is decimal", "The answer is 3.75.", "3.75", HowAnswerIs},
		{"answer is dollars", "So the final answer is $5$. I hope it is correct.", "5", HowAnswerIs},
		{"answer is choice", `The answer is \textbf{(B)}.`, `(B)`, HowAnswerIs},
		{"answer label", "Work...\nAnswer: 42", "42", HowLabel},
		{"final answer bold", "Work...\n**Final Answer:** $x = 3$", "x = 3", HowLabel},
		{"answer label next line", "Work...\nFinal Answer:\n$7$", "7", HowLabel},
		{"gsm8k", "She has 3 + 4 = 7 apples.\n#### 7", "7", HowHashes},
		{"gsm8k thousands", "Total 1,200.\n#### 1,200", "1200", HowHashes},
		{"whole set", "1, 2", "1, 2", HowWhole},
		{"whole bold", "**18**", "18", HowWhole},
		{"bold label", "Total: 3 + 15\n**Answer: 18**", "18", HowLabel},
		{"whole short", `\frac{3}{4}`, `\frac{3}{4}`, HowWhole},
		{"whole equation", "x = 5", "x = 5", HowWhole},
		{"equation last line", "We isolate x.\nSubtracting 5 from both sides and dividing by 2 gives\nx = 5", "5", HowEquation},
		{"last number", "There were 12 eggs and she used 3, leaving nine... so 9 remain in the carton today", "9", HowLastNum},
		{"last number thousands", "The population grew steadily over the years and reached 1,234,567 people in total", "1234567", HowLastNum},
		{"math span", "Counting outcomes.\nThe probability is $\\frac{2}{3}$ overall.", `\frac{2}{3}`, HowMathSpan},
		{"percent", `The answer is $25\%$.`, "25%", HowAnswerIs},
		{"degrees", `The angle is $\boxed{30^\circ}$.`, "30", HowBoxed},
		{"dollar sign", `The cost is $\boxed{\$12.50}$.`, "12.50", HowBoxed},
		{"trailing period in box", `$\boxed{7.}$`, "7", HowBoxed},
		{"spacing commands", `$\boxed{1\,000\!}$`, "1000", HowBoxed},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, how, ok := Extract(tc.in)
			if !ok || got != tc.want || how != tc.how {
				t.Errorf("Extract(%q) = %q, %q, %v; want %q, %q", tc.in, got, how, ok, tc.want, tc.how)
			}
		})
	}
}

func TestExtractNothing(t *testing.T) {
	for _, in := range []string{"", "   ", "I do not know the answer to this question at all."} {
		if got, how, ok := Extract(in); ok {
			t.Errorf("Extract(%q) = %q, %q, true; want not ok", in, got, how)
		}
	}
}

func TestExtractHuge(t *testing.T) {
	in := strings.Repeat("blah 1 blah ", 200000) + `\boxed{17}`
	got, _, ok := Extract(in)
	if !ok || got != "17" {
		t.Errorf("got %q, %v", got, ok)
	}
}

func TestClean(t *testing.T) {
	tests := []struct{ in, want string }{
		{`$\frac{1}{2}$`, `\frac{1}{2}`},
		{`\(x+1\)`, `x+1`},
		{`\dfrac{3}{4}`, `\frac{3}{4}`},
		{`1,000`, `1000`},
		{`1, 000`, `1, 000`},
		{`1,2`, `1,2`},
		{`12,345.67`, `12345.67`},
		{`1{,}000`, `1000`},
		{`1 000`, `1000`},
		{`12 345 678`, `12345678`},
		{`1 2`, `1 2`},
		{`x = 1 000 or 2`, `x = 1000 or 2`},
		{`0,111`, `0,111`},
		{`12,\!000,\!023`, `12000023`},
		{`0.\overline{3}`, `\frac{1}{3}`},
		{`45^{\circ}`, `45`},
		{`\$5.`, `5`},
		{`\mathbb{R}`, `(-\infty,\infty)`},
		{`x = 1, 2;`, `x = 1, 2`},
		{`\boxed{5}`, `5`},
		{`= 5`, `5`},
		{`**18**`, `18`},
		{`Three`, `3`},
		{`1 1/2`, `1\frac{1}{2}`},
		{`x = 2 3/4 cups`, `x = 2\frac{3}{4} cups`},
		{`1/2, 3/4`, `1/2, 3/4`},
		{`\approx 3.2`, `3.2`},
		{`2½`, `2\frac{1}{2}`},
	}
	for _, tc := range tests {
		if got := Clean(tc.in); got != tc.want {
			t.Errorf("Clean(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func FuzzExtract(f *testing.F) {
	for _, s := range []string{`$\boxed{42}$`, "The answer is 3.", "#### 1,000", "Answer: x = 5", "<answer>7</answer>",
		`\boxed{\frac{1}{`, "So $x = 2$.", "1 000 000", `\boxed`, "<answer><answer>", "12,\\!000",
		`\(\boxed{1}\) and \(\boxed{-2}\)`, `\boxed{(1,100)}`, `1,\! 000`, `$x = 1/3 \approx 0.333$`, `\\boxed{\\frac{1}{2}}`,
		"$$a$$b. $c$", `24 \equiv 3 \pmod{7}`, "[asy]x[/asy]7", "9*2=$<<9*2=18>>18", "so x = -7 or x = 1.",
		"The answer is not 4, it is 6.", "&= 12.\\end{align*}", `\boxed{52_8}`, "$400 + $60 = $460"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, how, ok := Extract(s)
		if ok && how == "" || !ok && a != "" {
			t.Errorf("Extract(%q) = %q, %q, %v", s, a, how, ok)
		}
		if ok && Clean(a) != a && how != HowTag {
			t.Logf("Extract(%q) = %q is not clean (%q)", s, a, Clean(a))
		}
	})
}
