package export

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/grpodata/grpodata/record"
)

// Reasons and notes shared by formats; the CLI prints them as counted.
const (
	reasonInvalid     = "invalid record"
	reasonEmptyPrompt = "empty prompt"
	reasonNoReference = "no reference answer (--require-reference)"
	noteNoReference   = "no reference answer: left empty"
	noteTestsAsTruth  = "code row: ground_truth is the tests (JSON, grpodata's form)"
	noteStdioTruth    = `code row: ground_truth is verl's {"inputs", "outputs"}`
	noteNoTests       = "code row without tests: ground_truth empty"
)

// The verifiers grpodata's reward file runs, one per row kind.
const (
	verifierMath = "symbolic_math"
	verifierCode = "code"
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

// hasTests reports whether the record has code tests.
func hasTests(rec *record.Record) bool {
	switch t := string(bytes.TrimSpace(rec.Tests)); t {
	case "", "null", "[]", "{}", `""`:
		return false
	}
	return true
}

// verifierOf is the verifier that labels (and so scores) the record's
// responses: the one named in its responses' metadata.verifier when that is
// symbolic_math or code, else what verify --verifier auto picks (code for a
// record with tests, else symbolic_math).
func verifierOf(rec *record.Record) string {
	for i := range rec.Responses {
		var v struct {
			Name string `json:"name"`
		}
		if ok, err := rec.Responses[i].Metadata.Decode("verifier", &v); ok && err == nil && rewardable(v.Name) {
			return v.Name
		}
	}
	if hasTests(rec) {
		return verifierCode
	}
	return verifierMath
}

// rewardVerifiers are the verifiers the reward file can run with no
// settings but the row itself: alone, or weighted together
// (symbolic_math:0.9,format:0.1). Others (a judge, a plugin) need the
// settings of their verify run; their rows are rewarded by the answer's
// verifier instead.
var rewardVerifiers = []string{verifierMath, verifierCode, "format"}

// rewardable reports whether the reward file can re-run the recorded
// verifier name.
func rewardable(name string) bool {
	parts := verifierParts(name)
	if len(parts) == 0 {
		return false
	}
	answer := false
	for _, p := range parts {
		if !slices.Contains(rewardVerifiers, p) {
			return false
		}
		answer = answer || p != "format"
	}
	return answer // format alone says nothing of the answer: not a reward for it
}

// verifierParts are the verifier names of a recorded name, weights left off.
func verifierParts(name string) []string {
	var out []string
	for _, item := range strings.Split(name, ",") {
		n, _, _ := strings.Cut(strings.TrimSpace(item), ":")
		if n != "" {
			out = append(out, n)
		}
	}
	return out
}

// isCode: the row's answer is checked by running code.
func isCode(verifier string) bool { return slices.Contains(verifierParts(verifier), verifierCode) }

// dataSource is verl's "data_source": the override, the mapping of the
// record's source (else of its own data_source), else grpodata/math or
// grpodata/code by the row's verifier. Sources no verl reward knows as
// grpodata scores them (grpodata prompts' gsm8k, mbpp, humaneval, math, and
// any other) get grpodata's, so they reach grpodata's reward file.
func dataSource(rec *record.Record, opt Options, verifier string) string {
	if opt.DataSource != "" {
		return opt.DataSource
	}
	src := rec.Source
	if src == "" {
		var s string
		if ok, err := rec.Extra.Decode("data_source", &s); ok && err == nil {
			src = s
		}
	}
	if src != "" {
		for _, kv := range opt.DataSourceMap {
			if k, v, ok := strings.Cut(kv, "="); ok && strings.TrimSpace(k) == src && strings.TrimSpace(v) != "" {
				return strings.TrimSpace(v)
			}
		}
	}
	if isCode(verifier) {
		return DataSourceCode
	}
	return DataSourceMath
}

// checkDataSourceMap reports a malformed --data-source-map item.
func checkDataSourceMap(items []string) error {
	for _, kv := range items {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || strings.TrimSpace(k) == "" || strings.TrimSpace(v) == "" {
			return fmt.Errorf("--data-source-map: %q is not SOURCE=DATA_SOURCE", kv)
		}
	}
	return nil
}

// groundTruth is verl's reward_model.ground_truth. A code row: its tests,
// as verl's {"inputs": [...], "outputs": [...]} when they are stdin/stdout
// pairs (verl's code rewards read that shape), else as grpodata's JSON
// (asserts, a check program). A math row: the reference answer, else "".
// ok is false when the record is to be skipped.
func groundTruth(rec *record.Record, opt Options, verifier string, res *Result) (gt string, ok bool) {
	if isCode(verifier) {
		if hasTests(rec) {
			if io, ok := stdioTruth(rec.Tests); ok {
				res.Notes = append(res.Notes, noteStdioTruth)
				return io, true
			}
			res.Notes = append(res.Notes, noteTestsAsTruth)
			var prog string
			if json.Unmarshal(rec.Tests, &prog) == nil {
				return prog, true // a program or assert lines: the text itself
			}
			return testsText(rec.Tests), true
		}
		if opt.RequireReference {
			return "", false
		}
		res.Notes = append(res.Notes, noteNoTests)
		return "", true
	}
	if ref, found := rec.Reference(); found {
		return ref, true
	}
	if opt.RequireReference {
		return "", false
	}
	res.Notes = append(res.Notes, noteNoReference)
	return "", true
}

// stdioTruth converts stdin/stdout tests, [{"input", "output"}, ...] or
// {"input": [...], "output": [...]}, to verl's {"inputs", "outputs"} JSON.
// ok is false for tests of another shape.
func stdioTruth(tests json.RawMessage) (string, bool) {
	type pair struct {
		Input  *string `json:"input"`
		Output *string `json:"output"`
	}
	var io struct {
		Inputs  []string `json:"inputs"`
		Outputs []string `json:"outputs"`
	}
	var pairs []pair
	var cols struct {
		Input  []string `json:"input"`
		Output []string `json:"output"`
	}
	switch {
	case json.Unmarshal(tests, &pairs) == nil && len(pairs) > 0:
		for _, p := range pairs {
			if p.Input == nil || p.Output == nil {
				return "", false
			}
			io.Inputs = append(io.Inputs, *p.Input)
			io.Outputs = append(io.Outputs, *p.Output)
		}
	case json.Unmarshal(tests, &cols) == nil && len(cols.Input) > 0 && len(cols.Input) == len(cols.Output):
		io.Inputs, io.Outputs = cols.Input, cols.Output
	default:
		return "", false
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if enc.Encode(io) != nil {
		return "", false
	}
	return strings.TrimRight(b.String(), "\n"), true
}

// grpodataColumn is the JSON text grpodata's reward file scores a row with:
// {"verifier": NAME, "record": the record without its responses}.
func grpodataColumn(rec *record.Record, verifier string) string {
	c := *rec
	c.Responses = nil
	b := []byte(`{"verifier":`)
	b = strconv.AppendQuote(b, verifier)
	b = append(b, `,"record":`...)
	b = c.AppendJSON(b)
	return string(append(b, '}'))
}
