package view

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/grpodata/grpodata/record"
	"github.com/grpodata/grpodata/stats"
)

// groupPage is what group.tmpl renders: one record, all its responses.
type groupPage struct {
	Title      string
	Back       string
	Prev, Next string
	Position   string // "12 of 3,400 matching"
	Where      string // FILE:LINE
	ID, Key    string
	Messages   []message
	Answer     string
	Tests      string // the code tests, as JSON
	EntryPoint string
	Solution   string
	Category   string
	Difficulty string
	Source     string
	Stats      stats.GroupStats
	Mean, Std  string
	PassRate   string
	Responses  []responseView
	Extra      string // the record's other fields, as JSON
}

type message struct{ Role, Content string }

type responseView struct {
	N                int
	Score, Advantage string
	ExactScore       string // as written in the file
	Class, Verdict   string // correct, incorrect, unscored
	Extracted        string
	Verifier, Reason string
	ExecutionOutput  string
	Reasoning        string
	Thinking         string // <think>...</think> at the start of the text
	Text             string
	Tokens           int
	Metadata         string // JSON
}

func (s *server) group(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	q, _ := ParseQuery(v)
	pos, err := strconv.Atoi(v.Get("g"))
	if err != nil || pos < 0 || pos >= len(s.ix.Groups) {
		s.fail(w, http.StatusNotFound, "no group "+strconv.Quote(v.Get("g"))+": the index has "+strconv.Itoa(len(s.ix.Groups)))
		return
	}
	rec, err := s.ix.Record(pos)
	if err != nil {
		s.fail(w, http.StatusUnprocessableEntity, err.Error())
		return
	}
	g := &s.ix.Groups[pos]
	p := groupPage{
		Title: s.title(), Back: encode(q),
		Where: s.ix.Files[g.File].Name + ":" + strconv.Itoa(g.Line),
		ID:    rec.ID, Key: rec.Key(),
		Category: labelOf(rec.Category), Difficulty: labelOf(rec.Difficulty), Source: rec.Source,
		Stats: stats.Group(rec),
	}
	p.Answer, _ = rec.Reference()
	p.EntryPoint, p.Solution = rec.EntryPoint, rec.Solution
	if len(rec.Tests) > 0 {
		var b bytes.Buffer
		if json.Indent(&b, rec.Tests, "", "  ") == nil {
			p.Tests = b.String()
		} else {
			p.Tests = string(rec.Tests)
		}
	}
	p.Messages = messages(rec.Prompt)
	p.Mean, p.Std, p.PassRate = "–", "–", "–"
	if p.Stats.Scored > 0 {
		p.Mean, p.Std, p.PassRate = stats.FormatScore(p.Stats.Mean), stats.FormatScore(p.Stats.Std), stats.FormatPercent(p.Stats.PassRate)
	}
	p.Responses = responses(rec)
	if len(rec.Extra) > 0 {
		p.Extra = indentJSON(rec.Extra)
	}
	s.neighbours(&p, pos, q)
	s.render(w, http.StatusOK, "group.tmpl", p)
}

// neighbours links the previous and next groups of the table's order.
func (s *server) neighbours(p *groupPage, pos int, q Query) {
	matched := s.ix.Match(q)
	i := slices.Index(matched, int32(pos))
	if i < 0 {
		return
	}
	p.Position = strconv.Itoa(i+1) + " of " + strconv.Itoa(len(matched))
	state := func(j int) Query { return withPage(q, j/q.PerPage+1) }
	if i > 0 {
		p.Prev = groupLink(int(matched[i-1]), state(i-1))
	}
	if i+1 < len(matched) {
		p.Next = groupLink(int(matched[i+1]), state(i+1))
	}
	p.Back = encode(state(i))
}

func messages(pr record.Prompt) []message {
	if !pr.IsChat() {
		return []message{{Content: pr.Text}}
	}
	out := make([]message, len(pr.Messages))
	for i, m := range pr.Messages {
		out[i] = message{Role: m.Role, Content: m.Content}
	}
	return out
}

// verifierMeta is the part of metadata.verifier the page shows.
type verifierMeta struct {
	Name      string `json:"name"`
	Extracted string `json:"extracted"`
	Reason    string `json:"reason"`
}

func responses(rec *record.Record) []responseView {
	scores := stats.Scores(rec, nil)
	adv := stats.DefaultAdvantage().Compute(scores, nil)
	out := make([]responseView, len(rec.Responses))
	j := 0
	for i := range rec.Responses {
		r := &rec.Responses[i]
		rv := responseView{N: i + 1, Reasoning: r.Reasoning, ExecutionOutput: r.ExecutionOutput, Tokens: estimate.Count(r.Text)}
		rv.Thinking, rv.Text = splitThinking(r.Text)
		switch {
		case r.Score == nil:
			rv.Score, rv.Class, rv.Verdict = "–", "unscored", "not verified"
		case stats.IsCorrect(r):
			rv.Class, rv.Verdict = "correct", "correct"
		default:
			rv.Class, rv.Verdict = "incorrect", "incorrect"
		}
		if r.Score != nil {
			rv.Score, rv.ExactScore = stats.FormatScore(*r.Score), string(record.AppendScore(nil, *r.Score))
			rv.Advantage = strconv.FormatFloat(adv[j], 'f', 3, 64)
			j++
		}
		if raw, ok := r.Metadata.Get("verifier"); ok {
			var m verifierMeta
			if json.Unmarshal(raw, &m) == nil {
				rv.Verifier, rv.Reason, rv.Extracted = m.Name, m.Reason, m.Extracted
			}
		}
		if len(r.Metadata) > 0 {
			rv.Metadata = indentJSON(r.Metadata)
		}
		out[i] = rv
	}
	return out
}

// splitThinking folds a leading <think>...</think> block (Qwen3, DeepSeek
// R1 write their reasoning into the text that way).
func splitThinking(text string) (thinking, rest string) {
	t := strings.TrimLeft(text, " \t\r\n")
	if !strings.HasPrefix(t, "<think>") {
		return "", text
	}
	end := strings.Index(t, "</think>")
	if end < 0 {
		return "", text
	}
	return strings.TrimSpace(t[len("<think>"):end]), strings.TrimLeft(t[end+len("</think>"):], "\r\n")
}

// indentJSON prints fields as an indented JSON object, in their order.
func indentJSON(f record.Fields) string {
	raw, _ := f.MarshalJSON()
	var b bytes.Buffer
	if json.Indent(&b, raw, "", "  ") != nil {
		return string(raw)
	}
	return b.String()
}
