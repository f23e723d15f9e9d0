// Package sim is an offline simulated policy: no model, no network. For a
// prompt with a reference answer (Request.Hints[llm.HintAnswer]) each choice
// is a short reasoning ending in \boxed{...} holding the reference with
// probability Accuracy and a perturbed value otherwise; for a code prompt
// with a reference program (Hints[llm.HintSolution]) it is that program in a
// ```python fence or a broken copy of it.
//
// Output is deterministic: choice i of a prompt depends only on the seed, the
// prompt text and i (Request.Offset + position), never on scheduling. The
// seed is Params.Seed when set, else Config.Seed. At temperature 0 every
// choice equals choice 0, as with greedy decoding. A choice's duration is
// the simulated latency, never a measured time.
//
// Options: "accuracy" (default 0.5), "latency" (a Go duration slept per
// call, for benchmarks; default 0).
package sim

import (
	"context"
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/grpodata/grpodata/llm"
)

// Name is the registry name, also the model name in answers.
const Name = "sim"

// DefaultAccuracy is the probability of a correct choice.
const DefaultAccuracy = 0.5

func init() {
	llm.Register(llm.Spec{
		Name:    Name,
		Summary: "offline simulated policy: reference answer with probability --sim-accuracy, else a perturbed one",
		Options: func() any { return &Options{Accuracy: DefaultAccuracy} },
		Policy: func(c llm.Config) map[string]string {
			return map[string]string{"seed": fmt.Sprint(c.Seed), "accuracy": fmt.Sprint(optionsOf(c).Accuracy)}
		},
		New: func(c llm.Config) (llm.Backend, error) { return New(c) },
	})
}

// Options are the simulator's own settings.
type Options struct {
	Accuracy float64       `yaml:"sim_accuracy" help:"sim backend: probability that a response is correct"`
	Latency  time.Duration `yaml:"sim_latency" help:"sim backend: time per call"`
}

// optionsOf is the configuration's sim options, or the defaults.
func optionsOf(c llm.Config) Options {
	if o, ok := c.Options.(*Options); ok && o != nil {
		return *o
	}
	return Options{Accuracy: DefaultAccuracy}
}

// Backend is the simulated policy.
type Backend struct {
	Seed     int64
	Accuracy float64
	Latency  time.Duration
}

var _ llm.Backend = (*Backend)(nil)

// New reads Config.Seed and the options (*Options; nil: the defaults).
func New(c llm.Config) (*Backend, error) {
	o := optionsOf(c)
	if o.Accuracy < 0 || o.Accuracy > 1 || o.Accuracy != o.Accuracy {
		return nil, fmt.Errorf("sim: --sim-accuracy %g: want a number in [0,1]", o.Accuracy)
	}
	if o.Latency < 0 {
		return nil, fmt.Errorf("sim: --sim-latency %s: want a duration like 50ms", o.Latency)
	}
	return &Backend{Seed: c.Seed, Accuracy: o.Accuracy, Latency: o.Latency}, nil
}

// Sample writes req.Count() choices.
func (b *Backend) Sample(ctx context.Context, req llm.Request) (llm.Group, error) {
	if b.Latency > 0 {
		t := time.NewTimer(b.Latency)
		select {
		case <-ctx.Done():
			t.Stop()
			return llm.Group{}, ctx.Err()
		case <-t.C:
		}
	} else if err := ctx.Err(); err != nil {
		return llm.Group{}, err
	}
	seed := b.Seed
	if req.Params.Seed != nil {
		seed = *req.Params.Seed
	}
	var prompt strings.Builder
	for _, m := range req.Messages {
		prompt.WriteString(m.Role)
		prompt.WriteByte(0)
		prompt.WriteString(m.Content)
		prompt.WriteByte(0)
	}
	promptTokens := utf8.RuneCountInString(prompt.String())/4 + 1
	greedy := req.Params.Temperature != nil && *req.Params.Temperature == 0
	g := llm.Group{Model: Name, Usage: llm.Usage{PromptTokens: promptTokens}}
	for i := range req.Count() {
		idx := req.Offset + i
		if greedy {
			idx = 0
		}
		rng := rand.New(rand.NewPCG(mix(seed, prompt.String(), idx)))
		text := b.write(rng, req.Hints)
		finish := llm.FinishStop
		if max := req.Params.MaxTokens; max > 0 && tokens(text) > max {
			text = truncate(text, max*4)
			finish = llm.FinishLength
		}
		// The duration is the simulated latency, not the time measured, so
		// the output is the same from run to run.
		c := llm.Choice{Text: text, FinishReason: finish, CompletionTokens: tokens(text), Duration: b.Latency}
		g.Choices = append(g.Choices, c)
		g.Usage.CompletionTokens += c.CompletionTokens
	}
	return g, nil
}

func tokens(s string) int { return utf8.RuneCountInString(s)/4 + 1 }

func truncate(s string, runes int) string {
	for i := range s {
		if runes == 0 {
			return s[:i]
		}
		runes--
	}
	return s
}

// mix derives the two PCG seeds of one choice.
func mix(seed int64, prompt string, idx int) (uint64, uint64) {
	h := fnv.New128a()
	var buf [16]byte
	binary.LittleEndian.PutUint64(buf[:8], uint64(seed))
	binary.LittleEndian.PutUint64(buf[8:], uint64(idx))
	h.Write(buf[:])
	h.Write([]byte(prompt))
	sum := h.Sum(nil)
	return binary.LittleEndian.Uint64(sum[:8]), binary.LittleEndian.Uint64(sum[8:])
}

var openings = []string{
	"Let me work through this step by step.",
	"We start by restating what is asked.",
	"First, identify the quantities involved.",
	"Let's think about this carefully.",
}

var middles = []string{
	"Setting up the relevant equation and simplifying gives the value below.",
	"Combining the given facts, the computation reduces to a single expression.",
	"Checking the intermediate result against the constraints, it is consistent.",
	"Carrying out the arithmetic carefully, we obtain the result.",
}

func (b *Backend) write(rng *rand.Rand, hints map[string]string) string {
	correct := rng.Float64() < b.Accuracy
	if sol := hints[llm.HintSolution]; sol != "" {
		code := sol
		if !correct {
			code = breakCode(rng, sol)
		}
		return openings[rng.IntN(len(openings))] + "\n\nHere is a solution:\n\n```python\n" + strings.TrimRight(code, "\n") + "\n```\n"
	}
	ans, ok := hints[llm.HintAnswer]
	if !ok || ans == "" {
		ans = strconv.Itoa(rng.IntN(100))
		correct = true
	}
	if !correct {
		ans = perturb(rng, ans)
	}
	return openings[rng.IntN(len(openings))] + "\n\n" + middles[rng.IntN(len(middles))] +
		"\n\nTherefore, the answer is $\\boxed{" + ans + "}$."
}

// perturb returns a value different from ans: an integer shifted, a number
// scaled, or the first digit run of an expression changed.
func perturb(rng *rand.Rand, ans string) string {
	t := strings.TrimSpace(ans)
	delta := int64(rng.IntN(9) + 1)
	if rng.IntN(2) == 0 {
		delta = -delta
	}
	if n, err := strconv.ParseInt(t, 10, 64); err == nil {
		return strconv.FormatInt(n+delta, 10)
	}
	if f, err := strconv.ParseFloat(t, 64); err == nil {
		return strconv.FormatFloat(f+float64(delta)/2, 'f', -1, 64)
	}
	// Change the first run of digits.
	for i := 0; i < len(t); i++ {
		if t[i] >= '0' && t[i] <= '9' {
			j := i
			for j < len(t) && t[j] >= '0' && t[j] <= '9' {
				j++
			}
			n, _ := strconv.ParseInt(t[i:j], 10, 64)
			m := n + delta
			if m < 0 {
				m = n + 1 + int64(rng.IntN(9))
			}
			return t[:i] + strconv.FormatInt(m, 10) + t[j:]
		}
	}
	return t + "+1"
}

// breakCode returns a copy of a program that should fail its tests: an
// operator flipped, a comparison inverted, a return value changed, or the
// last line dropped.
func breakCode(rng *rand.Rand, code string) string {
	swaps := [][2]string{{" + ", " - "}, {" - ", " + "}, {" < ", " >= "}, {" > ", " <= "}, {" == ", " != "}, {"return ", "return None and "}}
	start := rng.IntN(len(swaps))
	for k := range swaps {
		s := swaps[(start+k)%len(swaps)]
		if i := strings.Index(code, s[0]); i >= 0 {
			return code[:i] + s[1] + code[i+len(s[0]):]
		}
	}
	lines := strings.Split(strings.TrimRight(code, "\n"), "\n")
	if len(lines) > 1 {
		return strings.Join(lines[:len(lines)-1], "\n")
	}
	return "raise NotImplementedError\n" + code
}
