package prompts

import (
	"bytes"
	"regexp"
	"strings"

	"github.com/grpodata/grpodata/record"
)

func init() {
	Register(&Format{
		Name:    "mbpp",
		Help:    "MBPP (full or sanitized, JSONL or a JSON array): {task_id, text|prompt, code, test_list, ...}",
		Fields:  []string{"code", "test_list"},
		Convert: convertMBPP,
	})
}

// mbppHint follows the text of an MBPP prompt: MBPP prompts conventionally
// show a test, which also tells the model the function's name and signature.
const mbppHint = "\nYour code should pass this test:\n"

var (
	topLevelDef = regexp.MustCompile(`(?m)^def\s+([A-Za-z_]\w*)\s*\(`)
	calledName  = regexp.MustCompile(`([A-Za-z_][\w.]*)\s*\(`)
)

// notEntryPoints are names a test calls around the function under test.
var notEntryPoints = map[string]bool{
	"set": true, "sorted": true, "list": true, "tuple": true, "dict": true, "frozenset": true,
	"str": true, "int": true, "float": true, "bool": true, "abs": true, "round": true, "len": true,
	"sum": true, "all": true, "any": true, "map": true, "type": true, "repr": true, "isinstance": true,
	"math.isclose": true, "isclose": true, "assert": true, "not": true,
}

func convertMBPP(row Row) (*record.Record, error) {
	textField := "text"
	if !row.Has("text") && row.Has("prompt") { // sanitized MBPP
		textField = "prompt"
	}
	text, err := row.String(textField)
	if err != nil {
		return nil, err
	}
	code, err := row.String("code")
	if err != nil {
		return nil, err
	}
	tests, err := row.Strings("test_list")
	if err != nil {
		return nil, err
	}
	entry := mbppEntryPoint(code, tests[0])
	if entry == "" {
		return nil, row.errorf("code", ErrValue, "no function definition (def name(...)) to test")
	}
	rec := &record.Record{
		Prompt:     record.Prompt{Text: strings.TrimSpace(text) + mbppHint + strings.TrimSpace(tests[0])},
		Tests:      jsonValue(tests),
		EntryPoint: entry,
		Solution:   code,
		Category:   "code",
		Source:     "mbpp",
	}
	id, ok, err := row.Scalar("task_id")
	if err != nil {
		return nil, err
	}
	if ok && id != "" {
		if strings.Contains(id, "/") {
			rec.ID = id
		} else {
			rec.ID = "mbpp/" + id
		}
	}
	// Setup code and imports the tests need are kept for the code verifier.
	// It runs test_setup_code before the tests and knows no test_imports, so
	// the imports (sanitized MBPP's only setup) go first in the setup too:
	// without them a correct solution fails its tests on a NameError.
	setup, _, err := row.OptString("test_setup_code")
	if err != nil {
		return nil, err
	}
	imports, err := keepList(row, rec, "test_imports", "test_imports")
	if err != nil {
		return nil, err
	}
	if len(imports) > 0 {
		setup = strings.Join(imports, "\n") + "\n" + setup
	}
	if strings.TrimSpace(setup) != "" {
		rec.Extra.SetRaw("test_setup_code", jsonValue(setup))
	}
	// The full set's harder tests: carried beside tests, not in them, so a
	// score stays comparable with the usual MBPP score over test_list.
	if _, err := keepList(row, rec, "challenge_test_list", "challenge_tests"); err != nil {
		return nil, err
	}
	// Sanitized MBPP says which notebook a task came from; kept as provenance.
	if src, ok, err := row.OptString("source_file"); err != nil {
		return nil, err
	} else if ok && src != "" {
		rec.Extra.SetRaw("source_file", jsonValue(src))
	}
	return rec, nil
}

// keepList copies an optional list of strings from the row into the record's
// extra field as, when it is not empty, and returns it.
func keepList(row Row, rec *record.Record, field, as string) ([]string, error) {
	raw, ok := row.fields[field]
	if !ok || string(bytes.TrimSpace(raw)) == "null" {
		return nil, nil
	}
	var list []string
	if err := jsonUnmarshal(raw, &list); err != nil {
		return nil, row.errorf(field, ErrType, "want a list of strings, got %s", kindOf(raw))
	}
	if len(list) > 0 {
		rec.Extra.SetRaw(as, jsonValue(list))
	}
	return list, nil
}

// mbppEntryPoint is the function the first test calls: a function the code
// defines at top level and the test calls, else the first non-builtin call
// of the test, else the code's first top-level function.
func mbppEntryPoint(code, test string) string {
	var defs []string
	for _, m := range topLevelDef.FindAllStringSubmatch(code, -1) {
		defs = append(defs, m[1])
	}
	calls := calledName.FindAllStringSubmatch(test, -1)
	for _, c := range calls {
		for _, d := range defs {
			if c[1] == d {
				return d
			}
		}
	}
	for _, c := range calls {
		if !notEntryPoints[c[1]] && !strings.Contains(c[1], ".") {
			return c[1]
		}
	}
	if len(defs) > 0 {
		return defs[0]
	}
	return ""
}
