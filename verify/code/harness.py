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
# the expected values. The tests' names hold nothing of the candidate but
# its entry point (Harness.namespace). Stdin/stdout tests run the program in
# a fresh worker and compare its output here.
import base64
import json
import os
import select
import signal
import sys
import time

MAX_MSG = 8 << 20  # largest message from a worker
MAX_DIGITS = 50000  # digits of an integer result (str -> int is quadratic: ~10 ms at the cap)
MAX_STDOUT = 2 << 20  # stdout kept of a stdin/stdout program, whatever the test expects
EXCERPT = 600  # characters of output or error kept per test

# ---------------------------------------------------------------- values
#
# Values cross between the harness and the worker as tagged JSON. Exact
# built-in values travel as themselves; values of other types that compare
# by value (subclasses of the built-ins, Counter, OrderedDict, defaultdict,
# deque, Fraction, Decimal, numpy scalars) travel as their plain contents
# with the name of their type ("cls"). The harness rebuilds them only as
# genuine built-in or standard-library types, so whatever the worker sends,
# no candidate object (an always-equal one, a str subclass with a rigged
# __eq__) ever exists here: sending a forged encoding is the same as
# returning the plain value it describes. Anything else stays in the worker
# behind a handle.

_BASES = (bool, int, float, complex, str, bytes, bytearray, tuple, list, dict, set, frozenset)


def _std_kind(v):
    """The standard-library value type of v that the harness rebuilds, if any."""
    mod = type(v).__module__
    if mod in ("collections", "fractions", "decimal"):
        import collections
        import fractions
        import decimal
        for cls, name in ((collections.Counter, "Counter"), (collections.OrderedDict, "OrderedDict"),
                          (collections.defaultdict, "defaultdict"), (collections.deque, "deque"),
                          (fractions.Fraction, "Fraction"), (decimal.Decimal, "Decimal")):
            if isinstance(v, cls):
                return name
    for cls in type(v).__mro__:
        if cls.__module__ == "collections" and cls.__name__ in ("Counter", "OrderedDict", "defaultdict", "deque"):
            return cls.__name__
        if cls.__module__ in ("fractions", "decimal") and cls.__name__ in ("Fraction", "Decimal"):
            return cls.__name__
    return None


def encode(v, handles=None, depth=0):
    """A value as tagged JSON; handles(v) for anything that is not data."""
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
    out = encode_other(v, handles, depth)
    if out is not None:
        return out
    if handles is None:
        raise TypeError("cannot send a %s to the candidate" % t.__name__)
    return handles(v)


def encode_other(v, handles, depth):
    """Values of other types that Python compares by value, as their plain
    contents and type name; None when v is none of them."""
    t, name = type(v), type(v).__name__
    kind = _std_kind(v)
    if kind == "Fraction":
        return {"q": [str(v.numerator), str(v.denominator)], "cls": name}
    if kind == "Decimal":
        return {"dec": str(v), "cls": name}
    if kind == "deque":
        return {"dq": [encode(x, handles, depth + 1) for x in list(v)], "cls": name}
    if kind in ("Counter", "OrderedDict", "defaultdict"):
        return {"d": [[encode(k, handles, depth + 1), encode(x, handles, depth + 1)] for k, x in dict.items(v)],
                "cls": name, "kind": kind}
    if t.__module__ == "numpy" and hasattr(v, "item") and getattr(v, "shape", None) == ():
        return {"np": encode(v.item(), handles, depth + 1), "cls": name}
    base = next((b for b in t.__mro__[1:] if b in _BASES), None)
    if base is None:
        return None
    # A subclass of a built-in: its contents, read through the built-in's own
    # methods (an override in the subclass is never called).
    if base is int:
        return {"i": int.__repr__(v), "cls": name}
    if base is float:
        return {"f": float.__repr__(v), "cls": name}
    if base is str:
        return {"str": str.__str__(v), "cls": name}
    if base is tuple:
        out = {"t": [encode(x, handles, depth + 1) for x in tuple.__iter__(v)], "cls": name}
        fields = getattr(t, "_fields", None)
        if type(fields) is tuple and len(fields) == len(out["t"]) and all(type(f) is str for f in fields):
            out["fields"] = list(fields)  # a namedtuple: rebuilt as one, so .x works
        return out
    if base is list:
        return {"l": [encode(x, handles, depth + 1) for x in list.__iter__(v)], "cls": name}
    if base is dict:
        return {"d": [[encode(k, handles, depth + 1), encode(x, handles, depth + 1)] for k, x in dict.items(v)],
                "cls": name}
    if base is set:
        return {"s": [encode(x, handles, depth + 1) for x in set.__iter__(v)], "cls": name}
    if base is frozenset:
        return {"fs": [encode(x, handles, depth + 1) for x in frozenset.__iter__(v)], "cls": name}
    if base is bytes:
        return {"b": base64.b64encode(bytes(memoryview(v))).decode(), "cls": name}
    return None


# Builtins and modules a result from the candidate may not name (a test
# that calls what the candidate returned would call them here).
_RISKY_BUILTINS = frozenset(("eval", "exec", "compile", "open", "globals", "locals", "vars", "input",
                             "breakpoint", "help", "getattr", "setattr", "delattr", "memoryview", "exit", "quit"))
_RISKY_MODULES = frozenset(("os", "posix", "sys", "builtins", "subprocess", "importlib", "ctypes", "io", "shutil",
                            "pathlib", "socket", "signal", "gc", "inspect", "pickle", "marshal", "code", "codeop",
                            "runpy", "pty", "threading", "multiprocessing", "select", "fcntl", "resource", "tempfile",
                            "glob", "traceback", "types", "_thread", "_io", "_posixsubprocess", "mmap"))

_TAGS = frozenset(("i", "f", "t", "d", "s", "fs", "b", "ba", "c", "r", "q", "dec", "dq", "l", "str", "np",
                   "bi", "imp", "fn"))


def decode(v, remote=None, notes=None, fn=None):
    """Tagged JSON to genuine built-in and standard-library values; handles
    become remote(ref). notes, if given, collects the names of unusual types.
    fn builds a test's function (only the worker passes one: the harness
    never rebuilds code it receives)."""
    if v is None or type(v) in (bool, int, str):
        return v
    if type(v) is list:
        return [decode(x, remote, notes, fn) for x in v]
    if type(v) is not dict:
        raise ValueError("bad value")
    if "h" in v or "name" in v:
        if remote is None:
            raise ValueError("unexpected handle")
        return remote(v)
    tags = [k for k in v if k in _TAGS]
    if len(tags) != 1 or any(k not in _TAGS and k not in ("cls", "kind", "fields") for k in v):
        raise ValueError("bad value")
    k, x = tags[0], v[tags[0]]
    if "cls" in v and notes is not None:
        notes.add(str(v["cls"])[:60])
    d = lambda y: decode(y, remote, notes, fn)  # noqa: E731
    if k == "i":
        if type(x) is not str or len(x) > MAX_DIGITS:
            raise ValueError("integer too large")
        return int(x)
    if k == "f":
        return float(x)
    if k == "str":
        if type(x) is not str:
            raise ValueError("bad string")
        return x
    if k == "t":
        items = tuple(d(y) for y in x)
        if "fields" in v:
            return named_tuple(v.get("cls"), v["fields"], items)
        return items
    if k == "l":
        return [d(y) for y in x]
    if k == "d":
        pairs = [(d(a), d(b)) for a, b in x]
        hashable(a for a, _ in pairs)
        kind = v.get("kind")
        if kind in ("Counter", "OrderedDict", "defaultdict"):
            import collections
            if kind == "Counter":
                return collections.Counter(dict(pairs))
            if kind == "OrderedDict":
                return collections.OrderedDict(pairs)
            return collections.defaultdict(None, pairs)
        return dict(pairs)
    if k == "s":
        return set(hashable(d(y) for y in x))
    if k == "fs":
        return frozenset(hashable(d(y) for y in x))
    if k == "b":
        return base64.b64decode(x)
    if k == "ba":
        return bytearray(base64.b64decode(x))
    if k == "c":
        return complex(float(x[0]), float(x[1]))
    if k == "r":
        return range(int(x[0]), int(x[1]), int(x[2]))
    return decode_more(k, x, d, remote, fn)


def hashable(items):
    """items as a list, refused when it is too large or was built so that
    its hashes collide (a set or dict of them would take quadratic time
    here: a distinct set's hashes are nearly all distinct)."""
    items = list(items)
    if len(items) > 1000:
        if len(items) > 1 << 20:
            raise ValueError("set too large")
        if len(set(map(hash, items))) * 16 < len(items):
            raise ValueError("set of colliding hashes")
    return items


def decode_more(k, x, d, remote, fn):
    """decode's library values, references by name and functions."""
    if k == "q":
        import fractions
        if any(type(y) is not str or len(y) > MAX_DIGITS for y in x):
            raise ValueError("fraction too large")
        return fractions.Fraction(int(x[0]), int(x[1]))
    if k == "dec":
        import decimal
        return decimal.Decimal(str(x))
    if k == "dq":
        import collections
        return collections.deque(d(y) for y in x)
    if k == "np":
        return d(x)
    if k == "bi":
        import builtins
        obj = getattr(builtins, str(x), None)
        if obj is None or str(x).startswith("_") or (remote is not None and str(x) in _RISKY_BUILTINS):
            raise ValueError("bad builtin")
        return obj
    if k == "fn":
        if fn is None:
            raise ValueError("unexpected function")
        return fn(x)
    if k == "imp":
        if remote is not None and str(x[0]).split(".")[0] in _RISKY_MODULES:
            raise ValueError("bad library object")
        return import_object(str(x[0]), str(x[1]))
    raise ValueError("bad value tag %r" % k)


def is_module(name):
    """Whether name is a top-level module this process can import."""
    import importlib.util
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


_NAMEDTUPLES = {}


def named_tuple(name, fields, items):
    """A namedtuple built here with the candidate's type and field names
    (checked identifiers) holding plain items; a plain tuple when the names
    will not do."""
    import collections
    import keyword
    name = name if isinstance(name, str) and name.isidentifier() and not keyword.iskeyword(name) else "Result"
    if not (isinstance(fields, list) and len(fields) == len(items) and len(fields) <= 256 and
            all(isinstance(f, str) and f.isidentifier() and not keyword.iskeyword(f) and not f.startswith("_")
                for f in fields) and len(set(fields)) == len(fields)):
        return items
    key = (name, tuple(fields))
    if key not in _NAMEDTUPLES:
        if len(_NAMEDTUPLES) > 1000:
            return items
        _NAMEDTUPLES[key] = collections.namedtuple(name, fields)
    return _NAMEDTUPLES[key](*items)


def import_object(module, qualname):
    """module.qualname through this process's own import system."""
    import importlib
    if module.startswith("_") and module not in ("_operator", "_collections_abc"):
        raise ValueError("bad module")
    obj = importlib.import_module(module)
    for part in qualname.split(".") if qualname else ():
        if part.startswith("__"):
            raise ValueError("bad name")
        obj = getattr(obj, part)
    return obj


def named_object(v):
    """A builtin or an importable library object (a type such as int, a
    function such as math.sqrt), as a reference the other side resolves by
    name; None for anything else."""
    import builtins
    name = getattr(v, "__name__", None)
    if isinstance(name, str) and not name.startswith("_") and getattr(builtins, name, None) is v:
        return {"bi": name}
    mod, qual = getattr(v, "__module__", None), getattr(v, "__qualname__", None)
    if isinstance(mod, str) and isinstance(qual, str) and "<" not in qual and mod in sys.modules \
            and mod not in ("__main__", "solution", "__test__", "setup"):
        try:
            if import_object(mod, qual) is v:
                return {"imp": [mod, qual]}
        except Exception:
            pass
    return None


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


class BrokenTest(Exception):
    """The record's tests cannot run (a syntax error, an import that fails
    here): no verdict on the candidate."""


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


def add_site_packages():
    # The interpreter runs with -S (no site: faster, and no .pth hooks);
    # the installed packages stay importable.
    try:
        import site
        for p in site.getsitepackages():
            if p not in sys.path and os.path.isdir(p):
                sys.path.append(p)
    except Exception:
        pass


def err_text(e):
    """One line for an exception of the candidate: type, message and the
    innermost line of the candidate's file (no traceback module: importing
    it costs more than the rest of a worker)."""
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


def exports(g):
    """What the tests may take from the candidate's globals by name: the
    modules it imported and the library objects it imported from them (the
    harness imports both itself), and which names it defined itself."""
    out = {}
    for k, v in list(g.items())[:4000]:
        if k.startswith("__") or not isinstance(k, str):
            continue
        try:
            if type(v).__name__ == "module" and isinstance(getattr(v, "__name__", None), str):
                out[k] = {"mod": v.__name__}
                continue
            ref = named_object(v)
            if ref is not None:
                out[k] = ref
            elif callable(v):
                out[k] = {"own": True}  # a function, class or callable the candidate made
        except BaseException:
            pass
    return out


def worker(req_r, rsp_w, gen):
    reqs = Lines(req_r)
    table = {}

    def handle(v):
        h = len(table) + 1
        table[h] = v
        return {"h": h, "type": type(v).__name__[:60], "call": bool(callable(v))}

    def reply(obj):
        send(rsp_w, obj)

    # The first message for this worker's generation is its job (requests
    # meant for a worker that died before reading them are skipped).
    while True:
        msg = reqs.read()
        if msg is None:
            os._exit(0)
        if msg[0] == "msg" and isinstance(msg[1], dict) and msg[1].get("gen") == gen:
            break
    job = msg[1]
    del msg
    add_site_packages()
    try:
        code = compile(job.get("code", ""), "solution.py", "exec")
    except BaseException as e:  # SyntaxError, ValueError (NUL bytes), ...
        reply({"op": "load_error", "error": err_text(e)})
        os._exit(0)
    if job.get("op") == "main":
        run_main(code, job.get("stdin", ""), reply)
        os._exit(0)
    g = {"__name__": "solution", "__builtins__": __builtins__}
    try:
        exec(code, g)
    except BaseException as e:
        reply({"op": "load_error", "error": err_text(e)})
        os._exit(0)
    ready = {"op": "ready", "exports": exports(g)}
    if job.get("setup"):
        ready["setup"] = worker_setup(job, g, handle)
        if "error" in ready["setup"]:
            reply({"op": "load_error", "error": "test setup failed: " + ready["setup"]["error"]})
            os._exit(0)
    job = None
    reply(ready)
    serve(reqs, reply, g, table, handle)


def worker_setup(job, g, handle):
    """Runs the tests' setup code after the candidate's (it builds the
    candidate's classes); reports the names it bound: plain data by value,
    modules and library objects by name, anything else as a name the tests
    reach through a proxy."""
    before = dict(g)
    try:
        for imp in job.get("test_imports") or []:
            exec(compile(imp, "test_imports", "exec"), g)
        exec(compile(job["setup"], "setup", "exec"), g)
    except BaseException as e:
        return {"error": err_text(e)}
    names = {}
    for k, v in g.items():
        if k.startswith("__") or (k in before and before[k] is v):
            continue
        if type(v).__name__ == "module":
            names[k] = {"mod": v.__name__}
            continue
        ref = named_object(v)
        if ref is None:
            try:
                ref = {"val": encode(v)}
            except (TypeError, ValueError, RecursionError):
                ref = {"ref": True}
        names[k] = ref
    return {"names": names}


def serve(reqs, reply, g, table, handle):
    """Answers the harness's calls until the pipe closes."""
    def resolve(x):
        if "name" in x:
            if x["name"] not in g:
                raise NameError("name %r is not defined" % x["name"])
            return g[x["name"]]
        return table[x["h"]]

    def dec(v):
        return decode(v, resolve, None, make_function)

    def make_function(x):
        import marshal
        import types
        code = marshal.loads(base64.b64decode(x["code"]))
        g = {"__builtins__": __builtins__}
        for k, ref in x.get("globals", {}).items():
            g[k] = import_object(ref["mod"], "") if "mod" in ref else dec(ref)
        return types.FunctionType(code, g, str(x.get("name", "f")))

    while True:
        msg = reqs.read()
        if msg is None:
            os._exit(0)
        if msg[0] != "msg":
            continue
        r = msg[1]
        seq = r.get("seq")
        try:
            out = {"seq": seq, "ok": True}
            out.update(serve_one(r, resolve, dec, handle))
        except BaseException as e:
            if isinstance(e, SystemExit):
                e = RuntimeError("candidate called exit(%r)" % (e.code,))
            out = {"seq": seq, "ok": False, "error": err_text(e)}
        try:
            reply(out)
        except (ValueError, RecursionError) as e:
            reply({"seq": seq, "ok": False, "error": "unserializable result: %s" % e})


def serve_one(r, resolve, dec, handle):
    op = r["op"]
    obj = resolve(r["obj"])
    out = {}
    if op == "call":
        args = dec(r["args"])
        val = obj(*args, **{k: dec(v) for k, v in r["kwargs"]})
        # Arguments changed in place travel back (sort_in_place(a)).
        if any(type(a) in (list, dict, set, bytearray) for a in args):
            out["after"] = [encode(a, handle) if type(a) in (list, dict, set, bytearray) else None for a in args]
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
    out["value"] = encode(val, handle)
    return out


def run_main(code, stdin, reply):
    """A stdin/stdout program: runs it once as __main__ on the input and
    reports its output, up to MAX_STDOUT bytes whatever the test expects (the
    expected output never reaches this process, not even its length). The
    files live in the working directory (private to this run)."""
    import io
    base = os.getcwd()
    fin, fout, ferr = (os.path.join(base, n) for n in (".stdin", ".stdout", ".stderr"))
    with open(fin, "w") as f:
        f.write(stdin)
    for name, fd, flags in ((fin, 0, os.O_RDONLY), (fout, 1, os.O_WRONLY | os.O_CREAT | os.O_TRUNC),
                            (ferr, 2, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)):
        x = os.open(name, flags, 0o600)
        os.dup2(x, fd)
        os.close(x)
    sys.stdin = io.TextIOWrapper(io.FileIO(0, "r", closefd=False), encoding="utf-8", errors="replace")
    sys.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), encoding="utf-8", errors="replace")
    sys.stderr = io.TextIOWrapper(io.FileIO(2, "w", closefd=False), encoding="utf-8", errors="replace",
                                  line_buffering=True)
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
    for s in (sys.stdout, sys.stderr):
        try:
            s.flush()
        except BaseException:
            pass
    with open(fout, "rb") as f:
        data = f.read(MAX_STDOUT + 1)
    with open(ferr, "rb") as f:
        f.seek(0, 2)
        f.seek(max(0, f.tell() - EXCERPT))
        tail = f.read().decode("utf-8", "replace")
    reply({"op": "main", "stdout": data[:MAX_STDOUT].decode("utf-8", "replace"), "truncated": len(data) > MAX_STDOUT,
           "exit": status, "error": error, "stderr": tail})


# ---------------------------------------------------------------- harness


class Harness:
    def __init__(self, ctl_w, zst_r, req_w, rsp_r, job):
        self.ctl_w, self.req_w = ctl_w, req_w
        self.zst, self.rsp = Lines(zst_r), Lines(rsp_r)
        self.job = job
        self.timeout = float(job.get("timeout", 10))
        # The response's budget: when it runs out the remaining tests are
        # not run and the verdict is undecided.
        self.end = time.monotonic() + float(job.get("budget", 60))
        self.capped = False  # the current deadline is the response's, not the test's
        self.wpid = None
        self.gen = 0
        self.seq = 0
        self.exports = {}
        self.deadline = None
        self.load_error = None
        self.setup_in_worker = False
        self.ns = None
        self.notes = set()
        self.opaque = set()  # types of objects the candidate returned that stay with it
        self.used = set()  # every name the tests mention

    def set_deadline(self):
        now = time.monotonic()
        self.capped = self.end < now + self.timeout
        self.deadline = min(self.end, now + self.timeout)
        self.test_start, self.cpu_pid = now, self.wpid
        self.cpu0 = (worker_cpu(self.wpid) or 0.0) if self.wpid else 0.0

    def answer(self):
        """The worker's next message. A test's budget is the worker's CPU
        time: when the wall-clock deadline passes while the worker has had
        less CPU than its budget (a loaded machine starved it), the wait goes
        on, up to three times the budget in wall time and never past the
        response's budget."""
        while True:
            try:
                return self.recv(self.deadline)
            except Timeout:
                if not self.extend():
                    raise

    def spent(self):
        """A test's budget, for a timeout's message."""
        wall = time.monotonic() - self.test_start
        if wall > self.timeout * 1.2:
            return "%gs of CPU time (%.1fs of wall time)" % (self.timeout, wall)
        return "%gs" % self.timeout

    def extend(self):
        if self.capped or self.wpid is None:
            return False
        now = time.monotonic()
        cpu = worker_cpu(self.wpid)
        if cpu is None:
            return False
        used = cpu - (self.cpu0 if self.cpu_pid == self.wpid else 0.0)
        limit = min(self.end, self.test_start + 3 * self.timeout)
        if used >= 0.95 * self.timeout or now >= limit:
            return False
        # Still the test's own time: running out of it now is a timeout,
        # not the response's budget (which would leave a staller undecided).
        self.deadline = min(limit, now + max(0.05, self.timeout - used))
        return True

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

    def reap_quietly(self):
        try:
            self.reap()
        except (Timeout, WorkerDied):
            self.wpid = None

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
        """A worker with the candidate loaded (and the setup run, when it
        runs there); the candidate's first load fixes what it exports."""
        if self.load_error is not None:
            raise RemoteError(self.load_error)
        if self.wpid is not None:
            return
        self.spawn()
        job = {"op": "load", "gen": self.gen, "code": self.job.get("code", "")}
        if self.setup_in_worker:
            job["setup"], job["test_imports"] = self.job.get("setup", ""), self.job.get("test_imports") or []
        send(self.req_w, job, deadline)
        try:
            msg = self.answer()
        except WorkerDied as e:
            self.load_error = "candidate exited while loading (%s)" % e
            raise RemoteError(self.load_error)
        except Timeout:
            self.kill()
            raise
        if msg.get("op") == "load_error":
            self.reap_quietly()
            self.load_error = str(msg.get("error", "load error"))[:EXCERPT]
            raise RemoteError(self.load_error)
        if msg.get("op") != "ready" or not isinstance(msg.get("exports"), dict):
            self.kill()
            raise ProtocolError("unexpected message from worker")
        if not self.exports:
            self.exports = msg["exports"]
        setup = msg.get("setup")
        if isinstance(setup, dict) and isinstance(setup.get("names"), dict):
            self.worker_names = setup["names"]

    # -- remote calls

    def rpc(self, op, obj, _inplace=(), **kw):
        deadline = self.deadline
        self.ensure(deadline)
        self.seq += 1
        req = {"seq": self.seq, "op": op, "obj": obj}
        req.update(kw)
        send(self.req_w, req, deadline)
        while True:
            msg = self.answer()
            if msg.get("seq") == self.seq:
                break
        if not msg.get("ok"):
            raise candidate_error(str(msg.get("error", "error"))[:EXCERPT])
        try:
            value = decode(msg.get("value"), self.remote, self.notes)
            after = msg.get("after")
            if isinstance(after, list) and len(after) == len(_inplace):
                for orig, new in zip(_inplace, after):
                    if new is not None:
                        update_in_place(orig, decode(new, self.remote, self.notes))
        except (ValueError, TypeError, KeyError, AttributeError, ImportError, RecursionError, OverflowError,
                ArithmeticError):
            raise ProtocolError("garbled value from the candidate")
        return value

    def remote(self, ref):
        typ = str(ref.get("type", "object"))[:60]
        if not ref.get("call"):
            self.opaque.add(typ)
        return Remote(self, {"h": ref["h"]}, typ)

    def enc(self, v):
        def handles(x):
            if isinstance(x, Remote):
                return x._ref
            ref = named_object(x)
            if ref is not None:
                return ref
            if type(x).__name__ == "function":
                return self.enc_function(x)
            raise TypeError("cannot send a %s to the candidate (only data, builtins, library objects and the "
                            "tests' own functions cross)" % type(x).__name__)
        return encode(v, handles)

    def enc_function(self, f):
        """A function of the tests (lambda x: x * 2) as its compiled code, for
        the worker to rebuild: only one that uses nothing of the tests'
        values (no closure, defaults or data globals: those could carry
        expected values into the candidate's process), reading builtins,
        modules and the candidate's own functions."""
        import marshal
        if f.__closure__ or f.__defaults__ or f.__kwdefaults__:
            raise TypeError("cannot send a function that holds the tests' values to the candidate")
        names = {}
        for n in global_names(f.__code__):
            if n not in f.__globals__:
                continue  # a builtin
            val = f.__globals__[n]
            if type(val).__name__ == "module":
                names[n] = {"mod": val.__name__}
            elif isinstance(val, Remote):
                names[n] = val._ref
            elif named_object(val) is not None:
                names[n] = named_object(val)
            else:
                raise TypeError("cannot send a function that reads the tests' %r to the candidate" % n)
        return {"fn": {"code": base64.b64encode(marshal.dumps(f.__code__)).decode(), "name": f.__name__[:60],
                       "globals": names}}

    # -- the tests' namespace

    def prepare(self):
        """Loads the candidate (its own time budget) and builds the tests'
        namespace (see namespace)."""
        self.set_deadline()
        self.ensure(self.deadline)
        setup = self.job.get("setup") or ""
        used = set(self.used)
        try:
            used |= code_names(compile(setup, "setup", "exec"))
        except (SyntaxError, ValueError):
            pass
        ns = self.namespace(used)
        if setup.strip() and not self.setup_in_worker:
            try:
                trial = dict(ns)
                exec(compile(setup, "setup", "exec"), trial)
                # The entry point stays the candidate's, even if the setup
                # defines a name like it (a prompt's stub); names taken
                # without one yield to the setup's.
                entry = self.job.get("entry_point", "")
                if entry:
                    trial[entry] = ns[entry]
                ns = trial
            except Exception:
                # The setup needs the candidate's definitions (MBPP's
                # trees of the candidate's Node): run it there, after them.
                self.setup_in_worker = True
                self.kill()
                self.set_deadline()
                self.ensure(self.deadline)
                self.add_worker_names(ns)
        self.ns = ns

    def namespace(self, used):
        """The tests' globals, built here from what the candidate cannot
        forge: builtins, the modules (and library objects) the candidate
        imported, imported afresh by this process, the helper functions the
        prompt defines, the record's test imports and, last, the entry point
        as a proxy. The candidate's other names (a function called abs, a
        class called math) are never seen by the tests."""
        import builtins
        ns = {"__name__": "__test__", "__builtins__": builtins}
        entry = self.job.get("entry_point", "")
        for n in sorted(used):
            ref = self.exports.get(n)
            if n == entry or not isinstance(ref, dict):
                continue
            try:
                if "mod" in ref:
                    # A name that is itself a module's (math) is that
                    # module, whatever the candidate bound to it; an alias
                    # (np) is the module the candidate imported.
                    ns[n] = import_object(n if is_module(n) else str(ref["mod"]), "")
                elif "bi" in ref or "imp" in ref:
                    obj = decode(ref)
                    if getattr(obj, "__name__", None) == n:  # from m import f, never f as g
                        ns[n] = obj
            except Exception:
                pass
        wanted = [n for n in used if n not in ns and n != entry and not hasattr(builtins, n)]
        if entry and wanted and self.job.get("prompt_code"):
            ns.update(prompt_helpers(self.job["prompt_code"], wanted))
        for imp in self.job.get("test_imports") or []:
            try:
                exec(compile(imp, "test_imports", "exec"), ns)
            except Exception as e:
                raise BrokenTest("test import %r: %s: %s" % (imp[:80], type(e).__name__, e))
        # Without an entry point, the names the tests use that the candidate
        # defined itself are under test.
        entries = [entry] if entry else [n for n in sorted(used) if n not in ns and not hasattr(builtins, n) and self.exports.get(n, {}).get("own")]
        for e in entries:
            ns[e] = Remote(self, {"name": e}, "function")
        return ns

    def add_worker_names(self, ns):
        """The names a setup run in the worker bound, for the tests."""
        for k, ref in getattr(self, "worker_names", {}).items():
            if k in ns or not isinstance(ref, dict):
                continue
            try:
                if "mod" in ref:
                    ns[k] = import_object(str(ref["mod"]), "")
                elif "val" in ref:
                    ns[k] = decode(ref["val"], None, self.notes)
                elif "bi" in ref or "imp" in ref:
                    ns[k] = decode(ref)
                else:
                    ns[k] = Remote(self, {"name": k}, "object")
            except Exception:
                ns[k] = Remote(self, {"name": k}, "object")

    # -- tests

    def run_one(self, i, fn, sources):
        self.notes, self.opaque = set(), set()
        try:
            if self.ns is None:
                self.prepare()
            self.set_deadline()
            fn()
            res = {"i": i, "pass": True}
        except AssertionError as e:
            if getattr(e, "_candidate", False):
                res = {"i": i, "pass": False, "reason": "error", "detail": str(e)[:EXCERPT]}
            else:
                detail = failing_line(e, sources)
                if str(e):
                    detail += " (" + str(e) + ")"
                res = {"i": i, "pass": False, "reason": "assertion failed", "detail": detail[:EXCERPT]}
        except Timeout:
            self.kill()
            if self.capped:
                res = {"i": i, "pass": False, "reason": "budget",
                       "detail": "the response's %gs budget ran out" % float(self.job.get("budget", 60))}
            else:
                what = "the candidate did not load" if self.ns is None else "no answer"
                res = {"i": i, "pass": False, "reason": "timeout", "detail": "%s within %s" % (what, self.spent())}
        except WorkerDied as e:
            res = {"i": i, "pass": False, "reason": "crashed", "detail": str(e)}
        except RemoteError as e:
            res = {"i": i, "pass": False, "reason": "error", "detail": str(e)}
        except ProtocolError as e:
            self.kill()
            res = {"i": i, "pass": False, "reason": "error", "detail": str(e)}
        except BrokenTest as e:
            res = {"i": i, "pass": False, "reason": "broken test", "detail": str(e)[:EXCERPT]}
        except BaseException as e:
            res = test_exception(i, e)
        notes = []
        if self.notes:
            notes.append("the candidate returned %s values, compared by value as Python's == does" %
                         ", ".join(sorted(self.notes)[:5]))
        if self.opaque:
            notes.append("the candidate returned %s objects, which are not data: each equals only itself" %
                         ", ".join(sorted(self.opaque)[:5]))
        if notes:
            res["note"] = "; ".join(notes)
        return res

    def asserts(self, emit):
        tests = self.job.get("tests", [])
        codes = []
        for i, t in enumerate(tests):
            try:
                codes.append(compile(t, "<test %d>" % i, "exec"))
            except (SyntaxError, ValueError) as e:
                codes.append(e)
        for c in codes:
            if not isinstance(c, Exception):
                self.used |= code_names(c)
        for i, (t, c) in enumerate(zip(tests, codes)):
            if isinstance(c, Exception):
                emit({"i": i, "pass": False, "reason": "broken test", "detail": ("%s: %s" % (type(c).__name__, c))[:EXCERPT]})
                continue
            if not code_names(c):
                # Only constants (assert True, "message"): it tests nothing,
                # so it is no test.
                emit({"i": i, "skip": True})
                continue

            def run(c=c):
                exec(c, dict(self.ns))
            res = self.run_one(i, run, {"<test %d>" % i: t})
            emit(res)
            if res.get("reason") in ("timeout", "budget"):
                return

    def check(self, emit):
        """A check(candidate) program is one test: it passes when
        check(entry point) returns, and fails on the first assert that
        fails or error that escapes, as HumanEval runs it."""
        import ast
        entry = self.job.get("entry_point", "")
        src = self.job.get("tests", "")
        sources = {"<check>": src}
        try:
            tree = ast.parse(src, "<check>")
        except SyntaxError as e:
            emit({"i": 0, "pass": False, "reason": "broken test", "detail": "SyntaxError: %s" % e})
            return
        if not real_test(tree):
            emit({"i": 0, "skip": True})
            return
        code = compile(tree, "<check>", "exec")
        self.used = code_names(code)

        def run():
            if entry not in self.exports:
                raise RemoteError("entry point %r is not defined by the candidate" % entry)
            ns = dict(self.ns)
            exec(code, ns)
            if not callable(ns.get("check")):
                raise BrokenTest("the test program defines no check()")
            ns["check"](ns[entry])
        emit(self.run_one(0, run, sources))

    def stdio(self, emit):
        for i, t in enumerate(self.job.get("tests", [])):
            res = self.stdio_one(i, t)
            emit(res)
            if res.get("reason") in ("timeout", "budget"):
                return

    def stdio_one(self, i, t):
        self.set_deadline()
        try:
            self.spawn()
            send(self.req_w, {"op": "main", "gen": self.gen, "code": self.job.get("code", ""),
                              "stdin": t.get("input", "")}, self.deadline)
            msg = self.answer()
        except Timeout:
            self.kill()
            if self.capped:
                return {"i": i, "pass": False, "reason": "budget", "detail": "the response's budget ran out"}
            return {"i": i, "pass": False, "reason": "timeout", "detail": "no output within %s" % self.spent()}
        except WorkerDied as e:
            return {"i": i, "pass": False, "reason": "crashed", "detail": str(e)}
        except ProtocolError as e:
            self.kill()
            return {"i": i, "pass": False, "reason": "error", "detail": str(e)}
        self.reap_quietly()
        return judge_output(i, msg, str(t.get("output", "")))


def judge_output(i, msg, want):
    """A stdin/stdout test's verdict, from the program's report and the
    expected output (which only this process holds)."""
    if msg.get("op") == "load_error":
        return {"i": i, "pass": False, "reason": "error", "detail": str(msg.get("error", ""))[:EXCERPT]}
    got = str(msg.get("stdout", ""))
    status = msg.get("exit", 1)
    if status != 0:
        detail = "exit status %s" % status
        if msg.get("error"):
            detail += ": " + str(msg["error"])
        elif msg.get("stderr"):
            detail += ": " + str(msg["stderr"])[-EXCERPT:]
        return {"i": i, "pass": False, "reason": "runtime error", "detail": detail[:EXCERPT]}
    if msg.get("truncated"):
        return {"i": i, "pass": False, "reason": "wrong answer",
                "detail": "output longer than %d bytes" % MAX_STDOUT}
    if same_output(got, want):
        return {"i": i, "pass": True}
    return {"i": i, "pass": False, "reason": "wrong answer",
            "detail": "expected %s, got %s" % (excerpt(want), excerpt(got))}


def test_exception(i, e):
    """The verdict for an exception other than an assertion that escaped a
    test: the candidate's (re-raised here) or the test's own."""
    if getattr(e, "_candidate", False) or isinstance(e, NameError):
        return {"i": i, "pass": False, "reason": "error", "detail": ("%s" % e)[:EXCERPT]}
    if isinstance(e, TypeError) and "'Remote'" in str(e):
        # The candidate returned an object that is not data.
        detail = "TypeError: " + str(e).replace("'Remote'", "candidate object")
        return {"i": i, "pass": False, "reason": "error", "detail": detail[:EXCERPT]}
    return {"i": i, "pass": False, "reason": "test error", "detail": ("%s: %s" % (type(e).__name__, e))[:EXCERPT]}


def global_names(code):
    """The global names a function's code (and the code nested in it) reads."""
    import dis
    names = set()
    for ins in dis.get_instructions(code):
        if ins.opname in ("LOAD_GLOBAL", "LOAD_NAME"):
            names.add(ins.argval)
    for c in code.co_consts:
        if hasattr(c, "co_names"):
            names |= global_names(c)
    return names


def code_names(code):
    """Every name a compiled test mentions: globals it reads and attribute
    names, in it and in the functions it defines (a superset of what it
    reads from its namespace; no ast import, which costs more than a
    test)."""
    names = set(code.co_names)
    for c in code.co_consts:
        if hasattr(c, "co_names"):
            names |= code_names(c)
    return names


def real_test(tree):
    """A check program tests something when it has an assert of something
    other than a constant, or a raise."""
    import ast
    for n in ast.walk(tree):
        if isinstance(n, ast.Assert) and not isinstance(n.test, ast.Constant):
            return True
        if isinstance(n, ast.Raise):
            return True
    return False


def prompt_helpers(blocks, wanted):
    """Helper functions the prompt itself defines and the tests call
    (HumanEval's poly, encode_cyclic): the prompt's imports and definitions,
    run here, so a test never calls the candidate's copy of them."""
    import re
    out = {}
    for src in blocks:
        # Most prompts define none of the names: skip parsing them.
        if not any(re.search(r"(?m)^(?:async\s+)?(?:def|class)\s+%s\b" % re.escape(n), src) for n in wanted):
            continue
        import ast
        import builtins
        try:
            tree = ast.parse(src)
        except (SyntaxError, ValueError):
            continue
        keep = (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
        tree.body = [s for s in tree.body if isinstance(s, keep)]
        scratch = {"__name__": "__prompt__", "__builtins__": builtins}
        for stmt in tree.body:
            try:
                exec(compile(ast.Module(body=[stmt], type_ignores=[]), "<prompt>", "exec"), scratch)
            except Exception:
                pass
        for n in wanted:
            if n not in out and n in scratch:
                out[n] = scratch[n]
    return out


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


_CLK = None


def worker_cpu(pid):
    """CPU seconds a process and its waited-for children have used, from
    /proc (readable even for a non-dumpable process); None when gone."""
    global _CLK
    try:
        with open("/proc/%d/stat" % pid, "rb") as f:
            data = f.read()
        fields = data[data.rindex(b")") + 2:].split()
        ticks = int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14])
    except (OSError, ValueError, IndexError):
        return None
    if _CLK is None:
        _CLK = float(os.sysconf("SC_CLK_TCK"))
    return ticks / _CLK


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


_INT = None
_DEC = None


def same_output(got, want):
    """Whether a program's output is the expected one: equal lines (trailing
    spaces, CRLF and trailing blank lines aside), else equal
    whitespace-separated tokens, where two integers are equal only when
    their values are (a wrong answer modulo 1e9+7 is wrong however close),
    an integer and a decimal only when exactly equal (3 and 3.0), and only
    two decimals (a point or an exponent in both) within 1e-6, relative or
    absolute. Anything else (nan, inf, words) compares as text."""
    global _INT, _DEC
    if normalize(got) == normalize(want):
        return True
    a, b = got.split(), want.split()
    if a == b:
        return True
    if len(a) != len(b):
        return False
    if _INT is None:
        import re
        _INT = re.compile(r"[+-]?[0-9]+\Z")
        _DEC = re.compile(r"[+-]?([0-9]+\.[0-9]*|\.[0-9]+|[0-9]+(\.[0-9]*)?[eE][+-]?[0-9]+|[0-9]*\.[0-9]+[eE][+-]?[0-9]+)\Z")
    return all(x == y or same_number(x, y) for x, y in zip(a, b))


def plain_int(s):
    """An integer token's canonical text (compared as text: converting
    megabytes of digits to int takes minutes)."""
    neg = s.startswith("-")
    digits = s.lstrip("+-").lstrip("0") or "0"
    return ("-" if neg and digits != "0" else "") + digits


def same_number(x, y):
    ix, iy = _INT.match(x) is not None, _INT.match(y) is not None
    dx, dy = _DEC.match(x) is not None, _DEC.match(y) is not None
    if ix and iy:
        return plain_int(x) == plain_int(y)
    if (ix or dx) and (iy or dy) and (ix or iy):
        import decimal
        try:
            return decimal.Decimal(x) == decimal.Decimal(y)
        except (decimal.InvalidOperation, ValueError):
            return False
    if dx and dy:
        fx, fy = float(x), float(y)
        return abs(fx - fy) <= 1e-6 * max(1.0, abs(fy))
    return False


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
    add_site_packages()
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
