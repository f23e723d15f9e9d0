package augment

import (
	"github.com/grpodata/grpodata/record"
)

// mergeRepeats is the augment stage's MergeRepeats: shards drop new
// prompts equal to any input's or to one they made before, but two shards
// cannot see each other's, so the merge drops a new record whose prompt
// (normalised) a new record before it already had, as one run does.
// Originals always stay.
func mergeRepeats() func(line []byte) bool {
	seen := map[string]bool{}
	return func(line []byte) bool {
		rec, err := record.Decode(line)
		if err != nil || !derived(rec) {
			return false
		}
		key := normalize(rec.Prompt.String())
		if seen[key] {
			return true
		}
		seen[key] = true
		return false
	}
}

// derived reports whether a record is one augment made (its metadata
// names the record it was made from).
func derived(rec *record.Record) bool {
	raw, ok := rec.Extra.Get("metadata")
	if !ok {
		return false
	}
	var m record.Fields
	return m.UnmarshalJSON(raw) == nil && m.Has("augmented_from")
}
