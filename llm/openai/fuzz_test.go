package openai_test

import (
	"testing"

	"github.com/grpodata/grpodata/llm/openai"
)

// Result lines come from files and servers we do not control: decoding must
// never panic, and a result is either an error or has an ID.
func FuzzDecodeResultLine(f *testing.F) {
	f.Add([]byte(`{"custom_id":"r0","response":{"status_code":200,"body":{"choices":[{"index":0,"message":{"content":"x"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":3}}}}`))
	f.Add([]byte(`{"custom_id":"r1","response":{"status_code":429,"body":{"error":{"message":"slow"}}}}`))
	f.Add([]byte(`{"custom_id":"r2","error":{"code":"batch_expired","message":"m"}}`))
	f.Add([]byte(`{"custom_id":"r3","response":{"status_code":200,"body":{"choices":[]}}}`))
	f.Add([]byte(`{"custom_id":"r4","response":{"status_code":200,"body":{"choices":[{"index":-5,"message":{"content":null}}],"usage":{"completion_tokens":-7}}}}`))
	f.Fuzz(func(t *testing.T, line []byte) {
		res, err := openai.DecodeResultLine(line, 2)
		if err == nil && res.ID == "" {
			t.Fatalf("result without ID from %q", line)
		}
	})
}
