package sandbox

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
)

// cgroupMode says which cgroup hierarchy bounds memory and processes.
type cgroupMode int

const (
	cgroupNone cgroupMode = iota
	cgroupV1
	cgroupV2
)

func (m cgroupMode) String() string {
	switch m {
	case cgroupV1:
		return "v1"
	case cgroupV2:
		return "v2"
	}
	return "none"
}

// cgroupParent is the prepared parent group(s) of one Runner; each run gets a
// child group under each of them.
type cgroupParent struct {
	mode cgroupMode
	// dirs maps a controller to its parent dir. v1: "memory" and "pids",
	// optionally "cpu" (one CPU per run, fair shares) and "cpuacct" (CPU
	// time of the whole tree). v2: the same names, all mapping to one dir.
	dirs map[string]string
	// flat controllers get their run groups directly in this process's
	// own group (named with the parent's prefix), not under a parent:
	// for "cpu" that makes each run weigh like one ordinary task against
	// the rest of the host, instead of all runs together weighing one.
	flat    map[string]bool
	name    string
	counter atomic.Uint64

	slots slotPool // v1 only
}

// runCgroup is the group(s) of one run.
type runCgroup struct {
	mode cgroupMode
	dirs map[string]string // controller -> run dir
	slot *slot             // non-nil: reused v1 groups (see slot)
}

// unique lists each distinct dir once (controllers may be co-mounted).
func unique(dirs map[string]string) []string {
	var out []string
	for _, c := range []string{"memory", "pids", "cpu", "cpuacct"} {
		if d, ok := dirs[c]; ok && !contains(out, d) {
			out = append(out, d)
		}
	}
	return out
}

// Group names: cgroupPrefix + pid + "-" + sequence number of the parent
// within this process (several Runners may coexist).
const cgroupPrefix = "grpodata-sandbox-"

var parentSeq atomic.Uint64

// mountInfo maps a cgroup v1 controller name (or "cgroup2") to its mount
// point and the root of that mount.
type cgMount struct{ dir, root string }

func cgroupMounts() map[string]cgMount {
	out := map[string]cgMount{}
	data, err := os.ReadFile("/proc/self/mountinfo")
	if err != nil {
		return out
	}
	for line := range strings.SplitSeq(string(data), "\n") {
		// id parent maj:min root mountpoint opts ... - fstype source superopts
		pre, post, ok := strings.Cut(line, " - ")
		if !ok {
			continue
		}
		f, g := strings.Fields(pre), strings.Fields(post)
		if len(f) < 5 || len(g) < 3 {
			continue
		}
		switch g[0] {
		case "cgroup2":
			if _, dup := out["cgroup2"]; !dup {
				out["cgroup2"] = cgMount{unescapeMount(f[4]), f[3]}
			}
		case "cgroup":
			for opt := range strings.SplitSeq(g[2], ",") {
				if _, dup := out[opt]; !dup {
					out[opt] = cgMount{unescapeMount(f[4]), f[3]}
				}
			}
		}
	}
	return out
}

func unescapeMount(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+3 < len(s) {
			if n, err := strconv.ParseUint(s[i+1:i+4], 8, 8); err == nil {
				b.WriteByte(byte(n))
				i += 3
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// ownCgroups maps controller name (v1) or "" (v2) to this process's group path.
func ownCgroups() map[string]string {
	out := map[string]string{}
	data, err := os.ReadFile("/proc/self/cgroup")
	if err != nil {
		return out
	}
	for line := range strings.SplitSeq(strings.TrimSpace(string(data)), "\n") {
		parts := strings.SplitN(line, ":", 3)
		if len(parts) != 3 {
			continue
		}
		if parts[1] == "" {
			out[""] = parts[2]
			continue
		}
		for c := range strings.SplitSeq(parts[1], ",") {
			out[c] = parts[2]
		}
	}
	return out
}

func groupDir(m cgMount, own string) string {
	rel := own
	if m.root != "/" {
		rel = strings.TrimPrefix(own, m.root)
	}
	return filepath.Join(m.dir, rel)
}

// newCgroupParent prepares parent groups under this process's own groups,
// preferring v2 memory+pids, then v1 memory+pids. It returns a parent with
// mode cgroupNone (and the reason) when neither is usable.
func newCgroupParent() (*cgroupParent, string) {
	mounts, own := cgroupMounts(), ownCgroups()
	name := cgroupPrefix + strconv.Itoa(os.Getpid()) + "-" + strconv.FormatUint(parentSeq.Add(1), 10)
	var reasons []string

	if m, ok := mounts["cgroup2"]; ok {
		if p, ok := own[""]; ok {
			base := groupDir(m, p)
			dir := filepath.Join(base, name)
			if ctrls, err := prepareV2(base, dir); err == nil {
				dirs := map[string]string{}
				for _, c := range ctrls {
					dirs[c] = dir
				}
				dirs["cpuacct"] = dir // cpu.stat exists without the cpu controller
				return &cgroupParent{mode: cgroupV2, dirs: dirs, name: name}, ""
			} else {
				reasons = append(reasons, "v2: "+err.Error())
			}
		}
	}
	dirs, flat := map[string]string{}, map[string]bool{}
	var err error
	for _, c := range []string{"memory", "pids", "cpu", "cpuacct"} {
		m, ok := mounts[c]
		if !ok || own[c] == "" {
			if c == "memory" || c == "pids" {
				err = fmt.Errorf("%s controller not mounted", c)
				break
			}
			continue
		}
		base := groupDir(m, own[c])
		dir := filepath.Join(base, name)
		if c == "cpu" || c == "cpuacct" {
			if st, e := os.Stat(filepath.Join(base, "cgroup.procs")); e != nil || st.Mode()&0o200 == 0 {
				continue
			}
			dir = base
		}
		if contains(unique(dirs), dir) {
			dirs[c], flat[c] = dir, dir == base
			continue
		}
		sweepStale(base)
		if c == "cpu" || c == "cpuacct" {
			// Optional: use it only if a group can really be made here.
			probe := filepath.Join(base, name+"-probe")
			if mkdirGroup(probe) == nil && os.Remove(probe) == nil {
				dirs[c], flat[c] = dir, true
			}
			continue
		}
		if e := mkdirGroup(dir); e != nil {
			if c == "memory" || c == "pids" {
				err = e
				break
			}
			continue
		}
		dirs[c] = dir
	}
	if err == nil {
		// Probe that limits can actually be set.
		err = writeFile(filepath.Join(dirs["memory"], "memory.limit_in_bytes"), "-1")
	}
	if err == nil {
		return &cgroupParent{mode: cgroupV1, dirs: dirs, flat: flat, name: name}, ""
	}
	for c, d := range dirs {
		if !flat[c] {
			_ = os.Remove(d)
		}
	}
	reasons = append(reasons, "v1: "+err.Error())
	return &cgroupParent{mode: cgroupNone}, strings.Join(reasons, "; ")
}

// prepareV2 enables memory and pids (and cpu when offered) for dir's
// children and returns the controllers enabled.
func prepareV2(base, dir string) ([]string, error) {
	ctrl, err := os.ReadFile(filepath.Join(base, "cgroup.controllers"))
	if err != nil {
		return nil, err
	}
	have := strings.Fields(string(ctrl))
	if !contains(have, "memory") || !contains(have, "pids") {
		return nil, fmt.Errorf("memory/pids controllers not offered (have %q)", strings.TrimSpace(string(ctrl)))
	}
	want := []string{"memory", "pids"}
	enable := "+" + strings.Join(want, " +")
	sweepStale(base)
	if err := writeFile(filepath.Join(base, "cgroup.subtree_control"), enable); err != nil {
		return nil, fmt.Errorf("enable controllers: %w", err)
	}
	if err := mkdirGroup(dir); err != nil {
		return nil, err
	}
	if err := writeFile(filepath.Join(dir, "cgroup.subtree_control"), enable); err != nil {
		_ = os.Remove(dir)
		return nil, fmt.Errorf("enable controllers: %w", err)
	}
	return want, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func mkdirGroup(dir string) error {
	err := os.Mkdir(dir, 0o755)
	if errors.Is(err, os.ErrExist) {
		return nil
	}
	return err
}

// sweepStale removes parent groups left by processes that no longer exist.
func sweepStale(base string) {
	entries, err := os.ReadDir(base)
	if err != nil {
		return
	}
	for _, e := range entries {
		pid, ok := strings.CutPrefix(e.Name(), cgroupPrefix)
		if !ok || !e.IsDir() {
			continue
		}
		pid, _, _ = strings.Cut(pid, "-")
		if n, err := strconv.Atoi(pid); err != nil || n == os.Getpid() || syscall.Kill(n, 0) == nil {
			continue
		}
		dir := filepath.Join(base, e.Name())
		subs, _ := os.ReadDir(dir)
		for _, s := range subs {
			if s.IsDir() {
				removeGroup(filepath.Join(dir, s.Name()))
			}
		}
		_ = os.Remove(dir)
	}
}

func writeFile(name, value string) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		return err
	}
	_, err = f.WriteString(value)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// newRun returns the groups of one run with its limits set: a reused slot
// for v1, fresh groups for v2.
func (p *cgroupParent) newRun(l Limits) (*runCgroup, error) {
	if p == nil || p.mode == cgroupNone {
		return nil, nil
	}
	if p.mode == cgroupV1 && !p.slots.disabled.Load() {
		rc, err := p.acquireSlot(l)
		if err == nil {
			return rc, nil
		}
		// Thread-level membership refused: per-run groups instead.
		p.slots.disabled.Store(true)
	}
	rc, err := p.makeGroups("run-" + strconv.FormatUint(p.counter.Add(1), 10))
	if err != nil {
		return nil, err
	}
	if err := rc.setLimits(l); err != nil {
		rc.remove()
		return nil, err
	}
	return rc, nil
}

// makeGroups creates a group named name under each parent dir.
func (p *cgroupParent) makeGroups(name string) (*runCgroup, error) {
	rc := &runCgroup{mode: p.mode, dirs: map[string]string{}}
	for c, d := range p.dirs {
		if p.flat[c] {
			rc.dirs[c] = filepath.Join(d, p.name+"-"+name)
		} else {
			rc.dirs[c] = filepath.Join(d, name)
		}
	}
	for _, d := range unique(rc.dirs) {
		if err := mkdirGroup(d); err != nil {
			rc.remove()
			return nil, err
		}
	}
	return rc, nil
}

// setLimits writes the memory, process and CPU limits.
func (rc *runCgroup) setLimits(l Limits) error {
	mem := strconv.FormatInt(l.MemoryBytes, 10)
	// Slack for the helper's own threads, which vanish at exec.
	pids := strconv.Itoa(l.Procs + helperThreadSlack)
	var err error
	if rc.mode == cgroupV1 {
		err = writeFile(filepath.Join(rc.dirs["memory"], "memory.limit_in_bytes"), mem)
		if err == nil {
			// No swap either (ignored where swap accounting is off).
			_ = writeFile(filepath.Join(rc.dirs["memory"], "memory.memsw.limit_in_bytes"), mem)
			_ = writeFile(filepath.Join(rc.dirs["memory"], "memory.swappiness"), "0")
			err = writeFile(filepath.Join(rc.dirs["pids"], "pids.max"), pids)
		}
		if d, ok := rc.dirs["cpu"]; ok && err == nil {
			// At most one CPU per run, so a fork bomb cannot starve
			// the runs beside it.
			_ = writeFile(filepath.Join(d, "cpu.cfs_period_us"), "100000")
			_ = writeFile(filepath.Join(d, "cpu.cfs_quota_us"), "100000")
		}
		return err
	}
	d := rc.dirs["memory"]
	err = writeFile(filepath.Join(d, "memory.max"), mem)
	if err == nil {
		_ = writeFile(filepath.Join(d, "memory.swap.max"), "0")
		err = writeFile(filepath.Join(d, "pids.max"), pids)
	}
	if _, ok := rc.dirs["cpu"]; ok && err == nil {
		_ = writeFile(filepath.Join(d, "cpu.max"), "100000 100000")
	}
	return err
}

// helperThreadSlack is added to pids.max for the Go helper's threads, which
// exist only until it execs the program.
const helperThreadSlack = 8

// procsFiles are the files the helper writes "0" to, to join the groups.
func (rc *runCgroup) procsFiles() []string {
	if rc == nil || rc.slot != nil {
		return nil // born in the slot's groups
	}
	var out []string
	for _, d := range unique(rc.dirs) {
		out = append(out, filepath.Join(d, "cgroup.procs"))
	}
	return out
}

// stats reads whether the OOM killer fired, the peak memory and the CPU time
// of the whole tree (0 when not measured).
func (rc *runCgroup) stats() (oom bool, peak int64, cpu time.Duration) {
	if rc == nil {
		return false, 0, 0
	}
	if rc.slot != nil {
		return rc.slot.stats()
	}
	mem := rc.dirs["memory"]
	var events, peakFile string
	if rc.mode == cgroupV2 {
		events, peakFile = filepath.Join(mem, "memory.events"), filepath.Join(mem, "memory.peak")
	} else {
		events, peakFile = filepath.Join(mem, "memory.oom_control"), filepath.Join(mem, "memory.max_usage_in_bytes")
	}
	if data, err := os.ReadFile(events); err == nil {
		sc := bufio.NewScanner(bytes.NewReader(data))
		for sc.Scan() {
			k, v, _ := strings.Cut(sc.Text(), " ")
			if k == "oom_kill" {
				n, _ := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
				oom = n > 0
			}
		}
	}
	if data, err := os.ReadFile(peakFile); err == nil {
		peak, _ = strconv.ParseInt(strings.TrimSpace(string(data)), 10, 64)
	}
	if d, ok := rc.dirs["cpuacct"]; ok {
		if rc.mode == cgroupV1 {
			if data, err := os.ReadFile(filepath.Join(d, "cpuacct.usage")); err == nil {
				ns, _ := strconv.ParseInt(strings.TrimSpace(string(data)), 10, 64)
				cpu = time.Duration(ns)
			}
		} else if data, err := os.ReadFile(filepath.Join(d, "cpu.stat")); err == nil {
			for line := range strings.SplitSeq(string(data), "\n") {
				if v, ok := strings.CutPrefix(line, "usage_usec "); ok {
					us, _ := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
					cpu = time.Duration(us) * time.Microsecond
				}
			}
		}
	}
	return oom, peak, cpu
}

// killAll kills every process still in the run's groups (only needed for
// unsafe runs; isolated runs die with their PID namespace).
func (rc *runCgroup) killAll() {
	if rc == nil {
		return
	}
	for range 50 {
		data, err := os.ReadFile(filepath.Join(rc.dirs["pids"], "cgroup.procs"))
		if err != nil || len(bytes.TrimSpace(data)) == 0 {
			return
		}
		n := 0
		for f := range strings.FieldsSeq(string(data)) {
			// A slot's groups also hold one thread of this process.
			if pid, err := strconv.Atoi(f); err == nil && pid > 0 && pid != os.Getpid() {
				n++
				_ = syscall.Kill(pid, syscall.SIGKILL)
			}
		}
		if n == 0 {
			return
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func (rc *runCgroup) remove() {
	if rc == nil {
		return
	}
	if rc.slot != nil {
		rc.slot.release()
		return
	}
	for _, d := range unique(rc.dirs) {
		removeGroup(d)
	}
}

// removeGroup removes an empty group, retrying briefly while exiting tasks
// are still being released.
func removeGroup(dir string) {
	for i := 0; i < 1000; i++ {
		err := os.Remove(dir)
		if err == nil || errors.Is(err, os.ErrNotExist) || !errors.Is(err, syscall.EBUSY) {
			return
		}
		time.Sleep(time.Millisecond)
	}
}

func (p *cgroupParent) close() {
	if p == nil || p.mode == cgroupNone {
		return
	}
	p.slots.close()
	for c, d := range p.dirs {
		if !p.flat[c] {
			removeGroup(d)
		}
	}
}
