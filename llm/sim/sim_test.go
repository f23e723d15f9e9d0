package sim_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/grpodata/grpodata/llm"
	"github.com/grpodata/grpodata/llm/sim"
)

func ptr[T any](v T) *T { return &v }

func req(prompt, answer string, n int) llm.Request {
	return llm.Request{Messages: []llm.Message{{Role: "user", Content: prompt}}, N: n, Hints: map[string]string{llm.HintAnswer: answer}}
}

func TestDeterministicAndSplitIndependent(t *testing.T) {
	b, _ := sim.New(llm.Config{Seed: 42})
	whole, err := b.Sample(context.Background(), req("What is 6*7?", "42", 8))
	if err != nil {
		t.Fatal(err)
	}
	again, _ := b.Sample(context.Background(), req("What is 6*7?", "42", 8))
	parts, _ := llm.Split(b).Sample(context.Background(), req("What is 6*7?", "42", 8))
	for i := range whole.Choices {
		if whole.Choices[i].Text != again.Choices[i].Text || whole.Choices[i].Text != parts.Choices[i].Text {
			t.Fatalf("choice %d differs between runs or splits", i)
		}
	}
	other, _ := (&sim.Backend{Seed: 43, Accuracy: 0.5}).Sample(context.Background(), req("What is 6*7?", "42", 8))
	same := 0
	for i := range whole.Choices {
		if whole.Choices[i].Text == other.Choices[i].Text {
			same++
		}
	}
	if same == 8 {
		t.Error("the seed changes nothing")
	}
	if whole.Model != "sim" || whole.Usage.CompletionTokens == 0 {
		t.Errorf("group = %+v", whole)
	}
}

func TestAccuracy(t *testing.T) {
	for _, acc := range []float64{0, 0.3, 1} {
		b, err := sim.New(llm.Config{Seed: 1, Options: &sim.Options{Accuracy: acc}})
		if err != nil {
			t.Fatal(err)
		}
		correct, total := 0, 0
		for p := range 100 {
			for _, answers := range []string{"17", "\\frac{3}{4}", "2.5", "x^2"} {
				g, _ := b.Sample(context.Background(), req(fmt.Sprintf("prompt %d %s", p, answers), answers, 4))
				for _, c := range g.Choices {
					total++
					if !strings.Contains(c.Text, `\boxed{`) {
						t.Fatalf("no box: %q", c.Text)
					}
					if strings.Contains(c.Text, `\boxed{`+answers+`}`) {
						correct++
					}
				}
			}
		}
		got := float64(correct) / float64(total)
		if got < acc-0.05 || got > acc+0.05 {
			t.Errorf("accuracy %v: got %v", acc, got)
		}
	}
}

func TestCode(t *testing.T) {
	sol := "def add(a, b):\n    return a + b\n"
	b := &sim.Backend{Seed: 3, Accuracy: 0.5}
	g, _ := b.Sample(context.Background(), llm.Request{Messages: []llm.Message{{Role: "user", Content: "write add"}}, N: 40, Hints: map[string]string{llm.HintSolution: sol}})
	good, bad := 0, 0
	for _, c := range g.Choices {
		if !strings.Contains(c.Text, "```python\n") {
			t.Fatalf("no fence: %q", c.Text)
		}
		if strings.Contains(c.Text, "```python\n"+strings.TrimSpace(sol)+"\n```") {
			good++
		} else {
			bad++
		}
	}
	if good == 0 || bad == 0 {
		t.Errorf("good %d bad %d", good, bad)
	}
}

func TestGreedyAndMaxTokens(t *testing.T) {
	b := &sim.Backend{Seed: 3, Accuracy: 0.5}
	r := req("q", "1", 6)
	r.Params.Temperature = ptr(0.0)
	g, _ := b.Sample(context.Background(), r)
	for _, c := range g.Choices {
		if c.Text != g.Choices[0].Text {
			t.Fatal("temperature 0 gave different choices")
		}
	}
	r.Params.MaxTokens = 3
	g, _ = b.Sample(context.Background(), r)
	if c := g.Choices[0]; c.FinishReason != llm.FinishLength || len(c.Text) > 12 {
		t.Errorf("truncated choice = %+v", c)
	}
}

func TestBadOptions(t *testing.T) {
	for _, o := range []*sim.Options{{Accuracy: 2}, {Accuracy: -0.1}, {Accuracy: 0.5, Latency: -time.Second}} {
		if _, err := sim.New(llm.Config{Options: o}); err == nil {
			t.Errorf("%+v: want an error", *o)
		}
	}
}

func TestCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	b, _ := sim.New(llm.Config{Options: &sim.Options{Accuracy: 0.5, Latency: time.Hour}})
	if _, err := b.Sample(ctx, req("q", "1", 1)); err == nil {
		t.Fatal("want an error")
	}
}
