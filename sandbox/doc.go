// Package sandbox runs untrusted programs (typically model-written Python)
// isolated from the host and from each other, with bounded resources.
//
// It knows nothing about tests or records: a caller describes one execution
// as a [Spec] (argv, files for a private temp dir, stdin, [Limits]) and gets a
// [Result] back. The child misbehaving (timeout, crash, out of memory, flood of
// output) is a Result; only infrastructure failures are errors.
//
// # How isolation works
//
// [Runner.Run] re-executes the current binary (/proc/self/exe) as a small
// helper, recognised by an environment marker in this package's init (see
// [Main]), inside fresh PID, mount and IPC namespaces, network and UTS
// namespaces of its own (per run, or per slot: see below) and, when not
// root, a user namespace; in a new session, with an environment that holds
// only the marker. The helper, still privileged inside its namespaces:
//
//   - runs in its own cgroups, so memory.limit_in_bytes / memory.max and
//     pids.max bound the whole process tree, tmpfs pages included; where the
//     v1 cpu and cpuacct controllers are writable, a cpu group also caps the
//     run at one CPU, weighing like one ordinary task (a fork bomb cannot
//     starve neighbouring runs), and cpuacct measures the tree's CPU time.
//     With cgroup v1 the groups are reusable "slots": each holds one locked
//     OS thread of the parent, runs are forked from that thread and so are
//     born in the groups (joining one costs an RCU grace period per run);
//     the slot thread also holds an empty network namespace the runs share
//     one after the other. The kernel OOM killer is off in a slot's memory
//     group (it could pick the parent); on the group's OOM event the parent
//     kills the group's biggest process itself. With v2 the helper
//     joins fresh per-run groups;
//   - builds a new root on a tmpfs: /usr, /bin, /sbin, /lib* bound
//     read-only, a synthetic /etc (passwd, group, hosts, ld.so.cache), a
//     read-only /dev with null, zero, full, random, urandom and a size-capped
//     /dev/shm, a fresh /proc, and a size-capped writable /tmp holding the
//     Spec's files (the working directory); then pivot_roots into it and
//     detaches the host tree, so no /root, /home or project file is
//     reachable;
//   - as root, drops to an unprivileged uid taken from a per-Runner pool, so
//     RLIMIT_NPROC and signal permissions are per run and nothing of the
//     host (such as /etc/shadow) would be readable even if it were mounted;
//     without root, it runs as the caller's uid mapped into the user
//     namespace and clears the ambient CAP_SYS_ADMIN it was given for setup;
//   - sets rlimits (CPU, file size, open files, processes, core, address
//     space: generous with a memory cgroup, the memory limit without one),
//     a parent-death signal, a seccomp filter (no ptrace, mount, namespaces,
//     bpf, keyrings, io_uring, kernel modules, ...), marks every inherited
//     descriptor close-on-exec, and execs the program as PID 1 of its
//     namespace. Rlimits are set last, with nothing allocated after them.
//
// The network namespace has no interfaces up, so every connect fails with
// "network unreachable", loopback included; runs going on at the same time
// never share one (nor abstract unix sockets, nor SysV IPC). When PID 1 exits or is killed the
// kernel kills every other process of the namespace, and the parent's wait
// returns only once they are all gone, so nothing outlives a run. The tmpfs
// mounts vanish with the mount namespace.
//
// Output is captured with bounded buffers (head and tail of each stream, the
// middle counted and discarded), so the caller's memory does not grow with
// what the program prints; the wall-time limit bounds how long it may try.
//
// [Probe] reports what the kernel allows (it runs /bin/true sandboxed once).
// [NewRunner] refuses to build a Runner without isolation unless
// [Options].Unsafe is set (the CLI's --unsafe-no-sandbox); an unsafe Runner
// still applies rlimits, cgroups (when available), a new session, an empty
// environment and a private temp dir, but shares the host's filesystem,
// network and users. [Python] finds a real interpreter (not a pyenv shim).
//
// Programs that use this package must let the helper run before anything
// else: importing the package is enough (its init handles the marker), and
// main functions may call [Main] first to make that explicit.
package sandbox
