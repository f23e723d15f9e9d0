package view

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/grpodata/grpodata/record"
	"github.com/grpodata/grpodata/report"
	"github.com/grpodata/grpodata/stats"
	"github.com/grpodata/grpodata/tokenize"
)

// Excerpt sizes kept per group: what the table shows and what the text
// search looks through. They bound the index at a few hundred bytes a group.
const (
	excerptBytes = 160
	searchBytes  = 320
)

// facts is what the index keeps of one line.
type facts struct {
	id, excerpt, search  string
	category, difficulty string
	group                stats.GroupStats
	tokens               int      // estimated tokens of all response texts
	reasons              []string // distinct failure-reason labels, as the report counts them
}

// respFacts is what the extractor reads of one response.
type respFacts struct {
	score               float64
	scored              bool
	correct, hasCorrect bool
	hasVerifier         bool
	reason              []byte
}

// extractor reads lines into facts, reusing its scratch space; one per worker.
type extractor struct {
	s         skimmer
	buf       []byte
	prompt    []byte
	resp      []respFacts
	responses []record.Response
	reasons   []string
	tokens    int
}

// extract reads one line. The group numbers are package stats' (stats.Group
// over the scores and correct flags), token counts tokenize's estimate, and
// reason labels the report's.
func (x *extractor) extract(line []byte, f *facts) error {
	*f = facts{}
	x.s = skimmer{data: line}
	x.prompt, x.resp, x.tokens = x.prompt[:0], x.resp[:0], 0
	err := x.s.object(func(key []byte) error {
		var err error
		switch string(key) {
		case "id":
			f.id, x.buf, err = x.s.label(x.buf)
		case "category":
			f.category, x.buf, err = x.s.label(x.buf)
		case "difficulty":
			f.difficulty, x.buf, err = x.s.label(x.buf)
		case "prompt":
			err = x.readPrompt()
		case "responses":
			err = x.s.array(x.readResponse)
		default:
			err = x.s.skip()
		}
		return err
	})
	if err != nil {
		return err
	}
	if x.s.peek() != 0 {
		return x.s.fail("data after the record")
	}
	x.finish(f)
	return nil
}

func (x *extractor) finish(f *facts) {
	x.responses = x.responses[:0]
	x.reasons = x.reasons[:0]
	for i := range x.resp {
		r := &x.resp[i]
		var resp record.Response
		if r.scored {
			resp.Score = &r.score
		}
		if r.hasCorrect {
			resp.Correct = &r.correct
		}
		x.responses = append(x.responses, resp)
		x.reasons = addDistinct(x.reasons, r)
	}
	f.group = stats.Group(&record.Record{Responses: x.responses})
	f.tokens = x.tokens
	f.category, f.difficulty = labelOf(f.category), labelOf(f.difficulty)
	f.excerpt = excerpt(x.prompt, excerptBytes)
	f.search = strings.ToLower(f.id) + "\x00" + strings.ToLower(excerpt(x.prompt, searchBytes))
	f.reasons = append([]string(nil), x.reasons...)
}

// addDistinct adds r's reason label to the list unless it is there.
func addDistinct(list []string, r *respFacts) []string {
	label := report.ReasonLabel(r.hasVerifier, string(r.reason))
	for _, have := range list {
		if have == label {
			return list
		}
	}
	return append(list, label)
}

func (x *extractor) readPrompt() error {
	switch x.s.peek() {
	case '"':
		t, buf, err := x.s.text(x.buf)
		x.buf = buf
		x.prompt = append(x.prompt, truncateUTF8(t, 4*searchBytes)...)
		return err
	case '[':
		return x.s.array(func() error {
			return x.s.object(func(key []byte) error {
				if string(key) != "content" || x.s.peek() != '"' {
					return x.s.skip()
				}
				t, buf, err := x.s.text(x.buf)
				x.buf = buf
				if len(x.prompt) > 0 {
					x.prompt = append(x.prompt, '\n')
				}
				if len(x.prompt) < 4*searchBytes {
					x.prompt = append(x.prompt, t...)
				}
				return err
			})
		})
	}
	return x.s.skip()
}

var estimate tokenize.Estimate

func (x *extractor) readResponse() error {
	x.resp = append(x.resp, respFacts{})
	r := &x.resp[len(x.resp)-1]
	if x.s.peek() != '{' {
		return x.s.skip() // record.Decode says what is wrong on the group page
	}
	return x.s.object(func(key []byte) error {
		var err error
		switch string(key) {
		case "text":
			if x.s.peek() != '"' {
				return x.s.skip()
			}
			x.tokens, err = x.textTokens(x.tokens)
		case "score":
			r.score, r.scored, err = x.s.number()
		case "correct":
			r.correct, r.hasCorrect, err = x.s.boolean()
		case "metadata":
			err = x.readMetadata(r)
		default:
			err = x.s.skip()
		}
		return err
	})
}

// textTokens adds a response text's estimated tokens, counted on the JSON
// as it is (tokenize.Estimate.CountJSON) unless the text is not ASCII.
func (x *extractor) textTokens(tokens int) (int, error) {
	raw, escaped, err := x.s.str()
	if err != nil {
		return tokens, err
	}
	if n, ok := estimate.CountJSON(raw); ok {
		return tokens + n, nil
	}
	text := raw
	if escaped {
		if text, err = unescape(raw, &x.buf); err != nil {
			return tokens, x.s.fail("bad escape in string")
		}
	}
	return tokens + estimate.Count(unsafeString(text)), nil
}

// readMetadata reads metadata.verifier.reason.
func (x *extractor) readMetadata(r *respFacts) error {
	if x.s.peek() != '{' {
		return x.s.skip()
	}
	return x.s.object(func(key []byte) error {
		if string(key) != "verifier" || x.s.peek() != '{' {
			return x.s.skip()
		}
		r.hasVerifier = true
		return x.s.object(func(key []byte) error {
			if string(key) != "reason" || x.s.peek() != '"' {
				return x.s.skip()
			}
			t, buf, err := x.s.text(x.buf)
			x.buf = buf
			r.reason = append(r.reason[:0], t...)
			return err
		})
	})
}

// labelOf is a category or difficulty as the report and stats label it.
func labelOf(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return stats.NoLabel
	}
	return s
}

// excerpt is the start of a text with runs of white space made one space,
// at most n bytes, cut at a rune boundary.
func excerpt(b []byte, n int) string {
	var sb strings.Builder
	space := false
	for len(b) > 0 && sb.Len() < n {
		r, size := utf8.DecodeRune(b)
		b = b[size:]
		if unicode.IsSpace(r) {
			space = sb.Len() > 0
			continue
		}
		if space {
			sb.WriteByte(' ')
			space = false
		}
		if sb.Len()+size > n {
			break
		}
		sb.WriteRune(r)
	}
	return sb.String()
}
