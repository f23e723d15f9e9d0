package view

import (
	"bytes"
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"github.com/grpodata/grpodata/report"
)

// chartGroups bounds the groups the charts read: past it they are computed
// over evenly spaced groups of the filter (the page says so), which keeps
// the page under a tenth of a second on any file.
const chartGroups = 400

// chartsPage frames the report for the current filter under the viewer's
// navigation.
type chartsPage struct {
	Title, Back, Report, Note string
}

func (s *server) charts(w http.ResponseWriter, r *http.Request) {
	q, _ := ParseQuery(r.URL.Query())
	matched := s.ix.Match(q)
	p := chartsPage{Title: s.title(), Back: encode(q), Report: "report?" + r.URL.RawQuery + "#charts", Note: chartNote(len(matched), len(s.ix.Groups))}
	s.render(w, http.StatusOK, "charts.tmpl", p)
}

func chartNote(matched, total int) string {
	if matched <= chartGroups {
		return fmt.Sprintf("all %d groups of this filter (%d in the file)", matched, total)
	}
	return fmt.Sprintf("%d evenly spaced groups of the %d of this filter (%d in the file)", chartGroups, matched, total)
}

// report renders package report's page (its charts and tables, computed
// by report.Builder) over the filter's groups, read from the file.
func (s *server) report(w http.ResponseWriter, r *http.Request) {
	q, _ := ParseQuery(r.URL.Query())
	matched := s.ix.Match(q)
	b := report.NewBuilder(report.Config{Sample: -1, Title: "grpodata view: charts", Stage: chartNote(len(matched), len(s.ix.Groups))})
	for _, pos := range spread(matched, chartGroups) {
		rec, err := s.ix.Record(int(pos))
		if err != nil {
			s.fail(w, http.StatusUnprocessableEntity, err.Error())
			return
		}
		g := &s.ix.Groups[pos]
		b.Add(s.ix.Files[g.File].Name, g.Line, rec)
	}
	var buf bytes.Buffer
	if err := report.WriteHTML(&buf, b.Data()); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Security-Policy", reportPolicy)
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	_, _ = w.Write(buf.Bytes())
}

// spread picks at most n positions, evenly spaced, in file order.
func spread(pos []int32, n int) []int32 {
	all := slices.Clone(pos)
	slices.Sort(all)
	if len(all) <= n {
		return all
	}
	out := make([]int32, n)
	for i := range n {
		out[i] = all[i*len(all)/n]
	}
	return out
}
