package tokenize

import (
	"encoding/json"
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

// CountJSON of a string's JSON encoding is Count of the string, whichever
// escapes the encoder chose, or it says it cannot tell (non-ASCII text).
func TestEstimateCountJSON(t *testing.T) {
	pieces := []string{"a", "word", " ", "\t", "\n", "\v", "\f", "\r", "\b", "\x00", "\x1f", `"`, `\`, "/", "<", ">", "&", "é", "\u3000", "\u2028"}
	escapes := map[string]string{" ": `\u0020`, "\v": `\u000b`, "\n": `\n`, "\t": `\u0009`, "/": `\/`, "a": `\u0061`, "\b": `\b`}
	rapid.Check(t, func(t *rapid.T) {
		parts := rapid.SliceOf(rapid.SampledFrom(pieces)).Draw(t, "parts")
		text := strings.Join(parts, "")
		var raw strings.Builder
		for _, p := range parts {
			if e, ok := escapes[p]; ok && rapid.Bool().Draw(t, "escape") {
				raw.WriteString(e)
				continue
			}
			b, _ := json.Marshal(p)
			raw.Write(b[1 : len(b)-1])
		}
		var decoded string
		if err := json.Unmarshal([]byte(`"`+raw.String()+`"`), &decoded); err != nil || decoded != text {
			t.Fatalf("bad fixture %q: %v", raw.String(), err)
		}
		n, ok := (Estimate{}).CountJSON([]byte(raw.String()))
		ascii := !strings.ContainsFunc(text, func(r rune) bool { return r >= 0x80 })
		if ascii && !ok {
			t.Fatalf("CountJSON(%q) gave up on ASCII text", raw.String())
		}
		if ok && n != (Estimate{}).Count(text) {
			t.Fatalf("CountJSON(%q) = %d, Count = %d", raw.String(), n, (Estimate{}).Count(text))
		}
	})
	for _, cut := range []string{`\`, `\u00`, `\u00zz`} {
		if _, ok := (Estimate{}).CountJSON([]byte("abc" + cut)); ok {
			t.Errorf("CountJSON accepts %q", cut)
		}
	}
}
