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
	s = undoubleEscape(s)
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
	s = strings.ReplaceAll(s, "{,}", ",") // a {,} not between digit groups is a comma
	if strings.Contains(s, "overline") || strings.Contains(s, "dot{") {
		s = repeatingRe.ReplaceAllStringFunc(s, repeating)
	}
	if strings.Contains(s, "\\") {
		s = spacingReplacer.Replace(s)
		s = strings.TrimSpace(s)
		if m := wholeWrapRe.FindStringSubmatch(s); m != nil && !isWords(m[1]) {
			s = strings.TrimSpace(m[1]) // \textbf{(B)}; words stay wrapped: \text{no solution}
		}
		if loc := unitTailRe.FindStringIndex(s); loc != nil && loc[0] > 0 && endsInValue(s[:loc[0]]) && !hasNegation(s[loc[0]:]) {
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
		"\\\\", "\\\\", // a row break stays; it is not "\ "
		"\\!", "", "\\,", " ", "\\;", " ", "\\:", " ", "\\quad", " ", "\\qquad", " ", "\\ ", " ", "~", " ",
	)
	wholeWrapRe = regexp.MustCompile(`^\\(?:text|textbf|mathrm|mathbf|textrm|mbox|textit|mathit|bf)\s*\{([^{}]*)\}$`)
	unitTailRe  = regexp.MustCompile(`\s*\\(?:text|mathrm|mbox|textrm)\s*\{[\s~]*[a-zA-Z][a-zA-Z ~./-]*\}(?:\^\{?[23]\}?)?$`)
)

// endsInValue reports whether s ends in something a unit can follow: a digit, a closing
// bracket, %, ! or \pi. After a comma, "or", "is" or "=" a \text{word} is an answer of its own
// ("9, \text{Evelyn}", "it is \text{Evelyn}"), not a unit.
func endsInValue(s string) bool {
	s = strings.TrimRight(s, " ~")
	if s == "" {
		return false
	}
	if textTailRe.MatchString(s) {
		return false // "9 \text{ or } \text{Evelyn}": what comes before is text, not a value
	}
	return strings.ContainsRune("0123456789})]|!%.", rune(s[len(s)-1])) || strings.HasSuffix(s, "\\pi")
}

// textTailRe finds a text group at the end: its closing brace does not end a value.
var textTailRe = regexp.MustCompile(`\\(?:text|textrm|mathrm|mbox|textbf)\s*\{[^{}]*\}$`)

var cleanReplacer = strings.NewReplacer(
	"$", "", "\\(", "", "\\)", "", "\\[", "", "\\]", "",
	"\\dfrac", "\\frac", "\\tfrac", "\\frac",
	"^{\\circ}", "", "^\\circ", "", "^{\\circ }", "", "^{ \\circ}", "", "\\circ", "", "°", "",
	"^\\degree", "", "\\degree", "",
	"\\$", "", "\\%", "%",
	"\\displaystyle", "", "\\textstyle", "",
	"\\mathbb{R}", "(-\\infty,\\infty)", "\\mathbb R", "(-\\infty,\\infty)", "ℝ", "(-\\infty,\\infty)",
	"\\left.", "", "\\right.", "",
	"\\{", "\\{", // keep
	"\n", " ", "\r", " ", "\t", " ",
	"½", "\\frac{1}{2}", "⅓", "\\frac{1}{3}", "⅔", "\\frac{2}{3}", "¼", "\\frac{1}{4}", "¾", "\\frac{3}{4}",
	"⅕", "\\frac{1}{5}", "⅙", "\\frac{1}{6}", "⅛", "\\frac{1}{8}",
)

// stripThousands removes thousands separators: between a 1-3 digit group and exactly three
// digits not followed by another digit, "{,}" and ",\!" (also with a space after, "1,\! 000")
// always separate thousands; a bare comma, "\,", "\!" or a space only outside brackets, so
// 1,000,000 is 1000000 while (1,100), [1,100] and \{1,100\} keep their two elements. A comma
// followed by a space is a list separator and is kept.
func stripThousands(s string) string {
	if !strings.ContainsAny(s, ",\\ {") {
		return s
	}
	depth := bracketDepths(s)
	var b strings.Builder
	b.Grow(len(s))
	i := 0
	for i < len(s) {
		c := s[i]
		if isDigit(c) && (i == 0 || !isDigit(s[i-1]) && s[i-1] != '.') {
			j := i // a run of digits starting here
			for j < len(s) && isDigit(s[j]) {
				j++
			}
			if j-i <= 3 && s[i] != '0' {
				if k := thousandsGroups(s, j, depth[i] == 0); k > j {
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

// thousandsGroups consumes separator + three-digit groups from k and returns where they end (k
// when there are none). bare says whether the number stands outside brackets, where a plain
// comma, "\,", "\!" and a space also separate thousands.
func thousandsGroups(s string, k int, bare bool) int {
	for {
		sepLen := 0
		switch {
		case strings.HasPrefix(s[k:], ",\\!"):
			sepLen = 3
			for k+sepLen < len(s) && s[k+sepLen] == ' ' {
				sepLen++ // 1,\! 000
			}
		case bracedComma(s[k:]) > 0:
			sepLen = bracedComma(s[k:]) // 14{,}916, also spaced: 14 {, }916
		case !bare:
		case strings.HasPrefix(s[k:], ","):
			sepLen = 1
		case strings.HasPrefix(s[k:], "\\,"), strings.HasPrefix(s[k:], "\\!"):
			sepLen = 2
		case k < len(s) && s[k] == ' ':
			sepLen = 1 // 1 000 000
		}
		if sepLen == 0 || k+sepLen+3 > len(s) {
			return k
		}
		g := s[k+sepLen : k+sepLen+3]
		if !isDigit(g[0]) || !isDigit(g[1]) || !isDigit(g[2]) {
			return k
		}
		if k+sepLen+3 < len(s) && isDigit(s[k+sepLen+3]) {
			return k
		}
		k += sepLen + 3
	}
}

// bracedComma returns the length of a braced comma "{,}" at the start of s, spaces before it
// and inside it included ("14 {, }916"); 0 when there is none. A comma in braces is LaTeX's
// thousands mark: a list never braces its commas.
func bracedComma(s string) int {
	i := 0
	for i < len(s) && s[i] == ' ' {
		i++
	}
	if !strings.HasPrefix(s[i:], "{,") {
		return 0
	}
	i += 2
	for i < len(s) && s[i] == ' ' {
		i++
	}
	if i < len(s) && s[i] == '}' {
		return i + 1
	}
	return 0
}

// bracketDepths gives, for each byte of s, how many brackets enclose it: (), [], \{\}, \langle
// \rangle and braces that are not a command's argument (\frac{1,000}{3} is not a bracket; a
// bare {1, 2} is). A half-open interval [1,100) counts like any other pair.
func bracketDepths(s string) []int {
	d := make([]int, len(s))
	var stack []bool // true: a counted bracket
	depth := 0
	for i := 0; i < len(s); i++ {
		d[i] = depth
		switch c := s[i]; c {
		case '(', '[':
			stack = append(stack, true)
			depth++
		case '{':
			counted := i > 0 && s[i-1] == '\\' || !argBrace(s, i)
			stack = append(stack, counted)
			if counted {
				depth++
			}
		case ')', ']', '}':
			if n := len(stack); n > 0 {
				if stack[n-1] {
					depth--
				}
				stack = stack[:n-1]
			}
		}
		if strings.HasPrefix(s[i:], "\\langle") {
			depth++
		} else if strings.HasPrefix(s[i:], "\\rangle") && depth > 0 {
			depth--
		}
	}
	return d
}

// argBrace reports whether the brace at i opens a command argument or a group: it follows a
// command name (\frac{), "^", "_" or a closing brace (\frac{1}{2}).
func argBrace(s string, i int) bool {
	j := i - 1
	for j >= 0 && s[j] == ' ' {
		j--
	}
	if j < 0 {
		return false
	}
	switch s[j] {
	case '^', '_', '}':
		return true
	}
	k := j
	for k >= 0 && isLetter(s[k]) {
		k--
	}
	return k < j && k >= 0 && s[k] == '\\'
}

// undoubleEscape undoes a second level of escaping, as found in responses copied out of JSON:
// "\\frac{1}{2}" is \frac{1}{2}. Only doubled backslashes before a known command are touched,
// unless the text has no single-escaped command at all; then every doubled backslash is one
// ("\\\\" is a row break "\\"). A real row break "\\" before a space or digit stays.
func undoubleEscape(s string) string {
	if !strings.Contains(s, "\\\\") {
		return s
	}
	doubled, single := 0, 0
	for i := 0; i+1 < len(s); i++ {
		if s[i] != '\\' {
			continue
		}
		if s[i+1] == '\\' {
			if (i == 0 || s[i-1] != '\\') && knownCommandAt(s, i+2) {
				doubled++
			}
			i++
			continue
		}
		if isLetter(s[i+1]) {
			single++
		}
	}
	if doubled == 0 {
		return s
	}
	if single == 0 {
		return strings.ReplaceAll(s, "\\\\", "\\")
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && s[i+1] == '\\' && (i == 0 || s[i-1] != '\\') && knownCommandAt(s, i+2) {
			continue // drop one of the two
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// knownCommandAt reports whether a LaTeX command name that answers use starts at i.
func knownCommandAt(s string, i int) bool {
	j := i
	for j < len(s) && isLetter(s[j]) {
		j++
	}
	return j > i && latexCommands[s[i:j]]
}

var latexCommands = map[string]bool{}

func init() {
	for _, c := range strings.Fields(`frac dfrac tfrac cfrac sqrt boxed fbox cdot times div pi infty
		left right text textbf mathrm mathbf mbox le leq ge geq ne neq pm mp approx circ degree
		sin cos tan cot sec csc arcsin arccos arctan log ln exp begin end overline dot cup cap
		emptyset varnothing alpha beta gamma theta lambda mu sigma phi omega displaystyle dots
		ldots cdots binom sum int lim lfloor rfloor lceil rceil langle rangle mathbb in quad`) {
		latexCommands[c] = true
	}
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
// ("$x = \boxed{2}$ or $x = \boxed{3}$"), or by a part label or unit word before "and" or a
// comma (joinsBoxes), are one answer list: "2, 3".
func lastBoxed(s string) (string, bool) {
	b, _, ok := lastBoxedEnd(s)
	return b, ok
}

// lastBoxedEnd is lastBoxed that also returns where the last box ends.
func lastBoxedEnd(s string) (string, int, bool) {
	content, start, ok := boxedBefore(s, len(s))
	if !ok {
		return "", 0, false
	}
	last := boxEnd(s, start)
	parts := []string{content}
	for k := 0; k < 16; k++ {
		c, st, ok := boxedBefore(s, start)
		if !ok {
			break
		}
		end := boxEnd(s, st)
		if end > start || !joinsBoxes(s[end:start]) {
			break
		}
		parts = append(parts, c)
		start = st
	}
	for l, r := 0, len(parts)-1; l < r; l, r = l+1, r-1 {
		parts[l], parts[r] = parts[r], parts[l]
	}
	return strings.Join(parts, ", "), last, true
}

// joinsBoxes reports whether the text between two boxes makes them one answer list: only
// separators (boxJoinRe), or a part label or a unit word before "and" or a comma
// ("\boxed{(3, 3)} \text{ for part (a) and } \boxed{(1, 1)}", "\boxed{1} papers and
// \boxed{2} bins"). A copula or a denial between them ("\boxed{3} is wrong, \boxed{4}") keeps
// the boxes apart, and the last one alone is the answer.
func joinsBoxes(between string) bool {
	if boxJoinRe.MatchString(between) {
		return true
	}
	if !labelJoinRe.MatchString(between) {
		return false
	}
	for _, w := range strings.Fields(asciiLower(unwrapText(between))) {
		if negations[w] || copulas[strings.Trim(w, ",")] {
			return false
		}
	}
	return true
}

// copulas state something about the box before them; they never join two boxes.
var copulas = map[string]bool{"is": true, "are": true, "was": true, "were": true, "be": true,
	"wrong": true, "incorrect": true}

// labelJoinRe matches a part label or a unit word followed by "and" or a comma, in plain text
// or \text{}, with the separators boxJoinRe allows around it.
var labelJoinRe = regexp.MustCompile(`^[ \t$]*(?:\\text\{)?[ \t]*(?:(?:for[ \t]+)?part[ \t]*\(?[a-z0-9]\)?|[a-zA-Z]{2,})[ \t]*(?:,|\band\b)[ \t]*\}?[ \t$]*(?:[a-zA-Z](?:_\{?\d\}?)?[ \t]*=[ \t]*)?$`)

var boxJoinRe = regexp.MustCompile(`^(?:[ \t$,;]|\\[()\[\]]|\\quad|\\qquad|\\,|\\text\{\s*(?:and|or|,)?\s*\}|\band\b|\bor\b|[a-zA-Z](?:_\{?\d\}?)?\s*=)*$`)

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
