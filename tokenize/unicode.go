package tokenize

import (
	"sort"
	"sync"
	"unicode"
	"unicode/utf8"
)

//go:generate sh -c "cd testdata && node gen_unicode.mjs && gofmt -w ../unicode_tables.go"

// runeRange is an inclusive range of code points.
type runeRange struct{ lo, hi rune }

// Character classes of the split patterns. A character in none of L, N
// and S is "other".
const (
	classL uint8 = 1 << iota // \p{L}
	classN                   // \p{N}
	classS                   // \s
	classU                   // [\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}] (o200k patterns)
	classW                   // [\p{Ll}\p{Lm}\p{Lo}\p{M}] (o200k patterns)

	classLNS = classL | classN | classS // not "other"
)

// classTable classifies characters for a family of regular-expression
// engines.
type classTable struct {
	bmp    [0x10000]uint8
	astral func(rune) uint8
}

func (t *classTable) of(r rune) uint8 {
	if uint32(r) < 0x10000 {
		return t.bmp[r]
	}
	return t.astral(r)
}

// jsClasses are the classes of JavaScript regular expressions with the u
// flag, on the reference's Unicode tables (unicode_tables.go): \s is
// WhiteSpace plus LineTerminator, with U+FEFF and without U+0085.
var jsClasses = func() *classTable {
	t := &classTable{}
	fill := func(rs []runeRange, c uint8) (astral []runeRange) {
		for _, r := range rs {
			for cp := r.lo; cp <= r.hi && cp < 0x10000; cp++ {
				t.bmp[cp] |= c
			}
			if r.hi >= 0x10000 {
				astral = append(astral, runeRange{max(r.lo, 0x10000), r.hi})
			}
		}
		return astral
	}
	astral := []struct {
		rs []runeRange
		c  uint8
	}{
		{fill(letterRanges, classL), classL},
		{fill(numberRanges, classN), classN},
		{fill(spaceRanges, classS), classS},
		{fill(upperRanges, classU), classU},
		{fill(lowerRanges, classW), classW},
	}
	t.astral = func(r rune) uint8 {
		var c uint8
		for _, a := range astral {
			if inRanges(a.rs, r) {
				c |= a.c
			}
		}
		return c
	}
	return t
}()

// rustClasses are the classes of the regular expressions of Rust's
// fancy-regex (which tiktoken uses) and of .NET's (regexp2), on Go's Unicode
// tables: \s is White_Space, with U+0085 and without U+FEFF.
var rustClasses = sync.OnceValue(func() *classTable {
	t := &classTable{astral: goClass}
	for r := rune(0); r < 0x10000; r++ {
		t.bmp[r] = goClass(r)
	}
	return t
})

var (
	upperish = []*unicode.RangeTable{unicode.Lu, unicode.Lt, unicode.Lm, unicode.Lo, unicode.M}
	lowerish = []*unicode.RangeTable{unicode.Ll, unicode.Lm, unicode.Lo, unicode.M}
)

func goClass(r rune) uint8 {
	if r < 0 || r > unicode.MaxRune {
		return 0
	}
	var c uint8
	if unicode.IsLetter(r) {
		c |= classL
	}
	if unicode.IsNumber(r) {
		c |= classN
	}
	if unicode.Is(unicode.White_Space, r) {
		c |= classS
	}
	if unicode.IsOneOf(upperish, r) {
		c |= classU
	}
	if unicode.IsOneOf(lowerish, r) {
		c |= classW
	}
	return c
}

// at decodes the character at byte offset j of s: its classes and its
// size. ASCII takes the inlined fast path.
func (t *classTable) at(s string, j int) (uint8, int) {
	if c := s[j]; c < utf8.RuneSelf {
		return t.bmp[c], 1
	}
	return t.atSlow(s, j)
}

func (t *classTable) atSlow(s string, j int) (uint8, int) {
	r, n := utf8.DecodeRuneInString(s[j:])
	return t.of(r), n
}

// classOf returns the JavaScript classes of r.
func classOf(r rune) uint8 { return jsClasses.of(r) }

func inRanges(rs []runeRange, r rune) bool {
	i := sort.Search(len(rs), func(i int) bool { return rs[i].hi >= r })
	return i < len(rs) && rs[i].lo <= r
}

// isJSSpace reports whether JavaScript's \s (and String.prototype.trim)
// treats r as white space.
func isJSSpace(r rune) bool { return classOf(r)&classS != 0 }
