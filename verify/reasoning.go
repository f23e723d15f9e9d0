package verify

import "strings"

// Reasoning names the tags of a response's reasoning block (<think> and
// </think> by default). Verifiers that read a final answer embed it in
// their settings (keys think_open, think_close) and call Answer, so a
// \boxed{} or a program written while thinking is never taken for the
// answer.
type Reasoning struct {
	Open  string `yaml:"think_open" help:"tag that opens the reasoning block"`
	Close string `yaml:"think_close" help:"tag that closes the reasoning block"`
}

// DefaultReasoning is <think>...</think>, as DeepSeek-R1, Qwen3 and the
// open-r1 and TRL recipes write it.
func DefaultReasoning() Reasoning { return Reasoning{Open: "<think>", Close: "</think>"} }

// Answer is the part of text after the reasoning: what follows the last
// closing tag; when there is none but the text opens a reasoning block
// (after leading white space), the response never left its reasoning and
// holds no answer (""). Text without reasoning tags is returned whole.
func (r Reasoning) Answer(text string) string {
	if r.Close != "" {
		if i := strings.LastIndex(text, r.Close); i >= 0 {
			return text[i+len(r.Close):]
		}
	}
	if r.Open != "" && strings.HasPrefix(strings.TrimLeft(text, " \t\r\n"), r.Open) {
		return ""
	}
	return text
}
