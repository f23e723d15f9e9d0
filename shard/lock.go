package shard

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sync"
	"syscall"
	"time"
)

// A shard output is written by one process at a time: the lock file
// OUTPUT.lock, created exclusively, names its holder's pid and host, and
// the holder touches it every lockBeat. A lock is taken over when its
// holder is a dead process on this host, or when it has not been touched
// for lockStale (its holder died on another node of the cluster, where
// its pid cannot be looked up, and the scheduler requeued the shard here).
// O_EXCL file creation and mtimes are used, not flock, because shard
// outputs often live on NFS, where flock may not be shared between nodes.
const (
	lockBeat  = 10 * time.Second
	lockStale = 90 * time.Second
)

// lockHolder is the lock file's content.
type lockHolder struct {
	PID  int    `json:"pid"`
	Host string `json:"host"`
}

// LockPath is the lock file of a shard output.
func LockPath(output string) string { return output + ".lock" }

// ErrLocked is matched by the error for a shard output another live
// process is writing.
var ErrLocked = errors.New("locked")

// lockedError names who holds a lock; it matches ErrLocked.
type lockedError struct {
	output, lock string
	holder       lockHolder
}

func (e *lockedError) Error() string {
	return fmt.Sprintf("%s is being written by pid %d on %s (lock %s; a lock not refreshed for %s is taken over)",
		e.output, e.holder.PID, e.holder.Host, e.lock, lockStale)
}

func (e *lockedError) Is(target error) bool { return target == ErrLocked }

// Lock takes the lock of a shard output; release gives it back.
func Lock(output string) (release func(), err error) {
	path := LockPath(output)
	host, _ := os.Hostname()
	me, _ := json.Marshal(lockHolder{PID: os.Getpid(), Host: host})
	for try := 0; ; try++ {
		err := createExclusive(path, me)
		if err == nil {
			return heartbeat(path), nil
		}
		if !errors.Is(err, os.ErrExist) || try > 0 {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		holder, stale := staleLock(path, host)
		if !stale {
			return nil, &lockedError{output, path, holder}
		}
		os.Remove(path) // a dead holder's: take it over, once
	}
}

func createExclusive(path string, content []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(append(content, '\n'))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// staleLock reads a lock and says whether its holder is gone.
func staleLock(path, host string) (lockHolder, bool) {
	var h lockHolder
	st, err := os.Stat(path)
	if err != nil {
		return h, true // gone meanwhile
	}
	b, _ := os.ReadFile(path)
	if json.Unmarshal(b, &h) != nil {
		return h, time.Since(st.ModTime()) > lockStale // half-written: maybe just now
	}
	if h.Host == host && !alive(h.PID) {
		return h, true
	}
	return h, time.Since(st.ModTime()) > lockStale
}

// alive reports whether a local process exists (signal 0 checks without
// sending; EPERM means it exists under another user).
func alive(pid int) bool {
	if pid <= 0 {
		return false
	}
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// heartbeat touches the lock until released, then removes it.
func heartbeat(path string) func() {
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(lockBeat)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case now := <-t.C:
				os.Chtimes(path, now, now)
			}
		}
	}()
	var once sync.Once
	return func() {
		once.Do(func() {
			close(stop)
			wg.Wait()
			os.Remove(path)
		})
	}
}
