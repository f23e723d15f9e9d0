// Reading the end of a response that states its answer in prose: the last line and sentence,
// solution lists, "no solution", a value followed by a unit, money.

package mathexpr

import (
	"regexp"
	"strings"
)

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
	if _, word := textAnswer(rest); word && rest == asciiLower(rest) && !strings.Contains(rest, "\\") && !textWords[normText(rest)] {
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
