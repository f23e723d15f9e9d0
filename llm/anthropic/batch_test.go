package anthropic_test

import (
	"context"
	"errors"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/grpodata/grpodata/llm"
	"github.com/grpodata/grpodata/llm/llmtest"
)

func TestMessageBatches(t *testing.T) {
	srv := llmtest.NewAnthropic(llmtest.Config{BatchPolls: 1, BatchFail: func(id string) bool { return id == "b-1" }})
	defer srv.Close()
	b := newBackend(t, srv, secret)
	var items []llm.BatchItem
	for _, id := range []string{"a", "b", "c"} {
		items = append(items, llm.BatchItem{ID: id, Request: llm.Request{
			Messages: []llm.Message{{Role: "user", Content: "q " + id}}, N: 3, Extra: map[string]any{"top_k": 3},
		}})
	}
	id, err := b.SubmitBatch(context.Background(), items)
	if err != nil {
		t.Fatal(err)
	}
	body := srv.Last().Body
	reqs := body["requests"].([]any)
	if len(reqs) != 9 || reqs[0].(map[string]any)["custom_id"] != "a-0" || reqs[0].(map[string]any)["params"].(map[string]any)["top_k"] != 3.0 {
		t.Fatalf("requests = %v", reqs)
	}
	st, err := llm.WaitBatch(context.Background(), b, id, time.Millisecond, nil)
	if err != nil || !st.Done || st.Total != 9 || st.Succeeded != 8 || st.Errored != 1 {
		t.Fatalf("status = %+v %v", st, err)
	}
	var got []string
	err = b.BatchResults(context.Background(), id, func(r llm.BatchResult) error {
		got = append(got, r.ID)
		switch r.ID {
		case "b":
			if !errors.Is(r.Err, llm.ErrPromptFatal) {
				t.Errorf("b: %v", r.Err)
			}
		default:
			if r.Err != nil || len(r.Group.Choices) != 3 || r.Group.Usage.CompletionTokens == 0 || r.Group.Choices[0].FinishReason != llm.FinishStop {
				t.Errorf("%s: %+v", r.ID, r)
			}
		}
		return nil
	})
	sort.Strings(got)
	if err != nil || strings.Join(got, ",") != "a,b,c" {
		t.Fatalf("results %v %v", got, err)
	}
	if _, err := b.BatchStatus(context.Background(), "nope"); !errors.Is(err, llm.ErrRunFatal) {
		t.Errorf("unknown batch: %v", err)
	}
}
