package view

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"runtime"
	"slices"
	"strconv"

	"golang.org/x/sync/errgroup"

	"github.com/grpodata/grpodata/record"
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
	All                       string // link to charts over every group of the filter, when they are sampled
	AllMB                     string // what that reads
}

func (s *server) charts(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	q, _ := ParseQuery(v)
	matched := s.ix.Match(q)
	all := v.Get("all") == "1"
	p := chartsPage{Title: s.title(), Back: encode(q), Report: "report?" + r.URL.RawQuery + "#charts", Note: chartNote(len(matched), len(s.ix.Groups), all)}
	if !all && len(matched) > chartGroups {
		v.Set("all", "1")
		p.All = "charts?" + v.Encode()
		var bytes int64
		for _, pos := range matched {
			bytes += int64(s.ix.Groups[pos].Length)
		}
		p.AllMB = fmt.Sprintf("%.0f MB", float64(bytes)/1e6)
	}
	s.render(w, http.StatusOK, "charts.tmpl", p)
}

func chartNote(matched, total int, all bool) string {
	if all || matched <= chartGroups {
		return fmt.Sprintf("all %d groups of this filter (%d in the file)", matched, total)
	}
	return fmt.Sprintf("%d evenly spaced groups of the %d of this filter (%d in the file)", chartGroups, matched, total)
}

// report renders package report's page (its charts and tables, computed
// by report.Builder) over the filter's groups, read from the file: at most
// chartGroups of them, evenly spaced, unless ?all=1.
func (s *server) report(w http.ResponseWriter, r *http.Request) {
	q, _ := ParseQuery(r.URL.Query())
	all := r.URL.Query().Get("all") == "1"
	matched := s.ix.Match(q)
	limit := chartGroups
	if all {
		limit = len(matched)
	}
	b := report.NewBuilder(report.Config{Sample: -1, Title: "grpodata view: charts", Stage: chartNote(len(matched), len(s.ix.Groups), all)})
	if err := s.addRecords(r.Context(), b, spread(matched, limit)); err != nil {
		s.fail(w, http.StatusUnprocessableEntity, err.Error())
		return
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

// addRecords reads and decodes the groups in batches, in parallel, and adds
// them to b in order.
func (s *server) addRecords(ctx context.Context, b *report.Builder, pos []int32) error {
	const batch = 256
	recs := make([]*record.Record, batch)
	for len(pos) > 0 {
		n := min(batch, len(pos))
		g, ctx := errgroup.WithContext(ctx)
		g.SetLimit(runtime.GOMAXPROCS(0))
		for i := range n {
			g.Go(func() error {
				if err := ctx.Err(); err != nil {
					return err // the browser went away
				}
				rec, err := s.ix.Record(int(pos[i]))
				recs[i] = rec
				return err
			})
		}
		if err := g.Wait(); err != nil {
			return err
		}
		for i := range n {
			gr := &s.ix.Groups[pos[i]]
			b.Add(s.ix.Files[gr.File].Name, gr.Line, recs[i])
		}
		pos = pos[n:]
	}
	return nil
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
