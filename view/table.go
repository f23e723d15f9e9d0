package view

import (
	"maps"
	"net/http"
	"slices"
	"strconv"

	"github.com/grpodata/grpodata/stats"
)

// tablePage is what table.tmpl renders.
type tablePage struct {
	Title    string
	Query    Query
	Error    string
	Total    int
	Matched  int
	Summary  summary
	Rows     []row
	Columns  []column
	Page     int
	Pages    int
	Prev     string // links, "" when there is none
	Next     string
	Charts   string
	Cats     []option
	Diffs    []option
	Reasons  []option
	Files    int
	Skipped  int
	Examples []string
}

type option struct {
	Value, Label string
	Selected     bool
}

type column struct {
	Label, Href, Arrow, Title string
}

type row struct {
	Href, ID, Excerpt, Category, Difficulty, File string
	CategoryHref, DifficultyHref                  string // the table filtered by this row's label
	Line, Size                                    int
	Mean, PassRate, Std, Tokens                   string
	ZeroVar                                       bool
	Scored                                        bool
}

// summary is the filtered groups at a glance.
type summary struct {
	Responses, Scored, Correct, ZeroVar string
	PassRate                            string
}

func (s *server) table(w http.ResponseWriter, r *http.Request) {
	q, err := ParseQuery(r.URL.Query())
	if err == nil && !maps.EqualFunc(q.Values(), r.URL.Query(), slices.Equal) {
		// The form sends every field, defaults too: the link to share is the short one.
		redirect(w, encode(q), http.StatusSeeOther)
		return
	}
	p := tablePage{Title: s.title(), Query: q, Total: len(s.ix.Groups), Files: len(s.ix.Files), Skipped: s.ix.Skipped, Examples: s.ix.SkippedFirst}
	if err != nil {
		p.Error = err.Error()
	}
	matched := s.ix.Match(q)
	p.Matched = len(matched)
	p.Summary = s.ix.summarize(matched)
	p.Pages = max(1, (len(matched)+q.PerPage-1)/q.PerPage)
	p.Page = min(q.Page, p.Pages)
	lo := (p.Page - 1) * q.PerPage
	hi := min(lo+q.PerPage, len(matched))
	state := q
	state.Page = p.Page
	for _, pos := range matched[lo:hi] {
		p.Rows = append(p.Rows, s.row(int(pos), state))
	}
	if p.Page > 1 {
		p.Prev = pageLink(q, p.Page-1)
	}
	if p.Page < p.Pages {
		p.Next = pageLink(q, p.Page+1)
	}
	p.Columns = columns(q)
	p.Charts = "charts?" + withPage(q, 1).Values().Encode()
	cats, diffs, reasons := s.facets()
	p.Cats, p.Diffs, p.Reasons = options(cats, q.Category), options(diffs, q.Difficulty), options(reasons, q.Reason)
	s.render(w, http.StatusOK, "table.tmpl", p)
}

func (s *server) row(pos int, state Query) row {
	g := &s.ix.Groups[pos]
	rw := row{
		Href: groupLink(pos, state), ID: g.ID, Excerpt: g.Excerpt,
		Category: s.ix.Labels[g.Category], Difficulty: s.ix.Labels[g.Difficulty],
		Line: g.Line, Size: g.Size, ZeroVar: g.ZeroVar, Scored: g.Scored > 0,
		Tokens: strconv.FormatFloat(g.MeanTokens, 'f', 0, 64),
	}
	by := withPage(state, 1)
	by.Category = rw.Category
	rw.CategoryHref = encode(by)
	by = withPage(state, 1)
	by.Difficulty = rw.Difficulty
	rw.DifficultyHref = encode(by)
	if len(s.ix.Files) > 1 {
		rw.File = s.ix.Files[g.File].Name
	}
	if g.Scored > 0 {
		rw.Mean, rw.PassRate, rw.Std = stats.FormatScore(g.Mean), stats.FormatPercent(g.PassRate), stats.FormatScore(g.Std)
	}
	return rw
}

func (ix *Index) summarize(pos []int32) summary {
	var resp, scored, correct, zv int
	for _, p := range pos {
		g := &ix.Groups[p]
		resp += g.Size
		scored += g.Scored
		correct += g.Correct
		if g.ZeroVar {
			zv++
		}
	}
	s := summary{Responses: strconv.Itoa(resp), Scored: strconv.Itoa(scored), Correct: strconv.Itoa(correct), ZeroVar: strconv.Itoa(zv), PassRate: "–"}
	if scored > 0 {
		s.PassRate = stats.FormatPercent(float64(correct) / float64(scored))
	}
	return s
}

var columnDefs = []struct{ key, label, title string }{
	{"line", "line", "position in the file"},
	{"id", "id", ""},
	{"", "prompt", ""},
	{"category", "category", ""},
	{"difficulty", "difficulty", ""},
	{"size", "n", "responses in the group"},
	{"mean", "mean", "mean score of the scored responses"},
	{"pass", "pass rate", "correct of the scored responses"},
	{"std", "std", "population std of the scores"},
	{"zv", "zero var", "all scored responses have the same score: no GRPO signal"},
	{"tokens", "tokens", "mean estimated tokens per response"},
}

// columns are the table headers; a sortable one links to sorting by it,
// ascending first, then descending.
func columns(q Query) []column {
	out := make([]column, len(columnDefs))
	for i, d := range columnDefs {
		c := column{Label: d.label, Title: d.title}
		if d.key != "" {
			next := q
			next.Page = 1
			next.Sort, next.Desc = d.key, q.Sort == d.key && !q.Desc
			c.Href = encode(next)
			if q.Sort == d.key {
				c.Arrow = "▲"
				if q.Desc {
					c.Arrow = "▼"
				}
			}
		}
		out[i] = c
	}
	return out
}

func options(labels []LabelCount, selected string) []option {
	out := []option{{Value: "", Label: "all", Selected: selected == ""}}
	for _, l := range labels {
		out = append(out, option{Value: l.Name, Label: l.Name + " (" + strconv.Itoa(l.Count) + ")", Selected: l.Name == selected})
	}
	return out
}

func withPage(q Query, page int) Query { q.Page = page; return q }

func pageLink(q Query, page int) string { return encode(withPage(q, page)) }

// encode is a relative link to the table in state q: "?q=...", or "./"
// for the default state.
func encode(q Query) string {
	v := q.Values().Encode()
	if v == "" {
		return "./"
	}
	return "?" + v
}

// groupLink links to group pos, keeping the table's state for the way back.
func groupLink(pos int, q Query) string {
	v := q.Values()
	v.Set("g", strconv.Itoa(pos))
	return "group?" + v.Encode()
}
