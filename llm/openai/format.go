package openai

import (
	"sort"

	sdk "github.com/openai/openai-go/v3"

	"github.com/grpodata/grpodata/llm"
)

// chatResponse is the part of a chat-completions answer we read. Decoding
// into it (option.WithResponseBodyInto) is several times cheaper than the
// SDK's generic decoder, which matters with thousands of calls in flight, and
// it reads the reasoning fields vLLM and SGLang add for reasoning models.
type chatResponse struct {
	Model   string `json:"model"`
	Choices []struct {
		Index   int `json:"index"`
		Message struct {
			Content          *string `json:"content"`
			ReasoningContent string  `json:"reasoning_content"` // vLLM, SGLang, DeepSeek
			Reasoning        string  `json:"reasoning"`         // Ollama, OpenRouter
		} `json:"message"`
		FinishReason *string `json:"finish_reason"`
	} `json:"choices"`
	Usage struct {
		PromptTokens     int `json:"prompt_tokens"`
		CompletionTokens int `json:"completion_tokens"`
	} `json:"usage"`
}

func (r *chatResponse) group() llm.Group {
	sort.SliceStable(r.Choices, func(i, j int) bool { return r.Choices[i].Index < r.Choices[j].Index })
	g := llm.Group{Model: r.Model, Usage: llm.Usage{PromptTokens: r.Usage.PromptTokens, CompletionTokens: r.Usage.CompletionTokens}}
	n := len(r.Choices)
	for i, c := range r.Choices {
		// Per-choice token counts are not reported; share the total evenly.
		t := r.Usage.CompletionTokens / n
		if i < r.Usage.CompletionTokens%n {
			t++
		}
		ch := llm.Choice{CompletionTokens: t, Reasoning: c.Message.ReasoningContent}
		if ch.Reasoning == "" {
			ch.Reasoning = c.Message.Reasoning
		}
		if c.Message.Content != nil {
			ch.Text = *c.Message.Content
		}
		if c.FinishReason != nil {
			ch.FinishReason = *c.FinishReason
		}
		g.Choices = append(g.Choices, ch)
	}
	return g
}

func messages(ms []llm.Message) []sdk.ChatCompletionMessageParamUnion {
	out := make([]sdk.ChatCompletionMessageParamUnion, 0, len(ms))
	for _, m := range ms {
		switch m.Role {
		case llm.RoleSystem:
			out = append(out, sdk.SystemMessage(m.Content))
		case llm.RoleAssistant:
			out = append(out, sdk.AssistantMessage(m.Content))
		default:
			out = append(out, sdk.UserMessage(m.Content))
		}
	}
	return out
}
