package jsonl

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// Temporary outputs are named ".BASE.tmp-PID-RANDOM" beside BASE, and the
// process writing one holds an exclusive flock on it for as long as it lives.
// A run killed with SIGKILL cannot remove its temporary, so the next run
// writing the same BASE removes the ones it can prove abandoned: the owner's
// pid is gone (kill(pid, 0) says ESRCH) and nobody holds the lock. Either test
// alone could be fooled (a pid from another PID namespace sharing the
// directory; the instant between creating a temporary and locking it); both
// together never remove a temporary a live process is writing.

// tempPrefix is the name every temporary of base starts with.
func tempPrefix(base string) string { return "." + base + ".tmp-" }

// tempPattern is the os.CreateTemp pattern of this process's temporaries.
func tempPattern(base string) string {
	return tempPrefix(base) + strconv.Itoa(os.Getpid()) + "-*"
}

// tempOwner parses the owning pid out of a temporary's name; ok is false for
// names that are not one of base's temporaries. suffix is what follows the
// random part (".old" for a directory set aside during a swap).
func tempOwner(name, base string) (pid int, suffix string, ok bool) {
	rest, found := strings.CutPrefix(name, tempPrefix(base))
	if !found {
		return 0, "", false
	}
	pidText, random, found := strings.Cut(rest, "-")
	if !found {
		return 0, "", false
	}
	pid, err := strconv.Atoi(pidText)
	if err != nil || pid <= 0 {
		return 0, "", false
	}
	suffix = strings.TrimLeft(random, "0123456789")
	if len(suffix) == len(random) {
		return 0, "", false // no random part: not a name we make
	}
	return pid, suffix, true
}

// pidAlive is false only when the kernel says there is no such process;
// EPERM means it exists under another user.
func pidAlive(pid int) bool {
	return !errors.Is(unix.Kill(pid, 0), unix.ESRCH)
}

// lock takes the exclusive flock that marks f as being written. It fails
// only on filesystems without flock, and then the pid test alone guards.
func lock(f *os.File) {
	unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
}

// unlocked reports whether nobody holds the flock on path (and so no live
// process is writing it). A file that cannot be opened counts as locked.
func unlocked(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	err = unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
	return err == nil || errors.Is(err, unix.ENOLCK) || errors.Is(err, unix.EOPNOTSUPP)
}

// RemoveStaleTemps removes the temporaries that killed runs left beside
// target (a file or a directory) and returns the names it removed. A
// directory set aside during a swap (".old") whose target is missing is
// the previous output: it is put back instead of removed. Errors are
// ignored: cleaning up is best effort and never stops a run.
func RemoveStaleTemps(target string) []string {
	dir, base := filepath.Split(filepath.Clean(target))
	if dir == "" {
		dir = "."
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var removed []string
	for _, e := range ents {
		pid, suffix, ok := tempOwner(e.Name(), base)
		if !ok || pid == os.Getpid() || pidAlive(pid) {
			continue
		}
		path := filepath.Join(dir, e.Name())
		switch suffix {
		case "":
			if !unlocked(path) {
				continue
			}
		case ".old":
			if _, err := os.Lstat(target); errors.Is(err, os.ErrNotExist) {
				os.Rename(path, target)
				continue
			}
		default:
			continue
		}
		if os.RemoveAll(path) == nil {
			removed = append(removed, path)
		}
	}
	return removed
}

// CreateTempDir makes a locked temporary directory beside target (callers
// run RemoveStaleTemps first). The returned file holds the lock: close it
// once the directory has been renamed or removed.
func CreateTempDir(target string) (string, *os.File, error) {
	dir, base := filepath.Split(filepath.Clean(target))
	if dir == "" {
		dir = "."
	}
	tmp, err := os.MkdirTemp(dir, tempPattern(base))
	if err != nil {
		return "", nil, err
	}
	d, err := os.Open(tmp)
	if err != nil {
		os.Remove(tmp)
		return "", nil, err
	}
	lock(d)
	return tmp, d, nil
}
