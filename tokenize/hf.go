package tokenize

import (
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"

	"golang.org/x/text/unicode/norm"
)

// BPE is a byte-level BPE tokenizer loaded from a Hugging Face
// tokenizer.json, such as Qwen2/Qwen3's or Llama 3's. It is safe for
// concurrent use.
type BPE struct {
	name       string
	normalize  []norm.Form // applied in order
	preTok     []preStep
	byteID     [256]uint32
	merges     merges
	vocab      map[string]uint32 // raw bytes -> id, for ignore_merges
	ignoreMrg  bool
	added      *specialMatcher
	addedStrip map[string]addedToken // added tokens with lstrip or rstrip
	tokens     []string              // id -> raw bytes or added content
	cache      *wordCache
	bufs       sync.Pool // *encodeBuf
}

var _ Encoder = (*BPE)(nil)

// preStep is one pre-tokenizer stage.
type preStep struct {
	split       splitter // nil for a prefix-space step
	prefixSpace bool     // ByteLevel add_prefix_space
}

type addedToken struct {
	ID      int    `json:"id"`
	Content string `json:"content"`
	Lstrip  bool   `json:"lstrip"`
	Rstrip  bool   `json:"rstrip"`
	Special bool   `json:"special"`
}

// LoadError reports a tokenizer.json that cannot be used: its path, the JSON
// field at fault and why.
type LoadError struct {
	Path  string
	Field string
	Err   error
}

func (e *LoadError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("tokenizer %s: %v", e.Path, e.Err)
	}
	return fmt.Sprintf("tokenizer %s: %s: %v", e.Path, e.Field, e.Err)
}

func (e *LoadError) Unwrap() error { return e.Err }

// ErrUnsupported is wrapped by LoadError for a tokenizer.json feature this
// package does not implement (such as a WordPiece model or a Metaspace
// pre-tokenizer).
var ErrUnsupported = errors.New("unsupported")

// LoadFile loads a tokenizer.json, gunzipping it if path ends in ".gz".
func LoadFile(path string) (*BPE, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &LoadError{Path: path, Err: err}
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(f)
		if err != nil {
			return nil, &LoadError{Path: path, Err: err}
		}
		defer zr.Close()
		r = zr
	}
	return Load(r, path)
}

type tokenizerJSON struct {
	AddedTokens  []addedToken   `json:"added_tokens"`
	Normalizer   *componentJSON `json:"normalizer"`
	PreTokenizer *componentJSON `json:"pre_tokenizer"`
	Model        struct {
		Type                    string          `json:"type"`
		Dropout                 *float64        `json:"dropout"`
		ContinuingSubwordPrefix string          `json:"continuing_subword_prefix"`
		EndOfWordSuffix         string          `json:"end_of_word_suffix"`
		IgnoreMerges            bool            `json:"ignore_merges"`
		Vocab                   map[string]int  `json:"vocab"`
		Merges                  json.RawMessage `json:"merges"`
	} `json:"model"`
}

// componentJSON is a normalizer or pre-tokenizer.
type componentJSON struct {
	Type           string           `json:"type"`
	Normalizers    []*componentJSON `json:"normalizers"`
	PreTokenizers  []*componentJSON `json:"pretokenizers"`
	Pattern        *patternJSON     `json:"pattern"`
	Behavior       string           `json:"behavior"`
	Invert         bool             `json:"invert"`
	AddPrefixSpace bool             `json:"add_prefix_space"`
	UseRegex       *bool            `json:"use_regex"`
}

type patternJSON struct {
	Regex  *string `json:"Regex"`
	String *string `json:"String"`
}

// Load reads a tokenizer.json; name is used in errors and as the Name.
func Load(r io.Reader, name string) (*BPE, error) {
	var tj tokenizerJSON
	if err := json.NewDecoder(r).Decode(&tj); err != nil {
		return nil, &LoadError{Path: name, Err: err}
	}
	bad := func(field string, format string, args ...any) error {
		return &LoadError{Path: name, Field: field, Err: fmt.Errorf(format, args...)}
	}
	t := &BPE{name: name, cache: newWordCache()}

	// Model.
	m := &tj.Model
	if m.Type != "BPE" && m.Type != "" {
		return nil, bad("model.type", "%w model %q (want BPE)", ErrUnsupported, m.Type)
	}
	if m.Dropout != nil && *m.Dropout != 0 {
		return nil, bad("model.dropout", "%w BPE dropout", ErrUnsupported)
	}
	if m.ContinuingSubwordPrefix != "" || m.EndOfWordSuffix != "" {
		return nil, bad("model", "%w subword prefix or suffix", ErrUnsupported)
	}
	t.ignoreMrg = m.IgnoreMerges
	maxID := -1
	for _, id := range m.Vocab {
		maxID = max(maxID, id)
	}
	for _, a := range tj.AddedTokens {
		maxID = max(maxID, a.ID)
	}
	if maxID < 0 || maxID > 1<<31-2 {
		return nil, bad("model.vocab", "empty or bad ids")
	}
	t.tokens = make([]string, maxID+1)
	byLevel := m.Vocab // byte-level string -> id
	if t.ignoreMrg {
		t.vocab = make(map[string]uint32, len(m.Vocab))
	}
	for tok, id := range m.Vocab {
		if id < 0 {
			return nil, bad("model.vocab", "negative id %d for %q", id, tok)
		}
		if raw, ok := fromByteLevel(tok); ok {
			t.tokens[id] = raw
			if t.vocab != nil {
				t.vocab[raw] = uint32(id)
			}
		} else {
			t.tokens[id] = tok
		}
	}
	for b := 0; b < 256; b++ {
		id, ok := byLevel[string(byteToRune[b])]
		if !ok {
			return nil, bad("model.vocab", "%w: no token for byte 0x%02X (not a byte-level BPE vocabulary)", ErrUnsupported, b)
		}
		t.byteID[b] = uint32(id)
	}
	pairs, err := parseMerges(m.Merges)
	if err != nil {
		return nil, bad("model.merges", "%v", err)
	}
	t.merges = make(merges, len(pairs))
	for rank, p := range pairs {
		ia, okA := byLevel[p[0]]
		ib, okB := byLevel[p[1]]
		ic, okC := byLevel[p[0]+p[1]]
		if !okA || !okB || !okC {
			continue // a merge the vocabulary cannot express never applies
		}
		// A repeated pair takes its last rank, as in transformers.js.
		t.merges[uint64(ia)<<32|uint64(ib)] = uint64(rank)<<32 | uint64(uint32(ic))
	}

	if err := t.configure(&tj); err != nil {
		return nil, err
	}
	return t, nil
}

// configure sets up what surrounds the model: the added tokens, the
// normalizer and the pre-tokenizer.
func (t *BPE) configure(tj *tokenizerJSON) error {
	ids := make(map[string]int, len(tj.AddedTokens))
	for _, a := range tj.AddedTokens {
		if a.Content == "" {
			continue
		}
		if a.ID < 0 {
			return &LoadError{Path: t.name, Field: "added_tokens", Err: fmt.Errorf("negative id %d for %q", a.ID, a.Content)}
		}
		ids[a.Content] = a.ID
		for a.ID >= len(t.tokens) {
			t.tokens = append(t.tokens, "")
		}
		t.tokens[a.ID] = a.Content
		if a.Lstrip || a.Rstrip {
			if t.addedStrip == nil {
				t.addedStrip = make(map[string]addedToken)
			}
			t.addedStrip[a.Content] = a
		}
	}
	t.added = newSpecialMatcher(ids)
	if err := t.addNormalizer(tj.Normalizer); err != nil {
		return &LoadError{Path: t.name, Field: "normalizer", Err: err}
	}
	byteLevel, err := t.addPreTokenizer(tj.PreTokenizer, false)
	if err != nil {
		return &LoadError{Path: t.name, Field: "pre_tokenizer", Err: err}
	}
	if !byteLevel {
		return &LoadError{Path: t.name, Field: "pre_tokenizer", Err: fmt.Errorf("%w: no ByteLevel pre-tokenizer (not a byte-level BPE tokenizer)", ErrUnsupported)}
	}
	return nil
}

// parseMerges reads the merges in either format: ["a b", ...] or
// [["a", "b"], ...].
func parseMerges(raw json.RawMessage) ([][2]string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	var pairs [][2]string
	if err := json.Unmarshal(raw, &pairs); err == nil {
		return pairs, nil
	}
	var lines []string
	if err := json.Unmarshal(raw, &lines); err != nil {
		return nil, err
	}
	pairs = make([][2]string, len(lines))
	for i, s := range lines {
		// transformers.js: s.split(" ", 2)
		a, rest, ok := strings.Cut(s, " ")
		if !ok {
			return nil, fmt.Errorf("merge %d %q has no space", i, s)
		}
		b, _, _ := strings.Cut(rest, " ")
		pairs[i] = [2]string{a, b}
	}
	return pairs, nil
}

func (t *BPE) addNormalizer(c *componentJSON) error {
	if c == nil {
		return nil
	}
	switch c.Type {
	case "NFC":
		t.normalize = append(t.normalize, norm.NFC)
	case "NFD":
		t.normalize = append(t.normalize, norm.NFD)
	case "NFKC":
		t.normalize = append(t.normalize, norm.NFKC)
	case "NFKD":
		t.normalize = append(t.normalize, norm.NFKD)
	case "Sequence":
		for _, n := range c.Normalizers {
			if err := t.addNormalizer(n); err != nil {
				return err
			}
		}
	default:
		return fmt.Errorf("%w normalizer %q", ErrUnsupported, c.Type)
	}
	return nil
}

// addPreTokenizer appends the stages of c and reports whether a ByteLevel
// pre-tokenizer was seen.
func (t *BPE) addPreTokenizer(c *componentJSON, seen bool) (bool, error) {
	if c == nil {
		return seen, nil
	}
	switch c.Type {
	case "Sequence":
		for _, p := range c.PreTokenizers {
			var err error
			if seen, err = t.addPreTokenizer(p, seen); err != nil {
				return seen, err
			}
		}
		return seen, nil
	case "Split":
		if c.Invert || !strings.EqualFold(c.Behavior, "Isolated") {
			return seen, fmt.Errorf("%w Split behavior %q (invert %v); want Isolated", ErrUnsupported, c.Behavior, c.Invert)
		}
		if c.Pattern == nil {
			return seen, fmt.Errorf("Split without a pattern")
		}
		var pattern string
		switch {
		case c.Pattern.Regex != nil:
			pattern = jsPattern(*c.Pattern.Regex)
		case c.Pattern.String != nil:
			pattern = regexpEscape(*c.Pattern.String)
		default:
			return seen, fmt.Errorf("Split pattern is neither Regex nor String")
		}
		sp, err := newSplitter(pattern)
		if err != nil {
			return seen, err
		}
		t.preTok = append(t.preTok, preStep{split: sp})
		return seen, nil
	case "ByteLevel":
		if seen {
			return seen, fmt.Errorf("%w: two ByteLevel pre-tokenizers", ErrUnsupported)
		}
		if c.AddPrefixSpace {
			t.preTok = append(t.preTok, preStep{prefixSpace: true})
		}
		if c.UseRegex == nil || *c.UseRegex {
			sp, err := newSplitter(patternGPT2)
			if err != nil {
				return seen, err
			}
			t.preTok = append(t.preTok, preStep{split: sp})
		}
		return true, nil
	}
	return seen, fmt.Errorf("%w pre-tokenizer %q", ErrUnsupported, c.Type)
}

// regexpEscape quotes s for a regular expression.
func regexpEscape(s string) string {
	var sb strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`\^$.|?*+()[]{}/-`, r) {
			sb.WriteByte('\\')
		}
		sb.WriteRune(r)
	}
	return sb.String()
}

// Name returns the path the tokenizer was loaded from.
func (t *BPE) Name() string { return t.name }

// VocabSize returns one more than the largest token id.
func (t *BPE) VocabSize() int { return len(t.tokens) }

// Count returns the number of tokens of text.
func (t *BPE) Count(text string) int {
	var out sink
	t.encode(text, &out)
	return out.n
}

// Encode returns the token ids of text.
func (t *BPE) Encode(text string) []int {
	out := sink{ids: make([]int, 0, len(text)/3+1)}
	t.encode(text, &out)
	return out.ids
}

// Decode returns the bytes of ids: added tokens as their text, the others
// through the byte-level alphabet.
func (t *BPE) Decode(ids []int) (string, error) {
	var sb strings.Builder
	for _, id := range ids {
		if id < 0 || id >= len(t.tokens) || t.tokens[id] == "" {
			return "", fmt.Errorf("tokenizer %s: invalid token id %d", t.name, id)
		}
		sb.WriteString(t.tokens[id])
	}
	return sb.String(), nil
}

// encode calls emit with the ids of text, piece by piece.
func (t *BPE) encode(text string, out *sink) {
	text = validUTF8(text)
	buf, _ := t.bufs.Get().(*encodeBuf)
	if buf == nil {
		buf = &encodeBuf{}
	}
	defer t.bufs.Put(buf)
	if t.addedStrip != nil {
		t.encodeStripped(text, buf, out)
		return
	}
	for pos := 0; pos < len(text); {
		at, tok := t.added.next(text, pos)
		if at < 0 {
			t.encodeSegment(text[pos:], buf, out)
			return
		}
		if at > pos {
			t.encodeSegment(text[pos:at], buf, out)
		}
		out.addOne(uint32(t.added.ids[tok]))
		pos = at + len(tok)
	}
}

// encodeStripped is encode for tokenizers with added tokens that strip the
// white space beside them (lstrip, rstrip), as transformers.js does: split
// first, then trim the neighbours of such tokens.
func (t *BPE) encodeStripped(text string, buf *encodeBuf, out *sink) {
	type seg struct {
		s     string
		added bool
	}
	var segs []seg
	for pos := 0; pos < len(text); {
		at, tok := t.added.next(text, pos)
		if at < 0 {
			segs = append(segs, seg{text[pos:], false})
			break
		}
		if at > pos {
			segs = append(segs, seg{text[pos:at], false})
		}
		segs = append(segs, seg{tok, true})
		pos = at + len(tok)
	}
	for i, sg := range segs {
		a, ok := t.addedStrip[sg.s]
		if !ok || !sg.added {
			continue
		}
		if a.Lstrip && i > 0 && !segs[i-1].added {
			segs[i-1].s = strings.TrimRightFunc(segs[i-1].s, isJSSpace)
		}
		if a.Rstrip && i+1 < len(segs) && !segs[i+1].added {
			segs[i+1].s = strings.TrimLeftFunc(segs[i+1].s, isJSSpace)
		}
	}
	for _, sg := range segs {
		if sg.added {
			out.addOne(uint32(t.added.ids[sg.s]))
		} else if sg.s != "" {
			t.encodeSegment(sg.s, buf, out)
		}
	}
}

// encodeSegment encodes text free of added tokens: normalize, pre-tokenize,
// BPE.
func (t *BPE) encodeSegment(s string, buf *encodeBuf, out *sink) {
	for _, f := range t.normalize {
		if !isASCII(s) && f.QuickSpanString(s) < len(s) {
			s = f.String(s)
		}
	}
	if s == "" {
		return
	}
	t.preTokenize(0, s, buf, out)
}

func (t *BPE) preTokenize(step int, s string, buf *encodeBuf, out *sink) {
	if step == len(t.preTok) {
		t.word(s, buf, out)
		return
	}
	st := t.preTok[step]
	if st.split == nil {
		if st.prefixSpace && !strings.HasPrefix(s, " ") {
			s = " " + s
		}
		t.preTokenize(step+1, s, buf, out)
		return
	}
	// Pieces may recurse into later steps, which reuse buf.ends: keep ours.
	start := len(buf.ends)
	buf.ends = st.split.split(s, buf.ends)
	prev := 0
	for i := start; i < len(buf.ends); i++ {
		end := buf.ends[i]
		if end > prev {
			t.preTokenize(step+1, s[prev:end], buf, out)
		}
		prev = end
	}
	buf.ends = buf.ends[:start]
}

// word emits the ids of one pre-token.
func (t *BPE) word(w string, buf *encodeBuf, out *sink) {
	if len(w) == 1 {
		out.addOne(t.byteID[w[0]])
		return
	}
	if t.ignoreMrg {
		if id, ok := t.vocab[w]; ok {
			out.addOne(id)
			return
		}
	}
	if len(w) > cacheMaxWordLen {
		buf.ids = t.merges.bpe(&t.byteID, w, buf.ids[:0])
		out.add(buf.ids)
		return
	}
	if ids, ok := buf.lookup(w); ok {
		out.add(ids)
		return
	}
	ids, ok := t.cache.get(w)
	if !ok {
		buf.ids = t.merges.bpe(&t.byteID, w, buf.ids[:0])
		ids = t.cache.put(w, buf.ids)
	}
	buf.store(w, ids)
	out.add(ids)
}
