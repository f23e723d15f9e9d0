package llm_test

import (
	"context"
	"fmt"

	"github.com/grpodata/grpodata/llm"
	_ "github.com/grpodata/grpodata/llm/all"
)

func Example() {
	stats := &llm.Stats{}
	b, err := llm.Build("sim", llm.Config{Seed: 1}, nil, llm.Options{
		Limits:      llm.Limits{RPM: 600},
		MaxInFlight: 64,
		Stats:       stats,
	})
	if err != nil {
		panic(err)
	}
	g, err := b.Sample(context.Background(), llm.Request{
		Messages: []llm.Message{{Role: llm.RoleUser, Content: "What is 6*7?"}},
		N:        4,
		Hints:    map[string]string{llm.HintAnswer: "42"},
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(len(g.Choices), g.Model, stats.Snapshot().Calls)
	// Output: 4 sim 1
}
