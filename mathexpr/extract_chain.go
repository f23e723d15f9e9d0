package mathexpr

import (
	"regexp"
	"strings"
)

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
		if gluedOrAndRe.MatchString(m) {
			return a // "x=1orx=2" is a hedge written without spaces, not a chain ending on 2
		}
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

// gluedOrAndRe finds "or"/"and" written between a value and the next answer without spaces
// (1orx, 1orW(x), 3andy).
var gluedOrAndRe = regexp.MustCompile(`[0-9)\]}](?:or|and)[a-zA-Z\\(]`)

// pmodRe matches a trailing modulus: \pmod{7}, \pmod 7, \mod 7, (\mod 7), (mod 7).
var pmodRe = regexp.MustCompile(`\s*\(?\\?(?:pmod|bmod|mod)\s*\{?\s*\d+\s*\}?\)?\s*$`)

var bareNameRe = regexp.MustCompile(`^(?:\\?[a-zA-Z]+(?:_\{?[a-zA-Z0-9]+\}?)?(?:\([a-z]\))?)$`)

// splitTop splits s at the separators that are outside brackets and braces; a "=" that is part
// of "==", "<=", ">=", ":=" or "!=" does not split (but the "=" of a factorial, 5!=120, does).
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
			if sep == "=" && (i > 0 && strings.ContainsRune("=<>:!", rune(s[i-1])) || i+1 < len(s) && s[i+1] == '=') &&
				!(i > 0 && s[i-1] == '!' && factorialBefore(s, i-1)) {
				continue // "5!=120" does split: its ! is a factorial
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
