package code

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/grpodata/grpodata/record"
)

// Kinds of test suites, as the harness names them.
const (
	kindAsserts = "asserts" // assert statements, one test each
	kindCheck   = "check"   // a program defining check(candidate)
	kindStdio   = "stdio"   // {input, output} pairs for a stdin/stdout program
)

// suite is a record's tests in the harness's terms.
type suite struct {
	Kind    string
	Asserts []string // kindAsserts
	Program string   // kindCheck
	IO      []ioCase // kindStdio
	// Setup runs after the candidate's code and before the tests (MBPP's
	// test_setup_code); TestImports are import lines the tests need (MBPP's
	// test_imports), run for the tests.
	Setup       string
	TestImports []string
	EntryPoint  string
	// PromptCode is the Python the prompt shows (HumanEval's signature and
	// helpers such as poly): its definitions serve the tests (see harness.py).
	PromptCode []string
}

type ioCase struct {
	Input  string `json:"input"`
	Output string `json:"output"`
}

// count is the number of tests the score is a fraction of: one per assert
// item or input/output pair, and one for a whole check(candidate) program
// (as HumanEval and every pass@k figure count it: its asserts are not tests
// of their own).
func (s *suite) count() int {
	switch s.Kind {
	case kindAsserts:
		return len(s.Asserts)
	case kindStdio:
		return len(s.IO)
	}
	return 1
}

// errNoTests: the record's tests field is missing, empty or not understood.
var errNoTests = errors.New("no tests")

// parseTests reads the record's "tests" field in any of its shapes:
//
//	["assert f(1) == 2", ...]                     assert statements
//	"def check(candidate): ..."                   a HumanEval-style program
//	"assert f(1) == 2\nassert f(2) == 3"          assert lines in one string
//	[{"input": "1 2\n", "output": "3\n"}, ...]    stdin/stdout pairs
//	{"input": ["1 2\n"], "output": ["3\n"]}        the same, column-wise (APPS)
//	{"asserts"|"test_list": [...], "setup"|"test_setup_code": "...", "entry_point": "..."}
//	{"check"|"test"|"program": "...", "entry_point": "..."}
//
// Setup code also comes from the record's "setup", "test_setup_code" or
// "setup_code" field, test imports from "test_imports" (a list of lines or
// one string), the entry point from "entry_point".
func parseTests(rec *record.Record) (*suite, error) {
	s := &suite{EntryPoint: rec.EntryPoint}
	for _, k := range []string{"setup", "test_setup_code", "setup_code"} {
		var v string
		if ok, _ := rec.Extra.Decode(k, &v); ok && v != "" {
			s.Setup = v
			break
		}
	}
	if raw, ok := rec.Extra.Get("test_imports"); ok {
		s.TestImports = importLines(raw)
	}
	raw := bytes.TrimSpace(rec.Tests)
	if len(raw) == 0 || string(raw) == "null" {
		return nil, errNoTests
	}
	if err := s.parse(raw, 0); err != nil {
		return nil, err
	}
	if s.count() == 0 {
		return nil, errNoTests
	}
	if s.Kind == kindCheck && s.EntryPoint == "" {
		return nil, fmt.Errorf("%w: a check(candidate) program needs an entry_point", errNoTests)
	}
	if s.EntryPoint != "" {
		s.PromptCode = promptCode(rec.Prompt)
	}
	return s, nil
}

// importLines reads test imports: a list of strings or one string.
func importLines(raw json.RawMessage) []string {
	var list []string
	if json.Unmarshal(raw, &list) != nil {
		var one string
		if json.Unmarshal(raw, &one) != nil || strings.TrimSpace(one) == "" {
			return nil
		}
		list = []string{one}
	}
	return nonEmpty(list)
}

// promptCode is the Python code blocks of a prompt (of its user turns for a
// chat prompt).
func promptCode(p record.Prompt) []string {
	texts := []string{p.Text}
	if p.IsChat() {
		texts = texts[:0]
		for _, m := range p.Messages {
			if m.Role == "user" {
				texts = append(texts, m.Content)
			}
		}
	}
	var out []string
	for _, t := range texts {
		for _, b := range fencedBlocks(t) {
			if isPython(b.lang) && strings.TrimSpace(b.body) != "" {
				out = append(out, b.body)
			}
		}
	}
	return out
}

func (s *suite) parse(raw json.RawMessage, depth int) error {
	if depth > 2 {
		return fmt.Errorf("%w: tests nested too deeply", errNoTests)
	}
	switch raw[0] {
	case '"':
		var prog string
		if err := json.Unmarshal(raw, &prog); err != nil {
			return fmt.Errorf("%w: %v", errNoTests, err)
		}
		return s.program(prog)
	case '[':
		var items []json.RawMessage
		if err := json.Unmarshal(raw, &items); err != nil {
			return fmt.Errorf("%w: %v", errNoTests, err)
		}
		if len(items) == 0 {
			return errNoTests
		}
		switch bytes.TrimSpace(items[0])[0] {
		case '"':
			var asserts []string
			if err := json.Unmarshal(raw, &asserts); err != nil {
				return fmt.Errorf("%w: mixed assert list: %v", errNoTests, err)
			}
			s.Kind, s.Asserts = kindAsserts, nonEmpty(asserts)
			return nil
		case '{':
			var cases []ioCase
			if err := json.Unmarshal(raw, &cases); err != nil {
				return fmt.Errorf("%w: input/output list: %v", errNoTests, err)
			}
			s.Kind, s.IO = kindStdio, cases
			return nil
		}
		return fmt.Errorf("%w: list of %s", errNoTests, bytes.TrimSpace(items[0])[:1])
	case '{':
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(raw, &obj); err != nil {
			return fmt.Errorf("%w: %v", errNoTests, err)
		}
		for _, k := range []string{"setup", "test_setup_code", "setup_code"} {
			var v string
			if json.Unmarshal(obj[k], &v) == nil && v != "" {
				s.Setup = v
			}
		}
		var ep string
		if json.Unmarshal(obj["entry_point"], &ep) == nil && ep != "" {
			s.EntryPoint = ep
		}
		if raw, ok := obj["test_imports"]; ok {
			s.TestImports = importLines(raw)
		}
		var ins, outs []string
		if json.Unmarshal(obj["input"], &ins) == nil && json.Unmarshal(obj["output"], &outs) == nil && len(ins) > 0 {
			if len(ins) != len(outs) {
				return fmt.Errorf("%w: %d inputs but %d outputs", errNoTests, len(ins), len(outs))
			}
			s.Kind = kindStdio
			for i := range ins {
				s.IO = append(s.IO, ioCase{ins[i], outs[i]})
			}
			return nil
		}
		for _, k := range []string{"asserts", "test_list", "tests", "check", "test", "program", "inputs_outputs"} {
			if v, ok := obj[k]; ok && len(bytes.TrimSpace(v)) > 0 {
				return s.parse(bytes.TrimSpace(v), depth+1)
			}
		}
		return fmt.Errorf("%w: object without asserts, check program or input/output", errNoTests)
	}
	return fmt.Errorf("%w: unexpected JSON", errNoTests)
}

var checkDef = regexp.MustCompile(`(?m)^def\s+check\s*\(`)

// program classifies a test string: a check(candidate) program, or lines of
// asserts (one test each) when every statement line is an assert.
func (s *suite) program(prog string) error {
	if strings.TrimSpace(prog) == "" {
		return errNoTests
	}
	if checkDef.MatchString(prog) {
		s.Kind, s.Program = kindCheck, prog
		return nil
	}
	var asserts, other []string
	for _, line := range strings.Split(prog, "\n") {
		t := strings.TrimSpace(line)
		switch {
		case t == "" || strings.HasPrefix(t, "#"):
		case strings.HasPrefix(line, "assert"):
			asserts = append(asserts, line)
		default:
			other = append(other, line)
		}
	}
	if len(asserts) > 0 && len(other) == 0 {
		s.Kind, s.Asserts = kindAsserts, asserts
		return nil
	}
	// Anything else: the whole program is one test that passes when it
	// runs through (imports and helpers before asserts, say).
	s.Kind, s.Asserts = kindAsserts, []string{prog}
	return nil
}

func nonEmpty(list []string) []string {
	out := list[:0:0]
	for _, t := range list {
		if strings.TrimSpace(t) != "" {
			out = append(out, t)
		}
	}
	return out
}

type block struct{ lang, body string }

// isPython: a fence tagged as Python, or untagged.
func isPython(lang string) bool {
	return lang == "" || lang == "python" || lang == "py" || lang == "python3" || lang == "py3"
}

// fencedBlocks returns the fenced code blocks of text (``` or ~~~), the
// last one possibly unterminated (a truncated response).
func fencedBlocks(text string) []block {
	var out []block
	var cur *block
	var body []string
	var marker string
	for _, line := range strings.Split(text, "\n") {
		t := strings.TrimSpace(line)
		if cur == nil {
			if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
				marker = t[:3]
				info := strings.TrimLeft(t, marker[:1])
				lang, _, _ := strings.Cut(strings.TrimSpace(info), " ")
				cur, body = &block{lang: strings.ToLower(lang)}, nil
			}
			continue
		}
		if strings.HasPrefix(t, marker) && strings.Trim(t, marker[:1]) == "" {
			cur.body = strings.Join(body, "\n")
			out = append(out, *cur)
			cur = nil
			continue
		}
		body = append(body, line)
	}
	if cur != nil {
		cur.body = strings.Join(body, "\n")
		out = append(out, *cur)
	}
	return out
}

// extractCode finds the program in a response: the fenced block that defines
// the entry point (the last such), else the last Python (or untagged) block,
// else the last block of any language, else the whole text.
func extractCode(text, entryPoint string) string {
	blocks := fencedBlocks(text)
	if len(blocks) == 0 {
		return strings.TrimSpace(text)
	}
	var defines *regexp.Regexp
	if entryPoint != "" {
		defines = regexp.MustCompile(`(?m)^\s*(?:async\s+)?(?:def|class)\s+` + regexp.QuoteMeta(entryPoint) + `\b`)
	}
	pick := func(ok func(lang, body string) bool) (string, bool) {
		for i := len(blocks) - 1; i >= 0; i-- {
			if ok(blocks[i].lang, blocks[i].body) {
				return blocks[i].body, true
			}
		}
		return "", false
	}
	if defines != nil {
		if body, ok := pick(func(lang, body string) bool { return defines.MatchString(body) }); ok {
			return body
		}
	}
	if body, ok := pick(func(lang, body string) bool { return isPython(lang) && strings.TrimSpace(body) != "" }); ok {
		return body
	}
	body, _ := pick(func(string, string) bool { return true })
	return body
}
