package report

import (
	"math"
	"strconv"
	"strings"

	"github.com/grpodata/grpodata/stats"
)

// Charts are computed here as geometry (rectangles, ticks, labels) and drawn
// by the template as inline SVG, so the page needs no script to show them.

// Chart is one SVG chart: vertical bars (a histogram) or horizontal bars
// (labelled categories).
type Chart struct {
	ID         string
	Title      string
	XLabel     string
	YLabel     string
	Horizontal bool
	Width      float64
	Height     float64
	Plot       Rect // plot area
	Bars       []BarGeom
	Ticks      []Tick
	Empty      bool // nothing to draw
	Note       string
}

// Rect is an SVG rectangle.
type Rect struct{ X, Y, W, H float64 }

// BarGeom is one drawn bar with its labels.
type BarGeom struct {
	Rect
	Label   string // category or bin label
	Short   string // label as drawn (shortened)
	Value   string // text drawn on or beside the bar
	Tooltip string
	Class   string // CSS class: colour
	LabelX  float64
	LabelY  float64
	ValueX  float64
	ValueY  float64
	Rotate  bool   // x label drawn slanted (crowded histograms)
	Anchor  string // text-anchor of the value
	Inside  bool   // value drawn inside the bar, in white
}

// rounded keeps one decimal of every coordinate: smaller, byte-stable SVG.
func (g BarGeom) rounded() BarGeom {
	for _, p := range []*float64{&g.X, &g.Y, &g.W, &g.H, &g.LabelX, &g.LabelY, &g.ValueX, &g.ValueY} {
		*p = round1(*p)
	}
	return g
}

// Tick is an axis tick with its grid line.
type Tick struct {
	Pos   float64 // x for horizontal charts, y for vertical ones
	Label string
}

// barSpec is the input of a chart: a label, a value and how to print it.
type barSpec struct {
	label, value, tooltip, class string
	v                            float64
}

const (
	chartWidth = 560.0
)

// vbars lays out a vertical bar chart (histograms).
func vbars(id, title, xlabel, ylabel string, bars []barSpec) Chart {
	c := Chart{ID: id, Title: title, XLabel: xlabel, YLabel: ylabel, Width: chartWidth}
	c.Plot = Rect{X: 56, Y: 28, W: c.Width - 56 - 16, H: 194}
	maxV := 0.0
	for _, b := range bars {
		maxV = math.Max(maxV, b.v)
	}
	if maxV == 0 {
		c.Empty = true
	}
	top, step := niceScale(maxV)
	for v := 0.0; v <= top+step/2; v += step {
		c.Ticks = append(c.Ticks, Tick{Pos: round1(c.Plot.Y + c.Plot.H - v/top*c.Plot.H), Label: fmtTick(v, top)})
	}
	n := float64(len(bars))
	band := c.Plot.W / math.Max(n, 1)
	bw := band * 0.82
	longest := 0
	for _, b := range bars {
		longest = max(longest, len([]rune(b.label)))
	}
	rotate := float64(longest)*6.2 > band-4
	bottom := 58.0
	if rotate {
		bottom = 84
	}
	c.Height = c.Plot.Y + c.Plot.H + bottom
	for i, b := range bars {
		h := b.v / top * c.Plot.H
		x := c.Plot.X + float64(i)*band + (band-bw)/2
		g := BarGeom{
			Rect:    Rect{X: x, Y: c.Plot.Y + c.Plot.H - h, W: bw, H: h},
			Label:   b.label,
			Short:   b.label,
			Value:   b.value,
			Tooltip: b.tooltip,
			Class:   b.class,
			LabelX:  x + bw/2,
			LabelY:  c.Plot.Y + c.Plot.H + 16,
			ValueX:  x + bw/2,
			ValueY:  c.Plot.Y + c.Plot.H - h - 5,
			Anchor:  "middle",
			Rotate:  rotate,
		}
		if rotate {
			g.LabelX, g.LabelY = x+bw/2+3, c.Plot.Y+c.Plot.H+12
			g.Short = shorten(b.label, 12)
		}
		c.Bars = append(c.Bars, g.rounded())
	}
	return c
}

// hbars lays out a horizontal bar chart with labels on the left. max is the
// value of a full bar (e.g. 1 for rates); 0 scales to the largest bar.
func hbars(id, title, xlabel string, bars []barSpec, full float64, percent bool) Chart {
	const rowH, labelW = 26.0, 150.0
	c := Chart{ID: id, Title: title, XLabel: xlabel, Horizontal: true, Width: chartWidth}
	c.Plot = Rect{X: labelW + 8, Y: 12, W: c.Width - labelW - 8 - 56, H: rowH * math.Max(float64(len(bars)), 1)}
	c.Height = c.Plot.Y + c.Plot.H + 44
	maxV := 0.0
	for _, b := range bars {
		maxV = math.Max(maxV, b.v)
	}
	if len(bars) == 0 {
		c.Empty = true
		c.Height = 90
	}
	top, step := full, full/4
	if full <= 0 {
		top, step = niceScale(maxV)
	}
	for v := 0.0; v <= top+step/2; v += step {
		label := fmtTick(v, top)
		if percent {
			label = strconv.Itoa(int(math.Round(v*100))) + "%"
		}
		c.Ticks = append(c.Ticks, Tick{Pos: round1(c.Plot.X + v/top*c.Plot.W), Label: label})
	}
	for i, b := range bars {
		w := math.Min(b.v, top) / top * c.Plot.W
		y := c.Plot.Y + float64(i)*rowH + 4
		g := BarGeom{
			Rect:    Rect{X: c.Plot.X, Y: y, W: w, H: rowH - 8},
			Label:   b.label,
			Short:   shorten(b.label, 24),
			Value:   b.value,
			Tooltip: b.tooltip,
			Class:   b.class,
			LabelX:  c.Plot.X - 8,
			LabelY:  y + (rowH-8)/2 + 4,
			ValueX:  c.Plot.X + w + 5,
			ValueY:  y + (rowH-8)/2 + 4,
			Anchor:  "start",
		}
		if w > c.Plot.W*0.55 {
			g.ValueX, g.Anchor, g.Inside = c.Plot.X+w-6, "end", true
		}
		c.Bars = append(c.Bars, g.rounded())
	}
	return c
}

// niceScale returns an axis top at or above max and a round step (1, 2 or 5
// times a power of ten), about five ticks.
func niceScale(maxV float64) (top, step float64) {
	if maxV <= 0 {
		return 1, 0.25
	}
	raw := maxV / 5
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	switch f := raw / mag; {
	case f <= 1:
		step = mag
	case f <= 2:
		step = 2 * mag
	case f <= 5:
		step = 5 * mag
	default:
		step = 10 * mag
	}
	if step < 1 && maxV >= 1 {
		step = 1
	}
	top = math.Ceil(maxV/step-1e-9) * step
	return top, step
}

// fmtTick prints an axis value; axes reaching 10,000 use k (and M) for
// every tick, so one axis has one unit.
func fmtTick(v, top float64) string {
	switch {
	case v == 0:
		return "0"
	case top >= 1e7:
		return strconv.FormatFloat(round6(v/1e6), 'f', -1, 64) + "M"
	case top >= 1e4:
		return strconv.FormatFloat(round6(v/1e3), 'f', -1, 64) + "k"
	}
	return strconv.FormatFloat(round6(v), 'f', -1, 64)
}

// fmtFrac prints a bin edge: 0, 0.1, 0.05.
func fmtFrac(x float64) string { return strconv.FormatFloat(round6(x), 'f', -1, 64) }

// fmtChars prints a length edge: 100, 1k, 20k.
func fmtChars(n int) string {
	if n >= 1000 && n%1000 == 0 {
		return strconv.Itoa(n/1000) + "k"
	}
	return strconv.Itoa(n)
}

// fmtCount prints a count with thousands separators: 12,345.
func fmtCount(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// fmtPct prints a fraction as a percentage: 0.4567 -> "45.7%".
// It is the stats package's rounding rule, as every figure of the page.
func fmtPct(x float64) string { return stats.FormatPercent(x) }

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
