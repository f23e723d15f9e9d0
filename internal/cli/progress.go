package cli

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/grpodata/grpodata/generate"
)

// isTerminal reports whether w is a terminal (then progress is a live bar,
// else a plain line every few seconds).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// liveBar draws generate's progress on a terminal: the share of the input
// read, prompts done and failed, responses and tokens per second, retries,
// the estimated time left and the estimated cost so far.
type liveBar struct {
	w                 io.Writer
	bar               *progressbar.ProgressBar
	priceIn, priceOut float64 // USD per million tokens
}

func (l *liveBar) update(p generate.Progress) {
	total := estimateTotal(p)
	if l.bar == nil {
		l.bar = progressbar.NewOptions64(total,
			progressbar.OptionSetWriter(l.w),
			progressbar.OptionSetWidth(24),
			progressbar.OptionShowCount(),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionSetElapsedTime(true),
			progressbar.OptionThrottle(200*time.Millisecond),
			progressbar.OptionShowDescriptionAtLineEnd(),
			progressbar.OptionUseANSICodes(true),
		)
	}
	done := p.Done + p.Failed
	if p.Total == 0 {
		done += p.Skipped // the estimate counts every prompt read
	}
	if p.Final {
		total = done
	}
	l.bar.ChangeMax64(total)
	l.bar.Describe(l.describe(p))
	l.bar.Set64(done)
	if p.Final {
		l.bar.Finish()
		fmt.Fprintln(l.w)
	}
}

// estimateTotal is the number of prompts the run has to do, counted before
// it started; for stdin, which cannot be counted ahead, a guess from those
// read so far and the share of the input read; -1 (a spinner) when nothing
// is known yet.
func estimateTotal(p generate.Progress) int64 {
	switch {
	case p.Total > 0:
		return p.Total
	case p.BytesTotal > 0 && p.BytesRead >= p.BytesTotal:
		return p.Read
	case p.BytesTotal > 0 && p.BytesRead > 0:
		return max(p.Read, p.Read*p.BytesTotal/p.BytesRead)
	case p.Read > 0:
		return p.Read
	}
	return -1
}

func (l *liveBar) describe(p generate.Progress) string {
	secs := p.Elapsed.Seconds()
	if secs <= 0 {
		secs = 1e-9
	}
	s := fmt.Sprintf("%d done, %d failed, %d in flight | %.1f resp/s, %.0f tok/s | %d retries",
		p.Done, p.Failed, p.InFlight, float64(p.Responses)/secs, float64(p.Usage.CompletionTokens)/secs, p.LLM.Retries)
	if l.priceIn > 0 || l.priceOut > 0 {
		cost := (float64(p.Usage.PromptTokens)*l.priceIn + float64(p.Usage.CompletionTokens)*l.priceOut) / 1e6
		s += fmt.Sprintf(" | $%.2f", cost)
	}
	return s
}
