package format

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/grpodata/grpodata/record"
	"github.com/grpodata/grpodata/verify"
	"github.com/grpodata/grpodata/verify/verifytest"
)

func build(t *testing.T, settings map[string]string) verify.Verifier {
	t.Helper()
	v, err := New(verify.Options{Timeout: time.Second, Settings: settings})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func judge(v verify.Verifier, text string) verify.Verdict {
	return v.Verify(context.Background(), &record.Record{}, &record.Response{Text: text})
}

func TestStrict(t *testing.T) {
	v := build(t, nil)
	cases := []struct {
		name, text string
		want       string // "" for well formed, else the reason
		answer     string // the extracted answer when well formed
	}{
		{"plain answer", "<think>\n6*7 is 42\n</think>\nThe answer is 42.", "", "The answer is 42."},
		{"answer block", "<think>6*7</think>\n<answer>\n42\n</answer>\n", "", "42"},
		{"leading white space", "\n  <think>r</think>42", "", "42"},
		{"newlines everywhere", "<think>\n\nr\n\n</think>\n\n<answer>\n\n42\n\n</answer>", "", "42"},
		// The known ways to game a format reward.
		{"empty think", "<think></think>42", "empty reasoning block", ""},
		{"blank think", "<think> \n\t </think>\n42", "empty reasoning block", ""},
		{"repeated blocks", "<think>a</think><think>b</think>42", "a second reasoning block", ""},
		{"block after the answer", "<think>a</think>42<think>b</think>", "a second reasoning block", ""},
		{"nested open", "<think>a<think>b</think>42", "a second <think> inside the reasoning block", ""},
		{"stray close after", "<think>a</think>42</think>", "a second reasoning block", ""},
		{"closing tag only", "</think>42", "closing </think> without an opening <think>", ""},
		{"reasoning then closing tag only", "let me see\n</think>\n42", "closing </think> without an opening <think>", ""},
		{"tags only in a code fence", "```\n<think>a</think>\n```\n42", "no reasoning block", ""},
		{"fenced close tag does not close", "<think>\nexample:\n```html\n</think>\n```\nso\n</think>\n42", "", "42"},
		{"fenced block after the answer", "<think>a</think>\n```\n<think>b</think>\n```\n42", "", "```\n<think>b</think>\n```\n42"},
		{"fence left open hides the close", "<think>a\n```\n</think>42", "unclosed reasoning block", ""},
		{"text before", "Sure! <think>a</think>42", "text before the reasoning block", ""},
		{"no reasoning", "42", "no reasoning block", ""},
		{"unclosed", "<think>still thinking", "unclosed reasoning block", ""},
		{"no answer", "<think>a</think>", "no final answer", ""},
		{"blank answer", "<think>a</think>\n \n", "no final answer", ""},
		{"empty answer block", "<think>a</think><answer> </answer>", "empty answer block", ""},
		{"repeated answer blocks", "<think>a</think><answer>1</answer><answer>2</answer>", "a second answer block", ""},
		{"answer closing tag only", "<think>a</think>1</answer>", "closing </answer> without an opening <answer>", ""},
		{"unclosed answer", "<think>a</think><answer>1", "unclosed answer block", ""},
		{"answer tags swapped", "<think>a</think></answer>1<answer>", "closing </answer> before <answer>", ""},
		{"text between", "<think>a</think>So: <answer>1</answer>", "text between the reasoning and the answer block", ""},
		{"text after", "<think>a</think><answer>1</answer> and 2", "text after the answer block", ""},
		{"answer inside reasoning", "<think>a <answer>1</answer></think>1", "answer tag inside the reasoning block", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := judge(v, c.text)
			if c.want == "" {
				if *d.Score != 1 || d.Reason != "well formed" || d.Extracted != c.answer {
					t.Errorf("got %v %q (answer %q), want well formed with %q", *d.Score, d.Reason, d.Extracted, c.answer)
				}
				return
			}
			if *d.Score != 0 || *d.Correct || d.Reason != c.want {
				t.Errorf("got %v %q, want 0 %q", *d.Score, d.Reason, c.want)
			}
		})
	}
}

func TestSettings(t *testing.T) {
	cases := []struct {
		name     string
		settings map[string]string
		text     string
		want     float64
	}{
		{"custom tags", map[string]string{"format.think_open": "<reasoning>", "format.think_close": "</reasoning>"}, "<reasoning>r</reasoning>42", 1},
		{"custom tags ignore the default ones", map[string]string{"format.think_open": "<reasoning>", "format.think_close": "</reasoning>"}, "<think>r</think>42", 0},
		{"answer tags required", map[string]string{"format.require_answer_tags": "true"}, "<think>r</think>42", 0},
		{"answer tags required and given", map[string]string{"format.require_answer_tags": "true"}, "<think>r</think><answer>42</answer>", 1},
		{"open tag in the prompt", map[string]string{"format.open_in_prompt": "true"}, "r\n</think>\n42", 1},
		{"open tag in the prompt and again", map[string]string{"format.open_in_prompt": "true"}, "<think>r</think>42", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if d := judge(build(t, c.settings), c.text); *d.Score != c.want {
				t.Errorf("scored %v (%s), want %v", *d.Score, d.Reason, c.want)
			}
		})
	}
}

func TestBadSettings(t *testing.T) {
	for _, s := range []map[string]string{
		{"format.think_open": " "},
		{"format.answer_open": "<think>"},
		{"format.mode": "lenient"},
		{"format.no_such": "1"},
	} {
		if _, err := New(verify.Options{Settings: s}); err == nil {
			t.Errorf("%v: no error", s)
		}
	}
}

func TestTagCount(t *testing.T) {
	v := build(t, map[string]string{"format.mode": "tag_count"})
	cases := []struct {
		text string
		want float64
	}{
		{"<think>\nr\n</think>\n<answer>\n42\n</answer>", 1},
		{"<think>r</think>42", 0.5},
		{"<think>r</think><think>s</think><answer>42</answer>", 0.5},
		{"</think><answer>42", 0.5},
		{"```\n<think>r</think>\n```\n<answer>42</answer>", 0.5},
		{"42", 0},
	}
	for _, c := range cases {
		d := judge(v, c.text)
		if *d.Score != c.want || *d.Correct != (c.want == 1) {
			t.Errorf("%q: scored %v (%s), want %v", c.text, *d.Score, d.Reason, c.want)
		}
	}
}

func TestMaskFencesKeepsOffsets(t *testing.T) {
	for _, s := range []string{"", "a", "```", "x\n```go\n<a>\n```\ny", "~~~\n<b>", "```\n```\n```"} {
		m := maskFences(s)
		if len(m) != len(s) || strings.Count(m, "\n") != strings.Count(s, "\n") {
			t.Errorf("%q masked to %q", s, m)
		}
	}
}

func TestConformance(t *testing.T) {
	rec := &record.Record{Prompt: record.Prompt{Text: "What is 6*7?"}, Answer: "42"}
	verifytest.Run(t, build(t, nil), []verifytest.Case{
		{Name: "think then answer", Rec: rec, Right: "<think>6*7=42</think>\n\\boxed{42}", Wrong: "\\boxed{42}"},
		{Name: "answer block", Rec: rec, Right: "<think>\nr\n</think>\n<answer>42</answer>", Wrong: "<think></think><answer>42</answer>"},
	})
}

// FuzzFormat: any text gets 0 or 1 with a reason, and a pass has an answer
// and exactly one opening tag outside code.
func FuzzFormat(f *testing.F) {
	for _, s := range []string{"<think>a</think>b", "<think></think>", "```\n<think>a</think>\n```b", "</think>x", "<think>a</think><answer>b</answer>"} {
		f.Add(s)
	}
	v, err := New(verify.Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d := judge(v, s)
		if d.Score == nil || (*d.Score != 0 && *d.Score != 1) || d.Reason == "" {
			t.Fatalf("%q: %+v", s, d)
		}
		if *d.Score == 1 && (strings.TrimSpace(d.Extracted) == "" || strings.Count(maskFences(s), "<think>") != 1) {
			t.Fatalf("%q passed with %q", s, d.Extracted)
		}
	})
}

func BenchmarkStrict(b *testing.B) {
	v, _ := New(verify.Options{})
	text := "<think>\n" + strings.Repeat("Let me reason about this step. ", 200) + "\n```python\nprint(1)\n```\n</think>\n<answer>42</answer>"
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		judge(v, text)
	}
}

// Reasoning the server split off counts as the block; an empty one does not.
func TestSeparateReasoning(t *testing.T) {
	v := build(t, nil)
	for _, c := range []struct {
		reasoning, text string
		want            float64
	}{
		{"6*7 is 42", "The answer is 42.", 1},
		{" \n", "The answer is 42.", 0},
		{"6*7 is 42", "<think>again</think>42", 1},
		{"6*7 is 42", "", 0},
	} {
		d := v.Verify(context.Background(), &record.Record{}, &record.Response{Text: c.text, Reasoning: c.reasoning})
		if *d.Score != c.want {
			t.Errorf("%q + %q: %v (%s)", c.reasoning, c.text, *d.Score, d.Reason)
		}
	}
}
