# grpodata code-verifier harness. It runs as PID 1 of a sandbox and never
# runs candidate code itself:
#
#   harness (PID 1, trusted): reads the job (tests, expected values) from
#       stdin, runs the tests, writes one JSON line per test to fd 3.
#   zygote: forked before the job is read, so it and every worker it forks
#       hold no test data; it only forks workers and reports their exits.
#   worker: closes fd 3, loads the candidate's code and answers calls over a
#       pipe; values cross as plain data (tagged JSON). Anything else stays in
#       the worker behind a handle.
#
# Assert tests and check(candidate) programs are executed by the harness
# against proxies of the candidate's functions, so the comparisons happen
# here, on plain values: the candidate cannot exit early with success,
# override assert, patch the checker, return an always-equal object or read
# the expected values. Stdin/stdout tests run the program in a fresh worker
# and compare its output here.
import base64
import json
import os
import select
import signal
import sys
import time

MAX_MSG = 8 << 20  # largest message from a worker
EXCERPT = 600  # characters of output or error kept per test

# ---------------------------------------------------------------- values


def encode(v, handles=None, depth=0):
    """Plain data to tagged JSON; anything else becomes a handle (worker)."""
    t = type(v)
    if depth > 200:
        raise ValueError("value nested too deeply")
    if v is None or t is bool or t is str:
        return v
    if t is int:
        return v if -(1 << 62) < v < (1 << 62) else {"i": str(v)}
    if t is float:
        return {"f": repr(v)}
    if t is list:
        return [encode(x, handles, depth + 1) for x in v]
    if t is tuple:
        return {"t": [encode(x, handles, depth + 1) for x in v]}
    if t is dict:
        return {"d": [[encode(k, handles, depth + 1), encode(x, handles, depth + 1)] for k, x in v.items()]}
    if t is set:
        return {"s": [encode(x, handles, depth + 1) for x in v]}
    if t is frozenset:
        return {"fs": [encode(x, handles, depth + 1) for x in v]}
    if t is bytes:
        return {"b": base64.b64encode(v).decode()}
    if t is bytearray:
        return {"ba": base64.b64encode(bytes(v)).decode()}
    if t is complex:
        return {"c": [repr(v.real), repr(v.imag)]}
    if t is range:
        return {"r": [v.start, v.stop, v.step]}
    if handles is None:
        raise TypeError("cannot send a %s to the candidate" % t.__name__)
    return handles(v)


def decode(v, remote=None):
    if v is None or isinstance(v, (bool, int, str)):
        return v
    if isinstance(v, list):
        return [decode(x, remote) for x in v]
    if not isinstance(v, dict) or len(v) not in (1, 3):
        raise ValueError("bad value")
    if "h" in v:
        if remote is None:
            raise ValueError("unexpected handle")
        return remote(v)
    (k, x), = v.items()
    if k == "i":
        return int(x)
    if k == "f":
        return float(x)
    if k == "t":
        return tuple(decode(y, remote) for y in x)
    if k == "d":
        return {decode(a, remote): decode(b, remote) for a, b in x}
    if k == "s":
        return set(decode(y, remote) for y in x)
    if k == "fs":
        return frozenset(decode(y, remote) for y in x)
    if k == "b":
        return base64.b64decode(x)
    if k == "ba":
        return bytearray(base64.b64decode(x))
    if k == "c":
        return complex(float(x[0]), float(x[1]))
    if k == "r":
        return range(int(x[0]), int(x[1]), int(x[2]))
    raise ValueError("bad value tag %r" % k)


# ---------------------------------------------------------------- pipes


class Lines:
    """Newline-delimited JSON over a pipe, with deadlines."""

    def __init__(self, fd):
        self.fd, self.buf = fd, b""

    def read(self, deadline=None, also=None):
        """Next message, or None on EOF; raises Timeout. If the fd also
        becomes readable first, returns ("also", None)."""
        while b"\n" not in self.buf:
            fds = [self.fd] + ([also] if also is not None else [])
            wait = None if deadline is None else max(0.0, deadline - time.monotonic())
            r, _, _ = select.select(fds, [], [], wait)
            if not r:
                raise Timeout()
            if self.fd not in r:
                return ("also", None)
            chunk = os.read(self.fd, 1 << 16)
            if not chunk:
                return None
            self.buf += chunk
            if len(self.buf) > MAX_MSG:
                raise ProtocolError("message too large")
        line, _, self.buf = self.buf.partition(b"\n")
        try:
            return ("msg", json.loads(line))
        except ValueError:
            raise ProtocolError("garbled message")


def send(fd, obj, deadline=None):
    """Writes one message; with a deadline fd must be non-blocking."""
    data = (json.dumps(obj) + "\n").encode()
    while data:
        if deadline is not None:
            wait = max(0.0, deadline - time.monotonic())
            _, w, _ = select.select([], [fd], [], wait)
            if not w:
                raise Timeout()
        try:
            n = os.write(fd, data)
        except BlockingIOError:
            continue
        data = data[n:]


class Timeout(Exception):
    pass


class ProtocolError(Exception):
    pass


class WorkerDied(Exception):
    pass


class RemoteError(Exception):
    pass


def candidate_error(text):
    """The candidate raised: re-raise it here as the same built-in exception
    type when there is one (so tests that expect an exception work)."""
    import builtins
    name = text.split(":", 1)[0].strip()
    cls = getattr(builtins, name, None)
    if not (isinstance(cls, type) and issubclass(cls, Exception)) or cls is StopIteration:
        cls = RemoteError
    try:
        e = cls(text)
    except Exception:
        e = RemoteError(text)
    e._candidate = True
    return e


def failing_line(e, sources):
    """The test source line an AssertionError came from."""
    tb = e.__traceback__
    line = ""
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name in sources:
            lines = sources[name].splitlines()
            if 0 < tb.tb_lineno <= len(lines):
                line = lines[tb.tb_lineno - 1].strip()
        tb = tb.tb_next
    return line


# ---------------------------------------------------------------- zygote


def zygote(ctl_r, zst_w, req_r, rsp_w):
    """Forks one worker per request ("spawn <generation>") on ctl_r; reports
    each fork and exit on zst_w."""
    buf = b""
    while True:
        while b"\n" not in buf:
            chunk = os.read(ctl_r, 64)
            if not chunk:
                os._exit(0)
            buf += chunk
        line, _, buf = buf.partition(b"\n")
        gen = int(line.split()[1])
        try:
            pid = os.fork()
        except OSError:
            os.write(zst_w, b"pid 0\nexit 0 256\n")
            continue
        if pid == 0:
            os.close(ctl_r)
            os.close(zst_w)
            worker(req_r, rsp_w, gen)
            os._exit(0)
        os.write(zst_w, ("pid %d\n" % pid).encode())
        while True:
            try:
                _, status = os.waitpid(pid, 0)
                break
            except ChildProcessError:
                status = 0
                break
            except InterruptedError:
                continue
        # Reap anything the worker left behind, then report.
        try:
            while os.waitpid(-1, os.WNOHANG)[0] > 0:
                pass
        except ChildProcessError:
            pass
        os.write(zst_w, ("exit %d %d\n" % (pid, status)).encode())


# ---------------------------------------------------------------- worker


def worker(req_r, rsp_w, gen):
    import io

    reqs = Lines(req_r)
    table = {}

    def handle(v):
        h = len(table) + 1
        table[h] = v
        return {"h": h, "type": type(v).__name__, "call": bool(callable(v))}

    def reply(obj):
        send(rsp_w, obj)

    def err_text(e):
        # The innermost line of the candidate's file, if any (no traceback
        # module: importing it costs more than the rest of a worker).
        where, tb = "", e.__traceback__
        while tb is not None:
            if tb.tb_frame.f_code.co_filename == "solution.py":
                where = " (solution.py line %d)" % tb.tb_lineno
            tb = tb.tb_next
        try:
            text = "%s: %s" % (type(e).__name__, e)
        except BaseException:
            text = type(e).__name__
        return text[:EXCERPT] + where

    # The first message for this worker's generation is its job (requests
    # meant for a worker that died before reading them are skipped).
    while True:
        msg = reqs.read()
        if msg is None:
            os._exit(0)
        if msg[0] == "msg" and isinstance(msg[1], dict) and msg[1].get("gen") == gen:
            break
    job = msg[1]
    # The interpreter runs with -S (no site: faster, and no .pth hooks);
    # the candidate still gets the installed packages.
    try:
        import site
        for p in site.getsitepackages():
            if p not in sys.path and os.path.isdir(p):
                sys.path.append(p)
    except Exception:
        pass
    src = job.get("code", "")
    try:
        code = compile(src, "solution.py", "exec")
    except BaseException as e:  # SyntaxError, ValueError (NUL bytes), ...
        reply({"op": "load_error", "error": err_text(e)})
        os._exit(0)

    if job.get("op") == "main":
        # A stdin/stdout program: run it once as __main__ on the input. The
        # files live in the working directory (private to this run).
        base = os.getcwd()
        fin, fout, ferr = (os.path.join(base, n) for n in (".stdin", ".stdout", ".stderr"))
        with open(fin, "w") as f:
            f.write(job.get("stdin", ""))
        fd = os.open(fin, os.O_RDONLY)
        os.dup2(fd, 0)
        os.close(fd)
        out = os.open(fout, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(out, 1)
        os.close(out)
        errf = os.open(ferr, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(errf, 2)
        os.close(errf)
        sys.stdin = io.TextIOWrapper(io.FileIO(0, "r", closefd=False), encoding="utf-8", errors="replace")
        sys.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), encoding="utf-8", errors="replace")
        sys.stderr = io.TextIOWrapper(io.FileIO(2, "w", closefd=False), encoding="utf-8", errors="replace", line_buffering=True)
        status, error = 0, ""
        try:
            exec(code, {"__name__": "__main__", "__builtins__": __builtins__})
        except SystemExit as e:
            c = e.code
            status = 0 if c is None else (c if isinstance(c, int) else 1)
            if not isinstance(c, (int, type(None))):
                error = str(c)[:EXCERPT]
        except BaseException as e:
            status, error = 1, err_text(e)
        try:
            sys.stdout.flush()
        except BaseException:
            pass
        try:
            sys.stderr.flush()
        except BaseException:
            pass
        limit = job.get("max_output", 1 << 20)
        with open(fout, "rb") as f:
            data = f.read(limit + 1)
        with open(ferr, "rb") as f:
            f.seek(0, 2)
            f.seek(max(0, f.tell() - EXCERPT))
            tail = f.read().decode("utf-8", "replace")
        reply({"op": "main", "stdout": data[:limit].decode("utf-8", "replace"), "truncated": len(data) > limit,
               "exit": status, "error": error, "stderr": tail})
        os._exit(0)

    g = {"__name__": "solution", "__builtins__": __builtins__}
    try:
        if job.get("setup"):
            exec(compile(job["setup"], "setup", "exec"), g)
        exec(code, g)
    except BaseException as e:
        reply({"op": "load_error", "error": err_text(e)})
        os._exit(0)
    names = sorted(k for k, v in g.items() if not k.startswith("__") and callable(v))
    reply({"op": "ready", "names": names})

    def resolve(x):
        if "name" in x:
            if x["name"] not in g:
                raise NameError("name %r is not defined" % x["name"])
            return g[x["name"]]
        return table[x["h"]]

    def dec(v):
        return decode(v, resolve)

    while True:
        msg = reqs.read()
        if msg is None:
            os._exit(0)
        if msg[0] != "msg":
            continue
        r = msg[1]
        seq = r.get("seq")
        try:
            op = r["op"]
            obj = resolve(r["obj"])
            after = None
            if op == "call":
                args = dec(r["args"])
                val = obj(*args, **{k: dec(v) for k, v in r["kwargs"]})
                # Arguments changed in place travel back (sort_in_place(a)).
                if any(type(a) in (list, dict, set, bytearray) for a in args):
                    after = [encode(a, handle) if type(a) in (list, dict, set, bytearray) else None for a in args]
            elif op == "getattr":
                val = getattr(obj, r["name"])
            elif op == "list":
                val = list(obj)
            elif op == "len":
                val = len(obj)
            elif op == "getitem":
                val = obj[dec(r["key"])]
            elif op == "contains":
                val = dec(r["key"]) in obj
            elif op == "bool":
                val = bool(obj)
            elif op == "str":
                val = str(obj)
            else:
                raise ValueError("unknown op")
            out = {"seq": seq, "ok": True, "value": encode(val, handle)}
            if after is not None:
                out["after"] = after
        except BaseException as e:
            if isinstance(e, SystemExit):
                e = RuntimeError("candidate called exit(%r)" % (e.code,))
            out = {"seq": seq, "ok": False, "error": err_text(e)}
        try:
            reply(out)
        except (ValueError, RecursionError) as e:
            reply({"seq": seq, "ok": False, "error": "unserializable result: %s" % e})


# ---------------------------------------------------------------- harness


class Harness:
    def __init__(self, ctl_w, zst_r, req_w, rsp_r, job):
        self.ctl_w, self.req_w = ctl_w, req_w
        self.zst, self.rsp = Lines(zst_r), Lines(rsp_r)
        self.job = job
        self.timeout = float(job.get("timeout", 3))
        self.wpid = None
        self.gen = 0
        self.seq = 0
        self.names = []
        self.deadline = None
        self.load_error = None

    # -- worker lifecycle

    def zline(self, deadline):
        while b"\n" not in self.zst.buf:
            wait = None if deadline is None else max(0.0, deadline - time.monotonic())
            r, _, _ = select.select([self.zst.fd], [], [], wait)
            if not r:
                raise Timeout()
            chunk = os.read(self.zst.fd, 4096)
            if not chunk:
                raise WorkerDied("zygote gone")
            self.zst.buf += chunk
        line, _, self.zst.buf = self.zst.buf.partition(b"\n")
        return line.decode().split()

    def spawn(self):
        self.gen += 1
        try:
            os.write(self.ctl_w, ("spawn %d\n" % self.gen).encode())
        except OSError:
            raise WorkerDied("zygote gone")
        end = time.monotonic() + 10
        while True:
            parts = self.zline(end)
            if parts and parts[0] == "pid":  # skip stale exit reports
                self.wpid = int(parts[1])
                return

    def kill(self):
        if self.wpid is None:
            return
        try:
            os.kill(self.wpid, signal.SIGKILL)
        except OSError:
            pass
        self.reap_quietly()

    def reap(self):
        """Waits for the zygote's exit report of the current worker."""
        pid, self.wpid = self.wpid, None
        end = time.monotonic() + 5
        while True:
            parts = self.zline(end)
            if parts[0] == "exit" and int(parts[1]) == pid:
                return describe_status(int(parts[2]))

    def recv(self, deadline):
        """Next message from the worker; WorkerDied if it exits first."""
        while True:
            got = self.rsp.read(deadline, also=self.zst.fd)
            if got is None:
                raise WorkerDied("worker pipe closed")
            if got[0] == "also":
                # The zygote spoke: the worker exited (or garbage).
                parts = self.zline(deadline)
                if parts[0] == "exit" and self.wpid is not None and int(parts[1]) == self.wpid:
                    self.wpid = None
                    raise WorkerDied(describe_status(int(parts[2])))
                continue
            if not isinstance(got[1], dict):
                raise ProtocolError("garbled message")
            return got[1]

    def ensure(self, deadline):
        if self.load_error is not None:
            raise RemoteError(self.load_error)
        if self.wpid is not None:
            return
        self.spawn()
        send(self.req_w, {"op": "load", "gen": self.gen, "code": self.job.get("code", ""),
                          "setup": self.job.get("setup", "")}, deadline)
        try:
            msg = self.recv(deadline)
        except WorkerDied as e:
            self.load_error = "candidate exited while loading (%s)" % e
            raise RemoteError(self.load_error)
        except Timeout:
            self.kill()
            self.load_error = "timeout while loading the candidate"
            raise
        if msg.get("op") == "load_error":
            self.reap_quietly()
            self.load_error = msg.get("error", "load error")
            raise RemoteError(self.load_error)
        if msg.get("op") != "ready":
            self.kill()
            raise ProtocolError("unexpected message from worker")
        self.names = [n for n in msg.get("names", []) if isinstance(n, str)]

    def reap_quietly(self):
        try:
            self.reap()
        except (Timeout, WorkerDied):
            self.wpid = None

    # -- remote calls

    def rpc(self, op, obj, _inplace=(), **kw):
        deadline = self.deadline
        self.ensure(deadline)
        self.seq += 1
        req = {"seq": self.seq, "op": op, "obj": obj}
        req.update(kw)
        send(self.req_w, req, deadline)
        while True:
            msg = self.recv(deadline)
            if msg.get("seq") == self.seq:
                break
        if not msg.get("ok"):
            raise candidate_error(str(msg.get("error", "error"))[:EXCERPT])
        try:
            value = decode(msg.get("value"), self.remote)
            after = msg.get("after")
            if isinstance(after, list) and len(after) == len(_inplace):
                for orig, new in zip(_inplace, after):
                    if new is not None:
                        update_in_place(orig, decode(new, self.remote))
        except (ValueError, TypeError, KeyError, RecursionError, OverflowError):
            raise ProtocolError("garbled value from the candidate")
        return value

    def remote(self, ref):
        return Remote(self, {"h": ref["h"]}, ref.get("type", "object"))

    def enc(self, v):
        def handles(x):
            if isinstance(x, Remote):
                return x._ref
            raise TypeError("cannot send a %s to the candidate" % type(x).__name__)
        return encode(v, handles)

    # -- tests

    def namespace(self):
        """The tests' globals: setup's names, then the candidate's functions
        as proxies, except any that would shadow a builtin or a setup name
        (a candidate-defined abs() or math must not judge the tests)."""
        import builtins
        ns = {"__name__": "__test__", "__builtins__": builtins}
        if self.job.get("setup"):
            exec(compile(self.job["setup"], "setup", "exec"), ns)
        entry = self.job.get("entry_point", "")
        for n in self.names:
            if n == entry or (n not in ns and not hasattr(builtins, n)):
                ns[n] = Remote(self, {"name": n}, "function")
        return ns

    def run_one(self, i, fn, sources):
        self.deadline = time.monotonic() + self.timeout
        try:
            fn()
            return {"i": i, "pass": True}
        except AssertionError as e:
            if getattr(e, "_candidate", False):
                return {"i": i, "pass": False, "reason": "error", "detail": str(e)[:EXCERPT]}
            detail = failing_line(e, sources)
            if str(e):
                detail += " (" + str(e) + ")"
            return {"i": i, "pass": False, "reason": "assertion failed", "detail": detail[:EXCERPT]}
        except Timeout:
            self.kill()
            return {"i": i, "pass": False, "reason": "timeout", "detail": "no answer within %gs" % self.timeout}
        except WorkerDied as e:
            return {"i": i, "pass": False, "reason": "crashed", "detail": str(e)}
        except RemoteError as e:
            return {"i": i, "pass": False, "reason": "error", "detail": str(e)}
        except ProtocolError as e:
            self.kill()
            return {"i": i, "pass": False, "reason": "error", "detail": str(e)}
        except BaseException as e:
            if getattr(e, "_candidate", False) or isinstance(e, NameError):
                return {"i": i, "pass": False, "reason": "error", "detail": str(e)[:EXCERPT]}
            if isinstance(e, TypeError) and "'Remote'" in str(e):
                # The candidate returned an object that is not plain data.
                detail = "TypeError: " + str(e).replace("'Remote'", "candidate object")
                return {"i": i, "pass": False, "reason": "error", "detail": detail[:EXCERPT]}
            return {"i": i, "pass": False, "reason": "test error", "detail": ("%s: %s" % (type(e).__name__, e))[:EXCERPT]}

    def asserts(self, emit):
        tests = self.job.get("tests", [])
        for i, t in enumerate(tests):
            name = "<test %d>" % i

            def run(t=t, name=name):
                self.ensure(self.deadline)
                exec(compile(t, name, "exec"), self.namespace())
            emit(self.run_one(i, run, {name: t}))

    def check(self, emit):
        """A check(candidate) program, each of its assert statements one
        test: asserts are rewritten to record a result and go on (a loop's
        assert passes only if it held every time), each with its own time
        limit. An error outside the asserts fails those not yet passed."""
        import ast
        entry = self.job.get("entry_point", "")
        src = self.job.get("tests", "")
        sources = {"<check>": src}
        try:
            tree = ast.parse(src, "<check>")
        except SyntaxError as e:
            emit({"count": 1})
            emit({"i": 0, "pass": False, "reason": "test error", "detail": "SyntaxError: %s" % e})
            return
        soft = SoftAsserts()
        tree = ast.fix_missing_locations(soft.visit(tree))
        n = max(1, soft.n)
        emit({"count": n})
        failed, passed = set(), set()

        def one(idx, thunk):
            def run():
                if not thunk():
                    raise AssertionError()
            res = self.run_one(idx, run, sources)
            if res.get("reason") == "assertion failed" and not res.get("detail"):
                lines = src.splitlines()
                ln = soft.lines.get(idx, 0)
                if 0 < ln <= len(lines):
                    res["detail"] = lines[ln - 1].strip()[:EXCERPT]
            if res["pass"]:
                passed.add(idx)
            elif idx not in failed:
                failed.add(idx)
                emit(res)
            self.deadline = time.monotonic() + self.timeout

        def run():
            self.ensure(self.deadline)
            if entry not in self.names:
                raise RemoteError("entry point %r is not defined by the candidate" % entry)
            ns = self.namespace()
            ns["__grpodata_assert__"] = one
            exec(compile(tree, "<check>", "exec"), ns)
            if "check" not in ns:
                raise ProtocolError("test program defines no check()")
            ns["check"](ns[entry])
        outer = self.run_one(-1, run, sources)
        for idx in range(n):
            if idx in failed:
                continue
            if outer["pass"] or idx in passed:
                emit({"i": idx, "pass": True})
            else:
                emit(dict(outer, i=idx))

    def stdio(self, emit):
        for i, t in enumerate(self.job.get("tests", [])):
            emit(self.stdio_one(i, t))

    def stdio_one(self, i, t):
        deadline = time.monotonic() + self.timeout
        try:
            self.spawn()
            send(self.req_w, {"op": "main", "gen": self.gen, "code": self.job.get("code", ""), "stdin": t.get("input", ""),
                              "max_output": len(t.get("output", "")) * 2 + 4096}, deadline)
            msg = self.recv(deadline)
        except Timeout:
            self.kill()
            return {"i": i, "pass": False, "reason": "timeout", "detail": "no output within %gs" % self.timeout}
        except WorkerDied as e:
            return {"i": i, "pass": False, "reason": "crashed", "detail": str(e)}
        except ProtocolError as e:
            self.kill()
            return {"i": i, "pass": False, "reason": "error", "detail": str(e)}
        self.reap_quietly()
        if msg.get("op") == "load_error":
            return {"i": i, "pass": False, "reason": "error", "detail": str(msg.get("error", ""))[:EXCERPT]}
        got, want = str(msg.get("stdout", "")), str(t.get("output", ""))
        status = msg.get("exit", 1)
        if status != 0:
            detail = "exit status %s" % status
            if msg.get("error"):
                detail += ": " + str(msg["error"])
            elif msg.get("stderr"):
                detail += ": " + str(msg["stderr"])[-EXCERPT:]
            return {"i": i, "pass": False, "reason": "runtime error", "detail": detail[:EXCERPT]}
        if same_output(got, want):
            return {"i": i, "pass": True}
        return {"i": i, "pass": False, "reason": "wrong answer",
                "detail": "expected %s, got %s" % (excerpt(want), excerpt(got))}


class SoftAsserts(object):
    """Rewrites every `assert test, msg` into
    `__grpodata_assert__(k, lambda: test)`, numbering them in source order."""

    def __init__(self):
        import ast
        self.ast, self.n, self.lines = ast, 0, {}

    def visit(self, tree):
        ast = self.ast
        outer = self

        class T(ast.NodeTransformer):
            def visit_Assert(self, node):
                k = outer.n
                outer.n += 1
                outer.lines[k] = node.lineno
                lam = ast.Lambda(args=ast.arguments(posonlyargs=[], args=[], vararg=None, kwonlyargs=[],
                                                    kw_defaults=[], kwarg=None, defaults=[]), body=node.test)
                call = ast.Call(func=ast.Name(id="__grpodata_assert__", ctx=ast.Load()),
                                args=[ast.Constant(value=k), lam], keywords=[])
                return ast.copy_location(ast.Expr(value=call), node)
        return T().visit(tree)


class Remote:
    """A candidate-side object: calls and attribute reads go to the worker,
    results come back as plain data. It never equals anything but itself."""

    __slots__ = ("_h", "_ref", "_type")

    def __init__(self, h, ref, typ):
        self._h, self._ref, self._type = h, ref, typ

    def __call__(self, *args, **kwargs):
        return self._h.rpc("call", self._ref, args=self._h.enc(list(args)),
                           kwargs=[[k, self._h.enc(v)] for k, v in kwargs.items()], _inplace=args)

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return self._h.rpc("getattr", self._ref, name=name)

    def __iter__(self):
        return iter(self._h.rpc("list", self._ref))

    def __len__(self):
        return self._h.rpc("len", self._ref)

    def __getitem__(self, key):
        return self._h.rpc("getitem", self._ref, key=self._h.enc(key))

    def __contains__(self, key):
        return self._h.rpc("contains", self._ref, key=self._h.enc(key))

    def __bool__(self):
        return self._h.rpc("bool", self._ref)

    def __str__(self):
        return self._h.rpc("str", self._ref)

    def __repr__(self):
        return "<candidate %s>" % self._type

    def __eq__(self, other):
        return self is other

    def __ne__(self, other):
        return self is not other

    __hash__ = object.__hash__


def update_in_place(orig, new):
    """Copies a container's new contents into the harness's own object."""
    if type(orig) is not type(new):
        return
    if type(orig) in (list, bytearray):
        orig[:] = new
    elif type(orig) in (dict, set):
        orig.clear()
        orig.update(new)


def describe_status(status):
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        try:
            name = signal.Signals(sig).name
        except ValueError:
            name = str(sig)
        if sig == signal.SIGKILL:
            return "killed (SIGKILL: memory or cpu limit?)"
        return "killed by %s" % name
    if os.WIFEXITED(status):
        return "exited with status %d" % os.WEXITSTATUS(status)
    return "status %d" % status


def normalize(s):
    lines = [ln.rstrip() for ln in s.replace("\r\n", "\n").split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def same_output(got, want):
    if normalize(got) == normalize(want):
        return True
    a, b = got.split(), want.split()
    if a == b:
        return True
    if len(a) != len(b):
        return False
    for x, y in zip(a, b):
        if x == y:
            continue
        try:
            fx, fy = float(x), float(y)
        except ValueError:
            return False
        if not abs(fx - fy) <= 1e-6 * max(1.0, abs(fy)):
            return False
    return True


def excerpt(s, n=120):
    s = s.strip()
    if len(s) > n:
        s = s[:n] + "..."
    return json.dumps(s)


def no_dumps():
    """Makes this process (and the processes forked from it) non-dumpable:
    its /proc files become root's, so a worker cannot read its memory."""
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(4, 0, 0, 0, 0) == 0  # PR_SET_DUMPABLE
    except Exception:
        return False


def main():
    if hasattr(sys, "set_int_max_str_digits"):
        sys.set_int_max_str_digits(0)  # big integers cross as decimal strings
    for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT, signal.SIGUSR1, signal.SIGUSR2,
              signal.SIGALRM, signal.SIGPIPE):
        signal.signal(s, signal.SIG_IGN)
    protected = no_dumps()
    ctl_r, ctl_w = os.pipe()
    zst_r, zst_w = os.pipe()
    req_r, req_w = os.pipe()
    rsp_r, rsp_w = os.pipe()
    sys.stdout.flush()
    pid = os.fork()
    if pid == 0:
        # The zygote: no test data, no results channel, no stdin.
        for fd in (3, ctl_w, zst_r, req_w, rsp_r):
            try:
                os.close(fd)
            except OSError:
                pass
        null = os.open("/dev/null", os.O_RDONLY)
        os.dup2(null, 0)
        os.close(null)
        for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGPIPE, signal.SIGCHLD):
            signal.signal(s, signal.SIG_DFL)
        zygote(ctl_r, zst_w, req_r, rsp_w)
        os._exit(0)
    for fd in (ctl_r, zst_w, req_r, rsp_w):
        os.close(fd)
    os.set_blocking(req_w, False)
    # Orphans of workers are re-parented to this PID 1: reap them at once.
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)

    raw = sys.stdin.buffer.read()
    job = json.loads(raw)
    del raw
    out = os.fdopen(3, "w", buffering=1)

    def emit(res):
        out.write(json.dumps(res) + "\n")

    emit({"start": True, "protected": protected})
    h = Harness(ctl_w, zst_r, req_w, rsp_r, job)
    kind = job.get("kind")
    if kind == "asserts":
        h.asserts(emit)
    elif kind == "check":
        h.check(emit)
    elif kind == "stdio":
        h.stdio(emit)
    emit({"done": True})
    out.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
