package sandbox_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/grpodata/grpodata/sandbox"
)

const benchScript = "import sys\nprint(sum(range(1000)))\n"

// BenchmarkRun measures executions of a trivial Python script, sandboxed and
// as plain subprocesses, with as many parallel workers as GOMAXPROCS. One
// op is one execution; runs/s = 1e9 / ns/op. bench/sandbox/run.sh prints the
// figures side by side.
func BenchmarkRun(b *testing.B) {
	py, err := sandbox.Python()
	if err != nil {
		b.Skip(err)
	}
	b.Run("mode=sandbox", func(b *testing.B) {
		if !sandbox.Probe().Isolation {
			b.Skip("isolation unavailable")
		}
		r, err := sandbox.NewRunner(sandbox.Options{})
		if err != nil {
			b.Fatal(err)
		}
		defer r.Close()
		benchRunner(b, r, py)
	})
	b.Run("mode=plain", func(b *testing.B) {
		dir := b.TempDir()
		script := filepath.Join(dir, "main.py")
		if err := os.WriteFile(script, []byte(benchScript), 0o644); err != nil {
			b.Fatal(err)
		}
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				cmd := exec.Command(py, script)
				cmd.Dir = dir
				cmd.Env = []string{"PATH=/usr/bin:/bin"}
				var out bytes.Buffer
				cmd.Stdout = &out
				if err := cmd.Run(); err != nil || out.String() != "499500\n" {
					b.Errorf("plain run: %v %q", err, out.String())
				}
			}
		})
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "runs/s")
	})
}

func benchRunner(b *testing.B, r *sandbox.Runner, py string) {
	spec := sandbox.Spec{
		Argv:  []string{py, "main.py"},
		Files: map[string][]byte{"main.py": []byte(benchScript)},
	}
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			res, err := r.Run(context.Background(), spec)
			if err != nil || !res.OK() || string(res.Stdout) != "499500\n" {
				b.Errorf("sandbox run: %v %+v", err, res)
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "runs/s")
}
