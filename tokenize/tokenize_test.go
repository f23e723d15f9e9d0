package tokenize

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

func TestEstimate(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int
	}{
		{"", 0}, {"   ", 0}, {"one", 2}, {"one two", 3}, {"one two three", 4},
		{"a b c d e f g h i j", 13}, {"  spaced\tout\nwords  ", 4}, {"x\u3000y", 3},
	} {
		if got := (Estimate{}).Count(c.in); got != c.want {
			t.Errorf("Estimate(%q) = %d, want %d", c.in, got, c.want)
		}
		if want := (len(strings.Fields(c.in))*13 + 9) / 10; c.want != want {
			t.Errorf("%q: table says %d, strings.Fields says %d", c.in, c.want, want)
		}
	}
}

// Known ids; tiktoken-go is itself the reference for these vocabularies.
func TestTiktoken(t *testing.T) {
	for _, c := range []struct {
		spec, text string
		ids        []int
	}{
		{"o200k", "hello world", []int{24912, 2375}},
		{"o200k_base", "hello world<|endoftext|>", []int{24912, 2375, 199999}},
		{"cl100k", "hello world", []int{15339, 1917}},
		{"cl100k_base", "<|endoftext|>x<|fim_prefix|>", []int{100257, 87, 100258}},
		{"o200k", "", nil},
	} {
		c := c
		ctr, err := New(c.spec)
		if err != nil {
			t.Fatal(err)
		}
		enc := ctr.(Encoder)
		got := enc.Encode(c.text)
		if !slices.Equal(got, c.ids) {
			t.Errorf("%s %q: %v, want %v", c.spec, c.text, got, c.ids)
		}
		if n := enc.Count(c.text); n != len(c.ids) {
			t.Errorf("%s %q: Count %d, want %d", c.spec, c.text, n, len(c.ids))
		}
		if back, err := enc.Decode(got); err != nil || back != c.text {
			t.Errorf("%s: Decode = %q, %v", c.spec, back, err)
		}
	}
}

func TestTiktokenGolden(t *testing.T) {
	o, err := New("o200k")
	if err != nil {
		t.Fatal(err)
	}
	cl, err := New("cl100k")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range readGolden(t, "qwen3") {
		for _, ctr := range []Counter{o, cl} {
			enc := ctr.(Encoder)
			ids := enc.Encode(c.Text)
			if n := enc.Count(c.Text); n != len(ids) {
				t.Errorf("%s %s: Count %d, len(Encode) %d", ctr.Name(), c.Name, n, len(ids))
			}
			if back, err := enc.Decode(ids); err != nil || back != c.Text {
				t.Errorf("%s %s: round trip %q, %v", ctr.Name(), c.Name, truncStr(back), err)
			}
		}
	}
}

func TestNew(t *testing.T) {
	if _, err := New("gpt-17"); !errors.Is(err, ErrUnknownSpec) {
		t.Errorf("New(gpt-17) error = %v, want ErrUnknownSpec", err)
	}
	if _, err := New("no/such/tokenizer.json"); err == nil || errors.Is(err, ErrUnknownSpec) {
		t.Errorf("New(missing path) error = %v", err)
	}
	for _, spec := range []string{"o200k", "O200K", "cl100k", "estimate"} {
		c, err := New(spec)
		if err != nil {
			t.Fatalf("New(%q): %v", spec, err)
		}
		if c.Count("hello world") != 2 && spec != "estimate" {
			t.Errorf("%s: Count(hello world) = %d", spec, c.Count("hello world"))
		}
	}
	r := NewRegistry()
	r.MustRegister(Spec{Name: "one", New: func() (Counter, error) { return Estimate{}, nil }})
	if got := r.Names(); !slices.Equal(got, []string{"one"}) {
		t.Errorf("Names = %v", got)
	}
	if _, err := r.New("o200k"); !errors.Is(err, ErrUnknownSpec) {
		t.Errorf("fresh registry knows o200k: %v", err)
	}
}

func TestLoadErrors(t *testing.T) {
	const byteVocab = `{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": []}, "pre_tokenizer": {"type": "ByteLevel"}}`
	for _, c := range []struct {
		name, json, field string
		unsupported       bool
	}{
		{"bad json", `{"model": `, "", false},
		{"wordpiece", `{"model": {"type": "WordPiece", "vocab": {"a": 0}}}`, "model.type", true},
		{"not byte level", byteVocab, "model.vocab", true},
		{"dropout", `{"model": {"type": "BPE", "dropout": 0.1, "vocab": {"a": 0}}}`, "model.dropout", true},
	} {
		_, err := Load(strings.NewReader(c.json), c.name)
		var le *LoadError
		if !errors.As(err, &le) {
			t.Errorf("%s: error %v is not a *LoadError", c.name, err)
			continue
		}
		if le.Field != c.field || le.Path != c.name {
			t.Errorf("%s: error %v at %q", c.name, err, le.Field)
		}
		if errors.Is(err, ErrUnsupported) != c.unsupported {
			t.Errorf("%s: errors.Is(%v, ErrUnsupported) = %v", c.name, err, !c.unsupported)
		}
	}
}

// tiny returns a small byte-level BPE tokenizer.json, as a map to edit:
// the 256 byte tokens, merges h+e, l+l, he+ll, Ġ+w, and an added <|x|>.
func tiny() map[string]any {
	vocab := map[string]any{}
	for b := 0; b < 256; b++ {
		vocab[string(byteToRune[b])] = b
	}
	merges := []any{"h e", "l l", "he ll", "Ġ w"}
	for i, m := range []string{"he", "ll", "hell", "Ġw"} {
		vocab[m] = 256 + i
	}
	return map[string]any{
		"added_tokens": []any{map[string]any{"id": 260, "content": "<|x|>", "special": true}},
		"normalizer":   map[string]any{"type": "NFC"},
		"pre_tokenizer": map[string]any{"type": "Sequence", "pretokenizers": []any{
			map[string]any{"type": "Split", "pattern": map[string]any{"Regex": "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"}, "behavior": "Isolated", "invert": false},
			map[string]any{"type": "ByteLevel", "add_prefix_space": false, "use_regex": false},
		}},
		"model": map[string]any{"type": "BPE", "vocab": vocab, "merges": merges},
	}
}

func loadMap(t *testing.T, j map[string]any) (*BPE, error) {
	t.Helper()
	raw, err := json.Marshal(j)
	if err != nil {
		t.Fatal(err)
	}
	return Load(bytes.NewReader(raw), "tiny")
}

func TestTiny(t *testing.T) {
	for _, c := range []struct {
		name   string
		change func(j map[string]any)
		text   string
		ids    []int
	}{
		{"merges", nil, "hello world", []int{258, 'o', 259, 'o', 'r', 'l', 'd'}},
		{"added", nil, "<|x|>hell<|x", []int{260, 258, '<', '|', 'x'}},
		{"nfc", nil, "e\u0301", []int{0xC3, 0xA9}}, // a byte's id is the byte here
		{"pair merges", func(j map[string]any) {
			m := j["model"].(map[string]any)
			m["merges"] = []any{[]any{"h", "e"}, []any{"l", "l"}, []any{"he", "ll"}}
		}, "hell", []int{258}},
		{"rank order", func(j map[string]any) {
			m := j["model"].(map[string]any)
			m["merges"] = []any{"l l", "h e", "he ll"} // ll first: "hel" + "l" is not reached
		}, "hello", []int{258, 'o'}},
		{"ignore merges", func(j map[string]any) {
			m := j["model"].(map[string]any)
			m["merges"] = []any{"h e"}
			m["ignore_merges"] = true
		}, "hell", []int{258}},
		{"no ignore merges", func(j map[string]any) {
			m := j["model"].(map[string]any)
			m["merges"] = []any{"h e"}
		}, "hell", []int{256, 'l', 'l'}},
		{"no normalizer", func(j map[string]any) { j["normalizer"] = nil }, "e\u0301", []int{'e', 0xCC, 0x81}},
		{"byte level regex with prefix space", func(j map[string]any) {
			j["pre_tokenizer"] = map[string]any{"type": "ByteLevel", "add_prefix_space": true, "use_regex": true}
		}, "hello world", []int{' ', 258, 'o', 259, 'o', 'r', 'l', 'd'}},
		{"strip", func(j map[string]any) {
			j["pre_tokenizer"] = map[string]any{"type": "ByteLevel", "add_prefix_space": true, "use_regex": true}
			j["added_tokens"] = []any{map[string]any{"id": 260, "content": "<|x|>", "lstrip": true, "rstrip": true}}
		}, "a \t<|x|>\n b<|x|> ", []int{' ', 'a', 260, ' ', 'b', 260}},
	} {
		t.Run(c.name, func(t *testing.T) {
			j := tiny()
			if c.change != nil {
				c.change(j)
			}
			tok, err := loadMap(t, j)
			if err != nil {
				t.Fatal(err)
			}
			if got := tok.Encode(c.text); !slices.Equal(got, c.ids) {
				t.Errorf("Encode(%q) = %v, want %v", c.text, got, c.ids)
			}
		})
	}
}

func TestLoadErrorsChanged(t *testing.T) {
	split := func(j map[string]any) map[string]any {
		return j["pre_tokenizer"].(map[string]any)["pretokenizers"].([]any)[0].(map[string]any)
	}
	for _, c := range []struct {
		name   string
		change func(j map[string]any)
		field  string
	}{
		{"lowercase", func(j map[string]any) { j["normalizer"] = map[string]any{"type": "Lowercase"} }, "normalizer"},
		{"metaspace", func(j map[string]any) { split(j)["type"] = "Metaspace" }, "pre_tokenizer"},
		{"removed", func(j map[string]any) { split(j)["behavior"] = "Removed" }, "pre_tokenizer"},
		{"no byte level", func(j map[string]any) { j["pre_tokenizer"] = split(j) }, "pre_tokenizer"},
		{"missing byte", func(j map[string]any) {
			delete(j["model"].(map[string]any)["vocab"].(map[string]any), "A")
		}, "model.vocab"},
		{"suffix", func(j map[string]any) { j["model"].(map[string]any)["end_of_word_suffix"] = "</w>" }, "model"},
	} {
		j := tiny()
		c.change(j)
		_, err := loadMap(t, j)
		var le *LoadError
		if !errors.As(err, &le) || le.Field != c.field || !errors.Is(err, ErrUnsupported) {
			t.Errorf("%s: error %v", c.name, err)
		}
	}
}

func TestLoadFileGzip(t *testing.T) {
	raw, err := json.Marshal(tiny())
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(raw)
	zw.Close()
	for name, data := range map[string][]byte{"tokenizer.json.gz": buf.Bytes(), "tokenizer.json": raw} {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		tok, err := New(path)
		if err != nil {
			t.Fatal(err)
		}
		if n := tok.Count("<|x|>hello"); n != 3 {
			t.Errorf("%s: Count = %d, want 3", name, n)
		}
	}
	if _, err := LoadFile(filepath.Join(dir, "missing.json")); err == nil {
		t.Error("LoadFile(missing) succeeded")
	}

	// New loads a file once, and again when it changes.
	path := filepath.Join(dir, "tokenizer.json")
	a, _ := New(path)
	b, _ := New(path)
	if a != b {
		t.Error("New loaded the same file twice")
	}
	j := tiny()
	j["added_tokens"] = []any{map[string]any{"id": 260, "content": "<|yy|>", "special": true}}
	raw, _ = json.Marshal(j)
	if err := os.WriteFile(path, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := New(path)
	if err != nil || c == a || c.Count("<|yy|>") != 1 {
		t.Errorf("changed file: %v %v", c == a, err)
	}
}

func TestDecodeErrors(t *testing.T) {
	q := qwen(t)
	for _, ids := range [][]int{{-1}, {q.VocabSize()}, {1 << 40}} {
		if _, err := q.Decode(ids); err == nil {
			t.Errorf("Decode(%v) succeeded", ids)
		}
	}
}

func TestInvalidUTF8(t *testing.T) {
	q := qwen(t)
	// Each maximal invalid subsequence counts as one U+FFFD.
	if got, want := q.Encode("a\xe2\x82b\xffc"), q.Encode("a\ufffdb\ufffdc"); !slices.Equal(got, want) {
		t.Errorf("invalid UTF-8: %v, want %v", got, want)
	}
}

// TestConformance runs every kind of counter through the same checks:
// empty input, determinism, concurrent use, and Count == len(Encode).
func TestConformance(t *testing.T) {
	counters := map[string]Counter{"estimate": Estimate{}}
	for _, spec := range []string{"o200k", "cl100k"} {
		c, err := New(spec)
		if err != nil {
			t.Fatal(err)
		}
		counters[spec] = c
	}
	if tok, err := loadMap(t, tiny()); err == nil {
		counters["tiny"] = tok
	} else {
		t.Fatal(err)
	}
	texts := []string{"", " ", "hello world", "e\u0301 中文 😀 <|endoftext|>", strings.Repeat("long words ", 3000), "\xff\xfe"}
	for name, c := range counters {
		t.Run(name, func(t *testing.T) {
			if n := c.Count(""); n != 0 {
				t.Errorf("Count(\"\") = %d", n)
			}
			want := make([]int, len(texts))
			for i, s := range texts {
				want[i] = c.Count(s)
				if enc, ok := c.(Encoder); ok && len(enc.Encode(s)) != want[i] {
					t.Errorf("%q: Count %d != len(Encode) %d", s, want[i], len(enc.Encode(s)))
				}
			}
			var wg sync.WaitGroup
			for g := 0; g < 4; g++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i, s := range texts {
						if n := c.Count(s); n != want[i] {
							t.Errorf("%q: Count %d, then %d", s, want[i], n)
						}
					}
				}()
			}
			wg.Wait()
		})
	}
}
