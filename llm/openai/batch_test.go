package openai_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/grpodata/grpodata/llm"
	"github.com/grpodata/grpodata/llm/llmtest"
	"github.com/grpodata/grpodata/llm/openai"
)

func items(n, group int) []llm.BatchItem {
	var out []llm.BatchItem
	for i := range n {
		out = append(out, llm.BatchItem{ID: "r" + string(rune('a'+i)), Request: llm.Request{
			Messages: []llm.Message{{Role: "user", Content: "q"}}, N: group,
			Params: llm.Params{Temperature: ptr(0.5)}, Extra: map[string]any{"top_k": 7},
		}})
	}
	return out
}

func TestBatchFileRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	if err := openai.WriteBatchFile(&buf, "m", items(2, 3)); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	var l struct {
		CustomID    string `json:"custom_id"`
		Method, URL string
		Body        map[string]any
	}
	if err := json.Unmarshal([]byte(lines[1]), &l); err != nil {
		t.Fatal(err)
	}
	if len(lines) != 2 || l.CustomID != "rb" || l.Method != "POST" || l.URL != "/v1/chat/completions" ||
		l.Body["n"] != 3.0 || l.Body["top_k"] != 7.0 || l.Body["temperature"] != 0.5 || l.Body["model"] != "m" {
		t.Fatalf("line = %s", lines[1])
	}
	out := `{"id":"x","custom_id":"ra","response":{"status_code":200,"body":{"model":"m","choices":[{"index":1,"message":{"content":"b"},"finish_reason":"length"},{"index":0,"message":{"content":"a"},"finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":9}}},"error":null}
{"id":"y","custom_id":"rb","response":{"status_code":400,"body":{"error":{"message":"bad","type":"invalid_request_error"}}},"error":null}

{"id":"z","custom_id":"rc","response":null,"error":{"code":"batch_expired","message":"This request could not be executed before the completion window expired."}}
`
	var got []llm.BatchResult
	if err := openai.ReadBatchFile(strings.NewReader(out), func(r llm.BatchResult) error { got = append(got, r); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("%d results", len(got))
	}
	g := got[0].Group
	if got[0].Err != nil || len(g.Choices) != 2 || g.Choices[0].Text != "a" || g.Choices[1].FinishReason != "length" || g.Usage.CompletionTokens != 9 || g.Choices[0].CompletionTokens+g.Choices[1].CompletionTokens != 9 {
		t.Errorf("result 0 = %+v", got[0])
	}
	if !errors.Is(got[1].Err, llm.ErrPromptFatal) || !errors.Is(got[2].Err, llm.ErrRetryable) {
		t.Errorf("errors = %v / %v", got[1].Err, got[2].Err)
	}
	if err := openai.ReadBatchFile(strings.NewReader("{bad\n"), func(llm.BatchResult) error { return nil }); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("malformed: %v", err)
	}
}

func TestBatchAPI(t *testing.T) {
	srv := llmtest.NewOpenAI(llmtest.Config{BatchPolls: 2, BatchFail: func(id string) bool { return id == "rc" }})
	defer srv.Close()
	b := newBackend(t, srv, secret)
	var _ llm.Batcher = b
	id, err := b.SubmitBatch(context.Background(), items(4, 2))
	if err != nil {
		t.Fatal(err)
	}
	var states []string
	st, err := llm.WaitBatch(context.Background(), b, id, time.Millisecond, func(s llm.BatchStatus) { states = append(states, s.State) })
	if err != nil || !st.Done || st.Failed || st.Total != 4 || st.Succeeded != 3 || st.Errored != 1 {
		t.Fatalf("status %+v, %v", st, err)
	}
	if strings.Join(states, ",") != "in_progress,in_progress,completed" {
		t.Errorf("states = %v", states)
	}
	var ids []string
	err = b.BatchResults(context.Background(), id, func(r llm.BatchResult) error {
		ids = append(ids, r.ID)
		if r.ID == "rc" {
			if !errors.Is(r.Err, llm.ErrPromptFatal) {
				t.Errorf("rc: %v", r.Err)
			}
		} else if r.Err != nil || len(r.Group.Choices) != 2 {
			t.Errorf("%s: %+v", r.ID, r)
		}
		return nil
	})
	sort.Strings(ids)
	if err != nil || strings.Join(ids, ",") != "ra,rb,rc,rd" {
		t.Fatalf("results %v, %v", ids, err)
	}
	if _, err := b.BatchStatus(context.Background(), "batch_nope"); !errors.Is(err, llm.ErrRunFatal) {
		t.Errorf("unknown batch: %v", err)
	}
}

// vLLM's run_batch, simulated: read the input file, answer each line with
// the fake server's body shape, write the output file.
func TestFileBatcherWithGenerateShape(t *testing.T) {
	dir := t.TempDir()
	fb := &openai.FileBatcher{Model: "m", In: dir + "/in.jsonl", Out: dir + "/out.jsonl"}
	id, err := fb.SubmitBatch(context.Background(), items(2, 2))
	if err != nil {
		t.Fatal(err)
	}
	st, _ := fb.BatchStatus(context.Background(), id)
	if st.Done || !strings.Contains(st.State, "run_batch -i "+fb.In) {
		t.Fatalf("status = %+v", st)
	}
	in, _ := os.ReadFile(fb.In)
	var out bytes.Buffer
	for _, line := range strings.Split(strings.TrimSpace(string(in)), "\n") {
		var l struct {
			CustomID string `json:"custom_id"`
		}
		json.Unmarshal([]byte(line), &l)
		out.WriteString(`{"id":"v","custom_id":"` + l.CustomID + `","response":{"status_code":200,"body":{"model":"m","choices":[{"index":0,"message":{"content":"x"},"finish_reason":"stop"},{"index":1,"message":{"content":"y"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":2}}},"error":null}` + "\n")
	}
	os.WriteFile(fb.Out, out.Bytes(), 0o644)
	st, _ = fb.BatchStatus(context.Background(), id)
	n := 0
	err = fb.BatchResults(context.Background(), id, func(r llm.BatchResult) error {
		if r.Err != nil || len(r.Group.Choices) != 2 {
			t.Errorf("%+v", r)
		}
		n++
		return nil
	})
	if !st.Done || err != nil || n != 2 {
		t.Fatalf("%+v %v %d", st, err, n)
	}
	if _, err := fb.SubmitBatch(context.Background(), items(1, 1)); err == nil {
		t.Error("a new job was started over an old results file")
	}
}
