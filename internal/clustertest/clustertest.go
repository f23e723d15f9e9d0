// Package clustertest is what the cluster examples' tests share (Slurm in
// examples/slurm, Kubernetes in examples/k8s): the grpodata binary built
// once, a pipeline written twice (one machine, sharded), and the check that
// the merged run holds the one-machine bytes. Tests only.
package clustertest

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

var (
	buildOnce sync.Once
	built     string
	buildErr  error
)

// Build compiles cmd/grpodata once per test binary and returns its path.
func Build(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "grpodata-bin-")
		if err != nil {
			buildErr = err
			return
		}
		built = filepath.Join(dir, "grpodata")
		out, err := exec.Command("go", "build", "-o", built, filepath.Join(root(), "cmd", "grpodata")).CombinedOutput()
		if err != nil {
			buildErr = &buildError{err, string(out)}
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return built
}

type buildError struct {
	err error
	out string
}

func (e *buildError) Error() string { return "go build: " + e.err.Error() + "\n" + e.out }

// root is the repository's root, from this file's place in it.
func root() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// pipelineYAML runs the per-record stages (generate on sim, verify) and
// two after them, on the quickstart's math prompts (the math verifier's
// verdicts do not depend on time; --no-timing keeps its timings out).
const pipelineYAML = `prompts: prompts.jsonl
run_dir: RUNDIR
stages:
  generate: {backend: sim, group_size: 4, sim_accuracy: 0.6, seed: 5}
  verify: {verifier: symbolic_math, no_timing: true}
  validate: {on_fail: warn}
  filter: {drop_zero_variance: true}
`

// Pipelines writes the prompts and two pipeline files into work, one run
// folder each: one.yaml (work/one) and sharded.yaml (work/sharded).
func Pipelines(t *testing.T, work string) (one, sharded string) {
	t.Helper()
	writeMathPrompts(t, filepath.Join(work, "prompts.jsonl"))
	for _, name := range []string{"one", "sharded"} {
		p := filepath.Join(work, name+".yaml")
		if err := os.WriteFile(p, []byte(strings.Replace(pipelineYAML, "RUNDIR", name, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(work, "one.yaml"), filepath.Join(work, "sharded.yaml")
}

// writeMathPrompts copies the quickstart prompts without tests.
func writeMathPrompts(t *testing.T, dst string) {
	t.Helper()
	src, err := os.Open(filepath.Join(root(), "examples", "quickstart", "prompts.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	var b strings.Builder
	sc := bufio.NewScanner(src)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if !strings.Contains(sc.Text(), `"tests"`) {
			b.WriteString(sc.Text() + "\n")
		}
	}
	if err := os.WriteFile(dst, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// Run runs the binary and fails the test on a non-zero exit.
func Run(t *testing.T, bin string, args ...string) string {
	t.Helper()
	out, err := exec.Command(bin, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("grpodata %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// SameResults checks that the sharded run folder holds the one-machine
// run's records, byte for byte, at every stage.
func SameResults(t *testing.T, work string) {
	t.Helper()
	for _, f := range []string{"generated.jsonl", "verified.jsonl", "filtered.jsonl"} {
		want, err := os.ReadFile(filepath.Join(work, "one", f))
		if err != nil || len(want) == 0 {
			t.Fatalf("one-machine %s: %v (%d bytes)", f, err, len(want))
		}
		got, err := os.ReadFile(filepath.Join(work, "sharded", f))
		if err != nil {
			t.Fatalf("sharded %s: %v", f, err)
		}
		if string(got) != string(want) {
			t.Errorf("sharded %s (%d bytes) differs from the one-machine run's (%d bytes)", f, len(got), len(want))
		}
	}
}
