// Package verify turns responses into scores. It owns the Verifier seam (a
// registry of named verifiers, one sub-package each: verify/math,
// verify/code, verify/format, verify/judge, verify/plugin), the one parser
// of --verifier strings (Resolve and New: a name, NAME:ARG, or a weighted
// combination symbolic_math:0.9,format:0.1, so the command, a pipeline and
// a server accept the same strings), and the runner that streams records
// through a verifier: parallel over all cores, input order preserved,
// per-response time budgets, atomic output. Verifiers know how to judge one
// response; they do not read files, spawn workers or write metadata.
package verify

import (
	"context"
	"time"

	"github.com/grpodata/grpodata/record"
	"github.com/grpodata/grpodata/registry"
)

// Verdict is a verifier's judgement of one response. A nil Score means the
// verifier could not decide (the score stays missing, and Reason says why),
// which is different from a wrong answer (score 0).
type Verdict struct {
	Score     *float64
	Correct   *bool
	Extracted string // what was compared (the extracted answer, the code run)
	Reason    string // why: "equivalent", "not equivalent", "timeout", "no answer found", ...
	Output    string // execution output excerpt, written to execution_output when set
	// Reference is a reference answer the verifier derived itself (the
	// prompt had none and it solved it); the runner records it in the
	// record's answer, so exports carry a ground truth.
	Reference string
	// Parts are the verdicts of a combination's parts, recorded under
	// metadata.verifier.parts.
	Parts []PartVerdict
}

// Verifier judges one response of a record. Implementations must be safe for
// concurrent use and should honour ctx (its deadline is the time budget).
type Verifier interface {
	Verify(ctx context.Context, rec *record.Record, resp *record.Response) Verdict
}

// Budgeter is a Verifier whose time budget per response depends on the
// record: the code verifier gives each test its own budget, so a record
// with 300 tests gets more time than one with 3. The runner's budget for a
// response is Budget(rec, Options.Timeout).
type Budgeter interface {
	Budget(rec *record.Record, base time.Duration) time.Duration
}

// Options configure a verifier when it is created.
type Options struct {
	Timeout time.Duration `yaml:"timeout" help:"time budget per response (for code a floor: each test gets code.test_timeout, capped by code.max_time)"`
	Unsafe  bool          `yaml:"unsafe_no_sandbox" help:"run untrusted code without isolation when the kernel allows none"`
	// MissingAsZero counts a combination's undecided part as 0.
	MissingAsZero bool `yaml:"missing_as_zero" help:"in a combination (a:0.9,b:0.1), count a part that cannot decide as 0 instead of leaving the score missing"`
	// JudgeWhen is read by llm_judge: "always", "undecided" to ask the
	// model only where symbolic_math cannot decide, "failed" where it does
	// not pass ("" is always).
	JudgeWhen string            `yaml:"judge_when" enum:"always|undecided|failed" help:"llm_judge: ask the model always, only where symbolic_math cannot decide (undecided), or wherever it does not pass (failed)"`
	Workers   int               `option:"-"` // parallel verifications the runner will do (Config.Workers)
	Arg       string            `option:"-"` // the argument of a verifier that takes one (exec:PATH), from the --verifier string
	Settings  map[string]string `option:"-"` // verifier-specific settings (Config.Set)
}

// Spec describes a registered verifier.
type Spec struct {
	Name    string
	Aliases []string
	Help    string
	// Settings, when set, returns a pointer to a fresh settings struct with
	// the verifier's defaults, whose fields (package option tags) are the
	// settings users give as --set NAME.key=value; New reads them with
	// ReadSettings. Undeclared settings are an error before anything runs.
	Settings func() any
	// Arg, when set, says the verifier takes an argument (NAME:ARG) and
	// what it is, for messages: "PATH or \"CMD ARGS\"". New reads it in
	// Options.Arg.
	Arg string
	New func(Options) (Verifier, error)
}

// Default is the registry verifiers add themselves to in init.
var Default = registry.New("verifier", func(s Spec) string { return s.Name })

// Register adds a verifier to Default under its name and aliases; a
// duplicate panics.
func Register(s Spec) { Default.MustRegister(s, s.Aliases...) }

// Lookup finds a verifier in Default by name or alias.
func Lookup(name string) (Spec, error) { return Default.Lookup(name) }

// List returns the registered verifiers sorted by name.
func List() []Spec { return Default.Sorted() }

// Score helpers for verifiers.
func Pass(extracted, reason string) Verdict {
	return Verdict{Score: record.Float(1), Correct: record.Bool(true), Extracted: extracted, Reason: reason}
}

// Failed is a wrong answer: score 0.
func Failed(extracted, reason string) Verdict {
	return Verdict{Score: record.Float(0), Correct: record.Bool(false), Extracted: extracted, Reason: reason}
}

// Undecided leaves the score missing, with the reason.
func Undecided(extracted, reason string) Verdict {
	return Verdict{Extracted: extracted, Reason: reason}
}
