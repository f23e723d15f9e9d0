package cli

import (
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/grpodata/grpodata/jsonl"
)

// recordProgress shows how far a record stage is (jsonl.Progress from its
// parallel passes): on a terminal one line redrawn at most every 250 ms,
// otherwise a plain line every 5 s. done clears a redrawn line so the
// summary starts on a clean one.
type recordProgress struct {
	w     io.Writer
	stage string
	tty   bool
	every time.Duration
	now   func() time.Time

	mu    sync.Mutex
	start time.Time
	last  time.Time
	drawn bool
}

func newRecordProgress(w io.Writer, stage string) *recordProgress {
	p := &recordProgress{w: w, stage: stage, tty: isTerminal(w), every: 5 * time.Second, now: time.Now}
	if p.tty {
		p.every = 250 * time.Millisecond
	}
	p.start = p.now()
	p.last = p.start
	return p
}

func (p *recordProgress) report(pr jsonl.Progress) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	if now.Sub(p.last) < p.every {
		return
	}
	p.last = now
	line := progressLine(p.stage, pr, now.Sub(p.start))
	if p.tty {
		fmt.Fprintf(p.w, "\r%s\x1b[K", line)
		p.drawn = true
		return
	}
	fmt.Fprintln(p.w, line)
}

func (p *recordProgress) done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drawn {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.drawn = false
	}
}

// progressLine is "verify: in.jsonl 45% (12000 records, 800/s, ETA 1m20s)".
func progressLine(stage string, pr jsonl.Progress, elapsed time.Duration) string {
	s := fmt.Sprintf("%s: %s", stage, pr.File)
	if f := pr.Fraction(); f > 0 {
		s += fmt.Sprintf(" %.0f%%", 100*f)
	}
	s += fmt.Sprintf(" (%d records", pr.Records)
	if secs := elapsed.Seconds(); secs > 0 {
		s += fmt.Sprintf(", %.0f/s", float64(pr.Records)/secs)
	}
	if f := pr.Fraction(); f > 0 && f < 1 {
		eta := time.Duration(float64(elapsed) * (1 - f) / f)
		s += fmt.Sprintf(", ETA %s", eta.Round(time.Second))
	}
	return s + ")"
}
