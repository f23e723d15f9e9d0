package tokenize

import (
	"fmt"
	"strings"
	"sync"

	"github.com/tiktoken-go/tokenizer"
)

// tiktoken encodes with an OpenAI vocabulary the way OpenAI's tiktoken does
// with encode(text, allowed_special="all"): special-token strings in the
// text are the special tokens, the rest is split by the encoding's pattern
// (hand-written matchers, see split.go) and merged by rank. The ranks come
// from github.com/tiktoken-go/tokenizer's embedded vocabularies; its own
// encoder is not used, as it skips some characters (U+007F).
type tiktoken struct {
	name     string
	vocab    *tiktokenVocab
	split    splitter
	specials *specialMatcher
	byID     map[int]string
	cache    *wordCache
	bufs     sync.Pool // *encodeBuf
}

var _ Encoder = (*tiktoken)(nil)

// tiktokenVocab maps token bytes to ranks (which are the ids) and back.
type tiktokenVocab struct {
	ranks   map[string]uint32
	tokens  []string
	singles []uint32 // singles[id] == id
}

var (
	o200kVocab  = sync.OnceValues(func() (*tiktokenVocab, error) { return loadTiktoken(tokenizer.O200kBase) })
	cl100kVocab = sync.OnceValues(func() (*tiktokenVocab, error) { return loadTiktoken(tokenizer.Cl100kBase) })
)

// loadTiktoken reads the vocabulary back from tiktoken-go's codec, which
// only exposes it through Decode.
func loadTiktoken(enc tokenizer.Encoding) (*tiktokenVocab, error) {
	codec, err := tokenizer.Get(enc)
	if err != nil {
		return nil, err
	}
	v := &tiktokenVocab{ranks: make(map[string]uint32, 200_000)}
	ids := []uint{0}
	for id, misses := 0, 0; misses < 1024; id++ {
		ids[0] = uint(id)
		tok, err := codec.Decode(ids)
		if err != nil || tok == "" {
			misses++
			v.tokens = append(v.tokens, "")
			continue
		}
		misses = 0
		v.ranks[tok] = uint32(id)
		v.tokens = append(v.tokens, tok)
	}
	for len(v.tokens) > 0 && v.tokens[len(v.tokens)-1] == "" {
		v.tokens = v.tokens[:len(v.tokens)-1]
	}
	v.singles = make([]uint32, len(v.tokens))
	for i := range v.singles {
		v.singles[i] = uint32(i)
	}
	for b := 0; b < 256; b++ {
		if _, ok := v.ranks[string([]byte{byte(b)})]; !ok {
			return nil, fmt.Errorf("tokenizer %s: no token for byte 0x%02X", enc, b)
		}
	}
	return v, nil
}

func newTiktoken(name string) (*tiktoken, error) {
	t := &tiktoken{name: name, cache: newWordCache()}
	var (
		specials map[string]int
		err      error
	)
	switch strings.TrimSuffix(name, "_base") {
	case "o200k":
		t.vocab, err = o200kVocab()
		t.split = o200kSplitter{tab: rustClasses(), longS: true}
		specials = map[string]int{"<|endoftext|>": 199999, "<|endofprompt|>": 200018}
	case "cl100k":
		t.vocab, err = cl100kVocab()
		t.split = lookaheadSplitter{maxDigits: 3, tab: rustClasses(), longS: true}
		specials = map[string]int{
			"<|endoftext|>":   100257,
			"<|fim_prefix|>":  100258,
			"<|fim_middle|>":  100259,
			"<|fim_suffix|>":  100260,
			"<|endofprompt|>": 100276,
		}
	default:
		return nil, fmt.Errorf("%w %q", ErrUnknownSpec, name)
	}
	if err != nil {
		return nil, err
	}
	t.specials = newSpecialMatcher(specials)
	t.byID = make(map[int]string, len(specials))
	for s, id := range specials {
		t.byID[id] = s
	}
	return t, nil
}

func (t *tiktoken) Name() string { return t.name }

func (t *tiktoken) Count(text string) int {
	var out sink
	t.encode(text, &out)
	return out.n
}

func (t *tiktoken) Encode(text string) []int {
	out := sink{ids: make([]int, 0, len(text)/3+1)}
	t.encode(text, &out)
	return out.ids
}

func (t *tiktoken) Decode(ids []int) (string, error) {
	var sb strings.Builder
	for _, id := range ids {
		if s, ok := t.byID[id]; ok {
			sb.WriteString(s)
			continue
		}
		if id < 0 || id >= len(t.vocab.tokens) || t.vocab.tokens[id] == "" {
			return "", fmt.Errorf("tokenizer %s: invalid token id %d", t.name, id)
		}
		sb.WriteString(t.vocab.tokens[id])
	}
	return sb.String(), nil
}

func (t *tiktoken) encode(text string, out *sink) {
	text = validUTF8(text)
	buf, _ := t.bufs.Get().(*encodeBuf)
	if buf == nil {
		buf = &encodeBuf{}
	}
	defer t.bufs.Put(buf)
	for pos := 0; pos < len(text); {
		at, tok := t.specials.next(text, pos)
		if at < 0 {
			t.ordinary(text[pos:], buf, out)
			return
		}
		if at > pos {
			t.ordinary(text[pos:at], buf, out)
		}
		out.addOne(uint32(t.specials.ids[tok]))
		pos = at + len(tok)
	}
}

func (t *tiktoken) ordinary(s string, buf *encodeBuf, out *sink) {
	start := len(buf.ends)
	buf.ends = t.split.split(s, buf.ends)
	prev := 0
	for _, end := range buf.ends[start:] {
		t.word(s[prev:end], buf, out)
		prev = end
	}
	buf.ends = buf.ends[:start]
}

func (t *tiktoken) word(w string, buf *encodeBuf, out *sink) {
	if len(w) == 1 {
		out.addOne(t.vocab.ranks[w])
		return
	}
	if len(w) > cacheMaxWordLen {
		if id, ok := t.vocab.ranks[w]; ok {
			out.addOne(id)
			return
		}
		buf.ids = t.vocab.bpe(w, buf.ids[:0])
		out.add(buf.ids)
		return
	}
	// The small goroutine-local cache first: the vocabulary is a big map,
	// slow to probe.
	if ids, ok := buf.lookup(w); ok {
		out.add(ids)
		return
	}
	var ids []uint32
	if id, ok := t.vocab.ranks[w]; ok {
		ids = t.single(id)
	} else if ids, ok = t.cache.get(w); !ok {
		buf.ids = t.vocab.bpe(w, buf.ids[:0])
		ids = t.cache.put(w, buf.ids)
	}
	buf.store(w, ids)
	out.add(ids)
}

// single returns a shared one-id slice for id, which callers must not
// change.
func (t *tiktoken) single(id uint32) []uint32 {
	if int(id) < len(t.vocab.singles) {
		return t.vocab.singles[id : id+1 : id+1]
	}
	return []uint32{id}
}

// bpe appends the ranks of the parts that merging piece gives, as tiktoken's
// byte_pair_merge does: the adjacent pair of parts whose concatenation has
// the lowest rank merges first, the leftmost among equals.
func (v *tiktokenVocab) bpe(piece string, dst []uint32) []uint32 {
	n := len(piece)
	if n >= heapThreshold {
		return v.bpeHeap(piece, dst)
	}
	rank := func(a, b int) uint32 {
		if r, ok := v.ranks[piece[a:b]]; ok {
			return r
		}
		return noRank
	}
	// starts[k] is where part k starts; pairs[k] the rank of parts k and
	// k+1 joined.
	var startsBuf [heapThreshold + 1]int
	var pairsBuf [heapThreshold]uint32
	starts := startsBuf[:n+1]
	for i := range starts {
		starts[i] = i
	}
	pairs := pairsBuf[:n-1]
	for i := range pairs {
		pairs[i] = rank(i, i+2)
	}
	for len(pairs) > 0 {
		best, at := uint32(noRank), -1
		for i, r := range pairs {
			if r < best {
				best, at = r, i
			}
		}
		if at < 0 {
			break
		}
		copy(starts[at+1:], starts[at+2:])
		starts = starts[:len(starts)-1]
		copy(pairs[at:], pairs[at+1:])
		pairs = pairs[:len(pairs)-1]
		if at > 0 {
			pairs[at-1] = rank(starts[at-1], starts[at+1])
		}
		if at < len(pairs) {
			pairs[at] = rank(starts[at], starts[at+2])
		}
	}
	for k := 0; k+1 < len(starts); k++ {
		dst = append(dst, v.ranks[piece[starts[k]:starts[k+1]]])
	}
	return dst
}

const noRank = ^uint32(0)

// bpeHeap is bpe in O(n log n) for long pieces.
func (v *tiktokenVocab) bpeHeap(piece string, dst []uint32) []uint32 {
	type node struct {
		next, prev int32
		rank       uint32 // of this part joined with the next; noRank-1 once removed
	}
	const removed = noRank - 1
	n := int32(len(piece))
	nodes := make([]node, n+1) // node n is the end sentinel
	for i := range nodes {
		nodes[i] = node{next: int32(i) + 1, prev: int32(i) - 1, rank: noRank}
	}
	nodes[n].next = -1
	rankAt := func(i int32) uint32 {
		j := nodes[i].next
		if j < 0 || j == n {
			return noRank
		}
		k := nodes[j].next
		if r, ok := v.ranks[piece[i:k]]; ok {
			return r
		}
		return noRank
	}
	h := make(candHeap, 0, n)
	for i := int32(0); i < n; i++ {
		if r := rankAt(i); r != noRank {
			nodes[i].rank = r
			h = append(h, cand{uint64(r), i})
		}
	}
	h.init()
	for len(h) > 0 {
		c := h.pop()
		a := &nodes[c.pos]
		if uint64(a.rank) != c.pair {
			continue
		}
		j := a.next
		a.next = nodes[j].next
		nodes[a.next].prev = c.pos
		nodes[j].rank = removed
		for _, b := range [2]int32{c.pos, a.prev} {
			if b < 0 {
				continue
			}
			nodes[b].rank = rankAt(b)
			if nodes[b].rank != noRank {
				h.push(cand{uint64(nodes[b].rank), b})
			}
		}
	}
	for i := int32(0); i != n; i = nodes[i].next {
		dst = append(dst, v.ranks[piece[i:nodes[i].next]])
	}
	return dst
}
