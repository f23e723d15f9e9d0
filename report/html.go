package report

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/grpodata/grpodata/record"
	"github.com/grpodata/grpodata/stats"
)

//go:embed report.html.tmpl
var pageTemplate string

var page = template.Must(template.New("report").Funcs(template.FuncMap{
	"f1":    func(x float64) string { return strconv.FormatFloat(x, 'f', 1, 64) },
	"count": fmtCount,
	"pct":   fmtPct,
	"score": func(s *float64) string {
		if s == nil {
			return "–"
		}
		return string(record.AppendScore(nil, *s))
	},
	"f3": stats.FormatScore,
	"scoreClass": func(s *float64, correct bool) string {
		switch {
		case s == nil:
			return "unscored"
		case correct:
			return "correct"
		}
		return "incorrect"
	},
	"preview":    func(s string) string { return shorten(strings.Join(strings.Fields(s), " "), 160) },
	"add1":       func(i int) int { return i + 1 },
	"deref":      func(p *float64) float64 { return *p },
	"minus":      func(a, b float64) float64 { return a - b },
	"half":       func(a float64) float64 { return a / 2 },
	"add":        func(a, b float64) float64 { return a + b },
	"passAt":     passAt,
	"filterRows": filterRows,
	"buckets":    func(ks []int, rows []Bucket) bucketTable { return bucketTable{Ks: ks, Rows: rows} },
}).Parse(pageTemplate))

// passAt prints pass@k from a list, "–" when no group had k scored responses.
func passAt(ps []stats.PassK, k int) string {
	for _, p := range ps {
		if p.K == k && p.Groups > 0 {
			return fmtPct(p.Value)
		}
	}
	return "–"
}

// view is what the template renders.
type view struct {
	D        *Data
	Tiles    []tile
	Charts   []Chart // the chart grid, in order
	Reasons  Chart
	Coverage []segment
	Groups   []segment
	Embedded embedded
	Kinds    []kindCount
	Ks       []int // the pass@k columns: every k some group reached
}

type tile struct {
	Label, Value, Sub, Class string
}

type segment struct {
	Label, Class, Value string
	Count               int
	Pct                 float64 // 0-100, the bar's width
	Share               string  // the share as printed: the stats rounding rule
}

type kindCount struct {
	Kind, Label string
}

// embedded is the data section of the page: every aggregate (the sample is
// in the page itself).
type embedded struct{ *Data }

// WriteHTML renders the report as one self-contained HTML page: inline CSS,
// inline SVG charts and a small inline script for the sample browser. It
// loads nothing from the network. All text is escaped.
func WriteHTML(w io.Writer, d *Data) error {
	v := &view{D: d, Embedded: embedded{d}}
	v.Tiles = []tile{
		{Label: "Groups", Value: fmtCount(d.Records), Sub: fmtCount(d.Responses) + " responses"},
		{Label: "Verified", Value: fmtPct(d.Coverage), Sub: fmtCount(d.Scored) + " scored, " + fmtCount(d.Unscored) + " not", Class: coverageClass(d)},
		{Label: "Pass rate", Value: fmtPct(d.PassRate), Sub: fmtCount(d.Correct) + " of " + fmtCount(d.Scored) + " correct"},
		{Label: "Reward mean", Value: stats.FormatScore(d.MeanScore), Sub: "std " + stats.FormatScore(d.RewardStd) + " (population) over " + fmtCount(d.Scored) + " scored responses"},
		passTile(d),
		truncationTile(d),
		{Label: "Zero-variance groups", Value: fmtPct(ratio(float64(d.ZeroVarianceGroups), d.VarianceGroups)), Sub: fmtCount(d.ZeroVarianceGroups) + " of " + fmtCount(d.VarianceGroups) + " (no GRPO signal)", Class: zeroVarClass(d)},
		{Label: "Mean group std", Value: stats.FormatScore(d.MeanGroupStd), Sub: "population std of scores, groups with ≥2 scores"},
	}
	v.Coverage = segments([]segment{
		{Label: "correct", Class: "correct", Count: d.Correct},
		{Label: "incorrect", Class: "incorrect", Count: d.Incorrect},
		{Label: "not verified", Class: "unscored", Count: d.Unscored},
	})
	v.Groups = segments([]segment{
		{Label: "fully scored", Class: "correct", Count: d.GroupsFullyScored},
		{Label: "partly scored", Class: "partial", Count: d.GroupsPartlyScored},
		{Label: "not scored", Class: "unscored", Count: d.GroupsUnscored},
	})
	v.Charts = []Chart{
		histChart("score-hist", "Score distribution", "score", "responses", d.ScoreHist, d.Scored, "score"),
		histChart("std-hist", "Group score spread (std)", "std of the group's scores (0 = no learning signal)", "groups", d.StdHist, d.VarianceGroups, "std"),
		rateChart("category-pass", "Pass rate by category", d.ByCategory, maxCategoryChartBars),
		rateChart("difficulty-pass", "Pass rate by difficulty", d.ByDifficulty, 0),
		lengthChart(d),
		passChart(d),
		advantageChart(d),
		truncationChart(d),
	}
	if sc := &v.Charts[1]; len(sc.Bars) > 0 {
		sc.Bars[0].Class = "std zero" // equal scores: no learning signal
	}
	for _, p := range d.PassAtK {
		v.Ks = append(v.Ks, p.K)
	}
	v.Reasons = reasonChart(d)
	for _, k := range [][2]string{{"mixed", "Mixed"}, {"all-correct", "All correct"}, {"all-wrong", "All wrong"}, {"unscored", "Unscored"}} {
		v.Kinds = append(v.Kinds, kindCount{Kind: k[0], Label: k[1]})
	}
	return page.Execute(w, v)
}

func coverageClass(d *Data) string {
	if d.Responses > 0 && d.Coverage < 0.95 {
		return "warn"
	}
	return ""
}

func zeroVarClass(d *Data) string {
	if d.VarianceGroups > 0 && float64(d.ZeroVarianceGroups)/float64(d.VarianceGroups) > 0.5 {
		return "warn"
	}
	return ""
}

func segments(s []segment) []segment {
	total := 0
	for _, x := range s {
		total += x.Count
	}
	for i := range s {
		if total > 0 {
			s[i].Pct = math.Round(float64(s[i].Count)/float64(total)*10000) / 100
		}
		s[i].Share = fmtPct(ratio(float64(s[i].Count), total))
		s[i].Value = fmtCount(s[i].Count)
	}
	return s
}

func histChart(id, title, xlabel, ylabel string, bins []Bin, total int, class string) Chart {
	specs := make([]barSpec, len(bins))
	for i, b := range bins {
		value := ""
		if b.Count > 0 {
			value = fmtCount(b.Count)
		}
		specs[i] = barSpec{
			label: b.Label, value: value, v: float64(b.Count), class: class,
			tooltip: fmt.Sprintf("%s: %s %s (%s)", b.Label, fmtCount(b.Count), ylabel, fmtPct(ratio(float64(b.Count), total))),
		}
	}
	c := vbars(id, title, xlabel, ylabel, specs)
	if c.Empty {
		c.Note = "no " + ylabel + " to show"
	}
	return c
}

func rateChart(id, title string, buckets []Bucket, limit int) Chart {
	var specs []barSpec
	shown := 0
	for _, b := range buckets {
		if limit > 0 && shown == limit {
			break
		}
		shown++
		if b.Scored == 0 {
			specs = append(specs, barSpec{label: b.Name, value: "not scored", tooltip: b.Name + ": no scored responses", class: "rate"})
			continue
		}
		specs = append(specs, barSpec{
			label: b.Name, v: b.PassRate, class: "rate",
			value:   fmtPct(b.PassRate) + " (" + fmtCount(b.Groups) + ")",
			tooltip: fmt.Sprintf("%s: %s of %s scored responses correct (%s) in %s groups; mean score %s", b.Name, fmtCount(b.Correct), fmtCount(b.Scored), fmtPct(b.PassRate), fmtCount(b.Groups), stats.FormatScore(b.MeanScore)),
		})
	}
	c := hbars(id, title, "pass rate of scored responses (groups in parentheses)", specs, 1, true)
	if len(buckets) > shown {
		c.Note = fmt.Sprintf("the %d largest of %d categories; all are in the table below", shown, len(buckets))
	}
	if c.Empty {
		c.Note = "no groups"
	}
	return c
}

// reasonChart shows why responses failed: the verifier reasons of responses
// that are incorrect or were not verified.
func reasonChart(d *Data) Chart {
	var specs []barSpec
	if len(d.Verifiers) == 0 {
		c := hbars("failure-reasons", "Failure reasons", "responses (incorrect or not verified)", nil, 0, false)
		c.Note = "no metadata.verifier in the input: grpodata verify records the reasons"
		return c
	}
	for _, r := range d.Reasons {
		n := r.Incorrect + r.Unscored
		if n == 0 {
			continue
		}
		if len(specs) == 12 {
			break
		}
		specs = append(specs, barSpec{
			label: r.Reason, v: float64(n), value: fmtCount(n), class: "reason",
			tooltip: fmt.Sprintf("%s: %s incorrect, %s not verified", r.Reason, fmtCount(r.Incorrect), fmtCount(r.Unscored)),
		})
	}
	c := hbars("failure-reasons", "Failure reasons", "responses (incorrect or not verified)", specs, 0, false)
	if c.Empty {
		c.Note = "no failed or unverified responses"
	}
	return c
}

// MarshalJSON writes the embedded data without the sample (the outer
// Sample field shadows the data's).
func (e embedded) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		*Data
		Sample []Group `json:"sample,omitempty"`
	}{Data: e.Data})
}
