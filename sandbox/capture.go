package sandbox

import (
	"fmt"
	"io"
)

// capture keeps at most limit bytes of a stream: a head and a tail ring,
// counting (and discarding) everything in between, so memory never grows
// with what the program prints.
type capture struct {
	limit   int64
	head    []byte
	tail    []byte // ring buffer of capacity tailCap once the head is full
	tailCap int
	tailPos int // next write position in tail when len(tail) == tailCap
	total   int64
}

func newCapture(limit int64) *capture {
	if limit < 0 {
		limit = 0
	}
	tailCap := int(limit / 4)
	if tailCap > 16<<10 {
		tailCap = 16 << 10
	}
	return &capture{limit: limit, tailCap: tailCap}
}

func (c *capture) headCap() int { return int(c.limit) - c.tailCap }

// Write implements io.Writer and never fails.
func (c *capture) Write(p []byte) (int, error) {
	n := len(p)
	c.total += int64(n)
	if room := c.headCap() - len(c.head); room > 0 {
		k := min(room, len(p))
		c.head = append(c.head, p[:k]...)
		p = p[k:]
	}
	if len(p) == 0 || c.tailCap == 0 {
		return n, nil
	}
	if len(p) >= c.tailCap {
		c.tail = append(c.tail[:0], p[len(p)-c.tailCap:]...)
		c.tailPos = 0
		return n, nil
	}
	for len(p) > 0 {
		if len(c.tail) < c.tailCap {
			k := min(c.tailCap-len(c.tail), len(p))
			c.tail = append(c.tail, p[:k]...)
			p = p[k:]
			continue
		}
		k := copy(c.tail[c.tailPos:], p)
		c.tailPos = (c.tailPos + k) % c.tailCap
		p = p[k:]
	}
	return n, nil
}

// truncated reports whether bytes were dropped.
func (c *capture) truncated() bool { return c.total > c.limit }

// bytes returns the kept output: everything when it fit, else head, a marker
// and tail.
func (c *capture) bytes() []byte {
	tail := c.tail
	if len(tail) == c.tailCap && c.tailPos != 0 {
		tail = append(append([]byte{}, tail[c.tailPos:]...), tail[:c.tailPos]...)
	}
	if !c.truncated() {
		return append(append([]byte{}, c.head...), tail...)
	}
	dropped := c.total - int64(len(c.head)) - int64(len(tail))
	out := make([]byte, 0, len(c.head)+len(tail)+48)
	out = append(out, c.head...)
	out = fmt.Appendf(out, "\n[... %d bytes omitted ...]\n", dropped)
	return append(out, tail...)
}

// drain copies r into c with a fixed buffer until EOF or error.
func drain(r io.Reader, c *capture) {
	buf := make([]byte, 32<<10)
	for {
		n, err := r.Read(buf)
		if n > 0 {
			_, _ = c.Write(buf[:n])
		}
		if err != nil {
			return
		}
	}
}
