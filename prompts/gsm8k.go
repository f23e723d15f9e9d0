package prompts

import (
	"regexp"
	"strings"

	"github.com/grpodata/grpodata/record"
)

func init() {
	Register(&Format{
		Name:    "gsm8k",
		Help:    `GSM8K: {question, answer} where answer is the worked solution ending in "#### N"`,
		Fields:  []string{"question", "answer"},
		Convert: convertGSM8K,
	})
}

// calcAnnotation is GSM8K's calculator markup: "48/2 = <<48/2=24>>24".
var calcAnnotation = regexp.MustCompile(`<<[^<>]*>>`)

func convertGSM8K(row Row) (*record.Record, error) {
	q, err := row.String("question")
	if err != nil {
		return nil, err
	}
	full, err := row.String("answer")
	if err != nil {
		return nil, err
	}
	i := strings.LastIndex(full, "####")
	if i < 0 {
		return nil, row.errorf("answer", ErrValue, `no final answer line "#### N"`)
	}
	answer := stripThousands(strings.TrimSpace(full[i+4:]))
	if answer == "" {
		return nil, row.errorf("answer", ErrValue, `nothing after "####"`)
	}
	rec := &record.Record{
		Prompt:   record.Prompt{Text: strings.TrimSpace(q)},
		Answer:   answer,
		Solution: strings.TrimSpace(calcAnnotation.ReplaceAllString(full[:i], "")),
		Category: "math",
		Source:   "gsm8k",
	}
	if id, ok, err := row.Scalar("id"); err != nil {
		return nil, err
	} else if ok {
		rec.ID = id
	}
	return rec, nil
}

// stripThousands removes commas between digits: "1,234,567" -> "1234567".
// Other commas (a list "1, 2") are kept.
func stripThousands(s string) string {
	if !strings.Contains(s, ",") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == ',' && i > 0 && i+1 < len(s) && isDigit(s[i-1]) && isDigit(s[i+1]) {
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
