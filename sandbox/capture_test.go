package sandbox

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

func TestCapture(t *testing.T) {
	cases := []struct {
		name   string
		limit  int64
		writes []string
		want   string
		trunc  bool
	}{
		{"empty", 16, nil, "", false},
		{"fits", 16, []string{"hello ", "world"}, "hello world", false},
		{"exactly the limit", 8, []string{"abcdefgh"}, "abcdefgh", false},
		{"head and tail", 8, []string{"abcdefghijkl"}, "abcdef\n[... 4 bytes omitted ...]\nkl", true},
		{"tail across writes", 8, []string{"abcdef", "ghi", "jk", "l"}, "abcdef\n[... 4 bytes omitted ...]\nkl", true},
		{"zero limit", 0, []string{"abc"}, "\n[... 3 bytes omitted ...]\n", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := newCapture(tc.limit)
			for _, w := range tc.writes {
				if n, err := c.Write([]byte(w)); n != len(w) || err != nil {
					t.Fatalf("Write = %d, %v", n, err)
				}
			}
			if got := string(c.bytes()); got != tc.want {
				t.Errorf("bytes = %q, want %q", got, tc.want)
			}
			if c.truncated() != tc.trunc {
				t.Errorf("truncated = %v, want %v", c.truncated(), tc.trunc)
			}
		})
	}
}

// Memory stays bounded however much is written, and the tail is the end of
// the stream.
func TestCaptureBounded(t *testing.T) {
	c := newCapture(64 << 10)
	chunk := bytes.Repeat([]byte("0123456789"), 3277)
	var total int64
	for i := 0; i < 3000; i++ {
		c.Write(chunk)
		total += int64(len(chunk))
	}
	c.Write([]byte("THE END"))
	total += 7
	if cap(c.head) > 64<<10 || cap(c.tail) > 64<<10 {
		t.Fatalf("buffers grew: head %d tail %d", cap(c.head), cap(c.tail))
	}
	out := c.bytes()
	if !bytes.HasSuffix(out, []byte("THE END")) || c.total != total {
		t.Errorf("tail lost: %q... total %d", out[len(out)-20:], c.total)
	}
	if len(out) > 64<<10+64 {
		t.Errorf("kept %d bytes", len(out))
	}
	if !strings.Contains(string(out), fmt.Sprintf("[... %d bytes omitted ...]", total-int64(len(c.head))-int64(c.tailCap))) {
		t.Errorf("marker missing")
	}
}

func TestValidFileName(t *testing.T) {
	for name, want := range map[string]bool{
		"main.py": true, "pkg/mod.py": true, "a/b/c.txt": true,
		"": false, "/etc/passwd": false, "../x": false, "a/../../x": false, "./x": false, ".": false, "a//b": false, "x\x00": false,
	} {
		if got := validFileName(name); got != want {
			t.Errorf("validFileName(%q) = %v, want %v", name, got, want)
		}
	}
}
