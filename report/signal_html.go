package report

import (
	"fmt"
	"strconv"

	"github.com/grpodata/grpodata/stats"
)

// The page's parts for what trainers log: pass@k, truncation, advantages
// and response length in the unit the data allows.

func passTile(d *Data) tile {
	t := tile{Label: "pass@1", Value: "–", Sub: "no scored group"}
	if len(d.PassAtK) == 0 {
		return t
	}
	t.Label = "pass@" + strconv.Itoa(d.PassAtK[0].K)
	t.Value, t.Sub = fmtPct(d.PassAtK[0].Value), "unbiased, mean over groups"
	for _, p := range d.PassAtK[1:] {
		t.Sub += fmt.Sprintf(" · pass@%d %s", p.K, fmtPct(p.Value))
	}
	return t
}

func truncationTile(d *Data) tile {
	t := tile{Label: "Truncated", Value: "–", Sub: "no metadata.finish_reason in the input"}
	if d.WithFinishReason == 0 {
		return t
	}
	t.Value = fmtPct(d.TruncationRate)
	t.Sub = fmtCount(d.Truncated) + " of " + fmtCount(d.Responses) + ` responses hit the length limit (finish_reason "length")`
	if d.TruncationRate > 0.05 {
		t.Class = "warn"
	}
	return t
}

// lengthChart shows response lengths in tokens when a tokenizer counted
// them, else in characters; the axis says which.
func lengthChart(d *Data) Chart {
	unit, bins, l := "characters", d.LengthHist, d.Length
	if d.Tokens != nil {
		unit, bins, l = "tokens ("+d.Tokenizer+")", d.TokenHist, *d.Tokens
	}
	c := histChart("length-hist", "Response length", unit, "responses", bins, d.Responses, "length")
	if c.Empty {
		return c
	}
	c.Note = fmt.Sprintf("in %s: mean %s · min %s · max %s; correct responses %s, incorrect %s on average",
		unit, strconv.FormatFloat(l.Mean, 'f', 1, 64), fmtCount(l.Min), fmtCount(l.Max),
		strconv.FormatFloat(l.MeanCorrect, 'f', 1, 64), strconv.FormatFloat(l.MeanIncorrect, 'f', 1, 64))
	if d.Tokens == nil {
		c.Note += " (--tokenizer counts tokens)"
	}
	return c
}

func passChart(d *Data) Chart {
	var specs []barSpec
	for _, p := range d.PassAtK {
		label := "pass@" + strconv.Itoa(p.K)
		specs = append(specs, barSpec{
			label: label, v: p.Value, class: "passk", value: fmtPct(p.Value),
			tooltip: fmt.Sprintf("%s: %s, mean over %s groups with at least %d scored responses", label, fmtPct(p.Value), fmtCount(p.Groups), p.K),
		})
	}
	c := hbars("pass-at-k", "pass@k", "unbiased estimate 1 − C(n−c,k)/C(n,k), mean over groups with ≥ k scored responses", specs, 1, true)
	if c.Empty {
		c.Note = "no scored groups"
	}
	return c
}

func advantageChart(d *Data) Chart {
	c := histChart("advantage-hist", "GRPO advantages", "(r − mean) / (std + 1e-6) within each group, population std", "responses", d.AdvantageHist, d.Scored, "adv")
	if c.Empty {
		if d.Scored > 0 { // every advantage is 0: the zero bin is the only one
			c.Note = "every advantage is 0: all groups have equal scores"
		}
		return c
	}
	c.Bars[advSide+1].Class = "adv zero"
	c.Note = fmt.Sprintf("%s of %s advantages are 0 because their group's scores are all equal (zero-variance groups, groups with one score): no gradient",
		fmtCount(d.FlatAdvantages), fmtCount(d.Scored))
	return c
}

func truncationChart(d *Data) Chart {
	var specs []barSpec
	if d.WithFinishReason > 0 {
		for i, b := range d.ByCategory {
			if i == maxCategoryChartBars {
				break
			}
			specs = append(specs, barSpec{
				label: b.Name, v: b.TruncationRate, class: "trunc", value: fmtPct(b.TruncationRate),
				tooltip: fmt.Sprintf(`%s: %s of %s responses stopped at the length limit`, b.Name, fmtCount(b.Truncated), fmtCount(b.Responses)),
			})
		}
	}
	c := hbars("truncation", "Truncated responses by category", `share of responses with finish_reason "length"`, specs, 1, true)
	switch {
	case d.WithFinishReason == 0:
		c.Note = "no metadata.finish_reason in the input (grpodata generate records it)"
	case !c.Empty:
		c.Note = fmt.Sprintf("overall %s: %s of %s responses", fmtPct(d.TruncationRate), fmtCount(d.Truncated), fmtCount(d.Responses))
	}
	return c
}

// filterRows are the before/after rows of the filtering table.
func filterRows(f *Filtering) []filterRow {
	return []filterRow{{"before filtering", f.Before}, {"after filtering", f.After}}
}

type filterRow struct {
	Label string
	D     stats.Dist
}

// bucketTable is a by-category or by-difficulty table with its pass@k
// columns.
type bucketTable struct {
	Ks   []int
	Rows []Bucket
}
