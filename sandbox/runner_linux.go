package sandbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// Runner runs Specs. It is safe for concurrent use; Close releases its
// cgroups.
type Runner struct {
	opts    Options
	isolate bool
	userNS  bool
	self    string
	cg      *cgroupParent
	seccomp bool
	uids    *uidPool
	// sharedTasks is how many tasks the (non-root) user had when the
	// Runner was made; see rlimits.
	sharedTasks int
}

// NewRunner checks what the kernel allows (see Probe) and prepares a Runner.
// It returns ErrNoIsolation when namespaces are unavailable and opts.Unsafe
// is false.
func NewRunner(opts Options) (*Runner, error) {
	caps := Probe()
	r := &Runner{opts: opts, seccomp: caps.Seccomp}
	switch {
	case opts.ForceUnsafe:
	case caps.Isolation:
		r.isolate, r.userNS = true, !caps.Root
	case !opts.Unsafe:
		return nil, fmt.Errorf("%w (%s)", ErrNoIsolation, caps.Reason)
	}
	// The kernel resolves /proc/self/exe in the forked child to this very
	// binary, even if the file was replaced or deleted since.
	r.self = "/proc/self/exe"
	if !opts.NoCgroups && caps.Cgroups != cgroupNone.String() {
		r.cg, _ = newCgroupParent()
	}
	if caps.Root && r.isolate {
		r.uids = newUIDPool()
	}
	if !caps.Root {
		r.sharedTasks = countTasks(os.Getuid())
	}
	return r, nil
}

// Isolated reports whether runs are namespace-isolated.
func (r *Runner) Isolated() bool { return r.isolate }

// Cgroups names the cgroup mode in use: "v1", "v2" or "none".
func (r *Runner) Cgroups() string {
	if r.cg == nil {
		return cgroupNone.String()
	}
	return r.cg.mode.String()
}

// Close releases the Runner's cgroup parents. Runs must have returned.
func (r *Runner) Close() error {
	r.cg.close()
	return nil
}

// Run executes spec and reports what happened. The error is non-nil only for
// infrastructure failures (a bad Spec, the helper failing to set up); the
// program misbehaving is described by the Result.
func (r *Runner) Run(ctx context.Context, spec Spec) (Result, error) {
	if err := checkSpec(&spec); err != nil {
		return Result{}, err
	}
	lim := spec.Limits.withDefaults()
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}

	var rc *runCgroup
	if r.cg != nil {
		var err error
		if rc, err = r.cg.newRun(lim); err != nil {
			return Result{}, &SetupError{Step: "cgroup", Err: err}
		}
		defer rc.remove()
	}
	cfg := helperConfig{
		Isolate:  r.isolate,
		UserNS:   r.userNS,
		UID:      -1,
		Argv:     spec.Argv,
		Procs:    rc.procsFiles(),
		ReadOnly: r.opts.ReadOnly,
		TmpSize:  lim.TmpBytes,
		ShmSize:  max(lim.TmpBytes/4, 1<<20),
		Seccomp:  r.seccomp && r.isolate,
		Channel:  spec.Channel,
	}
	cfg.Rlimits = rlimits(lim, rc != nil, r.isolate && r.uids != nil, r.sharedTasks)
	if r.uids != nil {
		uid := r.uids.get()
		defer r.uids.put(uid)
		cfg.UID = uid
	}
	home := "/tmp"
	if !r.isolate {
		dir, err := os.MkdirTemp("", "grpodata-sandbox-")
		if err != nil {
			return Result{}, &SetupError{Step: "temp dir", Err: err}
		}
		defer os.RemoveAll(dir)
		if err := writeFiles(dir, spec.Files); err != nil {
			return Result{}, err
		}
		cfg.Dir, home = dir, dir
	} else {
		cfg.Files = spec.Files
	}
	cfg.Env = baseEnv(home, spec.Env)
	cfgData, err := json.Marshal(&cfg)
	if err != nil {
		return Result{}, &SetupError{Step: "encode config", Err: err}
	}
	return r.start(ctx, &spec, lim, rc, cfgData)
}

// pipes of one run; parent ends are read/written here, child ends are closed
// after start.
type runPipes struct {
	parent, child []*os.File
}

func (p *runPipes) pipe() (r, w *os.File, err error) {
	r, w, err = os.Pipe()
	if err == nil {
		p.parent = append(p.parent, r)
		p.child = append(p.child, w)
	}
	return r, w, err
}

func (p *runPipes) closeChild() {
	for _, f := range p.child {
		f.Close()
	}
	p.child = nil
}

func (p *runPipes) closeAll() {
	p.closeChild()
	for _, f := range p.parent {
		f.Close()
	}
}

// start runs the helper for one program: it wires the pipes, starts the
// helper (in the slot's namespaces when there is one), reads its output
// while a watchdog enforces the wall limit, waits, and reads the verdict
// off the process state.
func (r *Runner) start(ctx context.Context, spec *Spec, lim Limits, rc *runCgroup, cfgData []byte) (Result, error) {
	var ps runPipes
	defer ps.closeAll()
	hp, err := openHelperPipes(&ps, spec, cfgData)
	if err != nil {
		return Result{}, err
	}
	cmd := r.helperCmd(hp)
	r.isolateCmd(cmd, rc)

	ctx, cancel := context.WithTimeout(ctx, lim.Wall)
	defer cancel()
	begin := time.Now()
	if err := startHelper(cmd, rc); err != nil {
		return Result{}, &SetupError{Step: "start helper", Err: err}
	}
	ps.closeChild()

	// Readers first, so nothing the child writes can block it.
	caps := startCaptures(hp, lim)
	dog := r.watch(ctx, cmd)
	hp.feed(cfgData, spec.Stdin)
	// Setup errors arrive on the status pipe; EOF without data means the
	// program was exec'd.
	status, _ := io.ReadAll(io.LimitReader(hp.statR, 4096))

	waitErr := cmd.Wait()
	wall := time.Since(begin)
	close(dog.done)
	if !r.isolate {
		// Descendants that left the process group.
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		rc.killAll()
	}
	caps.wait(&ps)

	if len(status) > 0 {
		return Result{}, &SetupError{Step: "helper", Err: errors.New(string(status))}
	}
	var ee *exec.ExitError
	if waitErr != nil && !errors.As(waitErr, &ee) {
		return Result{}, &SetupError{Step: "wait", Err: waitErr}
	}
	res := caps.result(wall)
	readProcessState(&res, cmd.ProcessState, rc)
	timedOut := dog.fired()
	res.TimedOut = timedOut && errors.Is(ctx.Err(), context.DeadlineExceeded)
	canceled := timedOut && !res.TimedOut
	markCPULimit(&res, cmd.ProcessState, lim)
	res.Reason = reason(&res, lim, canceled)
	if canceled {
		return res, ctx.Err()
	}
	return res, nil
}

// helperPipes are the parent's ends of the helper's pipes and the files it
// inherits.
type helperPipes struct {
	outR, outW, errR, errW, statR *os.File
	cfgW                          *os.File // the helper's config; nil once written
	chanR                         *os.File // the side channel, when asked for
	stdin, stdinW                 *os.File // the program's stdin, when given
	extra                         []*os.File
}

// openHelperPipes makes stdout, stderr, status and config pipes (and the
// side channel and stdin when the spec asks), registering their ends in
// ps so they are closed however the run ends. A config that fits in the
// pipe is written before the start, so the helper never waits for this
// process to be scheduled again.
func openHelperPipes(ps *runPipes, spec *Spec, cfgData []byte) (*helperPipes, error) {
	hp := &helperPipes{}
	var statW *os.File
	for _, p := range []struct{ r, w **os.File }{{&hp.outR, &hp.outW}, {&hp.errR, &hp.errW}, {&hp.statR, &statW}} {
		var err error
		if *p.r, *p.w, err = ps.pipe(); err != nil {
			return nil, &SetupError{Step: "pipe", Err: err}
		}
	}
	// The config pipe is written by the parent and read by the child.
	cfgR, cfgW, err := os.Pipe()
	if err != nil {
		return nil, &SetupError{Step: "pipe", Err: err}
	}
	ps.parent = append(ps.parent, cfgW)
	hp.cfgW = cfgW
	if len(cfgData) <= 16<<10 {
		if _, err := cfgW.Write(cfgData); err != nil {
			return nil, &SetupError{Step: "write config", Err: err}
		}
		cfgW.Close()
		hp.cfgW = nil
	}
	ps.child = append(ps.child, cfgR)
	hp.extra = []*os.File{cfgR, statW}
	if spec.Channel {
		var chanW *os.File
		if hp.chanR, chanW, err = ps.pipe(); err != nil {
			return nil, &SetupError{Step: "pipe", Err: err}
		}
		hp.extra = append(hp.extra, chanW)
	}
	if spec.Stdin != nil {
		// The child reads stdin; swap the roles of this pipe's ends.
		sr, sw, err := os.Pipe()
		if err != nil {
			return nil, &SetupError{Step: "pipe", Err: err}
		}
		ps.child = append(ps.child, sr)
		ps.parent = append(ps.parent, sw)
		hp.stdin, hp.stdinW = sr, sw
	}
	return hp, nil
}

// feed writes what the helper reads after it started: a config too large
// for the pipe, and the program's stdin.
func (hp *helperPipes) feed(cfgData, stdin []byte) {
	if hp.cfgW != nil {
		go func() {
			_, _ = hp.cfgW.Write(cfgData)
			hp.cfgW.Close()
		}()
	}
	if hp.stdinW != nil {
		go func() {
			_, _ = hp.stdinW.Write(stdin)
			hp.stdinW.Close()
		}()
	}
}

// helperCmd is the helper's command: this binary re-executed, with
// nothing of the caller's environment and its own session.
func (r *Runner) helperCmd(hp *helperPipes) *exec.Cmd {
	var stdin io.Reader // nil: /dev/null
	if hp.stdin != nil {
		stdin = hp.stdin
	}
	return &exec.Cmd{
		Path: r.self,
		Args: []string{"grpodata-sandbox"},
		// One P is all the helper needs and starts fewer threads.
		Env:        []string{helperEnv + "=1", "GOMAXPROCS=1"},
		Stdin:      stdin,
		Stdout:     hp.outW,
		Stderr:     hp.errW,
		ExtraFiles: hp.extra,
		SysProcAttr: &syscall.SysProcAttr{
			Setsid:    true,
			Pdeathsig: syscall.SIGKILL,
		},
	}
}

// isolateCmd asks for the helper's namespaces: PID, mount and IPC always;
// network and UTS unless the slot shares its own; a user namespace when
// not root, keeping CAP_SYS_ADMIN across the helper's exec to build the
// mount namespace (the helper clears it before the program's).
func (r *Runner) isolateCmd(cmd *exec.Cmd, rc *runCgroup) {
	if !r.isolate {
		return
	}
	attr := cmd.SysProcAttr
	attr.Cloneflags = syscall.CLONE_NEWPID | syscall.CLONE_NEWNS | syscall.CLONE_NEWIPC
	if rc == nil || rc.slot == nil || !rc.slot.sharedNS {
		attr.Cloneflags |= syscall.CLONE_NEWNET | syscall.CLONE_NEWUTS
	}
	if r.userNS {
		uid, gid := os.Getuid(), os.Getgid()
		attr.Cloneflags |= syscall.CLONE_NEWUSER
		attr.UidMappings = []syscall.SysProcIDMap{{ContainerID: uid, HostID: uid, Size: 1}}
		attr.GidMappings = []syscall.SysProcIDMap{{ContainerID: gid, HostID: gid, Size: 1}}
		attr.GidMappingsEnableSetgroups = false
		attr.AmbientCaps = []uintptr{unix.CAP_SYS_ADMIN}
	}
}

// startHelper starts cmd, inside the run's slot when it has one.
func startHelper(cmd *exec.Cmd, rc *runCgroup) error {
	if rc != nil && rc.slot != nil {
		return rc.slot.start(cmd)
	}
	return cmd.Start()
}

// captures read the helper's stdout, stderr and side channel, bounded.
type captures struct {
	out, err, channel *capture
	wg                sync.WaitGroup
}

func startCaptures(hp *helperPipes, lim Limits) *captures {
	c := &captures{out: newCapture(lim.OutputBytes), err: newCapture(lim.OutputBytes)}
	c.wg.Add(2)
	go func() { defer c.wg.Done(); drain(hp.outR, c.out) }()
	go func() { defer c.wg.Done(); drain(hp.errR, c.err) }()
	if hp.chanR != nil {
		c.channel = newCapture(max(lim.OutputBytes, channelBytes))
		c.wg.Add(1)
		go func() { defer c.wg.Done(); drain(hp.chanR, c.channel) }()
	}
	return c
}

// wait waits for the readers. Only an unsafe run without cgroups can leave
// a process holding the pipes (one that left the session): after a second
// it stops reading.
func (c *captures) wait(ps *runPipes) {
	drained := make(chan struct{})
	go func() { c.wg.Wait(); close(drained) }()
	select {
	case <-drained:
	case <-time.After(time.Second):
		for _, f := range ps.parent {
			f.Close()
		}
		<-drained
	}
}

// result is what the captures hold.
func (c *captures) result(wall time.Duration) Result {
	res := Result{
		Stdout:      c.out.bytes(),
		Stderr:      c.err.bytes(),
		StdoutBytes: c.out.total,
		StderrBytes: c.err.total,
		Truncated:   c.out.truncated() || c.err.truncated(),
		Wall:        wall,
	}
	if c.channel != nil {
		res.Channel = c.channel.bytes()
		res.Truncated = res.Truncated || c.channel.truncated()
	}
	return res
}

// watchdog kills the helper's whole tree when the wall limit or the
// caller's context ends before the helper does.
type watchdog struct {
	done     chan struct{} // closed once the helper was waited for
	mu       sync.Mutex
	timedOut bool
}

func (r *Runner) watch(ctx context.Context, cmd *exec.Cmd) *watchdog {
	w := &watchdog{done: make(chan struct{})}
	go func() {
		select {
		case <-ctx.Done():
			w.mu.Lock()
			w.timedOut = true
			w.mu.Unlock()
			r.kill(cmd.Process)
		case <-w.done:
		}
	}()
	return w
}

// fired reports whether the watchdog killed the helper.
func (w *watchdog) fired() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.timedOut
}

// readProcessState fills in the exit status, signal, CPU time and the
// cgroup's memory and OOM facts.
func readProcessState(res *Result, st *os.ProcessState, rc *runCgroup) {
	if ru, ok := st.SysUsage().(*syscall.Rusage); ok {
		res.CPU = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	ws, _ := st.Sys().(syscall.WaitStatus)
	res.ExitCode = ws.ExitStatus()
	if ws.Signaled() {
		res.Signal = signalName(ws.Signal())
	}
	var treeCPU time.Duration
	res.OOM, res.MaxMemoryBytes, treeCPU = rc.stats()
	if treeCPU > res.CPU {
		res.CPU = treeCPU
	}
}

// markCPULimit: RLIMIT_CPU is enforced on tick-based time that can run
// ahead of what rusage reports; nothing else sends SIGXCPU or SIGKILL after
// that much CPU, when neither the wall limit nor memory killed it.
func markCPULimit(res *Result, st *os.ProcessState, lim Limits) {
	ws, _ := st.Sys().(syscall.WaitStatus)
	cpuLimit := (lim.CPU + time.Second - 1).Truncate(time.Second)
	if ws.Signaled() && (ws.Signal() == syscall.SIGXCPU || ws.Signal() == syscall.SIGKILL) && res.CPU >= cpuLimit/2 && !res.TimedOut && !res.OOM {
		res.CPULimit = true
	}
}

// channelBytes is the least kept of the side channel: it carries reports
// (one line per test, say), which should not be cut like chatty output.
const channelBytes = 1 << 20

// kill ends the run: in a namespace, killing PID 1 kills every other process
// in it; otherwise the process group goes too.
func (r *Runner) kill(p *os.Process) {
	if !r.isolate {
		_ = syscall.Kill(-p.Pid, syscall.SIGKILL)
	}
	_ = p.Kill()
}

func reason(res *Result, lim Limits, canceled bool) string {
	switch {
	case canceled:
		return "canceled"
	case res.TimedOut:
		return fmt.Sprintf("wall time limit exceeded (%s)", lim.Wall)
	case res.OOM && (res.Signal != "" || res.ExitCode != 0):
		return fmt.Sprintf("memory limit exceeded (%d MiB)", lim.MemoryBytes>>20)
	case res.CPULimit:
		return fmt.Sprintf("cpu time limit exceeded (%s)", lim.CPU)
	case res.Signal != "":
		return "killed by signal: " + res.Signal
	case res.ExitCode != 0:
		return fmt.Sprintf("exit status %d", res.ExitCode)
	}
	return ""
}

func signalName(s syscall.Signal) string {
	if name := unix.SignalName(s); name != "" {
		return name
	}
	return s.String()
}

// rlimits turns Limits into rlimit settings for the helper.
//
// RLIMIT_NPROC counts every task of the real uid on the host. With a
// per-run uid it bounds the run exactly; otherwise (non-root, no cgroup) it
// is only a backstop above the tasks the user already had (sharedTasks).
func rlimits(l Limits, cgroup, perRunUID bool, sharedTasks int) []rlimitSetting {
	cpu := uint64((l.CPU + time.Second - 1) / time.Second)
	out := []rlimitSetting{
		// Soft = hard: SIGKILL at the limit (a namespace's PID 1 would
		// ignore the SIGXCPU of a lower soft limit).
		{unix.RLIMIT_CPU, cpu, cpu},
		{unix.RLIMIT_FSIZE, uint64(l.FileSizeBytes), uint64(l.FileSizeBytes)},
		{unix.RLIMIT_NOFILE, uint64(l.OpenFiles), uint64(l.OpenFiles)},
		{unix.RLIMIT_CORE, 0, 0},
		{unix.RLIMIT_MEMLOCK, 64 << 10, 64 << 10},
		{unix.RLIMIT_MSGQUEUE, 0, 0},
	}
	if cgroup {
		// Real memory is bounded by the cgroup; keep address space generous
		// (threaded runtimes reserve far more than they use).
		as := uint64(max(l.MemoryBytes*8, 4<<30))
		out = append(out, rlimitSetting{unix.RLIMIT_AS, as, as})
	} else {
		out = append(out, rlimitSetting{unix.RLIMIT_AS, uint64(l.MemoryBytes), uint64(l.MemoryBytes)})
	}
	switch {
	case perRunUID:
		out = append(out, rlimitSetting{unix.RLIMIT_NPROC, uint64(l.Procs), uint64(l.Procs)})
	case !cgroup && os.Geteuid() != 0:
		n := uint64(sharedTasks + 4*l.Procs + 64)
		out = append(out, rlimitSetting{unix.RLIMIT_NPROC, n, n})
	}
	return out
}

// countTasks counts the threads of all processes whose real uid is uid.
func countTasks(uid int) int {
	entries, _ := os.ReadDir("/proc")
	n := 0
	for _, e := range entries {
		if e.Name()[0] < '0' || e.Name()[0] > '9' {
			continue
		}
		var st syscall.Stat_t
		if syscall.Stat("/proc/"+e.Name(), &st) != nil || int(st.Uid) != uid {
			continue
		}
		if tasks, err := os.ReadDir("/proc/" + e.Name() + "/task"); err == nil {
			n += len(tasks)
		}
	}
	return n
}

// uidPool hands out distinct unprivileged uids to concurrent runs so that
// per-user limits (RLIMIT_NPROC) and signal permissions are per run.
type uidPool struct {
	mu   sync.Mutex
	base int
	free []int
	next int
}

func newUIDPool() *uidPool {
	// A range of uids no system account uses, distinct per host process.
	return &uidPool{base: 1_000_000 + (os.Getpid()%20000)*1024}
}

func (p *uidPool) get() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	if n := len(p.free); n > 0 {
		uid := p.free[n-1]
		p.free = p.free[:n-1]
		return uid
	}
	uid := p.base + p.next%1024
	p.next++
	return uid
}

func (p *uidPool) put(uid int) {
	p.mu.Lock()
	p.free = append(p.free, uid)
	p.mu.Unlock()
}
