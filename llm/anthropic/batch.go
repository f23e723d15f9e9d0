package anthropic

// Message Batches: a group of N is N requests named <item ID>-<choice>,
// merged back into one result per item.

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	sdk "github.com/anthropics/anthropic-sdk-go"
	"github.com/anthropics/anthropic-sdk-go/option"

	"github.com/grpodata/grpodata/llm"
)

var _ llm.Batcher = (*Backend)(nil)

type batchRequest struct {
	CustomID string          `json:"custom_id"`
	Params   json.RawMessage `json:"params"`
}

// batchParams is the params JSON of one request, Extra merged in.
func batchParams(model string, req llm.Request) (json.RawMessage, error) {
	body, err := json.Marshal(newParams(model, req))
	if err != nil || len(req.Extra) == 0 {
		return body, err
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(body, &m); err != nil {
		return nil, err
	}
	for k, v := range req.Extra {
		raw, err := json.Marshal(v)
		if err != nil {
			return nil, fmt.Errorf("extra %s: %w", k, err)
		}
		m[k] = raw
	}
	return json.Marshal(m)
}

// SubmitBatch creates one Message Batch with N requests per item.
func (b *Backend) SubmitBatch(ctx context.Context, items []llm.BatchItem) (string, error) {
	var reqs []batchRequest
	for _, it := range items {
		p, err := batchParams(b.model, it.Request)
		if err != nil {
			return "", fmt.Errorf("anthropic: item %s: %w", it.ID, err)
		}
		for i := range it.Request.Count() {
			reqs = append(reqs, batchRequest{CustomID: it.ID + "-" + strconv.Itoa(it.Request.Offset+i), Params: p})
		}
	}
	body, err := json.Marshal(map[string]any{"requests": reqs})
	if err != nil {
		return "", err
	}
	job, err := b.client.Messages.Batches.New(ctx, sdk.MessageBatchNewParams{},
		option.WithRequestBody("application/json", body))
	if err != nil {
		return "", b.classify(ctx, err)
	}
	return job.ID, nil
}

// BatchStatus polls a batch.
func (b *Backend) BatchStatus(ctx context.Context, id string) (llm.BatchStatus, error) {
	job, err := b.client.Messages.Batches.Get(ctx, id, sdk.MessageBatchGetParams{})
	if err != nil {
		return llm.BatchStatus{}, b.classify(ctx, err)
	}
	c := job.RequestCounts
	return llm.BatchStatus{
		ID: job.ID, State: string(job.ProcessingStatus), Done: job.ProcessingStatus == "ended",
		Total:     int(c.Processing + c.Succeeded + c.Errored + c.Canceled + c.Expired),
		Succeeded: int(c.Succeeded), Errored: int(c.Errored + c.Canceled + c.Expired),
	}, nil
}

// BatchResults streams the results, merging the choices of each item (in
// choice order); an item with any failed choice is a failed result.
func (b *Backend) BatchResults(ctx context.Context, id string, fn func(llm.BatchResult) error) error {
	type part struct {
		idx int
		g   llm.Group
	}
	parts := map[string][]part{}
	errs := map[string]error{}
	var order []string
	stream := b.client.Messages.Batches.ResultsStreaming(ctx, id, sdk.MessageBatchResultsParams{})
	defer stream.Close()
	for stream.Next() {
		r := stream.Current()
		item, idx := r.CustomID, 0
		if i := strings.LastIndexByte(r.CustomID, '-'); i >= 0 {
			if n, err := strconv.Atoi(r.CustomID[i+1:]); err == nil {
				item, idx = r.CustomID[:i], n
			}
		}
		if _, seen := parts[item]; !seen {
			order = append(order, item)
			parts[item] = nil
		}
		switch r.Result.Type {
		case "succeeded":
			parts[item] = append(parts[item], part{idx, group(&r.Result.Message)})
		case "errored":
			e := r.Result.Error.Error
			kind := llm.Retryable
			if e.Type == "invalid_request_error" {
				kind = llm.PromptFatal
			}
			errs[item] = &llm.Error{Kind: kind, Backend: Name, Type: string(e.Type), Message: llm.Redact(e.Message, b.key)}
		default: // canceled, expired: not run
			errs[item] = &llm.Error{Kind: llm.Retryable, Backend: Name, Type: r.Result.Type, Message: "batch request " + r.Result.Type}
		}
	}
	if err := stream.Err(); err != nil {
		return b.classify(ctx, err)
	}
	for _, item := range order {
		res := llm.BatchResult{ID: item, Err: errs[item]}
		if res.Err == nil {
			ps := parts[item]
			sort.Slice(ps, func(i, j int) bool { return ps[i].idx < ps[j].idx })
			for _, p := range ps {
				res.Group.Merge(p.g)
			}
		}
		if err := fn(res); err != nil {
			return err
		}
	}
	return nil
}
