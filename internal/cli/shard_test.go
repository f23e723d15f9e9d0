package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/grpodata/grpodata/shard"
)

const quickPrompts = "../../examples/quickstart/prompts.jsonl"

// TestShardedGenerateAndVerifyEqualOneMachine: generate then verify as 4
// shards each, merged, are byte for byte what one machine writes; the
// shards resume on their own.
func TestShardedGenerateAndVerifyEqualOneMachine(t *testing.T) {
	dir := t.TempDir()
	gen := []string{"--backend", "sim", "--seed", "7", "--group-size", "4", "--sim-accuracy", "0.6", "--progress-every", "1h"}
	one := filepath.Join(dir, "one.jsonl")
	oneErrs := mustRun(t, append([]string{"generate", quickPrompts, "-o", one}, gen...)...)
	oneVerified := filepath.Join(dir, "one-verified.jsonl")
	mustRun(t, "verify", one, "-o", oneVerified, "--verifier", "auto", "--no-timing")

	out := filepath.Join(dir, "gen.jsonl")
	for i := range 4 {
		t.Setenv("GRPODATA_SHARD", digit(i))
		mustRun(t, append([]string{"generate", quickPrompts, "-o", out, "--shard", "auto/4"}, gen...)...)
	}
	// A shard run again skips its finished prompts and changes nothing.
	before, _ := os.ReadFile(shard.Shard{Index: 2, Count: 4}.Path(out))
	if errs := mustRun(t, append([]string{"generate", quickPrompts, "-o", out, "--shard", "2/4"}, gen...)...); !strings.Contains(errs, "0 prompts written") {
		t.Errorf("rerun of a finished shard: %s", errs)
	}
	after, _ := os.ReadFile(shard.Shard{Index: 2, Count: 4}.Path(out))
	if string(before) != string(after) {
		t.Error("rerun of a finished shard changed it")
	}
	if errs := mustRun(t, "merge", "-o", out); !strings.Contains(errs, "merged 4 shards of generate: 50 records") {
		t.Errorf("merge: %s", errs)
	}
	sameBytes(t, out, one)
	// The merge adds up the shards' tokens: the one-machine run's.
	var sum struct {
		Usage struct {
			PromptTokens     int64 `json:"prompt_tokens"`
			CompletionTokens int64 `json:"completion_tokens"`
		}
	}
	if err := json.Unmarshal([]byte(mustRun(t, "merge", "-o", out, "--json")), &sum); err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("%d prompt + %d completion tokens", sum.Usage.PromptTokens, sum.Usage.CompletionTokens); sum.Usage.CompletionTokens == 0 || !strings.Contains(oneErrs, want) {
		t.Errorf("merged usage %+v, one machine: %s", sum.Usage, oneErrs)
	}

	verified := filepath.Join(dir, "verified.jsonl")
	for i := range 4 {
		mustRun(t, "verify", out, "-o", verified, "--verifier", "auto", "--no-timing", "--shard", digit(i)+"/4")
	}
	mustRun(t, "merge", "-o", verified)
	sameBytes(t, verified, oneVerified)

	// To standard output, from shard files named on the command line.
	shards, _ := filepath.Glob(filepath.Join(dir, "verified.shard-*-of-0004.jsonl"))
	code, stdout, errs := runCLI(t, "", append([]string{"merge", "-o", "-"}, shards...)...)
	want, _ := os.ReadFile(oneVerified)
	if code != 0 || stdout != string(want) {
		t.Errorf("merge -o -: code=%d, %d bytes, stderr=%s", code, len(stdout), errs)
	}
}

// TestShardedAugmentEqualsOneMachine: new prompts that two shards both
// made are dropped at merge, as one run drops the second.
func TestShardedAugmentEqualsOneMachine(t *testing.T) {
	dir := t.TempDir()
	args := []string{quickPrompts, "--paraphrase", "2", "--backend", "sim", "--seed", "3"}
	one := filepath.Join(dir, "one.jsonl")
	if errs := mustRun(t, append([]string{"augment", "-o", one}, args...)...); !strings.Contains(errs, "dropped 1 duplicates") {
		t.Fatalf("the input no longer makes a repeat across shards: %s", errs)
	}
	out := filepath.Join(dir, "aug.jsonl")
	for i := range 3 {
		mustRun(t, append([]string{"augment", "-o", out, "--shard", digit(i) + "/3"}, args...)...)
	}
	mustRun(t, "merge", "-o", out)
	sameBytes(t, out, one)
}

// TestShardCommandErrors: bad --shard values and a merge with a shard
// missing exit 2 with one line.
func TestShardCommandErrors(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "t.jsonl")
	mustRun(t, "tokens", "../../examples/groups.jsonl", "--tokenizer", "estimate", "-o", out, "--shard", "0/2")
	t.Setenv("SLURM_ARRAY_TASK_ID", "")
	t.Setenv("JOB_COMPLETION_INDEX", "")
	t.Setenv("GRPODATA_SHARD", "")
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"merge", "-o", out}, "merge: shard 1 of 2 is missing (" + filepath.Join(dir, "t.shard-0001-of-0002.jsonl") + ")"},
		{[]string{"merge"}, "give the merged output with -o"},
		{[]string{"merge", "-o", "-"}, "-o - writes to standard output: name the shard files"},
		{[]string{"tokens", "../../examples/groups.jsonl", "--tokenizer", "estimate", "-o", out, "--shard", "auto/2"}, "none of $SLURM_ARRAY_TASK_ID"},
		{[]string{"tokens", "../../examples/groups.jsonl", "--tokenizer", "estimate", "-o", "-", "--shard", "1/2"}, "--shard needs --output to be a file"},
		{[]string{"filter", "../../examples/groups.jsonl", "-o", out, "--shard", "1/2"}, "unknown flag: --shard"},
	} {
		code, _, errs := runCLI(t, "", tt.args...)
		if code != 2 || !strings.Contains(errs, tt.want) || strings.Count(strings.TrimSpace(errs), "\n") > 1 {
			t.Errorf("%v: code=%d stderr=%s", tt.args, code, errs)
		}
	}
}

func mustRun(t *testing.T, args ...string) (stderr string) {
	t.Helper()
	code, _, errs := runCLI(t, "", args...)
	if code != 0 {
		t.Fatalf("%v: exit %d: %s", args, code, errs)
	}
	return errs
}

func sameBytes(t *testing.T, got, want string) {
	t.Helper()
	g, _ := os.ReadFile(got)
	w, _ := os.ReadFile(want)
	if len(w) == 0 || string(g) != string(w) {
		t.Fatalf("%s (%d bytes) differs from %s (%d bytes)", got, len(g), want, len(w))
	}
}

func digit(i int) string { return string(rune('0' + i)) }

// TestRunShardRunsThePerRecordStages: run --shard runs generate and
// verify under the shard's names, run.json included, and stops before the
// first stage that needs every record.
func TestRunShardRunsThePerRecordStages(t *testing.T) {
	dir := t.TempDir()
	prompts, _ := os.ReadFile(quickPrompts)
	os.WriteFile(filepath.Join(dir, "prompts.jsonl"), prompts, 0o644)
	p := filepath.Join(dir, "p.yaml")
	os.WriteFile(p, []byte("prompts: prompts.jsonl\nrun_dir: r\nstages:\n  generate: {backend: sim, group_size: 2, seed: 1}\n  verify: {verifier: symbolic_math, no_timing: true}\n  filter: {drop_zero_variance: true}\n"), 0o644)
	errs := mustRun(t, "run", p, "--shard", "1/2")
	if !strings.Contains(errs, "verify    done") || strings.Contains(errs, "filter ") || !strings.Contains(errs, "--merge-shards") {
		t.Errorf("run --shard 1/2:\n%s", errs)
	}
	for _, f := range []string{"generated.shard-0001-of-0002.jsonl", "verified.shard-0001-of-0002.jsonl", "run.shard-0001-of-0002.json"} {
		if _, err := os.Stat(filepath.Join(dir, "r", f)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	for _, f := range []string{"run.json", "generated.jsonl", "filtered.jsonl"} {
		if _, err := os.Stat(filepath.Join(dir, "r", f)); err == nil {
			t.Errorf("a shard wrote %s", f)
		}
	}
	code, _, errs := runCLI(t, "", "run", p, "--merge-shards")
	if code == 0 || !strings.Contains(errs, "merge: shard 0 of 2 is missing") {
		t.Errorf("merge with shard 0 missing: code=%d %s", code, errs)
	}
	if code, _, errs := runCLI(t, "", "run", p, "--merge-shards", "--shard", "0/2"); code != 2 || !strings.Contains(errs, "give one") {
		t.Errorf("--shard with --merge-shards: code=%d %s", code, errs)
	}
}
