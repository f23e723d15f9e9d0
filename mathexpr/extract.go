package mathexpr

import (
	"regexp"
	"strings"
)

// How an answer was found by Extract.
const (
	HowTag      = "answer_tag"   // the last <answer>...</answer>
	HowBoxed    = "boxed"        // the last \boxed{} or \fbox{}
	HowAnswerIs = "answer_is"    // "the (final) answer is ..."
	HowLabel    = "answer_label" // "Answer: ...", "**Final Answer**: ..."
	HowHashes   = "hashes"       // GSM8K "#### 42"
	HowWhole    = "whole"        // the response is a short answer by itself
	HowEquation = "equation"     // the right side of "x = ..." on the last line
	HowMathSpan = "math_span"    // the last $...$ or \(...\) on the last line
	HowProse    = "prose"        // a final sentence: "there is no solution", "the roots are 2 and 5"
	HowLastNum  = "last_number"  // the last number in the text
)

// Extract finds the final answer in a model response (often a long chain of thought). It tries,
// in order: the last <answer>...</answer> tag (its content is read with the same rules); the
// last \boxed{}/\fbox{} (nested braces, also "\boxed 5"), unless a decisive "the (final) answer
// is ..." or "Answer:" statement comes after it; "the answer is ..."; an "Answer:" label;
// "#### N"; the whole response when it is one short line; a final statement that there is no
// solution; a final list of solutions ("x = -7 or x = 1", "the roots are 2 and 5"); the $...$
// span the last sentence ends on; the right side of a final "x = ..."; the last $...$ math on
// the last line; the last number (the package documentation has every rule). A correction
// after a statement, label, box or "####" ("The answer is 3. Actually, it is 4.") replaces it. The answer is
// cleaned with Clean, and a chain "x = 2\cdot 3 = 6" is cut to its last side. how names the
// rule that matched (the How* constants); ok is false when nothing was found.
func Extract(response string) (answer, how string, ok bool) {
	if len(response) > MaxResponseLen {
		response = response[len(response)-MaxResponseLen:]
	}
	response = undoubleEscape(response)
	if strings.Contains(response, "<<") {
		response = calcRe.ReplaceAllString(response, "") // GSM8K calculator calls: $<<9*2=18>>18
	}
	if strings.Contains(response, "[asy]") {
		response = asyRe.ReplaceAllString(response, "") // a picture is not read for the answer
	}
	response = dropSignOff(endOfTurn(response))
	a, how, ok := extract(response)
	if ok {
		a = finalValue(a)
	}
	return a, how, ok && a != ""
}

// turnMarkerRe finds a chat template's turn marker (<|im_start|>, <|im_end|>, <|eot_id|>,
// <|endoftext|>, </s>, ...) and the role word after it.
var turnMarkerRe = regexp.MustCompile(`<\|(?:im_start|im_end|eot_id|endoftext|end|start_header_id|end_header_id|user|assistant)\|>(?:\s*(?:user|assistant|system)\b)?|</s>`)

// endOfTurn cuts a response at the first turn marker after its text: what follows
// ("<|im_start|>user ...") is a new turn the model went on to write, not its answer. Markers
// before any text (a leading "<|im_start|>assistant") are dropped.
func endOfTurn(s string) string {
	if !strings.Contains(s, "<|") && !strings.Contains(s, "</s>") {
		return s
	}
	for {
		loc := turnMarkerRe.FindStringIndex(s)
		if loc == nil {
			return s
		}
		if strings.TrimSpace(s[:loc[0]]) != "" {
			return s[:loc[0]]
		}
		s = s[loc[1]:]
	}
}

// signOffRe matches closing remarks that follow the answer and say nothing about it
// ("I hope it is correct.", "I hope this helps!", "Let me know if you have any questions.").
var signOffRe = regexp.MustCompile(`(?i)(?:\s*(?:i hope (?:it|this|that) (?:is|was) (?:correct|right|helpful)|i hope (?:this|that|it) helps|let me know if [^.!\n]*|feel free to ask[^.!\n]*|thank you|thanks)[.!]*)+\s*$`)

// dropSignOff removes closing remarks at the end of a response, so the sentence before them is
// the last one read.
func dropSignOff(s string) string {
	if loc := signOffRe.FindStringIndex(s); loc != nil && strings.TrimSpace(s[:loc[0]]) != "" {
		return s[:loc[0]]
	}
	return s
}

// asyRe matches an Asymptote picture [asy]...[/asy].
var asyRe = regexp.MustCompile(`(?s)\[asy\].*?\[/asy\]`)

// calcRe matches a GSM8K calculator annotation <<expression=value>>; the value follows it.
var calcRe = regexp.MustCompile(`<<[^<>\n]{0,200}=[^<>\n]{0,100}>>`)

func extract(response string) (answer, how string, ok bool) {
	if i := strings.LastIndex(response, "<answer>"); i >= 0 {
		inner := response[i+len("<answer>"):]
		if j := strings.Index(inner, "</answer>"); j >= 0 {
			inner = inner[:j]
		}
		if !strings.Contains(inner, "<answer>") {
			if a, _, ok := Extract(inner); ok {
				return a, HowTag, true
			}
		}
	}
	lower := asciiLower(response) // same byte offsets as response
	st, stAt, stHow, decisive := lastStatement(response, lower)
	if b, end, ok := lastBoxedEnd(response); ok {
		if a := Clean(b); a != "" {
			// A box is often an intermediate result; a decisive final statement written after
			// it is the answer the reader takes away.
			if st != "" && stAt >= end && decisive && overridesBox(st) {
				return corrected(response, lower, stAt, st, stHow)
			}
			// "\boxed{3}. Actually, it is 4.": a correction after the box replaces it
			return corrected(response, lower, end, a, HowBoxed)
		}
	}
	if st != "" {
		if v, retract, found := correctionAfter(response, lower, stAt, st); found {
			if retract {
				return "", "", false
			}
			return v, stHow, true // "The answer is 3. Actually, it is 4."
		}
		if negated(st) {
			return "", "", false // "the answer is not 4" names no answer
		}
		return st, stHow, true
	}
	if i := strings.LastIndex(response, "####"); i >= 0 {
		if a := Clean(firstLine(response[i+4:])); a != "" {
			return corrected(response, lower, i, a, HowHashes) // "#### 3\nSorry, it is 4."
		}
	}
	t := strings.TrimSpace(response)
	if t != "" && len(t) <= 80 && !strings.Contains(t, "\n") && (!looksLikeProse(t) || isEmptyAnswer(Clean(t))) {
		if a := Clean(t); a != "" {
			return a, HowWhole, true
		}
	}
	return extractLastLine(response, t)
}

// extractLastLine reads the end of a response that has no box, label or marker.
func extractLastLine(response, t string) (answer, how string, ok bool) {
	last := lastSentence(lastLine(t))
	if noSolutionProse(Clean(last)) {
		return "no solution", HowProse, true
	}
	if a, ok := bindingList(last); ok {
		return a, HowEquation, true
	}
	if a, ok := solutionsStated(last); ok {
		return a, HowProse, true
	}
	// The last sentence first: in a paragraph, an "=" or a $...$ sentences before the end is
	// not the conclusion ("the sum $3+4+5=12$ is too short ... both paths have length $13$").
	sentence := lastSentenceRaw(lastLine(t))
	if a, ok := endingSpan(sentence); ok {
		return a, HowMathSpan, true // "... so the minimum value is $70\sqrt{2}$."
	}
	for i, scope := range []string{sentence, t} {
		if a, ok := lastLineEquation(scope); ok {
			return a, HowEquation, true
		}
		if a, ok := lastMathSpan(scope); ok {
			return a, HowMathSpan, true
		}
		if m := lastNumberRe.FindAllString(scope, -1); i == 0 && len(m) > 0 && !hasNegation(scope) {
			// "Therefore, there are 12 distinct sequences ...": the last sentence states a
			// number in words around it; an "=" in an earlier sentence is a step, not this
			return Clean(strings.TrimRight(m[len(m)-1], ".,")), HowLastNum, true
		}
	}
	if m := lastNumberRe.FindAllString(response, -1); len(m) > 0 {
		a := strings.TrimRight(m[len(m)-1], ".,")
		return Clean(a), HowLastNum, true
	}
	return "", "", false
}

// overridesBox reports whether a statement after the last box names an answer (a value, an
// expression, a choice, "no solution"), not a comment such as "the answer is correct".
func overridesBox(a string) bool {
	if a == "" || looksLikeProse(a) || negated(a) {
		return false
	}
	if f := strings.Fields(a); len(f) == 1 && isWords(a) && len(a) >= 2 && !isEmptyAnswer(a) {
		// one word: a name ("Evelyn") is an answer, a lower-case word ("correct") a comment
		return a[0] >= 'A' && a[0] <= 'Z' || isMathWord(asciiLower(a))
	}
	return true
}

var lastNumberRe = regexp.MustCompile(`-?\d+(?:,\d{3})*(?:\.\d+)?(?:/\d+)?`)

// looksLikeProse reports whether a short line reads as a sentence rather than an answer: two or
// more plain words that are not math (or, and, sin, pi, ...).
func looksLikeProse(s string) bool {
	words := 0
	for _, w := range strings.Fields(s) {
		w = strings.Trim(w, ".,!?;:()")
		if len(w) < 2 || strings.HasPrefix(w, "\\") || !isWords(w) {
			continue
		}
		switch lw := strings.ToLower(w); {
		case lw == "or" || lw == "and" || isMathWord(lw) || unitWords[lw]:
			continue
		}
		words++
	}
	return words >= 2
}

var answerIsPhrases = []string{"final answer is", "answer is", "answer would be", "answer should be",
	"answer will be", "answer =", "the result is", "solution is"}

// decisivePhrases are the statements that override an earlier box.
var decisivePhrases = map[string]bool{"final answer is": true, "answer is": true}

// lastStatement finds the last "the answer is ..." or "Answer: ..." statement: its answer, the
// offset where the phrase starts, how it was found, and whether it is decisive (it may override
// an earlier box). Of the two kinds the one written later wins.
func lastStatement(resp, lower string) (answer string, at int, how string, decisive bool) {
	a1, at1, ph := afterAnswerIs(resp, lower)
	a2, at2 := afterLabel(resp)
	switch {
	case a1 != "" && (a2 == "" || at1 >= at2):
		return a1, at1, HowAnswerIs, decisivePhrases[ph] && !conditionalBefore(lower, at1)
	case a2 != "":
		return a2, at2, HowLabel, true
	}
	return "", -1, "", false
}

// conditionalBefore reports whether the sentence holding offset at is a hypothetical up to
// there: "if we counted the corners too, the answer is 12" does not restate the answer.
func conditionalBefore(lower string, at int) bool {
	start := strings.LastIndexAny(lower[:at], ".\n(")
	return hypotheticalRe.MatchString(lower[start+1 : at])
}

var hypotheticalRe = regexp.MustCompile(`\b(?:if|suppose|supposing|assuming|were|had|unless|otherwise)\b`)

func afterAnswerIs(resp, lower string) (answer string, at int, phrase string) {
	best, bestEnd := -1, 0
	for _, ph := range answerIsPhrases {
		if i := strings.LastIndex(lower, ph); i > best {
			best, bestEnd, phrase = i, i+len(ph), ph
		}
	}
	if best < 0 {
		return "", -1, ""
	}
	return answerSpan(resp[bestEnd:]), best, phrase
}

var labelRe = regexp.MustCompile(`(?i)(?:final answer|answer)\s*(?:\*\*)?\s*:\s*(?:\*\*)?`)

func afterLabel(resp string) (answer string, at int) {
	locs := labelRe.FindAllStringIndex(resp, -1)
	if len(locs) == 0 {
		return "", -1
	}
	loc := locs[len(locs)-1]
	rest := resp[loc[1]:]
	rest = strings.TrimLeft(rest, " \t")
	if strings.HasPrefix(rest, "\n") {
		rest = strings.TrimLeft(rest, " \t\r\n")
	}
	return answerSpan(rest), loc[0]
}

// answerSpan takes the answer at the start of s: a $...$ or \(...\) math span if it starts
// with one (and the sentence does not go on "... is 34"), otherwise the text up to the end of
// the line or sentence, read by proseAnswer when it is a sentence.
func answerSpan(s string) string {
	s = strings.ReplaceAll(firstLine(s), "\\$", "") // an escaped dollar is not a math delimiter
	s = strings.TrimLeft(s, " \t:*")
	s = strings.TrimPrefix(s, "that ")
	if m := fillerRe.FindString(s); m != "" {
		s = s[len(m):] // "the answer is therefore $5$"
	}
	if spans, after, ok := leadingSpans(s); ok && !copulaNextRe.MatchString(after) {
		return Clean(strings.Join(spans, ", "))
	}
	line := firstLine(s)
	// end of sentence: ". " or a final "." not inside a number
	for i := 0; i < len(line); i++ {
		if line[i] == '.' && (i+1 == len(line) || line[i+1] == ' ') && !(i+1 < len(line) && isDigit(line[i+1])) {
			line = line[:i]
			break
		}
	}
	line = strings.TrimSpace(strings.Trim(line, "*"))
	if loc := reasonRe.FindStringIndex(line); loc != nil && loc[0] > 0 {
		line = line[:loc[0]] // "12 (since 3*4 = 12)", "7, not 8", "5 because ..."
	}
	if a, ok := proseAnswer(line); ok {
		return a
	}
	if n, ok := onlyNumber(line); ok {
		return n // "Final Answer: Jane started growing Sphere 3 hours ago" is 3
	}
	return Clean(line)
}

// onlyNumber reads an answer sentence that holds exactly one number and no math: that number
// is what it states. A denial ("not 3 hours") or a second number leaves it alone.
func onlyNumber(line string) (string, bool) {
	c := Clean(line)
	if !looksLikeProse(c) || strings.ContainsAny(line, "$\\=") || hasNegation(c) {
		return "", false
	}
	m := lastNumberRe.FindAllString(c, -1)
	if len(m) != 1 {
		return "", false
	}
	a := Clean(strings.TrimRight(m[0], ".,"))
	return a, a != ""
}

// fillerRe matches words between "the answer is" and the answer that say nothing about it.
var fillerRe = regexp.MustCompile(`^(?i:(?:therefore|thus|hence|so|simply|just|then|clearly|indeed|actually|exactly|now),?\s+)+`)

// reasonRe finds where an answer statement goes on with a reason or a rejected alternative.
var reasonRe = regexp.MustCompile(`(?i)(?:,\s*|\s+)\(?(?:because|since|as|which|where|from|not|rather than|instead of)\b`)

// leadingSpans reads the math spans at the start of s: one, or several joined only by commas,
// "and" or "or" ("$x = 3$ and $y = 4$"). after is the text that follows them.
func leadingSpans(s string) (spans []string, after string, ok bool) {
	for {
		span, rest, found := leadingSpan(s)
		if !found {
			break
		}
		spans = append(spans, span)
		after = rest
		t := strings.TrimLeft(rest, " ,")
		t = strings.TrimPrefix(strings.TrimPrefix(t, "and "), "or ")
		if t == rest || !strings.HasPrefix(t, "$") && !strings.HasPrefix(t, "\\(") {
			break
		}
		s = t
	}
	return spans, after, len(spans) > 0
}

// leadingSpan reads one $...$, $$...$$, \(...\) or \[...\] span at the start of s.
func leadingSpan(s string) (span, rest string, ok bool) {
	for _, d := range [][2]string{{"$$", "$$"}, {"$", "$"}, {"\\(", "\\)"}, {"\\[", "\\]"}} {
		if strings.HasPrefix(s, d[0]) {
			if j := strings.Index(s[len(d[0]):], d[1]); j >= 0 {
				return s[len(d[0]) : len(d[0])+j], s[len(d[0])+j+len(d[1]):], true
			}
		}
	}
	return "", "", false
}

// copulaNextRe: a math span followed by "is ..." names the quantity, not the answer
// ("$n$ is 34").
var copulaNextRe = regexp.MustCompile(`^\s*(?:is|are|equals|was|would be|must be)\b`)

func firstLine(s string) string {
	s = strings.TrimLeft(s, " \t")
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}

func lastLineEquation(t string) (string, bool) {
	lines := strings.Split(noCurrency(t), "\n")
	for k := len(lines) - 1; k >= 0; k-- {
		l := strings.TrimSpace(lines[k])
		if l == "" || l == "$$" || l == "\\]" {
			continue
		}
		i := strings.LastIndex(l, "=")
		if i < 0 || i > 0 && strings.ContainsRune("<>!", rune(l[i-1])) && !factorialBefore(l, i-1) {
			return "", false // "x <= 2" is an inequality: no right side to take
		}
		rhs := strings.TrimSpace(l[i+1:])
		if j := strings.Index(rhs, "$"); j >= 0 {
			rhs = rhs[:j]
		}
		if strings.HasSuffix(rhs, "\\]") {
			rhs = strings.TrimSuffix(rhs, "\\]")
		}
		if v, ok := leadingValue(rhs); ok {
			return v, true // "= 15 liters of water out of the 24 liters" is 15
		}
		if isBareName(rhs) {
			// "36 - 7 - 2 - 10 = 17 = x": the value is before the name
			if j := strings.LastIndex(l[:i], "="); j >= 0 {
				rhs = strings.TrimSpace(l[j+1 : i])
			}
		}
		if rhs == "" || len(rhs) > 120 || looksLikeProse(rhs) {
			return "", false
		}
		a := Clean(rhs)
		return a, a != ""
	}
	return "", false
}

var mathSpanEndRe = regexp.MustCompile(`\$([^$]+)\$|\\\((.+?)\\\)`)

// lastMathSpan returns the last inline math span on the last non-empty line.
func lastMathSpan(t string) (string, bool) {
	t = strings.TrimRight(t, " \t\r\n")
	if i := strings.LastIndexByte(t, '\n'); i >= 0 {
		t = t[i+1:]
	}
	t = noCurrency(strings.ReplaceAll(t, "\\$", "")) // an escaped dollar is not a math delimiter
	m := mathSpanEndRe.FindAllStringSubmatch(t, -1)
	if len(m) == 0 {
		return "", false
	}
	last := m[len(m)-1]
	a := Clean(last[1] + last[2])
	return a, a != ""
}

// asciiLower lower-cases ASCII letters only, so byte offsets stay valid in the original.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
