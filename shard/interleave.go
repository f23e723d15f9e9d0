package shard

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"

	"github.com/grpodata/grpodata/jsonl"
	"github.com/grpodata/grpodata/stage"
)

// idOnly is the "id" of a line that is not a record (tokens writes
// {"id": ..., "prompt_tokens": ...}); "" when it has none.
func idOnly(line []byte) string {
	var v struct {
		ID json.RawMessage `json:"id"`
	}
	if json.Unmarshal(line, &v) != nil || len(v.ID) == 0 {
		return ""
	}
	var s string
	if json.Unmarshal(v.ID, &s) == nil {
		return s
	}
	return string(v.ID) // a number, as written
}

// interleave writes the shards' records to out in the inputs' order (see
// Merge) and returns how many it wrote.
func interleave(ctx context.Context, shards []part, inputs []string, out string, stdout io.Writer) (int64, error) {
	curs := make([]*cursor, len(shards))
	for i, p := range shards {
		r, err := jsonl.Open(p.path)
		if err != nil {
			return 0, fmt.Errorf("merge: %w", err)
		}
		defer r.Close()
		curs[i] = &cursor{r: r}
		if err := curs[i].advance(); err != nil {
			return 0, fmt.Errorf("merge: %w", err)
		}
	}
	if out == "-" && stdout == nil {
		return 0, fmt.Errorf("merge: -: no standard output to write")
	}
	w, err := jsonl.CreateTo(out, stdout)
	if err != nil {
		return 0, fmt.Errorf("merge: %w", err)
	}
	defer w.Close()
	emit := w.WriteLine
	if repeats := mergeRepeats(shards[0].m.Stage); repeats != nil {
		emit = func(line []byte) error {
			if repeats(line) {
				return nil // one run would have dropped it (see stage.Spec.MergeRepeats)
			}
			return w.WriteLine(line)
		}
	}
	for _, name := range inputs {
		if err := interleaveInput(ctx, name, curs, emit); err != nil {
			return 0, err
		}
	}
	for i, c := range curs {
		if !c.eof {
			return 0, fmt.Errorf("merge: %s:%d: record %q matches no input record of shard %d (made from other inputs?); nothing written", shards[i].path, c.line.N, c.key, i)
		}
	}
	if err := w.Commit(); err != nil {
		return 0, fmt.Errorf("merge: %w", err)
	}
	return int64(w.Lines()), nil
}

// interleaveInput walks one input file, taking each record's output from
// its shard.
func interleaveInput(ctx context.Context, name string, curs []*cursor, emit func([]byte) error) error {
	r, err := jsonl.Open(name)
	if err != nil {
		return fmt.Errorf("merge: %w", err)
	}
	defer r.Close()
	var block []string // keys of the records written for the current input record
	for {
		l, err := r.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("merge: %w", err)
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		key := KeyOf(l.Data)
		c := curs[Of(key, len(curs))]
		if c.eof || c.key != key {
			continue // the stage wrote nothing for this record
		}
		// The record, then those derived from it or from one derived
		// before (a stage after augment derives from variants too).
		block = append(block[:0], key)
		for first := true; !c.eof && (first || c.key != key && slices.Contains(block, c.from)); first = false {
			if err := emit(c.line.Data); err != nil {
				return fmt.Errorf("merge: %w", err)
			}
			if !first {
				block = append(block, c.key)
			}
			if err := c.advance(); err != nil {
				return fmt.Errorf("merge: %w", err)
			}
		}
	}
}

// mergeRepeats is the repeat check of the stage that made the shards, if
// it has one.
func mergeRepeats(stageName string) func([]byte) bool {
	st, err := stage.Default.Lookup(stageName)
	if err != nil || st.Describe().MergeRepeats == nil {
		return nil
	}
	return st.Describe().MergeRepeats()
}
