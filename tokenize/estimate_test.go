package tokenize

import (
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// The eight-bytes-at-a-time count is strings.Fields' count, for any mix of
// words, every ASCII white space, control bytes, Unicode spaces and
// non-ASCII letters, at every alignment.
func TestEstimateIsFieldsCount(t *testing.T) {
	pieces := []string{"a", "word", "x1", " ", "\t", "\n", "\v", "\f", "\r", "  ", "\x00", "\x08", "\x0e", "\x1f", "!", "~", "\x7f", "é", "\u3000", "\u00a0", "\u0085", "中文", "\u2028"}
	rapid.Check(t, func(t *rapid.T) {
		parts := rapid.SliceOf(rapid.SampledFrom(pieces)).Draw(t, "parts")
		s := strings.Join(parts, "")
		want := (len(strings.Fields(s))*13 + 9) / 10
		if got := (Estimate{}).Count(s); got != want {
			t.Fatalf("Count(%q) = %d, want %d", s, got, want)
		}
	})
}

// Every single byte value next to a letter, at each of the 8 lane positions.
func TestEstimateEveryByte(t *testing.T) {
	for c := 0; c < 0x80; c++ {
		for pos := range 16 {
			b := []byte(strings.Repeat("ab", 9))
			b[pos] = byte(c)
			s := string(b)
			want := (len(strings.Fields(s))*13 + 9) / 10
			if got := (Estimate{}).Count(s); got != want {
				t.Fatalf("Count(%q) = %d, want %d", s, got, want)
			}
		}
	}
}
