//go:build linux

package sandbox_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/grpodata/grpodata/sandbox"
)

// newRunner returns an isolated Runner, skipping when the kernel does not
// allow isolation.
func newRunner(t *testing.T) *sandbox.Runner {
	t.Helper()
	caps := sandbox.Probe()
	if !caps.Isolation {
		skipOrFail(t, "sandbox isolation unavailable: "+caps.Reason)
	}
	r, err := sandbox.NewRunner(sandbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

// skipOrFail skips, unless GRPODATA_REQUIRE_SANDBOX is set (CI), which
// turns a missing sandbox into a failure.
func skipOrFail(t *testing.T, why string) {
	t.Helper()
	if os.Getenv("GRPODATA_REQUIRE_SANDBOX") != "" {
		t.Fatal(why)
	}
	t.Skip(why)
}

func python(t *testing.T) string {
	t.Helper()
	py, err := sandbox.Python()
	if err != nil {
		skipOrFail(t, err.Error())
	}
	return py
}

func token() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// runScript runs a Python script whose file name carries a unique token, and
// checks afterwards that no process with that token in its command line is
// left on the host.
func runScript(t *testing.T, r *sandbox.Runner, script string, lim sandbox.Limits) sandbox.Result {
	t.Helper()
	tok := "attack_" + token() + ".py"
	res, err := r.Run(context.Background(), sandbox.Spec{
		Argv:   []string{python(t), tok},
		Files:  map[string][]byte{tok: []byte(script)},
		Limits: lim,
	})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if pids := processesWith(tok); len(pids) > 0 {
		t.Errorf("stray processes after run: %v", pids)
	}
	t.Logf("exit=%d signal=%q reason=%q timedOut=%v oom=%v cpu=%v wall=%v\nstdout: %.300s\nstderr: %.300s",
		res.ExitCode, res.Signal, res.Reason, res.TimedOut, res.OOM, res.CPU, res.Wall, res.Stdout, res.Stderr)
	return res
}

// processesWith lists host processes whose command line contains s.
func processesWith(s string) []int {
	entries, _ := os.ReadDir("/proc")
	var pids []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		cmd, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if err == nil && bytes.Contains(cmd, []byte(s)) {
			pids = append(pids, pid)
		}
	}
	return pids
}

// small limits for attacks; Wall is left to the case (generous for runs
// expected to finish, so a loaded CI machine cannot make them flaky).
var small = sandbox.Limits{CPU: 2 * time.Second, MemoryBytes: 128 << 20, Procs: 16, OutputBytes: 16 << 10}

func with(l sandbox.Limits, wall time.Duration) sandbox.Limits {
	l.Wall = wall
	return l
}

func TestAttacks(t *testing.T) {
	r := newRunner(t)
	const fakeKey = "sk-test-FAKE-5f2a9c0d7e"
	t.Setenv("OPENAI_API_KEY", fakeKey)

	// A real listener on loopback the sandbox must not reach.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var accepted atomic.Int32
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			accepted.Add(1)
			c.Close()
		}
	}()
	port := ln.Addr().(*net.TCPAddr).Port

	// A planted secret in a "home" folder outside the sandbox.
	home := filepath.Join(t.TempDir(), "home", "alice")
	if err := os.MkdirAll(home, 0o700); err != nil {
		t.Fatal(err)
	}
	secret := filepath.Join(home, "secret.txt")
	if err := os.WriteFile(secret, []byte("TOP-SECRET-"+token()), 0o600); err != nil {
		t.Fatal(err)
	}
	outside := filepath.Join(t.TempDir(), "written-from-sandbox")
	shmBefore := shmUsed(t)

	cases := []struct {
		name   string
		script string
		lim    sandbox.Limits
		check  func(t *testing.T, res sandbox.Result)
	}{
		{"infinite loop", "while True:\n    pass\n", sandbox.Limits{Wall: 3 * time.Second, CPU: time.Second},
			func(t *testing.T, res sandbox.Result) {
				if res.OK() || !(res.CPULimit || res.TimedOut) {
					t.Errorf("want cpu or wall limit, got %q", res.Reason)
				}
			}},
		{"sleep past limit", "import time\ntime.sleep(60)\n", sandbox.Limits{Wall: time.Second},
			func(t *testing.T, res sandbox.Result) {
				if !res.TimedOut || res.Reason == "" {
					t.Errorf("want timeout, got %q", res.Reason)
				}
			}},
		{"ignore SIGTERM", "import signal, time\nfor s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):\n    signal.signal(s, signal.SIG_IGN)\nwhile True:\n    time.sleep(0.01)\n", sandbox.Limits{Wall: time.Second},
			func(t *testing.T, res sandbox.Result) {
				if !res.TimedOut {
					t.Errorf("want timeout, got %q", res.Reason)
				}
			}},
		{"fork bomb", "import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n", with(small, 2*time.Second),
			func(t *testing.T, res sandbox.Result) {
				if res.OK() {
					t.Errorf("fork bomb exited ok")
				}
			}},
		{"memory bomb", "x = []\nwhile True:\n    x.append(bytearray(8 << 20))\n", small,
			func(t *testing.T, res sandbox.Result) {
				if res.OK() || !(res.OOM || bytes.Contains(res.Stderr, []byte("MemoryError"))) {
					t.Errorf("want out of memory, got %q", res.Reason)
				}
			}},
		{"1 GB of output", "import sys\nb = b'x' * (1 << 20)\nfor _ in range(1024):\n    sys.stdout.buffer.write(b)\n    sys.stderr.buffer.write(b)\n", with(small, 2*time.Second),
			func(t *testing.T, res sandbox.Result) {
				if !res.Truncated || len(res.Stdout) > 16<<10+64 || len(res.Stderr) > 16<<10+64 {
					t.Errorf("output not bounded: truncated=%v stdout=%d stderr=%d", res.Truncated, len(res.Stdout), len(res.Stderr))
				}
				if res.StdoutBytes <= 16<<10 {
					t.Errorf("StdoutBytes=%d", res.StdoutBytes)
				}
			}},
		{"deep recursion", "import sys\nsys.setrecursionlimit(10**8)\ndef f(n):\n    return f(n + 1) + 1\nf(0)\n", small,
			func(t *testing.T, res sandbox.Result) {
				if res.OK() {
					t.Errorf("deep recursion exited ok")
				}
			}},
		{"connect loopback", fmt.Sprintf(`import socket, errno
for host in ("127.0.0.1", "localhost", "::1"):
    try:
        socket.create_connection((host, %d), timeout=1)
        print("CONNECTED", host)
    except OSError as e:
        print("refused", host, errno.errorcode.get(e.errno, e.errno))
`, port), small,
			func(t *testing.T, res sandbox.Result) {
				if bytes.Contains(res.Stdout, []byte("CONNECTED")) || accepted.Load() != 0 {
					t.Errorf("sandbox reached the loopback listener")
				}
				if !bytes.Contains(res.Stdout, []byte("ENETUNREACH")) {
					t.Errorf("want network unreachable")
				}
			}},
		{"connect outside", `import socket, errno
s = socket.socket()
s.settimeout(1)
try:
    s.connect(("192.0.2.1", 80))
    print("CONNECTED")
except OSError as e:
    print("refused", errno.errorcode.get(e.errno, e.errno))
`, small,
			func(t *testing.T, res sandbox.Result) {
				if !bytes.Contains(res.Stdout, []byte("refused ENETUNREACH")) {
					t.Errorf("want network unreachable")
				}
			}},
		{"read secrets", fmt.Sprintf(`import os
for p in (%q, "/etc/shadow", "/root/.bashrc", "/root", "/home", "/work/main/go.mod", "/proc/1/root/etc/shadow", "/sys/kernel"):
    try:
        if os.path.isdir(p):
            print("LISTED", p, os.listdir(p))
        else:
            print("READ", p, open(p).read()[:40])
    except OSError as e:
        print("denied", p, type(e).__name__)
print("uid", os.getuid(), os.geteuid())
`, secret), small,
			func(t *testing.T, res sandbox.Result) {
				if bytes.Contains(res.Stdout, []byte("READ")) || bytes.Contains(res.Stdout, []byte("LISTED")) || bytes.Contains(res.Stdout, []byte("TOP-SECRET")) {
					t.Errorf("sandbox read a host secret")
				}
				if bytes.Contains(res.Stdout, []byte("uid 0 ")) {
					t.Errorf("sandbox runs as root")
				}
			}},
		{"read parent environment", fmt.Sprintf(`import os
key = %q
print("env", key in repr(dict(os.environ)))
for p in os.listdir("/proc"):
    if p.isdigit() or p == "self":
        try:
            if key.encode() in open("/proc/%%s/environ" %% p, "rb").read():
                print("LEAK", p)
        except OSError as e:
            pass
for pid in (1, os.getppid()):
    try:
        print(pid, open("/proc/%%d/environ" %% pid, "rb").read())
    except OSError as e:
        print(pid, type(e).__name__)
`, fakeKey), small,
			func(t *testing.T, res sandbox.Result) {
				if !res.OK() || bytes.Contains(res.Stdout, []byte(fakeKey)) || bytes.Contains(res.Stdout, []byte("LEAK")) || !bytes.Contains(res.Stdout, []byte("env False")) {
					t.Errorf("environment leaked or script failed")
				}
			}},
		{"write outside temp dir", fmt.Sprintf(`import os
for p in (%q, "/usr/evil", "/etc/evil", "/evil", "/bin/evil", "/proc/sys/kernel/hostname", "/dev/evil"):
    try:
        with open(p, "w") as f:
            f.write("x")
        print("WROTE", p)
    except OSError as e:
        print("denied", p, type(e).__name__)
open("ok.txt", "w").write("fine")
print("tmp ok", open("/tmp/ok.txt").read())
`, outside), small,
			func(t *testing.T, res sandbox.Result) {
				if bytes.Contains(res.Stdout, []byte("WROTE")) || !bytes.Contains(res.Stdout, []byte("tmp ok fine")) {
					t.Errorf("write outside temp dir allowed, or temp dir not writable")
				}
				if _, err := os.Stat(outside); err == nil {
					t.Errorf("file appeared on the host")
				}
			}},
		{"kill the parent", fmt.Sprintf(`import os, signal
for pid in (os.getppid(), %d, -1, 0):
    try:
        os.kill(pid, signal.SIGKILL)
        print("sent", pid)
    except OSError as e:
        print("denied", pid, type(e).__name__)
print("alive")
`, os.Getpid()), small,
			func(t *testing.T, res sandbox.Result) {
				// Reaching this check at all means the test process survived.
				if !bytes.Contains(res.Stdout, []byte("denied "+strconv.Itoa(os.Getpid())+" ProcessLookupError")) {
					t.Errorf("host pid was reachable")
				}
			}},
		{"double fork outlives exit", `import os, time
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        time.sleep(60)
    os._exit(0)
print("parent exits")
`, small,
			func(t *testing.T, res sandbox.Result) {
				if !res.OK() {
					t.Errorf("want clean exit, got %q", res.Reason)
				}
			}},
		{"double fork outlives timeout", `import os, time
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        time.sleep(60)
    os._exit(0)
time.sleep(60)
`, sandbox.Limits{Wall: time.Second},
			func(t *testing.T, res sandbox.Result) {
				if !res.TimedOut {
					t.Errorf("want timeout, got %q", res.Reason)
				}
			}},
		{"fill /dev/shm", `import errno
n = 0
try:
    with open("/dev/shm/fill", "wb") as f:
        while True:
            f.write(b"x" * (1 << 20))
            f.flush()
            n += 1
except OSError as e:
    print("stopped", errno.errorcode.get(e.errno), n)
`, sandbox.Limits{Wall: 5 * time.Second, MemoryBytes: 256 << 20, TmpBytes: 64 << 20},
			func(t *testing.T, res sandbox.Result) {
				if !bytes.Contains(res.Stdout, []byte("stopped")) && !res.OOM {
					t.Errorf("/dev/shm unbounded")
				}
				if _, err := os.Stat("/dev/shm/fill"); err == nil {
					t.Errorf("host /dev/shm written")
				}
			}},
		{"fill temp dir", `import errno
n = 0
try:
    with open("big", "wb") as f:
        while True:
            f.write(b"x" * (1 << 20))
            n += 1
except OSError as e:
    print("stopped", errno.errorcode.get(e.errno), n)
`, sandbox.Limits{Wall: 5 * time.Second, MemoryBytes: 256 << 20, TmpBytes: 32 << 20, FileSizeBytes: 1 << 30},
			func(t *testing.T, res sandbox.Result) {
				if !bytes.Contains(res.Stdout, []byte("stopped ENOSPC")) {
					t.Errorf("temp dir unbounded")
				}
			}},
		{"file size limit", `open("big", "wb").write(b"x" * (8 << 20))
print("WROTE")
`, sandbox.Limits{Wall: 5 * time.Second, FileSizeBytes: 1 << 20},
			func(t *testing.T, res sandbox.Result) {
				if res.OK() || bytes.Contains(res.Stdout, []byte("WROTE")) {
					t.Errorf("file size limit not enforced")
				}
			}},
		{"kernel attack surface", `import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
CLONE_NEWUSER = 0x10000000
for name, call in (("unshare", lambda: libc.unshare(CLONE_NEWUSER)),
                   ("ptrace", lambda: libc.ptrace(16, 1, 0, 0)),
                   ("mount", lambda: libc.mount(b"none", b"/tmp", b"tmpfs", 0, None))):
    rc = call()
    print(name, "OK" if rc == 0 else "denied", os.strerror(ctypes.get_errno()))
try:
    os.setuid(0)
    print("setuid OK")
except OSError as e:
    print("setuid denied")
`, small,
			func(t *testing.T, res sandbox.Result) {
				if bytes.Contains(res.Stdout, []byte(" OK")) || !res.OK() {
					t.Errorf("privileged operation allowed")
				}
			}},
		{"open files limit", `import os
fds = []
try:
    while True:
        fds.append(os.open("/dev/null", os.O_RDONLY))
except OSError as e:
    print("stopped", len(fds))
`, sandbox.Limits{Wall: 5 * time.Second, OpenFiles: 32},
			func(t *testing.T, res sandbox.Result) {
				if !bytes.Contains(res.Stdout, []byte("stopped")) {
					t.Errorf("open files unbounded")
				}
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			lim := tc.lim
			if lim.Wall == 0 {
				lim.Wall = 20 * time.Second
			}
			tc.check(t, runScript(t, r, tc.script, lim))
		})
	}
	t.Cleanup(func() {
		if after := shmUsed(t); after > shmBefore+(8<<20) {
			t.Errorf("host /dev/shm grew from %d to %d bytes", shmBefore, after)
		}
	})
}

func shmUsed(t *testing.T) int64 {
	var st unix.Statfs_t
	if err := unix.Statfs("/dev/shm", &st); err != nil {
		return 0
	}
	return int64(st.Blocks-st.Bfree) * st.Bsize
}

// The sandboxed program sees only its own processes.
func TestPIDNamespace(t *testing.T) {
	r := newRunner(t)
	res := runScript(t, r, "import os\nprint(sorted(int(p) for p in os.listdir('/proc') if p.isdigit()))\n", with(small, 20*time.Second))
	if got := strings.TrimSpace(string(res.Stdout)); got != "[1]" {
		t.Errorf("visible pids = %s, want [1]", got)
	}
}
