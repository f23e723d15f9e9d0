// Reading a correction written after the answer: "The answer is 3. Actually, it is 4."

package mathexpr

import (
	"regexp"
	"strings"
)

// correctionRe finds a correction of a stated answer: at the start of a sentence or clause, one
// or more correction markers ("actually", "wait", "no", "sorry", "correction", "I mean", "on
// second thought", "I was wrong", ...), then a restatement of the value (group 1: "it is",
// "it's", "it should be", "the value is", "the answer should be", "I meant"; or a hedged one,
// "it might be", "maybe it's"), or "make that" alone (group 2), or the value right after the
// markers ("Sorry, 5."); a hedged restatement needs no marker (group 3: "Hmm, maybe it's 5").
// The value follows the match. A marker followed by anything but a value ("Wait, let me verify:
// ...") and a restatement without a marker ("It is 2 + 2 = 4") are no correction.
var correctionRe = regexp.MustCompile(`(?i)(?:^|[.!;:,(\n]|--|—)\s*` +
	`(?:(?:hmm+|oh|ah|um+|well|oops)[,!.]*\s+)*` +
	`(?:(?:(?:` + correctionMarkers + `)(?:[\s,:;!.—]|--)+)+` +
	`(?:(it(?:'s| is| should be| must be| has to be| should have been| might be| could be| may be)|` +
	`(?:maybe|perhaps|probably|possibly) it(?:'s| is)|` +
	`the (?:(?:final|correct|right|real|actual|true) )?(?:answer|value)(?:'s| is| should be| must be)|i meant)` +
	`(?:\s+(?:actually|really|just|probably|maybe|possibly|perhaps))?\s+)?` +
	`|(?:(?:` + correctionMarkers + `)(?:[\s,:;!.—]|--)+)*(make (?:that|it))\s+` +
	`|((?:maybe|perhaps|probably|possibly) it(?:'s| is)|it (?:might|could|may) (?:also )?be)\s+)`)

// hedgeRe finds a hedge in a correction: "it might be 5", "maybe it's 5".
var hedgeRe = regexp.MustCompile(`\b(?:might|could|may|maybe|perhaps|probably|possibly)\b`)

const correctionMarkers = `actually|wait|no|nope|sorry|correction|i mean|on second thought|on reflection|` +
	`i was wrong|i am wrong|i'm wrong|scratch that|my (?:mistake|bad)|oops|hold on|` +
	`i made (?:a|an) (?:mistake|error)|that(?:'s| is| was) (?:wrong|incorrect|not right)`

// retractionRe finds a sentence that only takes the answer back: "Wait, that's wrong.",
// "Hmm, no, I made a mistake." It names no value, so the answer before it is undecided.
var retractionRe = regexp.MustCompile(`(?i)(?:^|[.!;\n])\s*` +
	`(?:(?:hmm+|oh|ah|um+|well|oops)[,!.]*\s+)*` +
	`(?:(?:actually|wait|no|nope|sorry|hold on|oops)(?:[\s,:;!.—]|--)+)*` +
	`(?:that(?:'s| is| was) (?:wrong|incorrect|not right)|this is (?:wrong|incorrect)|i was wrong|i'm wrong|i am wrong|` +
	`i made (?:a|an) (?:mistake|error)|scratch that)` +
	`\s*(?:[.!]+(?:\s|$)|\n|$)`)

// deniedRe finds a sentence that calls a value wrong: "Actually, 12 is wrong.", "$12$ is
// incorrect;". Group 1 is the value; a restatement may follow (restatedRe).
var deniedRe = regexp.MustCompile(`(?i)(?:^|[.!;\n])\s*` +
	`(?:(?:hmm+|oh|ah|um+|well|oops)[,!.]*\s+)*` +
	`(?:(?:` + correctionMarkers + `)(?:[\s,:;!.—]|--)+)*` +
	`(?:the answer |the value )?(\$[^$\n]{1,30}\$|[^\s.!?;,$]{1,30})\s+(?:is|was)\s+(?:wrong|incorrect|not (?:right|correct))` +
	`\s*(?:[.!;,]+\s*|\n|$)`)

// restatedRe finds a restatement at the start of a sentence that follows a denial: "It's 13".
var restatedRe = regexp.MustCompile(`(?i)^(?:it(?:'s| is| should be| must be)|the (?:(?:correct|right|real|actual) )?(?:answer|value)(?:'s| is| should be| must be))\s+`)

// deniedAfter finds the last sentence after offset from that calls the answer a wrong ("12 is
// wrong"): the value a restatement right after it puts instead ("It's 13."), if any, and where
// the denial starts.
func deniedAfter(resp, lower string, from int, a string) (value string, at int, found bool) {
	locs := deniedRe.FindAllStringSubmatchIndex(lower[from:], -1)
	for k := len(locs) - 1; k >= 0; k-- {
		m := locs[k]
		if Clean(resp[from+m[2]:from+m[3]]) != a {
			continue
		}
		rest := resp[from+m[1]:]
		if r := restatedRe.FindStringIndex(asciiLower(rest)); r != nil {
			after := rest[r[1]:]
			sentence := correctionSentence(after)
			if v := answerSpan(after); !strings.Contains(sentence, "?") && v != "" && overridesBox(v) &&
				!looksLikeProse(Clean(sentence)) && !negated(v) && !conditionRe.MatchString(sentence) {
				return v, from + m[0], true
			}
		}
		return "", from + m[0], true
	}
	return "", -1, false
}

// butRe finds where a denial goes on to the value it puts instead: "not 5, it's 6", "not 5 but 6".
var butRe = regexp.MustCompile(`(?i)(?:,|;|\s)\s*(?:but\s+(?:it(?:'s| is)\s+)?|it(?:'s| is| should be| must be)\s+|rather\s+)`)

// conditionRe finds a condition in a corrected value: "it is 5 if we count the corners".
var conditionRe = regexp.MustCompile(`(?i)\b(?:if|unless|assuming|supposing|provided|otherwise)\b`)

// corrected applies the last correction written after offset from to the answer a found there
// (by how): a correction replaces it; a correction that only denies the stated value ("Actually,
// it is not 4") or names a value under a condition ("it is 5 if ...") leaves no answer.
func corrected(resp, lower string, from int, a, how string) (string, string, bool) {
	v, retract, found := correctionAfter(resp, lower, from, a)
	switch {
	case !found:
		return a, how, true
	case retract:
		return "", "", false
	}
	return v, how, true
}

// lastCorrection finds the last correction after offset from: its value and the offset where
// its sentence ends, or retract when the correction takes the answer a back without naming a
// single value. A sentence that only retracts the answer ("Wait, that's wrong.") retracts it.
func lastCorrection(resp, lower string, from int, a string) (value string, end int, retract, found bool) {
	if from < 0 || from >= len(resp) {
		return "", 0, false, false
	}
	tail := resp[from:]
	locs := correctionRe.FindAllStringSubmatchIndex(lower[from:], -1)
	for k := len(locs) - 1; k >= 0; k-- {
		rest := tail[locs[k][1]:]
		sentence := correctionSentence(rest)
		end := from + locs[k][1] + len(rest) - len(strings.TrimLeft(rest, " \t")) + len(sentence)
		if strings.Contains(sentence, "?") {
			continue // "Wait, it is 4?" asks, it does not correct
		}
		restated := locs[k][2] >= 0 || locs[k][4] >= 0 || locs[k][6] >= 0
		if !restated && (strings.ContainsAny(sentence, "=<>") || isBareName(Clean(sentence))) {
			continue // "Wait, 2 + 3 = 5": a check after a marker, not a value put instead
		}
		hedged := hedgeRe.MatchString(lower[from+locs[k][0] : from+locs[k][1]])
		body := sentence
		if loc := reasonRe.FindStringIndex(body); loc != nil && loc[0] > 0 {
			body = body[:loc[0]]
		}
		if b := strings.TrimSpace(sentence); negated(b) {
			denied, after := b[3:], ""
			if m := butRe.FindStringIndex(b); m != nil {
				denied, after = b[3:m[0]], b[m[1]:]
			}
			if after != "" && !conditionRe.MatchString(after) {
				// "Wait, it's not 5, it's 6" and "it is not 5 but 6" correct to 6
				if v := answerSpan(after); v != "" && overridesBox(v) && !looksLikeProse(Clean(after)) && !hedged {
					return v, end, false, true
				}
			}
			if d := Clean(strings.TrimSpace(denied)); d != "" && d == a || after != "" && !looksLikeProse(Clean(after)) {
				// "Actually, it is not 4" takes the stated 4 back; "not 5, it's 6 or 7 if we
				// round" names no single value
				return "", 0, true, true
			}
			continue // "it's not that simple, but it works": a comment
		}
		if loc := conditionRe.FindStringIndex(body); loc != nil {
			// "Actually, it is 5 if we count the corners": a value under a condition leaves
			// the answer undecided; "it is easy to see if ..." restates nothing
			if pre := strings.TrimSpace(body[:loc[0]]); pre != "" && !looksLikeProse(Clean(pre)) && overridesBox(Clean(pre)) {
				return "", 0, true, true
			}
			continue
		}
		if looksLikeProse(Clean(body)) {
			continue // "Actually, it is easy to check that ...": no value restated
		}
		v := answerSpan(rest)
		if v == "" || !overridesBox(v) {
			continue // "Actually, it is correct": a comment
		}
		if hedged && v != a {
			return "", 0, true, true // "Actually, it might be 5": undecided
		}
		return v, end, false, true
	}
	if retractionRe.MatchString(lower[from:]) {
		return "", 0, true, true // "The answer is 4. Wait, that's wrong.": no answer stands
	}
	return "", 0, false, false
}

// correctionAfter finds the last correction after offset from (see lastCorrection); a
// retraction after it ("Actually, it is 5. Wait, that's wrong.") takes the corrected value back
// too.
func correctionAfter(resp, lower string, from int, a string) (value string, retract, found bool) {
	if from < 0 || from >= len(resp) {
		return "", false, false
	}
	if dv, dAt, ok := deniedAfter(resp, lower, from, a); ok {
		// "Actually, 12 is wrong. It's 13.": corrections after the denial correct its value
		v, end, retract, found := lastCorrection(resp, lower, dAt, a)
		switch {
		case found && (retract || retractionRe.MatchString(lower[end:])):
			return "", true, true
		case found:
			return v, false, true
		case dv != "":
			return dv, false, true
		}
		if v, _, retract, found := lastCorrection(resp[:dAt], lower[:dAt], from, a); found && !retract {
			return v, false, true // "Sorry, 14. Actually, 12 is wrong.": the correction stands
		}
		return "", true, true // the answer is called wrong and nothing replaces it
	}
	v, end, retract, found := lastCorrection(resp, lower, from, a)
	if found && !retract && retractionRe.MatchString(lower[end:]) {
		return "", true, true
	}
	return v, retract, found
}

// correctionSentence returns the sentence at the start of s: up to the first ". ", "? ", "! "
// or the end of the line (a "." inside a number or a math span does not end it).
func correctionSentence(s string) string {
	s = firstLine(s)
	inMath := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '$':
			inMath = !inMath
		case inMath:
		case c == '?':
			return s[:i+1]
		case (c == '.' || c == '!') && (i+1 == len(s) || s[i+1] == ' '):
			return s[:i]
		}
	}
	return s
}
