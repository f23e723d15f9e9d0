// Package code is the code verifier: it extracts the program from a response,
// runs the record's tests against it in the sandbox and scores the fraction
// of tests passed.
//
// Tests come from the record's "tests" field in three shapes (see
// parseTests): a list of assert statements (MBPP/HumanEval style, with
// optional setup code and entry point), a list of {"input", "output"}
// stdin/stdout pairs (compared with whitespace normalised, numbers with a
// 1e-6 tolerance), or a program defining check(candidate) (HumanEval, called
// with the entry point; each of its assert statements counts as one test, an
// assert in a loop passing only if it held every time). The program is the
// response's fenced code block that defines the entry point, else its last
// Python block, else the whole text.
//
// All tests of one response run in one sandboxed process (package sandbox)
// through an embedded harness (harness.py) that keeps the tests and expected
// values away from the candidate: the candidate's code runs in a worker
// process forked before the tests were read, tests run in the harness against
// proxies of the candidate's functions, and only plain data (numbers,
// strings, lists, dicts, ...) crosses between the two; the harness makes
// itself non-dumpable, so its memory (the expected values) cannot be read
// through /proc. So a candidate that exits 0 early, overrides assert or
// exit, patches the checker, prints fake results, returns an always-equal
// object or searches memory for the tests does not pass; per-test results
// reach Go on a descriptor the candidate cannot write to. Stdin/stdout
// programs run once per test in a fresh worker; their output is compared in
// the harness.
//
// Verdicts: score = passed/total, correct when all passed; reason
// "all N tests passed" or "K/N tests passed; first failure: test i: why"
// (why: assertion failed, wrong answer, error, runtime error, crashed,
// timeout); score 0 "no code found"; no score "no tests" when the record has
// none this verifier understands, and "sandbox error: ..." for
// infrastructure failures. Output (execution_output) is a bounded excerpt:
// the first failing test and the program's stdout/stderr.
//
// Settings (--set key=value): code.test_timeout (per test, default 3s),
// code.memory_mb (default 512), code.python (interpreter path).
package code

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strconv"
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
			"check(candidate) program) in the sandbox; score = fraction passed " +
			"(settings: code.test_timeout=3s, code.memory_mb=512, code.python=PATH)",
		New: New,
	})
}

//go:embed harness.py
var harness []byte

// Verifier is the code verifier. It is safe for concurrent use.
type Verifier struct {
	runner      *sandbox.Runner
	python      string
	testTimeout time.Duration
	memory      int64
	budget      time.Duration // per response, from verify.Options.Timeout
}

var _ verify.Verifier = (*Verifier)(nil)

// New builds the verifier: it prepares a sandbox Runner (refusing to run
// without isolation unless o.Unsafe) and finds the Python interpreter.
func New(o verify.Options) (verify.Verifier, error) {
	v := &Verifier{testTimeout: 3 * time.Second, memory: 512 << 20, budget: o.Timeout}
	for k, val := range o.Settings {
		switch strings.TrimPrefix(k, Name+".") {
		case "test_timeout":
			d, err := time.ParseDuration(val)
			if err != nil || d <= 0 {
				return nil, fmt.Errorf("%s: setting %s=%q: want a duration such as 3s", Name, k, val)
			}
			v.testTimeout = d
		case "memory_mb":
			n, err := strconv.Atoi(val)
			if err != nil || n < 16 {
				return nil, fmt.Errorf("%s: setting %s=%q: want megabytes (>= 16)", Name, k, val)
			}
			v.memory = int64(n) << 20
		case "python":
			v.python = val
		}
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

// job is what the harness reads on stdin.
type job struct {
	Kind       string  `json:"kind"`
	Code       string  `json:"code"`
	Setup      string  `json:"setup,omitempty"`
	EntryPoint string  `json:"entry_point,omitempty"`
	Tests      any     `json:"tests"`
	Timeout    float64 `json:"timeout"`
}

// outcome is one line the harness writes on its result channel.
type outcome struct {
	I      *int   `json:"i"`
	Pass   bool   `json:"pass"`
	Reason string `json:"reason"`
	Detail string `json:"detail"`
	Done   bool   `json:"done"`
	Start  bool   `json:"start"`
	Count  int    `json:"count"` // a check program's number of asserts
	// Protected: the harness made itself non-dumpable, so the candidate
	// cannot read the expected values from its memory.
	Protected bool `json:"protected"`
}

const (
	maxExtracted = 8 << 10
	maxOutput    = 2 << 10
	maxChecks    = 10000 // asserts of one check program counted as tests
)

// Verify judges one response.
func (v *Verifier) Verify(ctx context.Context, rec *record.Record, resp *record.Response) verify.Verdict {
	s, err := parseTests(rec)
	if err != nil {
		return verify.Undecided("", err.Error())
	}
	src := extractCode(resp.Text, s.EntryPoint)
	extracted := src
	if len(extracted) > maxExtracted {
		extracted = extracted[:maxExtracted] + "\n# [truncated]"
	}
	if strings.TrimSpace(src) == "" {
		return verify.Failed("", "no code found")
	}
	j := job{Kind: s.Kind, Code: src, Setup: s.Setup, EntryPoint: s.EntryPoint, Timeout: v.testTimeout.Seconds()}
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
	n := s.count()
	wall := time.Duration(float64(time.Second)*j.Timeout)*time.Duration(n+1) + 2*time.Second
	if dl, ok := ctx.Deadline(); ok {
		// Leave the runner a moment to record what finished.
		if left := time.Until(dl) - 100*time.Millisecond; left < wall {
			wall = max(left, 100*time.Millisecond)
		}
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

// judge turns the harness's result lines into a verdict. Tests without a
// result (the run was cut short) count as failed.
func judge(s *suite, n int, extracted string, res sandbox.Result) verify.Verdict {
	var lines []outcome
	for line := range strings.SplitSeq(string(res.Channel), "\n") {
		var o outcome
		if strings.TrimSpace(line) == "" || json.Unmarshal([]byte(line), &o) != nil {
			continue
		}
		if o.Count > 0 && s.Kind == kindCheck && o.Count <= maxChecks {
			n = o.Count // each assert of check() is a test
		}
		lines = append(lines, o)
	}
	results := make([]*outcome, n)
	started, done, protected := false, false, false
	for _, o := range lines {
		switch {
		case o.Start:
			started, protected = true, o.Protected
		case o.Done:
			done = true
		case o.I != nil && *o.I >= 0 && *o.I < n && results[*o.I] == nil:
			results[*o.I] = &o
		}
	}
	if started && !protected {
		return verify.Undecided(extracted, "sandbox error: the harness could not protect its memory (python without ctypes?)")
	}
	missing := "not run"
	switch {
	case res.TimedOut:
		missing = "timeout"
	case res.OOM:
		missing = "memory limit exceeded"
	case !started:
		missing = "harness failed: " + res.Reason
	case !done:
		missing = "harness stopped: " + res.Reason
	}
	passed, first := 0, -1
	for i, o := range results {
		if o == nil {
			results[i] = &outcome{Reason: missing}
			o = results[i]
		}
		if o.Pass {
			passed++
		} else if first < 0 {
			first = i
		}
	}
	out := output(s, results, first, res)
	score := float64(passed) / float64(n)
	verdict := verify.Verdict{Score: &score, Correct: record.Bool(passed == n), Extracted: extracted, Output: out}
	if passed == n {
		verdict.Reason = fmt.Sprintf("all %d tests passed", n)
		if n == 1 {
			verdict.Reason = "test passed"
		}
		return verdict
	}
	f := results[first]
	verdict.Reason = fmt.Sprintf("%d/%d tests passed; first failure: test %d: %s", passed, n, first+1, f.Reason)
	return verdict
}

// output is the bounded execution_output: the first failing test, then the
// program's stdout and stderr.
func output(s *suite, results []*outcome, first int, res sandbox.Result) string {
	var b strings.Builder
	if first >= 0 {
		f := results[first]
		fmt.Fprintf(&b, "test %d: %s", first+1, f.Reason)
		if f.Detail != "" {
			fmt.Fprintf(&b, ": %s", f.Detail)
		}
		b.WriteByte('\n')
		if s.Kind == kindAsserts && first < len(s.Asserts) && !strings.Contains(f.Detail, strings.TrimSpace(s.Asserts[first])) {
			fmt.Fprintf(&b, "  %s\n", clip(strings.TrimSpace(s.Asserts[first]), 300))
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
