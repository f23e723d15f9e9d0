// Package verify turns responses into scores. It owns the Verifier seam (a
// registry of named verifiers, one sub-package each: verify/math,
// verify/code) and the runner that streams records through one: parallel
// over all cores, input order preserved, per-response time budgets, atomic
// output. Verifiers know how to judge one response; they do not read files,
// spawn workers or write metadata.
package verify

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/grpodata/grpodata/record"
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
	Timeout  time.Duration     // budget per response
	Unsafe   bool              // run untrusted code without isolation (--unsafe-no-sandbox)
	Workers  int               // parallel verifications the runner will do
	Settings map[string]string // verifier-specific settings (--set key=value)
}

// Spec describes a registered verifier.
type Spec struct {
	Name    string
	Aliases []string
	Help    string
	New     func(Options) (Verifier, error)
}

var (
	mu       sync.RWMutex
	registry = map[string]Spec{}
)

// Register adds a verifier under its name and aliases; duplicates panic.
func Register(s Spec) {
	mu.Lock()
	defer mu.Unlock()
	for _, n := range append([]string{s.Name}, s.Aliases...) {
		if _, dup := registry[n]; dup {
			panic("verify: duplicate verifier " + n)
		}
		registry[n] = s
	}
}

// Lookup finds a verifier by name or alias.
func Lookup(name string) (Spec, error) {
	mu.RLock()
	defer mu.RUnlock()
	if s, ok := registry[name]; ok {
		return s, nil
	}
	return Spec{}, fmt.Errorf("unknown verifier %q (known: %s)", name, strings.Join(names(), ", "))
}

// List returns the registered verifiers sorted by name.
func List() []Spec {
	mu.RLock()
	defer mu.RUnlock()
	seen := map[string]bool{}
	var out []Spec
	for _, s := range registry {
		if !seen[s.Name] {
			seen[s.Name] = true
			out = append(out, s)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func names() []string {
	var n []string
	for _, s := range List() {
		n = append(n, s.Name)
	}
	return n
}

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
