// Package batchtest is the conformance suite every batch strategy runs in
// its own tests (as rclone's backends run fstests). Of a strategy's spec it
// checks that its knobs are describable (option.Fields, help on every knob,
// defaults that read back and join batch.Config's own keys) and that New
// succeeds on the defaults; of the strategy, with pgregory.net/rapid, that
// an Orderer returns a permutation of the order it is given and leaves the
// records' Meta alone, and that two strategies New makes decide alike; and
// of a batch run through batch.Run that every record lands in exactly one
// batch, byte for byte, no batch is empty, a streaming strategy (no
// Orderer) keeps the input order, the same input gives the same batches,
// and one record, many records, huge records and Unicode records and
// strata are all batched.
//
// The run checks need the strategy registered under its name (batch.Run
// looks it up); tokens are counted with tokenize.Estimate.
package batchtest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/grpodata/grpodata/batch"
	"github.com/grpodata/grpodata/jsonl"
	"github.com/grpodata/grpodata/option"
	"github.com/grpodata/grpodata/tokenize"
)

// Run checks spec against the contract, on its defaults and, when settings
// are given ("batch_size=3", as a pipeline block or --set gives them), on
// the configuration they make too: give knobs that cut small batches, so
// that a few dozen records span several.
func Run(t *testing.T, spec batch.Spec, settings ...string) {
	t.Helper()
	t.Run("spec", func(t *testing.T) { checkSpec(t, spec) })
	configs := [][]string{nil}
	if len(settings) > 0 {
		configs = append(configs, settings)
	}
	for _, set := range configs {
		name := "defaults"
		if set != nil {
			name = strings.Join(set, ",")
		}
		t.Run(name, func(t *testing.T) {
			cfg := Config(t, spec, set...)
			s, err := spec.New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			streaming := s.Orderer == nil
			t.Run("strategy", func(t *testing.T) { checkStrategy(t, spec, cfg) })
			if _, err := batch.Default.Lookup(spec.Name); err != nil {
				t.Fatalf("%v: batch.Run needs the strategy registered (batch.Register in init)", err)
			}
			t.Run("runs", func(t *testing.T) { checkRuns(t, cfg, streaming) })
			t.Run("one record", func(t *testing.T) { checkRecords(t, cfg, streaming, 1, plainRecord) })
			t.Run("many records", func(t *testing.T) { checkRecords(t, cfg, streaming, 2000, plainRecord) })
			t.Run("huge records", func(t *testing.T) { checkRecords(t, cfg, streaming, 3, hugeRecord) })
			t.Run("unicode", func(t *testing.T) { checkRecords(t, cfg, streaming, 40, unicodeRecord) })
		})
	}
}

// Config is a batch configuration choosing spec with its default knobs
// and then the settings ("key=value").
func Config(t testing.TB, spec batch.Spec, settings ...string) batch.Config {
	t.Helper()
	cfg := batch.Config{Strategy: spec.Name, Tokenizer: "estimate", Count: "prompt", Compress: "none"}
	if spec.Options != nil {
		cfg.Options.Add(spec.Name, spec.Options())
	}
	for _, kv := range settings {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			t.Fatalf("setting %q: want key=value", kv)
		}
		if err := option.Set(&cfg, k, v); err != nil {
			t.Fatalf("setting %s: %v", kv, err)
		}
	}
	return cfg
}

// checkSpec: a name and help for --help, knobs that describe themselves,
// and New succeeding on the defaults and on a literal Config.
func checkSpec(t *testing.T, spec batch.Spec) {
	if spec.Name == "" || spec.Help == "" || spec.New == nil {
		t.Fatalf("spec lacks a name, help or New: %+v", spec)
	}
	if spec.Options != nil {
		checkOptions(t, spec)
	}
	cfg := Config(t, spec)
	if _, err := option.Fields(&cfg); err != nil {
		t.Errorf("the knobs do not join batch.Config: %v", err)
	}
	if err := joinsRegistered(spec); err != nil {
		t.Errorf("the knobs do not join the registered strategies': %v", err)
	}
	for name, c := range map[string]batch.Config{"the defaults": cfg, "a literal Config (no knobs)": {Strategy: spec.Name}} {
		s, err := spec.New(c)
		if err != nil {
			t.Errorf("New fails on %s: %v", name, err)
			continue
		}
		checkStrategyShape(t, s)
	}
}

// checkOptions: each knob has a key and help, its described default reads
// back unchanged, and two calls of Options do not share a struct.
func checkOptions(t *testing.T, spec batch.Spec) {
	opts := spec.Options()
	fields, err := option.Fields(opts)
	if err != nil {
		t.Fatalf("Options: %v", err)
	}
	for _, f := range fields {
		if f.Key == "" || f.Help == "" {
			t.Errorf("knob %+v has no key or no help", f)
		}
		if err := option.Set(opts, f.Key, f.Default); err != nil {
			t.Errorf("knob %s: its default %q does not read back: %v", f.Key, f.Default, err)
		}
	}
	if again := option.MustFields(opts); !reflect.DeepEqual(describe(again), describe(fields)) {
		t.Errorf("setting the defaults changed them: %v, then %v", describe(fields), describe(again))
	}
	if len(fields) > 0 {
		other := spec.Options()
		option.Set(other, fields[0].Key, fields[0].Default+"1") // may fail; it must not reach opts either way
		if got := option.MustFields(opts)[0].Default; got != fields[0].Default {
			t.Errorf("two Options() results share state: %s changed to %q", fields[0].Key, got)
		}
	}
}

func describe(fs []option.Field) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Key+"="+f.Default)
	}
	return out
}

// joinsRegistered describes the batch stage's configuration with every
// registered strategy's knobs and spec's: a key several declare must have
// one type.
func joinsRegistered(spec batch.Spec) error {
	cfg := batch.DefaultConfig()
	if cfg.Options.Of(spec.Name) == nil && spec.Options != nil {
		cfg.Options.Add(spec.Name, spec.Options())
	}
	_, err := option.Fields(&cfg)
	return err
}

// checkStrategyShape: a Cutter, and a By label batch.Run knows.
func checkStrategyShape(t *testing.T, s batch.Strategy) {
	t.Helper()
	if s.Cutter == nil {
		t.Error("New returned a strategy without a Cutter")
	}
	switch s.By {
	case "", "difficulty", "category":
	default:
		t.Errorf("By = %q; batch.Run labels strata by difficulty or category only", s.By)
	}
}

// cut is what a strategy decides for metas: the final order, and for
// each record of it whether it starts a batch and its warning.
type cut struct {
	order []int
	cuts  []bool
	warns []string
}

func decide(t *rapid.T, spec batch.Spec, cfg batch.Config, metas []batch.Meta, order []int) cut {
	s, err := spec.New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	if s.Orderer != nil {
		given, before := slices.Clone(order), slices.Clone(metas)
		order = s.Orderer.Order(metas, slices.Clone(order))
		checkPermutation(t, given, order)
		if !reflect.DeepEqual(before, metas) {
			t.Fatal("Order changed the records' Meta")
		}
	}
	c := cut{order: order}
	for _, idx := range order {
		newBatch, warn := s.Cutter.Cut(metas[idx])
		c.cuts = append(c.cuts, newBatch)
		c.warns = append(c.warns, warn)
	}
	return c
}

func checkPermutation(t *rapid.T, given, got []int) {
	a, b := slices.Clone(given), slices.Clone(got)
	slices.Sort(a)
	slices.Sort(b)
	if !slices.Equal(a, b) {
		t.Fatalf("Order returned %v, not a permutation of %v", got, given)
	}
}

// checkStrategy drives the strategy itself on random records, in input
// or a shuffled order: Order permutes, and two strategies decide alike.
func checkStrategy(t *testing.T, spec batch.Spec, cfg batch.Config) {
	rapid.Check(t, func(t *rapid.T) {
		metas := genMetas(t)
		order := make([]int, len(metas))
		for i := range order {
			order[i] = i
		}
		if rapid.Bool().Draw(t, "shuffled") {
			order = rapid.Permutation(order).Draw(t, "order")
		}
		first, second := decide(t, spec, cfg, metas, order), decide(t, spec, cfg, metas, order)
		if !reflect.DeepEqual(first, second) {
			t.Fatalf("two strategies from New decide differently:\n%+v\n%+v", first, second)
		}
	})
}

var strata = []string{"easy", "medium", "hard", "(none)", "数学", "très difficile 🚀"}

func genMetas(t *rapid.T) []batch.Meta {
	n := rapid.IntRange(1, 300).Draw(t, "records")
	metas := make([]batch.Meta, n)
	for i := range metas {
		tokens := rapid.OneOf(rapid.IntRange(0, 100), rapid.IntRange(0, 1<<20)).Draw(t, "tokens")
		metas[i] = batch.Meta{Tokens: tokens, Stratum: rapid.SampledFrom(strata).Draw(t, "stratum"), Line: i + 1, File: "in.jsonl"}
	}
	return metas
}

// runCase is one random batch run: records, and how they are batched.
type runCase struct {
	lines    []string
	shuffle  bool
	seed     uint64
	compress string
}

var runCases = rapid.Custom(func(t *rapid.T) runCase {
	return runCase{lines: genLines(t), shuffle: rapid.Bool().Draw(t, "shuffle"), seed: rapid.Uint64().Draw(t, "seed"),
		compress: rapid.SampledFrom([]string{"none", "zst", "gz"}).Draw(t, "compress")}
})

// checkRuns: batch.Run twice on each of a few random inputs, shuffled or
// not (a few: a run writes and syncs files; the strategy's own decisions
// are checked on many inputs by checkStrategy).
func checkRuns(t *testing.T, cfg batch.Config, streaming bool) {
	for i := range 8 {
		rc := runCases.Example(i)
		c := cfg
		c.Shuffle, c.Seed, c.Compress = rc.shuffle, rc.seed, rc.compress
		dir := filepath.Join(t.TempDir(), fmt.Sprint(i))
		first := runBatches(t, c, dir, rc.lines, "a")
		checkBatches(t, rc.lines, first, streaming && !c.Shuffle)
		if again := runBatches(t, c, dir, rc.lines, "b"); !reflect.DeepEqual(first, again) {
			t.Fatalf("example %d: two runs over the same input give different batches", i)
		}
	}
}

func genLines(t *rapid.T) []string {
	n := rapid.IntRange(1, 80).Draw(t, "records")
	words := rapid.SampledFrom([]string{"what", "is", "2+3", "√2", "数学", "🚀", "x²", "\u202e", "\"q\"", "<b>", "\\boxed{5}"})
	lines := make([]string, n)
	for i := range lines {
		prompt := strings.Join(rapid.SliceOfN(words, 1, 40).Draw(t, "prompt"), " ")
		lines[i] = line(i, prompt, rapid.SampledFrom(strata).Draw(t, "difficulty"), rapid.SampledFrom(strata).Draw(t, "category"))
	}
	return lines
}

// line is one record: id r<i>, the prompt, two scored responses and its
// labels ("(none)" leaves the label out).
func line(i int, prompt, difficulty, category string) string {
	rec := map[string]any{"id": fmt.Sprintf("r%05d", i), "prompt": prompt,
		"responses": []map[string]any{{"text": "5", "score": 1.0}, {"text": "6", "score": 0.0}}}
	if difficulty != "(none)" {
		rec["difficulty"] = difficulty
	}
	if category != "(none)" {
		rec["category"] = category
	}
	b, err := json.Marshal(rec)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func plainRecord(i int) string {
	return line(i, fmt.Sprintf("What is %d+%d?", i, i), strata[i%3], strata[(i/3)%4])
}

// hugeRecord: the second record has a 4 MiB prompt, far over any budget.
func hugeRecord(i int) string {
	if i != 1 {
		return plainRecord(i)
	}
	return line(i, strings.Repeat("so the value is 7 and ", 4<<20/22), strata[i%3], "")
}

func unicodeRecord(i int) string {
	return line(i, fmt.Sprintf("√%d ≈ … 数学 🚀 \u0000 \u202e نعم", i), strata[i%len(strata)], strata[(i+2)%len(strata)])
}

// checkRecords batches n records made by mk.
func checkRecords(t *testing.T, cfg batch.Config, streaming bool, n int, mk func(int) string) {
	lines := make([]string, n)
	for i := range lines {
		lines[i] = mk(i)
	}
	checkBatches(t, lines, runBatches(t, cfg, t.TempDir(), lines, "out"), streaming)
}

// tb is what the run helpers need of *testing.T and *rapid.T.
type tb interface {
	Helper()
	Fatal(...any)
	Fatalf(string, ...any)
}

// runBatches writes lines to DIR/NAME.jsonl, batches them into DIR/NAME and
// returns each batch's lines, checking the manifest's counts.
func runBatches(t tb, cfg batch.Config, dir string, lines []string, name string) [][]string {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(dir, name+".jsonl")
	if err := os.WriteFile(in, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, name)
	m, err := batch.Run(context.Background(), []string{in}, out, cfg, tokenize.Estimate{}, "batchtest")
	if err != nil {
		t.Fatalf("batch.Run: %v", err)
	}
	if m.Records != len(lines) {
		t.Fatalf("the manifest counts %d records of %d", m.Records, len(lines))
	}
	var batches [][]string
	for _, b := range m.Batches {
		got := readLines(t, filepath.Join(out, b.File))
		if len(got) != b.Records {
			t.Fatalf("%s holds %d records, the manifest says %d", b.File, len(got), b.Records)
		}
		batches = append(batches, got)
	}
	return batches
}

func readLines(t tb, path string) []string {
	t.Helper()
	r, err := jsonl.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var out []string
	for {
		l, err := r.Next()
		if err != nil {
			return out
		}
		out = append(out, string(l.Data))
	}
}

// checkBatches: every input line in exactly one batch, byte for byte, no
// batch empty, and in input order when inOrder.
func checkBatches(t tb, lines []string, batches [][]string, inOrder bool) {
	t.Helper()
	var all []string
	for i, b := range batches {
		if len(b) == 0 {
			t.Fatalf("batch %d is empty", i)
		}
		all = append(all, b...)
	}
	if inOrder {
		if !slices.Equal(all, lines) {
			t.Fatalf("a streaming strategy changed the input order or the lines: %d lines in, %d out", len(lines), len(all))
		}
		return
	}
	want, got := slices.Clone(lines), slices.Clone(all)
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(want, got) {
		t.Fatalf("the batches do not hold every input line exactly once: %d lines in, %d out", len(lines), len(all))
	}
}
