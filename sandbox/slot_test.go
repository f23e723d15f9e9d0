//go:build linux

package sandbox

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestSlotCleanup(t *testing.T) {
	p, why := newCgroupParent()
	if p.mode != cgroupV1 {
		t.Skip(why)
	}
	rc, err := p.newRun(DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("slot %v dirs %v", rc.slot != nil, rc.dirs)
	rc.remove()
	p.close()
	time.Sleep(50 * time.Millisecond)
	for _, d := range rc.dirs {
		if _, err := os.Stat(d); err == nil {
			b, _ := os.ReadFile(filepath.Join(d, "tasks"))
			t.Errorf("left %s tasks=%q", d, b)
		}
	}
	for c, d := range p.dirs {
		if _, err := os.Stat(d); err == nil && !p.flat[c] {
			t.Errorf("left parent %s", d)
		}
	}
}
