package tokenize

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// The Qwen3 tokenizer.json is not copied into the module: it lives in the
// shared folder beside the repository (shared/tokenizers/qwen3), or where
// GRPODATA_QWEN3_TOKENIZER points.
func qwenPath(t testing.TB) string {
	t.Helper()
	candidates := []string{
		os.Getenv("GRPODATA_QWEN3_TOKENIZER"),
		filepath.Join("..", "..", "shared", "tokenizers", "qwen3", "tokenizer.json"),
		filepath.Join("..", "shared", "tokenizers", "qwen3", "tokenizer.json"),
		"/work/shared/tokenizers/qwen3/tokenizer.json",
	}
	for _, p := range candidates {
		if p == "" {
			continue
		}
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("Qwen3 tokenizer.json not found (tried %q)", candidates)
	}
	t.Skip("Qwen3 tokenizer.json not found; set GRPODATA_QWEN3_TOKENIZER")
	return ""
}

var (
	qwenOnce sync.Once
	qwenRaw  []byte
	qwenTok  *BPE
	qwenErr  error
)

// qwen loads the Qwen3 tokenizer once per test binary.
func qwen(t testing.TB) *BPE {
	t.Helper()
	path := qwenPath(t)
	qwenOnce.Do(func() {
		qwenRaw, qwenErr = os.ReadFile(path)
		if qwenErr == nil {
			qwenTok, qwenErr = Load(bytes.NewReader(qwenRaw), path)
		}
	})
	if qwenErr != nil {
		t.Fatal(qwenErr)
	}
	return qwenTok
}

// variant makes, from the Qwen3 tokenizer, the tokenizer of the variant
// column of testdata/golden.jsonl (the changes of variantJSON in
// gen_golden.mjs). It shares the Qwen3 model rather than parsing the file
// again, which is slow under the race detector; the tiny tokenizers of
// TestTiny check that such settings load from JSON.
func variant(t testing.TB) *BPE {
	t.Helper()
	q := qwen(t)
	var cfg tokenizerJSON
	err := json.Unmarshal([]byte(`{"normalizer": null, "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": true, "trim_offsets": true, "use_regex": true}}`), &cfg)
	if err != nil {
		t.Fatal(err)
	}
	for content, id := range q.added.ids {
		cfg.AddedTokens = append(cfg.AddedTokens, addedToken{
			ID: id, Content: content,
			Rstrip: content == "<|im_start|>",
			Lstrip: content == "<|im_end|>",
		})
	}
	v := &BPE{
		name: "variant", byteID: q.byteID, merges: q.merges, vocab: q.vocab, ignoreMrg: q.ignoreMrg,
		tokens: slices.Clone(q.tokens), cache: newWordCache(),
	}
	if err := v.configure(&cfg); err != nil {
		t.Fatal(err)
	}
	return v
}

// goldenCase is a line of testdata/golden.jsonl (see gen_golden.mjs).
type goldenCase struct {
	Name   string `json:"name"`
	Text   string `json:"text"`
	Qwen3  []int  `json:"qwen3"`
	Var    []int  `json:"variant"`
	O200k  []int  `json:"o200k"`
	Cl100k []int  `json:"cl100k"`
	IDs    []int  `json:"-"` // the column asked for
}

// readGolden reads testdata/golden.jsonl with IDs set to the column of the
// named tokenizer (qwen3, variant, o200k or cl100k); with a nil t it panics
// on errors.
func readGolden(t testing.TB, column string) []goldenCase {
	if t == nil {
		t = panicTB{}
	}
	t.Helper()
	const name = "golden.jsonl"
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases []goldenCase
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for line := 1; sc.Scan(); line++ {
		var c goldenCase
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatalf("%s:%d: %v", name, line, err)
		}
		switch column {
		case "qwen3":
			c.IDs = c.Qwen3
		case "variant":
			c.IDs = c.Var
		case "o200k":
			c.IDs = c.O200k
		case "cl100k":
			c.IDs = c.Cl100k
		default:
			t.Fatalf("no golden column %q", column)
		}
		cases = append(cases, c)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(cases) < 500 {
		t.Fatalf("%s: only %d cases", name, len(cases))
	}
	return cases
}

func checkGolden(t *testing.T, tok Encoder, cases []goldenCase) {
	t.Helper()
	bad := 0
	for _, c := range cases {
		got := tok.Encode(c.Text)
		if !slices.Equal(got, c.IDs) {
			bad++
			if bad <= 10 {
				t.Errorf("%s: %q\n got  %v\n want %v", c.Name, truncStr(c.Text), trunc(got), trunc(c.IDs))
			}
			continue
		}
		if n := tok.Count(c.Text); n != len(c.IDs) {
			t.Errorf("%s: Count = %d, want %d", c.Name, n, len(c.IDs))
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d cases differ from the reference", bad, len(cases))
	}
}

func truncStr(s string) string {
	if r := []rune(s); len(r) > 80 {
		return string(r[:80]) + "..."
	}
	return s
}

func trunc[T any](s []T) []T {
	if len(s) > 60 {
		return s[:60]
	}
	return s
}

func TestQwen3Golden(t *testing.T) {
	checkGolden(t, qwen(t), readGolden(t, "qwen3"))
}

// TestQwen3GoldenRegexp2 runs the same cases with the Split pattern on
// regexp2 instead of the hand-written matcher: the fallback used for other
// patterns must agree with the reference too.
func TestQwen3GoldenRegexp2(t *testing.T) {
	q := qwen(t)
	re, err := newRegexSplitter(patternQwen)
	if err != nil {
		t.Fatal(err)
	}
	alt := &BPE{
		name: "regexp2", normalize: q.normalize, preTok: []preStep{{split: re}},
		byteID: q.byteID, merges: q.merges, vocab: q.vocab, added: q.added,
		tokens: q.tokens, cache: newWordCache(),
	}
	checkGolden(t, alt, readGolden(t, "qwen3"))
}

func TestVariantGolden(t *testing.T) {
	checkGolden(t, variant(t), readGolden(t, "variant"))
}

func TestQwen3Concurrent(t *testing.T) {
	q := qwen(t)
	cases := readGolden(t, "qwen3")
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := g; i < len(cases); i += 3 {
				if n := q.Count(cases[i].Text); n != len(cases[i].IDs) {
					t.Errorf("%s: Count = %d, want %d", cases[i].Name, n, len(cases[i].IDs))
				}
			}
		}(g)
	}
	wg.Wait()
}

// panicTB is the testing.TB of code that has none.
type panicTB struct{ testing.TB }

func (panicTB) Helper()                   {}
func (panicTB) Fatal(args ...any)         { panic(fmt.Sprint(args...)) }
func (panicTB) Fatalf(f string, a ...any) { panic(fmt.Sprintf(f, a...)) }

func TestO200kGolden(t *testing.T) {
	c, err := New("o200k")
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, c.(Encoder), readGolden(t, "o200k"))
}

func TestCl100kGolden(t *testing.T) {
	c, err := New("cl100k")
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, c.(Encoder), readGolden(t, "cl100k"))
}

// TestExtraGolden compares more tokenizer.json files with the reference
// when GRPODATA_EXTRA_GOLDEN names a folder written by
// testdata/gen_extra.mjs.
func TestExtraGolden(t *testing.T) {
	dir := os.Getenv("GRPODATA_EXTRA_GOLDEN")
	if dir == "" {
		t.Skip("GRPODATA_EXTRA_GOLDEN not set")
	}
	paths, err := filepath.Glob(filepath.Join(dir, "*.tokenizer.json"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no *.tokenizer.json in %s (%v)", dir, err)
	}
	for _, path := range paths {
		name := strings.TrimSuffix(filepath.Base(path), ".tokenizer.json")
		t.Run(name, func(t *testing.T) {
			tok, err := LoadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			raw, err := os.ReadFile(filepath.Join(dir, name+".golden.jsonl"))
			if err != nil {
				t.Fatal(err)
			}
			var cases []goldenCase
			for _, line := range bytes.Split(bytes.TrimSpace(raw), []byte("\n")) {
				var c goldenCase
				if err := json.Unmarshal(line, &c); err != nil {
					t.Fatal(err)
				}
				var ids struct{ IDs []int }
				json.Unmarshal(line, &ids)
				c.IDs = ids.IDs
				cases = append(cases, c)
			}
			checkGolden(t, tok, cases)
		})
	}
}
