// Package format is the format verifier: it scores the shape of a response,
// not its answer, as the format rewards of GRPO recipes do (open-r1's
// format_reward and tag_count_reward, TRL's think-format reward, the
// verifiers library's XML parser). It owns the rules below; the answer's
// correctness belongs to other verifiers (combine them:
// --verifier symbolic_math:0.9,format:0.1).
//
// Strict mode (the default). A response is well formed (score 1) when,
// after optional white space, it opens with exactly one reasoning block
// (<think>...</think>) holding more than white space, followed by a final
// answer holding more than white space: plain text, or one
// <answer>...</answer> block with nothing but white space around it.
// Newlines may appear anywhere. Anything else scores 0 with the reason:
// text before the first block, a closing tag without its opening (unless
// open_in_prompt says the chat template wrote the opening tag), an
// unclosed or empty block, a second reasoning or answer block, an answer
// tag inside the reasoning, no answer after the reasoning.
//
// Tag count mode (--set format.mode=tag_count): partial credit, 0.25 for
// each of the four tags (reasoning open and close, answer open and close)
// that occurs exactly once, as open-r1's tag_count_reward and the verifiers
// library's count_xml give it (without their newline requirements, since
// newlines may be anywhere here).
//
// A response whose reasoning the server returned apart (the response's
// reasoning field, from vLLM's reasoning parser or a reasoning_content)
// and whose text holds no reasoning tag is judged with that reasoning as
// its block.
//
// In both modes tags inside fenced code blocks (``` or ~~~ lines) do not
// count: a model that writes "<think>" in a code sample neither gains nor
// loses a block. Tags are set with think_open, think_close, answer_open and
// answer_close.
package format

import (
	"context"
	"fmt"
	"strings"

	"github.com/grpodata/grpodata/record"
	"github.com/grpodata/grpodata/verify"
)

// Name is the registered verifier name.
const Name = "format"

func init() {
	verify.Register(verify.Spec{
		Name: Name,
		Help: "score the response's shape: one non-empty <think> block first, then a non-empty final answer " +
			"(optionally in <answer>); 1 or 0, or tag_count partial credit (settings below)",
		Settings: func() any { return DefaultSettings() },
		New:      New,
	})
}

// Modes of the verifier.
const (
	ModeStrict   = "strict"
	ModeTagCount = "tag_count"
)

// Settings are the format verifier's settings (--set format.KEY=VALUE).
type Settings struct {
	Mode              string `yaml:"mode" enum:"strict|tag_count" help:"strict (1 or 0) or tag_count (0.25 per tag present exactly once)"`
	verify.Reasoning  `yaml:",inline"`
	AnswerOpen        string `yaml:"answer_open" help:"tag that opens the final answer block"`
	AnswerClose       string `yaml:"answer_close" help:"tag that closes the final answer block"`
	RequireAnswerTags bool   `yaml:"require_answer_tags" help:"strict: the final answer must be inside the answer tags"`
	OpenInPrompt      bool   `yaml:"open_in_prompt" help:"the chat template ends the prompt with the opening reasoning tag, so responses start inside the block"`
}

// DefaultSettings: strict, <think> and <answer> tags, answer tags optional.
func DefaultSettings() *Settings {
	return &Settings{Mode: ModeStrict, Reasoning: verify.DefaultReasoning(), AnswerOpen: "<answer>", AnswerClose: "</answer>"}
}

// Check rejects empty or clashing tags.
func (s *Settings) Check() error {
	tags := []string{s.Open, s.Close, s.AnswerOpen, s.AnswerClose}
	keys := []string{"think_open", "think_close", "answer_open", "answer_close"}
	for i, t := range tags {
		if strings.TrimSpace(t) == "" {
			return fmt.Errorf("setting %s.%s: want a tag such as <think>", Name, keys[i])
		}
		for j := range i {
			if strings.Contains(tags[j], t) || strings.Contains(t, tags[j]) {
				return fmt.Errorf("settings %s.%s=%s and %s.%s=%s: one tag holds the other", Name, keys[j], tags[j], Name, keys[i], t)
			}
		}
	}
	return nil
}

// Verifier is the format verifier. It is safe for concurrent use.
type Verifier struct{ s Settings }

var _ verify.Verifier = (*Verifier)(nil)

// New builds the verifier from its settings.
func New(o verify.Options) (verify.Verifier, error) {
	st, err := verify.SettingsFor[Settings](Name, o.Settings)
	if err != nil {
		return nil, err
	}
	return &Verifier{s: *st}, nil
}

// maxExtracted bounds the answer recorded in the verdict.
const maxExtracted = 512

// Verify judges one response's shape.
func (v *Verifier) Verify(_ context.Context, _ *record.Record, resp *record.Response) verify.Verdict {
	text := resp.Text
	switch {
	case v.s.OpenInPrompt:
		text = v.s.Open + text
	case strings.TrimSpace(resp.Reasoning) != "" && !strings.Contains(text, v.s.Open) && !strings.Contains(text, v.s.Close):
		// The server split the reasoning off (vLLM's reasoning parser,
		// reasoning_content): it is the block.
		text = v.s.Open + resp.Reasoning + v.s.Close + text
	}
	masked := maskFences(text)
	if v.s.Mode == ModeTagCount {
		return v.tagCount(masked)
	}
	answer, why := v.strict(text, masked)
	if why != "" {
		return verify.Failed(clip(answer), why)
	}
	return verify.Pass(clip(answer), "well formed")
}

// strict returns the final answer of a well-formed response, or the reason
// it is malformed. masked is text with its fenced code blanked out, so tag
// positions come from masked and contents from text.
func (v *Verifier) strict(text, masked string) (answer, why string) {
	open, closing := v.s.Open, v.s.Close
	start := len(masked) - len(strings.TrimLeft(masked, " \t\r\n"))
	if !strings.HasPrefix(masked[start:], open) {
		switch {
		case strings.Contains(masked, open):
			return "", "text before the reasoning block"
		case strings.Contains(masked, closing):
			return "", "closing " + closing + " without an opening " + open
		}
		return "", "no reasoning block"
	}
	bodyAt := start + len(open)
	end := strings.Index(masked[bodyAt:], closing)
	if end < 0 {
		return "", "unclosed reasoning block"
	}
	body, bodyMasked := text[bodyAt:bodyAt+end], masked[bodyAt:bodyAt+end]
	switch {
	case strings.Contains(bodyMasked, open):
		return "", "a second " + open + " inside the reasoning block"
	case strings.Contains(bodyMasked, v.s.AnswerOpen) || strings.Contains(bodyMasked, v.s.AnswerClose):
		return "", "answer tag inside the reasoning block"
	case strings.TrimSpace(body) == "":
		return "", "empty reasoning block"
	}
	restAt := bodyAt + end + len(closing)
	rest, restMasked := text[restAt:], masked[restAt:]
	if strings.Contains(restMasked, open) || strings.Contains(restMasked, closing) {
		return "", "a second reasoning block"
	}
	return v.final(rest, restMasked)
}

// final checks what follows the reasoning block.
func (v *Verifier) final(rest, masked string) (answer, why string) {
	opens, closes := strings.Count(masked, v.s.AnswerOpen), strings.Count(masked, v.s.AnswerClose)
	switch {
	case opens == 0 && closes == 0:
		if strings.TrimSpace(rest) == "" {
			return "", "no final answer"
		}
		if v.s.RequireAnswerTags {
			return strings.TrimSpace(rest), "final answer outside " + v.s.AnswerOpen
		}
		return strings.TrimSpace(rest), ""
	case opens > 1 || closes > 1:
		return "", "a second answer block"
	case opens == 0:
		return "", "closing " + v.s.AnswerClose + " without an opening " + v.s.AnswerOpen
	case closes == 0:
		return "", "unclosed answer block"
	}
	i, j := strings.Index(masked, v.s.AnswerOpen), strings.Index(masked, v.s.AnswerClose)
	if j < i {
		return "", "closing " + v.s.AnswerClose + " before " + v.s.AnswerOpen
	}
	inner := strings.TrimSpace(rest[i+len(v.s.AnswerOpen) : j])
	switch {
	case strings.TrimSpace(rest[:i]) != "":
		return inner, "text between the reasoning and the answer block"
	case strings.TrimSpace(rest[j+len(v.s.AnswerClose):]) != "":
		return inner, "text after the answer block"
	case inner == "":
		return "", "empty answer block"
	}
	return inner, ""
}

// tagCount gives 0.25 for each tag that occurs exactly once.
func (v *Verifier) tagCount(masked string) verify.Verdict {
	n := 0
	for _, t := range []string{v.s.Open, v.s.Close, v.s.AnswerOpen, v.s.AnswerClose} {
		if strings.Count(masked, t) == 1 {
			n++
		}
	}
	score := float64(n) / 4
	return verify.Verdict{Score: &score, Correct: record.Bool(n == 4), Reason: fmt.Sprintf("tag_count %d/4", n)}
}

// maskFences blanks fenced code blocks (from a ``` or ~~~ line to the
// line closing it, or to the end) with spaces, keeping every offset.
func maskFences(text string) string {
	if !strings.Contains(text, "```") && !strings.Contains(text, "~~~") {
		return text
	}
	b := []byte(text)
	fence := ""
	for at := 0; at < len(b); {
		end := strings.IndexByte(text[at:], '\n')
		if end < 0 {
			end = len(b)
		} else {
			end += at + 1
		}
		line := strings.TrimLeft(text[at:end], " \t")
		inside := fence != ""
		switch {
		case !inside && (strings.HasPrefix(line, "```") || strings.HasPrefix(line, "~~~")):
			fence, inside = line[:3], true
		case inside && strings.HasPrefix(line, fence) && strings.TrimSpace(strings.TrimLeft(line, fence[:1])) == "":
			fence = ""
		}
		if inside {
			for i := at; i < end; i++ {
				if b[i] != '\n' {
					b[i] = ' '
				}
			}
		}
		at = end
	}
	return string(b)
}

func clip(s string) string {
	if len(s) > maxExtracted {
		return s[:maxExtracted] + "…"
	}
	return s
}
