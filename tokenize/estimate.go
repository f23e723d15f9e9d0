package tokenize

import "unicode"

// Estimate is the "estimate" counter: ceil(words × 1.3), where words are
// the fields of strings.Fields. It is a rough estimate, not a tokenizer: real
// counts differ by tens of percent (code, numbers, CJK and math are far
// denser), so use it for sizing only.
type Estimate struct{}

// Name returns "estimate".
func (Estimate) Name() string { return "estimate" }

// Count returns ceil(len(strings.Fields(text)) × 1.3).
func (Estimate) Count(text string) int {
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
	// ceil(words*1.3) in integers: ceil(13*words/10).
	return (13*words + 9) / 10
}

var asciiSpace = [0x80]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}
