package shard

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestLockRefusesASecondHolder(t *testing.T) {
	out := filepath.Join(t.TempDir(), "o.shard-0001-of-0002.jsonl")
	release, err := Lock(out)
	if err != nil {
		t.Fatal(err)
	}
	host, _ := os.Hostname()
	_, err = Lock(out)
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), "pid "+itoa(os.Getpid())+" on "+host) {
		t.Fatalf("second lock: %v", err)
	}
	release()
	if _, err := os.Stat(LockPath(out)); !os.IsNotExist(err) {
		t.Fatalf("lock left after release: %v", err)
	}
	release2, err := Lock(out)
	if err != nil {
		t.Fatalf("lock after release: %v", err)
	}
	release2()
}

// TestLockTakesOverADeadHolder: a holder killed on this host (kill -9
// leaves its lock) or silent for longer than lockStale (died on another
// node) does not block the rerun.
func TestLockTakesOverADeadHolder(t *testing.T) {
	dir := t.TempDir()
	host, _ := os.Hostname()
	cmd := exec.Command("/bin/true")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	dead := cmd.Process.Pid // reaped: no such process now
	for name, tt := range map[string]struct {
		holder lockHolder
		age    time.Duration
	}{
		"dead local pid":       {lockHolder{PID: dead, Host: host}, 0},
		"silent remote holder": {lockHolder{PID: 1, Host: "node-that-died"}, 2 * lockStale},
		"half-written, old":    {lockHolder{}, 2 * lockStale},
	} {
		out := filepath.Join(dir, strings.ReplaceAll(name, " ", "-")+".jsonl")
		writeLock(t, out, tt.holder, tt.age)
		release, err := Lock(out)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		release()
	}
	// A live remote holder that beats recently keeps its lock.
	out := filepath.Join(dir, "live.jsonl")
	writeLock(t, out, lockHolder{PID: 1, Host: "other-node"}, lockStale/3)
	if _, err := Lock(out); !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), "pid 1 on other-node") {
		t.Errorf("live remote holder: %v", err)
	}
}

func writeLock(t *testing.T, out string, h lockHolder, age time.Duration) {
	t.Helper()
	b, _ := json.Marshal(h)
	if h == (lockHolder{}) {
		b = []byte(`{"pi`)
	}
	if err := os.WriteFile(LockPath(out), b, 0o644); err != nil {
		t.Fatal(err)
	}
	then := time.Now().Add(-age)
	if err := os.Chtimes(LockPath(out), then, then); err != nil {
		t.Fatal(err)
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }
