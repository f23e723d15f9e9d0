// Package slurm holds the example Slurm job files; its test brings up a
// one-node Slurm cluster (cluster.sh), runs a pipeline as an array job and
// checks that the merged result is the one-machine result.
package slurm

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/grpodata/grpodata/internal/clustertest"
)

// TestSlurmArrayEqualsOneMachine: a 4-task array (sbatch --wait
// --array=0-3 pipeline.sbatch), merged, writes the bytes one machine does.
func TestSlurmArrayEqualsOneMachine(t *testing.T) {
	requireSlurm(t)
	bin := clustertest.Build(t)
	work := t.TempDir()
	one, sharded := clustertest.Pipelines(t, work)

	state := filepath.Join(work, "slurm")
	env := append(os.Environ(), "GRPODATA_SLURM_DIR="+state, fmt.Sprintf("GRPODATA_SLURM_PORT=%d", freePortPair(t)),
		"SLURM_CONF="+filepath.Join(state, "slurm.conf"))
	cluster := func(verb string) {
		cmd := exec.Command("./cluster.sh", verb)
		cmd.Env = env
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("cluster.sh %s: %v\n%s%s", verb, err, out, tail(filepath.Join(state, "slurmctld.log"), filepath.Join(state, "slurmd.log")))
		}
	}
	cluster("start")
	t.Cleanup(func() { cluster("stop") })

	clustertest.Run(t, bin, "run", one)
	sbatch := exec.Command("sbatch", "--wait", "--array=0-3", "--chdir="+work,
		"--export=ALL,GRPODATA="+bin+",PIPELINE="+sharded, "pipeline.sbatch")
	sbatch.Env = env
	start := time.Now()
	if out, err := sbatch.CombinedOutput(); err != nil {
		logs, _ := filepath.Glob(filepath.Join(work, "grpodata-*.log"))
		t.Fatalf("sbatch: %v\n%s%s", err, out, tail(logs...))
	}
	t.Logf("array of 4 done in %s", time.Since(start).Round(time.Millisecond))
	clustertest.Run(t, bin, "run", sharded, "--merge-shards")
	clustertest.SameResults(t, work)
}

// requireSlurm skips without Slurm installed, or without root, unless
// GRPODATA_REQUIRE_SLURM=1 (CI), where that is a failure.
func requireSlurm(t *testing.T) {
	t.Helper()
	missing := ""
	for _, c := range []string{"sbatch", "slurmctld", "slurmd", "munged"} {
		if _, err := exec.LookPath(c); err != nil {
			if _, err := os.Stat("/usr/sbin/" + c); err != nil {
				missing += " " + c
			}
		}
	}
	switch {
	case missing == "" && os.Geteuid() == 0:
		return
	case os.Getenv("GRPODATA_REQUIRE_SLURM") == "1":
		t.Fatalf("GRPODATA_REQUIRE_SLURM=1 but Slurm cannot run here (missing:%s, uid %d): apt-get install -y slurm-wlm munge, as root", missing, os.Geteuid())
	default:
		t.Skipf("no Slurm here (missing:%s, uid %d): apt-get install -y slurm-wlm munge, as root", missing, os.Geteuid())
	}
}

// freePortPair finds a port p with p+1 free too (slurmctld, slurmd), so
// the test's cluster does not meet another one on this machine.
func freePortPair(t *testing.T) int {
	for range 50 {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		p := l.Addr().(*net.TCPAddr).Port
		l2, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", p+1))
		l.Close()
		if err == nil {
			l2.Close()
			return p
		}
	}
	t.Fatal("no free port pair")
	return 0
}

// tail is the last lines of each file, for a failure message.
func tail(files ...string) string {
	var b strings.Builder
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		lines := strings.Split(strings.TrimSpace(string(data)), "\n")
		fmt.Fprintf(&b, "--- %s\n%s\n", f, strings.Join(lines[max(0, len(lines)-15):], "\n"))
	}
	return b.String()
}
