package mathexpr

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

type tokKind uint8

const (
	tEOF  tokKind = iota
	tNum          // a numeric literal: 12, 1.5, .5, 1.2e3
	tSym          // a variable or constant name
	tFunc         // a function name: sin, ln, log, ...
	tOp           // an operator or bracket, normalized
	tWord         // words of text (units, "no solution"): skipped inside expressions
)

type token struct {
	kind tokKind
	s    string
	pos  int
}

// funcNames are the functions known both as \cmd and as plain words.
var funcNames = map[string]string{
	"sin": "sin", "cos": "cos", "tan": "tan", "cot": "cot", "sec": "sec", "csc": "csc",
	"arcsin": "asin", "arccos": "acos", "arctan": "atan", "asin": "asin", "acos": "acos", "atan": "atan",
	"sinh": "sinh", "cosh": "cosh", "tanh": "tanh", "log": "log", "ln": "ln", "lg": "log10",
	"exp": "exp", "sqrt": "sqrt", "abs": "abs", "floor": "floor", "ceil": "ceil",
	"max": "max", "min": "min", "gcd": "gcd", "lcm": "lcm", "arcsec": "asec", "arccsc": "acsc", "arccot": "acot",
	"acot": "acot", "asec": "asec", "acsc": "acsc", "binom": "binom",
}

// plainCalls are function names of programming notation (Python, SymPy, calculators), known
// only when an argument list follows directly: factorial(5), binomial(5, 2), cbrt(8), Abs(x).
// Other words of four or more letters directly before "(" are unknown functions and a syntax
// error: skipping them as text would read factorial(5) as 5.
var plainCalls = map[string]string{"factorial": "factorial", "binomial": "binom", "comb": "binom",
	"cbrt": "cbrt", "Abs": "abs", "Max": "max", "Min": "min", "pow": "pow", "Rational": "rational",
	"sqrt": "sqrt", "exp": "exp", "log": "log", "ln": "ln", "abs": "abs"}

// modulePrefixes are Python module names written before a function or constant (math.pi,
// np.sqrt(2), sympy.Rational(1, 2)); the prefix is dropped.
var modulePrefixes = map[string]bool{"math": true, "cmath": true, "np": true, "numpy": true,
	"sp": true, "sympy": true}

// plainFuncs lists the function words recognized inside a run of plain letters, longest first.
var plainFuncs = []string{"arcsin", "arccos", "arctan", "sinh", "cosh", "tanh", "sqrt", "asin", "acos",
	"atan", "sin", "cos", "tan", "cot", "sec", "csc", "log", "exp", "abs", "ln"}

var greek = map[string]bool{"alpha": true, "beta": true, "gamma": true, "delta": true, "epsilon": true,
	"varepsilon": true, "zeta": true, "eta": true, "theta": true, "vartheta": true, "iota": true,
	"kappa": true, "lambda": true, "mu": true, "nu": true, "xi": true, "rho": true, "sigma": true,
	"tau": true, "upsilon": true, "phi": true, "varphi": true, "chi": true, "psi": true, "omega": true,
	"Gamma": true, "Delta": true, "Theta": true, "Lambda": true, "Xi": true, "Sigma": true, "Phi": true,
	"Psi": true, "Omega": true}

// cmdOps maps LaTeX commands to operator tokens ("" means skip the command).
var cmdOps = map[string]string{
	"frac": "frac", "dfrac": "frac", "tfrac": "frac", "cfrac": "frac", "sqrt": "sqrt",
	"binom": "binom", "dbinom": "binom", "tbinom": "binom",
	"cdot": "*", "times": "*", "ast": "*", "div": "/", "pm": "pm", "mp": "mp",
	"le": "<=", "leq": "<=", "leqslant": "<=", "ge": ">=", "geq": ">=", "geqslant": ">=",
	"lt": "<", "gt": ">", "ne": "!=", "neq": "!=", "approx": "approx", "equiv": "=",
	"cup": "cup", "cap": "cap", "lbrace": "{set", "rbrace": "}set", "langle": "(", "rangle": ")",
	"vert": "|", "lvert": "|", "rvert": "|", "mid": "|", "|": "|",
	"lfloor": "lfloor", "rfloor": "rfloor", "lceil": "lceil", "rceil": "rceil",
	"left": "", "right": "", "big": "", "Big": "", "bigg": "", "Bigg": "", "bigl": "", "bigr": "",
	"Bigl": "", "Bigr": "", "biggl": "", "biggr": "", "displaystyle": "", "textstyle": "",
	"limits": "", ",": "", ";": "", ":": "", "!": "", " ": "", "quad": "", "qquad": "",
	"circ": "", "degree": "", "dots": "", "ldots": "", "cdots": "", "%": "%", "$": "",
	"{": "{set", "}": "}set", "lor": "sep", "land": "and", "wedge": "and", "vee": "sep",
	"cong": "=", "simeq": "=", "colon": "", "\\": "\\\\", "cr": "\\\\", "hline": "",
	"choose": "choose", "setminus": "setminus", "backslash": "setminus",
	"in": "in", "to": "sep", "Rightarrow": "sep", "implies": "sep", "quad,": "",
}

// unsupported are operators the engine does not evaluate; reading them as variables would give
// wrong answers, so they are syntax errors.
var unsupported = map[string]bool{"int": true, "iint": true, "iiint": true, "oint": true, "sum": true,
	"prod": true, "lim": true, "limsup": true, "liminf": true, "partial": true, "nabla": true,
	"det": true, "dim": true, "ker": true, "arg": true, "Pr": true, "mod": true, "bmod": true,
	"pmod": true, "forall": true, "exists": true, "vec": true, "overrightarrow": true, "hat": true,
	"bar": true, "prime": true, "sup": true}

// stopWords are short English words that are never products of variables.
var stopWords = map[string]bool{"no": true, "the": true, "is": true, "of": true, "yes": true, "not": true,
	"are": true, "all": true, "any": true, "for": true, "if": true, "we": true, "its": true, "has": true, "so": true}

// negations are words that deny what follows ("not 4", "\text{never } 4"). The parser has no
// reading for them, so an answer with one is never equal to the value it denies (skipped as a
// word, "not 4" would equal 4).
var negations = map[string]bool{"not": true, "never": true, "neither": true, "nor": true,
	"cannot": true, "isnt": true, "arent": true, "doesnt": true, "dont": true, "wont": true}

// hasNegation reports whether the text t has a negation word ("is not", "not ").
func hasNegation(t string) bool {
	for _, w := range strings.FieldsFunc(t, func(r rune) bool { return r == ' ' || r == '-' || r == '.' }) {
		if negations[strings.ToLower(strings.ReplaceAll(w, "'", ""))] && w != strings.ToUpper(w) {
			return true
		}
	}
	return false
}

var unitWords = map[string]bool{"cm": true, "mm": true, "km": true, "kg": true, "mg": true, "ml": true,
	"ft": true, "yd": true, "hr": true, "hrs": true, "sq": true, "mph": true, "units": true, "unit": true}

// lex splits normalized answer text into tokens.
func lex(s string) ([]token, error) {
	var toks []token
	emit := func(k tokKind, v string, pos int) { toks = append(toks, token{k, v, pos}) }
	i := 0
	for i < len(s) {
		if len(toks) > 4*maxNodes {
			return nil, ErrTooLarge
		}
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '~' || c == '$':
			i++
		case c >= '0' && c <= '9' || c == '.' && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9':
			j := i
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			if j < len(s) && s[j] == '.' && j+1 < len(s) && s[j+1] >= '0' && s[j+1] <= '9' {
				j++
				for j < len(s) && s[j] >= '0' && s[j] <= '9' {
					j++
				}
			} else if j < len(s) && s[j] == '.' && (j+1 == len(s) || s[j+1] == ' ') && j > i {
				j++ // "5." is 5
			}
			// scientific notation 1.2e3, 1e-5 (not 2e^x, 2e)
			if j+1 < len(s) && (s[j] == 'e' || s[j] == 'E') {
				k := j + 1
				if s[k] == '+' || s[k] == '-' {
					k++
				}
				if k < len(s) && s[k] >= '0' && s[k] <= '9' {
					for k < len(s) && s[k] >= '0' && s[k] <= '9' {
						k++
					}
					if k == len(s) || !isLetter(s[k]) {
						j = k
					}
				}
			}
			emit(tNum, strings.TrimSuffix(s[i:j], "."), i)
			i = j
		case isLetter(c):
			if n := gluedSeparator(s, i, emit); n > i {
				i = n
				continue
			}
			j := i
			for j < len(s) && isLetter(s[j]) {
				j++
			}
			n, err := lexLetters(s, i, j, emit)
			if err != nil {
				return nil, err
			}
			i = n
		case c == '\\':
			if i+1 >= len(s) {
				i++
				continue
			}
			if s[i+1] == '\\' && doubledCommand(s[i+2:]) {
				i++ // \\frac from a doubly escaped string is \frac, not a row break and "frac"
			}
			j := i + 1
			if isLetter(s[j]) {
				for j < len(s) && isLetter(s[j]) {
					j++
				}
			} else {
				j++
			}
			name := s[i+1 : j]
			n, err := lexCommand(s, name, i, j, emit)
			if err != nil {
				return nil, err
			}
			i = n
		default:
			r, w := utf8.DecodeRuneInString(s[i:])
			pos := i
			i += w
			switch r {
			case '*':
				if i < len(s) && s[i] == '*' {
					i++
					emit(tOp, "^", pos)
				} else {
					emit(tOp, "*", pos)
				}
			case '<', '>', '!', '=':
				op := string(r)
				if r == '!' && factorialBefore(s, pos) {
					emit(tOp, "!", pos) // 5!=120 is 5! = 120; the = is lexed next
					break
				}
				if i < len(s) && s[i] == '=' {
					op += "="
					i++
				} else if r == '=' && i < len(s) && s[i] == '>' {
					op = "sep"
					i++
				}
				if op == "==" {
					op = "="
				}
				emit(tOp, op, pos)
			case '+', '-', '/', '^', '_', '(', ')', '[', ']', '{', '}', ',', ';', '|', '%', '&', '\'':
				emit(tOp, string(r), pos)
			case ':':
				// ratio a:b is rare in answers; treat as division-free separator
				emit(tOp, ":", pos)
			case '−', '–':
				emit(tOp, "-", pos)
			case '×', '·', '⋅', '∙':
				emit(tOp, "*", pos)
			case '÷':
				emit(tOp, "/", pos)
			case '±':
				emit(tOp, "pm", pos)
			case '∓':
				emit(tOp, "mp", pos)
			case '≤', '⩽':
				emit(tOp, "<=", pos)
			case '≥', '⩾':
				emit(tOp, ">=", pos)
			case '≠':
				emit(tOp, "!=", pos)
			case '≈':
				emit(tOp, "approx", pos)
			case '√':
				emit(tOp, "sqrt", pos)
			case '∈':
				emit(tOp, "in", pos)
			case '∪':
				emit(tOp, "cup", pos)
			case '∩':
				emit(tOp, "cap", pos)
			case 'π':
				emit(tSym, "pi", pos)
			case '∞':
				emit(tSym, "inf", pos)
			case '∅':
				emit(tSym, "emptyset", pos)
			case '°', '\u00a0', '\u2009', '\u202f':
			case '²':
				emit(tOp, "^", pos)
				emit(tNum, "2", pos)
			case '³':
				emit(tOp, "^", pos)
				emit(tNum, "3", pos)
			default:
				if r == utf8.RuneError {
					return nil, &ParseError{Input: trunc(s), Pos: pos, Msg: "invalid UTF-8"}
				}
				emit(tWord, string(r), pos)
			}
		}
	}
	emit(tEOF, "", len(s))
	return toks, nil
}

// gluedSeparator reads "or" or "and" written without spaces between a value and the next
// answer ("x=1orx=2", "y=3andy=4", "W(x)=1orW(x)=-1"): right after a digit or a closing
// bracket and before another letter or bracket it is a separator, not letters to multiply or a
// word to skip (either would let the hedge answer its last value). It returns where lexing
// continues, or i when there is no such separator.
func gluedSeparator(s string, i int, emit func(tokKind, string, int)) int {
	if i == 0 || !strings.ContainsRune("0123456789)]}", rune(s[i-1])) {
		return i
	}
	for _, w := range [...]string{"or", "and"} {
		k := i + len(w)
		if !strings.HasPrefix(s[i:], w) || k >= len(s) {
			continue
		}
		e := k
		for e < len(s) && isLetter(s[e]) {
			e++
		}
		// what follows is a short name starting the next answer (x=, W(x), y_1, \frac), not
		// the rest of a word ("5orders", "2andrew")
		if e-k <= 2 && e < len(s) && (e > k && strings.ContainsRune("=(_<>!", rune(s[e])) || e == k && s[e] == '\\') {
			emit(tOp, map[string]string{"or": "sep", "and": "and"}[w], i)
			return k
		}
	}
	return i
}

// factorialBefore reports whether the "!" at s[pos] is a factorial: written directly after a
// number or a closing bracket (5!, (n+1)!, \binom{5}{2}!). Then "5!=120" is "5! = 120", while
// "x != 3" (a space or a letter before it) and "x \ne 3" are "not equal".
func factorialBefore(s string, pos int) bool {
	if pos == 0 {
		return false
	}
	c := s[pos-1]
	return c >= '0' && c <= '9' || c == ')' || c == ']' || c == '}'
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func trunc(s string) string {
	if len(s) > 80 {
		return s[:80]
	}
	return s
}

// lexLetters handles the run of letters s[i:j]: a programming-notation call such as
// factorial(5) or log10(100), otherwise lexWord. It returns where lexing continues.
func lexLetters(s string, i, j int, emit func(tokKind, string, int)) (int, error) {
	w := s[i:j]
	if modulePrefixes[w] && j+1 < len(s) && s[j] == '.' && isLetter(s[j+1]) {
		return j + 1, nil // np.sqrt(2) is sqrt(2)
	}
	if w == "log" && j < len(s) && isDigit(s[j]) {
		k := j
		for k < len(s) && isDigit(s[k]) {
			k++
		}
		if k < len(s) && s[k] == '(' {
			// log10(x), log2(x): the base is part of the name
			emit(tFunc, "log", i)
			emit(tOp, "_", j)
			emit(tOp, "{", j)
			emit(tNum, s[j:k], j)
			emit(tOp, "}", j)
			return k, nil
		}
	}
	if j < len(s) && s[j] == '(' {
		if f, ok := plainCalls[w]; ok {
			emit(tFunc, f, i)
			return j, nil
		}
		if _, known := funcNames[w]; !known && len(w) >= 4 && !unitWords[strings.ToLower(w)] && !startsWithFunc(w) {
			return 0, &ParseError{Input: trunc(s), Pos: i, Msg: "unknown function " + w}
		}
	}
	lexWord(w, i, emit)
	return j, nil
}

// startsWithFunc reports whether w is read as known functions and letters (sinx, sqrtx).
func startsWithFunc(w string) bool {
	for _, f := range plainFuncs {
		if strings.HasPrefix(w, f) {
			return true
		}
	}
	return strings.HasPrefix(w, "pi")
}

// doubledCommand reports whether s starts with the name of a command the lexer knows, so that
// a doubled backslash before it (\\frac, \\le from an escaped JSON or Python string) is read
// as one. Only known names count: in a matrix, \\ before other letters is a row break.
func doubledCommand(s string) bool {
	j := 0
	for j < len(s) && isLetter(s[j]) {
		j++
	}
	if j < 2 {
		return false
	}
	name := s[:j]
	_, op := cmdOps[name]
	_, f := funcNames[name]
	return op || f || greek[name] || lexedCommands[name]
}

// lexedCommands are the commands lexCommand reads by name (besides cmdOps and funcNames).
var lexedCommands = map[string]bool{"text": true, "mathrm": true, "boxed": true, "pi": true,
	"infty": true, "emptyset": true, "varnothing": true, "begin": true, "end": true, "mathbf": true,
	"textbf": true, "operatorname": true}

// lexWord splits a run of plain letters: function names, pi, "or"/"and", units and words,
// otherwise one variable per letter (implicit multiplication).
func lexWord(w string, pos int, emit func(tokKind, string, int)) {
	lw := strings.ToLower(w)
	switch lw {
	case "or":
		emit(tOp, "sep", pos)
		return
	case "and":
		emit(tOp, "and", pos) // a separator that also says "both": x > 0 and x < 1
		return
	case "pi":
		emit(tSym, "pi", pos)
		return
	case "inf", "infty", "infinity", "oo":
		emit(tSym, "inf", pos)
		return
	case "i", "e":
		emit(tSym, w, pos)
		return
	case "percent", "percentage", "pct":
		emit(tOp, "%", pos)
		return
	}
	if f, ok := funcNames[w]; ok {
		emit(tFunc, f, pos)
		return
	}
	if negations[lw] && w != strings.ToUpper(w) {
		emit(tOp, "not", pos) // "not 4" denies 4: no parse rather than a skipped word
		return
	}
	if unitWords[lw] || stopWords[lw] && w != strings.ToUpper(w) {
		// an upper-case run such as NO or IS names points (\frac{NO}{BO}), not words
		emit(tWord, w, pos)
		return
	}
	for len(w) > 0 {
		matched := false
		for _, f := range plainFuncs {
			if strings.HasPrefix(w, f) {
				emit(tFunc, funcNames[f], pos)
				w, pos, matched = w[len(f):], pos+len(f), true
				break
			}
		}
		if matched {
			continue
		}
		if strings.HasPrefix(w, "pi") {
			emit(tSym, "pi", pos)
			w, pos = w[2:], pos+2
			continue
		}
		if len(w) >= 4 {
			emit(tWord, w, pos)
			return
		}
		emit(tSym, w[:1], pos)
		w, pos = w[1:], pos+1
	}
}

// braceArg returns the content of the {...} group starting at s[i] (after spaces) and the index
// after it. ok is false when there is no group.
func braceArg(s string, i int) (string, int, bool) {
	for i < len(s) && s[i] == ' ' {
		i++
	}
	if i >= len(s) || s[i] != '{' {
		return "", i, false
	}
	depth := 0
	for j := i; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return s[i+1 : j], j + 1, true
			}
		}
	}
	return s[i+1:], len(s), true
}

// lexCommand handles \name found at s[start:end]; it returns where lexing continues.
func lexCommand(s, name string, start, end int, emit func(tokKind, string, int)) (int, error) {
	switch name {
	case "text", "textrm", "mbox", "mathrm", "textbf", "mathbf", "mathit", "textit", "boldsymbol",
		"mathsf", "texttt", "operatorname", "mathbb", "mathcal", "emph", "textnormal", "hbox", "bm", "pmb":
		arg, n, ok := braceArg(s, end)
		if !ok {
			return end, nil
		}
		t := strings.TrimSpace(arg)
		lt := strings.ToLower(t)
		switch {
		case t == "":
		case lt == "and" || lt == "and,":
			emit(tOp, "and", start)
		case lt == "or" || lt == "," || lt == "or,":
			emit(tOp, "sep", start)
		case name == "operatorname" || name == "mathrm" && len(t) > 1:
			if f, ok := funcNames[t]; ok {
				emit(tFunc, f, start)
				break
			}
			fallthrough
		default:
			if isWords(t) && hasNegation(t) {
				emit(tOp, "not", start)
				break
			}
			if len(normText(t)) > 1 && isWords(t) || isUnitText(name, t) {
				emit(tWord, t, start)
				break
			}
			toks, err := lex(arg)
			if err != nil {
				return 0, err
			}
			for _, tk := range toks[:len(toks)-1] {
				emit(tk.kind, tk.s, start)
			}
		}
		return n, nil
	case "begin", "end":
		arg, n, _ := braceArg(s, end)
		if name == "begin" {
			if strings.HasPrefix(arg, "array") {
				_, n2, ok := braceArg(s, n)
				if ok {
					n = n2
				}
			}
			emit(tOp, "matbegin", start)
		} else {
			emit(tOp, "matend", start)
		}
		return n, nil
	case "pi", "varpi":
		emit(tSym, "pi", start)
	case "infty", "infin":
		emit(tSym, "inf", start)
	case "emptyset", "varnothing", "empty":
		emit(tSym, "emptyset", start)
	case "e":
		emit(tSym, "e", start)
	case "i", "imath":
		emit(tSym, "i", start)
	case "not":
		// \not= is \ne; \not before anything else (\not\in, \not 4) denies it: no reading
		if end < len(s) && s[end] == '=' {
			emit(tOp, "!=", start)
			return end + 1, nil
		}
		emit(tOp, "not", start)
	case "notin":
		emit(tOp, "not", start)
	case "exp":
		emit(tFunc, "exp", start)
	case "sqrt":
		emit(tOp, "sqrt", start)
	case "binom", "dbinom", "tbinom":
		emit(tOp, "binom", start)
	case "(", ")", "[", "]":
		// what clean-up leaves of \\left( in a doubly escaped string: a bracket
		emit(tOp, name, start)
	default:
		if f, ok := funcNames[name]; ok {
			emit(tFunc, f, start)
			break
		}
		if op, ok := cmdOps[name]; ok {
			if op != "" {
				emit(tOp, op, start)
			}
			if name == "left" || name == "right" {
				if end < len(s) && s[end] == '.' {
					end++
				}
			}
			break
		}
		if greek[name] {
			emit(tSym, name, start)
			break
		}
		if unsupported[name] {
			return 0, &ParseError{Input: trunc(s), Pos: start, Msg: "unsupported \\" + name}
		}
		if !isLetter(name[0]) {
			break // an unknown escape such as \# or \&: ignored
		}
		// unknown command: a symbol named after it
		emit(tSym, name, start)
	}
	return end, nil
}

// isUnitText reports whether \text{t} (or \mbox, \textrm) holds a unit such as m, m/s, km^2.
func isUnitText(cmd, t string) bool {
	switch cmd {
	case "text", "textrm", "mbox", "mathrm", "textnormal", "hbox":
	default:
		return false
	}
	if len(normText(t)) <= 1 {
		return false // \mathrm{e}, \text{A}: a symbol
	}
	letter := false
	for i := 0; i < len(t); i++ {
		c := t[i]
		switch {
		case isLetter(c):
			letter = true
		case c == ' ' || c == '/' || c == '^' || c == '.' || c == '-' || c == '*':
		default:
			return false
		}
	}
	return letter
}

func isWords(t string) bool {
	hasLetter := false
	for i := 0; i < len(t); i++ {
		c := t[i]
		if isLetter(c) {
			hasLetter = true
			continue
		}
		if c == ' ' || c == '-' || c == '\'' || c == '.' || c >= 0x80 {
			continue
		}
		return false
	}
	return hasLetter
}

// trigDegreeRe finds a trigonometric function of an angle in degrees: \sin 60^\circ,
// \cos^2(45°), \tan\left(30^{\circ}\right), sin(22.5°).
var trigDegreeRe = regexp.MustCompile(`(\\?(?:sin|cos|tan|cot|sec|csc))\s*(\^\s*\{?\s*\d+\s*\}?)?\s*` +
	`(\\left\s*\(|\(|\{)?\s*(-?\s*\d+(?:\.\d+)?)\s*` +
	`(?:\^\s*\{\s*\\circ\s*\}|\^\s*\\circ|°|\^\s*\{\s*\\degree\s*\}|\\degree)\s*(\\right\s*\)|\)|\})?`)

// trigDegrees rewrites a trigonometric function of a number of degrees into radians before
// clean-up drops degree marks: \sin 60^\circ becomes \sin(60\cdot\frac{\pi}{180}), which is
// \frac{\sqrt{3}}{2}. A bare angle (30^\circ) is left alone: it stays 30, as documented.
func trigDegrees(s string) string {
	if !strings.ContainsAny(s, "c°") || !strings.Contains(s, "circ") && !strings.Contains(s, "°") && !strings.Contains(s, "degree") {
		return s
	}
	locs := trigDegreeRe.FindAllStringSubmatchIndex(s, -1)
	if locs == nil {
		return s
	}
	var b strings.Builder
	last := 0
	for _, m := range locs {
		if m[0] > 0 && isLetter(s[m[0]-1]) && s[m[0]] != '\\' {
			continue // arcsin, asin: not this function
		}
		opened, closed := m[6] >= 0, m[10] >= 0
		closer := ""
		if closed && !opened {
			closer = s[m[10]:m[11]] // the bracket closes something outside: keep it
		} else if opened && !closed {
			continue // \sin(30^\circ + x): not a plain angle
		}
		b.WriteString(s[last:m[0]])
		b.WriteString(s[m[2]:m[3]])
		if m[4] >= 0 {
			b.WriteString(s[m[4]:m[5]])
		}
		b.WriteString("(" + strings.ReplaceAll(s[m[8]:m[9]], " ", "") + "\\cdot\\frac{\\pi}{180})" + closer)
		last = m[1]
	}
	b.WriteString(s[last:])
	return b.String()
}
