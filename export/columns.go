package export

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/grpodata/grpodata/record"
)

// Reasons and notes shared by formats; the CLI prints them as counted.
const (
	reasonInvalid     = "invalid record"
	reasonEmptyPrompt = "empty prompt"
	reasonNoReference = "no reference answer (--require-reference)"
	noteNoReference   = "no reference answer: left empty"
	noteTestsAsTruth  = "no reference answer: ground_truth is the tests (JSON)"
	noteFallbackSrc   = "no source: data_source " + `"` + FallbackDataSource + `"`
)

// message is one chat turn as trainers read it: {"role", "content"}.
type message struct {
	Role    string `json:"role" parquet:"role"`
	Content string `json:"content" parquet:"content"`
}

// conversation returns the prompt as a message list: a plain string becomes
// one user message. Message fields other than role and content are dropped.
// ok is false for an empty prompt (an empty string or no messages).
func conversation(p record.Prompt) (msgs []message, ok bool) {
	if !p.IsChat() {
		if strings.TrimSpace(p.Text) == "" {
			return nil, false
		}
		return []message{{Role: "user", Content: p.Text}}, true
	}
	if len(p.Messages) == 0 {
		return nil, false
	}
	msgs = make([]message, len(p.Messages))
	for i, m := range p.Messages {
		msgs[i] = message{Role: m.Role, Content: m.Content}
	}
	return msgs, true
}

// ability is verl's "ability": the override, the record's category, else
// "code" for a record with tests or an entry point, else "math".
func ability(rec *record.Record, opt Options) string {
	switch {
	case opt.Ability != "":
		return opt.Ability
	case rec.Category != "":
		return rec.Category
	case len(rec.Tests) > 0 || rec.EntryPoint != "":
		return "code"
	}
	return "math"
}

// dataSource is verl's "data_source": the override, the record's "source",
// its own "data_source" (a record that came from verl), else the fallback.
func dataSource(rec *record.Record, opt Options, res *Result) string {
	if opt.DataSource != "" {
		return opt.DataSource
	}
	if rec.Source != "" {
		return rec.Source
	}
	var s string
	if ok, err := rec.Extra.Decode("data_source", &s); ok && err == nil && s != "" {
		return s
	}
	res.Notes = append(res.Notes, noteFallbackSrc)
	return FallbackDataSource
}

// groundTruth is verl's reward_model.ground_truth: the reference answer, else
// the record's tests as JSON text (verl's code rewards read test cases from
// it), else "". ok is false when the record is to be skipped.
func groundTruth(rec *record.Record, opt Options, res *Result) (gt string, ok bool) {
	if ref, found := rec.Reference(); found {
		return ref, true
	}
	if opt.RequireReference {
		return "", false
	}
	if t := bytes.TrimSpace(rec.Tests); len(t) > 0 && string(t) != "null" {
		res.Notes = append(res.Notes, noteTestsAsTruth)
		var s string
		if json.Unmarshal(t, &s) == nil {
			return s, true
		}
		var b bytes.Buffer
		if json.Compact(&b, t) == nil {
			return b.String(), true
		}
		return string(t), true
	}
	res.Notes = append(res.Notes, noteNoReference)
	return "", true
}

// reference is the answer a TRL reward function compares with (its
// "solution" column). ok is false when the record is to be skipped.
func reference(rec *record.Record, opt Options, res *Result) (string, bool) {
	if ref, found := rec.Reference(); found {
		return ref, true
	}
	if opt.RequireReference {
		return "", false
	}
	res.Notes = append(res.Notes, noteNoReference)
	return "", true
}
