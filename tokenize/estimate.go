package tokenize

import (
	"math/bits"
	"unicode"
)

// Estimate is the "estimate" counter: ceil(words × 1.3), where words are
// the fields of strings.Fields. It is a rough estimate, not a tokenizer: real
// counts differ by tens of percent (code, numbers, CJK and math are far
// denser), so use it for sizing only.
type Estimate struct{}

// Name returns "estimate".
func (Estimate) Name() string { return "estimate" }

// Count returns ceil(len(strings.Fields(text)) × 1.3).
func (Estimate) Count(text string) int {
	words, ascii := asciiWords(text)
	if !ascii {
		words = runeWords(text)
	}
	// ceil(words*1.3) in integers: ceil(13*words/10).
	return (13*words + 9) / 10
}

// runeWords counts the fields of text, as strings.Fields splits it.
func runeWords(text string) int {
	words := 0
	inWord := false
	for _, r := range text {
		var space bool
		if r < 0x80 {
			space = asciiSpace[r]
		} else {
			space = unicode.IsSpace(r)
		}
		if !space && !inWord {
			words++
		}
		inWord = !space
	}
	return words
}

var asciiSpace = [0x80]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// SWAR lanes: a byte value repeated in each byte of a uint64.
const (
	lane1  = 0x0101010101010101
	laneHi = 0x8080808080808080
	lane7F = 0x7f7f7f7f7f7f7f7f
)

// asciiWords counts fields eight bytes at a time while the text is ASCII
// (the common case, and most of the time an index spends on texts); ok is
// false at the first non-ASCII byte, and runeWords must count instead.
func asciiWords(text string) (words int, ok bool) {
	prevSpace := uint64(1) // the byte before the text counts as a space
	i := 0
	for ; i+8 <= len(text); i += 8 {
		x := load64(text[i : i+8])
		if x&laneHi != 0 {
			return 0, false
		}
		sp := spaceLanes(x) // high bit of each lane: that byte is a space
		starts := ^sp & laneHi & (sp<<8 | prevSpace<<7)
		words += bits.OnesCount64(starts)
		prevSpace = sp >> 63
	}
	inWord := prevSpace == 0
	for ; i < len(text); i++ {
		c := text[i]
		if c >= 0x80 {
			return 0, false
		}
		space := asciiSpace[c]
		if !space && !inWord {
			words++
		}
		inWord = !space
	}
	return words, true
}

// spaceLanes flags, in each lane's high bit, the bytes of an ASCII word x
// that are white space: ' ' or '\t'..'\r'. Exact per lane: nothing carries
// across lanes, as every byte is below 0x80.
func spaceLanes(x uint64) uint64 {
	y := x ^ (lane1 * ' ')
	isBlank := ^((y&lane7F + lane7F) | y) & laneHi // byte == ' '
	ge9 := (x + lane1*(0x80-'\t')) & laneHi        // byte >= '\t'
	ge14 := (x + lane1*(0x80-'\r'-1)) & laneHi     // byte > '\r'
	return isBlank | ge9&^ge14
}

// load64 reads eight bytes little-endian (the compiler makes it one load).
func load64(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// CountJSON returns Count of the text that raw encodes, raw being the
// content of a JSON string literal (between its quotes, escapes in place),
// without decoding it first: an indexer reading response texts straight
// from JSON lines then reads each text once. ok is false when the text is
// not all ASCII or an escape is cut short; Count the decoded text then.
func (Estimate) CountJSON(raw []byte) (n int, ok bool) {
	words, ok := jsonWords(raw)
	if !ok {
		return 0, false
	}
	return (13*words + 9) / 10, true
}

// jsonWords counts the fields of the ASCII text raw encodes: eight bytes at
// a time between escapes, one character at a time around them. \n \t \r
// \f and \u escapes of ASCII white space are spaces; every other escape is
// a character of a word.
func jsonWords(raw []byte) (int, bool) {
	words := 0
	prevSpace := uint64(1) // 1: the character before is a space
	for i := 0; i < len(raw); {
		if i+8 <= len(raw) {
			x := load64(unsafeString(raw[i : i+8]))
			if x&laneHi != 0 {
				return 0, false
			}
			y := x ^ (lane1 * '\\')
			bs := (y - lane1) &^ y & laneHi // exact up to the first backslash
			sp := spaceLanes(x)
			if bs == 0 {
				words += bits.OnesCount64(^sp & laneHi & (sp<<8 | prevSpace<<7))
				prevSpace = sp >> 63
				i += 8
				continue
			}
			// The bytes before the backslash, then the escape alone.
			if k := bits.TrailingZeros64(bs) / 8; k > 0 {
				before := uint64(1)<<(8*k) - 1
				words += bits.OnesCount64(^sp & laneHi & before & (sp<<8 | prevSpace<<7))
				prevSpace = sp >> (8*k - 1) & 1
				i += k
			}
		}
		space, width, ok := jsonChar(raw[i:])
		if !ok {
			return 0, false
		}
		i += width
		if !space && prevSpace == 1 {
			words++
		}
		prevSpace = 0
		if space {
			prevSpace = 1
		}
	}
	return words, true
}

// jsonChar reads the character at the start of raw (one byte or an
// escape): whether it is white space and how many bytes it takes.
func jsonChar(raw []byte) (space bool, width int, ok bool) {
	c := raw[0]
	switch {
	case c >= 0x80:
		return false, 0, false
	case c != '\\':
		return asciiSpace[c], 1, true
	case len(raw) < 2:
		return false, 0, false
	}
	switch raw[1] {
	case 'n', 't', 'r', 'f':
		return true, 2, true
	case 'u':
		if len(raw) < 6 {
			return false, 0, false
		}
		r := 0
		for _, h := range raw[2:6] {
			switch {
			case h >= '0' && h <= '9':
				r = r<<4 | int(h-'0')
			case h >= 'a' && h <= 'f':
				r = r<<4 | int(h-'a'+10)
			case h >= 'A' && h <= 'F':
				r = r<<4 | int(h-'A'+10)
			default:
				return false, 0, false
			}
		}
		if r >= 0x80 {
			return false, 0, false
		}
		return asciiSpace[r], 6, true
	}
	return false, 2, true // \" \\ \/ \b
}
