package mathexpr

import (
	"fmt"
	"testing"

	"pgregory.net/rapid"
)

// A correction after the stated answer (a marker, then a restatement of the value) replaces
// it, whether the answer was stated, labelled or boxed. A check, a question, a hypothetical
// and a verification after "let me verify" do not; an undecided correction leaves no answer.
func TestClassCorrectionAfterAnswer(t *testing.T) {
	runClass(t, []classCase{
		// the correction is the final answer
		{"actually it is, math", "4", "The answer is $3$. Actually, it is $4$.", true, "4"},
		{"actually it is, rejected value", "4", "So the answer is 4. Actually, it is 3.", false, "3"},
		{"wait no answer is", "4", "The answer is 3. Wait, no: the answer is 4.", true, "4"},
		{"box then correct box", "4", `\boxed{3}. Hmm, that is wrong; the correct answer is \boxed{4}.`, true, "4"},
		{"box then correction", "4", `So $\boxed{3}$. Actually, it's $4$.`, true, "4"},
		{"box then correction rejects box", "3", `So $\boxed{3}$. Actually, it's $4$.`, false, "4"},
		{"label then correction", "4", "Answer: 3\nSorry, it should be 4.", true, "4"},
		{"bold label then correction", "4", "**Final Answer:** $3$\n\nOn second thought, the answer should be $4$.", true, "4"},
		{"same sentence", "4", "The answer is 3, wait, it's 4.", true, "4"},
		{"no it is with reason", "3", "The answer is 4. No, it is 3 because 1+2=3.", true, "3"},
		{"make that", "4", "The answer is 3. Make that 4.", true, "4"},
		{"i meant", "4", "The answer is 3. Sorry, I meant 4.", true, "4"},
		{"the value is", "4", "The answer is 3. On second thought, the value is 4.", true, "4"},
		{"i was wrong", "4", "The answer is 3. I was wrong, it is 4.", true, "4"},
		{"correction label", "4", "The answer is 3. Correction: it is 4.", true, "4"},
		{"correction then back", "3", "The answer is 3. Actually, it is 4. No, sorry, it is 3.", true, "3"},
		{"correction then back not 4", "4", "The answer is 3. Actually, it is 4. No, sorry, it is 3.", false, "3"},
		{"fraction", `\frac{1}{2}`, `The answer is $\frac{1}{3}$. Actually, it should be $\frac{1}{2}$.`, true, `\frac{1}{2}`},
		{"hmm oops", "12", "Final answer: 10. Hmm, oops, it's 12.", true, "12"},
		{"it must be", "7", "The final answer is 6.\nWait... it must be 7.", true, "7"},
		{"hashes then correction", "4", "#### 3\nSorry, it is 4.", true, "4"},
		{"hashes then correction rejects 3", "3", "#### 3\nSorry, it is 4.", false, "4"},
		{"wait period", "5", "The answer is 4. Wait. It is actually 5.", true, "5"},
		{"later line", "5", "The answer is 4.\n\nChecking the last step again.\nOh wait, it's 5.", true, "5"},
		{"with unit", "5", "The answer is 4 apples. Actually, it's 5 apples.", true, "5 apples"},
		{"value then rejected alternative", "5", "The answer is 4. Actually, it's 5, not 4.", true, "5"},
		{"bare value after marker", "5", "The answer is 4. Sorry, 5.", true, "5"},
		{"bare value rejects 4", "4", "The answer is 4. Sorry, 5.", false, "5"},
		{"bare value no wait", "5", "The answer is 4. No wait, 5.", true, "5"},
		{"bare value same clause", "5", "The answer is 4, no, 5.", true, "5"},
		{"bare value actually", "5", "The answer is 4, actually 5.", true, "5"},
		{"bare fraction after box", `\frac{1}{2}`, `$\boxed{\frac{1}{3}}$. Sorry, $\frac{1}{2}$.`, true, `\frac{1}{2}`},
		{"bare label", "5", "Answer: 4. Actually, -5.", false, "-5"},
		{"bare negative", "-5", "Answer: 4. Actually, -5.", true, "-5"},
		{"bare negative after dash", "-5", "The answer is 4 -- sorry -- -5.", true, "-5"},
		{"value called wrong then restated", "13", "The answer is 12. Actually, 12 is wrong. It's 13.", true, "13"},
		{"value called wrong rejects 12", "12", "The answer is 12. Actually, 12 is wrong. It's 13.", false, "13"},
		{"math value called incorrect", "13", "The answer is 12. Hmm, $12$ is incorrect; it should be 13.", true, "13"},
		{"box called wrong", "13", `$\boxed{12}$. Wait, 12 is wrong. The correct value is 13.`, true, "13"},
		{"called wrong then corrected again", "14", "The answer is 12. Actually, 12 is wrong. It's 13. Sorry, 14.", true, "14"},
		{"corrected then old value called wrong", "14", "The answer is 12. Sorry, 14. Actually, 12 is wrong.", true, "14"},
		{"other value called wrong", "12", "The answer is 12. 13 is wrong, as we saw.", true, "12"},
		{"called wrong as a question", "12", "The answer is 12. 12 is wrong? No, it's right.", true, "12"},
		// a check that restates the same value
		{"double check", "4", "The answer is 4. Let me double check: 2+2 = 4, and 1+3 = 4. Yes.", true, "4"},
		{"actually same value", "4", "The answer is 4. Actually, it is 4.", true, "4"},
		// not a correction: the stated answer stands
		{"question", "4", "The answer is 4. Actually, is it 5?", true, "4"},
		{"question restated", "4", "The answer is 4. Wait, it is 5?", true, "4"},
		{"question not 5", "5", "The answer is 4. Wait, it is 5?", false, "4"},
		{"hypothetical", "4", "The answer is 4. Actually, if it were 5, the total would be 10.", true, "4"},
		{"hypothetical not 10", "10", "The answer is 4. Actually, if it were 5, the total would be 10.", false, "4"},
		{"check after marker", "4", "The answer is 4. Wait, 2 + 2 = 4.", true, "4"},
		{"intermediate check after marker", "4", "The answer is 4. Wait, 2 + 3 = 5 is the other sum.", true, "4"},
		{"sentence after marker", "4", "The answer is 4. Wait, 5 apples were eaten.", true, "4"},
		{"name after marker", "4", "The answer is 4. Actually, $x$.", true, "4"},
		{"let me verify", "4", "The answer is 4. Wait, let me verify: 2+2 = 4.", true, "4"},
		{"verify intermediate", "4", "The answer is 4. Wait, let me verify: it is 2 + 2, which is 4.", true, "4"},
		{"it is easy", "4", "The answer is 4. Actually, it is easy to check that 2+2=4.", true, "4"},
		{"it is correct", "4", "The answer is 4. Actually, it is correct.", true, "4"},
		{"it is not that simple", "4", "The answer is 4. Actually, it's not that simple.", true, "4"},
		{"variable named", "4", "The answer is 4. Actually, it's $x$ that we need.", true, "4"},
		{"restatement without marker", "4", "The answer is 4. It is 2 + 2 = 4.", true, ""},
		{"marker without restatement", "4", "The answer is 4. Actually, 2 + 3 = 5 is the wrong sum.", true, "4"},
		{"that is intermediate", "40", "The answer is 40. Wait, that is 12 per hour.", true, "40"},
		{"bare no", "4", "Is the answer 5? No, the answer is 4.", true, "4"},
		{"no with a comment", "4", "The answer is 4. No, it is not possible to get 5.", true, "4"},
		{"it is fine", "4", "The answer is 4. Hmm, no, it's fine.", true, "4"},
		{"marker inside a word run", "4", "The answer is 4. We used error correction: it is 5 bits.", true, "4"},
		{"intermediate in prose", "40", "The answer is 40. Wait, it is 12 per hour, so 40 in total.", true, "40"},
		// an undecided correction names no answer (never the earlier value)
		{"condition", "4", "The answer is 4. Actually, it is 5 if we count the corners.", false, ""},
		{"condition not 5", "5", "The answer is 4. Actually, it is 5 if we count the corners.", false, ""},
		{"denied", "4", "The answer is 4. Actually, it is not 4.", false, ""},
		{"hedged might", "4", "The answer is 4. Actually, it might be 5.", false, ""},
		{"hedged could not 5", "5", "The answer is 4. Actually, it could be 5.", false, ""},
		{"hedged maybe", "4", "The answer is 4. Hmm, maybe it's 5.", false, ""},
		{"hedged without marker", "4", "The answer is 4. It might be 5.", false, ""},
		{"might be helpful", "4", "The answer is 4. It might be helpful to draw a picture.", true, "4"},
		{"hedged wait maybe", "4", "The answer is 4. Wait, maybe it's 5.", false, ""},
		{"hedged probably", "4", "The answer is 4. Actually, it's probably 5.", false, ""},
		{"value called wrong alone", "12", "The answer is 12. Actually, 12 is wrong.", false, ""},
		{"retracted", "4", "The answer is 4. Wait, that's wrong.", false, ""},
		{"retracted then recomputed", "4", "The answer is 4. Hmm, I made a mistake. Redoing it: 2 + 3 = 5.", false, ""},
		{"box retracted", "4", `So $\boxed{4}$.` + "\nWait, no, that is incorrect.", false, ""},
		{"correction retracted", "5", "The answer is 4. Actually, it is 5. Wait, that's wrong.", false, ""},
		{"correction retracted not 4", "4", "The answer is 4. Actually, it is 5. Wait, that's wrong.", false, ""},
		{"retracted then restated", "5", "The answer is 4. Wait, that's wrong. The answer is 5.", true, "5"},
		{"retraction asked", "4", "The answer is 4. Wait, is that wrong? No, it's 4.", true, "4"},
		{"wrong about something else", "4", "The answer is 4. Using 5 instead would be wrong.", true, "4"},
		{"i was wrong to doubt", "4", "The answer is 4. I was wrong to doubt it.", true, "4"},
		{"box denied", "4", `$\boxed{4}$. Wait, it's not 4.`, false, ""},
	})
}

// For values a and b, "The answer is a. <marker>, it is b." extracts b: a correction replaces
// the stated answer, a restatement of the same value keeps it, and a question does not correct.
func TestPropertyCorrectionWins(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a := rapid.IntRange(-1000, 1000).Draw(t, "a")
		b := rapid.IntRange(-1000, 1000).Draw(t, "b")
		stated := rapid.SampledFrom([]string{"The answer is %d.", "So the final answer is $%d$.", "Answer: %d\n", `Thus $\boxed{%d}$.`}).Draw(t, "stated")
		marker := rapid.SampledFrom([]string{"Actually", "Wait", "Wait, no", "No", "Sorry", "Correction", "I mean", "On second thought", "I was wrong", "Hmm, actually", "Oops, sorry"}).Draw(t, "marker")
		restate := rapid.SampledFrom([]string{"it is %d", "it's %d", "it should be %d", "the value is $%d$", "the answer should be %d", "it must be $%d$", "%d", "$%d$"}).Draw(t, "restate")
		resp := fmt.Sprintf(stated, a) + " " + marker + ", " + fmt.Sprintf(restate, b) + "."
		got, _, ok := Extract(resp)
		want := fmt.Sprint(b)
		if !ok || !equal(t, want, got) {
			t.Fatalf("Extract(%q) = %q, %v; want %q", resp, got, ok, want)
		}
		if a != b && equal(t, fmt.Sprint(a), got) {
			t.Fatalf("Extract(%q) = %q credits the corrected value %d", resp, got, a)
		}
		if restate == "the answer should be %d" {
			return // a question written as an answer statement is read as one (not this rule)
		}
		q := fmt.Sprintf(stated, a) + " " + marker + ", " + fmt.Sprintf(restate, b) + "?"
		if got, _, ok := Extract(q); !ok || !equal(t, fmt.Sprint(a), got) {
			t.Fatalf("Extract(%q) = %q, %v; a question does not correct %d", q, got, ok, a)
		}
	})
}

// A correction that denies a value and names another is read for the value it names.
func TestClassCorrectionDenial(t *testing.T) {
	runClass(t, []classCase{
		{"not then it is", "6", "The answer is 4. Wait, it's not 4, it's 6.", true, "6"},
		{"not then it is rejects 4", "4", "The answer is 4. Wait, it's not 4, it's 6.", false, "6"},
		{"not other value then it is", "6", "The answer is 4. Wait, it's not 5, it's 6.", true, "6"},
		{"not but", "6", "The answer is 4. Actually, it is not 4 but 6.", true, "6"},
		{"not other value alone", "4", "The answer is 4. Actually, it is not 5.", true, "4"},
		{"not that simple", "4", "The answer is 4. Actually, it's not that simple, but it works.", true, "4"},
		{"not then a hedge", "5", "The answer is 5. Wait, it's not 5, it's 6 or 7 if we round.", false, ""},
	})
}

// A hedged correction ("it might be b") leaves no answer unless it hedges on the stated value.
func TestPropertyHedgedCorrectionUndecided(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a := rapid.IntRange(-1000, 1000).Draw(t, "a")
		b := rapid.IntRange(-1000, 1000).Draw(t, "b")
		stated := rapid.SampledFrom([]string{"The answer is %d.", "Answer: %d\n", `Thus $\boxed{%d}$.`, "#### %d\n"}).Draw(t, "stated")
		hedge := rapid.SampledFrom([]string{"Actually, it might be %d.", "Hmm, maybe it's %d.", "Wait, it could be $%d$.", "It may be %d.", "Actually, it's probably %d."}).Draw(t, "hedge")
		resp := fmt.Sprintf(stated, a) + " " + fmt.Sprintf(hedge, b)
		got, _, ok := Extract(resp)
		if a == b {
			if !ok || !equal(t, fmt.Sprint(a), got) {
				t.Fatalf("Extract(%q) = %q, %v; want %d", resp, got, ok, a)
			}
			return
		}
		if ok && (equal(t, fmt.Sprint(a), got) || equal(t, fmt.Sprint(b), got)) {
			t.Fatalf("Extract(%q) = %q credits a value the response is undecided about", resp, got)
		}
	})
}
