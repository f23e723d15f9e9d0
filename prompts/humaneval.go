package prompts

import (
	"strings"

	"github.com/grpodata/grpodata/record"
)

func init() {
	Register(&Format{
		Name:    "humaneval",
		Help:    "HumanEval: {task_id, prompt, canonical_solution, test, entry_point}",
		Fields:  []string{"prompt", "test", "entry_point"},
		Convert: convertHumanEval,
	})
}

// humanEvalInstruction precedes the signature and docstring.
const humanEvalInstruction = "Complete the following Python function. Reply with the complete function in a ```python code block.\n\n"

func convertHumanEval(row Row) (*record.Record, error) {
	prompt, err := row.String("prompt")
	if err != nil {
		return nil, err
	}
	test, err := row.String("test")
	if err != nil {
		return nil, err
	}
	entry, err := row.String("entry_point")
	if err != nil {
		return nil, err
	}
	entry = strings.TrimSpace(entry)
	if !strings.Contains(prompt, "def "+entry) {
		return nil, row.errorf("entry_point", ErrValue, "prompt defines no function %q", entry)
	}
	canonical, _, err := row.OptString("canonical_solution")
	if err != nil {
		return nil, err
	}
	rec := &record.Record{
		Prompt:     record.Prompt{Text: humanEvalInstruction + "```python\n" + strings.TrimRight(prompt, "\n") + "\n```"},
		Tests:      jsonValue(test),
		EntryPoint: entry,
		Category:   "code",
		Source:     "humaneval",
	}
	if canonical != "" {
		rec.Solution = prompt + canonical
	}
	if id, ok, err := row.Scalar("task_id"); err != nil {
		return nil, err
	} else if ok {
		rec.ID = id
	}
	return rec, nil
}
