package mathexpr

import (
	"regexp"
	"strings"
)

// otherChoiceRe finds a capital letter A-J standing alone, "(D)", "D" or "D.": another option.
var otherChoiceRe = regexp.MustCompile(`(?:^|[^A-Za-z\\])\(?[A-J]\)?(?:$|[^A-Za-z'])`)

var listWordRe = regexp.MustCompile(`^(?i:or|and)\b`)

// choiceTailOK reports whether what follows a multiple-choice letter leaves the letter as the
// one answer. A value or a sentence may follow ("(B) 12", "B. because ..."); an operator makes
// the letter part of an expression ("\text{(C)}+1"), a second option letter hedges across
// options ("(C), (D)", "(C) or D"), and a list separator offers a second answer ("(C), 288\pi",
// "(C) or 12"): none of these is a choice of one option, so they score 0.
func choiceTailOK(rest string) bool {
	rest = strings.TrimSpace(rest)
	if rest == "" {
		return true
	}
	if strings.ContainsRune("+-*/^_=<>!|&", rune(rest[0])) || strings.HasPrefix(rest, "\\cdot") || strings.HasPrefix(rest, "\\times") {
		return false
	}
	if strings.ContainsRune(",;", rune(rest[0])) || listWordRe.MatchString(rest) {
		return false // "(C), 288\pi", "(C) or 12": a second answer next to the letter
	}
	return !otherChoiceRe.MatchString(rest)
}
