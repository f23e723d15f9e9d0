package tokenize

import (
	"fmt"
	"strings"

	"github.com/dlclark/regexp2/v2"
)

// A splitter cuts a text into pre-tokens, like the Split pre-tokenizer with
// behavior "Isolated": the pieces are the regular expression's matches and
// the text between them, in order.
type splitter interface {
	// split appends to ends the end offsets of the pieces of s and returns
	// it; the last end is len(s). s is not empty.
	split(s string, ends []int) []int
}

// The split patterns the hand-written matcher implements, after
// transformers.js's rewriting of (?i:...) (see jsPattern). Qwen2 and Qwen3
// use patternQwen; Llama 3 and cl100k-style files use patternLlama3.
const (
	patternQwen   = `(?:'([sS]|[tT]|[rR][eE]|[vV][eE]|[mM]|[lL][lL]|[dD]))|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`
	patternLlama3 = `(?:'([sS]|[tT]|[rR][eE]|[vV][eE]|[mM]|[lL][lL]|[dD]))|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`
	// patternO200kJS is o200k's pattern as gpt-oss's tokenizer.json holds it,
	// after jsPattern.
	patternO200kJS = `[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?:'([sS]|[tT]|[rR][eE]|[vV][eE]|[mM]|[lL][lL]|[dD]))?|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?:'([sS]|[tT]|[rR][eE]|[vV][eE]|[mM]|[lL][lL]|[dD]))?|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+`
	// patternGPT2 is the ByteLevel pre-tokenizer's own pattern (use_regex).
	patternGPT2 = `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`
)

// jsPattern rewrites a tokenizer.json regex the way transformers.js does
// before compiling it as a JavaScript RegExp with flags "gu".
func jsPattern(re string) string {
	// JavaScript's u flag rejects these escapes.
	for _, c := range []string{"#", "&", "~"} {
		re = strings.ReplaceAll(re, `\`+c, c)
	}
	// No inline modifiers in older JavaScript engines.
	re = strings.ReplaceAll(re, `(?i:'s|'t|'re|'ve|'m|'ll|'d)`,
		`(?:'([sS]|[tT]|[rR][eE]|[vV][eE]|[mM]|[lL][lL]|[dD]))`)
	re = strings.ReplaceAll(re, ` ?[^(\s|[.,!?…。，、।۔،])]+`, ` ?[^\s.,!?…。，、।۔،]+`)
	return re
}

// newSplitter returns the splitter for a JavaScript-rewritten pattern: the
// hand-written matcher for the patterns it implements, else regexp2.
func newSplitter(pattern string) (splitter, error) {
	switch pattern {
	case patternQwen:
		return lookaheadSplitter{maxDigits: 1, tab: jsClasses}, nil
	case patternLlama3:
		return lookaheadSplitter{maxDigits: 3, tab: jsClasses}, nil
	case patternO200kJS:
		return o200kSplitter{tab: jsClasses}, nil
	}
	return newRegexSplitter(pattern)
}

// lookaheadSplitter matches patternQwen (maxDigits 1) or patternLlama3
// (maxDigits 3) with JavaScript's backtracking semantics, without a regular
// expression engine. The pattern's alternatives, tried in order at each
// position, are:
//
//  1. '  followed by s, t, re, ve, m, ll or d (ASCII, any case)
//  2. [^\r\n\p{L}\p{N}]?\p{L}+  an optional non-letter, non-number, non-newline
//     character, then a run of letters
//  3. \p{N}{1,maxDigits}
//  4. " ?[^\s\p{L}\p{N}]+[\r\n]*"  an optional space, a run of "other"
//     characters, then any \r and \n
//  5. \s*[\r\n]+  the white space run up to and including its last newline
//  6. \s+(?!\S)  the white space run up to the end of the text, or but its
//     last character when something follows
//  7. \s+  a single white space character before a non-space
//
// Every character is a letter, a number, white space or "other", so some
// alternative matches at every position: the pieces are exactly the
// matches, with no text between them.
//
// tab says what letters, numbers and white space are: jsClasses for
// tokenizer.json files (the reference runs JavaScript), rustClasses for
// cl100k (tiktoken runs Rust), where (?i) also lets 's match U+017F (ſ),
// which longS enables.
type lookaheadSplitter struct {
	maxDigits int
	tab       *classTable
	longS     bool
}

func (p lookaheadSplitter) split(s string, ends []int) []int {
	for i := 0; i < len(s); {
		i = p.next(s, i)
		ends = append(ends, i)
	}
	return ends
}

// run returns the end of the run of characters of class c starting at j.
func run(tab *classTable, c uint8, s string, j int) int {
	for j < len(s) {
		k, n := tab.bmp[s[j]&0x7F], 1 // (*classTable).at, inlined by hand
		if s[j] >= 0x80 {
			k, n = tab.atSlow(s, j)
		}
		if k&c == 0 {
			break
		}
		j += n
	}
	return j
}

// others returns the end of the run of "other" characters (neither
// letters, numbers nor white space) starting at j.
func others(tab *classTable, s string, j int) int {
	for j < len(s) {
		k, n := tab.bmp[s[j]&0x7F], 1
		if s[j] >= 0x80 {
			k, n = tab.atSlow(s, j)
		}
		if k&classLNS != 0 {
			break
		}
		j += n
	}
	return j
}

// contraction returns the length of the contraction ('s, 't, 're, 've, 'm,
// 'll or 'd, any case) at s[i:], or 0.
func contraction(s string, i int, longS bool) int {
	if i+1 >= len(s) || s[i] != '\'' {
		return 0
	}
	switch s[i+1] | 0x20 {
	case 's', 't', 'm', 'd':
		return 2
	case 'r', 'v':
		if i+2 < len(s) && s[i+2]|0x20 == 'e' {
			return 3
		}
	case 'l':
		if i+2 < len(s) && s[i+2]|0x20 == 'l' {
			return 3
		}
	case 0xC5 | 0x20:
		if longS && i+2 < len(s) && s[i+1] == 0xC5 && s[i+2] == 0xBF { // ſ
			return 3
		}
	}
	return 0
}

// next returns the end of the match starting at i < len(s).
func (p lookaheadSplitter) next(s string, i int) int {
	tab := p.tab
	// 1. contractions
	if n := contraction(s, i, p.longS); n > 0 {
		return i + n
	}
	c0, n0 := tab.at(s, i)
	b0 := s[i] // the character when ASCII: enough to test for ' ', '\r', '\n'
	// 2. letters, with one leading non-letter
	if c0&classL != 0 {
		return run(tab, classL, s, i+n0)
	}
	if c0&classN == 0 && b0 != '\r' && b0 != '\n' && i+n0 < len(s) {
		if c1, n1 := tab.at(s, i+n0); c1&classL != 0 {
			return run(tab, classL, s, i+n0+n1)
		}
	}
	// 3. numbers
	if c0&classN != 0 {
		j := i + n0
		for d := 1; d < p.maxDigits && j < len(s); d++ {
			c, n := tab.at(s, j)
			if c&classN == 0 {
				break
			}
			j += n
		}
		return j
	}
	// 4. punctuation and symbols, with one leading space
	j := -1
	if c0&classLNS == 0 {
		j = i
	} else if b0 == ' ' && i+1 < len(s) {
		if c1, _ := tab.at(s, i+1); c1&classLNS == 0 {
			j = i + 1
		}
	}
	if j >= 0 {
		j = others(tab, s, j)
		for j < len(s) && (s[j] == '\r' || s[j] == '\n') {
			j++
		}
		return j
	}
	return whitespace(tab, s, i)
}

// whitespace matches the last alternatives of the split patterns at i,
// where s holds white space: \s*[\r\n]+ (the run up to and including its
// last newline), \s+(?!\S) (the whole run at the end of the text, else all
// but its last character) and \s+ (a lone white space character before a
// non-space).
func whitespace(tab *classTable, s string, i int) int {
	lastNL, last := -1, i
	j := i
	for j < len(s) {
		c, n := tab.bmp[s[j]&0x7F], 1
		if s[j] >= 0x80 {
			c, n = tab.atSlow(s, j)
		}
		if c&classS == 0 {
			break
		}
		last = j
		if s[j] == '\r' || s[j] == '\n' {
			lastNL = j + 1
		}
		j += n
	}
	if lastNL >= 0 {
		return lastNL
	}
	if j == len(s) || last == i {
		return j
	}
	return last
}

// regexSplitter runs any pattern on regexp2, after translating the
// JavaScript-only meanings of \s, \d, \w and "." into explicit classes.
// Letters and numbers (\p{L}, \p{N}) follow Go's Unicode tables here, which
// can lag the reference's for recently assigned characters.
type regexSplitter struct{ re *regexp2.Regexp }

func newRegexSplitter(pattern string) (*regexSplitter, error) {
	return newDotNetSplitter(dotNetPattern(pattern))
}

// newDotNetSplitter runs pattern with regexp2's own (.NET) semantics, which
// are those of Rust's regex crates for the tiktoken patterns: the tests use
// it as the oracle of the hand-written tiktoken matchers.
func newDotNetSplitter(pattern string) (*regexSplitter, error) {
	re, err := regexp2.Compile(pattern, regexp2.None)
	if err != nil {
		return nil, fmt.Errorf("split pattern %q: %w", pattern, err)
	}
	return &regexSplitter{re: re}, nil
}

func (p *regexSplitter) split(s string, ends []int) []int {
	matches, err := p.re.FindAllStringIndex(s, -1)
	if err != nil { // only on a match timeout, which is not set
		return append(ends, len(s))
	}
	prev := 0
	for _, m := range matches {
		if m[0] > prev {
			ends = append(ends, m[0])
		}
		if m[1] > m[0] {
			ends = append(ends, m[1])
		}
		prev = m[1]
	}
	if prev < len(s) {
		ends = append(ends, len(s))
	}
	return ends
}

// jsSpaceClass is the content of a character class equal to JavaScript's \s.
const jsSpaceClass = `\t\n\x0B\f\r \u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000\uFEFF`

// dotNetPattern translates the shorthand classes whose meaning differs
// between JavaScript (with the u flag) and regexp2's .NET dialect.
func dotNetPattern(p string) string {
	var sb strings.Builder
	inClass := false
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c == '\\' && i+1 < len(p):
			e := p[i+1]
			i++
			switch {
			case e == 's' && inClass:
				sb.WriteString(jsSpaceClass)
			case e == 's':
				sb.WriteString("[" + jsSpaceClass + "]")
			case e == 'S' && !inClass:
				sb.WriteString("[^" + jsSpaceClass + "]")
			case e == 'd' && inClass:
				sb.WriteString("0-9")
			case e == 'd':
				sb.WriteString("[0-9]")
			case e == 'D' && !inClass:
				sb.WriteString("[^0-9]")
			case e == 'w' && inClass:
				sb.WriteString("a-zA-Z0-9_")
			case e == 'w':
				sb.WriteString("[a-zA-Z0-9_]")
			case e == 'W' && !inClass:
				sb.WriteString("[^a-zA-Z0-9_]")
			default:
				sb.WriteByte('\\')
				sb.WriteByte(e)
			}
		case c == '[' && !inClass:
			inClass = true
			sb.WriteByte(c)
			// A leading ] or ^] is literal in .NET but not in JavaScript;
			// such patterns are not seen in tokenizer files.
		case c == ']' && inClass:
			inClass = false
			sb.WriteByte(c)
		case c == '.' && !inClass:
			sb.WriteString(`[^\n\r\u2028\u2029]`)
		default:
			sb.WriteByte(c)
		}
	}
	return sb.String()
}

// o200kSplitter matches o200k_base's pattern, with the semantics of Rust's
// fancy-regex (tiktoken) on Go's Unicode tables when tab is rustClasses
// (and 's also matches 'ſ, longS), or of JavaScript when tab is jsClasses
// (gpt-oss's tokenizer.json):
//
//	[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?
//	|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?
//	|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+
//
// Call the two letter classes U (upper-ish) and W (lower-ish); they share
// Lm, Lo and M. The first alternative, after the optional prefix P, takes
// the run of U characters; if a W character follows, the run of W
// characters after it; else it backtracks to end after the last W
// character of the U run, and fails if there is none. It tries with P, then
// without. The second takes a non-empty U run and the W run after it. The
// others are those of lookaheadSplitter, with '/' among the trailing
// newlines of the fourth.
type o200kSplitter struct {
	tab   *classTable
	longS bool
}

const patternO200k = `[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+`

func (p o200kSplitter) split(s string, ends []int) []int {
	for i := 0; i < len(s); {
		i = p.next(s, i)
		ends = append(ends, i)
	}
	return ends
}

func (p o200kSplitter) next(s string, i int) int {
	tab := p.tab
	c0, n0 := tab.at(s, i)
	b0 := s[i] // the character when ASCII: enough to test for ' ', '\r', '\n'
	prefix := c0&(classL|classN) == 0 && b0 != '\r' && b0 != '\n'
	starts := [2]int{i + n0, i}
	first := 1
	if prefix && i+n0 < len(s) {
		first = 0
	}
	// 1.
	for _, at := range starts[first:] {
		q := run(tab, classU, s, at)
		end := -1
		if q < len(s) {
			if c, n := tab.at(s, q); c&classW != 0 {
				end = run(tab, classW, s, q+n)
			}
		}
		if end < 0 {
			for j := at; j < q; {
				c, n := tab.at(s, j)
				j += n
				if c&classW != 0 {
					end = j
				}
			}
		}
		if end >= 0 {
			return end + contraction(s, end, p.longS)
		}
	}
	// 2.
	for _, at := range starts[first:] {
		if q := run(tab, classU, s, at); q > at {
			end := run(tab, classW, s, q)
			return end + contraction(s, end, p.longS)
		}
	}
	// 3. numbers
	if c0&classN != 0 {
		j := i + n0
		for d := 1; d < 3 && j < len(s); d++ {
			c, n := tab.at(s, j)
			if c&classN == 0 {
				break
			}
			j += n
		}
		return j
	}
	// 4. punctuation and symbols, with one leading space
	j := -1
	if c0&classLNS == 0 {
		j = i
	} else if b0 == ' ' && i+1 < len(s) {
		if c1, _ := tab.at(s, i+1); c1&classLNS == 0 {
			j = i + 1
		}
	}
	if j >= 0 {
		j = others(tab, s, j)
		for j < len(s) && (s[j] == '\r' || s[j] == '\n' || s[j] == '/') {
			j++
		}
		return j
	}
	return whitespace(tab, s, i)
}
