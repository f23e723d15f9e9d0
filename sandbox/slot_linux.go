package sandbox

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"
)

// A slot is a set of cgroup v1 groups (memory, pids, cpu, cpuacct) reused
// run after run, with one locked OS thread of this process inside them.
// Runs are forked from that thread, so the helper is born in the groups:
// joining a group afterwards costs an RCU grace period (about 10 ms, much
// more on a loaded machine) per run, creating and removing groups more.
//
// The thread's memory is charged to this process's own group (charges follow
// the address space's owner, the main thread), but the OOM killer would still
// consider this whole process as a member of the slot's memory group. So the
// slot disables the kernel OOM killer for its group (memory.oom_control) and
// watches the OOM event itself: the run that hit the limit is killed at once,
// and nothing else ever is.
type slot struct {
	rc      *runCgroup
	do      chan func()
	closeDo sync.Once
	efd     *os.File // OOM notifications
	ocfd    *os.File // memory.oom_control, registered with efd

	// sharedNS: the thread has its own network and UTS namespaces, so runs
	// need not create them (written before the thread reports ready).
	sharedNS bool

	proc atomic.Pointer[os.Process] // the current run, while it runs
	oom  atomic.Bool                // the current run hit the memory limit

	// Per-run state, touched only by the run owning the slot.
	limMem, limPids string
	baseCPU         int64
	pool            *slotPool
}

type slotPool struct {
	mu       sync.Mutex
	free     []*slot
	all      []*slot
	n        int
	disabled atomic.Bool
}

func (p *cgroupParent) acquireSlot(l Limits) (*runCgroup, error) {
	sp := &p.slots
	sp.mu.Lock()
	var s *slot
	if n := len(sp.free); n > 0 {
		s = sp.free[n-1]
		sp.free = sp.free[:n-1]
	} else {
		sp.n++
		name := "slot-" + strconv.Itoa(sp.n)
		sp.mu.Unlock()
		var err error
		if s, err = p.newSlot(name); err != nil {
			return nil, err
		}
		sp.mu.Lock()
		sp.all = append(sp.all, s)
	}
	sp.mu.Unlock()
	if err := s.prepare(l); err != nil {
		s.release()
		return nil, err
	}
	return s.rc, nil
}

func (p *cgroupParent) newSlot(name string) (*slot, error) {
	rc, err := p.makeGroups(name)
	if err != nil {
		return nil, err
	}
	s := &slot{rc: rc, do: make(chan func()), pool: &p.slots}
	rc.slot = s
	fail := func(err error) (*slot, error) {
		s.destroy()
		return nil, err
	}
	mem := rc.dirs["memory"]
	if err := writeFile(filepath.Join(mem, "memory.oom_control"), "1"); err != nil {
		return fail(fmt.Errorf("disable oom killer: %w", err))
	}
	efd, err := unix.Eventfd(0, unix.EFD_CLOEXEC|unix.EFD_NONBLOCK)
	if err != nil {
		return fail(err)
	}
	s.efd = os.NewFile(uintptr(efd), "oom-eventfd")
	if s.ocfd, err = os.Open(filepath.Join(mem, "memory.oom_control")); err != nil {
		return fail(err)
	}
	reg := fmt.Sprintf("%d %d", s.efd.Fd(), s.ocfd.Fd())
	if err := writeFile(filepath.Join(mem, "cgroup.event_control"), reg); err != nil {
		return fail(fmt.Errorf("register oom event: %w", err))
	}
	if err := s.startThread(); err != nil {
		return fail(err)
	}
	go s.watchOOM()
	return s, nil
}

// startThread starts the slot's thread. It must not be the main thread: that
// one never exits (so could never leave the groups) and owns the address
// space, whose memory would then be charged to the slot. A goroutine that
// finds itself on the main thread keeps it locked while another one tries.
func (s *slot) startThread() error {
	release := make(chan struct{})
	defer close(release)
	for range 8 {
		ready := make(chan error, 1)
		onMain := make(chan bool, 1)
		go func() {
			runtime.LockOSThread()
			if unix.Gettid() == os.Getpid() {
				onMain <- true
				<-release
				runtime.UnlockOSThread()
				return
			}
			onMain <- false
			s.thread(s.do, ready)
		}()
		if <-onMain {
			continue
		}
		return <-ready
	}
	return errors.New("no thread but the main one")
}

// thread runs on its own locked OS thread, which it moves into the slot's
// groups, and forks every run of the slot. It exits (and the thread with it,
// leaving the groups) when s.do is closed. Threads the runtime creates later
// are cloned from its template thread, never from a locked one, so none
// inherits the groups.
func (s *slot) thread(do <-chan func(), ready chan<- error) {
	tid := strconv.Itoa(unix.Gettid())
	for _, d := range unique(s.rc.dirs) {
		if err := writeFile(filepath.Join(d, "tasks"), tid); err != nil {
			ready <- fmt.Errorf("move thread into %s: %w", d, err)
			return
		}
	}
	// The slot's own network and UTS namespaces, inherited by every run
	// forked from this thread: creating a network namespace per run costs
	// milliseconds (more under load), and one with nothing up carries no
	// state from one run to the next (runs of a slot never overlap).
	s.sharedNS = unix.Unshare(unix.CLONE_NEWNET|unix.CLONE_NEWUTS) == nil
	ready <- nil
	for f := range do {
		f()
	}
}

// watchOOM plays the OOM killer for the slot's memory group: while the
// group is out of memory it kills the process using the most memory (the
// run's PID 1 only when it is the biggest, which ends the run), waiting for
// each victim to be gone before choosing the next.
func (s *slot) watchOOM() {
	var buf [8]byte
	mem := s.rc.dirs["memory"]
	for {
		if _, err := s.efd.Read(buf[:]); err != nil {
			return // closed
		}
		for range 64 {
			data, _ := os.ReadFile(filepath.Join(mem, "memory.oom_control"))
			if !bytes.Contains(data, []byte("under_oom 1")) {
				break
			}
			s.oom.Store(true)
			victim := biggest(mem)
			if victim <= 0 {
				// Nothing to pick (memory held by files): end the run.
				if p := s.proc.Load(); p != nil {
					_ = p.Kill()
				}
				break
			}
			_ = unix.Kill(victim, unix.SIGKILL)
			for range 200 {
				if unix.Kill(victim, 0) != nil {
					break
				}
				time.Sleep(time.Millisecond)
			}
		}
	}
}

// biggest returns the process of the group with the largest resident set,
// never this process (whose slot thread is a member).
func biggest(dir string) int {
	data, err := os.ReadFile(filepath.Join(dir, "cgroup.procs"))
	if err != nil {
		return 0
	}
	best, bestRSS := 0, int64(-1)
	for f := range strings.FieldsSeq(string(data)) {
		pid, err := strconv.Atoi(f)
		if err != nil || pid == os.Getpid() {
			continue
		}
		statm, err := os.ReadFile("/proc/" + f + "/statm")
		if err != nil {
			continue
		}
		fields := strings.Fields(string(statm))
		if len(fields) < 2 {
			continue
		}
		rss, _ := strconv.ParseInt(fields[1], 10, 64)
		if rss > bestRSS {
			best, bestRSS = pid, rss
		}
	}
	return best
}

// prepare sets the run's limits and zeroes the counters.
func (s *slot) prepare(l Limits) error {
	d := s.rc.dirs
	mem := strconv.FormatInt(l.MemoryBytes, 10)
	if mem != s.limMem {
		// memsw must stay >= limit: lower order depends on direction.
		_ = writeFile(filepath.Join(d["memory"], "memory.memsw.limit_in_bytes"), "-1")
		if err := writeFile(filepath.Join(d["memory"], "memory.limit_in_bytes"), mem); err != nil {
			return err
		}
		_ = writeFile(filepath.Join(d["memory"], "memory.memsw.limit_in_bytes"), mem)
		s.limMem = mem
	}
	pids := strconv.Itoa(l.Procs + helperThreadSlack + 1) // +1: the slot's thread
	if pids != s.limPids {
		if err := writeFile(filepath.Join(d["pids"], "pids.max"), pids); err != nil {
			return err
		}
		s.limPids = pids
	}
	if c, ok := d["cpu"]; ok && s.baseCPU == 0 {
		_ = writeFile(filepath.Join(c, "cpu.cfs_period_us"), "100000")
		_ = writeFile(filepath.Join(c, "cpu.cfs_quota_us"), "100000")
	}
	_ = writeFile(filepath.Join(d["memory"], "memory.max_usage_in_bytes"), "0")
	s.baseCPU = readInt(filepath.Join(d["cpuacct"], "cpuacct.usage"))
	s.oom.Store(false)
	return nil
}

// start forks cmd from the slot's thread.
func (s *slot) start(cmd *exec.Cmd) error {
	errc := make(chan error, 1)
	s.do <- func() { errc <- cmd.Start() }
	if err := <-errc; err != nil {
		return err
	}
	s.proc.Store(cmd.Process)
	if s.oom.Load() {
		_ = cmd.Process.Kill() // hit the limit before we were watching
	}
	return nil
}

func (s *slot) stats() (oom bool, peak int64, cpu time.Duration) {
	d := s.rc.dirs
	peak = readInt(filepath.Join(d["memory"], "memory.max_usage_in_bytes"))
	if _, ok := d["cpuacct"]; ok {
		cpu = time.Duration(readInt(filepath.Join(d["cpuacct"], "cpuacct.usage")) - s.baseCPU)
	}
	return s.oom.Load(), peak, cpu
}

// release returns the slot to the pool once the run's processes are gone.
func (s *slot) release() {
	s.proc.Store(nil)
	s.rc.killAll() // normally nothing: the PID namespace is gone
	s.pool.mu.Lock()
	s.pool.free = append(s.pool.free, s)
	s.pool.mu.Unlock()
}

// destroy ends the slot's thread and removes its groups.
func (s *slot) destroy() {
	s.closeDo.Do(func() { close(s.do) })
	if s.efd != nil {
		s.efd.Close()
	}
	if s.ocfd != nil {
		s.ocfd.Close()
	}
	// The thread leaves the groups when it exits, shortly after.
	rc := *s.rc
	rc.slot = nil
	rc.remove()
}

func (sp *slotPool) close() {
	sp.mu.Lock()
	all := sp.all
	sp.all, sp.free = nil, nil
	sp.mu.Unlock()
	for _, s := range all {
		s.destroy()
	}
}

func readInt(name string) int64 {
	data, err := os.ReadFile(name)
	if err != nil {
		return 0
	}
	n, _ := strconv.ParseInt(strings.TrimSpace(string(data)), 10, 64)
	return n
}
