package stagetest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/grpodata/grpodata/jsonl"
	"github.com/grpodata/grpodata/record"
	"github.com/grpodata/grpodata/shard"
	"github.com/grpodata/grpodata/stage"
)

// checkShards: a PerRecord stage run as 3 shards and merged writes the
// records of one run, in the same order (bytes may differ where a stage
// records a measurement, such as verify's timings).
func checkShards(t *testing.T, st stage.Stage, out string) {
	dir := t.TempDir()
	var input strings.Builder
	for i := range 12 {
		fmt.Fprintf(&input, `{"prompt":"What is %d+%d?","answer":"%d","responses":[{"text":"%d","score":1.0},{"text":"0","score":0.0}]}`+"\n", i, i, 2*i, 2*i)
	}
	in := writeInput(t, dir, input.String())
	ctx := context.Background()
	one := filepath.Join(dir, "one-"+out)
	if _, err := st.Run(ctx, jsonl.Source{Files: []string{in}}, jsonl.Sink{Path: one}, st.NewConfig()); err != nil {
		t.Fatalf("one run: %v", err)
	}
	merged := filepath.Join(dir, out)
	for i := range 3 {
		if _, err := shard.Run(ctx, st, shard.Shard{Index: i, Count: 3}, jsonl.Source{Files: []string{in}}, jsonl.Sink{Path: merged}, st.NewConfig()); err != nil {
			t.Fatalf("shard %d/3: %v", i, err)
		}
	}
	if _, err := shard.Merge(ctx, shard.MergeOptions{Output: merged}); err != nil {
		t.Fatalf("merge: %v", err)
	}
	want, got := keys(t, one), keys(t, merged)
	if len(want) == 0 || !slices.Equal(got, want) {
		t.Errorf("merged shards hold records %v, one run %v", got, want)
	}
}

// keys are the record keys of an output, in order ("id" for lines that
// are not records, as tokens writes).
func keys(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if rec, err := record.Decode([]byte(line)); err == nil {
			out = append(out, rec.Key())
			continue
		}
		var v struct{ ID string }
		json.Unmarshal([]byte(line), &v)
		out = append(out, v.ID)
	}
	return out
}
