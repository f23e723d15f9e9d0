// Package openai is the backend for any OpenAI-compatible chat-completions
// server: OpenAI itself, vLLM, SGLang, Ollama, llama.cpp's server, TGI. A
// group is asked for with n in one request; when the server returns fewer
// choices than asked (some ignore n) the rest are requested separately.
// Sampling parameters and Request.Extra are sent as JSON fields.
package openai

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	sdk "github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	"golang.org/x/sync/errgroup"

	"github.com/grpodata/grpodata/llm"
)

// Name is the registry name of this backend.
const Name = "openai"

// DefaultBaseURL is used when Config.BaseURL is empty.
const DefaultBaseURL = "https://api.openai.com/v1"

func init() {
	llm.Register(llm.Spec{
		Name:    Name,
		Summary: "OpenAI-compatible chat completions (OpenAI, vLLM, SGLang, Ollama, llama.cpp, TGI); key from OPENAI_API_KEY",
		New:     func(c llm.Config) (llm.Backend, error) { return New(c) },
	})
}

// Backend talks to one server.
type Backend struct {
	client  sdk.Client
	model   string
	baseURL string
	key     string
	http    *http.Client
}

var (
	_ llm.Backend = (*Backend)(nil)
	_ llm.Pinger  = (*Backend)(nil)
)

// New builds the backend. The key is Config.APIKey, else $OPENAI_API_KEY;
// servers that need none (vLLM, Ollama) work without one. The server is
// Config.BaseURL, else $OPENAI_BASE_URL, else OpenAI's.
func New(c llm.Config) (*Backend, error) {
	if c.Model == "" {
		return nil, errors.New("openai: no model given (--model)")
	}
	base, key, hc := c.Connection("OPENAI", DefaultBaseURL)
	client := sdk.NewClient(
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
	h := http.Header{}
	if b.key != "" {
		h.Set("Authorization", "Bearer "+b.key)
	}
	return llm.PingURL(ctx, b.http, llm.JoinURL(b.baseURL, "models"), h)
}

// BaseURL is the server this backend talks to.
func (b *Backend) BaseURL() string { return b.baseURL }

// Sample asks for req.N choices with n, then tops up if the server answered
// fewer.
func (b *Backend) Sample(ctx context.Context, req llm.Request) (llm.Group, error) {
	want := req.Count()
	g, err := b.call(ctx, req, want, req.Offset)
	if err != nil {
		return llm.Group{}, err
	}
	if len(g.Choices) > want {
		g.Choices = g.Choices[:want]
	}
	for round := 0; len(g.Choices) < want; round++ {
		per := len(g.Choices) // what the server seems to give per call
		if per == 0 || round > want {
			return llm.Group{}, &llm.Error{Kind: llm.Retryable, Backend: Name, Endpoint: b.baseURL,
				Message: fmt.Sprintf("server returned %d of %d choices", len(g.Choices), want)}
		}
		missing := want - len(g.Choices)
		var sizes []int
		for missing > 0 {
			k := min(per, missing)
			sizes = append(sizes, k)
			missing -= k
		}
		parts := make([]llm.Group, len(sizes))
		eg, ectx := errgroup.WithContext(ctx)
		off := req.Offset + len(g.Choices)
		for i, k := range sizes {
			o := off
			off += k
			eg.Go(func() error {
				var err error
				parts[i], err = b.call(ectx, req, k, o)
				return err
			})
		}
		if err := eg.Wait(); err != nil {
			if ctx.Err() != nil {
				return llm.Group{}, ctx.Err()
			}
			return llm.Group{}, err
		}
		for _, p := range parts {
			g.Merge(p)
		}
		if len(g.Choices) > want {
			g.Choices = g.Choices[:want]
		}
	}
	return g, nil
}

// params converts a request for n choices to the SDK's parameters (without
// Extra); offset shifts the seed so top-ups do not repeat the first call's
// samples.
func params(model string, req llm.Request, n, offset int) sdk.ChatCompletionNewParams {
	params := sdk.ChatCompletionNewParams{
		Model:    model,
		Messages: messages(req.Messages),
	}
	if n > 1 {
		params.N = sdk.Int(int64(n))
	}
	p := req.Params
	if p.Temperature != nil {
		params.Temperature = sdk.Float(*p.Temperature)
	}
	if p.TopP != nil {
		params.TopP = sdk.Float(*p.TopP)
	}
	if p.MaxTokens > 0 {
		params.MaxTokens = sdk.Int(int64(p.MaxTokens))
	}
	if p.Seed != nil {
		params.Seed = sdk.Int(*p.Seed + int64(offset))
	}
	if len(p.Stop) > 0 {
		params.Stop = sdk.ChatCompletionNewParamsStopUnion{OfStringArray: p.Stop}
	}
	return params
}

// call makes one request for n choices.
func (b *Backend) call(ctx context.Context, req llm.Request, n, offset int) (llm.Group, error) {
	params := params(b.model, req, n, offset)
	var opts []option.RequestOption
	for k, v := range req.Extra {
		opts = append(opts, option.WithJSONSet(k, v))
	}
	var resp chatResponse
	opts = append(opts, option.WithResponseBodyInto(&resp))
	start := time.Now()
	_, err := b.client.Chat.Completions.New(ctx, params, opts...)
	dur := time.Since(start)
	if err != nil {
		return llm.Group{}, b.classify(ctx, err)
	}
	if len(resp.Choices) == 0 {
		return llm.Group{}, &llm.Error{Kind: llm.Retryable, Backend: Name, Endpoint: b.baseURL, Message: "response has no choices"}
	}
	g := resp.group()
	for i := range g.Choices {
		g.Choices[i].Duration = dur
	}
	return g, nil
}

func (b *Backend) classify(ctx context.Context, err error) error {
	var apiErr *sdk.Error
	if errors.As(err, &apiErr) {
		var h map[string][]string
		if apiErr.Response != nil {
			h = apiErr.Response.Header
		}
		return llm.StatusError(Name, b.baseURL, apiErr.StatusCode, h, apiErr.Type, apiErr.Message, b.key)
	}
	return llm.TransportError(ctx, Name, b.baseURL, err, b.key)
}
