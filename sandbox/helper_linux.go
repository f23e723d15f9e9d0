package sandbox

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// helperEnv marks a process started by Runner.Run as the sandbox helper.
const helperEnv = "GRPODATA_SANDBOX_HELPER"

// Descriptors of the helper besides 0-2.
const (
	fdConfig  = 3 // read: JSON helperConfig, then EOF
	fdStatus  = 4 // write: an error message if setup fails; closed by exec
	fdChannel = 5 // the program's descriptor 3 when Spec.Channel is set
)

// helperConfig is everything the helper needs, sent over fdConfig.
type helperConfig struct {
	Isolate  bool              `json:"isolate"`
	UserNS   bool              `json:"userns"` // running in a user namespace (non-root host)
	UID      int               `json:"uid"`    // uid/gid to run the program as (-1: keep)
	Argv     []string          `json:"argv"`
	Env      []string          `json:"env"`
	Dir      string            `json:"dir"` // working directory (unsafe mode)
	Files    map[string][]byte `json:"files"`
	Procs    []string          `json:"procs"` // cgroup.procs files to join
	Rlimits  []rlimitSetting   `json:"rlimits"`
	ReadOnly []string          `json:"ro"` // host paths bound read-only besides the defaults
	TmpSize  int64             `json:"tmp"`
	ShmSize  int64             `json:"shm"`
	Seccomp  bool              `json:"seccomp"`
	Channel  bool              `json:"channel"`
}

type rlimitSetting struct {
	Resource int    `json:"r"`
	Cur      uint64 `json:"c"`
	Max      uint64 `json:"m"`
}

func init() {
	if os.Getenv(helperEnv) == "1" && os.Getpid() != 0 {
		helperMain()
	}
}

// Main runs the sandbox helper and never returns when the current process
// was started as one by Runner.Run; otherwise it returns at once. The
// package's init already does this; calling Main first thing in main (or
// TestMain) documents that the binary re-executes itself.
func Main() {
	if os.Getenv(helperEnv) == "1" {
		helperMain()
	}
}

// helperMain prepares the sandbox and execs the program. On failure it
// writes the reason to fdStatus and exits 127.
func helperMain() {
	runtime.LockOSThread()
	status := os.NewFile(fdStatus, "status")
	fail := func(step string, err error) {
		fmt.Fprintf(status, "%s: %v", step, err)
		os.Exit(127)
	}
	data, err := io.ReadAll(os.NewFile(fdConfig, "config"))
	if err != nil {
		fail("read config", err)
	}
	var cfg helperConfig
	if err := json.Unmarshal(data, &cfg); err != nil {
		fail("decode config", err)
	}
	_ = unix.Close(fdConfig)
	if err := runHelper(&cfg); err != nil {
		if se, ok := err.(*SetupError); ok {
			fail(se.Step, se.Err)
		}
		fail("setup", err)
	}
}

// step names the setup step an error happened in (nil stays nil).
func step(name string, err error) error {
	if err == nil {
		return nil
	}
	return &SetupError{Step: name, Err: err}
}

// runHelper turns this process into the program: descriptors, the
// isolated root, the program's identity, then seccomp, rlimits and exec.
func runHelper(cfg *helperConfig) error {
	if err := prepareDescriptors(cfg); err != nil {
		return err
	}
	home, err := enterRoot(cfg)
	if err != nil {
		return err
	}
	if err := becomeProgram(cfg, home); err != nil {
		return err
	}
	return execProgram(cfg)
}

// prepareDescriptors joins the run's cgroups and arranges the descriptors:
// the side channel at 3 when asked for, every other one but 0-2 closed at
// exec, including descriptors this process inherited without
// close-on-exec. fdStatus closing at exec tells the parent the program
// started.
func prepareDescriptors(cfg *helperConfig) error {
	for _, f := range cfg.Procs {
		if err := writeFile(f, "0"); err != nil {
			return step("join cgroup", err)
		}
	}
	if cfg.Channel {
		if err := unix.Dup2(fdChannel, 3); err != nil {
			return step("channel", err)
		}
		_ = unix.Close(fdChannel)
	}
	first := uint(3)
	if cfg.Channel {
		first = 4
	}
	if err := unix.CloseRange(first, ^uint(0), unix.CLOSE_RANGE_CLOEXEC); err != nil {
		for fd := int(first); fd < 1024; fd++ {
			unix.CloseOnExec(fd)
		}
	}
	return nil
}

// enterRoot builds the isolated root (and names the host "sandbox") and
// returns the program's working folder.
func enterRoot(cfg *helperConfig) (string, error) {
	home := cfg.Dir
	if cfg.Isolate {
		home = "/tmp"
		if err := buildRoot(cfg); err != nil {
			return "", err
		}
		_ = unix.Sethostname([]byte("sandbox"))
		_ = unix.Setdomainname([]byte("sandbox"))
	}
	if err := unix.Chdir(home); err != nil {
		return "", step("chdir", err)
	}
	return home, nil
}

// becomeProgram drops to the program's identity: privileges, its files
// written as that user, no setup capabilities left, and the parent-death
// signal set again (credential changes clear it).
func becomeProgram(cfg *helperConfig, home string) error {
	if cfg.UID >= 0 && !cfg.UserNS {
		if err := dropPrivileges(cfg.UID); err != nil {
			return err
		}
	}
	if cfg.Isolate {
		if err := writeFiles(home, cfg.Files); err != nil {
			return err
		}
	}
	if cfg.UserNS {
		// Capabilities granted for setup must not reach the program.
		if err := unix.Prctl(unix.PR_CAP_AMBIENT, unix.PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0); err != nil {
			return step("clear ambient capabilities", err)
		}
	}
	if err := unix.Prctl(unix.PR_SET_PDEATHSIG, uintptr(syscall.SIGKILL), 0, 0, 0); err != nil {
		return step("pdeathsig", err)
	}
	return nil
}

// execProgram loads the seccomp filter, sets the rlimits and execs the
// program; it returns only on a setup error before the limits.
// Everything execve needs is converted first: after the rlimits (address
// space, open files) this Go process must not allocate.
func execProgram(cfg *helperConfig) error {
	prog, err := lookPath(cfg.Argv[0], cfg.Env)
	if err != nil {
		return step("exec", err)
	}
	progp, err := unix.BytePtrFromString(prog)
	if err != nil {
		return step("exec", err)
	}
	argvp, err := slicePtr(cfg.Argv)
	if err != nil {
		return step("exec", err)
	}
	envp, err := slicePtr(cfg.Env)
	if err != nil {
		return step("exec", err)
	}
	lims := make([]unix.Rlimit, len(cfg.Rlimits))
	for i, rl := range cfg.Rlimits {
		lims[i] = unix.Rlimit{Cur: rl.Cur, Max: rl.Max}
	}
	failMsg := []byte("exec " + prog + ": ")
	if cfg.Seccomp {
		if err := loadSeccomp(); err != nil {
			return step("seccomp", err)
		}
	}
	for i, rl := range cfg.Rlimits {
		if _, _, errno := unix.RawSyscall6(unix.SYS_PRLIMIT64, 0, uintptr(rl.Resource), uintptr(unsafe.Pointer(&lims[i])), 0, 0, 0); errno != 0 {
			rawFail([]byte("rlimit: "), errno)
		}
	}
	_, _, errno := unix.RawSyscall(unix.SYS_EXECVE, uintptr(unsafe.Pointer(progp)), uintptr(unsafe.Pointer(&argvp[0])), uintptr(unsafe.Pointer(&envp[0])))
	rawFail(failMsg, errno)
	return nil
}

// slicePtr converts ss to a NULL-terminated array of C strings.
func slicePtr(ss []string) ([]*byte, error) {
	out := make([]*byte, len(ss)+1)
	for i, s := range ss {
		p, err := unix.BytePtrFromString(s)
		if err != nil {
			return nil, err
		}
		out[i] = p
	}
	return out, nil
}

// rawFail reports a failure after the rlimits are set, without allocating.
func rawFail(msg []byte, errno unix.Errno) {
	_, _ = unix.Write(fdStatus, msg)
	_, _ = unix.Write(fdStatus, []byte(errno.Error()))
	unix.Exit(127)
}

func dropPrivileges(uid int) error {
	if err := syscall.Setgroups(nil); err != nil {
		return step("setgroups", err)
	}
	if err := syscall.Setresgid(uid, uid, uid); err != nil {
		return step("setgid", err)
	}
	if err := syscall.Setresuid(uid, uid, uid); err != nil {
		return step("setuid", err)
	}
	return nil
}

func lookPath(name string, env []string) (string, error) {
	if strings.Contains(name, "/") {
		return name, nil
	}
	dirs := "/usr/local/bin:/usr/bin:/bin"
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, "PATH="); ok {
			dirs = v
		}
	}
	for _, d := range filepath.SplitList(dirs) {
		p := filepath.Join(d, name)
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() && st.Mode()&0o111 != 0 {
			return p, nil
		}
	}
	return "", fmt.Errorf("%q not found in %s", name, dirs)
}

func writeFiles(dir string, files map[string][]byte) error {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		p := filepath.Join(dir, filepath.FromSlash(n))
		if d := path.Dir(n); d != "." {
			if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
				return step("write files", err)
			}
		}
		if err := os.WriteFile(p, files[n], 0o644); err != nil {
			return step("write files", err)
		}
	}
	return nil
}

// defaultReadOnly are the host paths visible (read-only) in every sandbox:
// what dynamically linked interpreters need. Symlinks (merged /usr) are
// recreated as symlinks.
var defaultReadOnly = []string{"/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc/alternatives"}

// etcFiles are copied from the host's /etc when present.
var etcFiles = []string{"ld.so.cache", "nsswitch.conf", "localtime"}

// buildRoot assembles the new root on a tmpfs and pivots into it.
func buildRoot(cfg *helperConfig) error {
	if err := unix.Mount("", "/", "", unix.MS_REC|unix.MS_PRIVATE, ""); err != nil {
		return step("make mounts private", err)
	}
	// Gather host /etc content before the host tree goes away.
	etc, etcLinks := sandboxEtc(cfg)
	root, err := mountRoot(cfg)
	if err != nil {
		return err
	}
	for _, build := range []func() error{
		func() error { return writeEtc(root, etc, etcLinks) },
		func() error { return mountTmp(root, cfg) },
		func() error { return mountDev(root, cfg) },
		func() error { return mountProc(root) },
		func() error { return pivotInto(root) },
	} {
		if err := build(); err != nil {
			return err
		}
	}
	return nil
}

// sandboxEtc is the new root's /etc: the host files programs need (or
// their symlinks), and passwd, group, hostname and hosts of its own.
func sandboxEtc(cfg *helperConfig) (map[string][]byte, map[string]string) {
	etc := map[string][]byte{}
	etcLinks := map[string]string{}
	for _, name := range etcFiles {
		p := "/etc/" + name
		if target, err := os.Readlink(p); err == nil {
			etcLinks[name] = target
			continue
		}
		if b, err := os.ReadFile(p); err == nil && len(b) < 1<<20 {
			etc[name] = b
		}
	}
	uid := cfg.UID
	if uid < 0 || cfg.UserNS {
		uid = os.Getuid()
	}
	etc["passwd"] = fmt.Appendf(nil, "root:x:0:0:root:/root:/usr/sbin/nologin\nsandbox:x:%d:%d:sandbox:/tmp:/usr/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n", uid, uid)
	etc["group"] = fmt.Appendf(nil, "root:x:0:\nsandbox:x:%d:\nnogroup:x:65534:\n", uid)
	etc["hostname"] = []byte("sandbox\n")
	etc["hosts"] = []byte("127.0.0.1 localhost\n::1 localhost\n")
	return etc, etcLinks
}

// mountRoot mounts the new root, a tmpfs over a directory every system has
// (the mount is private to this namespace), with the read-only host paths
// the interpreter needs exposed in it.
func mountRoot(cfg *helperConfig) (string, error) {
	root := "/tmp"
	if st, err := os.Stat(root); err != nil || !st.IsDir() {
		root = "/mnt"
	}
	if err := unix.Mount("sandbox-root", root, "tmpfs", unix.MS_NOSUID|unix.MS_NODEV, "size=4m,nr_inodes=4096,mode=0755"); err != nil {
		return "", step("mount root tmpfs", err)
	}
	for _, p := range append(append([]string{}, defaultReadOnly...), cfg.ReadOnly...) {
		if err := exposeReadOnly(root, p); err != nil {
			return "", err
		}
	}
	return root, nil
}

func writeEtc(root string, etc map[string][]byte, links map[string]string) error {
	if err := os.MkdirAll(root+"/etc", 0o755); err != nil {
		return step("mkdir /etc", err)
	}
	for name, b := range etc {
		if err := os.WriteFile(root+"/etc/"+name, b, 0o644); err != nil {
			return step("write /etc", err)
		}
	}
	for name, target := range links {
		if err := os.Symlink(target, root+"/etc/"+name); err != nil {
			return step("write /etc", err)
		}
	}
	return nil
}

// mountTmp: a writable, size-capped /tmp owned by the program's user.
func mountTmp(root string, cfg *helperConfig) error {
	if err := os.Mkdir(root+"/tmp", 0o755); err != nil {
		return step("mkdir /tmp", err)
	}
	tmpOpts := fmt.Sprintf("size=%d,nr_inodes=16384,mode=0700", cfg.TmpSize)
	if cfg.UID >= 0 && !cfg.UserNS {
		tmpOpts += fmt.Sprintf(",uid=%d,gid=%d", cfg.UID, cfg.UID)
	}
	if err := unix.Mount("sandbox-tmp", root+"/tmp", "tmpfs", unix.MS_NOSUID|unix.MS_NODEV, tmpOpts); err != nil {
		return step("mount /tmp", err)
	}
	return nil
}

// mountDev: a minimal, read-only /dev (null, zero, full, random, urandom,
// the fd links) with a size-capped /dev/shm.
func mountDev(root string, cfg *helperConfig) error {
	dev := root + "/dev"
	if err := os.Mkdir(dev, 0o755); err != nil {
		return step("mkdir /dev", err)
	}
	if err := unix.Mount("sandbox-dev", dev, "tmpfs", unix.MS_NOSUID|unix.MS_NOEXEC, "size=64k,nr_inodes=64,mode=0755"); err != nil {
		return step("mount /dev", err)
	}
	for _, n := range []string{"null", "zero", "full", "random", "urandom"} {
		if err := os.WriteFile(dev+"/"+n, nil, 0o666); err != nil {
			return step("create /dev/"+n, err)
		}
		if err := unix.Mount("/dev/"+n, dev+"/"+n, "", unix.MS_BIND, ""); err != nil {
			return step("bind /dev/"+n, err)
		}
	}
	for n, target := range map[string]string{"fd": "/proc/self/fd", "stdin": "/proc/self/fd/0", "stdout": "/proc/self/fd/1", "stderr": "/proc/self/fd/2"} {
		if err := os.Symlink(target, dev+"/"+n); err != nil {
			return step("symlink /dev/"+n, err)
		}
	}
	if err := os.Mkdir(dev+"/shm", 0o755); err != nil {
		return step("mkdir /dev/shm", err)
	}
	if err := unix.Mount("sandbox-shm", dev+"/shm", "tmpfs", unix.MS_NOSUID|unix.MS_NODEV|unix.MS_NOEXEC, fmt.Sprintf("size=%d,nr_inodes=1024,mode=1777", cfg.ShmSize)); err != nil {
		return step("mount /dev/shm", err)
	}
	if err := unix.Mount("", dev, "", unix.MS_BIND|unix.MS_REMOUNT|unix.MS_RDONLY|unix.MS_NOSUID|unix.MS_NOEXEC, ""); err != nil {
		return step("remount /dev read-only", err)
	}
	return nil
}

// mountProc: a /proc showing only this PID namespace.
func mountProc(root string) error {
	if err := os.Mkdir(root+"/proc", 0o555); err != nil {
		return step("mkdir /proc", err)
	}
	if err := unix.Mount("proc", root+"/proc", "proc", unix.MS_NOSUID|unix.MS_NODEV|unix.MS_NOEXEC, ""); err != nil {
		return step("mount /proc", err)
	}
	return nil
}

// pivotInto switches to the new root, drops the host tree and makes the
// root read-only.
func pivotInto(root string) error {
	if err := unix.Chdir(root); err != nil {
		return step("chdir root", err)
	}
	if err := unix.PivotRoot(".", "."); err != nil {
		return step("pivot_root", err)
	}
	if err := unix.Unmount(".", unix.MNT_DETACH); err != nil {
		return step("detach old root", err)
	}
	if err := unix.Chdir("/"); err != nil {
		return step("chdir /", err)
	}
	if err := unix.Mount("", "/", "", unix.MS_BIND|unix.MS_REMOUNT|unix.MS_RDONLY|unix.MS_NOSUID|unix.MS_NODEV, ""); err != nil {
		return step("remount root read-only", err)
	}
	return nil
}

// exposeReadOnly makes host path p visible at root+p: symlinks are copied,
// directories and files bound read-only. Missing paths are skipped.
func exposeReadOnly(root, p string) error {
	st, err := os.Lstat(p)
	if err != nil {
		return nil
	}
	dst := root + p
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return step("mkdir "+p, err)
	}
	if st.Mode()&os.ModeSymlink != 0 {
		target, err := os.Readlink(p)
		if err != nil {
			return step("readlink "+p, err)
		}
		return step("symlink "+p, os.Symlink(target, dst))
	}
	if st.IsDir() {
		err = os.Mkdir(dst, 0o755)
	} else {
		err = os.WriteFile(dst, nil, 0o644)
	}
	if err != nil && !os.IsExist(err) {
		return step("mkdir "+p, err)
	}
	if err := unix.Mount(p, dst, "", unix.MS_BIND|unix.MS_REC, ""); err != nil {
		return step("bind "+p, err)
	}
	// Keep the flags the kernel may have locked (user namespaces), add
	// read-only, nosuid and nodev.
	flags := uintptr(unix.MS_BIND | unix.MS_REMOUNT | unix.MS_RDONLY | unix.MS_NOSUID | unix.MS_NODEV)
	var sfs unix.Statfs_t
	if unix.Statfs(dst, &sfs) == nil {
		flags |= uintptr(sfs.Flags) & (unix.MS_NOEXEC | unix.MS_NOATIME | unix.MS_NODIRATIME | unix.MS_RELATIME)
	}
	if err := unix.Mount("", dst, "", flags, ""); err != nil {
		return step("remount "+p+" read-only", err)
	}
	return nil
}
