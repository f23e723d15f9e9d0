package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A rerun over an output made with another group size stops with the
// difference and the two ways out; each way out then works.
func TestGenerateRefusesDriftAndOffersWaysOut(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "gen.jsonl")
	gen := func(extra ...string) (int, string) {
		args := append([]string{"generate", "../../examples/quickstart/prompts.jsonl", "-o", out,
			"--backend", "sim", "--seed", "3", "--progress-every", "1h"}, extra...)
		code, _, errs := runCLI(t, "", args...)
		return code, errs
	}
	if code, errs := gen("-n", "4"); code != 0 {
		t.Fatalf("first run: code=%d %s", code, errs)
	}
	first, _ := os.ReadFile(out)
	code, errs := gen("-n", "8")
	if code != ExitUsage || !strings.Contains(errs, "group_size: 4 in the output, 8 now") ||
		!strings.Contains(errs, "--force-new") || !strings.Contains(errs, "--append-anyway") || strings.Count(errs, "\n") != 1 {
		t.Fatalf("drift: code=%d stderr=%q", code, errs)
	}
	if code, errs := gen("-n", "4", "--sim-accuracy", "0.9"); code != ExitUsage || !strings.Contains(errs, "options:") {
		t.Errorf("sim accuracy drift: code=%d %s", code, errs)
	}
	if code, errs := gen("-n", "8", "--force-new", "--append-anyway"); code != ExitUsage {
		t.Errorf("both ways out: code=%d %s", code, errs)
	}
	if code, errs := gen("-n", "8", "--force-new"); code != 0 || !strings.Contains(errs, "moved the earlier output aside to") {
		t.Fatalf("--force-new: code=%d %s", code, errs)
	}
	if kept, _ := os.ReadFile(filepath.Join(dir, "gen.old-1.jsonl")); string(kept) != string(first) {
		t.Error("--force-new did not keep the earlier output")
	}
	if code, errs := gen("-n", "2", "--append-anyway"); code != 0 || !strings.Contains(errs, "50 skipped") {
		t.Errorf("--append-anyway: code=%d %s", code, errs)
	}
}
