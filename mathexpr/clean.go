package mathexpr

import (
	"fmt"
	"math/big"
	"regexp"
	"strings"
)

// Clean normalizes an answer string before parsing: it keeps the content of the last
// \boxed{}/\fbox{} if any, drops $ \( \) \[ \] delimiters, \left/\right sizing, spacing
// commands (\! \, \; \quad), \displaystyle, degree marks (^\circ, °), \$ signs, thousands
// separators (1,000,000 and 1{,}000 and 1\,000, but not "1, 2"), a trailing unit in \text{}
// or \mathrm{} (12\text{ cm}^2 -> 12), a \text{}/\textbf{} wrapping the whole answer, a
// leading "=" or \approx, and trailing punctuation; it turns \dfrac/\tfrac into \frac and ½
// into \frac{1}{2}.
func Clean(s string) string {
	if b, ok := lastBoxed(s); ok {
		s = b
	}
	s = strings.TrimSpace(s)
	s = trigDegrees(s) // before degree marks are dropped: \sin 60^\circ is not \sin 60
	s = cleanReplacer.Replace(s)
	s = strings.TrimSpace(strings.Trim(s, "*")) // markdown bold: **18**
	if n, ok := numberWords[strings.ToLower(s)]; ok {
		s = n // "three"
	}
	if strings.Contains(s, "/") {
		s = plainMixedRe.ReplaceAllString(s, "${1}${2}\\frac{${3}}{${4}}${5}")
	}
	for _, p := range []string{"\\approx", "≈", "=", ":"} {
		if strings.HasPrefix(s, p) && !strings.HasPrefix(s, "==") {
			s = s[len(p):] // "= 5", "\approx 3.2"
		}
	}
	s = stripThousands(s)
	if strings.Contains(s, "overline") || strings.Contains(s, "dot{") {
		s = repeatingRe.ReplaceAllStringFunc(s, repeating)
	}
	if strings.Contains(s, "\\") {
		s = spacingReplacer.Replace(s)
		s = strings.TrimSpace(s)
		if m := wholeWrapRe.FindStringSubmatch(s); m != nil && !isWords(m[1]) {
			s = strings.TrimSpace(m[1]) // \textbf{(B)}; words stay wrapped: \text{no solution}
		}
		if loc := unitTailRe.FindStringIndex(s); loc != nil && loc[0] > 0 {
			s = s[:loc[0]] // 12\text{ cm}^2
		}
	}
	s = strings.TrimSpace(s)
	for len(s) > 0 {
		c := s[len(s)-1]
		if c == '.' || c == ',' || c == ';' || c == ':' || c == ' ' {
			s = s[:len(s)-1]
			continue
		}
		if n := len(s); n >= 2 && s[n-2] == '\\' && strings.ContainsRune(".,;!", rune(s[n-1])) {
			s = s[:len(s)-2]
			continue
		}
		if strings.HasSuffix(s, "\\quad") {
			s = s[:len(s)-5]
			continue
		}
		break
	}
	return strings.TrimSpace(s)
}

var numberWords = map[string]string{"zero": "0", "one": "1", "two": "2", "three": "3", "four": "4",
	"five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9", "ten": "10", "eleven": "11",
	"twelve": "12", "thirteen": "13", "fourteen": "14", "fifteen": "15", "sixteen": "16",
	"seventeen": "17", "eighteen": "18", "nineteen": "19", "twenty": "20"}

// plainMixedRe finds a plain-text mixed number "1 1/2" (read as 1\frac{1}{2}).
var plainMixedRe = regexp.MustCompile(`(^|[^\d./^_])(\d+) +(\d+)/(\d+)($|[^\d./^])`)

var (
	// spacingReplacer drops sizing and spacing commands (\left( -> "(").
	spacingReplacer = strings.NewReplacer(
		"\\left(", "(", "\\right)", ")", "\\left[", "[", "\\right]", "]", "\\left\\{", "\\{",
		"\\right\\}", "\\}", "\\left|", "|", "\\right|", "|", "\\left\\langle", "\\langle",
		"\\right\\rangle", "\\rangle", "\\left\\lvert", "|", "\\right\\rvert", "|",
		"\\!", "", "\\,", " ", "\\;", " ", "\\:", " ", "\\quad", " ", "\\qquad", " ",
	)
	wholeWrapRe = regexp.MustCompile(`^\\(?:text|textbf|mathrm|mathbf|textrm|mbox|textit|mathit|bf)\s*\{([^{}]*)\}$`)
	unitTailRe  = regexp.MustCompile(`\s*\\(?:text|mathrm|mbox|textrm)\s*\{[\s~]*[a-zA-Z][a-zA-Z ~./-]*\}(?:\^\{?[23]\}?)?$`)
)

var cleanReplacer = strings.NewReplacer(
	"$", "", "\\(", "", "\\)", "", "\\[", "", "\\]", "",
	"\\dfrac", "\\frac", "\\tfrac", "\\frac",
	"^{\\circ}", "", "^\\circ", "", "^{\\circ }", "", "^{ \\circ}", "", "\\circ", "", "°", "",
	"^\\degree", "", "\\degree", "",
	"\\$", "", "\\%", "%",
	"{,}", ",", "\\displaystyle", "", "\\textstyle", "",
	"\\mathbb{R}", "(-\\infty,\\infty)", "\\mathbb R", "(-\\infty,\\infty)", "ℝ", "(-\\infty,\\infty)",
	"\\left.", "", "\\right.", "",
	"\\{", "\\{", // keep
	"\n", " ", "\r", " ", "\t", " ",
	"½", "\\frac{1}{2}", "⅓", "\\frac{1}{3}", "⅔", "\\frac{2}{3}", "¼", "\\frac{1}{4}", "¾", "\\frac{3}{4}",
	"⅕", "\\frac{1}{5}", "⅙", "\\frac{1}{6}", "⅛", "\\frac{1}{8}",
)

// stripThousands removes thousands separators: a comma (or "\,", "\!", " ") between a 1-3 digit
// group and exactly three digits not followed by another digit, e.g. 1,000,000 -> 1000000.
// A comma followed by a space is a list separator and is kept.
func stripThousands(s string) string {
	if !strings.ContainsAny(s, ",\\ ") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	i := 0
	for i < len(s) {
		c := s[i]
		if isDigit(c) && (i == 0 || !isDigit(s[i-1]) && s[i-1] != '.') {
			// a run of digits starting here
			j := i
			for j < len(s) && isDigit(s[j]) {
				j++
			}
			if j-i <= 3 && s[i] != '0' {
				// try to consume separator groups
				k := j
				groups := 0
				for {
					sepLen := 0
					switch {
					case strings.HasPrefix(s[k:], ",\\!"):
						sepLen = 3
					case strings.HasPrefix(s[k:], ","):
						sepLen = 1
					case strings.HasPrefix(s[k:], "\\,"), strings.HasPrefix(s[k:], "\\!"):
						sepLen = 2
					case k < len(s) && s[k] == ' ':
						sepLen = 1 // 1 000 000
					}
					if sepLen == 0 || k+sepLen+3 > len(s) {
						break
					}
					g := s[k+sepLen : k+sepLen+3]
					if !isDigit(g[0]) || !isDigit(g[1]) || !isDigit(g[2]) {
						break
					}
					if k+sepLen+3 < len(s) && isDigit(s[k+sepLen+3]) {
						break
					}
					k += sepLen + 3
					groups++
				}
				if groups > 0 {
					for t := i; t < k; t++ {
						if isDigit(s[t]) {
							b.WriteByte(s[t])
						}
					}
					i = k
					continue
				}
			}
			b.WriteString(s[i:j])
			i = j
			continue
		}
		b.WriteByte(c)
		i++
	}
	return b.String()
}

var repeatingRe = regexp.MustCompile(`(\d*)\.(\d*)\\(?:overline|dot)\{(\d{1,30})\}`)

// repeating turns a repeating decimal 0.1\overline{6} into the exact fraction \frac{1}{6}.
func repeating(m string) string {
	g := repeatingRe.FindStringSubmatch(m)
	whole, fixed, rep := g[1], g[2], g[3]
	if whole == "" {
		whole = "0"
	}
	// value = whole.fixed + rep / (10^len(fixed) * (10^len(rep) - 1))
	v, ok := new(big.Rat).SetString(whole + "." + fixed + "0")
	if !ok {
		return m
	}
	r, _ := new(big.Int).SetString(rep, 10)
	d := new(big.Int).Sub(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(len(rep))), nil), big.NewInt(1))
	d.Mul(d, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(len(fixed))), nil))
	v.Add(v, new(big.Rat).SetFrac(r, d))
	return fmt.Sprintf("\\frac{%s}{%s}", v.Num(), v.Denom())
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// lastBoxed returns the content of the last \boxed{...} or \fbox{...} in s (also \boxed 5).
// Several boxes on the same line separated only by "and", "or", commas, "x =" and spacing
// ("$x = \boxed{2}$ or $x = \boxed{3}$") are one answer list: "2, 3".
func lastBoxed(s string) (string, bool) {
	content, start, ok := boxedBefore(s, len(s))
	if !ok {
		return "", false
	}
	parts := []string{content}
	for k := 0; k < 16; k++ {
		c, st, ok := boxedBefore(s, start)
		if !ok {
			break
		}
		end := boxEnd(s, st)
		if end > start || !boxJoinRe.MatchString(s[end:start]) {
			break
		}
		parts = append(parts, c)
		start = st
	}
	for l, r := 0, len(parts)-1; l < r; l, r = l+1, r-1 {
		parts[l], parts[r] = parts[r], parts[l]
	}
	return strings.Join(parts, ", "), true
}

var boxJoinRe = regexp.MustCompile(`^(?:[ \t$,;]|\\quad|\\qquad|\\,|\\text\{\s*(?:and|or|,)?\s*\}|\band\b|\bor\b|[a-zA-Z](?:_\{?\d\}?)?\s*=)*$`)

// boxedBefore finds the last \boxed or \fbox starting before limit: its content and start.
func boxedBefore(s string, limit int) (string, int, bool) {
	t := s[:limit]
	i := strings.LastIndex(t, "\\boxed")
	j := strings.LastIndex(t, "\\fbox")
	n := len("\\boxed")
	if j > i {
		i, n = j, len("\\fbox")
	}
	if i < 0 {
		return "", 0, false
	}
	rest := s[i+n:]
	if arg, _, ok := braceArg(rest, 0); ok {
		return arg, i, true
	}
	rest = strings.TrimLeft(rest, " ")
	if rest == "" || isLetter(rest[0]) && !strings.HasPrefix(s[i+n:], " ") {
		return "", 0, false
	}
	end := strings.IndexAny(rest, "$ \n")
	if end < 0 {
		end = len(rest)
	}
	return rest[:end], i, end > 0
}

// boxEnd returns the index just after the box starting at i.
func boxEnd(s string, i int) int {
	n := len("\\boxed")
	if strings.HasPrefix(s[i:], "\\fbox") {
		n = len("\\fbox")
	}
	if _, e, ok := braceArg(s, i+n); ok {
		return e
	}
	rest := s[i+n:]
	trim := len(rest) - len(strings.TrimLeft(rest, " "))
	end := strings.IndexAny(rest[trim:], "$ \n")
	if end < 0 {
		return len(s)
	}
	return i + n + trim + end
}
