package tokenize

import (
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

// normalized is what encoding keeps of s: valid UTF-8, each stretch between
// added tokens in NFC.
func normalized(t *BPE, s string) string {
	s = validUTF8(s)
	var sb strings.Builder
	for pos := 0; pos < len(s); {
		at, tok := t.added.next(s, pos)
		if at < 0 {
			at = len(s)
		}
		sb.WriteString(norm.NFC.String(s[pos:at]))
		sb.WriteString(tok)
		pos = at + len(tok)
	}
	return sb.String()
}

// FuzzQwenEncode checks that encoding never panics, that Count agrees with
// Encode, and that decoding the ids gives back the normalized input.
func FuzzQwenEncode(f *testing.F) {
	q := qwen(f)
	for i, c := range readGolden(f, "qwen3") {
		if i%4 == 0 && len(c.Text) < 2000 {
			f.Add(c.Text)
		}
	}
	f.Add("\xff\xfe invalid \xc3 UTF-8 \xe2\x82")
	f.Add("<|im_start|>\u0338<|im_end|>e\u0301")
	f.Fuzz(func(t *testing.T, s string) {
		ids := q.Encode(s)
		if n := q.Count(s); n != len(ids) {
			t.Fatalf("%q: Count %d, len(Encode) %d", s, n, len(ids))
		}
		got, err := q.Decode(ids)
		if err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		if want := normalized(q, s); got != want {
			t.Fatalf("%q: round trip gives %q, want %q", s, got, want)
		}
	})
}

// FuzzTiktokenEncode checks o200k and cl100k: no panic, Count agrees with
// Encode, and the ids decode to the input.
func FuzzTiktokenEncode(f *testing.F) {
	for i, c := range readGolden(f, "o200k") {
		if i%4 == 1 && len(c.Text) < 2000 {
			f.Add(c.Text)
		}
	}
	f.Add("\xff\xfe invalid \xc3 UTF-8 \xe2\x82 <|endoftext|> <|endofprompt|>")
	var encs []Encoder
	for _, spec := range []string{"o200k", "cl100k"} {
		c, err := New(spec)
		if err != nil {
			f.Fatal(err)
		}
		encs = append(encs, c.(Encoder))
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, enc := range encs {
			ids := enc.Encode(s)
			if n := enc.Count(s); n != len(ids) {
				t.Fatalf("%s %q: Count %d, len(Encode) %d", enc.Name(), s, n, len(ids))
			}
			got, err := enc.Decode(ids)
			if err != nil {
				t.Fatalf("%s %q: %v", enc.Name(), s, err)
			}
			if want := validUTF8(s); got != want {
				t.Fatalf("%s %q: round trip gives %q", enc.Name(), s, got)
			}
		}
	})
}
