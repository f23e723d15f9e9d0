package tokenize

import (
	"slices"
	"testing"
	"unicode/utf8"
)

func pieces(sp splitter, s string) []string {
	var out []string
	prev := 0
	for _, e := range sp.split(s, nil) {
		out = append(out, s[prev:e])
		prev = e
	}
	return out
}

func TestLookaheadSplitter(t *testing.T) {
	tests := []struct {
		name string
		in   string
		qwen []string
		llm3 []string // nil: same as qwen
	}{
		{"words", "Hello world", []string{"Hello", " world"}, nil},
		{"contraction", "don't I'LL", []string{"don", "'t", " I", "'LL"}, nil},
		{"contraction prefix", "'sun", []string{"'s", "un"}, nil},
		{"not a contraction", "'x 'l", []string{"'x", " '", "l"}, nil},
		{"digits", "12345", []string{"1", "2", "3", "4", "5"}, []string{"123", "45"}},
		{"spaces before word", "a   b", []string{"a", "  ", " b"}, nil},
		{"trailing spaces", "a   ", []string{"a", "   "}, nil},
		{"newlines", "a \n\n b", []string{"a", " \n\n", " b"}, nil},
		{"tab before word", "\tx", []string{"\tx"}, nil},
		{"punct newline", "x.\n\ny", []string{"x", ".\n\n", "y"}, nil},
		{"space punct", "a (b)", []string{"a", " (", "b", ")"}, nil},
		{"punct before letter", "(hello", []string{"(hello"}, nil},
		{"lone space before punct", " !", []string{" !"}, nil},
		{"two spaces before punct", "  !", []string{" ", " !"}, nil},
		{"nbsp word", "a\u00a0b", []string{"a", "\u00a0b"}, nil},
		{"cjk", "你好，世界", []string{"你好", "，世界"}, nil},
		{"mark", "e\u0301", []string{"e", "\u0301"}, nil},
		{"crlf", "a\r\n\r\nb", []string{"a", "\r\n\r\n", "b"}, nil},
		{"space at end", "a ", []string{"a", " "}, nil},
		{"newline then spaces", "\n  x", []string{"\n", " ", " x"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := pieces(lookaheadSplitter{1, jsClasses, false}, tt.in); !slices.Equal(got, tt.qwen) {
				t.Errorf("qwen %q: got %q, want %q", tt.in, got, tt.qwen)
			}
			want := tt.llm3
			if want == nil {
				want = tt.qwen
			}
			if got := pieces(lookaheadSplitter{3, jsClasses, false}, tt.in); !slices.Equal(got, want) {
				t.Errorf("llama3 %q: got %q, want %q", tt.in, got, want)
			}
		})
	}
}

// sameTables reports whether Go's Unicode tables and the reference's agree
// on every character of s, so that regexp2 (which uses Go's) can serve as
// the oracle for the hand-written matcher.
func sameTables(s string) bool {
	for _, r := range s {
		if classOf(r)&^classS != goClass(r)&^classS {
			return false
		}
	}
	return true
}

// FuzzSplitEquivalence checks the hand-written matcher against regexp2
// running the very patterns it replaces.
func FuzzSplitEquivalence(f *testing.F) {
	for _, s := range []string{
		"", "Hello world", "don't I'LL 'S 'sun", "12345 x1y22", "a   b\t\tc \n\n d  ",
		"x.\n\ny (a) [b] !!  ?", "你好，世界 e\u0301 👍🏽", "\u00a0\u3000\u2028\ufeff\u0085", "\r\n\r \r\n x",
		"'", "' ", "''ll", " '\n", "\t!", "a\u2029b", "½²①Ⅻ", "$$\\frac{1}{2}$$",
		"CamelCaseWord XMLHttpRequest ǅa ʰʰa Aʰ 'ſ a/b//\n/", "\u0301\u0301a \u0301",
	} {
		f.Add(s)
	}
	qwenRE, err := newRegexSplitter(patternQwen)
	if err != nil {
		f.Fatal(err)
	}
	llamaRE, err := newRegexSplitter(patternLlama3)
	if err != nil {
		f.Fatal(err)
	}
	o200kRE, err := newRegexSplitter(patternO200kJS)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if s == "" || !utf8.ValidString(s) || !sameTables(s) {
			return
		}
		for _, c := range []struct {
			hand splitter
			re   splitter
		}{
			{lookaheadSplitter{1, jsClasses, false}, qwenRE},
			{lookaheadSplitter{3, jsClasses, false}, llamaRE},
			{o200kSplitter{jsClasses, false}, o200kRE},
		} {
			got, want := pieces(c.hand, s), pieces(c.re, s)
			if !slices.Equal(got, want) {
				t.Fatalf("%q: hand-written %q, regexp2 %q", s, got, want)
			}
		}
	})
}

func TestSplitEquivalenceGolden(t *testing.T) {
	qwenRE, err := newRegexSplitter(patternQwen)
	if err != nil {
		t.Fatal(err)
	}
	o200kRE, err := newRegexSplitter(patternO200kJS)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range readGolden(t, "qwen3") {
		if c.Text == "" || !sameTables(c.Text) {
			continue
		}
		if got, want := pieces(lookaheadSplitter{1, jsClasses, false}, c.Text), pieces(qwenRE, c.Text); !slices.Equal(got, want) {
			t.Errorf("%s: hand-written %q, regexp2 %q", c.Name, got, want)
		}
		if got, want := pieces(o200kSplitter{jsClasses, false}, c.Text), pieces(o200kRE, c.Text); !slices.Equal(got, want) {
			t.Errorf("%s: o200k hand-written %q, regexp2 %q", c.Name, got, want)
		}
	}
}

func TestJSPattern(t *testing.T) {
	qwen := `(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`
	if got := jsPattern(qwen); got != patternQwen {
		t.Errorf("jsPattern(qwen) = %q", got)
	}
	llama3 := `(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`
	if got := jsPattern(llama3); got != patternLlama3 {
		t.Errorf("jsPattern(llama3) = %q", got)
	}
	sp, err := newSplitter(patternLlama3)
	if err != nil || sp != (lookaheadSplitter{maxDigits: 3, tab: jsClasses}) {
		t.Errorf("newSplitter(llama3) = %v, %v", sp, err)
	}
}

func TestUnicodeTables(t *testing.T) {
	for _, c := range []struct {
		r    rune
		want uint8
	}{
		{'a', classL}, {'Z', classL}, {'5', classN}, {' ', classS}, {'\n', classS}, {'!', 0},
		{'é', classL}, {'中', classL}, {'½', classN}, {'Ⅻ', classN}, {'\u00a0', classS}, {'\ufeff', classS},
		{'\u0085', 0}, {'\u0301', 0}, {'😀', 0}, {'𝐀', classL}, {'𝟙', classN}, {'𠀀', classL}, {-1, 0}, {0x10FFFF, 0},
	} {
		if got := classOf(c.r) & classLNS; got != c.want {
			t.Errorf("classOf(%U) = %b, want %b", c.r, got, c.want)
		}
	}
}

const patternCl100k = `(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`

// FuzzTiktokenSplit checks the o200k and cl100k matchers against regexp2
// running their patterns.
func FuzzTiktokenSplit(f *testing.F) {
	for _, s := range []string{
		"", "Hello world", "don't I'LL 'S 'sun 'ſ HELLO's", "12345 x1y22", "a   b\t\tc \n\n d  ",
		"x.\n\ny (a) [b] !!  ? a/b//\n/", "你好，世界 e\u0301 👍🏽", "\u00a0\u3000\u2028\ufeff\u0085", "\r\n\r \r\n x",
		"CamelCaseWord XMLHttpRequest ǅa ǈ ʰʰa Aʰ", "\u0301\u0301a \u0301", "ŉ ǰ", "'", " '\n", "ÀÉÎõü",
	} {
		f.Add(s)
	}
	o200kRE, err := newDotNetSplitter(patternO200k)
	if err != nil {
		f.Fatal(err)
	}
	cl100kRE, err := newDotNetSplitter(patternCl100k)
	if err != nil {
		f.Fatal(err)
	}
	o200k := o200kSplitter{tab: rustClasses(), longS: true}
	cl100k := lookaheadSplitter{maxDigits: 3, tab: rustClasses(), longS: true}
	f.Fuzz(func(t *testing.T, s string) {
		if s == "" || !utf8.ValidString(s) {
			return
		}
		if got, want := pieces(o200k, s), pieces(o200kRE, s); !slices.Equal(got, want) {
			t.Fatalf("o200k %q: hand-written %q, regexp2 %q", s, got, want)
		}
		if got, want := pieces(cl100k, s), pieces(cl100kRE, s); !slices.Equal(got, want) {
			t.Fatalf("cl100k %q: hand-written %q, regexp2 %q", s, got, want)
		}
	})
}
