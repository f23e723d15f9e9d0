package record

import (
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"
)

func TestDecodeFields(t *testing.T) {
	line := `{"prompt":"Solve for x: 2x + 5 = 15","responses":[{"text":"x = 5","score":1.0,"correct":true,` +
		`"reasoning":"r","execution_output":"ok","metadata":{"model":"m","temperature":1.0},"logprob":-1.5}],` +
		`"difficulty":"easy","category":"algebra","source":"leetcode_easy","answer":5,"id":"p1",` +
		`"reward_model":{"style":"rule","ground_truth":"5"},"custom":[1,{"a":null}]}`
	r, err := Decode([]byte(line))
	if err != nil {
		t.Fatal(err)
	}
	if r.Prompt.Text != "Solve for x: 2x + 5 = 15" || r.Prompt.IsChat() {
		t.Errorf("prompt = %+v", r.Prompt)
	}
	if len(r.Responses) != 1 || *r.Responses[0].Score != 1 || !*r.Responses[0].Correct {
		t.Fatalf("responses = %+v", r.Responses)
	}
	resp := r.Responses[0]
	if resp.Reasoning != "r" || resp.ExecutionOutput != "ok" {
		t.Errorf("optional response fields lost: %+v", resp)
	}
	if v, _ := resp.Metadata.Get("model"); string(v) != `"m"` {
		t.Errorf("metadata.model = %s", v)
	}
	if v, _ := resp.Extra.Get("logprob"); string(v) != "-1.5" {
		t.Errorf("unknown response field = %s", v)
	}
	if r.Difficulty != "easy" || r.Category != "algebra" || r.Source != "leetcode_easy" || r.Answer != "5" || r.ID != "p1" {
		t.Errorf("record fields = %+v", r)
	}
	if v, _ := r.Extra.Get("custom"); string(v) != `[1,{"a":null}]` {
		t.Errorf("unknown record field = %s", v)
	}
	if ref, ok := r.Reference(); !ok || ref != "5" {
		t.Errorf("Reference() = %q %v", ref, ok)
	}
	if r.Key() != "p1" {
		t.Errorf("Key() = %q", r.Key())
	}
	// The numeric answer stays a number.
	if out := string(r.AppendJSON(nil)); !strings.Contains(out, `"answer":5`) {
		t.Errorf("numeric answer not kept: %s", out)
	}
}

func TestScoreMissingIsNotZero(t *testing.T) {
	r, err := Decode([]byte(`{"prompt":"p","responses":[{"text":"a"},{"text":"b","score":null},{"text":"c","score":0}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if r.Responses[0].Score != nil || r.Responses[1].Score != nil {
		t.Error("missing/null score decoded as a value")
	}
	if r.Responses[2].Score == nil || *r.Responses[2].Score != 0 {
		t.Error("score 0 decoded as missing")
	}
}

func TestChatPrompt(t *testing.T) {
	r, err := Decode([]byte(`{"prompt":[{"role":"system","content":"Be brief."},{"role":"user","content":"2+2?","name":"u"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if !r.Prompt.IsChat() || len(r.Prompt.Messages) != 2 || r.Prompt.Last() != "2+2?" {
		t.Fatalf("prompt = %+v", r.Prompt)
	}
	if r.Responses != nil {
		t.Error("a prompt-only line must decode with nil responses")
	}
	out := string(r.AppendJSON(nil))
	if !strings.Contains(out, `"name":"u"`) || strings.Contains(out, "responses") {
		t.Errorf("encode = %s", out)
	}
	if r.Key() == "" || r.Key() != PromptHash(r.Prompt) {
		t.Errorf("Key() without id must be the prompt hash, got %q", r.Key())
	}
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name, line, want string
	}{
		{"not json", `{"prompt": "x",`, "invalid JSON"},
		{"not object", `[1,2]`, "a record must be a JSON object, got array"},
		{"missing prompt", `{"responses":[]}`, "prompt: missing (required)"},
		{"prompt type", `{"prompt":5}`, "prompt: expected string or list of messages, got number"},
		{"responses type", `{"prompt":"p","responses":{}}`, "responses: expected list, got object"},
		{"text missing", `{"prompt":"p","responses":[{"score":1}]}`, "responses[0].text: missing (required)"},
		{"text type", `{"prompt":"p","responses":[{"text":1}]}`, "responses[0].text: expected string, got number"},
		{"score string", `{"prompt":"p","responses":[{"text":"a"},{"text":"b","score":"1.0"}]}`, "responses[1].score: expected number or null, got string"},
		{"score NaN", `{"prompt":"p","responses":[{"text":"a","score":NaN}]}`, "responses[0].score: NaN is not a valid score"},
		{"score Infinity", `{"prompt":"p","responses":[{"text":"a","score":-Infinity}]}`, "responses[0].score: -Infinity is not a valid score"},
		{"correct type", `{"prompt":"p","responses":[{"text":"a","correct":"yes"}]}`, "responses[0].correct: expected boolean, got string"},
		{"message role", `{"prompt":[{"content":"hi"}]}`, "prompt[0].role: missing (required)"},
		{"metadata type", `{"prompt":"p","responses":[{"text":"a","metadata":[]}]}`, "responses[0].metadata: expected object, got array"},
		{"bad escape in reasoning", `{"prompt":"p","responses":[{"text":"a","reasoning":"\q"}]}`, "responses[0].reasoning: invalid JSON"},
		{"bad metadata", `{"prompt":"p","responses":[{"text":"a","metadata":{"x":tru}}]}`, "responses[0].metadata: invalid JSON"},
		{"trailing data", `{"prompt":"p"} x`, "unexpected data after the JSON value"},
		{"bad escape", `{"prompt":"a\q"}`, `invalid escape`},
		{"control char", "{\"prompt\":\"a\x01\"}", "control character"},
		{"bad utf8", "{\"prompt\":\"a\xff\"}", "invalid UTF-8"},
		{"leading zero", `{"prompt":"p","x":01}`, "expected ',' or '}'"},
		{"deep nesting", `{"prompt":"p","x":` + strings.Repeat("[", 600) + strings.Repeat("]", 600) + `}`, "nesting deeper"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Decode([]byte(tt.line))
			if err == nil {
				t.Fatalf("no error for %s", tt.line)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not contain %q", err, tt.want)
			}
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Errorf("error %T is not a *FieldError", err)
			}
		})
	}
}

func TestOptionalFieldOfOtherTypeIsKept(t *testing.T) {
	r, err := Decode([]byte(`{"prompt":"p","difficulty":3.5}`))
	if err != nil {
		t.Fatal(err)
	}
	if r.Difficulty != "" {
		t.Errorf("Difficulty = %q", r.Difficulty)
	}
	if out := string(r.AppendJSON(nil)); !strings.Contains(out, `"difficulty":3.5`) {
		t.Errorf("numeric difficulty lost: %s", out)
	}
}

func TestStringEscapes(t *testing.T) {
	r, err := Decode([]byte(`{"prompt":"tab\there \"q\" \\ \u00e9 \ud83d\ude00 \ud800 \/"}`))
	if err != nil {
		t.Fatal(err)
	}
	want := "tab\there \"q\" \\ é 😀 \uFFFD /"
	if r.Prompt.Text != want {
		t.Errorf("got %q want %q", r.Prompt.Text, want)
	}
	var std struct{ Prompt string }
	if err := json.Unmarshal(r.AppendJSON(nil), &std); err != nil || std.Prompt != want {
		t.Errorf("encoding/json reads back %q, %v", std.Prompt, err)
	}
}

func TestAppendScore(t *testing.T) {
	for _, tt := range []struct {
		f    float64
		want string
	}{{1, "1.0"}, {0, "0.0"}, {0.5, "0.5"}, {0.30000000000000004, "0.30000000000000004"}, {1e-7, "1e-07"}, {math.NaN(), "null"}} {
		if got := string(AppendScore(nil, tt.f)); got != tt.want {
			t.Errorf("AppendScore(%v) = %s, want %s", tt.f, got, tt.want)
		}
	}
}

func TestInspect(t *testing.T) {
	line := `{"prompt":"p","category":"algebra","responses":[{"text":"a","score":1.0,"correct":false},` +
		`{"text":"  \n ","score":NaN},{"text":"c","score":"0.5"},{"score":2},{"text":"e"},{"text":"f","score":null}]}`
	var in Inspection
	if err := Inspect([]byte(line), &in); err != nil {
		t.Fatal(err)
	}
	if in.Category != "algebra" || len(in.Responses) != 6 {
		t.Fatalf("inspection = %+v", in)
	}
	r := in.Responses
	if r[0].ScoreKind != KindNumber || r[0].Score != 1 || r[0].CorrectKind != KindBool || r[0].Correct {
		t.Errorf("r0 = %+v", r[0])
	}
	if !r[1].TextEmpty || !math.IsNaN(r[1].Score) || r[1].ScoreText != "NaN" {
		t.Errorf("r1 = %+v", r[1])
	}
	if r[2].ScoreKind != KindString || r[2].ScoreText != `"0.5"` {
		t.Errorf("r2 = %+v", r[2])
	}
	if r[3].TextKind != KindMissing || r[4].ScoreKind != KindMissing || r[5].ScoreKind != KindNull {
		t.Errorf("r3..5 = %+v", r[3:])
	}
	if len(in.Problems) != 1 || in.Problems[0].Field != "responses[3].text" {
		t.Errorf("problems = %+v", in.Problems)
	}
}

func TestFieldsSetGetDelete(t *testing.T) {
	var f Fields
	if err := f.Set("verifier", map[string]any{"name": "x"}); err != nil {
		t.Fatal(err)
	}
	f.SetRaw("a", json.RawMessage("1"))
	f.SetRaw("verifier", json.RawMessage(`"v2"`))
	if v, _ := f.Get("verifier"); string(v) != `"v2"` || len(f) != 2 {
		t.Errorf("fields = %v", f)
	}
	f.Delete("verifier")
	if f.Has("verifier") || !f.Has("a") {
		t.Errorf("fields = %v", f)
	}
}
