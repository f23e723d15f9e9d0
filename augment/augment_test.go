package augment

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/grpodata/grpodata/jsonl"
	"github.com/grpodata/grpodata/llm"
	"github.com/grpodata/grpodata/llm/llmtest"
	_ "github.com/grpodata/grpodata/llm/openai"
	"github.com/grpodata/grpodata/record"
)

// reply plays a model on the fake OpenAI server: paraphrases keep the
// numbers, the easy variant is a solvable equation, the hard one is wrapped
// in a label and quotes, and paraphrase 2 repeats the original (a duplicate).
func reply(r llmtest.Received, i int) string {
	msgs, _ := r.Body["messages"].([]any)
	last, _ := msgs[len(msgs)-1].(map[string]any)
	content, _ := last["content"].(string)
	switch {
	case strings.HasPrefix(content, "Paraphrase"):
		if i == 1 {
			return "Solve for x: 2x + 5 = 15"
		}
		return "Find the value of x when 2x + 5 = 15."
	case strings.Contains(content, "easier"):
		return "Solve for x: x + 1 = 3"
	default:
		return "Harder version:\n\"Solve for x: 12x - 7 = 5x + 84 + 2x\""
	}
}

func run(t *testing.T, cfg Config, input string) ([]*record.Record, *Summary) {
	t.Helper()
	srv := llmtest.NewOpenAI(llmtest.Config{Reply: reply})
	defer srv.Close()
	b, err := llm.Build("openai", llm.Config{BaseURL: srv.URL + "/v1", Model: "m", APIKey: "k"}, nil, llm.Options{})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "in.jsonl")
	os.WriteFile(in, []byte(input), 0o644)
	out := filepath.Join(dir, "out.jsonl")
	w, _ := jsonl.Create(out)
	sum, err := Run(context.Background(), jsonl.Source{Files: []string{in}}, w, b, cfg)
	if err != nil {
		t.Fatal(err)
	}
	w.Commit()
	data, _ := os.ReadFile(out)
	var recs []*record.Record
	for _, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		rec, err := record.Decode([]byte(l))
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, rec)
	}
	return recs, sum
}

func meta(r *record.Record, key string) string {
	raw, _ := r.Extra.Get("metadata")
	var m record.Fields
	m.UnmarshalJSON(raw)
	var v string
	m.Decode(key, &v)
	return v
}

func TestParaphrasesAndVariants(t *testing.T) {
	input := `{"id":"q1","prompt":"Solve for x: 2x + 5 = 15","answer":"5","difficulty":"medium","category":"algebra"}` + "\n"
	recs, sum := run(t, Config{Paraphrase: 2, Variants: []string{"easy", "hard"}}, input)
	// original, 1 paraphrase (the other duplicates the original), easy, hard
	if len(recs) != 4 || sum.Duplicates != 1 || sum.Added["paraphrase"] != 1 || sum.Added["easy"] != 1 || sum.Added["hard"] != 1 {
		t.Fatalf("records=%d summary=%+v", len(recs), sum)
	}
	para, easy, hard := recs[1], recs[2], recs[3]
	if para.Prompt.Text != "Find the value of x when 2x + 5 = 15." || para.Answer != "5" || para.Difficulty != "medium" || para.ID != "q1-para1" {
		t.Errorf("paraphrase = %+v", para)
	}
	if meta(para, "augmented_from") != "q1" || meta(para, "augmentation") != "paraphrase" {
		t.Errorf("paraphrase metadata: %s", para.AppendJSON(nil))
	}
	if easy.Difficulty != "easy" || easy.Answer != "2" || sum.Solved < 1 {
		t.Errorf("easy variant = %s (solved %d)", easy.AppendJSON(nil), sum.Solved)
	}
	if hard.Prompt.Text != "Solve for x: 12x - 7 = 5x + 84 + 2x" || hard.Difficulty != "hard" {
		t.Errorf("hard variant prompt not cleaned: %q", hard.Prompt.Text)
	}
}

func TestVariantsDropCodeReferences(t *testing.T) {
	input := `{"prompt":"Write reverse(s)","tests":["assert reverse('ab') == 'ba'"],"entry_point":"reverse","solution":"def reverse(s): return s[::-1]","category":"code"}` + "\n"
	recs, _ := run(t, Config{Paraphrase: 1, Variants: []string{"hard"}, OnlyNew: true}, input)
	if len(recs) != 2 {
		t.Fatalf("records = %d", len(recs))
	}
	if len(recs[0].Tests) == 0 || recs[0].EntryPoint != "reverse" {
		t.Errorf("paraphrase lost the tests: %s", recs[0].AppendJSON(nil))
	}
	if len(recs[1].Tests) != 0 || recs[1].Solution != "" || recs[1].Answer != "" {
		t.Errorf("variant kept references that no longer hold: %s", recs[1].AppendJSON(nil))
	}
}

func TestCheck(t *testing.T) {
	for _, cfg := range []Config{{}, {Variants: []string{"medium"}}, {Paraphrase: 1, Templates: map[string]string{"other": "x"}}, {Paraphrase: 1, Templates: map[string]string{"easy": "{{.Prompt"}}} {
		if Check(cfg) == nil {
			t.Errorf("Check(%+v) accepted", cfg)
		}
	}
}

func TestCleanPrompt(t *testing.T) {
	for in, want := range map[string]string{
		"  Paraphrased problem: What is 2+2?  ": "What is 2+2?",
		"```\nWhat is 3+3?\n```":                "What is 3+3?",
		"\"Quoted?\"":                           "Quoted?",
		"New problem:\nCompute 7*8.":            "Compute 7*8.",
	} {
		if got := cleanPrompt(in); got != want {
			t.Errorf("cleanPrompt(%q) = %q, want %q", in, got, want)
		}
	}
}
