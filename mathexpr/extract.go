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
// solution; a final list of solutions ("x = -7 or x = 1", "the roots are 2 and 5"); the right
// side of a final "x = ..." line; the last $...$ math on the last line; the last number. The
// answer is cleaned with Clean, and a chain "x = 2\cdot 3 = 6" is cut to its last side. how
// names the rule that matched (the How* constants); ok is false when nothing was found.
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
	a, how, ok := extract(response)
	if ok {
		a = finalValue(a)
	}
	return a, how, ok && a != ""
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
				return st, stHow, true
			}
			return a, HowBoxed, true
		}
	}
	if st != "" {
		if negated(st) {
			return "", "", false // "the answer is not 4" names no answer
		}
		return st, stHow, true
	}
	if i := strings.LastIndex(response, "####"); i >= 0 {
		if a := Clean(firstLine(response[i+4:])); a != "" {
			return a, HowHashes, true
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
	for _, scope := range []string{sentence, t} {
		if a, ok := lastLineEquation(scope); ok {
			return a, HowEquation, true
		}
		if a, ok := lastMathSpan(scope); ok {
			return a, HowMathSpan, true
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
		return a1, at1, HowAnswerIs, decisivePhrases[ph]
	case a2 != "":
		return a2, at2, HowLabel, true
	}
	return "", -1, "", false
}

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
	return Clean(line)
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
		if i < 0 {
			return "", false
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

// lastLine returns the last non-empty line of t, skipping lines that only close display math.
func lastLine(t string) string {
	lines := strings.Split(t, "\n")
	for k := len(lines) - 1; k >= 0; k-- {
		l := strings.TrimSpace(lines[k])
		for {
			// the last row of a display: "&= 12. \end{align*}" reads as "= 12."
			m := envEndRe.FindStringIndex(l)
			if m == nil {
				break
			}
			l = strings.TrimSpace(l[:m[0]])
		}
		l = strings.TrimSpace(strings.TrimPrefix(strings.TrimSuffix(l, "\\\\"), "&"))
		if l != "" && l != "$$" && l != "\\]" && l != "\\[" && !envBeginRe.MatchString(l) {
			return l
		}
	}
	return ""
}

var (
	envEndRe   = regexp.MustCompile(`\\end\{[a-zA-Z*]+\}\s*$`)
	envBeginRe = regexp.MustCompile(`^\\begin\{[a-zA-Z*]+\}$`)
)

// endingSpan returns the math span a sentence ends on ("the minimum value is $70\sqrt{2}$"),
// or the one before it when the last one only names a variable ("$7$ values of $n$").
func endingSpan(sentence string) (string, bool) {
	t := noCurrency(strings.TrimRight(sentence, " .,;"))
	if !strings.HasSuffix(t, "$") && !strings.HasSuffix(t, "\\)") {
		return "", false
	}
	m := mathSpanEndRe.FindAllStringSubmatchIndex(t, -1)
	if len(m) == 0 || m[len(m)-1][1] != len(t) {
		return "", false
	}
	pick := func(k int) string {
		g := m[k]
		if g[2] >= 0 {
			return t[g[2]:g[3]]
		}
		return t[g[4]:g[5]]
	}
	a := Clean(pick(len(m) - 1))
	if isBareName(a) && len(m) > 1 {
		a = Clean(pick(len(m) - 2))
	}
	return a, a != "" && !isBareName(a)
}

// lastSentenceRaw returns the last sentence of a line: the text after the last ". " that is
// not inside a math span.
func lastSentenceRaw(l string) string {
	l = strings.ReplaceAll(l, "\\$", "")
	l = strings.TrimRight(l, " .!;")
	inMath, display := false, false
	start := 0
	for i := 0; i < len(l); i++ {
		switch {
		case !inMath && strings.HasPrefix(l[i:], "$$"):
			if display = !display; !display && i+2 < len(l) {
				start = i + 2 // "$$... \pmod{100}$$Therefore, they have $59$ cents"
			}
			i++
		case l[i] == '$':
			inMath = !inMath
		case !inMath && !display && (l[i] == '.' || l[i] == '!' || l[i] == '?') && i+1 < len(l) && l[i+1] == ' ':
			start = i + 2
		case !inMath && strings.HasPrefix(l[i:], "\\]") && i+2 < len(l):
			start = i + 2 // "... = 1.\]Therefore, $r = 3.$": the display ends a sentence
		}
	}
	return l[start:]
}

// lastSentence is lastSentenceRaw without math delimiters and final punctuation.
func lastSentence(l string) string {
	l = lastSentenceRaw(l)
	for _, d := range []string{"$$", "$", "\\(", "\\)", "\\[", "\\]"} {
		l = strings.ReplaceAll(l, d, "")
	}
	return strings.TrimSpace(strings.TrimRight(strings.TrimSpace(l), ".,;!"))
}

// proseAnswer reads an answer statement written as a sentence: "The largest $n$ is 34" is 34,
// "not 4, it is 6" is 6, "there are no real solutions" is "no solution". ok is false when the
// text is not a sentence or names no single value.
func proseAnswer(line string) (string, bool) {
	c := Clean(line)
	prose := looksLikeProse(c)
	if prose && noSolutionProse(c) {
		return "no solution", true
	}
	lc := asciiLower(c)
	best, end := -1, 0
	for _, w := range []string{" is ", " are ", " equals ", " was ", " be ", " but "} {
		if i := strings.LastIndex(lc, w); i > best && (prose || w != " but ") {
			best, end = i, i+len(w) // "$n$ is $34$" is short but says the same
		}
	}
	if best < 0 {
		return "", false
	}
	rest := strings.TrimSpace(c[end:])
	rest = strings.TrimPrefix(rest, "equal to ")
	if rest == "" || looksLikeProse(rest) || startsWithWord(rest, "not") {
		return "", false
	}
	if _, word := textAnswer(rest); word && rest == asciiLower(rest) && !textWords[normText(rest)] {
		return "", false // "... $5$ is wrong": a judgment, not a value
	}
	a := Clean(rest)
	return a, a != ""
}

// negated reports whether an answer statement only says what the answer is not ("not 4").
func negated(a string) bool {
	return startsWithWord(a, "not")
}

func startsWithWord(s, w string) bool {
	return strings.HasPrefix(asciiLower(s), w+" ") || asciiLower(s) == w
}

// noSolutionRe finds a statement that an equation has no solution.
var noSolutionRe = regexp.MustCompile(`(?i)\b(?:no|not\s+any|never\s+any)\s+(?:real\s+|integer\s+|positive\s+|possible\s+|such\s+|valid\s+)?(?:solutions?|roots?|zeros?|values?)\b|\bsolution\s+set\s+is\s+empty\b|\bis\s+the\s+empty\s+set\b`)

// conditionalRe: a sentence that starts with a condition does not state the answer.
var conditionalRe = regexp.MustCompile(`(?i)^(?:if|when|unless|suppose|assume|for|since|because)\b`)

// noSolutionProse reports whether a sentence states that there is no solution, and nothing
// after that statement names one ("no solution other than x = 2" does).
func noSolutionProse(c string) bool {
	loc := noSolutionRe.FindStringIndex(c)
	if loc == nil || conditionalRe.MatchString(strings.TrimSpace(c)) {
		return false
	}
	rest := asciiLower(c[loc[1]:])
	if strings.ContainsAny(rest, "0123456789=") {
		return false
	}
	for _, w := range []string{"other than", "except", "but", "besides", "apart from", "unless", "if "} {
		if strings.Contains(rest, w) {
			return false
		}
	}
	return true
}

// bindingStartRe finds where a variable is bound: "x =", "x_1 =" (not "<=", "\le", "2x =").
var bindingStartRe = regexp.MustCompile(`(?:^|[^\\a-zA-Z0-9_}])([a-zA-Z](?:_\{?[a-zA-Z0-9]+\}?)?)\s*=[^=]`)

// bindingList reads a sentence that ends in a list of solutions: "so x = -7 or x = 1",
// "x = 2, x = 5", "x = 1 and y = 2". It needs at least two items, the first a binding, and each
// item a binding or a bare value.
func bindingList(sentence string) (string, bool) {
	for _, m := range bindingStartRe.FindAllStringSubmatchIndex(sentence, -1) {
		rest := sentence[m[2]:]
		items := splitItems(rest)
		if len(items) < 2 {
			continue
		}
		good := true
		for _, it := range items {
			if !isBindingOrValue(it) {
				good = false
				break
			}
		}
		if good {
			a := Clean(rest)
			return a, a != ""
		}
	}
	return "", false
}

// solutionsRe finds "the solutions are ...", "the roots are ...", "x is ...".
var solutionsRe = regexp.MustCompile(`(?i)\b(?:solutions?|roots?|zeros?|answers?)\b(?:\s+(?:of|to|for)\s+[^,;]*?)?\s+(?:are|is)\s*:?\s+`)

// solutionsStated reads a sentence stating the solutions in words: "the roots are -7 and 1".
func solutionsStated(sentence string) (string, bool) {
	locs := solutionsRe.FindAllStringIndex(sentence, -1)
	if len(locs) == 0 {
		return "", false
	}
	rest := strings.TrimSpace(sentence[locs[len(locs)-1][1]:])
	items := splitItems(rest)
	if len(items) == 0 {
		return "", false
	}
	for _, it := range items {
		if !isBindingOrValue(it) {
			return "", false
		}
	}
	a := Clean(rest)
	return a, a != ""
}

// splitItems splits a list at top-level commas, semicolons, "or" and "and".
func splitItems(s string) []string {
	var items []string
	depth, start := 0, 0
	flush := func(end int) {
		items = append(items, strings.TrimSpace(s[start:end]))
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '(' || c == '[' || c == '{':
			depth++
		case c == ')' || c == ']' || c == '}':
			depth--
		case depth == 0 && (c == ',' || c == ';'):
			flush(i)
			start = i + 1
		case depth == 0 && c == ' ':
			for _, w := range []string{" or ", " and "} {
				if strings.HasPrefix(s[i:], w) {
					flush(i)
					start = i + len(w) - 1
					break
				}
			}
		}
	}
	flush(len(s))
	out := items[:0]
	for _, it := range items {
		it = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(it, "or "), "and "))
		if it != "" {
			out = append(out, it)
		}
	}
	return out
}

// isBindingOrValue reports whether an item of a solution list is "x = value" or a value: math
// without prose words and without a second "=".
func isBindingOrValue(it string) bool {
	if m := bindingStartRe.FindStringSubmatchIndex(it); m != nil && m[2] == 0 {
		it = it[strings.IndexByte(it, '=')+1:]
	}
	it = strings.TrimSpace(it)
	if it == "" || strings.ContainsAny(it, "=<>") || strings.Contains(it, "\\le") || strings.Contains(it, "\\ge") {
		return false
	}
	for _, w := range strings.Fields(Clean(it)) {
		w = strings.Trim(w, "().,")
		if len(w) >= 2 && isWords(w) && !isMathWord(asciiLower(w)) {
			return false // a word: the sentence goes on
		}
	}
	return true
}

// finalValue cuts an answer written as a chain to the value it ends on: "x = 2\cdot 3 = 6" is
// "x = 6", and "x = 1/3 \approx 0.333" is "x = 1/3" (the exact value, written before the
// rounding, wins; "x \approx 0.333" is 0.333). Lists, inequalities and single equations are
// left alone.
func finalValue(a string) string {
	if loc := pmodRe.FindStringIndex(a); loc != nil && loc[0] > 0 {
		a = a[:loc[0]] // a residue: "3 \pmod{7}" is 3
	}
	if !strings.ContainsAny(a, "=≈") && !strings.Contains(a, "\\approx") && !strings.Contains(a, "\\equiv") {
		return a
	}
	if wordOrAndRe.MatchString(a) || topLevelAny(a, []string{",", ";", "<", ">", "\\le", "\\ge", "\\ne", "\\lt", "\\gt", "\\in", "≤", "≥", "≠", "\\pm"}) {
		return a
	}
	if parts := splitTop(a, []string{"\\approx", "≈"}); len(parts) > 1 {
		last := parts[len(parts)-1]
		switch {
		case len(splitTop(last, []string{"="})) > 1:
			a = last // "\frac{2.33}{43} \approx 0.054 = 5.4 cents": the chain goes on after the rounding
		case isBareName(parts[0]) || parts[0] == "":
			a = parts[1] // x \approx 0.333: only the rounded value is given
		default:
			a = parts[0]
		}
	}
	sides := splitTop(a, []string{"=", "\\equiv"})
	if strings.Contains(a, "\\equiv") && len(sides) == 2 {
		// a congruence ends on its residue: "24 \equiv 3 \pmod{7}" is 3, "n \equiv 3" is n = 3
		if isBareName(sides[0]) {
			return sides[0] + " = " + sides[1]
		}
		return sides[1]
	}
	if len(sides) < 3 {
		return a
	}
	for _, m := range sides[1 : len(sides)-1] {
		if f := strings.Fields(m); len(f) == 2 && !isBareName(f[0]) && isBareName(f[1]) && !strings.ContainsAny(f[0][len(f[0])-1:], "+-*/") {
			return a // "x = 1 \quad x = 2" is two answers, not a chain
		}
	}
	last := sides[len(sides)-1]
	if isBareName(last) && !isBareName(sides[0]) {
		return last + " = " + sides[len(sides)-2] // "36 - 7 - 2 - 10 = 17 = x" is x = 17
	}
	if isBareName(sides[0]) {
		return sides[0] + " = " + last
	}
	return last
}

// isBareName reports whether s is only a name: x, x_1, AB, f(x).
func isBareName(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" {
		return false
	}
	return bareNameRe.MatchString(s)
}

var wordOrAndRe = regexp.MustCompile(`\b(?:or|and)\b`)

// pmodRe matches a trailing modulus: \pmod{7}, \pmod 7, \mod 7, (\mod 7), (mod 7).
var pmodRe = regexp.MustCompile(`\s*\(?\\?(?:pmod|bmod|mod)\s*\{?\s*\d+\s*\}?\)?\s*$`)

var bareNameRe = regexp.MustCompile(`^(?:\\?[a-zA-Z]+(?:_\{?[a-zA-Z0-9]+\}?)?(?:\([a-z]\))?)$`)

// splitTop splits s at the separators that are outside brackets and braces; a "=" that is part
// of "==", "<=", ">=" or ":=" does not split.
func splitTop(s string, seps []string) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(', '[', '{':
			depth++
			continue
		case ')', ']', '}':
			depth--
			continue
		}
		if depth != 0 {
			continue
		}
		for _, sep := range seps {
			if !strings.HasPrefix(s[i:], sep) {
				continue
			}
			if sep == "=" && (i > 0 && strings.ContainsRune("=<>:!", rune(s[i-1])) || i+1 < len(s) && s[i+1] == '=') {
				continue
			}
			out = append(out, strings.TrimSpace(s[start:i]))
			start = i + len(sep)
			i = start - 1
			break
		}
	}
	return append(out, strings.TrimSpace(s[start:]))
}

// topLevelAny reports whether any of subs occurs in s outside brackets and braces.
func topLevelAny(s string, subs []string) bool {
	return len(splitTop(s, subs)) > 1
}

// leadingValueRe: a number followed by words, as in "15 liters of water" or "2 boxes".
// A rate ("18000/year") and an ordinal ("6th place") read the same way.
var leadingValueRe = regexp.MustCompile(`^(-?\d+(?:,\d{3})*(?:\.\d+)?(?:/\d+)?%?)(?:\s+|/|(?:st|nd|rd|th)\b\s*)([a-zA-Z][a-zA-Z&'.]+|an?\s+[a-zA-Z]{2,})`)

// notUnitWords continue a number as math rather than as a unit or a sentence.
var notUnitWords = map[string]bool{"or": true, "and": true, "times": true, "plus": true, "minus": true,
	"over": true, "divided": true, "squared": true, "cubed": true, "by": true, "of": true,
	"percent": true, "pct": true, "mod": true, "modulo": true, "choose": true, "root": true, "x": true}

// leadingValue reads the value at the start of the right side of a final equation in prose:
// a number followed by a unit or the rest of the sentence ("2 boxes of pizza", "36 seconds").
func leadingValue(rhs string) (string, bool) {
	rhs = strings.TrimSpace(rhs)
	m := leadingValueRe.FindStringSubmatch(rhs)
	if m == nil {
		return "", false
	}
	if after := strings.TrimLeft(rhs[len(m[0]):], " "); after != "" && isDigit(after[0]) && asciiLower(m[2]) == "to" {
		return "", false // "3 to 4" is a ratio
	}
	w := strings.TrimRight(asciiLower(m[2]), ".'")
	if f := strings.Fields(w); len(f) == 2 {
		w = f[1] // "34 a month"
	}
	if notUnitWords[w] || isMathWord(w) && !isPlural(w) {
		return "", false
	}
	a := Clean(m[1])
	return a, a != ""
}

// isPlural reports whether a word that reads as math is a plural noun: "4 logs" is 4 logs,
// not 4·log(s).
func isPlural(w string) bool {
	_, fn := funcNames[strings.TrimSuffix(w, "s")]
	return len(w) > 3 && strings.HasSuffix(w, "s") && fn
}

// noCurrency drops dollar signs that mark money rather than math: in a line where a pair of
// dollars does not enclose math (the text between them starts or ends with a space, as in
// "$400 + $60 = $460", or a dollar is left unpaired), a "$" before a digit is a currency sign.
func noCurrency(t string) string {
	if !strings.Contains(t, "$") {
		return t
	}
	lines := strings.Split(t, "\n")
	for k, l := range lines {
		if strings.Contains(l, "$") && !dollarsPairAsMath(l) {
			lines[k] = currencyRe.ReplaceAllString(l, "$1")
		}
	}
	return strings.Join(lines, "\n")
}

var currencyRe = regexp.MustCompile(`\$(\d)`)

// dollarsPairAsMath reports whether the $ signs of a line pair into math spans: an even count,
// and no span that starts or ends with a space or ends with an operator.
func dollarsPairAsMath(l string) bool {
	l = strings.ReplaceAll(l, "$$", "$")
	parts := strings.Split(l, "$")
	if len(parts)%2 == 0 {
		return false // odd number of dollars
	}
	for k := 1; k < len(parts); k += 2 {
		p := parts[k]
		if p == "" || p[0] == ' ' || p[len(p)-1] == ' ' || strings.ContainsRune("=+-*/", rune(p[len(p)-1])) {
			return false // "$15*13=$195": math does not end in an operator
		}
	}
	return true
}
