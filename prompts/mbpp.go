package prompts

import (
	"regexp"
	"strings"

	"github.com/grpodata/grpodata/record"
)

func init() {
	Register(&Format{
		Name:    "mbpp",
		Help:    "MBPP (full or sanitized): {task_id, text|prompt, code, test_list, test_setup_code}",
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
	if setup, ok, err := row.OptString("test_setup_code"); err != nil {
		return nil, err
	} else if ok && strings.TrimSpace(setup) != "" {
		rec.Extra.SetRaw("test_setup_code", jsonValue(setup))
	}
	if row.Has("test_imports") {
		var imports []string
		if raw := row.fields["test_imports"]; string(raw) != "null" {
			if err := jsonUnmarshal(raw, &imports); err != nil {
				return nil, row.errorf("test_imports", ErrType, "want a list of strings, got %s", kindOf(raw))
			}
		}
		if len(imports) > 0 {
			rec.Extra.SetRaw("test_imports", jsonValue(imports))
		}
	}
	return rec, nil
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
