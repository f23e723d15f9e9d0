// Package anthropic is the backend for the Anthropic Messages API. The API
// answers one choice per call, so a group is N calls; the backend reports
// this (llm.Singles) and llm.Stack splits groups in front of the retry
// wrapper so each call is retried on its own. Finish reasons are normalised:
// end_turn and stop_sequence become "stop", max_tokens becomes "length".
//
// Request.Extra fields are sent as top-level JSON fields (top_k, thinking...).
// Params.Seed is not supported by the API and is ignored.
package anthropic

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	sdk "github.com/anthropics/anthropic-sdk-go"
	"github.com/anthropics/anthropic-sdk-go/option"
	"golang.org/x/sync/errgroup"

	"github.com/grpodata/grpodata/llm"
)

// Name is the registry name of this backend.
const Name = "anthropic"

// DefaultMaxTokens is sent when a request sets none (the API requires it).
const DefaultMaxTokens = 4096

// DefaultBaseURL is used when Config.BaseURL is empty.
const DefaultBaseURL = "https://api.anthropic.com"

func init() {
	llm.Register(llm.Spec{
		Name:    Name,
		Summary: "Anthropic Messages API, one call per choice; key from ANTHROPIC_API_KEY",
		New:     func(c llm.Config) (llm.Backend, error) { return New(c) },
	})
}

// Backend talks to one Anthropic endpoint.
type Backend struct {
	client  sdk.Client
	model   string
	baseURL string
	key     string
	http    *http.Client
}

var (
	_ llm.Backend = (*Backend)(nil)
	_ llm.Singles = (*Backend)(nil)
	_ llm.Pinger  = (*Backend)(nil)
)

// New builds the backend; the key is Config.APIKey, else $ANTHROPIC_API_KEY;
// the server is Config.BaseURL, else $ANTHROPIC_BASE_URL, else Anthropic's.
func New(c llm.Config) (*Backend, error) {
	if c.Model == "" {
		return nil, errors.New("anthropic: no model given (--model)")
	}
	base, key, hc := c.Connection("ANTHROPIC", DefaultBaseURL)
	client := sdk.NewClient(
		option.WithoutEnvironmentDefaults(),
		option.WithBaseURL(base),
		option.WithAPIKey(key),
		option.WithHTTPClient(hc),
		option.WithMaxRetries(0), // retries are ours, and counted
	)
	return &Backend{client: client, model: c.Model, baseURL: base, key: key, http: hc}, nil
}

// Ping implements llm.Pinger: any answer to a GET of the model list means
// the server is there.
func (b *Backend) Ping(ctx context.Context) error {
	h := http.Header{"Anthropic-Version": {"2023-06-01"}}
	if b.key != "" {
		h.Set("X-Api-Key", b.key)
	}
	return llm.PingURL(ctx, b.http, llm.JoinURL(b.baseURL, "v1/models"), h)
}

// BaseURL is the server this backend talks to.
func (b *Backend) BaseURL() string { return b.baseURL }

// OneChoicePerCall implements llm.Singles.
func (b *Backend) OneChoicePerCall() bool { return true }

// Sample makes N calls concurrently and fails if any fails.
func (b *Backend) Sample(ctx context.Context, req llm.Request) (llm.Group, error) {
	n := req.Count()
	if n == 1 {
		return b.call(ctx, req)
	}
	parts := make([]llm.Group, n)
	eg, ectx := errgroup.WithContext(ctx)
	for i := range n {
		eg.Go(func() error {
			var err error
			parts[i], err = b.call(ectx, req)
			return err
		})
	}
	if err := eg.Wait(); err != nil {
		if ctx.Err() != nil {
			return llm.Group{}, ctx.Err()
		}
		return llm.Group{}, err
	}
	var g llm.Group
	for _, p := range parts {
		g.Merge(p)
	}
	return g, nil
}

// newParams converts a request for one choice (without Extra).
func newParams(model string, req llm.Request) sdk.MessageNewParams {
	p := req.Params
	params := sdk.MessageNewParams{Model: model, MaxTokens: DefaultMaxTokens}
	if p.MaxTokens > 0 {
		params.MaxTokens = int64(p.MaxTokens)
	}
	for _, m := range req.Messages {
		switch m.Role {
		case llm.RoleSystem:
			params.System = append(params.System, sdk.TextBlockParam{Text: m.Content})
		case llm.RoleAssistant:
			params.Messages = append(params.Messages, sdk.NewAssistantMessage(sdk.NewTextBlock(m.Content)))
		default:
			params.Messages = append(params.Messages, sdk.NewUserMessage(sdk.NewTextBlock(m.Content)))
		}
	}
	if p.Temperature != nil {
		params.Temperature = sdk.Float(*p.Temperature)
	}
	if p.TopP != nil {
		params.TopP = sdk.Float(*p.TopP)
	}
	if len(p.Stop) > 0 {
		params.StopSequences = p.Stop
	}
	return params
}

func (b *Backend) call(ctx context.Context, req llm.Request) (llm.Group, error) {
	params := newParams(b.model, req)
	var opts []option.RequestOption
	for k, v := range req.Extra {
		opts = append(opts, option.WithJSONSet(k, v))
	}
	start := time.Now()
	msg, err := b.client.Messages.New(ctx, params, opts...)
	dur := time.Since(start)
	if err != nil {
		return llm.Group{}, b.classify(ctx, err)
	}
	if msg == nil || msg.Type != "message" {
		return llm.Group{}, &llm.Error{Kind: llm.Retryable, Backend: Name, Endpoint: b.baseURL, Message: "response is not a message"}
	}
	g := group(msg)
	g.Choices[0].Duration = dur
	return g, nil
}

// group converts a message to a one-choice group.
func group(msg *sdk.Message) llm.Group {
	var text, thinking strings.Builder
	for _, c := range msg.Content {
		switch c.Type {
		case "text":
			text.WriteString(c.Text)
		case "thinking":
			thinking.WriteString(c.Thinking)
		}
	}
	return llm.Group{
		Model: msg.Model,
		Usage: llm.Usage{PromptTokens: int(msg.Usage.InputTokens), CompletionTokens: int(msg.Usage.OutputTokens)},
		Choices: []llm.Choice{{
			Text:             text.String(),
			Reasoning:        thinking.String(),
			FinishReason:     finish(string(msg.StopReason)),
			CompletionTokens: int(msg.Usage.OutputTokens),
		}},
	}
}

func finish(s string) string {
	switch s {
	case "end_turn", "stop_sequence":
		return llm.FinishStop
	case "max_tokens":
		return llm.FinishLength
	}
	return s
}

func (b *Backend) classify(ctx context.Context, err error) error {
	var apiErr *sdk.Error
	if errors.As(err, &apiErr) {
		var h map[string][]string
		if apiErr.Response != nil {
			h = apiErr.Response.Header
		}
		return llm.StatusError(Name, b.baseURL, apiErr.StatusCode, h, string(apiErr.Type()), errorMessage(apiErr.RawJSON()), b.key)
	}
	return llm.TransportError(ctx, Name, b.baseURL, err, b.key)
}
