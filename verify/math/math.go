// Package math is the symbolic_math verifier (alias "math"): it extracts the final answer from
// a response (mathexpr.Extract: an <answer> tag, the last \boxed{}, "the answer is",
// "Answer:", "####", ...) and compares it with the record's reference answer using the
// mathexpr engine (exact arithmetic, numeric checks of expressions, sets, intervals, tuples,
// matrices; see the mathexpr package documentation for every rule).
//
// The reference is the record's "answer" field, else verl's reward_model.ground_truth, else a
// boxed or "####" answer in the "solution" field. A GSM8K-style reference ending in "#### 42"
// is read as 42, and a reference with \boxed{} as its last boxed answer. Without any
// reference the verifier solves the prompt with mathexpr.Solve (equations, derivatives,
// evaluation); when that fails too, the score stays missing.
//
// Verdicts: score 1 "equivalent"; score 0 "not equivalent (why)" or "no answer found" (a
// response without a final answer is wrong); no score with "no reference answer",
// "reference does not parse", "too large" or "timeout" when the check cannot decide.
//
// The reasoning block is not read for the answer: the answer is taken from what follows the
// last </think> (a \boxed{} written while thinking is not the answer), and a response that
// opens <think> and never closes it has no answer. strip_think=false reads the whole text;
// think_open and think_close name other tags.
//
// Settings (--set key=value, declared by Settings): solve=false (or math.solve=false) turns
// off solving prompts without a reference. A key no verifier declares is an error.
package math

import (
	"context"
	"errors"
	"strings"
	"sync"

	"github.com/grpodata/grpodata/mathexpr"
	"github.com/grpodata/grpodata/record"
	"github.com/grpodata/grpodata/verify"
)

// Name is the registered verifier name; "math" is an alias.
const Name = "symbolic_math"

func init() {
	verify.Register(verify.Spec{
		Name:    Name,
		Aliases: []string{"math"},
		Help: "compare the response's final answer (<answer>, last \\boxed{}, \"the answer is\", \"####\", ...) " +
			"with the reference answer symbolically; solve the prompt when there is no reference " +
			"(settings below)",
		Settings: func() any { return DefaultSettings() },
		New:      New,
	})
}

// Verifier is the symbolic_math verifier. It is safe for concurrent use.
type Verifier struct {
	opts      mathexpr.Options
	solve     bool
	reasoning verify.Reasoning // zero when strip_think is off

	mu     sync.Mutex
	solved map[string]string // prompt -> solved reference ("" when unsolvable); a group shares one prompt
}

const maxSolvedCache = 1024

var _ verify.Verifier = (*Verifier)(nil)

// New builds the verifier from options. It reads the setting solve (also spelled math.solve);
// other settings belong to other verifiers (the auto verifier shares one settings map) and are
// ignored. A malformed value is an error.
func New(o verify.Options) (verify.Verifier, error) {
	st, err := verify.SettingsFor[Settings](Name, o.Settings)
	if err != nil {
		return nil, err
	}
	v := &Verifier{opts: mathexpr.Options{Timeout: o.Timeout}, solve: st.Solve}
	if st.StripThink {
		v.reasoning = st.Reasoning
	}
	return v, nil
}

// Settings are the math verifier's settings (--set symbolic_math.KEY=VALUE,
// or math.KEY for short).
type Settings struct {
	Solve            bool `yaml:"solve" help:"solve prompts that come without a reference (equations, derivatives, expressions)"`
	StripThink       bool `yaml:"strip_think" help:"read the answer after the reasoning block only (a \\boxed{} inside <think> is not the answer)"`
	verify.Reasoning `yaml:",inline"`
}

// DefaultSettings: solve, and read the answer after <think>...</think>.
func DefaultSettings() *Settings {
	return &Settings{Solve: true, StripThink: true, Reasoning: verify.DefaultReasoning()}
}

// Verify judges one response.
func (v *Verifier) Verify(ctx context.Context, rec *record.Record, resp *record.Response) verify.Verdict {
	cand, _, found := mathexpr.Extract(v.reasoning.Answer(resp.Text))
	ref, solved := Reference(rec), false
	if ref == "" {
		if !v.solve {
			return verify.Undecided(cand, "no reference answer")
		}
		r, ok := v.solvePrompt(ctx, rec.Prompt.Last())
		if !ok {
			return verify.Undecided(cand, "no reference answer")
		}
		ref, solved = r, true
	}
	if !found {
		return verify.Failed("", "no answer found")
	}
	opts := v.opts
	opts.Question = rec.Prompt.Last() // a question asking for a percent reads a bare 25 as 25%
	res, err := mathexpr.Equivalent(ctx, ref, cand, opts)
	switch {
	case errors.Is(err, mathexpr.ErrTimeout) || ctx.Err() != nil:
		return verify.Undecided(cand, "timeout")
	case errors.Is(err, mathexpr.ErrTooLarge):
		return verify.Undecided(cand, "too large")
	case err != nil:
		return verify.Undecided(cand, "reference does not parse")
	}
	var verdict verify.Verdict
	suffix := ""
	if solved {
		suffix = " to solved reference"
	}
	if res.Equal {
		verdict = verify.Pass(cand, "equivalent"+suffix)
	} else {
		verdict = verify.Failed(cand, "not equivalent"+suffix+" ("+res.Reason+")")
	}
	if solved {
		verdict.Reference = ref
	}
	return verdict
}

// solvePrompt solves a prompt once for all the responses of its group.
func (v *Verifier) solvePrompt(ctx context.Context, prompt string) (string, bool) {
	v.mu.Lock()
	r, hit := v.solved[prompt]
	v.mu.Unlock()
	if hit {
		return r, r != ""
	}
	r, ok, _ := mathexpr.SolveContext(ctx, prompt, v.opts)
	if ctx.Err() != nil {
		return "", false // a timeout says nothing about the prompt: do not cache it
	}
	if !ok {
		r = ""
	}
	v.mu.Lock()
	if v.solved == nil || len(v.solved) >= maxSolvedCache {
		v.solved = map[string]string{}
	}
	v.solved[prompt] = r
	v.mu.Unlock()
	return r, ok
}

// Reference returns the reference answer a record carries, "" when it has none (it does not
// solve the prompt).
func Reference(rec *record.Record) string {
	if r, ok := rec.Reference(); ok {
		return answerOf(r)
	}
	if rec.Solution != "" {
		if a, how, ok := mathexpr.Extract(rec.Solution); ok {
			switch how {
			case mathexpr.HowTag, mathexpr.HowBoxed, mathexpr.HowHashes, mathexpr.HowAnswerIs, mathexpr.HowLabel:
				return a
			}
		}
	}
	return ""
}

// answerOf reads a reference: a GSM8K solution's "#### 42" is 42; the rest is left to the
// engine's clean-up (which keeps the last \boxed{}).
func answerOf(ref string) string {
	if i := strings.LastIndex(ref, "####"); i >= 0 {
		if a := strings.TrimSpace(ref[i+4:]); a != "" {
			return a
		}
	}
	return strings.TrimSpace(ref)
}
