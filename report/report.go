package report

import (
	"context"
	"encoding/json"
	"math"
	"math/rand/v2"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/grpodata/grpodata/jsonl"
	"github.com/grpodata/grpodata/record"
)

// Config tunes what the report keeps.
type Config struct {
	Title   string `yaml:"title" help:"page title (default \"grpodata report\")"`
	Sample  int    `yaml:"sample" help:"groups in the browsable sample (0 for none)"` // Collect: 0 means 50, <0 none
	Seed    uint64 `yaml:"seed" help:"seed of the sample"`
	Workers int    `yaml:"workers" help:"decoding goroutines (default: all cores)"`
	// MaxText bounds each prompt and response text kept in the sample, in
	// characters; 0 means 4000.
	MaxText int `yaml:"max_text" help:"characters kept of each sampled prompt and response"`
	// JSON writes the report's data as JSON instead of the page.
	JSON bool `yaml:"json" help:"write the report's data as JSON instead of the HTML page"`
}

// DefaultConfig holds the command's defaults.
func DefaultConfig() Config { return Config{Sample: DefaultSample, MaxText: defaultMaxText} }

// DefaultSample is the number of sample groups when Config.Sample is 0.
const DefaultSample = 50

// Limits that keep memory bounded whatever the input.
const (
	maxLabels            = 200 // distinct categories/difficulties/reasons kept; the rest is "(other)"
	maxSampleResponses   = 64  // responses shown per sample group
	defaultMaxText       = 4000
	otherLabel           = "(other)"
	noneLabel            = "(none)"
	noVerifierLabel      = "(no verifier metadata)"
	emptyReasonLabel     = "(no reason)"
	scoreBins            = 10
	stdBinWidth          = 0.05
	stdBins              = 10 // after the zero bin: (0,.05] ... (.45,.5+]
	maxCategoryChartBars = 15
)

// lengthEdges are the lower edges of the response-length bins, in characters.
var lengthEdges = []int{0, 100, 200, 500, 1000, 2000, 5000, 10000, 20000}

// Data is everything the report shows: aggregates and the sample. It is
// deterministic for a given input, Sample and Seed, and is embedded in the
// HTML as JSON (the report's data section).
type Data struct {
	Title     string   `json:"title"`
	Files     []string `json:"files"`
	Records   int      `json:"records"`
	Responses int      `json:"responses"`

	Scored    int `json:"scored"`
	Unscored  int `json:"unscored"`
	Correct   int `json:"correct"`
	Incorrect int `json:"incorrect"` // scored and not correct

	Coverage  float64 `json:"coverage"`   // Scored / Responses
	PassRate  float64 `json:"pass_rate"`  // Correct / Scored
	MeanScore float64 `json:"mean_score"` // over scored responses

	GroupsFullyScored  int `json:"groups_fully_scored"`
	GroupsPartlyScored int `json:"groups_partly_scored"`
	GroupsUnscored     int `json:"groups_unscored"` // includes groups without responses

	// Groups with at least two scores, by outcome.
	VarianceGroups     int     `json:"variance_groups"`
	ZeroVarianceGroups int     `json:"zero_variance_groups"`
	AllCorrectGroups   int     `json:"all_correct_groups"`
	AllWrongGroups     int     `json:"all_wrong_groups"`
	MeanGroupStd       float64 `json:"mean_group_std"` // population std, averaged over VarianceGroups

	ScoreHist  []Bin   `json:"score_hist"`  // scored responses by score
	StdHist    []Bin   `json:"std_hist"`    // groups by the std of their scores
	LengthHist []Bin   `json:"length_hist"` // responses by length in characters
	Length     Lengths `json:"length"`

	ByCategory   []Bucket `json:"by_category"`
	ByDifficulty []Bucket `json:"by_difficulty"`

	Verifiers []Count  `json:"verifiers"` // metadata.verifier.name
	Reasons   []Reason `json:"reasons"`   // metadata.verifier.reason, up to the first ":"

	Sample     []Group `json:"sample"`
	SampleSeed uint64  `json:"sample_seed"`

	// Malformed lines are skipped and counted (validate explains them).
	Malformed         int      `json:"malformed"`
	MalformedExamples []string `json:"malformed_examples"` // the first few, as FILE:LINE: message
}

// maxMalformedExamples is how many malformed lines the report lists.
const maxMalformedExamples = 5

// Bin is one histogram bar.
type Bin struct {
	Label string  `json:"label"`
	Lo    float64 `json:"lo"`
	Hi    float64 `json:"hi"` // exclusive, except for the last bin
	Count int     `json:"count"`
}

// Lengths summarises response lengths in characters.
type Lengths struct {
	Mean          float64 `json:"mean"`
	Min           int     `json:"min"`
	Max           int     `json:"max"`
	MeanCorrect   float64 `json:"mean_correct"`
	MeanIncorrect float64 `json:"mean_incorrect"`
}

// Bucket aggregates the groups that share a label (a category, a difficulty).
type Bucket struct {
	Name         string  `json:"name"`
	Groups       int     `json:"groups"`
	Responses    int     `json:"responses"`
	Scored       int     `json:"scored"`
	Correct      int     `json:"correct"`
	PassRate     float64 `json:"pass_rate"`
	MeanScore    float64 `json:"mean_score"`
	ZeroVariance int     `json:"zero_variance"`
}

// Count is a label and how often it occurs.
type Count struct {
	Name  string `json:"name"`
	Count int    `json:"count"`
}

// Reason counts one verifier reason by the outcome of its responses.
type Reason struct {
	Reason    string `json:"reason"`
	Count     int    `json:"count"`
	Correct   int    `json:"correct"`
	Incorrect int    `json:"incorrect"`
	Unscored  int    `json:"unscored"`
}

// Group is one sampled record as the report shows it.
type Group struct {
	File       string     `json:"file"`
	Line       int        `json:"line"`
	Key        string     `json:"key"`
	Prompt     string     `json:"prompt"`
	Truncated  bool       `json:"truncated,omitempty"`
	Category   string     `json:"category,omitempty"`
	Difficulty string     `json:"difficulty,omitempty"`
	Answer     string     `json:"answer,omitempty"`
	Kind       string     `json:"kind"` // mixed, all-correct, all-wrong, unscored
	Mean       *float64   `json:"mean"` // nil when nothing is scored
	Std        float64    `json:"std"`
	Total      int        `json:"total"` // responses in the record (Responses may be fewer)
	Responses  []Response `json:"responses"`
}

// Response is one sampled response.
type Response struct {
	Text      string   `json:"text"`
	Truncated bool     `json:"truncated,omitempty"`
	Chars     int      `json:"chars"`
	Score     *float64 `json:"score"`
	Correct   bool     `json:"correct"`
	Verifier  string   `json:"verifier,omitempty"`
	Reason    string   `json:"reason,omitempty"`
	Extracted string   `json:"extracted,omitempty"`
}

// Opener opens an input by name; nil means jsonl.Open.
type Opener func(name string) (*jsonl.Reader, error)

// Collect reads the files in one streaming pass and returns the report data.
// Memory holds only aggregates and the sample. A line that is not a valid
// record stops the report with FILE:LINE: field: message unless the reader
// skips bad records, and then the page lists them (Data.Malformed, with the
// first few located); an input without records is an error (jsonl's policy).
func Collect(ctx context.Context, files []string, cfg Config, open Opener) (*Data, error) {
	if open == nil {
		open = jsonl.Open
	}
	b := NewBuilder(cfg)
	var skipped *jsonl.Skipped
	for _, name := range files {
		sk, err := collectFile(ctx, name, cfg, open, b)
		if err != nil {
			return nil, err
		}
		skipped = sk
	}
	if skipped != nil {
		b.malformed(skipped)
	}
	return b.Data(), nil
}

// collectFile adds one input's records; it returns where the reader counts
// the bad records it skips (nil when they stop the report).
func collectFile(ctx context.Context, name string, cfg Config, open Opener, b *Builder) (*jsonl.Skipped, error) {
	r, err := open(name)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	file := r.Name()
	b.files = append(b.files, file)
	decode := func(l jsonl.Line) (*observed, error) {
		rec, err := record.Decode(l.Data)
		if err != nil {
			return nil, jsonl.Bad(err)
		}
		return observe(rec), nil
	}
	return r.Skipped(), jsonl.ParallelMap(ctx, r, jsonl.Options{Workers: cfg.Workers}, decode, func(line int, o *observed) error {
		b.add(file, line, o)
		return nil
	})
}

// Builder accumulates report data record by record.
type Builder struct {
	cfg   Config
	files []string
	d     Data

	scoreSum, stdSum     float64
	lenSum               float64
	lenCorrect, lenWrong struct {
		sum float64
		n   int
	}
	lenMin, lenMax int
	lenN           int

	categories, difficulties map[string]*bucketAcc
	verifiers                map[string]int
	reasons                  map[string]*Reason

	rng  *rand.Rand
	seen int // groups offered to the reservoir
	pool []sampled
}

type sampled struct {
	order int
	g     Group
}

type bucketAcc struct {
	Bucket
	scoreSum float64
}

// NewBuilder starts an empty report.
func NewBuilder(cfg Config) *Builder {
	if cfg.Sample == 0 {
		cfg.Sample = DefaultSample
	}
	if cfg.MaxText <= 0 {
		cfg.MaxText = defaultMaxText
	}
	b := &Builder{
		cfg:          cfg,
		categories:   map[string]*bucketAcc{},
		difficulties: map[string]*bucketAcc{},
		verifiers:    map[string]int{},
		reasons:      map[string]*Reason{},
		rng:          rand.New(rand.NewPCG(cfg.Seed, 0x9e3779b97f4a7c15)),
		lenMin:       -1,
	}
	b.d.ScoreHist = make([]Bin, scoreBins)
	for i := range b.d.ScoreHist {
		lo, hi := float64(i)/scoreBins, float64(i+1)/scoreBins
		b.d.ScoreHist[i] = Bin{Label: fmtFrac(lo) + "–" + fmtFrac(hi), Lo: lo, Hi: hi}
	}
	b.d.StdHist = make([]Bin, stdBins+1)
	b.d.StdHist[0] = Bin{Label: "0", Lo: 0, Hi: 0}
	for i := 1; i <= stdBins; i++ {
		lo, hi := float64(i-1)*stdBinWidth, float64(i)*stdBinWidth
		b.d.StdHist[i] = Bin{Label: fmtFrac(lo) + "–" + fmtFrac(hi), Lo: round6(lo), Hi: round6(hi)}
	}
	b.d.LengthHist = make([]Bin, len(lengthEdges))
	for i, lo := range lengthEdges {
		bin := Bin{Lo: float64(lo), Hi: math.Inf(1)}
		if i+1 < len(lengthEdges) {
			bin.Hi = float64(lengthEdges[i+1])
			bin.Label = fmtChars(lo) + "–" + fmtChars(lengthEdges[i+1])
		} else {
			bin.Label = fmtChars(lo) + "+"
			bin.Hi = 0 // JSON has no infinity: 0 means unbounded
		}
		b.d.LengthHist[i] = bin
	}
	return b
}

// observed is what a worker extracts from one record.
type observed struct {
	rec       *record.Record
	responses []respObs
	scored    int
	correct   int
	sum       float64
	std       float64
}

type respObs struct {
	chars    int
	score    *float64
	correct  bool
	verifier string
	reason   string // full reason
	extract  string
	hasMeta  bool
}

// verifierMeta is the part of metadata.verifier the report reads.
type verifierMeta struct {
	Name      string `json:"name"`
	Extracted string `json:"extracted"`
	Reason    string `json:"reason"`
}

func observe(rec *record.Record) *observed {
	o := &observed{rec: rec, responses: make([]respObs, len(rec.Responses))}
	for i := range rec.Responses {
		r := &rec.Responses[i]
		ro := respObs{chars: utf8.RuneCountInString(r.Text), score: r.Score, correct: isCorrect(r)}
		if raw, ok := r.Metadata.Get("verifier"); ok {
			var m verifierMeta
			if json.Unmarshal(raw, &m) == nil {
				ro.hasMeta = true
				ro.verifier, ro.reason, ro.extract = m.Name, m.Reason, m.Extracted
			}
		}
		if r.Score != nil {
			o.scored++
			o.sum += *r.Score
			if ro.correct {
				o.correct++
			}
		}
		o.responses[i] = ro
	}
	if o.scored > 0 {
		mean := o.sum / float64(o.scored)
		var ss float64
		for _, ro := range o.responses {
			if ro.score != nil {
				d := *ro.score - mean
				ss += d * d
			}
		}
		o.std = math.Sqrt(ss / float64(o.scored))
	}
	return o
}

// isCorrect is the rule of the stats package: the "correct" flag when
// present, else score == 1; an unscored response is never correct.
func isCorrect(r *record.Response) bool {
	if r.Score == nil {
		return false
	}
	if r.Correct != nil {
		return *r.Correct
	}
	return *r.Score == 1
}

// malformed records the bad records the run skipped, for the page.
func (b *Builder) malformed(s *jsonl.Skipped) {
	b.d.Malformed = s.N()
	b.d.MalformedExamples = b.d.MalformedExamples[:0]
	for _, e := range s.Examples() {
		if len(b.d.MalformedExamples) < maxMalformedExamples {
			msg, _ := truncate(e, 300)
			b.d.MalformedExamples = append(b.d.MalformedExamples, msg)
		}
	}
}

// Add adds one record (file and line locate it in the sample).
func (b *Builder) Add(file string, line int, rec *record.Record) { b.add(file, line, observe(rec)) }

func (b *Builder) add(file string, line int, o *observed) {
	d := &b.d
	rec := o.rec
	d.Records++
	d.Responses += len(o.responses)
	d.Scored += o.scored
	d.Unscored += len(o.responses) - o.scored
	d.Correct += o.correct
	d.Incorrect += o.scored - o.correct
	b.scoreSum += o.sum
	switch {
	case o.scored == 0:
		d.GroupsUnscored++
	case o.scored == len(o.responses):
		d.GroupsFullyScored++
	default:
		d.GroupsPartlyScored++
	}
	zero := false
	if o.scored >= 2 {
		d.VarianceGroups++
		b.stdSum += o.std
		zero = o.std == 0
		if zero {
			d.ZeroVarianceGroups++
			d.StdHist[0].Count++
		} else {
			i := int(math.Ceil(o.std/stdBinWidth - 1e-9)) // (0,.05] is bin 1
			d.StdHist[clamp(i, 1, stdBins)].Count++
		}
		switch o.correct {
		case o.scored:
			d.AllCorrectGroups++
		case 0:
			d.AllWrongGroups++
		}
	}
	for _, ro := range o.responses {
		if ro.score != nil {
			i := int(math.Floor(*ro.score * scoreBins))
			d.ScoreHist[clamp(i, 0, scoreBins-1)].Count++
		}
		b.addLength(ro)
		b.addReason(ro)
	}
	for _, acc := range []*bucketAcc{
		b.bucket(b.categories, rec.Category),
		b.bucket(b.difficulties, rec.Difficulty),
	} {
		acc.Groups++
		acc.Responses += len(o.responses)
		acc.Scored += o.scored
		acc.Correct += o.correct
		acc.scoreSum += o.sum
		if zero {
			acc.ZeroVariance++
		}
	}
	b.offer(file, line, o)
}

func (b *Builder) addLength(ro respObs) {
	n := ro.chars
	b.lenN++
	b.lenSum += float64(n)
	if b.lenMin < 0 || n < b.lenMin {
		b.lenMin = n
	}
	b.lenMax = max(b.lenMax, n)
	i := sort.SearchInts(lengthEdges, n+1) - 1
	b.d.LengthHist[clamp(i, 0, len(lengthEdges)-1)].Count++
	if ro.score != nil {
		acc := &b.lenWrong
		if ro.correct {
			acc = &b.lenCorrect
		}
		acc.sum += float64(n)
		acc.n++
	}
}

func (b *Builder) addReason(ro respObs) {
	key := noVerifierLabel
	if ro.hasMeta {
		b.verifiers[capLabel(b.verifiers, ro.verifier, len(b.verifiers))]++
		key = reasonKey(ro.reason)
	}
	r := b.reasons[key]
	if r == nil {
		if len(b.reasons) >= maxLabels {
			key = otherLabel
			r = b.reasons[key]
		}
		if r == nil {
			r = &Reason{Reason: key}
			b.reasons[key] = r
		}
	}
	r.Count++
	switch {
	case ro.score == nil:
		r.Unscored++
	case ro.correct:
		r.Correct++
	default:
		r.Incorrect++
	}
}

func capLabel(m map[string]int, label string, n int) string {
	if label == "" {
		label = noneLabel
	}
	if _, ok := m[label]; !ok && n >= maxLabels {
		return otherLabel
	}
	return label
}

// reasonKey groups reasons by their kind: the text before the first ":"
// ("mismatch: got 4, want 5" -> "mismatch"), as the verify summary does.
func reasonKey(r string) string {
	r = strings.TrimSpace(r)
	if i := strings.IndexByte(r, ':'); i > 0 {
		return strings.TrimSpace(r[:i])
	}
	if r == "" {
		return emptyReasonLabel
	}
	return r
}

func (b *Builder) bucket(m map[string]*bucketAcc, label string) *bucketAcc {
	label = strings.TrimSpace(label)
	if label == "" {
		label = noneLabel
	}
	acc := m[label]
	if acc == nil {
		if len(m) >= maxLabels {
			label = otherLabel
			acc = m[label]
		}
		if acc == nil {
			acc = &bucketAcc{Bucket: Bucket{Name: label}}
			m[label] = acc
		}
	}
	return acc
}

// offer runs one step of reservoir sampling (Algorithm R): every group ends
// up in the sample with the same probability, in one pass, deterministically
// for a seed.
func (b *Builder) offer(file string, line int, o *observed) {
	k := b.cfg.Sample
	if k <= 0 {
		return
	}
	n := b.seen
	b.seen++
	if n < k {
		b.pool = append(b.pool, sampled{order: n, g: b.group(file, line, o)})
		return
	}
	if j := b.rng.IntN(n + 1); j < k {
		b.pool[j] = sampled{order: n, g: b.group(file, line, o)}
	}
}

func (b *Builder) group(file string, line int, o *observed) Group {
	rec := o.rec
	g := Group{
		File: file, Line: line, Key: rec.Key(),
		Category: rec.Category, Difficulty: rec.Difficulty,
		Kind:  groupKind(o),
		Total: len(o.responses),
		Std:   round6(o.std),
	}
	g.Answer, _ = rec.Reference()
	g.Answer, _ = truncate(g.Answer, 500)
	prompt := rec.Prompt.Text
	if rec.Prompt.IsChat() {
		parts := make([]string, len(rec.Prompt.Messages))
		for i, m := range rec.Prompt.Messages {
			parts[i] = "[" + m.Role + "] " + m.Content
		}
		prompt = strings.Join(parts, "\n\n")
	}
	g.Prompt, g.Truncated = truncate(prompt, b.cfg.MaxText)
	if o.scored > 0 {
		m := round6(o.sum / float64(o.scored))
		g.Mean = &m
	}
	n := min(len(o.responses), maxSampleResponses)
	g.Responses = make([]Response, n)
	for i := range n {
		ro := o.responses[i]
		text, cut := truncate(rec.Responses[i].Text, b.cfg.MaxText)
		extracted, _ := truncate(ro.extract, 200)
		reason, _ := truncate(ro.reason, 300)
		g.Responses[i] = Response{
			Text: text, Truncated: cut, Chars: ro.chars,
			Score: ro.score, Correct: ro.correct,
			Verifier: ro.verifier, Reason: reason, Extracted: extracted,
		}
	}
	return g
}

func groupKind(o *observed) string {
	switch {
	case o.scored == 0:
		return "unscored"
	case o.correct == o.scored:
		return "all-correct"
	case o.correct == 0:
		return "all-wrong"
	}
	return "mixed"
}

// truncate cuts s to at most n characters.
func truncate(s string, n int) (string, bool) {
	if len(s) <= n {
		return s, false
	}
	i := 0
	for j := range s {
		if i == n {
			return s[:j], true
		}
		i++
	}
	return s, false
}

// Data finishes the aggregates. The builder should not be used afterwards.
func (b *Builder) Data() *Data {
	d := b.d
	d.Title = b.cfg.Title
	if d.Title == "" {
		d.Title = "grpodata report"
	}
	d.Files = append([]string{}, b.files...)
	d.Coverage = ratio(float64(d.Scored), d.Responses)
	d.PassRate = ratio(float64(d.Correct), d.Scored)
	d.MeanScore = ratio(b.scoreSum, d.Scored)
	d.MeanGroupStd = ratio(b.stdSum, d.VarianceGroups)
	d.Length = Lengths{
		Mean:          round1(ratio(b.lenSum, b.lenN)),
		Min:           max(b.lenMin, 0),
		Max:           b.lenMax,
		MeanCorrect:   round1(ratio(b.lenCorrect.sum, b.lenCorrect.n)),
		MeanIncorrect: round1(ratio(b.lenWrong.sum, b.lenWrong.n)),
	}
	d.ByCategory = buckets(b.categories, func(a, c Bucket) bool {
		if a.Groups != c.Groups {
			return a.Groups > c.Groups
		}
		return a.Name < c.Name
	})
	d.ByDifficulty = buckets(b.difficulties, func(a, c Bucket) bool {
		ra, rc := difficultyRank(a.Name), difficultyRank(c.Name)
		if ra != rc {
			return ra < rc
		}
		return a.Name < c.Name
	})
	d.Verifiers = []Count{}
	for name, n := range b.verifiers {
		d.Verifiers = append(d.Verifiers, Count{Name: name, Count: n})
	}
	sort.Slice(d.Verifiers, func(i, j int) bool {
		if d.Verifiers[i].Count != d.Verifiers[j].Count {
			return d.Verifiers[i].Count > d.Verifiers[j].Count
		}
		return d.Verifiers[i].Name < d.Verifiers[j].Name
	})
	d.Reasons = []Reason{}
	for _, r := range b.reasons {
		d.Reasons = append(d.Reasons, *r)
	}
	sort.Slice(d.Reasons, func(i, j int) bool {
		if d.Reasons[i].Count != d.Reasons[j].Count {
			return d.Reasons[i].Count > d.Reasons[j].Count
		}
		return d.Reasons[i].Reason < d.Reasons[j].Reason
	})
	pool := append([]sampled(nil), b.pool...)
	sort.Slice(pool, func(i, j int) bool { return pool[i].order < pool[j].order })
	d.Sample = make([]Group, len(pool))
	for i, s := range pool {
		d.Sample[i] = s.g
	}
	d.SampleSeed = b.cfg.Seed
	d.MalformedExamples = append([]string{}, d.MalformedExamples...)
	return &d
}

func buckets(m map[string]*bucketAcc, less func(a, b Bucket) bool) []Bucket {
	out := make([]Bucket, 0, len(m))
	for _, acc := range m {
		bk := acc.Bucket
		bk.PassRate = ratio(float64(bk.Correct), bk.Scored)
		bk.MeanScore = ratio(acc.scoreSum, bk.Scored)
		out = append(out, bk)
	}
	sort.Slice(out, func(i, j int) bool { return less(out[i], out[j]) })
	return out
}

// difficultyRank orders the usual difficulty labels from easy to hard; other
// labels follow in name order, "(none)" and "(other)" last.
func difficultyRank(name string) int {
	switch strings.ToLower(name) {
	case "trivial", "very easy", "very_easy":
		return 0
	case "easy", "introductory", "level 1":
		return 1
	case "level 2":
		return 2
	case "medium", "moderate", "interview", "level 3":
		return 3
	case "level 4":
		return 4
	case "hard", "difficult", "competition", "level 5":
		return 5
	case "very hard", "very_hard", "expert":
		return 6
	case noneLabel, otherLabel:
		return 9
	}
	return 7
}

func ratio(n float64, d int) float64 {
	if d == 0 {
		return 0
	}
	return round6(n / float64(d))
}

func round6(x float64) float64 { return math.Round(x*1e6) / 1e6 }
func round1(x float64) float64 { return math.Round(x*10) / 10 }

func clamp(i, lo, hi int) int { return min(max(i, lo), hi) }
