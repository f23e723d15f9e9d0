package generate_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/grpodata/grpodata/generate"
	"github.com/grpodata/grpodata/llm"
	_ "github.com/grpodata/grpodata/llm/all"
)

func Example() {
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	prompts := filepath.Join(dir, "prompts.jsonl")
	os.WriteFile(prompts, []byte(`{"id":"q1","prompt":"What is 6*7?","answer":"42"}`+"\n"), 0o644)

	stats := &llm.Stats{}
	backend, _ := llm.Build("sim", llm.Config{Seed: 1}, nil, llm.Options{Stats: stats})
	p, err := generate.Run(context.Background(), generate.Config{
		Inputs:    []string{prompts},
		Output:    filepath.Join(dir, "generated.jsonl"),
		Backend:   backend,
		Stats:     stats,
		GroupSize: 8,
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(p.Done, p.Responses, p.Failed)
	// Output: 1 8 0
}
