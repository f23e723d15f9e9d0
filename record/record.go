// Package record owns the GRPO record format: one JSON object per line with a
// prompt and a group of scored responses. It decodes and encodes records,
// keeps every field it does not know verbatim (at record, response and
// message level), and names the reference fields verifiers read. It does not
// read files (see jsonl) and imports nothing else of this module.
//
// A score is a *float64: nil means "not verified", which is different from a
// score of 0. Encoding is byte-stable: known fields in a fixed order, then
// unknown fields in the order they were read.
package record

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
)

// Record is one group: a prompt and the responses sampled for it.
type Record struct {
	// ID is the record's own "id" field ("" when absent). Use Key for an
	// identity that always exists.
	ID        string
	Prompt    Prompt
	Responses []Response // nil when the line has no "responses" (a prompt file)

	Difficulty string
	Category   string
	Source     string

	// Reference fields read by verifiers.
	Answer     string          // reference answer
	Tests      json.RawMessage // code tests: asserts, {input, output} pairs or a check program
	EntryPoint string          // the function under test
	Solution   string          // a reference program or worked solution

	// Extra holds every other member, verbatim, in input order.
	Extra Fields

	numeric uint8 // which of ID/Answer were JSON numbers (kept as numbers on encode)
}

const (
	numID uint8 = 1 << iota
	numAnswer
)

// Response is one sampled answer in a group.
type Response struct {
	Text            string
	Score           *float64 // nil: not verified
	Correct         *bool
	Reasoning       string
	ExecutionOutput string
	Metadata        Fields // nil when absent
	Extra           Fields
}

// Prompt is a plain string or a chat message list.
type Prompt struct {
	Text     string
	Messages []Message // non-nil for a chat prompt
}

// Message is one chat turn of a prompt.
type Message struct {
	Role    string
	Content string
	Extra   Fields
}

// IsChat reports whether the prompt is a message list.
func (p Prompt) IsChat() bool { return p.Messages != nil }

// String returns the prompt text: the string itself, or the concatenation of
// the message contents (separated by newlines).
func (p Prompt) String() string {
	if !p.IsChat() {
		return p.Text
	}
	parts := make([]string, len(p.Messages))
	for i, m := range p.Messages {
		parts[i] = m.Content
	}
	return strings.Join(parts, "\n")
}

// Last returns the content of the last user message (or the text itself):
// the question a verifier should solve.
func (p Prompt) Last() string {
	if !p.IsChat() {
		return p.Text
	}
	for i := len(p.Messages) - 1; i >= 0; i-- {
		if p.Messages[i].Role == "user" {
			return p.Messages[i].Content
		}
	}
	return p.String()
}

// Key identifies a record for resume and dedupe: its "id" when present, else
// a stable hash of its prompt (same prompt, same key, on every machine).
func (r *Record) Key() string {
	if r.ID != "" {
		return r.ID
	}
	return PromptHash(r.Prompt)
}

// PromptHash is a stable 16-hex-digit hash of a prompt's canonical JSON.
func PromptHash(p Prompt) string {
	h := sha256.Sum256(p.appendJSON(nil))
	return hex.EncodeToString(h[:8])
}

// Clone returns a deep copy, so stages can modify a record they did not decode.
func (r *Record) Clone() *Record {
	b := r.AppendJSON(nil)
	c, err := Decode(b)
	if err != nil {
		panic("record: clone of a valid record failed: " + err.Error())
	}
	return c
}

// Float is a helper for building scores: record.Float(1) is a *float64.
func Float(f float64) *float64 { return &f }

// Bool is a helper for building *bool values.
func Bool(b bool) *bool { return &b }

// Reference returns the reference answer a verifier should compare with: the
// "answer" field, else verl's reward_model.ground_truth. ok is false when the
// record has neither.
func (r *Record) Reference() (ref string, ok bool) {
	if r.Answer != "" {
		return r.Answer, true
	}
	if raw, found := r.Extra.Get("reward_model"); found {
		var rm struct {
			GroundTruth json.RawMessage `json:"ground_truth"`
		}
		if json.Unmarshal(raw, &rm) == nil && len(rm.GroundTruth) > 0 {
			var s string
			if json.Unmarshal(rm.GroundTruth, &s) == nil {
				return s, s != ""
			}
			if t := strings.TrimSpace(string(rm.GroundTruth)); t != "null" {
				return t, true
			}
		}
	}
	return "", false
}
