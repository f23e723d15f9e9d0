package plugin

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/grpodata/grpodata/verify"
)

// maxLine bounds one answer line; a longer one is not the protocol's.
const maxLine = 1 << 20

// slot is one worker's copy of the program, started again when it dies.
type slot struct {
	argv     []string
	mu       sync.Mutex
	cur      *proc
	failures int          // deaths in a row without an answer
	inHand   atomic.Int64 // responses sent to this copy and not yet answered
}

// live returns the running copy, starting one when there is none.
func (s *slot) live() (*proc, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cur != nil && !s.cur.isDead() {
		return s.cur, nil
	}
	if s.cur != nil && !s.cur.counted {
		s.cur.counted = true
		if s.cur.answered.Load() {
			s.failures = 0
		} else {
			s.failures++
		}
	}
	if s.failures >= maxFailures {
		return nil, fmt.Errorf("plugin not restarted after %d failures in a row; the last: %s", s.failures, s.cur.why)
	}
	p, err := start(s.argv)
	if err != nil {
		return nil, err
	}
	s.cur = p
	return p, nil
}

// fresh reports a copy that has not answered yet (or none running).
func (s *slot) fresh() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cur == nil || s.cur.isDead() || !s.cur.answered.Load()
}

// ask sends one request line and waits for its answer.
func (s *slot) ask(ctx context.Context, k key, line []byte) verify.Verdict {
	p, err := s.live()
	if err != nil {
		return verify.Undecided("", err.Error())
	}
	return p.ask(ctx, k, line)
}

// close ends the copy: EOF on its stdin, then a kill if it lingers.
func (s *slot) close() {
	s.mu.Lock()
	p := s.cur
	s.mu.Unlock()
	if p == nil {
		return
	}
	p.stdin.Close()
	select {
	case <-p.reaped:
	case <-time.After(3 * time.Second):
		p.die("closed")
		<-p.reaped
	}
}

// proc is one running copy of the program.
type proc struct {
	cmd    *exec.Cmd
	stdin  *os.File
	stderr *tail
	wmu    sync.Mutex // one request line at a time on stdin

	mu      sync.Mutex
	pending map[key]*waiter

	killMu   sync.Mutex
	killed   bool // the group was sent SIGKILL (never again: after the reap the id may be reused)
	dieOnce  sync.Once
	why      string        // why it died; set before dead is closed
	dead     chan struct{} // closed when it died or was killed
	reaped   chan struct{} // closed once the process was waited for
	answered atomic.Bool   // it answered at least once
	sent     atomic.Int64  // request lines written whole
	counted  bool          // its death was counted by its slot (slot.mu)
}

// waiter is a request in hand.
type waiter struct {
	answer chan verify.Verdict // gets the answer (buffered)
	gone   chan struct{}       // closed when the request is no longer in hand
}

// start runs the program in a process group of its own (so a kill reaches
// what it started) with a pipe on stdin whose writes can time out.
func start(argv []string) (*proc, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	p := &proc{stdin: w, stderr: &tail{}, pending: map[key]*waiter{}, dead: make(chan struct{}), reaped: make(chan struct{})}
	p.cmd = exec.Command(argv[0], argv[1:]...)
	p.cmd.Stdin, p.cmd.Stderr = r, p.stderr
	p.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	p.cmd.WaitDelay = time.Second
	out, err := p.cmd.StdoutPipe()
	if err == nil {
		err = p.cmd.Start()
	}
	r.Close()
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("exec:%s: %w", argv[0], err)
	}
	go p.read(out)
	return p, nil
}

func (p *proc) isDead() bool {
	select {
	case <-p.dead:
		return true
	default:
		return false
	}
}

// die records why the copy is done and kills its process group; the
// first reason stands.
func (p *proc) die(why string) {
	p.dieOnce.Do(func() {
		p.why = why
		close(p.dead)
		p.killGroup()
		p.stdin.Close()
	})
}

// killGroup kills the program and what it started, once; read calls it
// before reaping, so no signal is sent to an id that was given back.
func (p *proc) killGroup() {
	p.killMu.Lock()
	defer p.killMu.Unlock()
	if !p.killed {
		p.killed = true
		syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
	}
}

// read delivers the program's answers until its stdout ends, then reaps it.
func (p *proc) read(out io.Reader) {
	br := bufio.NewReaderSize(out, 64<<10)
	for {
		line, err := readLine(br)
		if len(bytes.TrimSpace(line)) > 0 {
			if why := p.deliver(line); why != "" {
				p.die(why)
			}
		}
		if err != nil {
			if errors.Is(err, errLong) {
				p.die("plugin wrote a line over 1 MiB")
			}
			break
		}
	}
	p.killGroup() // its stdout is gone: it can answer nothing more
	io.Copy(io.Discard, out)
	err := p.cmd.Wait()
	p.die(p.exitReason(err))
	close(p.reaped)
}

func (p *proc) exitReason(err error) string {
	why := "plugin exited"
	if err != nil {
		why += " (" + err.Error() + ")"
	}
	if last := p.stderr.last(); last != "" {
		why += ": " + last
	}
	return why
}

var errLong = errors.New("line too long")

// readLine reads one line of at most maxLine bytes.
func readLine(br *bufio.Reader) ([]byte, error) {
	var line []byte
	for {
		chunk, err := br.ReadSlice('\n')
		line = append(line, chunk...)
		if len(line) > maxLine {
			return nil, errLong
		}
		if err != bufio.ErrBufferFull {
			return line, err
		}
	}
}

// deliver hands an answer to its request; the reason is non-empty when the
// line breaks the protocol.
func (p *proc) deliver(line []byte) string {
	k, d, ok := parseAnswer(line)
	if !ok {
		return "plugin wrote a line that is not an answer: " + clip(string(line))
	}
	p.mu.Lock()
	w := p.pending[k]
	if w != nil {
		delete(p.pending, k)
		close(w.gone)
	}
	p.mu.Unlock()
	if w == nil {
		return fmt.Sprintf("plugin answered a request it was not sent (id %q, index %d)", k.id, k.index)
	}
	p.answered.Store(true)
	w.answer <- d
	return ""
}

// ask sends the line and waits for the answer, the copy's death or the
// end of the budget (the copy is then killed: it hangs).
func (p *proc) ask(ctx context.Context, k key, line []byte) verify.Verdict {
	w, why := p.enqueue(ctx, k)
	if w == nil {
		return verify.Undecided("", why)
	}
	if err := p.write(ctx, line); err != nil {
		p.drop(k, w)
		if ctx.Err() != nil {
			p.die("plugin restarted: it stopped reading its input")
			return verify.Undecided("", "timeout: the plugin did not read its input within the response's budget (restarted)")
		}
		return verify.Undecided("", p.whenDead("plugin stopped reading its input: "+err.Error()))
	}
	select {
	case d := <-w.answer:
		return d
	case <-p.dead:
		p.drop(k, w)
		return verify.Undecided("", p.why)
	case <-ctx.Done():
		p.drop(k, w)
		p.die("plugin restarted: a response got no answer within its budget")
		return verify.Undecided("", "timeout: the plugin gave no answer within the response's budget (restarted)")
	}
}

// write sends one line whole, within ctx's deadline.
func (p *proc) write(ctx context.Context, line []byte) error {
	p.wmu.Lock()
	defer p.wmu.Unlock()
	if dl, ok := ctx.Deadline(); ok {
		p.stdin.SetWriteDeadline(dl)
	} else {
		p.stdin.SetWriteDeadline(time.Time{})
	}
	_, err := p.stdin.Write(line)
	if err == nil {
		p.sent.Add(1)
	}
	return err
}

// whenDead is the copy's reason for dying when it is dead, else why.
func (p *proc) whenDead(why string) string {
	select {
	case <-p.dead:
		return p.why
	case <-time.After(100 * time.Millisecond): // an exit being reaped gives the better reason
		if p.isDead() {
			return p.why
		}
		return why
	}
}

// enqueue puts a request in hand, waiting while another request with the
// same key is (duplicate records).
func (p *proc) enqueue(ctx context.Context, k key) (*waiter, string) {
	for {
		p.mu.Lock()
		other := p.pending[k]
		if other == nil {
			w := &waiter{answer: make(chan verify.Verdict, 1), gone: make(chan struct{})}
			p.pending[k] = w
			p.mu.Unlock()
			return w, ""
		}
		p.mu.Unlock()
		select {
		case <-other.gone:
		case <-p.dead:
			return nil, p.why
		case <-ctx.Done():
			return nil, "timeout"
		}
	}
}

// drop takes a request out of hand.
func (p *proc) drop(k key, w *waiter) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.pending[k] == w {
		delete(p.pending, k)
		close(w.gone)
	}
}

// tail keeps the last bytes the program wrote on stderr.
type tail struct {
	mu  sync.Mutex
	buf []byte
}

const tailBytes = 4 << 10

func (t *tail) Write(b []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, b...)
	if len(t.buf) > tailBytes {
		t.buf = append(t.buf[:0], t.buf[len(t.buf)-tailBytes:]...)
	}
	return len(b), nil
}

// last is the last non-empty line written, clipped.
func (t *tail) last() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	lines := strings.Split(strings.TrimSpace(string(t.buf)), "\n")
	return clip(lines[len(lines)-1])
}
