package report

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strings"

	"github.com/grpodata/grpodata/jsonl"
	"github.com/grpodata/grpodata/record"
	"github.com/grpodata/grpodata/stats"
	"github.com/grpodata/grpodata/tokenize"
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
	// Tokenizer counts response lengths in tokens (package tokenize's
	// specs); empty means lengths in characters only.
	Tokenizer string `yaml:"tokenizer" help:"response lengths in tokens: o200k, cl100k, estimate or a tokenizer.json path (default: characters)"`
	// Stage says what the input is (the page's subtitle), e.g. "verify
	// output, before filtering"; empty means "input".
	Stage string `yaml:"stage_label" help:"what the input is, shown under the title (default \"input\")"`
	// Filtered is the filter stage's output: when set, the page compares
	// the groups before filtering (the input) with those after.
	Filtered string `yaml:"filtered" help:"the filter's output file, to show the groups before and after filtering"`
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

// tokenEdges are the lower edges of the response-length bins in tokens:
// powers of two, as trainers' response length limits are.
var tokenEdges = []int{0, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768}

// Data is everything the report shows: aggregates and the sample. It is
// deterministic for a given input, Sample and Seed, and is embedded in the
// HTML as JSON (the report's data section).
type Data struct {
	Title     string   `json:"title"`
	Stage     string   `json:"stage"` // what the input is (Config.Stage; "input" by default)
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

	// What trainers log, as package stats computes it.
	PassAtK   []stats.PassK `json:"pass_at_k"`  // unbiased pass@k, k in stats.DefaultKs up to the group size
	RewardStd float64       `json:"reward_std"` // population std of all scored responses' scores

	// GRPO advantages (r-mean)/(std+eps) of every scored response within
	// its group (stats.DefaultAdvantage: population std, eps 1e-6).
	AdvantageHist  []Bin `json:"advantage_hist"`  // first and last bins open; the middle bin holds exact zeros
	FlatAdvantages int   `json:"flat_advantages"` // advantages that are 0 because the group's scores are all equal

	// Truncation: responses the generator stopped at its length limit.
	Truncated        int     `json:"truncated"`          // metadata.finish_reason == "length"
	WithFinishReason int     `json:"with_finish_reason"` // responses with a metadata.finish_reason
	TruncationRate   float64 `json:"truncation_rate"`    // Truncated / Responses

	ScoreHist  []Bin   `json:"score_hist"`  // scored responses by score
	StdHist    []Bin   `json:"std_hist"`    // groups by the std of their scores
	LengthHist []Bin   `json:"length_hist"` // responses by length in characters
	Length     Lengths `json:"length"`
	// With Config.Tokenizer: lengths in tokens of that tokenizer.
	Tokenizer string   `json:"tokenizer,omitempty"`
	TokenHist []Bin    `json:"token_hist,omitempty"`
	Tokens    *Lengths `json:"tokens,omitempty"`

	// With Config.Filtered: the input (before filtering) and the filter's
	// output side by side.
	Filtering *Filtering `json:"filtering,omitempty"`

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

// Filtering compares the groups before filtering (the report's input) with
// those the filter kept, with package stats' definitions for both.
type Filtering struct {
	Before     stats.Dist `json:"before"`
	AfterFiles []string   `json:"after_files"`
	After      stats.Dist `json:"after"`
}

// Lengths summarises response lengths (in characters, or in tokens).
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

	PassAtK        []stats.PassK `json:"pass_at_k"`
	Truncated      int           `json:"truncated"`       // finish_reason "length"
	TruncationRate float64       `json:"truncation_rate"` // Truncated / Responses
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
	Tokens    int      `json:"tokens,omitempty"`        // with Config.Tokenizer
	Finish    string   `json:"finish_reason,omitempty"` // metadata.finish_reason
	Advantage *float64 `json:"advantage,omitempty"`     // GRPO, scored responses only
}

// Opener opens an input by name; nil means jsonl.Open.
type Opener = jsonl.Opener

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
	if cfg.Tokenizer != "" {
		c, err := tokenize.New(cfg.Tokenizer)
		if err != nil {
			return nil, fmt.Errorf("--tokenizer: %w", err)
		}
		b.Count(c.Name(), c)
	}
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
	d := b.Data()
	if cfg.Filtered != "" {
		after, err := stats.Run(ctx, []string{cfg.Filtered}, stats.Config{Workers: cfg.Workers}, stats.Opener(open), nil)
		if err != nil {
			return nil, fmt.Errorf("--filtered: %w", err)
		}
		d.Filtering = &Filtering{Before: b.acc.Result().Overall, AfterFiles: after.Files, After: after.Overall}
	}
	return d, nil
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
		return observe(rec, b.counter), nil
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

	scoreSum, stdSum float64
	chars, tokens    *lengthAcc // tokens with a counter only

	counter   stats.Counter
	tokenizer string
	acc       *stats.Accumulator // pass@k, reward std: the stats package's figures

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
		chars:        newLengthAcc(lengthEdges),
		acc:          stats.NewAccumulator(stats.Options{}),
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
	b.d.AdvantageHist = advantageBins()
	return b
}

// Count measures response lengths in tokens too, with c (name says which
// tokenizer); call it before adding records.
func (b *Builder) Count(name string, c stats.Counter) {
	b.counter, b.tokenizer = c, name
	b.tokens = newLengthAcc(tokenEdges)
}

// observed is what a worker extracts from one record.
type observed struct {
	rec       *record.Record
	sample    *stats.Sample // stats' view: group statistics, scores, lengths
	responses []respObs
	scored    int
	correct   int
	sum       float64
	std       float64
	adv       []float64 // GRPO advantages of the scored responses, in order
	truncated int       // responses with finish_reason "length"
}

type respObs struct {
	chars    int
	tokens   int
	score    *float64
	correct  bool
	verifier string
	reason   string // full reason
	extract  string
	hasMeta  bool
	finish   string // metadata.finish_reason
	adv      *float64
}

// verifierMeta is the part of metadata.verifier the report reads.
type verifierMeta struct {
	Name      string `json:"name"`
	Extracted string `json:"extracted"`
	Reason    string `json:"reason"`
}

// observe measures one record (tc may be nil). Correctness, group std,
// advantages and token counts are package stats' (stats.Measure).
func observe(rec *record.Record, tc stats.Counter) *observed {
	s := stats.Measure(rec, tc)
	o := &observed{rec: rec, sample: s, responses: make([]respObs, len(rec.Responses)),
		scored: s.Group.Scored, correct: s.Group.Correct, std: s.Group.Std}
	o.adv = stats.DefaultAdvantage().Compute(s.Scores, make([]float64, 0, len(s.Scores)))
	j := 0 // index into the scored responses
	for i := range rec.Responses {
		r := &rec.Responses[i]
		l := s.Lengths[i]
		ro := respObs{chars: l.Chars, tokens: l.Tokens, score: r.Score, correct: l.Correct}
		if raw, ok := r.Metadata.Get("verifier"); ok {
			var m verifierMeta
			if json.Unmarshal(raw, &m) == nil {
				ro.hasMeta = true
				ro.verifier, ro.reason, ro.extract = m.Name, m.Reason, m.Extracted
			}
		}
		ro.finish = finishReason(r)
		if ro.finish == "length" {
			o.truncated++
		}
		if r.Score != nil {
			o.sum += *r.Score
			ro.adv = &o.adv[j]
			j++
		}
		o.responses[i] = ro
	}
	return o
}

// finishReason is metadata.finish_reason (generate records the backend's),
// "" when absent or not a string.
func finishReason(r *record.Response) string {
	raw, ok := r.Metadata.Get("finish_reason")
	if !ok {
		return ""
	}
	var f string
	if json.Unmarshal(raw, &f) != nil {
		return ""
	}
	return f
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
func (b *Builder) Add(file string, line int, rec *record.Record) {
	b.add(file, line, observe(rec, b.counter))
}

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
		b.chars.add(ro.chars, ro)
		if b.tokens != nil {
			b.tokens.add(ro.tokens, ro)
		}
		b.addReason(ro)
	}
	b.addSignal(o)
	cat, diff := b.bucket(b.categories, rec.Category), b.bucket(b.difficulties, rec.Difficulty)
	for _, acc := range []*bucketAcc{cat, diff} {
		acc.Groups++
		acc.Responses += len(o.responses)
		acc.Scored += o.scored
		acc.Correct += o.correct
		acc.scoreSum += o.sum
		acc.Truncated += o.truncated
		if zero {
			acc.ZeroVariance++
		}
	}
	// stats sees the report's labels (trimmed, at most maxLabels), so its
	// per-category pass@k matches the report's buckets and stays bounded.
	o.sample.Category, o.sample.Difficulty = cat.Name, diff.Name
	b.acc.AddSample(o.sample)
	b.offer(file, line, o)
}

func (b *Builder) addReason(ro respObs) {
	key := ReasonLabel(ro.hasMeta, ro.reason)
	if ro.hasMeta {
		b.verifiers[capLabel(b.verifiers, ro.verifier, len(b.verifiers))]++
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

// ReasonLabel is the failure-reason label the report counts a response
// under: its metadata.verifier.reason up to the first ":", or "(no verifier
// metadata)" when it has no metadata.verifier (hasVerifier false).
func ReasonLabel(hasVerifier bool, reason string) string {
	if !hasVerifier {
		return noVerifierLabel
	}
	return reasonKey(reason)
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
			Text: text, Truncated: cut, Chars: ro.chars, Tokens: ro.tokens,
			Score: ro.score, Correct: ro.correct,
			Verifier: ro.verifier, Reason: reason, Extracted: extracted,
			Finish: shorten(ro.finish, 40), Advantage: roundPtr(ro.adv),
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
	d.Stage = stageLabel(b.cfg, b.files)
	d.Files = append([]string{}, b.files...)
	d.Coverage = ratio(float64(d.Scored), d.Responses)
	d.PassRate = ratio(float64(d.Correct), d.Scored)
	d.MeanScore = ratio(b.scoreSum, d.Scored)
	d.MeanGroupStd = ratio(b.stdSum, d.VarianceGroups)
	d.LengthHist, d.Length = b.chars.result()
	if b.tokens != nil {
		hist, l := b.tokens.result()
		d.Tokenizer, d.TokenHist, d.Tokens = b.tokenizer, hist, &l
	}
	st := b.acc.Result()
	d.PassAtK, d.RewardStd = st.Overall.PassAtK, st.ScoreStd
	d.TruncationRate = ratio(float64(d.Truncated), d.Responses)
	d.AdvantageHist = append([]Bin(nil), d.AdvantageHist...)
	d.ByCategory = buckets(b.categories, st.ByCategory, func(a, c Bucket) bool {
		if a.Groups != c.Groups {
			return a.Groups > c.Groups
		}
		return a.Name < c.Name
	})
	d.ByDifficulty = buckets(b.difficulties, st.ByDifficulty, func(a, c Bucket) bool {
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

func buckets(m map[string]*bucketAcc, dists []stats.Dist, less func(a, b Bucket) bool) []Bucket {
	passAtK := map[string][]stats.PassK{}
	for _, d := range dists {
		passAtK[d.Name] = d.PassAtK
	}
	out := make([]Bucket, 0, len(m))
	for _, acc := range m {
		bk := acc.Bucket
		bk.PassRate = ratio(float64(bk.Correct), bk.Scored)
		bk.MeanScore = ratio(acc.scoreSum, bk.Scored)
		bk.TruncationRate = ratio(float64(bk.Truncated), bk.Responses)
		bk.PassAtK = passAtK[bk.Name]
		if bk.PassAtK == nil {
			bk.PassAtK = []stats.PassK{}
		}
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
