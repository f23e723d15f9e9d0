// Package code is the code verifier: it extracts the program from a response,
// runs the record's tests against it in the sandbox and scores the fraction
// of tests passed. It owns the rules below; package sandbox owns isolation.
//
// Tests come from the record's "tests" field in three shapes (see
// parseTests): a list of assert statements (MBPP style; one test each, and
// an item that only asserts constants, such as assert True, is no test), a
// list of {"input", "output"} stdin/stdout pairs (one test each), or a
// program defining check(candidate) (HumanEval): one test, passed when
// check(entry point) returns, as HumanEval, MBPP+ and every pass@k figure
// count it (its asserts give no partial credit; one that only asserts
// constants is no test). The program is the response's fenced code block
// that defines the entry point, else its last Python block, else the whole
// text, all read after the reasoning block (the last </think>; a response
// that never closes its <think> has no program; strip_think=false reads it
// all).
//
// Isolation of the expected values. All tests of one response run in one
// sandboxed process (package sandbox) through an embedded harness
// (harness.py). The candidate's code runs in worker processes forked before
// the tests were read; the tests run in the harness against proxies of the
// candidate's functions, and only data crosses, as tagged JSON: arguments
// go to the candidate, results come back. Nothing derived from an expected
// value is ever in a process running candidate code: not the tests, not an
// output's length (a stdin/stdout program's output is kept up to a fixed
// 2 MiB and compared in the harness), and the harness makes itself
// non-dumpable, so its memory cannot be read through /proc. Per-test
// results reach Go on a descriptor the candidate cannot write to. So exiting
// early, overriding assert or exit, patching the checker, printing fake
// results, walking frames or searching memory pass nothing.
//
// What the tests see. The tests' names are built in the harness from what
// the candidate cannot forge: builtins; the modules the candidate imported
// and the library objects it imported from them (import math, from
// collections import Counter), imported afresh by the harness; the helper
// functions the prompt itself defines (HumanEval's poly or encode_cyclic,
// from the prompt's Python blocks, when the record has an entry point); the
// record's test_imports; the setup code's names; and the entry point, a
// proxy (without an entry point: every name the tests use that the
// candidate defined, builtins excepted). Any other name of the candidate (a
// helper, a class called math, a function called abs) is invisible to the
// tests, as in MBPP and HumanEval a test only relies on the entry point.
// Setup code (MBPP's test_setup_code) runs after the candidate's code and
// before the tests: in the harness when it can (its values then stay with
// the tests), else (it builds the candidate's classes, like MBPP's trees of
// Node) in the worker, after the candidate's definitions, its names reaching
// the tests as proxies (its source then reaches the candidate's process, so
// such setup must hold inputs only, as MBPP's does).
//
// Values. Results compare as Python's == would: the worker sends values of
// subclasses of the built-ins (a str or int subclass, a namedtuple),
// Counter, OrderedDict, defaultdict, deque, Fraction, Decimal and numpy
// scalars as their plain contents, read through the built-in types' own
// methods, and the harness rebuilds them as genuine built-in or library
// values, so no candidate object (an always-equal one, a str subclass with
// a rigged __eq__) ever takes part in a comparison; the output notes when
// the candidate returned such types. Builtins and library objects (int,
// math.floor) cross as arguments by name; a function of the tests (lambda
// x: x * 2, a sort key) crosses as its compiled code when it reads only
// builtins, modules and the candidate's own functions; one with a closure,
// defaults or the tests' data does not ("cannot send": it could carry
// expected values). Other objects stay with the candidate behind a proxy
// that equals only itself. What the harness would take quadratic time to
// rebuild is refused as a garbled value (an error): integers over 50,000
// digits, sets and dicts whose hashes were made to collide.
//
// Stdin/stdout comparison: equal lines (trailing spaces, CRLF and trailing
// blank lines aside), else equal whitespace-separated tokens where two
// integers are equal only when their values are (a wrong answer modulo
// 1e9+7 is wrong however close), an integer and a decimal only when exactly
// equal (3 and 3.0), and only two decimals (a point or an exponent in both)
// within 1e-6 relative or absolute; nan, inf and words compare as text.
//
// Time. Each test, and loading the candidate, has code.test_timeout (10 s)
// of the worker's CPU time, and at most three times that in wall time, so a
// machine loaded by other work does not fail a slow but right solution (the
// slowest MBPP reference needs about 4 s for one test on a busy two-core
// machine); a response has at most code.max_time (60 s) for all of them. A
// test that runs out of its own budget fails the whole response (score 0,
// "timeout: test i: ..."): a program that does not finish is wrong, and a
// partial score would reward the tests that happened to run. A response cut
// off by its budget (max_time, the runner's deadline, the sandbox's wall
// limit) is undecided: no score, reason "timeout: ... after K of N tests",
// since the tests not run say nothing either way; but if a test that
// finished had failed, it fails (score 0), so stalling never turns a wrong
// answer into no answer. The runner's budget for a response is Budget (the
// tests' budgets plus start-up, never less than --timeout).
//
// Verdicts: score = passed/tests, correct when all passed; reason
// "all N tests passed" or "K/N tests passed; first failure: test i: why"
// (why: assertion failed, wrong answer, error, test error, runtime error,
// crashed); score 0 "no code found" and "timeout: test i: ..."; no score
// for "no tests" (none this verifier understands, or only constant
// asserts), "broken test: ..." (a test that does not compile, a check
// program without check(), a test import that fails), "timeout: ..."
// (budget) and "sandbox error: ...". Output (execution_output) is a bounded
// excerpt: the first failing test, notes, and the program's stdout/stderr.
//
// Settings (--set key=value, declared by Settings): code.test_timeout (per
// test, default 10s), code.max_time (per response, default 60s),
// code.memory_mb (default 512), code.python (interpreter path). A key no
// verifier declares is an error.
package code

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/grpodata/grpodata/record"
	"github.com/grpodata/grpodata/sandbox"
	"github.com/grpodata/grpodata/verify"
)

// Name is the registered verifier name.
const Name = "code"

func init() {
	verify.Register(verify.Spec{
		Name: Name,
		Help: "run the response's code against the record's tests (asserts, stdin/stdout pairs or a " +
			"check(candidate) program) in the sandbox; score = fraction passed; a timeout fails the response " +
			"(settings below)",
		Settings: func() any { return DefaultSettings() },
		New:      New,
	})
}

//go:embed harness.py
var harness []byte

// Verifier is the code verifier. It is safe for concurrent use.
type Verifier struct {
	runner      *sandbox.Runner
	python      string
	testTimeout time.Duration // per test (and for loading the candidate)
	maxTime     time.Duration // per response, all tests together
	memory      int64
	reasoning   verify.Reasoning // zero when strip_think is off
}

var (
	_ verify.Verifier = (*Verifier)(nil)
	_ verify.Budgeter = (*Verifier)(nil)
)

// Default budgets. Public benchmarks' reference solutions need up to a few
// seconds of CPU per test (MBPP's amicable numbers); a test gets ten seconds
// of CPU and a response a minute: a program that needs more is treated as
// wrong (timeout), one cut off by the response's budget is undecided.
const (
	defaultTestTimeout = 10 * time.Second
	defaultMaxTime     = 60 * time.Second
	startup            = 2 * time.Second // interpreter and harness start, result collection
)

// Settings are the code verifier's settings (--set code.KEY=VALUE).
type Settings struct {
	TestTimeout      time.Duration `yaml:"test_timeout" help:"worker CPU time per test and for loading (wall time up to 3x)"`
	MaxTime          time.Duration `yaml:"max_time" help:"cap on one response's whole run"`
	MemoryMB         int           `yaml:"memory_mb" help:"memory limit of the sandbox in MB (>= 16)"`
	Python           string        `yaml:"python" help:"interpreter path (default: the system's python3)"`
	StripThink       bool          `yaml:"strip_think" help:"take the program from after the reasoning block only (code drafted inside <think> is not the answer)"`
	verify.Reasoning `yaml:",inline"`
}

// DefaultSettings: 10 s per test, 60 s per response, 512 MB.
func DefaultSettings() *Settings {
	return &Settings{TestTimeout: defaultTestTimeout, MaxTime: defaultMaxTime, MemoryMB: 512, StripThink: true, Reasoning: verify.DefaultReasoning()}
}

// Check reports settings out of range.
func (s *Settings) Check() error {
	switch {
	case s.TestTimeout <= 0:
		return fmt.Errorf("setting %s.test_timeout=%s: want a positive duration such as 10s", Name, s.TestTimeout)
	case s.MaxTime <= 0:
		return fmt.Errorf("setting %s.max_time=%s: want a positive duration such as 60s", Name, s.MaxTime)
	case s.MemoryMB < 16:
		return fmt.Errorf("setting %s.memory_mb=%d: want megabytes (>= 16)", Name, s.MemoryMB)
	}
	return nil
}

// New builds the verifier: it prepares a sandbox Runner (refusing to run
// without isolation unless o.Unsafe) and finds the Python interpreter.
func New(o verify.Options) (verify.Verifier, error) {
	st, err := verify.SettingsFor[Settings](Name, o.Settings)
	if err != nil {
		return nil, err
	}
	v := &Verifier{testTimeout: st.TestTimeout, maxTime: st.MaxTime, memory: int64(st.MemoryMB) << 20, python: st.Python}
	if st.StripThink {
		v.reasoning = st.Reasoning
	}
	if v.python == "" {
		py, err := sandbox.Python()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", Name, err)
		}
		v.python = py
	}
	r, err := sandbox.NewRunner(sandbox.Options{Unsafe: o.Unsafe, ReadOnly: pythonPrefix(v.python)})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", Name, err)
	}
	v.runner = r
	return v, nil
}

// pythonPrefix is what the sandbox must show of an interpreter installed
// outside the system directories: its installation prefix (the parent of its
// bin directory), read-only.
func pythonPrefix(py string) []string {
	real, err := filepath.EvalSymlinks(py)
	if err != nil {
		return nil
	}
	for _, sys := range []string{"/usr/", "/bin/", "/sbin/", "/lib/", "/lib64/"} {
		if strings.HasPrefix(real, sys) && strings.HasPrefix(py, sys) {
			return nil
		}
	}
	prefix := filepath.Dir(filepath.Dir(real))
	if prefix == "/" {
		return nil
	}
	return []string{prefix}
}

// Close releases the sandbox.
func (v *Verifier) Close() error { return v.runner.Close() }

// Budget is a response's time budget for the runner: each test's budget plus
// loading, capped by code.max_time, and never less than --timeout.
func (v *Verifier) Budget(rec *record.Record, base time.Duration) time.Duration {
	n := 1
	if s, err := parseTests(rec); err == nil {
		n = s.count()
	}
	return max(base, v.responseBudget(n)+startup)
}

// responseBudget is what the harness may spend on n tests and the load.
func (v *Verifier) responseBudget(n int) time.Duration {
	return min(v.maxTime, v.testTimeout*time.Duration(n+1))
}

// job is what the harness reads on stdin.
type job struct {
	Kind        string   `json:"kind"`
	Code        string   `json:"code"`
	Setup       string   `json:"setup,omitempty"`
	TestImports []string `json:"test_imports,omitempty"`
	PromptCode  []string `json:"prompt_code,omitempty"`
	EntryPoint  string   `json:"entry_point,omitempty"`
	Tests       any      `json:"tests"`
	Timeout     float64  `json:"timeout"` // seconds per test
	Budget      float64  `json:"budget"`  // seconds per response
}

// outcome is one line the harness writes on its result channel.
type outcome struct {
	I      *int   `json:"i"`
	Pass   bool   `json:"pass"`
	Skip   bool   `json:"skip"` // not a test (assert True)
	Reason string `json:"reason"`
	Detail string `json:"detail"`
	Note   string `json:"note"` // the candidate returned unusual types
	Done   bool   `json:"done"`
	Start  bool   `json:"start"`
	// Protected: the harness made itself non-dumpable, so the candidate
	// cannot read the expected values from its memory.
	Protected bool `json:"protected"`
}

const (
	maxExtracted = 8 << 10
	maxOutput    = 2 << 10
)

// Verify judges one response.
func (v *Verifier) Verify(ctx context.Context, rec *record.Record, resp *record.Response) verify.Verdict {
	s, err := parseTests(rec)
	if err != nil {
		return verify.Undecided("", err.Error())
	}
	src := extractCode(v.reasoning.Answer(resp.Text), s.EntryPoint)
	extracted := src
	if len(extracted) > maxExtracted {
		extracted = extracted[:maxExtracted] + "\n# [truncated]"
	}
	if strings.TrimSpace(src) == "" {
		return verify.Failed("", "no code found")
	}
	n := s.count()
	budget := v.responseBudget(n)
	wall := budget + startup
	if dl, ok := ctx.Deadline(); ok {
		// A caller's deadline shorter than the budget shrinks it, so the
		// harness still reports which test was running; the runner gets a
		// moment to record what finished.
		if left := time.Until(dl) - 100*time.Millisecond; left < wall {
			wall = max(left, 100*time.Millisecond)
			budget = max(wall-startup, wall/2)
		}
	}
	j := job{Kind: s.Kind, Code: src, Setup: s.Setup, TestImports: s.TestImports, PromptCode: s.PromptCode,
		EntryPoint: s.EntryPoint, Timeout: v.testTimeout.Seconds(), Budget: budget.Seconds()}
	switch s.Kind {
	case kindAsserts:
		j.Tests = s.Asserts
	case kindCheck:
		j.Tests = s.Program
	case kindStdio:
		j.Tests = s.IO
	}
	input, err := json.Marshal(j)
	if err != nil {
		return verify.Undecided(extracted, "sandbox error: "+err.Error())
	}
	res, err := v.runner.Run(ctx, sandbox.Spec{
		// -I: no environment or user site; -S: no site module (the
		// harness adds the package directories for the candidate).
		Argv:    []string{v.python, "-I", "-S", "harness.py"},
		Files:   map[string][]byte{"harness.py": harness},
		Stdin:   input,
		Channel: true,
		Limits: sandbox.Limits{
			Wall:        wall,
			CPU:         wall,
			MemoryBytes: v.memory,
			OutputBytes: 16 << 10,
			Procs:       64,
			OpenFiles:   256,
		},
	})
	if err != nil {
		if ctx.Err() != nil {
			return verify.Undecided(extracted, "timeout")
		}
		return verify.Undecided(extracted, "sandbox error: "+err.Error())
	}
	return judge(s, n, extracted, res)
}

// judge turns the harness's result lines into a verdict:
//   - a test that ran out of its own time budget fails the whole response
//     (score 0, "timeout: test i ..."): under RL a program that does not
//     finish is wrong, and the budget is far above what reference solutions
//     need;
//   - a response cut off by its own budget (code.max_time, the runner's
//     deadline, the sandbox's wall limit) is undecided: no score, since the
//     tests that did not run say nothing either way;
//   - otherwise score = passed / tests, where constant asserts are no tests
//     and tests without a result (the harness died) failed.
func judge(s *suite, n int, extracted string, res sandbox.Result) verify.Verdict {
	results := make([]*outcome, n)
	skipped := make([]bool, n)
	started, done, protected := false, false, false
	for line := range strings.SplitSeq(string(res.Channel), "\n") {
		var o outcome
		if strings.TrimSpace(line) == "" || json.Unmarshal([]byte(line), &o) != nil {
			continue
		}
		switch {
		case o.Start:
			started, protected = true, o.Protected
		case o.Done:
			done = true
		case o.I != nil && *o.I >= 0 && *o.I < n && results[*o.I] == nil && !skipped[*o.I]:
			if o.Skip {
				skipped[*o.I] = true
			} else {
				results[*o.I] = &o
			}
		}
	}
	if started && !protected {
		return verify.Undecided(extracted, "sandbox error: the harness could not protect its memory (python without ctypes?)")
	}
	if v, ok := timedOut(s, results, done, extracted, res); ok {
		return v
	}
	missing := "not run"
	switch {
	case res.OOM:
		missing = "memory limit exceeded"
	case !started:
		missing = "harness failed: " + res.Reason
	case !done:
		missing = "harness stopped: " + res.Reason
	}
	var kept []*outcome
	var index []int // test number (1-based) of each kept result
	for i, o := range results {
		if skipped[i] {
			continue
		}
		if o == nil {
			o = &outcome{Reason: missing}
		}
		kept, index = append(kept, o), append(index, i+1)
	}
	if len(kept) == 0 {
		return verify.Undecided(extracted, "no tests: only constant asserts")
	}
	return score(s, kept, index, extracted, res)
}

// timedOut is the verdict of a response that ran out of time, if it did,
// or whose tests could not run (a broken test decides nothing).
func timedOut(s *suite, results []*outcome, done bool, extracted string, res sandbox.Result) (verify.Verdict, bool) {
	ran, failed := 0, 0 // tests finished before the budget ran out; the first failed one
	for i, o := range results {
		if o == nil {
			continue
		}
		switch o.Reason {
		case "timeout":
			v := verify.Failed(extracted, fmt.Sprintf("timeout: test %d: %s", i+1, o.Detail))
			v.Output = output(s, []*outcome{o}, []int{i + 1}, 0, res)
			return v, true
		case "broken test":
			return verify.Undecided(extracted, fmt.Sprintf("broken test: test %d: %s", i+1, o.Detail)), true
		case "budget":
			return outOfBudget(fmt.Sprintf("timeout: %s after %d of %d tests (test %d was running)", o.Detail, ran, len(results), i+1),
				failed, extracted), true
		}
		ran++
		if !o.Pass && failed == 0 {
			failed = i + 1
		}
	}
	if res.TimedOut && !done {
		return outOfBudget(fmt.Sprintf("timeout: the sandbox's time limit ran out after %d of %d tests", ran, len(results)),
			failed, extracted), true
	}
	return verify.Verdict{}, false
}

// outOfBudget: a response cut off before all its tests ran is undecided,
// unless a test that did finish failed, which settles it (so stalling never
// turns a wrong answer into no answer).
func outOfBudget(reason string, failed int, extracted string) verify.Verdict {
	if failed > 0 {
		return verify.Failed(extracted, fmt.Sprintf("%s; test %d had failed", reason, failed))
	}
	return verify.Undecided(extracted, reason)
}

// score is the verdict of a response whose tests all ran (or failed).
func score(s *suite, results []*outcome, index []int, extracted string, res sandbox.Result) verify.Verdict {
	passed, first := 0, -1
	for i, o := range results {
		if o.Pass {
			passed++
		} else if first < 0 {
			first = i
		}
	}
	n := len(results)
	sc := float64(passed) / float64(n)
	verdict := verify.Verdict{Score: &sc, Correct: record.Bool(passed == n), Extracted: extracted,
		Output: output(s, results, index, first, res)}
	if passed == n {
		verdict.Reason = fmt.Sprintf("all %d tests passed", n)
		if n == 1 {
			verdict.Reason = "test passed"
		}
		return verdict
	}
	verdict.Reason = fmt.Sprintf("%d/%d tests passed; first failure: test %d: %s", passed, n, index[first], results[first].Reason)
	return verdict
}

// output is the bounded execution_output: the first failing test, notes on
// unusual values the candidate returned, then the program's stdout and
// stderr.
func output(s *suite, results []*outcome, index []int, first int, res sandbox.Result) string {
	var b strings.Builder
	if first >= 0 {
		f, num := results[first], index[first]
		fmt.Fprintf(&b, "test %d: %s", num, f.Reason)
		if f.Detail != "" {
			fmt.Fprintf(&b, ": %s", f.Detail)
		}
		b.WriteByte('\n')
		if s.Kind == kindAsserts && num-1 < len(s.Asserts) && !strings.Contains(f.Detail, strings.TrimSpace(s.Asserts[num-1])) {
			fmt.Fprintf(&b, "  %s\n", clip(strings.TrimSpace(s.Asserts[num-1]), 300))
		}
	}
	for i, o := range results {
		if o.Note != "" {
			fmt.Fprintf(&b, "note: test %d: %s\n", index[i], clip(o.Note, 200))
			break
		}
	}
	if len(res.Stdout) > 0 {
		fmt.Fprintf(&b, "--- stdout ---\n%s\n", clip(string(res.Stdout), maxOutput/2))
	}
	if len(res.Stderr) > 0 {
		fmt.Fprintf(&b, "--- stderr ---\n%s\n", clipTail(string(res.Stderr), maxOutput/2))
	}
	return clip(strings.TrimRight(b.String(), "\n"), maxOutput)
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "") + "..."
}

func clipTail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "..." + strings.ToValidUTF8(s[len(s)-n:], "")
}
