package tokenize

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// validUTF8 returns s with every maximal invalid UTF-8 subsequence replaced
// by U+FFFD, as a WHATWG TextDecoder (and Python's errors="replace") does, so
// that Go strings holding stray bytes are encoded like the text a JavaScript
// or Python tokenizer would have received.
func validUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var sb strings.Builder
	sb.Grow(len(s) + 8)
	for len(s) > 0 {
		r, n := utf8.DecodeRuneInString(s)
		if r == utf8.RuneError && n == 1 {
			sb.WriteRune(utf8.RuneError)
			n = maximalSubpart(s)
		} else {
			sb.WriteString(s[:n])
		}
		s = s[n:]
	}
	return sb.String()
}

// maximalSubpart returns the length of the maximal subpart of an ill-formed
// sequence at the start of s (Unicode 3.9, "U+FFFD Substitution of Maximal
// Subparts"): the longest prefix that could start a well-formed sequence, or
// one byte.
func maximalSubpart(s string) int {
	need, lo, hi := 0, byte(0x80), byte(0xBF)
	switch c := s[0]; {
	case c >= 0xC2 && c <= 0xDF:
		need = 1
	case c == 0xE0:
		need, lo = 2, 0xA0
	case c == 0xED:
		need, hi = 2, 0x9F
	case c >= 0xE1 && c <= 0xEF:
		need = 2
	case c == 0xF0:
		need, lo = 3, 0x90
	case c >= 0xF1 && c <= 0xF3:
		need = 3
	case c == 0xF4:
		need, hi = 3, 0x8F
	default:
		return 1
	}
	i := 1
	for ; i <= need && i < len(s); i++ {
		c := s[i]
		if i == 1 && (c < lo || c > hi) || i > 1 && (c < 0x80 || c > 0xBF) {
			break
		}
	}
	return i
}

// specialMatcher finds added (special) tokens inside a text the way
// transformers.js's DictionarySplitter does: scanning left to right, at each
// position the longest token that starts there wins.
type specialMatcher struct {
	first  [256]bool         // first bytes of the tokens
	byByte map[byte][]string // tokens by first byte, longest first
	ids    map[string]int
	one    int // the first byte shared by all tokens, or -1
}

func newSpecialMatcher(ids map[string]int) *specialMatcher {
	m := &specialMatcher{byByte: make(map[byte][]string), ids: ids, one: -1}
	for tok := range ids {
		if tok == "" {
			continue
		}
		m.first[tok[0]] = true
		m.byByte[tok[0]] = append(m.byByte[tok[0]], tok)
	}
	if len(m.byByte) == 1 {
		for b := range m.byByte {
			m.one = int(b)
		}
	}
	for _, toks := range m.byByte {
		sort.Slice(toks, func(i, j int) bool {
			if len(toks[i]) != len(toks[j]) {
				return len(toks[i]) > len(toks[j])
			}
			return toks[i] < toks[j]
		})
	}
	return m
}

// next returns the first special token in s at or after byte offset from:
// its start and the token, or -1.
func (m *specialMatcher) next(s string, from int) (int, string) {
	if m == nil || len(m.ids) == 0 {
		return -1, ""
	}
	for i := from; i < len(s); i++ {
		if m.one >= 0 {
			k := strings.IndexByte(s[i:], byte(m.one))
			if k < 0 {
				return -1, ""
			}
			i += k
		} else if !m.first[s[i]] {
			continue
		}
		for _, tok := range m.byByte[s[i]] {
			if strings.HasPrefix(s[i:], tok) {
				return i, tok
			}
		}
	}
	return -1, ""
}
