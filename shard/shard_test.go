package shard

import (
	"fmt"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

func TestParse(t *testing.T) {
	env := func(vars map[string]string) func(string) string {
		return func(k string) string { return vars[k] }
	}
	for _, tt := range []struct {
		in   string
		env  map[string]string
		want Shard
		err  string
	}{
		{in: "3/16", want: Shard{3, 16}},
		{in: " 0/1 ", want: Shard{0, 1}},
		{in: "auto/4", env: map[string]string{"SLURM_ARRAY_TASK_ID": "2", "JOB_COMPLETION_INDEX": "1"}, want: Shard{2, 4}},
		{in: "auto/4", env: map[string]string{"JOB_COMPLETION_INDEX": "1", "GRPODATA_SHARD": "3"}, want: Shard{1, 4}},
		{in: "auto/4", env: map[string]string{"GRPODATA_SHARD": "3"}, want: Shard{3, 4}},
		{in: "auto/4", err: "none of $SLURM_ARRAY_TASK_ID, $JOB_COMPLETION_INDEX, $GRPODATA_SHARD is set"},
		{in: "auto/4", env: map[string]string{"SLURM_ARRAY_TASK_ID": "4"}, err: `index "4" (from $SLURM_ARRAY_TASK_ID) must be a whole number in [0, 4)`},
		{in: "4/4", err: `index "4" must be a whole number in [0, 4)`},
		{in: "-1/4", err: "must be a whole number in [0, 4)"},
		{in: "1/0", err: "N must be a whole number >= 1"},
		{in: "3", err: "want i/N"},
	} {
		got, err := Parse(tt.in, env(tt.env))
		switch {
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("Parse(%q) error %v, want %q", tt.in, err, tt.err)
		case tt.err == "" && (err != nil || got != tt.want):
			t.Errorf("Parse(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestPath(t *testing.T) {
	sh := Shard{3, 16}
	for in, want := range map[string]string{
		"out.jsonl":         "out.shard-0003-of-0016.jsonl",
		"runs/x/gen.jsonl":  "runs/x/gen.shard-0003-of-0016.jsonl",
		"d.v2/out.jsonl.gz": "d.v2/out.shard-0003-of-0016.jsonl.gz",
		"out.jsonl.zst":     "out.shard-0003-of-0016.jsonl.zst",
		"out":               "out.shard-0003-of-0016",
		".hidden":           ".hidden.shard-0003-of-0016",
	} {
		if got := sh.Path(in); got != want {
			t.Errorf("Path(%q) = %q, want %q", in, got, want)
		}
	}
	if got := (Shard{12345, 20000}).Path("o.jsonl"); got != "o.shard-12345-of-20000.jsonl" {
		t.Errorf("wide shard: %q", got)
	}
}

// TestKeepPartitions: every line, valid record or not, belongs to exactly
// one shard of N, and the same one whatever else the input holds.
func TestKeepPartitions(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 9).Draw(t, "n")
		lines := rapid.SliceOfN(rapid.OneOf(
			rapid.Custom(func(t *rapid.T) string {
				return fmt.Sprintf(`{"prompt": %q}`, rapid.String().Draw(t, "prompt"))
			}),
			rapid.Custom(func(t *rapid.T) string {
				return fmt.Sprintf(`{"id": %q, "prompt": "p"}`, rapid.StringMatching(`[a-z0-9-]{1,12}`).Draw(t, "id"))
			}),
			rapid.String(), // not a record
		), 1, 30).Draw(t, "lines")
		for _, l := range lines {
			owners := 0
			for i := range n {
				if (Shard{i, n}).Keep([]byte(l)) {
					owners++
				}
			}
			if owners != 1 {
				t.Fatalf("%q is kept by %d shards of %d", l, owners, n)
			}
		}
	})
}

// TestOfIsStable pins the assignment: a change would move records between
// the shards of runs already under way on a cluster.
func TestOfIsStable(t *testing.T) {
	for _, tt := range []struct {
		key     string
		of16    int
		ofThree int
	}{
		{"p1", 3, 0},
		{"p2", 12, 1},
		{"gsm8k-17", 0, 2},
		{"a1b2c3d4e5f60718", 8, 2},
	} {
		if got := Of(tt.key, 16); got != tt.of16 {
			t.Errorf("Of(%q, 16) = %d, pinned %d", tt.key, got, tt.of16)
		}
		if got := Of(tt.key, 3); got != tt.ofThree {
			t.Errorf("Of(%q, 3) = %d, pinned %d", tt.key, got, tt.ofThree)
		}
	}
}

// TestKeyOf: a record shards by its id, else its prompt's hash, the key
// resume uses.
func TestKeyOf(t *testing.T) {
	if k := KeyOf([]byte(`{"id": "q7", "prompt": "x"}`)); k != "q7" {
		t.Errorf("id: %q", k)
	}
	a, b := KeyOf([]byte(`{"prompt": "x", "answer": "1"}`)), KeyOf([]byte(`{"answer": "2", "prompt":  "x"}`))
	if a != b || len(a) != 16 {
		t.Errorf("prompt hash: %q vs %q", a, b)
	}
}
