package tokenize

import (
	"hash/maphash"
	"sync"
)

// noMerge marks a pair of symbols that no merge joins.
const noMerge = ^uint64(0)

// merges is the BPE merge table: for a pair of token ids (left<<32 | right),
// the merge's rank in the high half and the merged token's id in the low
// half. Comparing values compares ranks.
type merges map[uint64]uint64

func (m merges) pair(a, b uint32) uint64 {
	if v, ok := m[uint64(a)<<32|uint64(b)]; ok {
		return v
	}
	return noMerge
}

// heapThreshold is the piece length from which bpe switches from the
// quadratic scan to the heap.
const heapThreshold = 64

// bpe appends to dst the ids that merging the bytes of piece by rank gives:
// the lowest-ranked adjacent pair merges first, the leftmost among equals.
func (m merges) bpe(byteID *[256]uint32, piece string, dst []uint32) []uint32 {
	n := len(piece)
	if n == 1 {
		return append(dst, byteID[piece[0]])
	}
	if n >= heapThreshold {
		return m.bpeHeap(byteID, piece, dst)
	}
	var symsBuf [heapThreshold]uint32
	var pairBuf [heapThreshold]uint64
	syms, pairs := symsBuf[:n], pairBuf[:n-1]
	for i := 0; i < n; i++ {
		syms[i] = byteID[piece[i]]
	}
	for i := range pairs {
		pairs[i] = m.pair(syms[i], syms[i+1])
	}
	for len(pairs) > 0 {
		best, at := noMerge, -1
		for i, v := range pairs {
			if v < best {
				best, at = v, i
			}
		}
		if at < 0 {
			break
		}
		syms[at] = uint32(best)
		copy(syms[at+1:], syms[at+2:])
		syms = syms[:len(syms)-1]
		copy(pairs[at:], pairs[at+1:])
		pairs = pairs[:len(pairs)-1]
		if at > 0 {
			pairs[at-1] = m.pair(syms[at-1], syms[at])
		}
		if at < len(pairs) {
			pairs[at] = m.pair(syms[at], syms[at+1])
		}
	}
	return append(dst, syms...)
}

// bpeHeap is bpe in O(n log n) for long pieces: a linked list of symbols
// and a min-heap of candidate merges ordered by (rank, position); stale
// candidates are skipped when popped.
func (m merges) bpeHeap(byteID *[256]uint32, piece string, dst []uint32) []uint32 {
	type node struct {
		id         uint32
		prev, next int32
		pair       uint64 // merge with next, or noMerge; noMerge-1 once removed
	}
	const removed = noMerge - 1
	n := len(piece)
	nodes := make([]node, n)
	for i := range nodes {
		nodes[i] = node{id: byteID[piece[i]], prev: int32(i - 1), next: int32(i + 1), pair: noMerge}
	}
	nodes[n-1].next = -1
	h := make(candHeap, 0, n)
	for i := 0; i+1 < n; i++ {
		v := m.pair(nodes[i].id, nodes[i+1].id)
		nodes[i].pair = v
		if v != noMerge {
			h = append(h, cand{v, int32(i)})
		}
	}
	h.init()
	for len(h) > 0 {
		c := h.pop()
		a := &nodes[c.pos]
		if a.pair != c.pair {
			continue // stale, or a was removed
		}
		b := &nodes[a.next]
		a.id = uint32(c.pair)
		a.next = b.next
		b.pair = removed
		if b.next >= 0 {
			nodes[b.next].prev = c.pos
			a.pair = m.pair(a.id, nodes[b.next].id)
			if a.pair != noMerge {
				h.push(cand{a.pair, c.pos})
			}
		} else {
			a.pair = noMerge
		}
		if a.prev >= 0 {
			p := &nodes[a.prev]
			p.pair = m.pair(p.id, a.id)
			if p.pair != noMerge {
				h.push(cand{p.pair, a.prev})
			}
		}
	}
	for i := int32(0); i >= 0; i = nodes[i].next {
		dst = append(dst, nodes[i].id)
	}
	return dst
}

type cand struct {
	pair uint64
	pos  int32
}

// candHeap is a binary min-heap by (rank, position); typed so that pushes
// do not allocate.
type candHeap []cand

func (h candHeap) less(i, j int) bool {
	if h[i].pair != h[j].pair {
		return h[i].pair < h[j].pair
	}
	return h[i].pos < h[j].pos
}

func (h candHeap) init() {
	for i := len(h)/2 - 1; i >= 0; i-- {
		h.down(i)
	}
}

func (h *candHeap) push(c cand) {
	*h = append(*h, c)
	s := *h
	for i := len(s) - 1; i > 0; {
		p := (i - 1) / 2
		if !s.less(i, p) {
			break
		}
		s[i], s[p] = s[p], s[i]
		i = p
	}
}

func (h *candHeap) pop() cand {
	s := *h
	top := s[0]
	last := len(s) - 1
	s[0] = s[last]
	*h = s[:last]
	h.down(0)
	return top
}

func (h candHeap) down(i int) {
	for {
		l := 2*i + 1
		if l >= len(h) {
			return
		}
		j := l
		if r := l + 1; r < len(h) && h.less(r, l) {
			j = r
		}
		if !h.less(j, i) {
			return
		}
		h[i], h[j] = h[j], h[i]
		i = j
	}
}

// wordCache remembers the ids of pre-tokens. It is sharded to keep lock
// contention low and bounded: a full shard is emptied.
type wordCache struct {
	seed   maphash.Seed
	shards [cacheShards]cacheShard
}

const (
	cacheShards     = 64
	cacheShardWords = 4096 // at most 256k words in all
	cacheMaxWordLen = 256  // longer pieces are rare and not cached
)

type cacheShard struct {
	mu sync.RWMutex
	m  map[string][]uint32
	_  [32]byte // keep shards on separate cache lines
}

func newWordCache() *wordCache {
	return &wordCache{seed: maphash.MakeSeed()}
}

func (c *wordCache) shard(word string) *cacheShard {
	return &c.shards[maphash.String(c.seed, word)%cacheShards]
}

func (c *wordCache) get(word string) ([]uint32, bool) {
	s := c.shard(word)
	s.mu.RLock()
	ids, ok := s.m[word]
	s.mu.RUnlock()
	return ids, ok
}

// put stores a copy of ids for word and returns the copy, which callers
// must not change.
func (c *wordCache) put(word string, ids []uint32) []uint32 {
	s := c.shard(word)
	key := string([]byte(word)) // a copy: word points into the caller's text
	val := append([]uint32(nil), ids...)
	s.mu.Lock()
	if s.m == nil || len(s.m) >= cacheShardWords {
		s.m = make(map[string][]uint32, 256)
	}
	s.m[key] = val
	s.mu.Unlock()
	return val
}
