package validate

import (
	"fmt"
	"sort"

	"github.com/grpodata/grpodata/internal/human"
	"github.com/grpodata/grpodata/option"
)

func init() {
	Register(Spec{
		Name:    "group_size",
		Order:   20,
		Help:    "every group has --group-size responses (default: the most common size)",
		Options: groupSizeDefaults,
		CheckOptions: func(cfg Config) error {
			if n := option.PluginOf[groupSizeOptions](cfg.Options, "group_size", groupSizeDefaults).GroupSize; n < 0 {
				return fmt.Errorf("--group-size must be positive, got %d", n)
			}
			return nil
		},
		New: func(cfg Config) Check {
			n := option.PluginOf[groupSizeOptions](cfg.Options, "group_size", groupSizeDefaults).GroupSize
			return &groupSizeCheck{expected: n, max: cfg.MaxExamples, sizes: map[int]*sizeBucket{}}
		},
	})
}

func groupSizeDefaults() any { return &groupSizeOptions{} }

type groupSizeOptions struct {
	GroupSize int `yaml:"group_size" short:"n" help:"expected responses per group (default: the most common size)"`
}

type sizeBucket struct {
	count int
	first []seqFinding // the first max groups of this size
}

type seqFinding struct {
	seq int
	loc Loc
}

// groupSizeCheck keeps, per distinct size, a count and the first few lines,
// so the expected size can be the mode without a second pass.
type groupSizeCheck struct {
	expected int
	max      int
	seq      int
	sizes    map[int]*sizeBucket
}

func (c *groupSizeCheck) Observe(it *Item) {
	c.seq++
	if it.In == nil || !it.In.HasResponses {
		return
	}
	n := len(it.In.Responses)
	b := c.sizes[n]
	if b == nil {
		b = &sizeBucket{}
		c.sizes[n] = b
	}
	b.count++
	if len(b.first) < c.max {
		b.first = append(b.first, seqFinding{c.seq, it.Loc})
	}
}

func (c *groupSizeCheck) Result() Result {
	expected, how := c.expected, "given"
	if expected == 0 {
		expected, how = c.mode(), "most common"
	}
	hist := map[string]int{}
	groups, off := 0, 0
	var bad []seqFinding
	for size, b := range c.sizes {
		hist[fmt.Sprint(size)] = b.count
		groups += b.count
		if size != expected {
			off += b.count
			bad = append(bad, b.first...)
		}
	}
	sort.Slice(bad, func(i, j int) bool { return bad[i].seq < bad[j].seq })
	r := Result{Name: "group_size", Count: off,
		Stats: map[string]any{"expected": expected, "expected_from": how, "sizes": hist, "groups": groups}}
	for _, f := range bad {
		if len(r.Examples) == c.max {
			break
		}
		r.Examples = append(r.Examples, Finding{File: f.loc.File, Line: f.loc.Line, Check: "group_size",
			Message: fmt.Sprintf("expected %d responses, got %d", expected, c.sizeAt(f.seq))})
	}
	if off == 0 {
		r.Status, r.Summary = Pass, fmt.Sprintf("%s, each with %d responses (%s)", human.Plural(groups, "group", "groups"), expected, how)
		return r
	}
	r.Status = Fail
	r.Summary = fmt.Sprintf("%s of %d have a size other than %d (%s); sizes seen: %s",
		human.Plural(off, "group", "groups"), groups, expected, how, c.histText())
	return r
}

// sizeAt finds the size of the group observed at seq (only called for the
// few listed examples).
func (c *groupSizeCheck) sizeAt(seq int) int {
	for size, b := range c.sizes {
		for _, f := range b.first {
			if f.seq == seq {
				return size
			}
		}
	}
	return -1
}

// mode is the most common size; ties go to the larger size.
func (c *groupSizeCheck) mode() int {
	best, bestN := 0, -1
	for size, b := range c.sizes {
		if b.count > bestN || (b.count == bestN && size > best) {
			best, bestN = size, b.count
		}
	}
	return best
}

func (c *groupSizeCheck) histText() string {
	sizes := make([]int, 0, len(c.sizes))
	for s := range c.sizes {
		sizes = append(sizes, s)
	}
	sort.Ints(sizes)
	out := ""
	for i, s := range sizes {
		if i == 8 {
			out += fmt.Sprintf(", ... (%d sizes)", len(sizes))
			break
		}
		if i > 0 {
			out += ", "
		}
		out += fmt.Sprintf("%d x%d", s, c.sizes[s].count)
	}
	return out
}
