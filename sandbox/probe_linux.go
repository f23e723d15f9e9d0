package sandbox

import (
	"context"
	"errors"
	"os"
	"strings"
	"sync"
	"time"

	"golang.org/x/sys/unix"
)

var (
	probeOnce sync.Once
	probeCaps Capabilities
)

// Probe checks once per process what the kernel allows, by actually running
// /bin/true in a sandbox, and reports it.
func Probe() Capabilities {
	probeOnce.Do(func() { probeCaps = probe() })
	return probeCaps
}

func probe() Capabilities {
	c := Capabilities{Root: os.Geteuid() == 0, Seccomp: seccompSupported()}
	if v, _, errno := unix.Syscall(unix.SYS_LANDLOCK_CREATE_RULESET, 0, 0, unix.LANDLOCK_CREATE_RULESET_VERSION); errno == 0 {
		c.Landlock = int(v)
	}
	var reasons []string
	cg, why := newCgroupParent()
	c.Cgroups = cg.mode.String()
	if why != "" && cg.mode == cgroupNone {
		reasons = append(reasons, "cgroups: "+why)
	}
	tryRun := func(cg *cgroupParent) error {
		r := &Runner{isolate: true, userNS: !c.Root, self: "/proc/self/exe", cg: cg, seccomp: c.Seccomp}
		if c.Root {
			r.uids = newUIDPool()
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		res, err := r.Run(ctx, Spec{Argv: []string{"true"}, Limits: Limits{Wall: 10 * time.Second}})
		if err == nil && !res.OK() {
			err = errors.New("probe run failed: " + res.Reason + ": " + string(res.Stderr))
		}
		return err
	}
	err := tryRun(cg)
	cg.close()
	var se *SetupError
	if err != nil && cg.mode != cgroupNone && errors.As(err, &se) && se.Step == "cgroup" {
		// The groups cannot be used after all: isolate without them.
		reasons = append(reasons, "cgroups: "+err.Error())
		c.Cgroups = cgroupNone.String()
		err = tryRun(nil)
	}
	if err != nil {
		reasons = append(reasons, "namespaces: "+err.Error())
	} else {
		c.Isolation, c.UserNS = true, !c.Root
	}
	c.Reason = strings.Join(reasons, "; ")
	return c
}
