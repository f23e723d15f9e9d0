package code

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/grpodata/grpodata/record"
	"github.com/grpodata/grpodata/sandbox"
	"github.com/grpodata/grpodata/verify"
)

func TestMain(m *testing.M) {
	sandbox.Main()
	code := m.Run()
	if sharedV != nil {
		sharedV.(*Verifier).Close()
	}
	os.Exit(code)
}

var (
	sharedOnce sync.Once
	sharedV    verify.Verifier
	sharedErr  error
)

func verifier(t *testing.T) verify.Verifier {
	t.Helper()
	skip := t.Skip
	if os.Getenv("GRPODATA_REQUIRE_SANDBOX") != "" {
		skip = t.Fatal // CI: a missing sandbox is a failure
	}
	if !sandbox.Probe().Isolation {
		skip("sandbox isolation unavailable: " + sandbox.Probe().Reason)
	}
	if _, err := sandbox.Python(); err != nil {
		skip(err)
	}
	sharedOnce.Do(func() {
		sharedV, sharedErr = New(verify.Options{Timeout: 60 * time.Second, Settings: map[string]string{"code.test_timeout": "2s"}})
	})
	if sharedErr != nil {
		t.Fatal(sharedErr)
	}
	return sharedV
}

func rec(tests any, extra ...string) *record.Record {
	raw, _ := json.Marshal(tests)
	r := &record.Record{Prompt: record.Prompt{Text: "write code"}, Tests: raw}
	for i := 0; i+1 < len(extra); i += 2 {
		if extra[i] == "entry_point" {
			r.EntryPoint = extra[i+1]
		} else {
			_ = r.Extra.Set(extra[i], extra[i+1])
		}
	}
	return r
}

func fenced(code string) string { return "Here you go:\n```python\n" + code + "\n```\nDone." }

var mbpp = []string{
	"assert add(1, 2) == 3",
	"assert add(-1, 1) == 0",
	"assert add(10, 5) == 15",
}

const humanEvalTests = `
METADATA = {}

def check(candidate):
    assert candidate([1, 2, 3]) == 6
    assert candidate([]) == 0
    assert abs(candidate([0.5, 0.25]) - 0.75) < 1e-9
`

var stdio = []map[string]string{
	{"input": "1 2\n", "output": "3\n"},
	{"input": "5 7\n", "output": "12"},
	{"input": "-3 3\n", "output": "0\n"},
}

type want struct {
	score   float64
	reason  string // substring of the reason
	outputs string // substring of the output
}

func TestVerify(t *testing.T) {
	v := verifier(t)
	var many []string
	for i := range 300 {
		many = append(many, fmt.Sprintf("assert add(%d, 1) == %d", i, i+1))
	}
	cases := []struct {
		name string
		rec  *record.Record
		text string
		want want
	}{
		{"asserts pass", rec(mbpp), fenced("def add(a, b):\n    return a + b"), want{1, "all 3 tests passed", ""}},
		{"asserts partial", rec(mbpp), fenced("def add(a, b):\n    return abs(a) + b"), want{2.0 / 3, "2/3 tests passed; first failure: test 2: assertion failed", "assert add(-1, 1) == 0"}},
		{"asserts as one string", rec(strings.Join(mbpp, "\n")), fenced("def add(a, b):\n    return a + b"), want{1, "all 3 tests passed", ""}},
		{"setup code", rec([]string{"assert area(2) == round(math.pi * 4, 6)"}, "test_setup_code", "import math"),
			fenced("import math\ndef area(r):\n    return round(math.pi * r * r, 6)"), want{1, "test passed", ""}},
		{"check program", rec(humanEvalTests, "entry_point", "total"), fenced("def total(xs):\n    return sum(xs)"), want{1, "test passed", ""}},
		{"check program fails", rec(humanEvalTests, "entry_point", "total"), fenced("def total(xs):\n    return len(xs)"), want{0, "0/1 tests passed; first failure: test 1: assertion failed", "assert candidate([1, 2, 3]) == 6"}},
		{"check program with a loop", rec("def check(candidate):\n    for i in range(5):\n        assert candidate([i]) == i\n    assert candidate([]) == 0\n    x = candidate([9])\n    assert x == 9\n", "entry_point", "total"),
			fenced("def total(xs):\n    return sum(xs) if len(xs) != 1 or xs[0] != 3 else -1"), want{0, "0/1 tests passed; first failure: test 1: assertion failed", "assert candidate([i]) == i"}},
		{"check program crashes", rec(humanEvalTests, "entry_point", "total"), fenced("def total(xs):\n    raise RuntimeError('boom')"), want{0, "0/1 tests passed; first failure: test 1: error", "RuntimeError: boom"}},
		{"check without entry point defined", rec(humanEvalTests, "entry_point", "total"), fenced("def summe(xs):\n    return sum(xs)"), want{0, "error", "entry point"}},
		{"stdio pass", rec(stdio), fenced("a, b = map(int, input().split())\nprint(a + b)"), want{1, "all 3 tests passed", ""}},
		{"stdio via sys.stdin and open(0)", rec(stdio), fenced("import sys\ndata = open(0).read().split()\nsys.stdout.write(str(int(data[0]) + int(data[1])) + '\\n')"), want{1, "all 3 tests passed", ""}},
		{"stdio wrong answer", rec(stdio), fenced("a, b = map(int, input().split())\nprint(a * b)"), want{0, "wrong answer", "expected \"3\", got \"2\""}},
		{"stdio runtime error", rec(stdio), fenced("raise ValueError('nope')"), want{0, "runtime error", "ValueError: nope"}},
		{"stdio column-wise", rec(map[string]any{"input": []string{"2 2\n"}, "output": []string{"4\n"}}), fenced("a, b = map(int, input().split())\nprint(a + b)"), want{1, "test passed", ""}},
		{"syntax error", rec(mbpp), fenced("def add(a, b)\n    return a + b"), want{0, "error", "SyntaxError"}},
		{"timeout", rec(mbpp), fenced("def add(a, b):\n    while True:\n        pass"), want{0, "timeout", ""}},
		{"crash", rec(mbpp), fenced("import os\ndef add(a, b):\n    os.abort()"), want{0, "crashed", "SIGABRT"}},
		{"memory bomb", rec(mbpp), fenced("def add(a, b):\n    x = []\n    while True:\n        x.append(bytearray(1 << 24))"), want{0, "tests passed", ""}},
		{"many tests", rec(many), fenced("def add(a, b):\n    return a + b if a != 299 else 0"), want{299.0 / 300, "299/300 tests passed; first failure: test 300", ""}},
		{"no fence", rec(mbpp), "def add(a, b):\n    return a + b\n", want{1, "all 3 tests passed", ""}},
		{"rich values", rec([]string{
			"assert f(3) == (3, [1.5, None], {'k': {1, 2}}, b'x', 2**100, frozenset(), range(3), 1+2j)",
			"assert list(g(3)) == [0, 1, 4]",
			"assert Box(2).double() == 4 and len(Box(2)) == 2 and 1 in Box(2) and Box(2)[1] == 1",
			"try:\n    f(-1)\n    assert False\nexcept ValueError:\n    pass",
			"a = [3, 1, 2]\nd = {}\nsort_in_place(a, d)\nassert a == [1, 2, 3] and d == {'n': 3}",
		}), fenced("def f(n):\n    if n < 0:\n        raise ValueError('negative')\n    return (n, [1.5, None], {'k': {1, 2}}, b'x', 2**100, frozenset(), range(3), 1+2j)\n" +
			"def sort_in_place(xs, info):\n    xs.sort()\n    info['n'] = len(xs)\n" +
			"def g(n):\n    return (i * i for i in range(n))\nclass Box:\n    def __init__(self, n): self.items = list(range(n))\n    def double(self): return 2 * len(self.items)\n" +
			"    def __len__(self): return len(self.items)\n    def __contains__(self, x): return x in self.items\n    def __getitem__(self, i): return self.items[i]\n"), want{1, "all 5 tests passed", ""}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			check(t, v, tc.rec, tc.text, tc.want)
		})
	}
}

func check(t *testing.T, v verify.Verifier, r *record.Record, text string, w want) {
	t.Helper()
	resp := &record.Response{Text: text}
	got := v.Verify(context.Background(), r, resp)
	t.Logf("score=%v correct=%v reason=%q\noutput:\n%s", deref(got.Score), got.Correct != nil && *got.Correct, got.Reason, got.Output)
	if got.Score == nil {
		t.Fatalf("no score: %q", got.Reason)
	}
	if d := *got.Score - w.score; d > 1e-9 || d < -1e-9 {
		t.Errorf("score = %v, want %v", *got.Score, w.score)
	}
	if (*got.Correct) != (w.score == 1) {
		t.Errorf("correct = %v", *got.Correct)
	}
	if !strings.Contains(got.Reason, w.reason) {
		t.Errorf("reason = %q, want it to contain %q", got.Reason, w.reason)
	}
	if !strings.Contains(got.Output, w.outputs) {
		t.Errorf("output = %q, want it to contain %q", got.Output, w.outputs)
	}
	if len(got.Output) > maxOutput+8 {
		t.Errorf("output of %d bytes", len(got.Output))
	}
}

func deref(f *float64) float64 {
	if f == nil {
		return -1
	}
	return *f
}

// Attempts to pass tests without solving them must all score 0 (the add
// function is wrong in each).
func TestCheating(t *testing.T) {
	v := verifier(t)
	wrong := "def add(a, b):\n    return -12345\n"
	cases := map[string]string{
		"exit 0 at import":    wrong + "import sys\nsys.exit(0)\n",
		"os._exit at import":  wrong + "import os\nos._exit(0)\n",
		"exit 0 in function":  "import sys\ndef add(a, b):\n    sys.exit(0)\n",
		"os._exit in call":    "import os\ndef add(a, b):\n    os._exit(0)\n",
		"always-equal result": "class Eq:\n    def __eq__(self, o): return True\n    def __ne__(self, o): return False\ndef add(a, b):\n    return Eq()\n",
		"int subclass equal":  "class I(int):\n    def __eq__(self, o): return True\ndef add(a, b):\n    return I(-7)\n",
		"override assert": wrong + "import builtins\nclass Never(Exception): pass\nbuiltins.AssertionError = Never\n" +
			"__builtins__['AssertionError'] = Never if isinstance(__builtins__, dict) else Never\n",
		"patch checker modules": wrong + "import math, operator, builtins\nmath.isclose = lambda *a, **k: True\noperator.eq = lambda a, b: True\nbuiltins.abs = lambda x: 0\n",
		"define check":          wrong + "def check(candidate):\n    return True\n",
		"shadow builtins and setup": wrong + "def abs(x):\n    return 0\ndef sorted(x):\n    return x\nclass math:\n    @staticmethod\n    def isclose(*a, **k):\n        return True\n" +
			"class AssertionError(Exception):\n    pass\n",
		"print fake results":   wrong + "print('{\"i\": 0, \"pass\": true}')\nprint('all tests passed')\n",
		"write result channel": wrong + "import os\nfor fd in range(3, 64):\n    try:\n        os.write(fd, b'{\"i\": 0, \"pass\": true}\\n{\"i\": 1, \"pass\": true}\\n{\"i\": 2, \"pass\": true}\\n{\"done\": true}\\n')\n    except OSError:\n        pass\n",
		"read the tests": "import gc, os, re, sys\nfound = {}\ndef scan(text):\n    for m in re.finditer(r'add\\((-?\\d+), (-?\\d+)\\) == (-?\\d+)', text):\n        found[(int(m.group(1)), int(m.group(2)))] = int(m.group(3))\n" +
			"for o in gc.get_objects():\n    if isinstance(o, str): scan(o)\n" +
			"for p in ('/proc/1/mem', '/proc/1/environ', '/proc/1/cmdline', '/proc/self/fd/0', 'harness.py'):\n    try: scan(open(p, errors='replace').read())\n    except Exception: pass\n" +
			"try: scan(sys.stdin.read())\nexcept Exception: pass\n" +
			// Read the memory of every other process (harness, zygote).
			"for pid in [p for p in os.listdir('/proc') if p.isdigit() and int(p) != os.getpid()]:\n" +
			"    try:\n        maps = open('/proc/%s/maps' % pid).read().splitlines()\n        mem = open('/proc/%s/mem' % pid, 'rb')\n    except OSError:\n        continue\n" +
			"    for line in maps:\n        lo, hi = (int(x, 16) for x in line.split()[0].split('-'))\n        if 'rw' not in line.split()[1]: continue\n" +
			"        try:\n            mem.seek(lo); scan(mem.read(min(hi - lo, 1 << 26)).decode('latin-1'))\n        except (OSError, ValueError, OverflowError):\n            pass\n" +
			"print('found', found, file=sys.stderr)\n" +
			"def add(a, b):\n    return found.get((a, b), -12345)\n",
		"kill the harness":    wrong + "import os, signal\nfor s in (signal.SIGKILL, signal.SIGTERM, signal.SIGINT, signal.SIGSTOP):\n    for pid in (1, os.getppid()):\n        try: os.kill(pid, s)\n        except OSError: pass\n",
		"huge integer result": "def add(a, b):\n    return 10 ** 150000\n",
		"hash-flooding set result": "import __main__\n_enc = __main__.encode\nm = (1 << 61) - 1\ndef add(a, b):\n    return [m * k for k in range(1, 60000)]\n" +
			"__main__.encode = lambda v, h=None, d=0: {'s': _enc(v, h, d)} if type(v) is list and len(v) > 1000 else _enc(v, h, d)\n",
		// Everything reachable from every frame, inspect and traceback
		// included, searched for the tests' text.
		"frame walk for expected values": "import sys, inspect, traceback, re\ndef scan(o, out, depth=0):\n    if depth > 4: return\n    if isinstance(o, str): out.append(o)\n" +
			"    elif isinstance(o, dict):\n        for k, v in list(o.items())[:500]: scan(k, out, depth + 1); scan(v, out, depth + 1)\n    elif isinstance(o, (list, tuple, set)):\n        for v in list(o)[:500]: scan(v, out, depth + 1)\n" +
			"def add(a, b):\n    out = []\n    f = sys._getframe()\n    while f is not None:\n        scan(f.f_locals, out); scan(f.f_globals, out)\n        f = f.f_back\n    for fr in inspect.stack():\n        scan(fr.frame.f_locals, out)\n    out += traceback.format_stack()\n" +
			"    for s in out:\n        m = re.search(r'(?:add|candidate)\\(%d, %d\\) == (-?\\d+)' % (a, b), s)\n        if m: return int(m.group(1))\n    return -12345\n",
		"override builtins for the tests":  wrong + "import builtins\nbuiltins.abs = lambda x: 0\nbuiltins.sorted = lambda x: [1, 3]\nbuiltins.isinstance = lambda *a: True\nimport math\nmath.isclose = lambda *a, **k: True\n",
		"str subclass rigged":              "class S(str):\n    def __eq__(self, o): return True\n    __hash__ = str.__hash__\ndef add(a, b):\n    return S('3')[:0] or S('x')\n",
		"return a builtin":                 "def add(a, b):\n    return max\n",
		"return eval for the test to call": "def add(a, b):\n    return eval\n",
		"raise SystemExit in __eq__":       "class E:\n    def __eq__(self, o): raise SystemExit(0)\ndef add(a, b):\n    return E()\n",
	}
	for name, code := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			for _, r := range []*record.Record{
				rec(mbpp),
				rec(strings.ReplaceAll(humanEvalTests, "candidate([1, 2, 3]) == 6", "candidate(1, 2) == 3"), "entry_point", "add"),
				rec([]string{"assert abs(add(1, 2) - 3) < 1e-9", "assert math.isclose(add(1, 2), 3)", "assert sorted([add(1, 2), 1]) == [1, 3]"}, "test_setup_code", "import math"),
			} {
				resp := &record.Response{Text: fenced(code)}
				got := v.Verify(context.Background(), r, resp)
				t.Logf("%s: score=%v reason=%q output=%q", r.Tests[:12], deref(got.Score), got.Reason, got.Output)
				if got.Score == nil || *got.Score != 0 || *got.Correct {
					t.Errorf("cheat scored %v (%q)", deref(got.Score), got.Reason)
				}
			}
		})
	}
}

func TestNoTests(t *testing.T) {
	for name, r := range map[string]*record.Record{
		"missing":             {Prompt: record.Prompt{Text: "x"}},
		"empty list":          rec([]string{}),
		"check without entry": rec(humanEvalTests),
		"number":              rec(42),
	} {
		if _, err := parseTests(r); err == nil {
			t.Errorf("%s: parsed", name)
		}
	}
}

func TestNoCode(t *testing.T) {
	v := verifier(t)
	got := v.Verify(context.Background(), rec(mbpp), &record.Response{Text: "  "})
	if got.Score == nil || *got.Score != 0 || got.Reason != "no code found" {
		t.Errorf("got %v %q", deref(got.Score), got.Reason)
	}
}

func TestExtractCode(t *testing.T) {
	cases := []struct {
		name, text, entry, want string
	}{
		{"whole text", "def f():\n    return 1", "", "def f():\n    return 1"},
		{"last python block", "```python\nx = 1\n```\ntext\n```python\ny = 2\n```", "", "y = 2"},
		{"block defining the entry point", "```python\ndef f():\n    return 1\n```\nusage:\n```python\nprint(f())\n```", "f", "def f():\n    return 1"},
		{"python over other languages", "```python\nx = 1\n```\n```bash\nrun it\n```", "", "x = 1"},
		{"untagged block", "```\nx = 1\n```", "", "x = 1"},
		{"unterminated block", "Sure:\n```python\ndef f():\n    return 1\n", "", "def f():\n    return 1\n"},
		{"tildes and longer fences", "~~~py\nx = 1\n~~~", "", "x = 1"},
		{"adjacent blocks", "```python\na = 1\n```\n```python\nb = 2\n```", "", "b = 2"},
		{"only another language", "```js\nconsole.log(1)\n```", "", "console.log(1)"},
	}
	for _, tc := range cases {
		if got := extractCode(tc.text, tc.entry); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestParseTests(t *testing.T) {
	cases := []struct {
		name  string
		rec   *record.Record
		kind  string
		count int
		setup string
		entry string
	}{
		{"assert list", rec(mbpp), kindAsserts, 3, "", ""},
		{"assert lines", rec("assert f(1) == 1\n\nassert f(2) == 2\n"), kindAsserts, 2, "", ""},
		{"program with imports", rec("import math\nassert f(1) == math.pi"), kindAsserts, 1, "", ""},
		{"check", rec(humanEvalTests, "entry_point", "g"), kindCheck, 1, "", "g"},
		{"io pairs", rec(stdio), kindStdio, 3, "", ""},
		{"io columns", rec(map[string]any{"input": []string{"1", "2"}, "output": []string{"1", "2"}}), kindStdio, 2, "", ""},
		{"object with setup", rec(map[string]any{"test_list": mbpp, "test_setup_code": "import re"}), kindAsserts, 3, "import re", ""},
		{"record setup field", rec(mbpp, "setup", "import os"), kindAsserts, 3, "import os", ""},
		{"object with check", rec(map[string]any{"test": humanEvalTests, "entry_point": "h"}), kindCheck, 1, "", "h"},
	}
	for _, tc := range cases {
		s, err := parseTests(tc.rec)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if s.Kind != tc.kind || s.count() != tc.count || s.Setup != tc.setup || s.EntryPoint != tc.entry {
			t.Errorf("%s: kind %s count %d setup %q entry %q", tc.name, s.Kind, s.count(), s.Setup, s.EntryPoint)
		}
	}
}

func TestSettings(t *testing.T) {
	for _, bad := range []map[string]string{{"code.test_timeout": "soon"}, {"memory_mb": "1"}, {"code.max_time": "-1s"}} {
		if _, err := New(verify.Options{Settings: bad}); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
}

// BenchmarkVerify measures verifications per second of a correct MBPP-style
// response with three asserts, all tests in one sandboxed run.
func BenchmarkVerify(b *testing.B) {
	if !sandbox.Probe().Isolation {
		b.Skip("isolation unavailable")
	}
	v, err := New(verify.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer v.(*Verifier).Close()
	r := rec(mbpp)
	text := fenced("def add(a, b):\n    return a + b")
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			got := v.Verify(context.Background(), r, &record.Response{Text: text})
			if got.Score == nil || *got.Score != 1 {
				b.Errorf("verdict %q", got.Reason)
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "verifications/s")
}

// An interpreter outside /usr (a pyenv build, say) is made visible read-only.
func TestPythonPrefix(t *testing.T) {
	if got := pythonPrefix("/usr/bin/python3"); got != nil {
		t.Errorf("system python: %v", got)
	}
	dir := t.TempDir()
	bin := dir + "/opt/py/bin"
	if err := os.MkdirAll(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bin+"/python3", nil, 0o755); err != nil {
		t.Fatal(err)
	}
	if got := pythonPrefix(bin + "/python3"); len(got) != 1 || got[0] != dir+"/opt/py" {
		t.Errorf("got %v", got)
	}
}

// A program drafted inside the reasoning block is not the answer.
func TestReasoningIsNotTheProgram(t *testing.T) {
	v := verifier(t)
	draft := "<think>\n```python\ndef add(a, b):\n    return a + b\n```\n"
	cases := []struct {
		name, text, want string
	}{
		{"only drafted while thinking", draft + "</think>\nI could not finish.", "0"},
		{"never left the reasoning", draft, "0"},
		{"answer after the reasoning", draft + "</think>\n```python\ndef add(a, b):\n    return a + b\n```", "1"},
	}
	r := &record.Record{Prompt: record.Prompt{Text: "add"}, Tests: json.RawMessage(`["assert add(1, 2) == 3", "assert add(0, 0) == 0"]`)}
	for _, c := range cases {
		got := v.Verify(context.Background(), r, &record.Response{Text: c.text})
		if got.Score == nil || fmt.Sprint(*got.Score) != c.want {
			t.Errorf("%s: got %v %q, want %s", c.name, deref(got.Score), got.Reason, c.want)
		}
	}
}
