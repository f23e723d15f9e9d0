package code

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/grpodata/grpodata/record"
	"github.com/grpodata/grpodata/verify"
)

// The error classes of issue 17, one table each: right solutions that must
// pass, wrong ones and cheats that must not.

type exactCase struct {
	name string
	rec  *record.Record
	code string
	want want
}

func runCases(t *testing.T, v verify.Verifier, cases []exactCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			check(t, v, tc.rec, fenced(tc.code), tc.want)
		})
	}
}

// withPrompt sets a record's prompt text.
func withPrompt(r *record.Record, text string) *record.Record {
	r.Prompt = record.Prompt{Text: text}
	return r
}

// yesNo is a stdin/stdout task whose answers alternate on equal inputs: a
// program that learns nothing about the expected output scores 0.5 at most.
var yesNo = []map[string]string{
	{"input": "7\n", "output": "YES\n"},
	{"input": "7\n", "output": "NO\n"},
	{"input": "7\n", "output": "YES\n"},
	{"input": "7\n", "output": "NO\n"},
}

// leakProbe searches its own process for anything about the expected
// output: frames, every object, /proc of every process, its rlimits.
const leakProbe = `import sys, gc, os, inspect, traceback, resource
seen = []
f = sys._getframe()
while f is not None:
    seen.append(repr(f.f_locals)[:100000])
    f = f.f_back
for fr in inspect.stack():
    seen.append(repr(fr.frame.f_locals)[:100000])
seen.append(repr(traceback.extract_stack()))
for o in gc.get_objects():
    try:
        seen.append(repr(o)[:10000])
    except Exception:
        pass
for pid in os.listdir('/proc'):
    for name in ('cmdline', 'environ', 'fd/0', 'mem'):
        try:
            seen.append(open('/proc/%s/%s' % (pid, name), 'rb').read(1 << 20).decode('latin-1'))
        except Exception:
            pass
seen.append(repr([resource.getrlimit(r) for r in (resource.RLIMIT_CPU, resource.RLIMIT_FSIZE, resource.RLIMIT_AS)]))
text = '\n'.join(seen)
`

// Class 1: nothing derived from the expected output is in the candidate's
// process.
func TestNoLeakToCandidate(t *testing.T) {
	v := verifier(t)
	cases := []exactCase{
		// Any trace of the expected output (its text, its length as an
		// output cap) would let the probe answer every test.
		{"stdio yes/no by search", rec(yesNo), leakProbe + `
import re
cap = re.search(re.escape(repr('max' + '_output')) + r": (\d+)", text)
out = re.search(r"output\W{1,5}(YES|NO)", text)
if cap:
    print('YES' if int(cap.group(1)) == len('YES\n') * 2 + 4096 else 'NO')
elif out:
    print(out.group(1))
else:
    print('YES')
`, want{0.5, "2/4 tests passed", ""}},
		{"stdio constant answer", rec(yesNo), "print('YES')", want{0.5, "2/4 tests passed", ""}},
		// The asserts' expected values (3, 0, 15) never reach the probe.
		{"asserts by search", rec(mbpp), leakProbe + `
import re
def add(a, b):
    text2 = text + repr([repr(fr.frame.f_locals) for fr in inspect.stack()])
    for m in re.finditer(r'add\((-?\d+), (-?\d+)\) == (-?\d+)', text2):
        if (int(m.group(1)), int(m.group(2))) == (a, b):
            return int(m.group(3))
    return -12345
`, want{0, "0/3 tests passed", ""}},
		{"check by search", rec(humanEvalTests, "entry_point", "total"), leakProbe + `
import re
def total(xs):
    m = re.search(r'candidate\(\[1, 2, 3\]\) == (\d+)', text)
    return int(m.group(1)) if m else -1
`, want{0, "0/1 tests passed", ""}},
	}
	runCases(t, v, cases)
}

// Class 2: integers compare exactly, decimals within 1e-6.
func TestStdioNumbers(t *testing.T) {
	v := verifier(t)
	io := func(out string) *record.Record { return rec([]map[string]string{{"input": "", "output": out}}) }
	cases := []exactCase{
		{"mod answer off by one", io("1000000007\n"), "print(1000000006)", want{0, "wrong answer", ""}},
		{"large integer off by one", io("123456789012345678901234567890\n"), "print(123456789012345678901234567891)", want{0, "wrong answer", ""}},
		{"large integer exact", io("123456789012345678901234567890\n"), "print(123456789012345678901234567890)", want{1, "test passed", ""}},
		{"integer vs close decimal", io("3\n"), "print(3.0000001)", want{0, "wrong answer", ""}},
		{"integer vs equal decimal", io("3\n"), "print('3.0')", want{1, "test passed", ""}},
		{"decimals within 1e-6", io("0.333333\n"), "print(1/3)", want{1, "test passed", ""}},
		{"decimals apart", io("0.3333\n"), "print(0.3334)", want{0, "wrong answer", ""}},
		{"several tokens", io("1 2.5 YES\n"), "print(1, 2.5000000001, 'YES')", want{1, "test passed", ""}},
		{"nan is text", io("nan\n"), "print(0.0)", want{0, "wrong answer", ""}},
	}
	runCases(t, v, cases)
}

// Class 3: the tests see the entry point, setup, test imports, the prompt's
// helpers and the modules the candidate imported; nothing else of it.
func TestTestNamespace(t *testing.T) {
	v := verifier(t)
	usesMath := []string{"assert math.isclose(area(1), math.pi)", "assert area(2) == 4 * math.pi"}
	prompt := "Complete:\n```python\ndef encode(s: str) -> str:\n    return s[::-1] + '!'\n\ndef decode(s: str) -> str:\n    \"\"\"Undo encode.\"\"\"\n```"
	checkEncode := "def check(candidate):\n    for w in ['abc', 'hello', 'xyz']:\n        assert candidate(encode(w)) == w\n"
	cases := []exactCase{
		{"candidate imports math, tests use it", rec(usesMath, "entry_point", "area"), "import math\ndef area(r):\n    return math.pi * r * r", want{1, "all 2 tests passed", ""}},
		{"import as alias", rec([]string{"assert np_.floor(f(2.5)) == 2"}, "entry_point", "f"), "import math as np_\ndef f(x):\n    return x", want{1, "test passed", ""}},
		{"from import", rec([]string{"assert f('aab') == Counter({'a': 2, 'b': 1})"}, "entry_point", "f"), "from collections import Counter\ndef f(s):\n    return dict(Counter(s))", want{1, "test passed", ""}},
		{"shadowed math is not seen", rec(usesMath, "entry_point", "area", "test_imports", "import math"),
			"class math:\n    pi = 0\n    @staticmethod\n    def isclose(a, b): return True\ndef area(r):\n    return 0", want{0, "0/2 tests passed", ""}},
		{"shadowed math without imports", rec(usesMath, "entry_point", "area"),
			"class math:\n    pi = 0\n    @staticmethod\n    def isclose(a, b): return True\ndef area(r):\n    return 0", want{0, "0/2 tests passed", "not defined"}},
		{"candidate module named like a test helper", rec([]string{"assert isclose(f(1), 1.0)"}, "entry_point", "f", "test_imports", "from math import isclose"),
			"def isclose(a, b): return True\ndef f(x): return 99", want{0, "0/1 tests passed", ""}},
		{"helpers are not seen", rec([]string{"assert same(f(1), 2)"}, "entry_point", "f"), "def same(a, b): return True\ndef f(x): return 0", want{0, "error", "not defined"}},
		{"prompt helper right", withPrompt(rec(checkEncode, "entry_point", "decode"), prompt),
			"def encode(s):\n    return s[::-1] + '!'\ndef decode(s):\n    return s[:-1][::-1]", want{1, "test passed", ""}},
		{"prompt helper forged", withPrompt(rec(checkEncode, "entry_point", "decode"), prompt),
			"last = []\ndef encode(s):\n    last.append(s)\n    return s\ndef decode(s):\n    return last[-1] if last else s", want{0, "0/1 tests passed", ""}},
		{"builtin bound to a test's name", rec([]string{"assert isclose(f(1), 3)"}, "entry_point", "f"), "isclose = max\ndef f(x):\n    return -12345", want{0, "error", "not defined"}},
		{"module name is that module", rec([]string{"assert math.__name__ == 'math' and f(1) == 1"}, "entry_point", "f"), "import cmath as math\ndef f(x):\n    return x", want{1, "test passed", ""}},
		{"library object under another name", rec([]string{"assert ok(f(1), 3)"}, "entry_point", "f"), "from operator import truth as ok\ndef f(x):\n    return -12345", want{0, "error", "not defined"}},
		{"no entry point: a partial under test", rec(mbpp), "import functools, operator\nadd = functools.partial(operator.add)", want{1, "all 3 tests passed", ""}},
		{"no entry point: defined names under test", rec(mbpp), "def add(a, b):\n    return a + b\ndef abs(x):\n    return 0", want{1, "all 3 tests passed", ""}},
	}
	runCases(t, v, cases)
}

// Class 4: a check program is one test; constant asserts are none.
func TestCheckIsOneTest(t *testing.T) {
	v := verifier(t)
	loop := "def check(candidate):\n    for x in [1, 2, 3, 4]:\n        assert candidate(x) == x * x\n"
	helper := "def ok(c, x):\n    assert c(x) == x * x\n\ndef check(candidate):\n    ok(candidate, 1)\n    ok(candidate, 5)\n"
	cases := []exactCase{
		{"passes", rec(loop, "entry_point", "sq"), "def sq(x):\n    return x * x", want{1, "test passed", ""}},
		{"first iteration only", rec(loop, "entry_point", "sq"), "def sq(x):\n    return 1 if x == 1 else 0", want{0, "0/1 tests passed", "assert candidate(x) == x * x"}},
		{"helper first call only", rec(helper, "entry_point", "sq"), "def sq(x):\n    return 1", want{0, "0/1 tests passed", ""}},
		{"exit on a later call", rec(loop, "entry_point", "sq"), "import sys\ndef sq(x):\n    if x > 1:\n        sys.exit(0)\n    return 1", want{0, "0/1 tests passed", "exit"}},
		{"os._exit on a later call", rec(loop, "entry_point", "sq"), "import os\ndef sq(x):\n    if x > 1:\n        os._exit(0)\n    return 1", want{0, "0/1 tests passed", "crashed"}},
		{"constant asserts in a list are no tests", rec([]string{"assert True, 'setup ok'", "assert sq(3) == 9", "assert 1"}), "def sq(x):\n    return 9", want{1, "test passed", ""}},
	}
	runCases(t, v, cases)
	imports := rec([]string{"assert sq(3) == 9"})
	_ = imports.Extra.Set("test_imports", []string{"import no_such_module_here"})
	for name, r := range map[string]*record.Record{
		"syntax error in a test": rec([]string{"assert sq(3) == 9", "assert sq(3 == 9"}),
		"syntax error in check":  rec("def check(candidate):\n    assert candidate(3) == 9 +\n", "entry_point", "sq"),
		"no check function":      rec("def check(candidate):\n    assert candidate(3) == 9\ndel check\n", "entry_point", "sq"),
		"test import that fails": imports,
	} {
		got := v.Verify(context.Background(), r, &record.Response{Text: fenced("def sq(x):\n    return 9")})
		if got.Score != nil || !strings.Contains(got.Reason, "broken test") {
			t.Errorf("%s: score %v reason %q, want undecided broken test", name, deref(got.Score), got.Reason)
		}
	}
	for name, r := range map[string]*record.Record{
		"check of constants": rec("def check(candidate):\n    assert True, 'nothing'\n    candidate(1)\n", "entry_point", "sq"),
		"constant list":      rec([]string{"assert True", "assert 'x'"}),
	} {
		got := v.Verify(context.Background(), r, &record.Response{Text: fenced("def sq(x):\n    return 0")})
		if got.Score != nil || !strings.Contains(got.Reason, "no tests") {
			t.Errorf("%s: score %v reason %q, want undecided no tests", name, deref(got.Score), got.Reason)
		}
	}
}

// Class 5 and 8: budgets per test with a cap per response; a test out of
// time fails the response and says which; a response out of time is
// undecided.
func TestBudgets(t *testing.T) {
	v := verifier(t) // 2s per test
	slow := []string{"assert slow(1) == 1", "assert slow(2) == 2", "assert slow(3) == 3"}
	cases := []exactCase{
		{"slow tests each within budget", rec(slow), "import time\ndef slow(x):\n    time.sleep(0.9)\n    return x", want{1, "all 3 tests passed", ""}},
		// The budget is CPU time: a test that waits (as a starved one on a
		// loaded machine) gets up to three times it in wall time.
		{"a test waits past the wall budget", rec(slow[:1]), "import time\ndef slow(x):\n    time.sleep(3)\n    return x", want{1, "test passed", ""}},
		{"a test waits forever", rec(slow[:1]), "import time\ndef slow(x):\n    time.sleep(60)\n    return x", want{0, "timeout: test 1", ""}},
		{"one test loops", rec(slow), "def slow(x):\n    while x == 2:\n        pass\n    return x", want{0, "timeout: test 2: no answer within 2s", ""}},
		{"load loops", rec(slow), "while True:\n    pass\ndef slow(x):\n    return x", want{0, "timeout: test 1: the candidate did not load", ""}},
		{"stdio loops", rec(stdio), "import sys\nif sys.stdin.read().startswith('5'):\n    while True: pass\nprint(3)", want{0, "timeout: test 2", ""}},
	}
	runCases(t, v, cases)

	capped, err := New(verify.Options{Timeout: time.Second, Settings: map[string]string{"code.test_timeout": "2s", "code.max_time": "3s"}})
	if err != nil {
		t.Fatal(err)
	}
	defer capped.(*Verifier).Close()
	got := capped.Verify(context.Background(), rec(slow), &record.Response{Text: fenced("import time\ndef slow(x):\n    time.sleep(1.4)\n    return x")})
	if got.Score != nil || !strings.Contains(got.Reason, "timeout: the response's 3s budget ran out after") {
		t.Errorf("capped: score %v reason %q, want undecided", deref(got.Score), got.Reason)
	}
	got = capped.Verify(context.Background(), rec(slow), &record.Response{Text: fenced("import time\ndef slow(x):\n    time.sleep(1.4)\n    return 0")})
	if got.Score == nil || *got.Score != 0 || !strings.Contains(got.Reason, "test 1 had failed") {
		t.Errorf("capped after a failure: score %v reason %q, want a failure", deref(got.Score), got.Reason)
	}
	if b := capped.(*Verifier).Budget(rec(slow), time.Second); b != 5*time.Second {
		t.Errorf("budget %v, want the 3s cap plus start-up", b)
	}
	if b := v.(*Verifier).Budget(rec(slow), time.Second); b != 10*time.Second {
		t.Errorf("budget %v, want 4 x 2s plus start-up", b)
	}
	if b := v.(*Verifier).Budget(rec(slow), time.Minute); b != time.Minute {
		t.Errorf("budget %v, want --timeout when larger", b)
	}
}

// Class 6: values compare as Python's == would, whatever their type.
func TestValuesByValue(t *testing.T) {
	v := verifier(t)
	one := func(test string) *record.Record { return rec([]string{test}, "entry_point", "f") }
	cases := []exactCase{
		{"Counter", one("assert f('abca') == {'a': 2, 'b': 1, 'c': 1}"), "from collections import Counter\ndef f(s):\n    return Counter(s)", want{1, "test passed", "Counter"}},
		{"Counter equals Counter", one("assert f('aa') == Counter(a=2)"), "from collections import Counter\ndef f(s):\n    return Counter(s)", want{1, "test passed", ""}},
		{"defaultdict", one("assert f([1, 1, 2]) == {1: 2, 2: 1}"), "from collections import defaultdict\ndef f(xs):\n    d = defaultdict(int)\n    for x in xs: d[x] += 1\n    return d", want{1, "test passed", ""}},
		{"OrderedDict", one("assert f() == {'b': 1, 'a': 2}"), "from collections import OrderedDict\ndef f():\n    return OrderedDict([('a', 2), ('b', 1)])", want{1, "test passed", ""}},
		{"namedtuple", one("assert f() == (1, 2)"), "from collections import namedtuple\nP = namedtuple('P', 'x y')\ndef f():\n    return P(1, 2)", want{1, "test passed", "P"}},
		{"namedtuple fields", one("assert f().y == 2 and f() == (1, 2)"), "from collections import namedtuple\nP = namedtuple('P', 'x y')\ndef f():\n    return P(1, 2)", want{1, "test passed", ""}},
		{"namedtuple forged fields", one("assert f() == (1, 2)"), "class P(tuple):\n    _fields = ('__class__', 'import os')\ndef f():\n    return P((1, 2))", want{1, "test passed", ""}},
		{"Fraction", one("assert f() == 0.5"), "from fractions import Fraction\ndef f():\n    return Fraction(1, 2)", want{1, "test passed", ""}},
		{"Decimal", one("assert f() == Decimal('1.10')"), "from decimal import Decimal\ndef f():\n    return Decimal('1.1')", want{1, "test passed", ""}},
		{"str subclass", one("assert f() == 'abc'"), "class S(str):\n    pass\ndef f():\n    return S('abc')", want{1, "test passed", "S"}},
		{"str subclass rigged", one("assert f() == 'abc'"), "class S(str):\n    def __eq__(self, o): return True\n    def __hash__(self): return 0\ndef f():\n    return S('xyz')", want{0, "assertion failed", ""}},
		{"int subclass rigged", one("assert f() == 5"), "class I(int):\n    def __eq__(self, o): return True\n    def __repr__(self): return '5'\ndef f():\n    return I(4)", want{0, "assertion failed", ""}},
		{"an object is not data", one("assert f() == 3"), "class Three:\n    def __eq__(self, o): return o == 3\ndef f():\n    return Three()", want{0, "assertion failed", "Three objects, which are not data"}},
		{"deque is not a list", one("assert f() == [1, 2]"), "from collections import deque\ndef f():\n    return deque([1, 2])", want{0, "assertion failed", ""}},
		{"type as argument", rec([]string{"assert f((4, 'a', 7.5), int) == [4]", "assert f((1, 'b'), str) == ['b']"}, "entry_point", "f"),
			"def f(t, ty):\n    return [x for x in t if isinstance(x, ty)]", want{1, "all 2 tests passed", ""}},
		{"library function as argument", one("assert f(math.floor, 2.5) == 2"), "import math\ndef f(g, x):\n    return g(x)", want{1, "test passed", ""}},
		{"returned builtin called by the test", one("assert f()('abc') == 3"), "def f():\n    return len", want{1, "test passed", ""}},
		// A returned function runs where it lives, in the candidate's process.
		{"returned eval runs with the candidate", one("assert f()('1 + 2') == 3"), "def f():\n    return eval", want{1, "test passed", ""}},
		// A worker patched to name the harness's own eval gets nothing.
		{"forged reference to a risky builtin", one("assert f()('1 + 2') == 3"),
			"import __main__\n_enc = __main__.encode\n__main__.encode = lambda v, h=None, d=0: {'bi': 'eval'} if v is eval else _enc(v, h, d)\ndef f():\n    return eval", want{0, "error", "garbled"}},
		{"forged reference to a risky module", one("assert f()('true') == 0"),
			"import __main__\n_enc = __main__.encode\n__main__.encode = lambda v, h=None, d=0: {'imp': ['posix', 'system']} if v is eval else _enc(v, h, d)\ndef f():\n    return eval", want{0, "error", "garbled"}},
		{"test lambda as argument", rec([]string{"assert f(lambda x: x * 2, 3) == 6", "assert f(lambda s: s.upper(), 'ab') == 'AB'"}, "entry_point", "f"), "def f(g, x):\n    return g(x)", want{1, "all 2 tests passed", ""}},
		{"test function using a module", rec([]string{"def half(x):\n    return math.floor(x / 2)\nassert f(half, 5) == 2"}, "entry_point", "f", "test_imports", "import math"), "def f(g, x):\n    return g(x)", want{1, "test passed", ""}},
		{"test lambda over the tests' values", one("want = 6\nassert f(lambda x: x == want, 6)"), "def f(g, x):\n    return g(x)", want{0, "test error", "cannot send a function that reads the tests' 'want'"}},
		{"test closure", one("def mk(w):\n    return lambda x: x == w\nassert f(mk(6), 6)"), "def f(g, x):\n    return g(x)", want{0, "test error", "holds the tests' values"}},
		{"key function", one("assert f(['bb', 'a', 'ccc'], key=lambda s: -len(s)) == ['ccc', 'bb', 'a']"), "def f(xs, key):\n    return sorted(xs, key=key)", want{1, "test passed", ""}},
	}
	runCases(t, v, cases)
}

// Class 7: setup runs after the candidate's code, test imports for the
// tests.
func TestSetupAndImports(t *testing.T) {
	v := verifier(t)
	tree := "root = Node(1)\nroot.left = Node(2)\nroot.left.left = Node(3)\nleaf = Node(9)\n"
	node := "class Node:\n    def __init__(self, v):\n        self.v, self.left, self.right = v, None, None\n"
	height := node + "def height(n):\n    return 0 if n is None else 1 + max(height(n.left), height(n.right))\n"
	cases := []exactCase{
		{"setup builds the candidate's classes", rec([]string{"assert height(root) == 3", "assert height(leaf) == 1"}, "entry_point", "height", "test_setup_code", tree), height, want{1, "all 2 tests passed", ""}},
		{"setup without the candidate's class", rec([]string{"assert height(root) == 3"}, "entry_point", "height", "test_setup_code", tree), "def height(n):\n    return 3", want{0, "error", "setup failed"}},
		{"setup defining the entry point's name", rec([]string{"assert f(2) == 4"}, "entry_point", "f", "test_setup_code", "def f(x):\n    return 4"), "def f(x):\n    return 0", want{0, "assertion failed", ""}},
		{"plain setup stays with the tests", rec([]string{"assert f(2) == EXPECTED"}, "entry_point", "f", "test_setup_code", "EXPECTED = 4"), "def f(x):\n    return x * 2", want{1, "test passed", ""}},
		{"test imports", rec([]string{"assert f(4) == math.sqrt(16)", "assert re.sub('a', '', f2()) == 'b'"}), "def f(x):\n    return 2 * x / 4 * 2\ndef f2():\n    return 'ab'", want{0, "error", "not defined"}},
	}
	imports := rec([]string{"assert f(4) == math.sqrt(16)", "assert re.sub('a', '', f2()) == 'b'"})
	_ = imports.Extra.Set("test_imports", []string{"import math", "import re"})
	cases = append(cases, exactCase{"test imports used", imports, "def f(x):\n    return 4.0\ndef f2():\n    return 'ab'", want{1, "all 2 tests passed", ""}})
	runCases(t, v, cases)
}

// Test imports and the prompt's code come from the record.
func TestParseImportsAndPromptCode(t *testing.T) {
	list := rec(mbpp, "entry_point", "add")
	_ = list.Extra.Set("test_imports", []string{"import math", " ", "import re"})
	one := rec(mbpp, "test_imports", "import math")
	obj := rec(map[string]any{"test_list": mbpp, "test_imports": []string{"import heapq"}})
	chat := rec(humanEvalTests, "entry_point", "total")
	chat.Prompt = record.Prompt{Messages: []record.Message{
		{Role: "system", Content: "```python\nsystem = 1\n```"},
		{Role: "user", Content: "Do it:\n```python\ndef helper(x):\n    return x\n```\nand\n```bash\nls\n```"},
	}}
	noEntry := withPrompt(rec(mbpp), "```python\ndef add(a, b): ...\n```")
	cases := []struct {
		name    string
		rec     *record.Record
		imports []string
		prompt  []string
	}{
		{"list", list, []string{"import math", "import re"}, nil},
		{"one string", one, []string{"import math"}, nil},
		{"in the tests object", obj, []string{"import heapq"}, nil},
		{"chat prompt: user turns, python blocks", chat, nil, []string{"def helper(x):\n    return x"}},
		{"no entry point: no prompt code", noEntry, nil, nil},
	}
	for _, tc := range cases {
		s, err := parseTests(tc.rec)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if strings.Join(s.TestImports, "|") != strings.Join(tc.imports, "|") || strings.Join(s.PromptCode, "|") != strings.Join(tc.prompt, "|") {
			t.Errorf("%s: imports %q prompt %q", tc.name, s.TestImports, s.PromptCode)
		}
	}
}
