package cli

import (
	"strings"
	"testing"
	"time"

	"github.com/grpodata/grpodata/jsonl"
)

func TestProgressLine(t *testing.T) {
	cases := []struct {
		pr      jsonl.Progress
		elapsed time.Duration
		want    string
	}{
		{jsonl.Progress{File: "in.jsonl", Records: 1000, BytesRead: 25, BytesTotal: 100}, 10 * time.Second,
			"verify: in.jsonl 25% (1000 records, 100/s, ETA 30s)"},
		{jsonl.Progress{File: "<stdin>", Records: 50}, 5 * time.Second, "verify: <stdin> (50 records, 10/s)"},
		{jsonl.Progress{File: "in.jsonl", Records: 9, BytesRead: 100, BytesTotal: 100}, 0, "verify: in.jsonl 100% (9 records)"},
	}
	for _, c := range cases {
		if got := progressLine("verify", c.pr, c.elapsed); got != c.want {
			t.Errorf("progressLine = %q, want %q", got, c.want)
		}
	}
}

// Off a terminal, a plain line at most every 5 s of the (injected) clock.
func TestRecordProgressPlainLines(t *testing.T) {
	var b strings.Builder
	clock := time.Unix(0, 0)
	p := newRecordProgress(&b, "filter")
	p.now = func() time.Time { return clock }
	p.start, p.last = clock, clock
	for i := range 12 {
		clock = clock.Add(time.Second)
		p.report(jsonl.Progress{File: "x", Records: int64(i)})
	}
	p.done()
	if n := strings.Count(b.String(), "\n"); n != 2 || strings.Contains(b.String(), "\r") {
		t.Errorf("%d lines in 12 s:\n%q", n, b.String())
	}
}
