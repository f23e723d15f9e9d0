package jsonl

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"sync"
)

// umask reads the process umask once from /proc/self/status (setting it, the
// portable way to read it, would race with files other goroutines create);
// 022 when it cannot be read.
var umask = sync.OnceValue(func() uint32 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0o022
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "Umask:"); ok {
			if m, err := strconv.ParseUint(strings.TrimSpace(v), 8, 32); err == nil {
				return uint32(m)
			}
		}
	}
	return 0o022
})
