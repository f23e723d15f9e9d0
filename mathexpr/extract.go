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
	HowLastNum  = "last_number"  // the last number in the text
)

// Extract finds the final answer in a model response (often a long chain of thought). It tries,
// in order: the last <answer>...</answer> tag (its content is read with the same rules); the
// last \boxed{}/\fbox{} (nested braces, also "\boxed 5"); "the answer is ...";
// an "Answer:" label; "#### N"; the whole response when it is one short line; the right side of
// a final "x = ..." line; the last $...$ math on the last line; the last number. The answer is cleaned with Clean. how names the rule
// that matched (the How* constants); ok is false when nothing was found.
func Extract(response string) (answer, how string, ok bool) {
	if len(response) > MaxResponseLen {
		response = response[len(response)-MaxResponseLen:]
	}
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
	if b, ok := lastBoxed(response); ok {
		if a := Clean(b); a != "" {
			return a, HowBoxed, true
		}
	}
	lower := asciiLower(response) // same byte offsets as response
	if a, ok := afterAnswerIs(response, lower); ok {
		return a, HowAnswerIs, true
	}
	if a, ok := afterLabel(response, lower); ok {
		return a, HowLabel, true
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
	if a, ok := lastLineEquation(t); ok {
		return a, HowEquation, true
	}
	if a, ok := lastMathSpan(t); ok {
		return a, HowMathSpan, true
	}
	if m := lastNumberRe.FindAllString(response, -1); len(m) > 0 {
		a := strings.TrimRight(m[len(m)-1], ".,")
		return Clean(a), HowLastNum, true
	}
	return "", "", false
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

func afterAnswerIs(resp, lower string) (string, bool) {
	best, bestEnd := -1, 0
	for _, ph := range answerIsPhrases {
		if i := strings.LastIndex(lower, ph); i > best {
			best, bestEnd = i, i+len(ph)
		}
	}
	if best < 0 {
		return "", false
	}
	a := answerSpan(resp[bestEnd:])
	if a == "" {
		return "", false
	}
	return a, true
}

var labelRe = regexp.MustCompile(`(?i)(?:final answer|answer)\s*(?:\*\*)?\s*:\s*(?:\*\*)?`)

func afterLabel(resp, lower string) (string, bool) {
	locs := labelRe.FindAllStringIndex(resp, -1)
	if len(locs) == 0 {
		return "", false
	}
	rest := resp[locs[len(locs)-1][1]:]
	rest = strings.TrimLeft(rest, " \t")
	if strings.HasPrefix(rest, "\n") {
		rest = strings.TrimLeft(rest, " \t\r\n")
	}
	a := answerSpan(rest)
	return a, a != ""
}

// answerSpan takes the answer at the start of s: a $...$ or \(...\) math span if it starts
// with one, otherwise the text up to the end of the line or sentence.
func answerSpan(s string) string {
	s = strings.ReplaceAll(firstLine(s), "\\$", "") // an escaped dollar is not a math delimiter
	s = strings.TrimLeft(s, " \t:*")
	s = strings.TrimPrefix(s, "that ")
	for _, d := range [][2]string{{"$$", "$$"}, {"$", "$"}, {"\\(", "\\)"}, {"\\[", "\\]"}} {
		if strings.HasPrefix(s, d[0]) {
			if j := strings.Index(s[len(d[0]):], d[1]); j >= 0 {
				return Clean(s[len(d[0]) : len(d[0])+j])
			}
		}
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
	return Clean(line)
}

func firstLine(s string) string {
	s = strings.TrimLeft(s, " \t")
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}

func lastLineEquation(t string) (string, bool) {
	lines := strings.Split(t, "\n")
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
	t = strings.ReplaceAll(t, "\\$", "") // an escaped dollar is not a math delimiter
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
