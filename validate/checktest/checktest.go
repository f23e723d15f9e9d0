// Package checktest is the conformance suite every validate check runs in
// its own tests (as rclone's backends run fstests). Of a check's spec it
// checks that its knobs are describable (option.Fields, help on every
// knob, defaults that read back and join validate.Config's own keys) and
// that the defaults pass CheckOptions; of the check, fed lines as
// validate's runner presents them (a record.Inspect of each line, or the
// reason the line is not a JSON object), that its result is named after
// it with a valid status and a summary, on empty input, a clean data set
// (which passes), lines that fail to decode, damaged records, Unicode and
// random lines (pgregory.net/rapid); that its examples are bounded by
// MaxExamples, in line order, name the check and a line that exists, and
// that a smaller MaxExamples lists the first of them; that the same lines
// give the same result; and, for a registered check, that validate.Run
// gives the result the suite computed.
package checktest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"pgregory.net/rapid"

	"github.com/grpodata/grpodata/option"
	"github.com/grpodata/grpodata/record"
	"github.com/grpodata/grpodata/validate"
)

// File is the name the suite's lines are located in.
const File = "in.jsonl"

// Clean is a clean data set every check passes: distinct prompts, groups
// of four scored responses with varied scores and agreeing correct flags,
// labels, ids and answers.
var Clean = lines(`{"id":"c1","prompt":"What is 1+1?","answer":"2","category":"arithmetic","difficulty":"easy","responses":[{"text":"2","score":1.0,"correct":true},{"text":"3","score":0.0,"correct":false},{"text":"two","score":1.0,"correct":true},{"text":"11","score":0.0,"correct":false}]}
{"id":"c2","prompt":[{"role":"system","content":"Be brief."},{"role":"user","content":"Solve 2x = 6."}],"answer":"3","category":"algebra","difficulty":"medium","responses":[{"text":"x = 3","score":1.0},{"text":"x = 2","score":0.0},{"text":"3","score":1.0},{"text":"x = 12","score":0.0}]}
{"id":"c3","prompt":"Write add(a, b).","tests":["assert add(1, 2) == 3"],"category":"code","difficulty":"easy","responses":[{"text":"def add(a, b): return a + b","score":1.0},{"text":"def add(a, b): return a - b","score":0.0},{"text":"add = lambda a, b: a + b","score":1.0},{"text":"pass","score":0.0}]}
{"id":"c4","prompt":"What is 10/4?","answer":"2.5","category":"arithmetic","difficulty":"hard","responses":[{"text":"2.5","score":1.0},{"text":"2","score":0.0},{"text":"5/2","score":1.0},{"text":"3","score":0.25}]}
`)

// Broken are lines a check may meet: lines that are not JSON objects, and
// records with missing, mistyped, empty or out-of-range fields, repeated
// prompts, odd group sizes and all-equal scores. Each kind occurs several
// times, so that most checks find more than a few offending lines.
var Broken = brokenLines()

func brokenLines() []string {
	kinds := []string{
		`{"prompt": "broken", "responses": [`,
		`[1, 2, 3]`,
		`"just a string"`,
		`{"responses": [{"text": "a", "score": 1}]}`,
		`{"prompt": "p%d", "responses": [{"text": 3, "score": 1.5}, {"score": -1}, {"text": "", "score": "1"}]}`,
		`{"prompt": "dup", "responses": [{"text": "a", "score": null}, {"text": "b"}, {"text": "c", "score": 0.0, "correct": true}, {"text": "d", "score": 1.0, "correct": "yes"}]}`,
		`{"prompt": "", "responses": [{"text": "a", "score": 0.0}, {"text": "b", "score": 0.0}, {"text": "c", "score": 0.0}, {"text": "d", "score": 0.0}]}`,
		`{"prompt": "q%d", "category": "zero", "responses": [{"text": "a", "score": 1.0}, {"text": "b", "score": 1.0}]}`,
		`{"prompt": "r%d", "responses": "none"}`,
		`{"prompt": 42, "responses": [{"text": "a", "score": NaN}, {"text": "b", "score": Infinity}]}`,
		`{"prompt": "s%d", "difficulty": 3, "category": ["x"], "responses": [{"text": "a", "score": 1.0}, {"text": "b", "score": 0.0}, {"text": "c", "score": 0.5}, {"text": "d", "score": 0.0}]}`,
	}
	var out []string
	for round := range 4 {
		for _, k := range kinds {
			if strings.Contains(k, "%d") {
				k = fmt.Sprintf(k, round)
			}
			out = append(out, k)
		}
		out = append(out, Clean...)
	}
	return out
}

// Unicode are records whose texts, labels and prompts are not ASCII:
// CJK, RTL marks, emoji, combining marks, escapes of NUL and of a lone
// surrogate.
var Unicode = lines(`{"prompt":"数学: 1+1 是多少？","category":"数学","difficulty":"易","responses":[{"text":"答案是 2","score":1.0},{"text":"３","score":0.0}]}
{"prompt":"\u202eما هو ٢+٢؟","category":"رياضيات","responses":[{"text":"٤ نعم","score":1.0},{"text":"٥","score":0.0},{"text":"🙂","score":0.5}]}
{"prompt":[{"role":"user","content":"Größe von 𝛑? e\u0301 \u0000 \ud800"}],"category":"très difficile 🚀","responses":[{"text":"","score":1.0},{"text":"π ≈ 3.14159…","score":1.0}]}
{"prompt":"数学: 1+1 是多少？","category":"数学","responses":[{"text":"2","score":1.0},{"text":"2","score":1.0}]}
`)

func lines(s string) []string { return strings.Split(strings.TrimSuffix(s, "\n"), "\n") }

// Run checks spec against the contract.
func Run(t *testing.T, spec validate.Spec) {
	t.Helper()
	t.Run("spec", func(t *testing.T) { checkSpec(t, spec) })
	t.Run("empty input", func(t *testing.T) {
		res := Result(t, spec, Config(spec, 20), nil)
		if res.Count != 0 || len(res.Examples) != 0 {
			t.Errorf("no lines: count %d, %d examples", res.Count, len(res.Examples))
		}
	})
	t.Run("clean", func(t *testing.T) {
		if res := Result(t, spec, Config(spec, 20), Clean); res.Status != validate.Pass {
			t.Errorf("a clean data set: %s: %s %v", res.Status, res.Summary, res.Examples)
		}
	})
	t.Run("broken lines", func(t *testing.T) { checkExamples(t, spec, Broken) })
	t.Run("unicode", func(t *testing.T) { checkUnicode(t, spec) })
	t.Run("deterministic", func(t *testing.T) {
		first, again := Result(t, spec, Config(spec, 5), Broken), Result(t, spec, Config(spec, 5), Broken)
		if a, b := encode(t, first), encode(t, again); a != b {
			t.Errorf("two checks of the same lines differ:\n%s\n%s", a, b)
		}
	})
	t.Run("random lines", func(t *testing.T) { checkRandom(t, spec) })
	if _, err := validate.Default.Lookup(spec.Name); err == nil {
		t.Run("runner", func(t *testing.T) { checkRunner(t, spec) })
	}
}

// Config is a validate configuration with spec's default knobs and max
// examples per check.
func Config(spec validate.Spec, max int) validate.Config {
	cfg := validate.Config{MaxExamples: max}
	if spec.Options != nil {
		cfg.Options.Add(spec.Name, spec.Options())
	}
	return cfg
}

// Items are lines as validate's runner presents them to a check: each
// inspected with record.Inspect, or carrying the reason it is not a JSON
// object; located in File at lines 1, 2, ...
func Items(lines []string) []validate.Item {
	items := make([]validate.Item, len(lines))
	for i, l := range lines {
		items[i].Loc = validate.Loc{File: File, Line: i + 1}
		in := new(record.Inspection)
		if err := record.Inspect([]byte(l), in); err != nil {
			items[i].Err = err
		} else {
			items[i].In = in
		}
	}
	return items
}

// TB is what the suite's helpers need of *testing.T and *rapid.T.
type TB interface {
	Helper()
	Errorf(string, ...any)
	Fatal(...any)
	Fatalf(string, ...any)
}

// Result feeds the lines to a fresh check made from cfg and returns its
// result, checking that it is well formed.
func Result(t TB, spec validate.Spec, cfg validate.Config, lines []string) validate.Result {
	t.Helper()
	c := spec.New(cfg)
	for _, it := range Items(lines) {
		c.Observe(&it)
	}
	res := c.Result()
	if res.Examples == nil {
		res.Examples = []validate.Finding{} // as the runner reports it
	}
	wellFormed(t, spec, cfg, res, len(lines))
	return res
}

// wellFormed: named after the check, a valid status and a summary, a
// count covering the examples, at most MaxExamples of them, each naming
// the check and a line of the input, in line order.
func wellFormed(t TB, spec validate.Spec, cfg validate.Config, res validate.Result, n int) {
	t.Helper()
	if res.Name != spec.Name {
		t.Errorf("result named %q, want %q", res.Name, spec.Name)
	}
	switch res.Status {
	case validate.Pass, validate.Warn, validate.Fail:
	default:
		t.Errorf("status %q", res.Status)
	}
	if res.Summary == "" {
		t.Errorf("no summary")
	}
	if res.Count < len(res.Examples) {
		t.Errorf("count %d under the %d examples listed", res.Count, len(res.Examples))
	}
	if len(res.Examples) > cfg.MaxExamples {
		t.Errorf("%d examples listed, MaxExamples is %d", len(res.Examples), cfg.MaxExamples)
	}
	for i, f := range res.Examples {
		if f.Check != spec.Name || f.File != File || f.Line < 1 || f.Line > n || f.Message == "" {
			t.Errorf("example %d: %+v: want check %s, file %s, a line in [1,%d], a message", i, f, spec.Name, File, n)
		}
		if i > 0 && f.Line < res.Examples[i-1].Line {
			t.Errorf("example %d (line %d) after line %d: not in line order", i, f.Line, res.Examples[i-1].Line)
		}
	}
	if _, err := json.Marshal(res); err != nil {
		t.Errorf("the result does not encode as JSON (validate --json): %v", err)
	}
}

// checkExamples: on the broken lines, each MaxExamples bounds the
// examples, the count does not depend on it, and a smaller one lists the
// first examples of a larger one.
func checkExamples(t *testing.T, spec validate.Spec, lines []string) {
	all := Result(t, spec, Config(spec, len(lines)*8), lines)
	for _, max := range []int{1, 2, 3} {
		res := Result(t, spec, Config(spec, max), lines)
		if res.Count != all.Count || res.Status != all.Status {
			t.Errorf("MaxExamples %d: count %d, status %s; with room for all: %d, %s", max, res.Count, res.Status, all.Count, all.Status)
		}
		want := all.Examples[:min(max, len(all.Examples))]
		if !reflect.DeepEqual(res.Examples, want) {
			t.Errorf("MaxExamples %d lists %v, not the first of %v", max, res.Examples, all.Examples)
		}
	}
}

// checkUnicode: Unicode lines are checked, and every text of the result
// is valid UTF-8.
func checkUnicode(t *testing.T, spec validate.Spec) {
	res := Result(t, spec, Config(spec, 20), append(append([]string{}, Unicode...), Clean...))
	texts := append([]string{res.Summary}, res.Details...)
	for _, f := range res.Examples {
		texts = append(texts, f.Message)
	}
	for _, s := range texts {
		if !utf8.ValidString(s) {
			t.Errorf("not valid UTF-8: %q", s)
		}
	}
}

// checkRandom: random lines, records or not, give a well-formed result,
// the same twice.
func checkRandom(t *testing.T, spec validate.Spec) {
	rapid.Check(t, func(rt *rapid.T) {
		lines := rapid.SliceOfN(genLine(), 0, 30).Draw(rt, "lines")
		max := rapid.IntRange(1, 4).Draw(rt, "max examples")
		first := Result(rt, spec, Config(spec, max), lines)
		if again := Result(rt, spec, Config(spec, max), lines); encode(rt, first) != encode(rt, again) {
			rt.Fatalf("two checks of the same lines differ:\n%s\n%s", encode(rt, first), encode(rt, again))
		}
	})
}

// genLine draws a line: mostly records with random kinds of fields,
// sometimes a line that is not a record at all.
func genLine() *rapid.Generator[string] {
	value := rapid.SampledFrom([]string{`0`, `1`, `0.5`, `1.5`, `-1`, `null`, `"1"`, `true`, `NaN`, `[]`, `{}`, `""`, `"数学 🚀"`})
	text := rapid.SampledFrom([]string{`"a"`, `""`, `"答案 ٤"`, `3`, `null`})
	label := rapid.SampledFrom([]string{`"easy"`, `"数学"`, `""`, `7`})
	response := rapid.Custom(func(t *rapid.T) string {
		var fields []string
		if rapid.Bool().Draw(t, "has text") {
			fields = append(fields, `"text":`+text.Draw(t, "text"))
		}
		if rapid.Bool().Draw(t, "has score") {
			fields = append(fields, `"score":`+value.Draw(t, "score"))
		}
		if rapid.Bool().Draw(t, "has correct") {
			fields = append(fields, `"correct":`+value.Draw(t, "correct"))
		}
		return "{" + strings.Join(fields, ",") + "}"
	})
	rec := rapid.Custom(func(t *rapid.T) string {
		prompt := rapid.SampledFrom([]string{`"p1"`, `"p2"`, `""`, `[{"role":"user","content":"p3"}]`, `[]`, `5`}).Draw(t, "prompt")
		rs := rapid.SliceOfN(response, 0, 6).Draw(t, "responses")
		fields := []string{`"prompt":` + prompt, `"responses":[` + strings.Join(rs, ",") + "]"}
		if rapid.Bool().Draw(t, "has category") {
			fields = append(fields, `"category":`+label.Draw(t, "category"))
		}
		if rapid.Bool().Draw(t, "has difficulty") {
			fields = append(fields, `"difficulty":`+label.Draw(t, "difficulty"))
		}
		return "{" + strings.Join(fields, ",") + "}"
	})
	junk := rapid.SampledFrom([]string{`{"prompt": "x"`, `[1]`, `42`, "\xff\xfe", `{"prompt":"x"} trailing`})
	return rapid.OneOf(rec, rec, rec, junk)
}

// checkRunner: validate.Run over the broken lines, this check alone,
// reports the result the suite computed from Items.
func checkRunner(t *testing.T, spec validate.Spec) {
	dir := t.TempDir()
	path := filepath.Join(dir, File)
	if err := os.WriteFile(path, []byte(strings.Join(Broken, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := Config(spec, 3)
	cfg.Checks = []string{spec.Name}
	rep, err := validate.Run(context.Background(), []string{path}, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Checks) != 1 {
		t.Fatalf("validate.Run reported %d checks, want 1", len(rep.Checks))
	}
	for i := range rep.Checks[0].Examples {
		if f := &rep.Checks[0].Examples[i]; f.File == path {
			f.File = File // Items locates lines in File
		}
	}
	if got, want := encode(t, rep.Checks[0]), encode(t, Result(t, spec, Config(spec, 3), Broken)); got != want {
		t.Errorf("validate.Run reports\n%s\nthe suite computed\n%s", got, want)
	}
}

func encode(t TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// checkSpec: a name and help for --help, knobs that describe themselves
// and pass CheckOptions on their defaults, and New on a literal Config.
func checkSpec(t *testing.T, spec validate.Spec) {
	if spec.Name == "" || spec.Help == "" || spec.New == nil {
		t.Fatalf("spec lacks a name, help or New: %+v", spec)
	}
	if spec.Options != nil {
		checkOptions(t, spec)
	}
	cfg := Config(spec, 20)
	if _, err := option.Fields(&cfg); err != nil {
		t.Errorf("the knobs do not join validate.Config: %v", err)
	}
	if err := joinsRegistered(spec); err != nil {
		t.Errorf("the knobs do not join the registered checks': %v", err)
	}
	if spec.CheckOptions != nil {
		for name, c := range map[string]validate.Config{"the defaults": cfg, "a literal Config (no knobs)": {MaxExamples: 20}} {
			if err := spec.CheckOptions(c); err != nil {
				t.Errorf("CheckOptions rejects %s: %v", name, err)
			}
		}
	}
	Result(t, spec, validate.Config{MaxExamples: 20}, Clean) // New falls back to the defaults
}

// checkOptions: each knob has a key and help, its described default reads
// back unchanged, and two calls of Options do not share a struct.
func checkOptions(t *testing.T, spec validate.Spec) {
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

// joinsRegistered describes validate's configuration with every
// registered check's knobs and spec's: a key several declare must have one
// type.
func joinsRegistered(spec validate.Spec) error {
	cfg := validate.DefaultConfig()
	if cfg.Options.Of(spec.Name) == nil && spec.Options != nil {
		cfg.Options.Add(spec.Name, spec.Options())
	}
	_, err := option.Fields(&cfg)
	return err
}
