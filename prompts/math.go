package prompts

import (
	"strings"

	"github.com/grpodata/grpodata/record"
)

func init() {
	Register(&Format{
		Name:    "math",
		Help:    `MATH (Hendrycks) and MATH-500: {problem, solution with \boxed{}, level, type|subject}`,
		Fields:  []string{"problem", "solution"},
		Convert: convertMATH,
	})
}

func convertMATH(row Row) (*record.Record, error) {
	problem, err := row.String("problem")
	if err != nil {
		return nil, err
	}
	solution, err := row.String("solution")
	if err != nil {
		return nil, err
	}
	answer, ok := LastBoxed(solution)
	if !ok {
		// MATH-500 and similar carry the answer in its own field.
		a, has, err := row.Scalar("answer")
		if err != nil {
			return nil, err
		}
		if !has || strings.TrimSpace(a) == "" {
			return nil, row.errorf("solution", ErrValue, `no \boxed{...} answer (and no "answer" field)`)
		}
		answer = a
	}
	rec := &record.Record{
		Prompt:   record.Prompt{Text: strings.TrimSpace(problem)},
		Answer:   strings.TrimSpace(answer),
		Solution: solution,
		Source:   "math",
	}
	if rec.Answer == "" {
		return nil, row.errorf("solution", ErrValue, `empty \boxed{} answer`)
	}
	level, _, err := row.Scalar("level")
	if err != nil {
		return nil, err
	}
	rec.Difficulty = levelDifficulty(level)
	for _, k := range []string{"type", "subject"} {
		c, ok, err := row.OptString(k)
		if err != nil {
			return nil, err
		}
		if ok && c != "" {
			rec.Category = c
			break
		}
	}
	if rec.Category == "" {
		rec.Category = "math"
	}
	for _, k := range []string{"id", "unique_id"} {
		id, ok, err := row.Scalar(k)
		if err != nil {
			return nil, err
		}
		if ok && id != "" {
			rec.ID = id
			break
		}
	}
	return rec, nil
}

// levelDifficulty maps MATH's "Level 1".."Level 5" (or a bare number) to
// easy (1-2), medium (3) and hard (4-5); anything else ("Level ?") to "".
func levelDifficulty(level string) string {
	switch strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(level), "Level")) {
	case "1", "2":
		return "easy"
	case "3":
		return "medium"
	case "4", "5":
		return "hard"
	}
	return ""
}

// LastBoxed returns the content of the last \boxed{...} (or \fbox{...}) in
// s, with nested braces balanced and escaped braces (\{ \}) skipped. The
// brace-less form "\boxed 5" yields "5". ok is false when there is none or
// the last one is unbalanced.
func LastBoxed(s string) (string, bool) {
	at := -1
	name := ""
	for _, n := range []string{`\boxed`, `\fbox`} {
		if i := lastCommand(s, n); i > at {
			at, name = i, n
		}
	}
	if at < 0 {
		return "", false
	}
	rest := s[at+len(name):]
	trimmed := strings.TrimLeft(rest, " ")
	if !strings.HasPrefix(trimmed, "{") {
		// "\boxed 5$": the argument runs to the end of the math.
		if len(trimmed) == len(rest) {
			return "", false
		}
		end := strings.IndexAny(trimmed, "$\n")
		if end < 0 {
			end = len(trimmed)
		}
		v := strings.TrimSpace(trimmed[:end])
		return v, v != ""
	}
	body := trimmed[1:]
	depth := 1
	for i := 0; i < len(body); i++ {
		switch body[i] {
		case '\\':
			i++ // skip the escaped character: \{ \} \\
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return body[:i], true
			}
		}
	}
	return "", false
}

// lastCommand finds the last \name not followed by a letter (\boxed, not
// \boxedsomething).
func lastCommand(s, name string) int {
	for end := len(s); ; {
		i := strings.LastIndex(s[:end], name)
		if i < 0 {
			return -1
		}
		j := i + len(name)
		if j >= len(s) || !isLetter(s[j]) {
			return i
		}
		end = i
	}
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
