// Package filter keeps the GRPO groups worth training on, in one streaming
// pass with input order preserved. A group is dropped for the first of these
// reasons that applies, in this order:
//
//  1. empty: it has no responses.
//  2. unscored: some response has no score (Config.Unscored = DropUnscored,
//     the default). With KeepUnscored the group is judged on its scored
//     responses only, and a group with none is kept unjudged.
//  3. zero_variance: its scored responses all have the same score
//     (Config.DropZeroVariance, default on): every GRPO advantage is 0, so
//     it carries no learning signal (DAPO's dynamic sampling).
//  4. below_min_pass_rate / above_max_pass_rate: its pass rate (correct over
//     scored responses, see package stats) is outside [MinPassRate,
//     MaxPassRate], bounds included.
//
// With Config.LabelDifficulty a kept group with scores gets "difficulty"
// from its pass rate: easy when >= Thresholds.Easy, medium when >=
// Thresholds.Medium, else hard (replacing any difficulty it had). Records
// kept without a new label are written byte for byte as read.
package filter

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/grpodata/grpodata/internal/human"
	"github.com/grpodata/grpodata/jsonl"
	"github.com/grpodata/grpodata/record"
	"github.com/grpodata/grpodata/stats"
)

// UnscoredPolicy says what happens to groups with unscored responses.
type UnscoredPolicy string

const (
	DropUnscored UnscoredPolicy = "drop"
	KeepUnscored UnscoredPolicy = "keep"
)

// Thresholds map a pass rate to a difficulty label.
type Thresholds struct {
	Medium float64 `json:"medium"` // pass rate >= Medium: medium (unless easy)
	Easy   float64 `json:"easy"`   // pass rate >= Easy: easy
}

// DefaultThresholds: >= 0.7 easy, >= 0.3 medium, else hard.
var DefaultThresholds = Thresholds{Medium: 0.3, Easy: 0.7}

// Difficulty labels.
const (
	Easy   = "easy"
	Medium = "medium"
	Hard   = "hard"
)

// ParseThresholds reads "MEDIUM,EASY", such as "0.3,0.7".
func ParseThresholds(s string) (Thresholds, error) {
	parts := strings.Split(s, ",")
	if len(parts) != 2 {
		return Thresholds{}, fmt.Errorf("difficulty thresholds %q: want two pass rates MEDIUM,EASY such as 0.3,0.7", s)
	}
	var v [2]float64
	for i, p := range parts {
		f, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil {
			return Thresholds{}, fmt.Errorf("difficulty thresholds %q: %q is not a number", s, p)
		}
		v[i] = f
	}
	t := Thresholds{Medium: v[0], Easy: v[1]}
	return t, t.Check()
}

// Set reads "MEDIUM,EASY" (an option value, see package option).
func (t *Thresholds) Set(s string) error {
	v, err := ParseThresholds(s)
	if err != nil {
		return err
	}
	*t = v
	return nil
}

// String writes the thresholds as Set reads them.
func (t *Thresholds) String() string {
	return strconv.FormatFloat(t.Medium, 'g', -1, 64) + "," + strconv.FormatFloat(t.Easy, 'g', -1, 64)
}

// Check reports thresholds that are not 0 <= Medium <= Easy <= 1.
func (t Thresholds) Check() error {
	if !(0 <= t.Medium && t.Medium <= t.Easy && t.Easy <= 1) {
		return fmt.Errorf("difficulty thresholds must satisfy 0 <= medium <= easy <= 1, got %g,%g", t.Medium, t.Easy)
	}
	return nil
}

// Label names the difficulty of a group with this pass rate.
func (t Thresholds) Label(passRate float64) string {
	switch {
	case passRate >= t.Easy:
		return Easy
	case passRate >= t.Medium:
		return Medium
	}
	return Hard
}

// Config is the filter stage's configuration: its flags and pipeline keys
// (package option) and, as JSON, part of its summary.
type Config struct {
	DropZeroVariance bool           `json:"drop_zero_variance" yaml:"drop_zero_variance" help:"drop groups whose scores are all equal (use =false to keep them)"`
	MinPassRate      float64        `json:"min_pass_rate" yaml:"min_pass_rate" help:"drop groups with a lower pass rate"`
	MaxPassRate      float64        `json:"max_pass_rate" yaml:"max_pass_rate" help:"drop groups with a higher pass rate"`
	Unscored         UnscoredPolicy `json:"unscored" yaml:"unscored" enum:"drop|keep" help:"groups with unscored responses"`
	LabelDifficulty  bool           `json:"label_difficulty" yaml:"label_difficulty" help:"write difficulty (easy/medium/hard) from each kept group's pass rate"`
	Thresholds       Thresholds     `json:"thresholds" yaml:"difficulty_thresholds" help:"pass rates MEDIUM,EASY for --label-difficulty"`
	Workers          int            `json:"-" yaml:"workers" help:"decoding goroutines (default: all cores)"`
}

// DefaultConfig holds the documented defaults: drop zero-variance and
// unscored groups, any pass rate, no labels.
func DefaultConfig() Config {
	return Config{DropZeroVariance: true, MinPassRate: 0, MaxPassRate: 1, Unscored: DropUnscored, Thresholds: DefaultThresholds}
}

// Check reports configuration errors before any file is read.
func (c Config) Check() error {
	if !(0 <= c.MinPassRate && c.MinPassRate <= c.MaxPassRate && c.MaxPassRate <= 1) {
		return fmt.Errorf("pass-rate bounds must satisfy 0 <= min <= max <= 1, got min %g, max %g", c.MinPassRate, c.MaxPassRate)
	}
	if c.Unscored != DropUnscored && c.Unscored != KeepUnscored {
		return fmt.Errorf("unscored policy %q: want keep or drop", c.Unscored)
	}
	if c.LabelDifficulty {
		return c.Thresholds.Check()
	}
	return nil
}

// Reason is why a group was dropped; Kept ("") when it was not.
type Reason string

const (
	Kept             Reason = ""
	Empty            Reason = "empty"
	Unscored         Reason = "unscored"
	ZeroVariance     Reason = "zero_variance"
	BelowMinPassRate Reason = "below_min_pass_rate"
	AboveMaxPassRate Reason = "above_max_pass_rate"
)

// Reasons lists the drop reasons in the order they are tested.
var Reasons = []Reason{Empty, Unscored, ZeroVariance, BelowMinPassRate, AboveMaxPassRate}

// Decide returns why a group with these statistics is dropped, or Kept.
func Decide(g stats.GroupStats, c Config) Reason {
	switch {
	case g.Responses == 0:
		return Empty
	case g.Scored < g.Responses && c.Unscored != KeepUnscored:
		return Unscored
	case g.Scored == 0:
		return Kept // kept unscored: nothing to judge
	case c.DropZeroVariance && g.ZeroVariance:
		return ZeroVariance
	case g.PassRate < c.MinPassRate:
		return BelowMinPassRate
	case g.PassRate > c.MaxPassRate:
		return AboveMaxPassRate
	}
	return Kept
}

// Apply decides rec's fate and, when it is kept and labelling is on, sets its
// difficulty. label is the difficulty written ("" when none).
func Apply(rec *record.Record, c Config) (r Reason, g stats.GroupStats, label string) {
	g = stats.Group(rec)
	r = Decide(g, c)
	if r == Kept && c.LabelDifficulty && g.Scored > 0 {
		label = c.Thresholds.Label(g.PassRate)
		rec.Difficulty = label
	}
	return r, g, label
}

// Summary counts what a run kept and dropped.
type Summary struct {
	Files        []string       `json:"files"`
	Config       Config         `json:"config"`
	Read         int            `json:"read"`
	Kept         int            `json:"kept"`
	Responses    int            `json:"responses_kept"` // responses in kept groups
	Dropped      int            `json:"dropped"`
	DroppedBy    map[Reason]int `json:"dropped_by"` // every reason, 0 included
	AllCorrect   int            `json:"zero_variance_all_correct"`
	AllWrong     int            `json:"zero_variance_all_wrong"`
	UnscoredKept int            `json:"unscored_kept"`         // kept groups with a missing score (--unscored keep)
	SkippedBad   int            `json:"skipped_bad,omitempty"` // lines that are not records, skipped (--skip-bad); not in Read
	Labels       map[string]int `json:"labels,omitempty"`      // difficulty written, by label
}

// Opener opens an input by name; nil means jsonl.Open.
type Opener = jsonl.Opener

// LineWriter receives the kept records; *jsonl.Writer is one.
type LineWriter interface{ WriteLine([]byte) error }

type verdict struct {
	reason Reason
	g      stats.GroupStats
	label  string
	line   []byte
}

// Run filters the files, in order, into out and returns the counts. A
// malformed line stops the run with its file and line unless the reader
// skips bad records, and an input without records is an error (jsonl's
// policy); the caller commits or discards out.
func Run(ctx context.Context, files []string, c Config, open Opener, out LineWriter) (*Summary, error) {
	if err := c.Check(); err != nil {
		return nil, err
	}
	if out == nil {
		return nil, errors.New("filter: no output")
	}
	if open == nil {
		open = jsonl.Open
	}
	sum := &Summary{Files: []string{}, Config: c, DroppedBy: map[Reason]int{}}
	for _, r := range Reasons {
		sum.DroppedBy[r] = 0
	}
	if c.LabelDifficulty {
		sum.Labels = map[string]int{Easy: 0, Medium: 0, Hard: 0}
	}
	for _, name := range files {
		r, err := open(name)
		if err != nil {
			return nil, err
		}
		sum.Files = append(sum.Files, r.Name())
		work := func(l jsonl.Line) (verdict, error) {
			rec, err := record.Decode(l.Data)
			if err != nil {
				return verdict{}, jsonl.Bad(err)
			}
			var v verdict
			v.reason, v.g, v.label = Apply(rec, c)
			switch {
			case v.reason != Kept:
			case v.label != "":
				v.line = rec.AppendJSON(make([]byte, 0, len(l.Data)+32))
			default:
				v.line = l.Data // valid until emit returns
			}
			return v, nil
		}
		err = jsonl.ParallelMap(ctx, r, jsonl.Options{Workers: c.Workers}, work, func(_ int, v verdict) error {
			sum.Read++
			if v.reason != Kept {
				sum.Dropped++
				sum.DroppedBy[v.reason]++
				if v.reason == ZeroVariance {
					if v.g.AllCorrect() {
						sum.AllCorrect++
					} else if v.g.AllWrong() {
						sum.AllWrong++
					}
				}
				return nil
			}
			sum.Kept++
			sum.Responses += v.g.Responses
			if v.g.Missing() > 0 {
				sum.UnscoredKept++
			}
			if v.label != "" {
				sum.Labels[v.label]++
			}
			return out.WriteLine(v.line)
		})
		r.Close()
		if err != nil {
			return nil, err
		}
	}
	return sum, nil
}

// WriteText renders the summary: what was kept, then each reason with a
// count.
func (s *Summary) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "filter: kept %d of %d groups (%.1f%%), dropped %d\n", s.Kept, s.Read, human.Percent(s.Kept, s.Read), s.Dropped)
	for _, r := range Reasons {
		n := s.DroppedBy[r]
		if n == 0 {
			continue
		}
		fmt.Fprintf(&b, "  %7d %-20s %s\n", n, r, s.explain(r))
	}
	if s.UnscoredKept > 0 {
		fmt.Fprintf(&b, "kept %d groups with unscored responses (--unscored keep)\n", s.UnscoredKept)
	}
	if s.Labels != nil {
		labels := make([]string, 0, len(s.Labels))
		for k := range s.Labels {
			labels = append(labels, k)
		}
		sort.Slice(labels, func(i, j int) bool { return rank(labels[i]) < rank(labels[j]) })
		parts := make([]string, 0, len(labels))
		for _, k := range labels {
			parts = append(parts, fmt.Sprintf("%d %s", s.Labels[k], k))
		}
		t := s.Config.Thresholds
		fmt.Fprintf(&b, "difficulty labels (easy >= %g, medium >= %g): %s\n", t.Easy, t.Medium, strings.Join(parts, ", "))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func (s *Summary) explain(r Reason) string {
	switch r {
	case Empty:
		return "no responses"
	case Unscored:
		return "a response has no score (--unscored keep keeps them)"
	case ZeroVariance:
		return fmt.Sprintf("all scores equal, no learning signal (%d all correct, %d all wrong)", s.AllCorrect, s.AllWrong)
	case BelowMinPassRate:
		return fmt.Sprintf("pass rate < %g", s.Config.MinPassRate)
	case AboveMaxPassRate:
		return fmt.Sprintf("pass rate > %g", s.Config.MaxPassRate)
	}
	return ""
}

func rank(label string) int {
	switch label {
	case Easy:
		return 0
	case Medium:
		return 1
	case Hard:
		return 2
	}
	return 3
}
