package shard

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"

	"github.com/grpodata/grpodata/jsonl"
	"github.com/grpodata/grpodata/record"
	"github.com/grpodata/grpodata/stage"
)

// MergeOptions say what to merge.
type MergeOptions struct {
	// Output is the merged file; the shard outputs are found beside it
	// (Output's shard names) unless Shards names them.
	Output string
	Shards []string
	// Inputs replaces the inputs the manifests name (moved since), checked
	// against their fingerprint all the same.
	Inputs []string
	// AllowProblems takes shards whose run finished with problems (failed
	// prompts), as a one-machine run's output would hold them.
	AllowProblems bool
	// Stdout is what an Output of "-" writes (then Shards must be given).
	Stdout io.Writer
}

// MergeSummary is what Merge did.
type MergeSummary struct {
	Stage   string `json:"stage"`
	Shards  int    `json:"shards"`
	Records int64  `json:"records"`
	Output  string `json:"output"`
	// Usage adds up the shards' tokens and cost (nil for stages that call
	// no model).
	Usage *stage.Usage `json:"usage,omitempty"`
}

// Merge checks that every shard of Output is present, complete and made
// from the same input and options, then writes their records into Output
// atomically, in input order: for each input record, in turn, the next
// record of its shard when it has the input's key (a stage that dropped the
// record, as generate does with a failed prompt, wrote none), followed by
// the records derived from it or from those (metadata.augmented_from
// names it, as augment's variants do). A shard record left over when the inputs end is
// an error: nothing is lost or written twice.
func Merge(ctx context.Context, o MergeOptions) (MergeSummary, error) {
	shards, err := collect(o)
	if err != nil {
		return MergeSummary{}, err
	}
	ref := shards[0].m
	inputs := ref.Inputs
	if len(o.Inputs) > 0 {
		inputs = o.Inputs
	}
	fp, err := InputFingerprint(inputs)
	if err != nil {
		return MergeSummary{}, fmt.Errorf("merge: %w (give the inputs with --input if they moved)", err)
	}
	if fp != ref.Input {
		return MergeSummary{}, fmt.Errorf("merge: the inputs %v are not those the shards were made from (fingerprint %s, the shards' %s)", inputs, fp, ref.Input)
	}
	n, err := interleave(ctx, shards, inputs, o.Output, o.Stdout)
	if err != nil {
		return MergeSummary{}, err
	}
	return MergeSummary{Stage: ref.Stage, Shards: len(shards), Records: n, Output: o.Output, Usage: usageOf(shards)}, nil
}

// usageOf adds up the usage the shards' manifests record.
func usageOf(shards []part) *stage.Usage {
	var total *stage.Usage
	for _, p := range shards {
		total = addUsage(total, p.m.Usage)
	}
	return total
}

// addUsage is a + b, nil when both are.
func addUsage(a, b *stage.Usage) *stage.Usage {
	if a == nil && b == nil {
		return nil
	}
	var sum stage.Usage
	for _, u := range []*stage.Usage{a, b} {
		if u != nil {
			sum.PromptTokens += u.PromptTokens
			sum.CompletionTokens += u.CompletionTokens
			sum.CostUSD += u.CostUSD
		}
	}
	return &sum
}

// part is one shard output and its manifest.
type part struct {
	path string
	m    Manifest
}

var shardName = regexp.MustCompile(`\.shard-([0-9]+)-of-([0-9]+)`)

// collect finds the shard outputs and checks their manifests against each
// other; the result is indexed by shard.
func collect(o MergeOptions) ([]part, error) {
	files := o.Shards
	if len(files) == 0 {
		var err error
		if files, err = siblings(o.Output); err != nil {
			return nil, err
		}
	}
	var parts []part
	for _, f := range files {
		m, err := ReadManifest(ManifestPath(f))
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("merge: %s has no manifest (%s): not a shard output, or its run never started", f, ManifestPath(f))
		}
		if err != nil {
			return nil, fmt.Errorf("merge: %w", err)
		}
		parts = append(parts, part{f, m})
	}
	return checkParts(parts, o.AllowProblems)
}

// siblings are the shard outputs beside out, of one shard count.
func siblings(out string) ([]string, error) {
	matches, err := filepath.Glob(Glob(out))
	if err != nil {
		return nil, err
	}
	var files []string
	counts := map[int]int{}
	for _, f := range matches {
		sm := shardName.FindStringSubmatch(f)
		idx, _ := strconv.Atoi(sm[1])
		n, _ := strconv.Atoi(sm[2])
		if n < 1 || f != (Shard{idx, n}).Path(out) {
			continue // a file beside a shard output (its failures, a manifest)
		}
		files = append(files, f)
		counts[n]++
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("merge: no shard outputs beside %s (looked for %s)", out, Glob(out))
	}
	if len(counts) > 1 {
		return nil, fmt.Errorf("merge: shard outputs of several shard counts beside %s (%v shards of each count): give the files to merge", out, counts)
	}
	return files, nil
}

// checkParts refuses shards that do not make one whole: another count,
// stage, input or options than shard 0's, a shard missing or given twice,
// a run not complete (or with problems, unless allowed).
func checkParts(parts []part, allowProblems bool) ([]part, error) {
	sort.SliceStable(parts, func(i, j int) bool { return parts[i].m.Shard < parts[j].m.Shard })
	ref := parts[0].m
	byIndex := make([]part, ref.Count)
	for _, p := range parts {
		m := p.m
		switch {
		case m.Count != ref.Count:
			return nil, fmt.Errorf("merge: %s is shard %d of %d, %s is of %d", p.path, m.Shard, m.Count, parts[0].path, ref.Count)
		case m.Stage != ref.Stage:
			return nil, fmt.Errorf("merge: %s was made by %s, %s by %s", p.path, m.Stage, parts[0].path, ref.Stage)
		case m.Input != ref.Input:
			return nil, fmt.Errorf("merge: %s was made from another input than %s (fingerprint %s, not %s)", p.path, parts[0].path, m.Input, ref.Input)
		case m.Options != ref.Options:
			return nil, fmt.Errorf("merge: %s was made with other options than %s (fingerprint %s, not %s)", p.path, parts[0].path, m.Options, ref.Options)
		case m.Shard < 0 || m.Shard >= m.Count:
			return nil, fmt.Errorf("merge: %s: shard %d is not in [0, %d)", p.path, m.Shard, m.Count)
		case byIndex[m.Shard].path != "":
			return nil, fmt.Errorf("merge: shard %d of %d given twice (%s, %s)", m.Shard, m.Count, byIndex[m.Shard].path, p.path)
		}
		byIndex[m.Shard] = p
	}
	for i, p := range byIndex {
		if p.path == "" {
			return nil, fmt.Errorf("merge: shard %d of %d is missing (%s)", i, ref.Count, Shard{i, ref.Count}.Path(missingBase(parts[0])))
		}
		if !p.m.Complete {
			return nil, fmt.Errorf("merge: %s is not complete (shard %d of %d stopped or is still running: run it again)", p.path, i, ref.Count)
		}
		if p.m.Problems && !allowProblems {
			return nil, fmt.Errorf("merge: %s finished with problems (shard %d of %d: failed prompts or a batch still pending): run it again, or merge with --allow-problems", p.path, i, ref.Count)
		}
	}
	return byIndex, nil
}

// missingBase is the merged output's name as a shard's path implies it,
// for naming a missing shard's file.
func missingBase(p part) string {
	return shardName.ReplaceAllString(p.path, "")
}

// cursor reads one shard output ahead by one record.
type cursor struct {
	r    *jsonl.Reader
	line jsonl.Line
	key  string
	from string // metadata.augmented_from
	eof  bool
}

func (c *cursor) advance() error {
	l, err := c.r.Next()
	if err == io.EOF {
		c.eof = true
		return nil
	}
	if err != nil {
		return err
	}
	c.line = jsonl.Line{N: l.N, Data: append(c.line.Data[:0], l.Data...)}
	c.key, c.from = outputKey(l.Data)
	return nil
}

// outputKey is the key of a shard output line and the key of the record
// it was derived from, if any.
func outputKey(line []byte) (key, from string) {
	rec, err := record.Decode(line)
	if err != nil {
		return idOnly(line), ""
	}
	if raw, ok := rec.Extra.Get("metadata"); ok {
		var meta struct {
			From string `json:"augmented_from"`
		}
		if json.Unmarshal(raw, &meta) == nil {
			from = meta.From
		}
	}
	return rec.Key(), from
}
