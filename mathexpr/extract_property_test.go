package mathexpr

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// finalAnswerPool holds final answers of the shapes math data sets use.
var finalAnswerPool = []string{`\frac{3}{4}`, `2\sqrt{3}`, `(1, 100)`, `[-36, 104]`, `(-\infty, 2) \cup (3, \infty)`,
	`12`, `-7`, `0.25`, `\frac{\pi}{6}`, `x^2 + 1`, `6 - 5i`, `\begin{pmatrix} 1 \\ 2 \end{pmatrix}`, `1,\!000`}

func proseDraw(t *rapid.T, label string) string {
	words := []string{"We", "compute", "the", "sum", "so", "that", "$x$", "is", "$2+3=5$", "then", "3", "and", "$y$", "."}
	n := rapid.IntRange(0, 12).Draw(t, label+"-len")
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString(rapid.SampledFrom(words).Draw(t, label))
		b.WriteByte(' ')
	}
	return b.String()
}

func equal(t *rapid.T, ref, cand string) bool {
	r, err := Equivalent(context.Background(), ref, cand, Options{})
	if err != nil {
		t.Fatalf("Equivalent(%q, %q): %v", ref, cand, err)
	}
	return r.Equal
}

// A decisive restatement after a box is the answer, whatever the box held.
func TestPropertyLaterStatementWins(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		boxed := rapid.SampledFrom(finalAnswerPool).Draw(t, "boxed")
		final := rapid.SampledFrom(finalAnswerPool).Draw(t, "final")
		phrase := rapid.SampledFrom([]string{"The final answer is $%s$.", "Final Answer: $%s$", "So the answer is $%s$.", "**Final Answer:** $%s$"}).Draw(t, "phrase")
		resp := proseDraw(t, "a") + `$\boxed{` + boxed + `}$` + "\n" + proseDraw(t, "b") + "\n" + fmt.Sprintf(phrase, final)
		got, _, ok := Extract(resp)
		if !ok || !equal(t, final, got) {
			t.Fatalf("Extract(%q) = %q, %v; want %q", resp, got, ok, final)
		}
		if boxed != final && equal(t, boxed, got) {
			t.Fatalf("Extract(%q) = %q still equals the box %q", resp, got, boxed)
		}
	})
}

// Boxes in separate math spans joined by "and", "or" or commas are one list, in order.
func TestPropertyBoxesAcrossSpans(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(2, 4).Draw(t, "n")
		vals := make([]string, n)
		seen := map[int]bool{}
		for i := range vals {
			v := rapid.IntRange(-50, 50).Filter(func(v int) bool { return !seen[v] }).Draw(t, "v")
			seen[v] = true
			vals[i] = fmt.Sprint(v)
		}
		delims := rapid.SampledFrom([][2]string{{`\(`, `\)`}, {`$`, `$`}, {`\[`, `\]`}}).Draw(t, "delims")
		join := rapid.SampledFrom([]string{" and ", " or ", ", ", ", and "}).Draw(t, "join")
		parts := make([]string, n)
		for i, v := range vals {
			parts[i] = delims[0] + `\boxed{` + v + `}` + delims[1]
		}
		resp := proseDraw(t, "p") + "\n" + strings.Join(parts, join)
		got, _, ok := Extract(resp)
		want := strings.Join(vals, ", ")
		if !ok || !equal(t, want, got) {
			t.Fatalf("Extract(%q) = %q; want the list %q", resp, got, want)
		}
		if equal(t, vals[n-1], got) {
			t.Fatalf("Extract(%q) = %q equals the last box alone", resp, got)
		}
	})
}

// A solution set stated in the last sentence is the whole set: it equals the set of roots and
// neither root alone.
func TestPropertySolutionSetProse(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a := rapid.IntRange(-20, 20).Draw(t, "a")
		b := rapid.IntRange(-20, 20).Filter(func(b int) bool { return b != a }).Draw(t, "b")
		form := rapid.SampledFrom([]string{"so x = %d or x = %d.", "Thus $x = %d$, $x = %d$.", "The solutions are $x=%d$ and $x=%d$.",
			"Therefore the roots are %d and %d.", "Hence x = %d or %d."}).Draw(t, "form")
		resp := "Factoring the quadratic gives two linear factors.\n" + fmt.Sprintf(form, a, b)
		got, _, ok := Extract(resp)
		if !ok || !equal(t, fmt.Sprintf("%d, %d", a, b), got) {
			t.Fatalf("Extract(%q) = %q; want the set {%d, %d}", resp, got, a, b)
		}
		if equal(t, fmt.Sprint(a), got) || equal(t, fmt.Sprint(b), got) {
			t.Fatalf("Extract(%q) = %q equals one root", resp, got)
		}
	})
}

// Cutting a chain keeps its value: the extracted answer of "x = A = V" equals V.
func TestPropertyChainEndsOnValue(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := rapid.IntRange(1, 30).Draw(t, "p")
		q := rapid.IntRange(1, 30).Draw(t, "q")
		resp := fmt.Sprintf(`$\boxed{x = %d \cdot %d = %d}$`, p, q, p*q)
		got, _, _ := Extract(resp)
		if !equal(t, fmt.Sprint(p*q), got) || p*q != p+1 && equal(t, fmt.Sprint(p+1), got) {
			t.Fatalf("Extract(%q) = %q", resp, got)
		}
	})
}
