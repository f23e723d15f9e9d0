package verify_test

import (
	"context"
	"fmt"
	"time"

	"github.com/grpodata/grpodata/record"
	"github.com/grpodata/grpodata/verify"
	_ "github.com/grpodata/grpodata/verify/all"
)

// A weighted combination, built by name as the verify command, a pipeline
// and a server build it.
func ExampleNew() {
	v, err := verify.New("symbolic_math:0.9,format:0.1", verify.Options{Timeout: time.Second})
	if err != nil {
		fmt.Println(err)
		return
	}
	rec := &record.Record{Prompt: record.Prompt{Text: "What is 6*7?"}, Answer: "42"}
	for _, text := range []string{
		"<think>6*7 = 42</think>\nThe answer is \\boxed{42}.",
		"The answer is \\boxed{42}.",                                   // no reasoning block
		"<think>maybe \\boxed{42}</think>\nThe answer is \\boxed{41}.", // the box inside <think> is not the answer
	} {
		d := v.Verify(context.Background(), rec, &record.Response{Text: text})
		fmt.Printf("%.1f %s\n", *d.Score, d.Reason)
	}
	// Output:
	// 1.0 symbolic_math=equivalent + format=well formed
	// 0.9 symbolic_math=equivalent + format=no reasoning block
	// 0.1 symbolic_math=not equivalent (different value) + format=well formed
}
