package tokenize

import (
	"strings"
	"unicode/utf8"
)

// encodeBuf is the scratch space of one encode call, pooled. Its words
// cache, private to the goroutine holding the buffer, spares most lookups
// in the shared cache and their locking.
type encodeBuf struct {
	ends  []int
	ids   []uint32
	short map[uint64][]uint32 // words of up to 7 bytes, packed
	words map[string][]uint32 // longer words
}

const localCacheWords = 8192

// pack packs a word of up to 7 bytes and its length into a map key, which
// hashes and compares faster than a string.
func pack(w string) uint64 {
	k := uint64(len(w)) << 56
	for i := 0; i < len(w); i++ {
		k |= uint64(w[i]) << (8 * i)
	}
	return k
}

func (b *encodeBuf) lookup(w string) ([]uint32, bool) {
	if len(w) < 8 {
		ids, ok := b.short[pack(w)]
		return ids, ok
	}
	ids, ok := b.words[w]
	return ids, ok
}

// store remembers ids, which must not change afterwards, for w.
func (b *encodeBuf) store(w string, ids []uint32) {
	if len(w) < 8 {
		if b.short == nil || len(b.short) >= localCacheWords {
			b.short = make(map[uint64][]uint32, 1024)
		}
		b.short[pack(w)] = ids
		return
	}
	if b.words == nil || len(b.words) >= localCacheWords {
		b.words = make(map[string][]uint32, 1024)
	}
	b.words[strings.Clone(w)] = ids
}

// sink receives the ids: it counts them, and keeps them if ids is not nil.
type sink struct {
	n   int
	ids []int
}

func (s *sink) add(ids []uint32) {
	s.n += len(ids)
	if s.ids != nil {
		for _, id := range ids {
			s.ids = append(s.ids, int(id))
		}
	}
}

func (s *sink) addOne(id uint32) {
	s.n++
	if s.ids != nil {
		s.ids = append(s.ids, int(id))
	}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
