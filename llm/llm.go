package llm

import (
	"context"
	"time"
)

// Roles of a Message.
const (
	RoleSystem    = "system"
	RoleUser      = "user"
	RoleAssistant = "assistant"
)

// Reserved Hints keys (see the package documentation).
const (
	HintAnswer   = "answer"   // reference final answer of a math prompt
	HintSolution = "solution" // reference program of a code prompt
)

// Finish reasons, normalised to the OpenAI vocabulary across backends.
const (
	FinishStop   = "stop"   // natural end or a stop sequence
	FinishLength = "length" // hit the token limit: the text is truncated
)

// Message is one turn of a chat.
type Message struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

// Params are the sampling parameters every backend understands. Nil pointers
// and zero values mean "the server's default".
type Params struct {
	Temperature *float64 `json:"temperature,omitempty"`
	TopP        *float64 `json:"top_p,omitempty"`
	MaxTokens   int      `json:"max_tokens,omitempty"`
	Seed        *int64   `json:"seed,omitempty"`
	Stop        []string `json:"stop,omitempty"`
}

// Request asks for a group of N independent completions of one conversation.
type Request struct {
	Messages []Message
	// N is the group size; 0 means 1.
	N      int
	Params Params
	// Extra holds vendor knobs passed through verbatim as top-level JSON
	// fields of the request body (vLLM's top_k, min_p, repetition_penalty...).
	Extra map[string]any
	// Hints are for offline backends only and never leave the process.
	Hints map[string]string
	// Offset is the index of the first requested choice within the whole
	// group; it is non-zero when a group is asked for in parts. Backends
	// that derive per-choice seeds use it so results do not depend on how
	// the group was split.
	Offset int
}

// Count is N with the default applied.
func (r Request) Count() int {
	if r.N <= 0 {
		return 1
	}
	return r.N
}

// Choice is one sampled completion.
type Choice struct {
	Text             string        `json:"text"`
	Reasoning        string        `json:"reasoning,omitempty"` // separate reasoning, when the server returns it
	FinishReason     string        `json:"finish_reason"`
	CompletionTokens int           `json:"completion_tokens"`
	Duration         time.Duration `json:"duration"` // wall time of the call that produced it
}

// Usage counts tokens as the server reported them.
type Usage struct {
	PromptTokens     int `json:"prompt_tokens"`
	CompletionTokens int `json:"completion_tokens"`
}

// Add returns the sum of two usages.
func (u Usage) Add(v Usage) Usage {
	return Usage{PromptTokens: u.PromptTokens + v.PromptTokens, CompletionTokens: u.CompletionTokens + v.CompletionTokens}
}

// Group is the answer to a Request: up to N choices in order.
type Group struct {
	Choices []Choice
	Usage   Usage
	Model   string
}

// Merge appends the choices and usage of h to g.
func (g *Group) Merge(h Group) {
	g.Choices = append(g.Choices, h.Choices...)
	g.Usage = g.Usage.Add(h.Usage)
	if g.Model == "" {
		g.Model = h.Model
	}
}

// Backend samples groups of completions. Implementations must be safe for
// concurrent use. Errors should be *Error values so wrappers can tell
// transient failures from fatal ones; anything else is treated as transient.
type Backend interface {
	Sample(ctx context.Context, req Request) (Group, error)
}

// Singles is implemented by backends whose server answers one choice per
// call (the Anthropic Messages API). Stack splits a group into single-choice
// requests in front of such a backend so each one is retried on its own.
type Singles interface {
	OneChoicePerCall() bool
}

// BackendFunc adapts a function to Backend.
type BackendFunc func(ctx context.Context, req Request) (Group, error)

// Sample calls f.
func (f BackendFunc) Sample(ctx context.Context, req Request) (Group, error) { return f(ctx, req) }
