package sandbox

import (
	"errors"
	"fmt"
	"path"
	"strings"
	"time"
)

// Limits bounds one execution. Zero fields take the value of [DefaultLimits].
type Limits struct {
	Wall time.Duration // wall-clock time from start to kill
	CPU  time.Duration // CPU time (RLIMIT_CPU, whole seconds, rounded up)

	// MemoryBytes bounds the real memory of the whole tree, files in /tmp
	// and /dev/shm included (cgroup); without a cgroup it is the address
	// space of each process (RLIMIT_AS).
	MemoryBytes   int64
	FileSizeBytes int64 // largest file the program may write (RLIMIT_FSIZE)
	OutputBytes   int64 // bytes kept of stdout and of stderr each; the rest is counted and discarded
	TmpBytes      int64 // size of the writable /tmp (and, quartered, of /dev/shm)

	Procs     int // tasks (processes and threads) of the tree: pids cgroup, RLIMIT_NPROC
	OpenFiles int // RLIMIT_NOFILE
}

// DefaultLimits are the limits used for zero fields of a Spec's Limits.
var DefaultLimits = Limits{
	Wall:          10 * time.Second,
	CPU:           10 * time.Second,
	MemoryBytes:   512 << 20,
	FileSizeBytes: 16 << 20,
	OutputBytes:   64 << 10,
	TmpBytes:      64 << 20,
	Procs:         32,
	OpenFiles:     64,
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	if l.Wall <= 0 {
		l.Wall = d.Wall
	}
	if l.CPU <= 0 {
		l.CPU = d.CPU
	}
	if l.MemoryBytes <= 0 {
		l.MemoryBytes = d.MemoryBytes
	}
	if l.FileSizeBytes <= 0 {
		l.FileSizeBytes = d.FileSizeBytes
	}
	if l.OutputBytes <= 0 {
		l.OutputBytes = d.OutputBytes
	}
	if l.TmpBytes <= 0 {
		l.TmpBytes = d.TmpBytes
	}
	if l.Procs <= 0 {
		l.Procs = d.Procs
	}
	if l.OpenFiles <= 0 {
		l.OpenFiles = d.OpenFiles
	}
	return l
}

// Spec describes one execution.
type Spec struct {
	// Argv is the program and its arguments. Argv[0] is an absolute path
	// visible inside the sandbox (for example from [Python]) or a name looked
	// up in /usr/local/bin, /usr/bin and /bin.
	Argv []string
	// Files are written into the private temp dir, which is the working
	// directory. Keys are relative slash-separated paths.
	Files map[string][]byte
	// Stdin is the program's standard input; nil means /dev/null.
	Stdin []byte
	// Env is the complete environment besides a minimal PATH, HOME, TMPDIR
	// and LANG; the caller's environment is never passed on.
	Env []string
	// Channel gives the program a third output stream on descriptor 3,
	// captured into Result.Channel (bounded by OutputBytes, but at least
	// 1 MiB is kept): a side channel a harness can report through without
	// mixing with the program's output.
	Channel bool
	Limits  Limits
}

// Result is what happened to one execution.
type Result struct {
	ExitCode int    // exit status, or -1 when killed by a signal
	Signal   string // name of the fatal signal ("killed", "segmentation fault"), if any

	Stdout, Stderr []byte // bounded: head and tail, with a marker where bytes were dropped
	StdoutBytes    int64  // bytes the program wrote to stdout
	StderrBytes    int64  // bytes the program wrote to stderr
	Channel        []byte // what was written to descriptor 3 when Spec.Channel is set
	Truncated      bool   // some output was dropped

	TimedOut bool // killed at the wall-time limit (or the context's deadline)
	OOM      bool // the memory limit was hit: the biggest process was killed
	CPULimit bool // killed at the CPU-time limit

	Wall time.Duration // start to exit, setup included
	CPU  time.Duration // user+system time of the program and its reaped children

	MaxMemoryBytes int64 // peak memory of the tree when a cgroup measured it

	// Reason is empty for a normal exit with status 0 and otherwise says
	// in a few words why the run failed ("wall time limit exceeded",
	// "exit status 1", "killed by signal: segmentation fault").
	Reason string
}

// OK reports whether the program exited normally with status 0 within its
// time limits (a descendant killed at the memory limit does not matter if
// the program itself coped).
func (r Result) OK() bool {
	return r.ExitCode == 0 && r.Signal == "" && !r.TimedOut && !r.CPULimit
}

// Options configure a Runner.
type Options struct {
	// Unsafe allows running without namespace isolation when the kernel
	// does not permit it (the CLI's --unsafe-no-sandbox). Limits, a process
	// group, cgroups where available and a private temp dir still apply.
	Unsafe bool
	// ForceUnsafe runs without isolation even when it is available (tests
	// and benchmarks comparing the two).
	ForceUnsafe bool
	// ReadOnly lists extra host paths (for example an interpreter installed
	// outside /usr) to make visible read-only inside the sandbox.
	ReadOnly []string
	// NoCgroups disables cgroups; memory is then bounded by RLIMIT_AS and
	// processes by RLIMIT_NPROC only.
	NoCgroups bool
}

// Capabilities is what the kernel allows this process, as found by Probe.
type Capabilities struct {
	Root      bool   // running as root: no user namespace, per-run uids
	Isolation bool   // a namespace-isolated run of /bin/true succeeded
	UserNS    bool   // isolation uses a user namespace (not root)
	Cgroups   string // "v1", "v2" or "none"
	Seccomp   bool   // seccomp filters can be loaded
	Landlock  int    // Landlock ABI version, 0 when unavailable (informational)
	// Reason explains missing isolation or cgroups.
	Reason string
}

// Errors returned by this package.
var (
	// ErrNoIsolation: the kernel does not allow the namespaces needed and
	// the caller did not ask for Options.Unsafe.
	ErrNoIsolation = errors.New("sandbox: isolation unavailable (namespaces not permitted); pass Unsafe (--unsafe-no-sandbox) to run without it")
	// ErrBadSpec: the Spec cannot be run (empty argv, bad file name).
	ErrBadSpec = errors.New("sandbox: invalid spec")
	// ErrUnsupported: the platform has no sandbox implementation.
	ErrUnsupported = errors.New("sandbox: unsupported platform")
)

// SetupError is an infrastructure failure while preparing a run.
type SetupError struct {
	Step string // what was being done ("mount /usr", "cgroup", "exec")
	Err  error
}

func (e *SetupError) Error() string { return "sandbox: " + e.Step + ": " + e.Err.Error() }
func (e *SetupError) Unwrap() error { return e.Err }

func checkSpec(s *Spec) error {
	if len(s.Argv) == 0 || s.Argv[0] == "" {
		return fmt.Errorf("%w: empty argv", ErrBadSpec)
	}
	for name := range s.Files {
		if !validFileName(name) {
			return fmt.Errorf("%w: file name %q", ErrBadSpec, name)
		}
	}
	for _, kv := range s.Env {
		if !strings.Contains(kv, "=") {
			return fmt.Errorf("%w: environment entry %q", ErrBadSpec, kv)
		}
	}
	return nil
}

func validFileName(name string) bool {
	if name == "" || strings.HasPrefix(name, "/") || strings.ContainsRune(name, 0) {
		return false
	}
	c := path.Clean(name)
	return c == name && c != "." && c != ".." && !strings.HasPrefix(c, "../")
}

// baseEnv is the environment every program gets; Spec.Env entries override it.
func baseEnv(home string, extra []string) []string {
	env := []string{
		"PATH=/usr/local/bin:/usr/bin:/bin",
		"HOME=" + home,
		"TMPDIR=" + home,
		"LANG=C.UTF-8",
		"PYTHONDONTWRITEBYTECODE=1",
		"PYTHONHASHSEED=0",
	}
	for _, kv := range extra {
		k := kv[:strings.IndexByte(kv, '=')+1]
		replaced := false
		for i := range env {
			if strings.HasPrefix(env[i], k) {
				env[i] = kv
				replaced = true
			}
		}
		if !replaced {
			env = append(env, kv)
		}
	}
	return env
}
