package jsonl

import (
	"bufio"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

func TestTempOwner(t *testing.T) {
	cases := []struct {
		name   string
		pid    int
		suffix string
		ok     bool
	}{
		{".out.jsonl.tmp-123-456", 123, "", true},
		{".out.jsonl.tmp-123-456.old", 123, ".old", true},
		{".out.jsonl.tmp-123-", 0, "", false},          // no random part
		{".out.jsonl.tmp-4567", 0, "", false},          // the old pid-less naming: never touched
		{".out.jsonl.tmp-x-1", 0, "", false},           // not a pid
		{".out.jsonl.tmp-0-1", 0, "", false},           // pid 0 is no process
		{".other.jsonl.tmp-1-2", 0, "", false},         // another target's
		{"out.jsonl", 0, "", false},                    // the target itself
		{".out.jsonl.tmp-12-34.bak", 12, ".bak", true}, // parsed, but RemoveStaleTemps skips unknown suffixes
	}
	for _, c := range cases {
		pid, suffix, ok := tempOwner(c.name, "out.jsonl")
		if pid != c.pid || suffix != c.suffix || ok != c.ok {
			t.Errorf("%s: got %d %q %v, want %d %q %v", c.name, pid, suffix, ok, c.pid, c.suffix, c.ok)
		}
	}
}

// writeAndCommit writes one line to path through the atomic writer.
func writeAndCommit(t *testing.T, path, line string) {
	t.Helper()
	w, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if err := w.WriteLine([]byte(line)); err != nil {
		t.Fatal(err)
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
}

func TestWriterKeepsDevice(t *testing.T) {
	dev := filepath.Join(t.TempDir(), "null")
	// 1:3 is the null device: writes vanish, so the test touches nothing real.
	if err := unix.Mknod(dev, unix.S_IFCHR|0o666, int(unix.Mkdev(1, 3))); err != nil {
		t.Skipf("mknod not permitted here: %v", err)
	}
	writeAndCommit(t, dev, `{"a":1}`)
	if err := WriteFileAtomic(dev, []byte("report\n")); err != nil {
		t.Fatal(err)
	}
	f, err := CreateFile(dev, nil, false) // discarded: the device is closed, not removed
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	st, err := os.Stat(dev)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode()&os.ModeCharDevice == 0 {
		t.Fatalf("%s is now %v, not a character device", dev, st.Mode())
	}
	if ents, _ := os.ReadDir(filepath.Dir(dev)); len(ents) != 1 {
		t.Errorf("left beside the device: %v", ents)
	}
}

func TestWriterKeepsFIFO(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "pipe")
	if err := unix.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	got := make(chan string, 1)
	go func() {
		f, err := os.Open(fifo) // blocks until the writer opens it
		if err != nil {
			got <- err.Error()
			return
		}
		defer f.Close()
		b, _ := io.ReadAll(f)
		got <- string(b)
	}()
	writeAndCommit(t, fifo, `{"a":1}`)
	select {
	case s := <-got:
		if s != "{\"a\":1}\n" {
			t.Errorf("read from the FIFO: %q", s)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the FIFO's reader got no end of file: the writer did not close it")
	}
	if st, err := os.Stat(fifo); err != nil || st.Mode()&os.ModeNamedPipe == 0 {
		t.Fatalf("%s is no longer a FIFO: %v %v", fifo, st, err)
	}
}

func TestWriterSymlinkAndDirectory(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real.jsonl")
	link := filepath.Join(dir, "link.jsonl")
	if err := os.WriteFile(real, []byte("old\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("real.jsonl", link); err != nil {
		t.Fatal(err)
	}
	writeAndCommit(t, link, "new")
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the symlink was replaced: %v %v", st, err)
	}
	if b, _ := os.ReadFile(real); string(b) != "new\n" {
		t.Errorf("target holds %q", b)
	}
	if _, err := Create(dir); err == nil || !strings.Contains(err.Error(), "is a directory") {
		t.Errorf("a directory as output: %v", err)
	}
}

// TestHelperWriter is not a test: TestStaleTempsOfKilledRuns runs the test
// binary with GRPODATA_HELPER_TARGET set to make it a writer that starts an
// output, says "ready" and waits to be killed.
func TestHelperWriter(t *testing.T) {
	target := os.Getenv("GRPODATA_HELPER_TARGET")
	if target == "" {
		t.Skip("helper process only")
	}
	w, err := Create(target)
	if err != nil {
		t.Fatal(err)
	}
	w.WriteLine([]byte(strings.Repeat("x", 1<<20)))
	w.f.bw.Flush() // the bytes reach the temporary, as in a long run
	os.Stdout.WriteString("ready\n")
	time.Sleep(time.Minute)
}

func startWriter(t *testing.T, target string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperWriter$")
	cmd.Env = append(os.Environ(), "GRPODATA_HELPER_TARGET="+target)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || line != "ready\n" {
		t.Fatalf("helper: %q %v", line, err)
	}
	return cmd
}

func tempsOf(t *testing.T, target string, pid int) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(filepath.Dir(target), tempPrefix(filepath.Base(target))+strconv.Itoa(pid)+"-*"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestStaleTempsOfKilledRuns(t *testing.T) {
	target := filepath.Join(t.TempDir(), "out.jsonl")
	killed := startWriter(t, target)
	live := startWriter(t, target)
	if n := len(tempsOf(t, target, killed.Process.Pid)); n != 1 {
		t.Fatalf("the killed writer has %d temporaries, want 1", n)
	}
	if err := killed.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	killed.Wait()
	if n := len(tempsOf(t, target, killed.Process.Pid)); n != 1 {
		t.Fatalf("after kill -9: %d temporaries, want the 1 it could not remove", n)
	}

	writeAndCommit(t, target, "rerun")

	if left := tempsOf(t, target, killed.Process.Pid); len(left) != 0 {
		t.Errorf("the rerun kept the killed run's temporary %v", left)
	}
	if n := len(tempsOf(t, target, live.Process.Pid)); n != 1 {
		t.Errorf("the rerun removed the temporary of a live writer (%d left)", n)
	}
	if b, _ := os.ReadFile(target); string(b) != "rerun\n" {
		t.Errorf("output %q", b)
	}
}

func TestStaleTempsSkipLockedAndRestoreSetAside(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "batches")
	dead := deadPid(t)
	prefix := filepath.Join(dir, tempPrefix("batches")+strconv.Itoa(dead))
	// A dead pid but a held lock (a writer in another PID namespace): kept.
	held, err := os.Create(prefix + "-1")
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	lock(held)
	// A swap killed between its two renames: the previous output comes back.
	if err := os.MkdirAll(prefix+"-2.old", 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(prefix+"-2.old/manifest.json", []byte("{}\n"), 0o644)
	if err := os.Mkdir(prefix+"-3", 0o755); err != nil { // an abandoned build: removed
		t.Fatal(err)
	}
	removed := RemoveStaleTemps(target)
	if len(removed) != 1 || removed[0] != prefix+"-3" {
		t.Errorf("removed %v", removed)
	}
	if _, err := os.Stat(prefix + "-1"); err != nil {
		t.Errorf("a locked temporary was removed: %v", err)
	}
	if _, err := os.Stat(filepath.Join(target, "manifest.json")); err != nil {
		t.Errorf("the set-aside output was not put back: %v", err)
	}
}

// deadPid returns the pid of a process that has exited.
func deadPid(t *testing.T) int {
	t.Helper()
	cmd := exec.Command("/bin/true")
	if err := cmd.Run(); err != nil {
		t.Skip(err)
	}
	pid := cmd.Process.Pid
	if !errors.Is(unix.Kill(pid, 0), unix.ESRCH) {
		t.Skip("pid reused already")
	}
	return pid
}

// TestWriterFileDescriptorNames: /dev/stdout is "-", and a descriptor's name
// such as /proc/self/fd/N (what a shell's >> gives a program as
// /dev/fd/N) is appended to, never replaced: replacing it would lose what
// the file held.
func TestWriterFileDescriptorNames(t *testing.T) {
	var stdout strings.Builder
	w, err := CreateTo("/dev/stdout", &stdout)
	if err != nil {
		t.Fatal(err)
	}
	w.WriteLine([]byte("to stdout"))
	if err := w.Commit(); err != nil || stdout.String() != "to stdout\n" {
		t.Errorf("/dev/stdout: %q %v", stdout.String(), err)
	}

	log := filepath.Join(t.TempDir(), "all.jsonl")
	if err := os.WriteFile(log, []byte("old\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	held, err := os.OpenFile(log, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	before, _ := os.Stat(log)
	writeAndCommit(t, "/proc/self/fd/"+strconv.Itoa(int(held.Fd())), "new")
	after, _ := os.Stat(log)
	if b, _ := os.ReadFile(log); string(b) != "old\nnew\n" || !os.SameFile(before, after) {
		t.Errorf("the file behind the descriptor holds %q (same file: %v)", b, os.SameFile(before, after))
	}
}
