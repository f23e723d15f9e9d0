package verify

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/grpodata/grpodata/record"
)

// Part is one verifier of a --verifier string: a registered name, the
// argument of a verifier that takes one (exec:PATH), and its weight in a
// combination.
type Part struct {
	Spec   Spec
	Arg    string
	Weight float64
}

// String is the part as a user writes it.
func (p Part) String() string {
	s := p.Spec.Name
	if p.Arg != "" {
		s += ":" + strconv.Quote(p.Arg)
	}
	return s
}

// Plan is a parsed --verifier string: one verifier, or a weighted
// combination of several.
type Plan struct {
	Parts []Part
	// Given is the string as the user wrote it; a combination's verdicts
	// are recorded under this name.
	Given string
}

// Name is what metadata.verifier.name records: the verifier's name, or,
// for a combination or a verifier with an argument, the string as given
// (so the name alone can verify again).
func (p Plan) Name() string {
	if len(p.Parts) == 1 && p.Parts[0].Arg == "" {
		return p.Parts[0].Spec.Name
	}
	return p.Given
}

// names are the verifiers a run of the plan may create (auto's picks
// included), for checking settings.
func (p Plan) names() []string {
	var out []string
	for _, part := range p.Parts {
		if part.Spec.Name == "auto" {
			out = append(out, autoPicks...)
			continue
		}
		out = append(out, part.Spec.Name)
	}
	return out
}

// Resolve parses a --verifier string: NAME, NAME:ARG for a verifier that
// takes an argument (exec:PATH, exec:"CMD ARGS"), and comma-separated parts
// with optional weights, symbolic_math:0.9,format:0.1 (a part without a
// weight weighs 1). Every door (the verify command, a pipeline's verify
// block, a server) goes through it, so each accepts the same strings.
func Resolve(given string) (Plan, error) {
	items, err := splitParts(given)
	if err != nil {
		return Plan{}, err
	}
	plan := Plan{Given: strings.TrimSpace(given)}
	for _, item := range items {
		part, err := parsePart(item)
		if err != nil {
			return Plan{}, fmt.Errorf("--verifier %q: %w", given, err)
		}
		plan.Parts = append(plan.Parts, part)
	}
	return plan, nil
}

// splitParts splits at commas outside double quotes.
func splitParts(s string) ([]string, error) {
	var parts []string
	quoted, start := false, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '"':
			quoted = !quoted
		case ',':
			if !quoted {
				parts = append(parts, s[start:i])
				start = i + 1
			}
		}
	}
	if quoted {
		return nil, fmt.Errorf("--verifier %q: unterminated quote", s)
	}
	parts = append(parts, s[start:])
	for i, p := range parts {
		if parts[i] = strings.TrimSpace(p); parts[i] == "" {
			return nil, fmt.Errorf("--verifier %q: an empty part (want NAME[:WEIGHT],NAME[:WEIGHT])", s)
		}
	}
	return parts, nil
}

// parsePart reads NAME, NAME:WEIGHT, NAME:ARG or NAME:ARG:WEIGHT.
func parsePart(item string) (Part, error) {
	name, rest, _ := strings.Cut(item, ":")
	spec, err := Lookup(strings.TrimSpace(name))
	if err != nil {
		return Part{}, err
	}
	part := Part{Spec: spec, Weight: 1}
	if spec.Arg != "" {
		arg, tail, err := cutArg(rest)
		if err != nil {
			return Part{}, fmt.Errorf("%s: %w", spec.Name, err)
		}
		if arg == "" {
			return Part{}, fmt.Errorf("%s needs an argument: %s:%s", spec.Name, spec.Name, spec.Arg)
		}
		part.Arg, rest = arg, tail
	}
	if rest != "" {
		w, err := strconv.ParseFloat(strings.TrimSpace(rest), 64)
		if err != nil || w <= 0 || math.IsInf(w, 0) {
			return Part{}, fmt.Errorf("%s: weight %q: want a positive number", spec.Name, rest)
		}
		part.Weight = w
	}
	return part, nil
}

// cutArg reads a verifier's argument: a quoted string, or everything up to a
// last ":WEIGHT" that reads as a number.
func cutArg(s string) (arg, weight string, err error) {
	if strings.HasPrefix(s, `"`) {
		end := strings.IndexByte(s[1:], '"')
		if end < 0 {
			return "", "", fmt.Errorf("unterminated quote")
		}
		arg, tail := s[1:end+1], s[end+2:]
		if tail != "" && !strings.HasPrefix(tail, ":") {
			return "", "", fmt.Errorf("unexpected %q after the quoted argument", tail)
		}
		return arg, strings.TrimPrefix(tail, ":"), nil
	}
	if i := strings.LastIndexByte(s, ':'); i >= 0 {
		if _, err := strconv.ParseFloat(s[i+1:], 64); err == nil {
			return s[:i], s[i+1:], nil
		}
	}
	return s, "", nil
}

// New creates the verifier a --verifier string names (see Resolve) with the
// options: the one constructor every door uses.
func New(given string, o Options) (Verifier, error) {
	plan, err := Resolve(given)
	if err != nil {
		return nil, err
	}
	return plan.New(o)
}

// New creates the plan's verifier: the part itself, or a combination.
func (p Plan) New(o Options) (Verifier, error) {
	c := &combination{missingAsZero: o.MissingAsZero}
	for _, part := range p.Parts {
		po := o
		po.Arg = part.Arg
		v, err := part.Spec.New(po)
		if err != nil {
			c.Close()
			return nil, fmt.Errorf("verifier %s: %w", part.Spec.Name, err)
		}
		c.parts = append(c.parts, combined{Part: part, v: v})
	}
	if len(c.parts) == 1 {
		return c.parts[0].v, nil
	}
	return c, nil
}

// PartVerdict is one part's verdict in a combination, recorded under
// metadata.verifier.parts.
type PartVerdict struct {
	Name      string   `json:"name"`
	Weight    float64  `json:"weight"`
	Score     *float64 `json:"score"`
	Correct   *bool    `json:"correct,omitempty"`
	Extracted string   `json:"extracted"`
	Reason    string   `json:"reason"`
}

type combined struct {
	Part
	v Verifier
}

// combination scores a response with every part and combines the scores
// as their weighted mean (weights are normalised, so the score stays in
// [0,1] and 0.9/0.1 reads as written). A part that cannot decide leaves the
// combined score missing, unless missingAsZero counts it as 0.
type combination struct {
	parts         []combined
	missingAsZero bool
}

var (
	_ Budgeter  = (*combination)(nil)
	_ io.Closer = (*combination)(nil)
)

// Verify runs the parts in order, each within what is left of ctx.
func (c *combination) Verify(ctx context.Context, rec *record.Record, resp *record.Response) Verdict {
	var out Verdict
	var sum, weights float64
	var missing bool
	var reasons []string
	for i, p := range c.parts {
		d := p.v.Verify(ctx, rec, resp)
		if d.Score != nil && (math.IsNaN(*d.Score) || *d.Score < 0 || *d.Score > 1) {
			d = Undecided(d.Extracted, fmt.Sprintf("verifier error: score %v outside [0,1]", *d.Score))
		}
		out.Parts = append(out.Parts, PartVerdict{Name: p.String(), Weight: p.Weight, Score: d.Score, Correct: d.Correct, Extracted: d.Extracted, Reason: d.Reason})
		if i == 0 {
			out.Extracted, out.Reference = d.Extracted, d.Reference
		}
		if out.Output == "" {
			out.Output = d.Output
		}
		reasons = append(reasons, p.Spec.Name+"="+reasonKey(d.Reason))
		weights += p.Weight
		switch {
		case d.Score != nil:
			sum += p.Weight * *d.Score
		case !c.missingAsZero:
			missing = true
		}
	}
	out.Reason = strings.Join(reasons, " + ")
	if !missing {
		score := sum / weights // <= 1: each term is at most its weight
		out.Score, out.Correct = &score, record.Bool(score == 1)
	}
	return out
}

// Budget is the sum of the parts' budgets: they run one after another.
func (c *combination) Budget(rec *record.Record, base time.Duration) time.Duration {
	var total time.Duration
	for _, p := range c.parts {
		if b, ok := p.v.(Budgeter); ok {
			total += b.Budget(rec, base)
		} else {
			total += base
		}
	}
	return total
}

// Close closes the parts that hold resources (sandboxes, plugin programs).
func (c *combination) Close() error {
	var errs []error
	for _, p := range c.parts {
		if cl, ok := p.v.(io.Closer); ok {
			errs = append(errs, cl.Close())
		}
	}
	return errors.Join(errs...)
}
