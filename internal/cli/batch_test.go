package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestBatchCommand(t *testing.T) {
	out := filepath.Join(t.TempDir(), "batches")
	code, _, errs := runCLI(t, "", "batch", "--input", "../../examples/groups.jsonl", "--output", out,
		"--strategy", "stratified", "--by", "category", "--batch_size", "4", "--tokenizer", "estimate")
	if code != 0 || !strings.Contains(errs, "wrote 3 batches (12 records") {
		t.Fatalf("code=%d stderr=%s", code, errs)
	}
	raw, err := os.ReadFile(filepath.Join(out, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Config  map[string]any
		Batches []struct{ Strata map[string]int }
	}
	json.Unmarshal(raw, &m)
	if m.Config["strategy"] != "stratified" || len(m.Batches) != 3 || m.Batches[0].Strata["algebra"] != 2 {
		t.Errorf("manifest = %s", raw)
	}
	if code, _, errs := runCLI(t, "", "batch", "../../examples/groups.jsonl", "-o", out, "--strategy", "weird"); code != 2 || !strings.Contains(errs, `unknown strategy "weird"`) {
		t.Errorf("bad strategy: code=%d %s", code, errs)
	}
	if code, _, errs := runCLI(t, "", "batch", "../../examples/groups.jsonl"); code != 2 || !strings.Contains(errs, "--output DIR") {
		t.Errorf("no output: code=%d %s", code, errs)
	}
}
