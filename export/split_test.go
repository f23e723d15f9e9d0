package export_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/grpodata/grpodata/export"
)

func splitInput(t *testing.T, n int, reverse bool) string {
	var lines []string
	for i := 0; i < n; i++ {
		lines = append(lines, fmt.Sprintf(`{"id":"r%d","prompt":"What is %d+1?","answer":"%d"}`, i, i, i+1))
	}
	if reverse {
		for i, j := 0, len(lines)-1; i < j; i, j = i+1, j-1 {
			lines[i], lines[j] = lines[j], lines[i]
		}
	}
	return writeInput(t, lines...)
}

// ids returns the sorted extra_info ids and splits of a verl file.
func ids(t *testing.T, path string) (out []string, splits map[string]bool) {
	t.Helper()
	_, _, rows := parquetRows(t, path)
	splits = map[string]bool{}
	for _, r := range rows {
		info := r.(map[string]any)["extra_info"].(map[string]any)
		out = append(out, info["id"].(string))
		splits[info["split"].(string)] = true
	}
	sort.Strings(out)
	return out, splits
}

func TestValSplit(t *testing.T) {
	opt := export.Options{ValFraction: 0.1}
	out, st := runExport(t, "verl", opt, splitInput(t, 200, false))
	train, trainSplits := ids(t, out)
	val, valSplits := ids(t, export.ValPath(out))
	if st.Written != 200 || st.Val != len(val) || len(train)+len(val) != 200 || st.ValOutput != export.ValPath(out) {
		t.Fatalf("written %d, val %d (%s), train rows %d, val rows %d", st.Written, st.Val, st.ValOutput, len(train), len(val))
	}
	if len(val) < 10 || len(val) > 30 {
		t.Errorf("%d of 200 rows held out at 0.1", len(val))
	}
	if !trainSplits["train"] || len(trainSplits) != 1 || !valSplits[export.ValSplit] || len(valSplits) != 1 {
		t.Errorf("splits: train %v, val %v", trainSplits, valSplits)
	}
	// The same rows whatever the input order.
	out2, _ := runExport(t, "verl", opt, splitInput(t, 200, true))
	if val2, _ := ids(t, export.ValPath(out2)); strings.Join(val2, ",") != strings.Join(val, ",") {
		t.Errorf("reversed input holds out %v, not %v", val2, val)
	}
	if !strings.Contains(statsText(st), fmt.Sprintf("held out %d of them for validation in DIR/out-val.parquet (%d to train on)", len(val), len(train))) {
		t.Errorf("stats:\n%s", statsText(st))
	}
}

func TestValSplitAtLeastOneRow(t *testing.T) {
	for _, n := range []int{2, 3, 5} {
		// 0.0001: no row's hash falls below it, one is held out all the same.
		out, st := runExport(t, "verl", export.Options{ValFraction: 0.0001}, splitInput(t, n, false))
		train, _ := ids(t, out)
		val, _ := ids(t, export.ValPath(out))
		if len(val) != 1 || len(train) != n-1 || st.Val != 1 {
			t.Errorf("%d rows: %d train, %d val", n, len(train), len(val))
		}
		// Reversed: the same row.
		out2, _ := runExport(t, "verl", export.Options{ValFraction: 0.0001}, splitInput(t, n, true))
		if val2, _ := ids(t, export.ValPath(out2)); val2[0] != val[0] {
			t.Errorf("%d rows: held out %s, reversed %s", n, val[0], val2[0])
		}
	}
	// One row: nothing to hold out, no validation file (and an old one goes).
	dir := t.TempDir()
	out := filepath.Join(dir, "verl.parquet")
	os.WriteFile(export.ValPath(out), []byte("stale"), 0o644)
	st, err := export.Run(context.Background(), []string{splitInput(t, 1, false)}, export.Config{Format: "verl", Output: out, Options: export.Options{ValFraction: 0.5}}, openSkipping, io.Discard)
	if err != nil || st.Written != 1 || st.Val != 0 {
		t.Fatalf("one row: %+v, %v", st, err)
	}
	if _, err := os.Stat(export.ValPath(out)); !os.IsNotExist(err) {
		t.Errorf("one row: a validation file exists (%v)", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 { // verl.parquet, grpodata_reward.py
		t.Errorf("files left: %v", entries)
	}
}

func TestValSplitNotOnStdout(t *testing.T) {
	var buf strings.Builder
	st, err := export.Run(context.Background(), []string{splitInput(t, 20, false)}, export.Config{Format: "verl", Output: "-", Options: export.Options{ValFraction: 0.5}}, openSkipping, &buf)
	if err != nil || st.Written != 20 || st.Val != 0 || st.RewardFile != "" {
		t.Fatalf("stdout: %+v, %v", st, err)
	}
}

func TestRewardFileWritten(t *testing.T) {
	for _, format := range []string{"verl", "trl"} {
		out, st := runExport(t, format, export.Options{GrpodataBin: "/opt/bin/grpodata"}, splitInput(t, 3, false))
		src, err := os.ReadFile(filepath.Join(filepath.Dir(out), "grpodata_reward.py"))
		if err != nil || st.RewardFile == "" {
			t.Fatalf("%s: %v", format, err)
		}
		for _, want := range []string{`GRPODATA_BIN = "/opt/bin/grpodata"`, "def compute_score(data_source, solution_str, ground_truth, extra_info=None, **kwargs):",
			"def grpodata_reward(completions,", "def reward_func(queries, prompts, labels, **kwargs):"} {
			if !strings.Contains(string(src), want) {
				t.Errorf("%s: reward file lacks %q", format, want)
			}
		}
	}
	for _, format := range []string{"verl-groups", "trl-dpo"} {
		if _, st := runExport(t, format, export.Options{}, goldenInput); st.RewardFile != "" {
			t.Errorf("%s wrote a reward file", format)
		}
	}
}

func TestVerlBatchSizes(t *testing.T) {
	for _, tc := range []struct{ rows, n, bs, mini, micro int }{
		{48, 8, 32, 8, 4}, {1, 16, 1, 1, 2}, {3, 4, 2, 1, 1}, {1000, 16, 256, 64, 4}, {7, 5, 4, 1, 1}, {0, 0, 1, 1, 1},
	} {
		s := export.VerlBatchSizes(tc.rows, tc.n)
		if s.TrainBatch != tc.bs || s.MiniBatch != tc.mini || s.Micro != tc.micro {
			t.Errorf("VerlBatchSizes(%d, %d) = %+v, want %d/%d/%d", tc.rows, tc.n, s, tc.bs, tc.mini, tc.micro)
		}
	}
}
