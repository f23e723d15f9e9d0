package record

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// genJSON draws an arbitrary JSON value (as text) for unknown fields.
func genJSON(t *rapid.T, depth int) string {
	kinds := 5
	if depth < 3 {
		kinds = 7
	}
	switch rapid.IntRange(0, kinds-1).Draw(t, "kind") {
	case 0:
		return "null"
	case 1:
		return rapid.SampledFrom([]string{"true", "false"}).Draw(t, "bool")
	case 2:
		return fmt.Sprint(rapid.Int64().Draw(t, "int"))
	case 3:
		b, _ := json.Marshal(rapid.Float64Range(-1e9, 1e9).Draw(t, "float"))
		return string(b)
	case 4:
		return string(appendString(nil, rapid.String().Draw(t, "str")))
	case 5:
		n := rapid.IntRange(0, 3).Draw(t, "n")
		parts := make([]string, n)
		for i := range parts {
			parts[i] = genJSON(t, depth+1)
		}
		return "[" + strings.Join(parts, ",") + "]"
	default:
		n := rapid.IntRange(0, 3).Draw(t, "n")
		parts := make([]string, n)
		for i := range parts {
			parts[i] = string(appendString(nil, fmt.Sprintf("k%d", i))) + ":" + genJSON(t, depth+1)
		}
		return "{" + strings.Join(parts, ",") + "}"
	}
}

func genFields(t *rapid.T, label string, reserved map[string]bool) Fields {
	n := rapid.IntRange(0, 3).Draw(t, label+"n")
	var f Fields
	seen := map[string]bool{}
	for i := 0; i < n; i++ {
		k := rapid.StringMatching(`[a-z_]{1,8}`).Draw(t, label+"key")
		if reserved[k] || seen[k] {
			continue
		}
		seen[k] = true
		f = append(f, Field{Key: k, Value: json.RawMessage(genJSON(t, 0))})
	}
	return f
}

var recordKeys = map[string]bool{"id": true, "prompt": true, "responses": true, "answer": true, "tests": true,
	"entry_point": true, "solution": true, "difficulty": true, "category": true, "source": true}
var responseKeys = map[string]bool{"text": true, "score": true, "correct": true, "reasoning": true,
	"execution_output": true, "metadata": true}

func genRecord(t *rapid.T) *Record {
	r := &Record{}
	if rapid.Bool().Draw(t, "chat") {
		r.Prompt.Messages = []Message{}
		for i := rapid.IntRange(0, 3).Draw(t, "msgs"); i > 0; i-- {
			r.Prompt.Messages = append(r.Prompt.Messages, Message{
				Role:    rapid.SampledFrom([]string{"system", "user", "assistant"}).Draw(t, "role"),
				Content: rapid.String().Draw(t, "content"),
				Extra:   genFields(t, "msg", map[string]bool{"role": true, "content": true}),
			})
		}
	} else {
		r.Prompt.Text = rapid.String().Draw(t, "prompt")
	}
	if rapid.Bool().Draw(t, "hasResponses") {
		r.Responses = []Response{}
		for i := rapid.IntRange(0, 4).Draw(t, "nresp"); i > 0; i-- {
			resp := Response{Text: rapid.String().Draw(t, "text")}
			if rapid.Bool().Draw(t, "scored") {
				resp.Score = Float(rapid.Float64Range(0, 1).Draw(t, "score"))
			}
			if rapid.Bool().Draw(t, "hasCorrect") {
				resp.Correct = Bool(rapid.Bool().Draw(t, "correct"))
			}
			resp.Reasoning = rapid.SampledFrom([]string{"", "because"}).Draw(t, "reasoning")
			if rapid.Bool().Draw(t, "hasMeta") {
				resp.Metadata = genFields(t, "meta", nil)
				if resp.Metadata == nil {
					resp.Metadata = Fields{}
				}
			}
			resp.Extra = genFields(t, "rx", responseKeys)
			r.Responses = append(r.Responses, resp)
		}
	}
	r.ID = rapid.SampledFrom([]string{"", "id-1", "x"}).Draw(t, "id")
	r.Category = rapid.SampledFrom([]string{"", "algebra", "code"}).Draw(t, "category")
	r.Answer = rapid.SampledFrom([]string{"", "5", "\\frac{1}{2}"}).Draw(t, "answer")
	if rapid.Bool().Draw(t, "hasTests") {
		r.Tests = json.RawMessage(`["assert f(1) == 2"]`)
	}
	r.Extra = genFields(t, "extra", recordKeys)
	return r
}

// Decode -> encode -> decode is the identity, unknown fields included.
func TestRoundTripProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		orig := genRecord(t)
		line := orig.AppendJSON(nil)
		if !json.Valid(line) {
			t.Fatalf("encoded record is not valid JSON: %s", line)
		}
		dec, err := Decode(line)
		if err != nil {
			t.Fatalf("decode %s: %v", line, err)
		}
		again := dec.AppendJSON(nil)
		if !bytes.Equal(line, again) {
			t.Fatalf("re-encode differs:\n%s\n%s", line, again)
		}
		dec2, err := Decode(again)
		if err != nil || !reflect.DeepEqual(dec, dec2) {
			t.Fatalf("decode(encode(decode(x))) != decode(x): %v", err)
		}
		var in Inspection
		if err := Inspect(line, &in); err != nil {
			t.Fatalf("inspect rejects a valid record: %v", err)
		}
	})
}
