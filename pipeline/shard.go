package pipeline

import (
	"slices"

	"github.com/grpodata/grpodata/stage"
)

// Shard is how a run is one shard of N (grpodata run --shard i/N): only
// the stages from the start of the pipeline that work record by record
// run (generate, verify; the first stage that needs every record, and all
// after it, run once the shards are merged), and the files the run checks
// and hands on are the shard's: Rename maps each planned output to the
// name the shard writes it under (package shard), run.json included, so
// shards sharing a run folder never write the same file.
type Shard struct {
	Rename func(path string) string
}

// runs reports whether a stage runs in this (possibly sharded) run.
func (s *Shard) runs(name string) bool {
	if s == nil {
		return true
	}
	st, err := stage.Default.Lookup(name)
	return err == nil && st.Describe().PerRecord
}

func (s *Shard) rename(path string) string {
	if s == nil {
		return path
	}
	return s.Rename(path)
}

// renamePlan renames a stage's outputs, and the records it hands on when
// they are one of them (a pass-through stage hands on its input).
func (s *Shard) renamePlan(outputs []string, next string) ([]string, string) {
	if s == nil {
		return outputs, next
	}
	if slices.Contains(outputs, next) {
		next = s.Rename(next)
	}
	renamed := make([]string, len(outputs))
	for i, o := range outputs {
		renamed[i] = s.Rename(o)
	}
	return renamed, next
}
