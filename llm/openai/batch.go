package openai

// The OpenAI Batch API, and the batch file format it shares with vLLM's
// offline runner (python -m vllm.entrypoints.openai.run_batch -i in.jsonl
// -o out.jsonl): one request per input line
//
//	{"custom_id": "...", "method": "POST", "url": "/v1/chat/completions", "body": {...}}
//
// and one result per output line
//
//	{"id": "...", "custom_id": "...", "response": {"status_code": 200, "body": {...}}, "error": null}
//
// A group is one line with n set.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	sdk "github.com/openai/openai-go/v3"

	"github.com/grpodata/grpodata/llm"
)

var _ llm.Batcher = (*Backend)(nil)

// batchLine is one line of a batch input file.
type batchLine struct {
	CustomID string          `json:"custom_id"`
	Method   string          `json:"method"`
	URL      string          `json:"url"`
	Body     json.RawMessage `json:"body"`
}

// EncodeBatchLine returns the batch input line (without newline) for an item.
func EncodeBatchLine(model string, it llm.BatchItem) ([]byte, error) {
	body, err := json.Marshal(params(model, it.Request, it.Request.Count(), it.Request.Offset))
	if err != nil {
		return nil, err
	}
	if len(it.Request.Extra) > 0 {
		var m map[string]json.RawMessage
		if err := json.Unmarshal(body, &m); err != nil {
			return nil, err
		}
		for k, v := range it.Request.Extra {
			raw, err := json.Marshal(v)
			if err != nil {
				return nil, fmt.Errorf("extra %s: %w", k, err)
			}
			m[k] = raw
		}
		if body, err = json.Marshal(m); err != nil {
			return nil, err
		}
	}
	return json.Marshal(batchLine{CustomID: it.ID, Method: "POST", URL: "/v1/chat/completions", Body: body})
}

// WriteBatchFile writes a batch input file.
func WriteBatchFile(w io.Writer, model string, items []llm.BatchItem) error {
	bw := bufio.NewWriter(w)
	for _, it := range items {
		line, err := EncodeBatchLine(model, it)
		if err != nil {
			return fmt.Errorf("item %s: %w", it.ID, err)
		}
		bw.Write(line)
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

// resultLine is one line of a batch output or error file.
type resultLine struct {
	CustomID string `json:"custom_id"`
	Response *struct {
		StatusCode int             `json:"status_code"`
		Body       json.RawMessage `json:"body"`
	} `json:"response"`
	Error *struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// DecodeResultLine reads one line of a batch output (or error) file. A
// failed request is a result with Err set; a malformed line is an error.
func DecodeResultLine(line []byte, want int) (llm.BatchResult, error) {
	var l resultLine
	if err := json.Unmarshal(line, &l); err != nil {
		return llm.BatchResult{}, fmt.Errorf("batch result: %w", err)
	}
	if l.CustomID == "" {
		return llm.BatchResult{}, errors.New("batch result: no custom_id")
	}
	res := llm.BatchResult{ID: l.CustomID}
	switch {
	case l.Response != nil && l.Response.StatusCode == 200:
		var cr chatResponse
		if err := json.Unmarshal(l.Response.Body, &cr); err != nil {
			res.Err = &llm.Error{Kind: llm.Retryable, Backend: Name, Message: "batch result body: " + err.Error()}
			return res, nil
		}
		res.Group = cr.group()
		if want > 0 && len(res.Group.Choices) < want {
			res.Err = &llm.Error{Kind: llm.Retryable, Backend: Name,
				Message: fmt.Sprintf("batch result has %d of %d choices", len(res.Group.Choices), want)}
		}
	case l.Response != nil:
		var eb struct {
			Error struct {
				Type    string `json:"type"`
				Message string `json:"message"`
			} `json:"error"`
		}
		json.Unmarshal(l.Response.Body, &eb)
		res.Err = llm.StatusError(Name, "", l.Response.StatusCode, nil, eb.Error.Type, eb.Error.Message)
	case l.Error != nil:
		// batch_expired, batch_cancelled...: the request was not run.
		res.Err = &llm.Error{Kind: llm.Retryable, Backend: Name, Type: l.Error.Code, Message: l.Error.Message}
	default:
		res.Err = &llm.Error{Kind: llm.Retryable, Backend: Name, Message: "batch result has neither response nor error"}
	}
	return res, nil
}

// ReadBatchFile reads a batch output file (from the Batch API or vLLM's
// run_batch), calling fn for each result.
func ReadBatchFile(r io.Reader, fn func(llm.BatchResult) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 1<<30)
	n := 0
	for sc.Scan() {
		n++
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		res, err := DecodeResultLine(line, 0)
		if err != nil {
			return fmt.Errorf("line %d: %w", n, err)
		}
		if err := fn(res); err != nil {
			return err
		}
	}
	return sc.Err()
}

// SubmitBatch uploads the items as a batch input file and creates a job
// with a 24h completion window.
func (b *Backend) SubmitBatch(ctx context.Context, items []llm.BatchItem) (string, error) {
	var buf bytes.Buffer
	if err := WriteBatchFile(&buf, b.model, items); err != nil {
		return "", err
	}
	f, err := b.client.Files.New(ctx, sdk.FileNewParams{File: namedReader{&buf, "batch.jsonl"}, Purpose: sdk.FilePurposeBatch})
	if err != nil {
		return "", b.classify(ctx, err)
	}
	job, err := b.client.Batches.New(ctx, sdk.BatchNewParams{
		InputFileID:      f.ID,
		Endpoint:         sdk.BatchNewParamsEndpointV1ChatCompletions,
		CompletionWindow: sdk.BatchNewParamsCompletionWindow24h,
	})
	if err != nil {
		return "", b.classify(ctx, err)
	}
	return job.ID, nil
}

// namedReader gives the upload a file name.
type namedReader struct {
	io.Reader
	name string
}

func (n namedReader) Filename() string    { return n.name }
func (n namedReader) ContentType() string { return "application/jsonl" }

// BatchStatus polls a job.
func (b *Backend) BatchStatus(ctx context.Context, id string) (llm.BatchStatus, error) {
	job, err := b.client.Batches.Get(ctx, id)
	if err != nil {
		return llm.BatchStatus{}, b.classify(ctx, err)
	}
	st := llm.BatchStatus{ID: job.ID, State: string(job.Status),
		Total: int(job.RequestCounts.Total), Succeeded: int(job.RequestCounts.Completed), Errored: int(job.RequestCounts.Failed)}
	switch job.Status {
	case "completed", "expired", "cancelled":
		st.Done = true
	case "failed":
		st.Done, st.Failed = true, true
	}
	return st, nil
}

// BatchResults downloads the output and error files of a finished job.
func (b *Backend) BatchResults(ctx context.Context, id string, fn func(llm.BatchResult) error) error {
	job, err := b.client.Batches.Get(ctx, id)
	if err != nil {
		return b.classify(ctx, err)
	}
	for _, fid := range []string{job.OutputFileID, job.ErrorFileID} {
		if fid == "" {
			continue
		}
		resp, err := b.client.Files.Content(ctx, fid)
		if err != nil {
			return b.classify(ctx, err)
		}
		err = ReadBatchFile(resp.Body, fn)
		resp.Body.Close()
		if err != nil {
			return fmt.Errorf("openai: batch %s file %s: %w", id, fid, err)
		}
	}
	return nil
}
