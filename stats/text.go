package stats

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/grpodata/grpodata/internal/human"
)

// WriteText renders a result as a readable table: overall, by category and
// by difficulty, then lengths and what was left out.
func WriteText(w io.Writer, r *Result) error {
	var b strings.Builder
	o := &r.Overall
	fmt.Fprintf(&b, "%s in %s: %s, %s scored (%s)\n\n", human.Plural(o.Groups, "group", "groups"), strings.Join(r.Files, ", "),
		human.Plural(o.Responses, "response", "responses"), strconv.Itoa(o.Scored), FormatPercent(frac(o.Scored, o.Responses)))

	var ks []int // the columns: every k some group reached
	for _, p := range o.PassAtK {
		ks = append(ks, p.K)
	}
	width := len("overall")
	for _, ds := range [][]Dist{r.ByCategory, r.ByDifficulty} {
		for _, d := range ds {
			width = max(width, utf8.RuneCountInString(d.Name)+2)
		}
	}
	width = min(width, 32)
	fmt.Fprintf(&b, "%-*s %7s %9s %7s %6s %6s %8s", width, "", "groups", "responses", "scored", "mean", "pass", "zero-var")
	for _, k := range ks {
		fmt.Fprintf(&b, " %7s", "pass@"+strconv.Itoa(k))
	}
	b.WriteString("\n")
	row := func(name string, d *Dist) {
		if r := []rune(name); len(r) > width {
			name = string(r[:width-3]) + "..."
		}
		b.WriteString(name)
		b.WriteString(strings.Repeat(" ", width-utf8.RuneCountInString(name)))
		fmt.Fprintf(&b, " %7d %9d %7d", d.Groups, d.Responses, d.Scored)
		if d.Scored == 0 {
			fmt.Fprintf(&b, " %6s %6s %8s", "-", "-", "-")
		} else {
			fmt.Fprintf(&b, " %6s %6s %8s", FormatScore(d.MeanScore), FormatPercent(d.PassRate), FormatPercent(d.ZeroVarianceFraction))
		}
		for _, k := range ks {
			if v, ok := d.At(k); ok {
				fmt.Fprintf(&b, " %7s", FormatPercent(v))
			} else {
				fmt.Fprintf(&b, " %7s", "-")
			}
		}
		b.WriteString("\n")
	}
	row("overall", o)
	for _, sec := range []struct {
		title string
		ds    []Dist
	}{{"by category", r.ByCategory}, {"by difficulty", r.ByDifficulty}} {
		if len(sec.ds) == 1 && sec.ds[0].Name == NoLabel {
			continue // nothing labelled: the overall row says it all
		}
		fmt.Fprintf(&b, "%s\n", sec.title)
		for i := range sec.ds {
			row("  "+sec.ds[i].Name, &sec.ds[i])
		}
	}
	b.WriteString("\n")
	fmt.Fprintf(&b, "zero-variance groups: %d of %d scored (%d all correct, %d all wrong)\n", o.ZeroVariance, o.ScoredGroups, o.AllCorrect, o.AllWrong)
	fmt.Fprintf(&b, "score std %s, mean group std %s\n", FormatScore(r.ScoreStd), FormatScore(o.MeanGroupStd))
	for _, l := range []*LengthStats{&r.LengthChars, r.LengthTokens} {
		if l == nil || l.Count == 0 {
			continue
		}
		fmt.Fprintf(&b, "length (%s): mean %.1f, std %.1f, min %d, max %d; correct %.1f, incorrect %.1f\n",
			l.Unit, l.Mean, l.Std, l.Min, l.Max, l.MeanCorrect, l.MeanIncorrect)
	}
	if o.Missing > 0 || o.UnscoredGroups > 0 {
		fmt.Fprintf(&b, "missing scores: %s in %s (%d partial, %d unscored), left out of every statistic\n",
			human.Plural(o.Missing, "response", "responses"), human.Plural(o.PartialGroups+o.UnscoredGroups, "group", "groups"),
			o.PartialGroups, o.UnscoredGroups)
	}
	if o.EmptyGroups > 0 {
		fmt.Fprintf(&b, "empty groups (no responses): %d\n", o.EmptyGroups)
	}
	if a := r.Advantage; a != nil {
		desc := string(a.Variant)
		if a.Variant != DrGRPO {
			std := "population std"
			if a.SampleStd {
				std = "sample std"
			}
			desc += fmt.Sprintf(" (eps %g, %s)", a.Eps, std)
		}
		fmt.Fprintf(&b, "advantages: %s written to %s\n", desc, human.Plural(r.Annotated, "response", "responses"))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func frac(n, d int) float64 {
	if d == 0 {
		return 0
	}
	return float64(n) / float64(d)
}
