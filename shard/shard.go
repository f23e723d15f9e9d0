// Package shard runs a per-record stage as shard i of N, for a Slurm array
// or a Kubernetes Indexed Job, and merges the shards' outputs back into the
// one output a single machine would have written.
//
// A record belongs to the shard its stable key (record.Record.Key: its
// "id", else the hash of its prompt) hashes to, so resuming, retrying or
// reading the input again never moves a record to another shard. Each shard
// writes OUT.shard-IIII-of-NNNN.EXT beside OUT, a manifest beside that
// (shard, N, input and options fingerprints, counts, complete), and holds a
// lock file while it runs. Merge checks the manifests and interleaves the
// shards in input order.
//
// It owns naming, assignment, manifests, locks and merging; what a stage
// does with its share of the records belongs to the stage (package stage).
package shard

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/grpodata/grpodata/record"
)

// Shard is one share of a run: Index in [0, Count).
type Shard struct {
	Index, Count int
}

// EnvVars are read, in order, by "auto/N": Slurm's array task id, a
// Kubernetes Indexed Job's completion index, then grpodata's own.
var EnvVars = []string{"SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX", "GRPODATA_SHARD"}

// Parse reads "i/N" or "auto/N" (i from the first of EnvVars that getenv
// finds set).
func Parse(s string, getenv func(string) string) (Shard, error) {
	idx, cnt, ok := strings.Cut(strings.TrimSpace(s), "/")
	if !ok {
		return Shard{}, fmt.Errorf("--shard %q: want i/N (0 <= i < N) or auto/N", s)
	}
	n, err := strconv.Atoi(cnt)
	if err != nil || n < 1 {
		return Shard{}, fmt.Errorf("--shard %q: N must be a whole number >= 1", s)
	}
	from := ""
	if idx == "auto" {
		for _, name := range EnvVars {
			if v := getenv(name); v != "" {
				idx, from = v, " (from $"+name+")"
				break
			}
		}
		if from == "" {
			return Shard{}, fmt.Errorf("--shard %s: none of $%s is set", s, strings.Join(EnvVars, ", $"))
		}
	}
	i, err := strconv.Atoi(strings.TrimSpace(idx))
	if err != nil || i < 0 || i >= n {
		return Shard{}, fmt.Errorf("--shard %s: index %q%s must be a whole number in [0, %d)", s, idx, from, n)
	}
	return Shard{Index: i, Count: n}, nil
}

func (s Shard) String() string { return fmt.Sprintf("%d/%d", s.Index, s.Count) }

// Of is the shard, of n, that a record key belongs to: the first 8 bytes of
// its SHA-256 mod n (stable on every machine and Go version).
func Of(key string, n int) int {
	h := sha256.Sum256([]byte(key))
	return int(binary.BigEndian.Uint64(h[:8]) % uint64(n))
}

// KeyOf is the key a line is sharded by: its record's Key, or, for a line
// that is not a valid record, the line itself (so exactly one shard sees
// it, and reports or skips it as a whole run would).
func KeyOf(line []byte) string {
	rec, err := record.Decode(line)
	if err != nil {
		return "\x00bad\x00" + string(line)
	}
	return rec.Key()
}

// Keep reports whether a line belongs to this shard; it is the filter a
// shard's jsonl.Source reads through.
func (s Shard) Keep(line []byte) bool { return Of(KeyOf(line), s.Count) == s.Index }

// Path is the shard's output beside out: out.jsonl ->
// out.shard-0003-of-0016.jsonl (out.jsonl.gz -> out.shard-0003-of-0016.jsonl.gz).
func (s Shard) Path(out string) string {
	dir, base := filepath.Split(out)
	stem, ext := splitExt(base)
	return dir + fmt.Sprintf("%s.shard-%04d-of-%04d%s", stem, s.Index, s.Count, ext)
}

// splitExt splits a file name before its extension, a compression suffix
// counted with the extension before it.
func splitExt(base string) (stem, ext string) {
	stem = base
	for _, z := range []string{".gz", ".zst"} {
		if strings.HasSuffix(stem, z) && len(stem) > len(z) {
			stem, ext = strings.TrimSuffix(stem, z), z
			break
		}
	}
	e := filepath.Ext(stem)
	if e == stem { // ".hidden": no extension
		e = ""
	}
	return strings.TrimSuffix(stem, e), e + ext
}

// Glob is the pattern matching every shard output of out, of any count.
func Glob(out string) string {
	dir, base := filepath.Split(out)
	stem, ext := splitExt(base)
	return dir + stem + ".shard-*-of-*" + ext
}
