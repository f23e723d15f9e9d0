package verify

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/grpodata/grpodata/internal/human"
	"github.com/grpodata/grpodata/jsonl"
	"github.com/grpodata/grpodata/record"
)

// Config is the verify stage's configuration.
type Config struct {
	Verifier    string  `yaml:"verifier" help:"verifier name (see Verifiers), exec:PATH, or a weighted combination: symbolic_math:0.9,format:0.1"`
	Options     Options `yaml:",inline"`
	OnlyMissing bool    `yaml:"only_missing" help:"verify only responses without a score"`
	Workers     int     `yaml:"workers" help:"records verified in parallel (default: all cores)"`
	NoTiming    bool    `yaml:"no_timing" help:"leave out the time each verdict took (metadata.verifier.ms), so a rerun or a merge of shards writes the same bytes"`
	// Set holds verifier-specific settings as key=value (--set), read into
	// Options.Settings by Run.
	Set []string `yaml:"set" help:"verifier-specific setting key=value (repeatable)"`
}

// DefaultConfig holds the command's defaults: symbolic math, 1 s per
// response.
func DefaultConfig() Config {
	return Config{Verifier: "symbolic_math", Options: Options{Timeout: time.Second, JudgeWhen: "always"}}
}

// settings reads Set into Options.Settings.
func (c *Config) settings() error {
	if len(c.Set) == 0 {
		return nil
	}
	if c.Options.Settings == nil {
		c.Options.Settings = map[string]string{}
	}
	for _, kv := range c.Set {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return fmt.Errorf("--set %q: want key=value", kv)
		}
		c.Options.Settings[k] = v
	}
	return nil
}

// Summary counts what a run did.
type Summary struct {
	Records   int            `json:"records"`
	Responses int            `json:"responses"`
	Checked   int            `json:"checked"` // responses this run verified
	Kept      int            `json:"kept"`    // responses skipped by --only-missing
	Scored    int            `json:"scored"`  // responses with a score after the run
	Correct   int            `json:"correct"` // responses with score 1 after the run
	Reasons   map[string]int `json:"reasons"` // reasons of this run's verdicts
	Elapsed   time.Duration  `json:"elapsed_ns"`
	CheckTime time.Duration  `json:"check_time_ns"` // summed time inside the verifier
}

// Coverage is the percent of responses with a score.
func (s *Summary) Coverage() float64 { return human.Percent(s.Scored, s.Responses) }

// PassRate is the percent of scored responses that are correct.
func (s *Summary) PassRate() float64 { return human.Percent(s.Correct, s.Scored) }

// WriteText renders the end-of-run summary.
func (s *Summary) WriteText(w io.Writer) {
	fmt.Fprintf(w, "verified %d responses in %d records in %s", s.Checked, s.Records, s.Elapsed.Round(time.Millisecond))
	if s.Kept > 0 {
		fmt.Fprintf(w, " (%d already scored, kept)", s.Kept)
	}
	fmt.Fprintf(w, "\ncoverage %.1f%% (%d of %d scored), pass rate %.1f%% (%d correct)\n",
		s.Coverage(), s.Scored, s.Responses, s.PassRate(), s.Correct)
	if s.Checked > 0 {
		fmt.Fprintf(w, "mean time per check %s\n", (s.CheckTime / time.Duration(s.Checked)).Round(time.Microsecond))
	}
	type kv struct {
		k string
		v int
	}
	var rs []kv
	for k, v := range s.Reasons {
		rs = append(rs, kv{k, v})
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i].v > rs[j].v || rs[i].v == rs[j].v && rs[i].k < rs[j].k })
	if len(rs) > 0 {
		fmt.Fprintln(w, "reasons:")
	}
	for _, r := range rs {
		fmt.Fprintf(w, "  %7d  %s\n", r.v, r.k)
	}
}

// Metadata is what the runner records in metadata.verifier.
type Metadata struct {
	Name      string  `json:"name"`
	Extracted string  `json:"extracted"`
	Reason    string  `json:"reason"`
	Ms        float64 `json:"ms"`
	// Parts are a combination's verdicts, one per part.
	Parts []PartVerdict `json:"parts,omitempty"`
}

// Run verifies every record of the source into the sink (atomic; "-" is
// its stream). A malformed input line stops the run with its file, line and
// field, unless the source skips bad records.
func Run(ctx context.Context, src jsonl.Source, out jsonl.Sink, cfg Config) (*Summary, error) {
	plan, err := Resolve(cfg.Verifier)
	if err != nil {
		return nil, err
	}
	if cfg.Options.Timeout <= 0 {
		cfg.Options.Timeout = time.Second
	}
	if err := cfg.settings(); err != nil {
		return nil, err
	}
	if err := checkSettings(plan, cfg.Options); err != nil {
		return nil, err
	}
	cfg.Options.Workers = cfg.Workers
	v, err := plan.New(cfg.Options)
	if err != nil {
		return nil, err
	}
	if c, ok := v.(io.Closer); ok {
		defer c.Close() // a plugin's programs, a sandbox
	}
	w, err := out.Create()
	if err != nil {
		return nil, err
	}
	defer w.Close()
	start := time.Now()
	sum := &Summary{Reasons: map[string]int{}}
	for _, in := range src.Files {
		if err := runFile(ctx, src, in, w, v, plan.Name(), cfg, sum); err != nil {
			return nil, err
		}
	}
	if err := w.Commit(); err != nil {
		return nil, err
	}
	sum.Elapsed = time.Since(start)
	return sum, nil
}

type verified struct {
	line    []byte
	rec     *record.Record
	checked int
	reasons []string
	took    time.Duration
}

func runFile(ctx context.Context, src jsonl.Source, in string, w *jsonl.Writer, v Verifier, name string, cfg Config, sum *Summary) error {
	r, err := src.Open(in)
	if err != nil {
		return err
	}
	defer r.Close()
	work := func(l jsonl.Line) (verified, error) {
		rec, err := record.Decode(l.Data)
		if err != nil {
			return verified{}, jsonl.Bad(err)
		}
		res := verified{rec: rec}
		_, hadReference := rec.Reference()
		derived := ""
		for i := range rec.Responses {
			resp := &rec.Responses[i]
			if cfg.OnlyMissing && resp.Score != nil {
				continue
			}
			d, verdict := checkOne(ctx, v, name, cfg.Options.Timeout, rec, resp)
			if cfg.NoTiming {
				dropTiming(resp)
			}
			res.checked++
			res.took += d
			res.reasons = append(res.reasons, verdict.Reason)
			if verdict.Reference != "" && derived == "" {
				derived = verdict.Reference
			}
		}
		if !hadReference && derived != "" {
			recordDerivedReference(rec, derived, name)
		}
		res.line = rec.AppendJSON(nil)
		return res, nil
	}
	return jsonl.ParallelMap(ctx, r, jsonl.Options{Workers: cfg.Workers, ChunkBytes: 64 << 10}, work, func(_ int, res verified) error {
		sum.Records++
		sum.Responses += len(res.rec.Responses)
		sum.Checked += res.checked
		sum.Kept += len(res.rec.Responses) - res.checked
		sum.CheckTime += res.took
		for _, reason := range res.reasons {
			sum.Reasons[reasonKey(reason)]++
		}
		for _, resp := range res.rec.Responses {
			if resp.Score != nil {
				sum.Scored++
				if *resp.Score == 1 {
					sum.Correct++
				}
			}
		}
		return w.WriteLine(res.line)
	})
}

// reasonKey groups reasons for the summary: the text before a colon, so
// "not equivalent: 5 vs 6" counts as "not equivalent".
func reasonKey(r string) string {
	if i := strings.IndexByte(r, ':'); i > 0 {
		return r[:i]
	}
	if r == "" {
		return "(no reason)"
	}
	return r
}

var leaked atomic.Int64

// checkOne runs the verifier on one response within the time budget and
// writes the verdict into it. A verifier that overruns its deadline is
// abandoned (its verdict, if it ever comes, is dropped): the response keeps
// no score and the reason "timeout".
func checkOne(ctx context.Context, v Verifier, name string, budget time.Duration, rec *record.Record, resp *record.Response) (time.Duration, Verdict) {
	if b, ok := v.(Budgeter); ok {
		budget = b.Budget(rec, budget)
	}
	cctx, cancel := context.WithTimeout(ctx, budget)
	defer cancel()
	start := time.Now()
	done := make(chan Verdict, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- Undecided("", fmt.Sprintf("verifier error: %v", p))
			}
		}()
		done <- v.Verify(cctx, rec, resp)
	}()
	var verdict Verdict
	select {
	case verdict = <-done:
	case <-cctx.Done():
		// Give a cooperative verifier a moment to return its own verdict.
		select {
		case verdict = <-done:
		case <-time.After(budget/10 + 50*time.Millisecond):
			leaked.Add(1)
			verdict = Undecided("", "timeout")
		}
	}
	took := time.Since(start)
	apply(resp, verdict, name, took)
	return took, verdict
}

// recordDerivedReference stores a reference the verifier solved for a record
// that had none, in its answer field, and says so in the record's metadata
// (metadata.answer_source), so a derived answer is never mistaken for one
// the data set shipped.
func recordDerivedReference(rec *record.Record, ref, verifier string) {
	meta := record.Fields{}
	if raw, ok := rec.Extra.Get("metadata"); ok {
		if meta.UnmarshalJSON(raw) != nil {
			return // metadata is not an object: leave the record as it was
		}
	}
	rec.Answer = ref
	meta.Set("answer_source", "solved by "+verifier)
	raw, _ := meta.MarshalJSON()
	rec.Extra.SetRaw("metadata", raw)
}

func apply(resp *record.Response, v Verdict, name string, took time.Duration) {
	if v.Score != nil && (math.IsNaN(*v.Score) || *v.Score < 0 || *v.Score > 1) {
		v = Undecided(v.Extracted, fmt.Sprintf("verifier error: score %v outside [0,1]", *v.Score))
	}
	resp.Score = v.Score
	resp.Correct = v.Correct
	if v.Output != "" {
		resp.ExecutionOutput = v.Output
	}
	raw, _ := json.Marshal(Metadata{Name: name, Extracted: v.Extracted, Reason: v.Reason, Ms: math.Round(float64(took.Microseconds())) / 1000, Parts: v.Parts})
	if resp.Metadata == nil {
		resp.Metadata = record.Fields{}
	}
	resp.Metadata.SetRaw("verifier", raw)
}
