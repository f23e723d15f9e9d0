package verify_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/grpodata/grpodata/jsonl"
	"github.com/grpodata/grpodata/option"
	"github.com/grpodata/grpodata/record"
	"github.com/grpodata/grpodata/verify"
)

func TestResolve(t *testing.T) {
	cases := []struct {
		given   string
		parts   []string  // names
		weights []float64 // weights
		name    string
	}{
		{"symbolic_math", []string{"symbolic_math"}, []float64{1}, "symbolic_math"},
		{"math", []string{"symbolic_math"}, []float64{1}, "symbolic_math"},
		{"symbolic_math:0.9,format:0.1", []string{"symbolic_math", "format"}, []float64{0.9, 0.1}, "symbolic_math:0.9,format:0.1"},
		{" math : 2 , format ", []string{"symbolic_math", "format"}, []float64{2, 1}, "math : 2 , format"},
		{"format:0.5", []string{"format"}, []float64{0.5}, "format"},
		{"exec:./score.py", []string{"exec"}, []float64{1}, "exec:./score.py"},
	}
	for _, c := range cases {
		p, err := verify.Resolve(c.given)
		if err != nil {
			t.Fatalf("%q: %v", c.given, err)
		}
		if len(p.Parts) != len(c.parts) || p.Name() != c.name {
			t.Fatalf("%q: %d parts named %q", c.given, len(p.Parts), p.Name())
		}
		for i, part := range p.Parts {
			if part.Spec.Name != c.parts[i] || part.Weight != c.weights[i] {
				t.Errorf("%q part %d: %s:%v", c.given, i, part.Spec.Name, part.Weight)
			}
		}
	}
	for given, want := range map[string]string{
		"":                        "empty part",
		"math,":                   "empty part",
		"nope":                    "nope",
		"math:x":                  `weight "x"`,
		"math:-1,format":          `weight "-1"`,
		"math:0,format":           `weight "0"`,
		"math:inf":                `weight "inf"`,
		"math:0.9,format:0.1,bad": "bad",
		`math,format:"0.1`:        "unterminated quote",
	} {
		if _, err := verify.Resolve(given); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want one saying %q", given, err, want)
		}
	}
}

// runLines verifies records (JSON lines) with cfg and returns the records out.
func runLines(t *testing.T, cfg verify.Config, lines ...string) []*record.Record {
	t.Helper()
	dir := t.TempDir()
	in, out := filepath.Join(dir, "in.jsonl"), filepath.Join(dir, "out.jsonl")
	if err := os.WriteFile(in, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := verify.Run(context.Background(), jsonl.Source{Files: []string{in}}, jsonl.Sink{Path: out}, cfg); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(out)
	var recs []*record.Record
	for _, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		r, err := record.Decode([]byte(l))
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, r)
	}
	return recs
}

func metadataOf(t *testing.T, resp record.Response) verify.Metadata {
	t.Helper()
	var m verify.Metadata
	if ok, err := resp.Metadata.Decode("verifier", &m); !ok || err != nil {
		t.Fatalf("no metadata.verifier: %v", err)
	}
	return m
}

func scoreText(s *float64) string {
	if s == nil {
		return "missing"
	}
	b, _ := json.Marshal(*s)
	return string(b)
}

func TestWeightedCombination(t *testing.T) {
	cfg := verify.DefaultConfig()
	cfg.Verifier = "symbolic_math:0.9,format:0.1"
	recs := runLines(t, cfg, `{"prompt":"6*7?","answer":"42","responses":[`+
		`{"text":"<think>maybe \\boxed{41}</think>\nThe answer is \\boxed{42}."},`+
		`{"text":"<think></think>\\boxed{42}"},`+
		`{"text":"<think>6*7=42</think>\\boxed{41}"},`+
		`{"text":"\\boxed{41}"}]}`)
	want := []string{"1", "0.9", "0.1", "0"}
	for i, resp := range recs[0].Responses {
		if got := scoreText(resp.Score); got != want[i] {
			t.Errorf("response %d scored %s, want %s", i, got, want[i])
		}
		m := metadataOf(t, resp)
		if m.Name != cfg.Verifier || len(m.Parts) != 2 || m.Parts[0].Name != "symbolic_math" || m.Parts[1].Name != "format" || m.Parts[0].Weight != 0.9 {
			t.Fatalf("response %d metadata %+v", i, m)
		}
	}
	if m := metadataOf(t, recs[0].Responses[1]); *m.Parts[0].Score != 1 || *m.Parts[1].Score != 0 || m.Parts[1].Reason != "empty reasoning block" ||
		m.Reason != "symbolic_math=equivalent + format=empty reasoning block" || m.Extracted != "42" {
		t.Errorf("parts of response 1: %+v", m)
	}
	if c := recs[0].Responses[0].Correct; c == nil || !*c {
		t.Error("a full score is not marked correct")
	}
	if c := recs[0].Responses[1].Correct; c == nil || *c {
		t.Error("a partial score is marked correct")
	}
}

// A part that cannot decide leaves the combined score missing, unless
// --missing-as-zero counts it as 0.
func TestMissingPart(t *testing.T) {
	line := `{"prompt":"Name a colour.","responses":[{"text":"<think>hm</think>blue"}]}`
	cfg := verify.DefaultConfig()
	cfg.Verifier = "symbolic_math:0.9,format:0.1"
	resp := runLines(t, cfg, line)[0].Responses[0]
	if resp.Score != nil || resp.Correct != nil {
		t.Errorf("scored %s with an undecided part", scoreText(resp.Score))
	}
	m := metadataOf(t, resp)
	if m.Parts[0].Score != nil || m.Parts[0].Reason != "no reference answer" || *m.Parts[1].Score != 1 {
		t.Errorf("parts %+v", m.Parts)
	}
	cfg.Options.MissingAsZero = true
	if resp := runLines(t, cfg, line)[0].Responses[0]; scoreText(resp.Score) != "0.1" {
		t.Errorf("with missing_as_zero scored %s, want 0.1", scoreText(resp.Score))
	}
}

// Settings reach each part, and a bad one is an error before anything runs.
func TestCombinationSettings(t *testing.T) {
	cfg := verify.DefaultConfig()
	cfg.Verifier = "math:0.5,format:0.5"
	cfg.Set = []string{"format.think_open=<r>", "format.think_close=</r>", "math.strip_think=false"}
	resp := runLines(t, cfg, `{"prompt":"6*7?","answer":"42","responses":[{"text":"<r>x</r>\\boxed{42}"},{"text":"<think>\\boxed{42}</think>41"}]}`)[0].Responses
	if scoreText(resp[0].Score) != "1" || scoreText(resp[1].Score) != "0.5" {
		t.Errorf("scores %s %s, want 1 and 0.5 (math reads inside <think> with strip_think=false)", scoreText(resp[0].Score), scoreText(resp[1].Score))
	}
	for _, set := range [][]string{{"format.mode=lenient"}, {"code.test_timeout=1s"}, {"nope.x=1"}} {
		c := cfg
		c.Set = set
		if err := verify.Stage.Check(&c); err == nil {
			t.Errorf("--set %v: no error", set)
		}
	}
	c := cfg
	c.Verifier = "math:0.5,format:zero"
	if err := verify.Stage.Check(&c); err == nil || !strings.Contains(err.Error(), `weight "zero"`) {
		t.Errorf("bad weight: %v", err)
	}
}

// A pipeline's verify block takes the same strings and keys as the flags.
func TestPipelineBlock(t *testing.T) {
	decode := func(text string) (verify.Config, error) {
		var doc yaml.Node
		if err := yaml.Unmarshal([]byte(text), &doc); err != nil {
			t.Fatal(err)
		}
		cfg := verify.DefaultConfig()
		if err := option.DecodeYAML(doc.Content[0], &cfg); err != nil {
			return cfg, err
		}
		return cfg, verify.Stage.Check(&cfg)
	}
	cfg, err := decode("verifier: 'symbolic_math:0.9,format:0.1'\nmissing_as_zero: true\nset: [format.mode=tag_count]\n")
	if err != nil || !cfg.Options.MissingAsZero || cfg.Verifier != "symbolic_math:0.9,format:0.1" {
		t.Fatalf("%+v %v", cfg, err)
	}
	for text, want := range map[string]string{
		"verifier: 'symbolic_math:0.9,format:x'\n":            `weight "x"`,
		"verifier: 'math,format'\nset: [format.mode=loose]\n": "loose",
		"judge_when: sometimes\n":                             "sometimes",
	} {
		if _, err := decode(text); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %q", text, err, want)
		}
	}
}

func TestResolveArguments(t *testing.T) {
	cases := []struct {
		given, arg string
		weight     float64
	}{
		{"exec:./score.py", "./score.py", 1},
		{"exec:./score.py:0.3", "./score.py", 0.3},
		{`exec:"python3 score.py --strict"`, "python3 score.py --strict", 1},
		{`exec:"python3 a,b.py":0.5,format:0.5`, "python3 a,b.py", 0.5},
		{"exec:C:/tools/score", "C:/tools/score", 1},
	}
	for _, c := range cases {
		p, err := verify.Resolve(c.given)
		if err != nil {
			t.Fatalf("%q: %v", c.given, err)
		}
		if got := p.Parts[0]; got.Spec.Name != "exec" || got.Arg != c.arg || got.Weight != c.weight {
			t.Errorf("%q: %s %q %v", c.given, got.Spec.Name, got.Arg, got.Weight)
		}
	}
	for given, want := range map[string]string{
		"exec":               "needs an argument",
		"exec:":              "needs an argument",
		`exec:"a"b`:          "after the quoted argument",
		`exec:"python3 a":x`: `weight "x"`,
	} {
		if _, err := verify.Resolve(given); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %q", given, err, want)
		}
	}
}

func BenchmarkCombination(b *testing.B) {
	v, err := verify.New("symbolic_math:0.9,format:0.1", verify.Options{Timeout: time.Second})
	if err != nil {
		b.Fatal(err)
	}
	rec := &record.Record{Prompt: record.Prompt{Text: "6*7?"}, Answer: "42"}
	resp := &record.Response{Text: "<think>6*7 is 42</think>\nThe answer is \\boxed{42}."}
	for b.Loop() {
		if d := v.Verify(context.Background(), rec, resp); d.Score == nil || *d.Score != 1 {
			b.Fatal(d.Reason)
		}
	}
}
