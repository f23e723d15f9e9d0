package k8s

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/grpodata/grpodata/internal/clustertest"
)

// TestKilledShardResumes: a shard killed mid-run (kill -9, as a node or
// pod dies) leaves its lock and a partial output; its retry takes the lock
// over, resumes, and the merge is still the one-machine output. (Every run
// has the same --sim-latency: sim writes it as generation_time_ms.)
func TestKilledShardResumes(t *testing.T) {
	bin := clustertest.Build(t)
	work := t.TempDir()
	clustertest.Pipelines(t, work) // writes work/prompts.jsonl
	prompts := filepath.Join(work, "prompts.jsonl")
	gen := func(out string, extra ...string) *exec.Cmd {
		args := append([]string{"generate", prompts, "-o", out, "--backend", "sim", "--seed", "9", "--group-size", "2", "--sim-latency", "30ms"}, extra...)
		return exec.Command(bin, args...)
	}
	one := filepath.Join(work, "one.jsonl")
	if out, err := gen(one).CombinedOutput(); err != nil {
		t.Fatalf("one machine: %v\n%s", err, out)
	}
	out := filepath.Join(work, "gen.jsonl")
	shard0 := filepath.Join(work, "gen.shard-0000-of-0002.jsonl")
	victim := gen(out, "--shard", "0/2", "--concurrency", "1")
	if err := victim.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for lines(shard0) < 3 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	victim.Process.Kill()
	victim.Wait()
	if _, err := os.Stat(shard0 + ".lock"); err != nil {
		t.Fatalf("the killed shard left no lock: %v", err)
	}
	done := lines(shard0)
	for _, i := range []string{"0", "1"} {
		res, err := gen(out, "--shard", i+"/2").CombinedOutput()
		if err != nil {
			t.Fatalf("shard %s/2: %v\n%s", i, err, res)
		}
		if i == "0" && !strings.Contains(string(res), "skipped (already done)") {
			t.Errorf("the retried shard did not resume (%d groups were done):\n%s", done, res)
		}
	}
	if res, err := exec.Command(bin, "merge", "-o", out).CombinedOutput(); err != nil {
		t.Fatalf("merge: %v\n%s", err, res)
	}
	a, _ := os.ReadFile(out)
	b, _ := os.ReadFile(one)
	if len(b) == 0 || string(a) != string(b) {
		t.Fatalf("merged after a kill: %d bytes, one machine %d", len(a), len(b))
	}
}

func lines(path string) int {
	b, _ := os.ReadFile(path)
	return strings.Count(string(b), "\n")
}
