//go:build linux

package sandbox_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/grpodata/grpodata/sandbox"
)

func TestRun(t *testing.T) {
	r := newRunner(t)
	py := python(t)
	res, err := r.Run(context.Background(), sandbox.Spec{
		Argv: []string{py, "main.py", "arg1"},
		Files: map[string][]byte{
			"main.py":         []byte("import os, sys\nfrom pkg import helper\nprint(helper.X, sys.argv[1], os.environ['MY_VAR'], sys.stdin.read().upper())\nprint('to stderr', file=sys.stderr)\nos.write(3, b'side channel')\nsys.exit(3)\n"),
			"pkg/__init__.py": nil,
			"pkg/helper.py":   []byte("X = 42\n"),
		},
		Stdin:   []byte("input"),
		Env:     []string{"MY_VAR=v"},
		Channel: true,
		Limits:  sandbox.Limits{Wall: 20 * time.Second},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := string(res.Stdout); got != "42 arg1 v INPUT\n" {
		t.Errorf("stdout = %q", got)
	}
	if got := string(res.Stderr); got != "to stderr\n" {
		t.Errorf("stderr = %q", got)
	}
	if got := string(res.Channel); got != "side channel" {
		t.Errorf("channel = %q", got)
	}
	if res.ExitCode != 3 || res.OK() || res.Reason != "exit status 3" {
		t.Errorf("exit = %d, ok = %v, reason = %q", res.ExitCode, res.OK(), res.Reason)
	}
	if res.Wall <= 0 || res.CPU <= 0 {
		t.Errorf("wall = %v, cpu = %v", res.Wall, res.CPU)
	}
}

func TestRunErrors(t *testing.T) {
	r := newRunner(t)
	for name, spec := range map[string]sandbox.Spec{
		"empty argv":    {},
		"escaping file": {Argv: []string{"true"}, Files: map[string][]byte{"../x": nil}},
		"absolute file": {Argv: []string{"true"}, Files: map[string][]byte{"/etc/x": nil}},
		"bad env":       {Argv: []string{"true"}, Env: []string{"NOEQUALS"}},
	} {
		if _, err := r.Run(context.Background(), spec); !errors.Is(err, sandbox.ErrBadSpec) {
			t.Errorf("%s: err = %v, want ErrBadSpec", name, err)
		}
	}
	// A program that cannot be found is an infrastructure error.
	_, err := r.Run(context.Background(), sandbox.Spec{Argv: []string{"no-such-program"}})
	var se *sandbox.SetupError
	if !errors.As(err, &se) {
		t.Errorf("missing program: err = %v, want SetupError", err)
	}
	// Host paths outside the read-only set do not exist inside.
	_, err = r.Run(context.Background(), sandbox.Spec{Argv: []string{os.Args[0]}})
	if !errors.As(err, &se) {
		t.Errorf("host binary: err = %v, want SetupError", err)
	}
}

func TestRunCanceled(t *testing.T) {
	r := newRunner(t)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(300*time.Millisecond, cancel)
	res, err := r.Run(ctx, sandbox.Spec{Argv: []string{python(t), "-c", "import time; time.sleep(60)"}, Limits: sandbox.Limits{Wall: 30 * time.Second}})
	if !errors.Is(err, context.Canceled) || res.TimedOut || res.Reason != "canceled" {
		t.Errorf("err = %v, timedOut = %v, reason = %q", err, res.TimedOut, res.Reason)
	}
}

// Concurrent runs do not see each other's files or processes.
func TestRunConcurrent(t *testing.T) {
	r := newRunner(t)
	py := python(t)
	var wg sync.WaitGroup
	for i := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mine := "run" + string(rune('a'+i))
			res, err := r.Run(context.Background(), sandbox.Spec{
				Argv:   []string{py, "main.py"},
				Files:  map[string][]byte{mine: []byte("x"), "main.py": []byte("import os, time\ntime.sleep(0.2)\nprint(sorted(f for f in os.listdir('.') if f.startswith('run')), len([p for p in os.listdir('/proc') if p.isdigit()]))\n")},
				Limits: sandbox.Limits{Wall: 30 * time.Second},
			})
			if err != nil {
				t.Error(err)
				return
			}
			if want := "['" + mine + "'] 1\n"; string(res.Stdout) != want {
				t.Errorf("run %d saw %q, want %q (stderr %s)", i, res.Stdout, want, res.Stderr)
			}
		}()
	}
	wg.Wait()
}

// An unsafe Runner still clears the environment, bounds time and kills the
// whole tree.
func TestUnsafe(t *testing.T) {
	r, err := sandbox.NewRunner(sandbox.Options{Unsafe: true, ForceUnsafe: true})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if r.Isolated() {
		t.Fatal("ForceUnsafe runner is isolated")
	}
	t.Setenv("OPENAI_API_KEY", "sk-test-unsafe")
	res := runScript(t, r, "import os\nprint('OPENAI_API_KEY' in os.environ, os.getcwd() != '/')\n", sandbox.Limits{Wall: 20 * time.Second})
	if got := strings.TrimSpace(string(res.Stdout)); got != "False True" {
		t.Errorf("stdout = %q", got)
	}
	if r.Cgroups() == "none" {
		t.Skip("no cgroups: double-forked processes may escape an unsafe run")
	}
	res = runScript(t, r, "import os, time\nif os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0:\n        time.sleep(60)\n    os._exit(0)\ntime.sleep(60)\n", sandbox.Limits{Wall: time.Second})
	if !res.TimedOut {
		t.Errorf("reason = %q, want timeout", res.Reason)
	}
}

func TestNewRunnerRefusesWithoutIsolation(t *testing.T) {
	if sandbox.Probe().Isolation {
		t.Skip("isolation available here")
	}
	if _, err := sandbox.NewRunner(sandbox.Options{}); !errors.Is(err, sandbox.ErrNoIsolation) {
		t.Errorf("err = %v, want ErrNoIsolation", err)
	}
}

func TestPython(t *testing.T) {
	py := python(t)
	if !strings.HasPrefix(py, "/") || strings.Contains(py, "shims") {
		t.Errorf("Python() = %q", py)
	}
	caps := sandbox.Probe()
	t.Logf("python %s, probe %+v", py, caps)
	_ = bytes.MinRead
}

// Runs going on at the same time cannot reach each other: not over abstract
// unix sockets (network namespaces), not over SysV IPC.
func TestRunsIsolatedFromEachOther(t *testing.T) {
	r := newRunner(t)
	py := python(t)
	host, _ := os.Hostname()
	name := "grpodata-test-" + token()
	bound := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		res, err := r.Run(context.Background(), sandbox.Spec{
			Argv:   []string{py, "-c", "import socket, sys, time\ns = socket.socket(socket.AF_UNIX)\ns.bind('\\0" + name + "')\ns.listen(1)\nprint('bound', flush=True)\nsys.stdout.close()\ntime.sleep(3)\n"},
			Limits: sandbox.Limits{Wall: 2 * time.Second},
		})
		if err != nil || !strings.Contains(string(res.Stdout), "bound") {
			t.Errorf("listener: %v %q %q", err, res.Stdout, res.Stderr)
		}
	}()
	go func() {
		// Let the listener bind first.
		time.Sleep(700 * time.Millisecond)
		close(bound)
	}()
	<-bound
	res, err := r.Run(context.Background(), sandbox.Spec{
		Argv:   []string{py, "-c", "import socket, socket as S\ns = socket.socket(socket.AF_UNIX)\ntry:\n    s.connect('\\0" + name + "')\n    print('CONNECTED')\nexcept OSError as e:\n    print('refused', e.errno)\nimport os\nprint(os.uname().nodename)\n"},
		Limits: sandbox.Limits{Wall: 20 * time.Second},
	})
	wg.Wait()
	if err != nil || strings.Contains(string(res.Stdout), "CONNECTED") || !strings.Contains(string(res.Stdout), "refused") {
		t.Errorf("second run reached the first: %v %q %q", err, res.Stdout, res.Stderr)
	}
	if !strings.Contains(string(res.Stdout), "sandbox") {
		t.Errorf("hostname inside: %q", res.Stdout)
	}
	if h, _ := os.Hostname(); h != host {
		t.Errorf("host name changed from %q to %q", host, h)
	}
}

// At the memory limit the biggest process is killed, as by the kernel's OOM
// killer; a small parent survives and sees its child die.
func TestOOMKillsBiggest(t *testing.T) {
	r := newRunner(t)
	if r.Cgroups() == "none" {
		t.Skip("no memory cgroup")
	}
	res := runScript(t, r, `import os
pid = os.fork()
if pid == 0:
    x = []
    while True:
        x.append(bytearray(4 << 20))
_, status = os.waitpid(pid, 0)
print("child signal", os.WTERMSIG(status) if os.WIFSIGNALED(status) else None)
`, sandbox.Limits{Wall: 20 * time.Second, MemoryBytes: 96 << 20})
	if !res.OOM || !res.OK() || !strings.Contains(string(res.Stdout), "child signal 9") {
		t.Errorf("oom=%v ok=%v stdout=%q", res.OOM, res.OK(), res.Stdout)
	}
}
