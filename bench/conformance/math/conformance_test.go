// Package conformance checks the symbolic_math verifier against public math data sets: every
// worked solution must score 1 against its own answer (positives) and 0 against the answer of a
// different problem (negative control). The data are small committed files (see fetch.sh); the
// test needs no network and runs in a few seconds.
//
//	go test ./bench/conformance/math/ -v -run Conformance
//
// prints the agreement figures ("gsm8k 1319/1319 ...").
package conformance

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/grpodata/grpodata/mathexpr"
	"github.com/grpodata/grpodata/record"
	"github.com/grpodata/grpodata/verify"
	_ "github.com/grpodata/grpodata/verify/math" // registers symbolic_math
)

// item is one problem: a worked solution (the response) and its final answer (the reference).
type item struct {
	id, solution, answer string
	next                 string // the answer of the next row: a wrong answer for this one
}

func readGz(t *testing.T, path string, row func(line []byte) item) []item {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("%v (run fetch.sh to rebuild the data)", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var out []item
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		out = append(out, row(sc.Bytes()))
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func loadGSM8K(t *testing.T) []item {
	n := 0
	return readGz(t, "data/gsm8k_test.jsonl.gz", func(line []byte) item {
		var r struct{ Question, Answer string }
		if err := json.Unmarshal(line, &r); err != nil {
			t.Fatal(err)
		}
		n++
		i := strings.LastIndex(r.Answer, "####")
		if i < 0 {
			t.Fatalf("gsm8k row %d has no ####", n)
		}
		return item{id: fmt.Sprintf("gsm8k/%d", n), solution: r.Answer, answer: strings.TrimSpace(r.Answer[i+4:])}
	})
}

func loadMATH500(t *testing.T) []item {
	return readGz(t, "data/math500_test.jsonl.gz", func(line []byte) item {
		var r struct {
			Problem, Solution, Answer, Subject string
			Level                              int
			UniqueID                           string `json:"unique_id"`
		}
		if err := json.Unmarshal(line, &r); err != nil {
			t.Fatal(err)
		}
		if r.Problem == "" || r.Solution == "" || r.Answer == "" || r.Subject == "" || r.Level == 0 || r.UniqueID == "" {
			t.Fatalf("math500 row %q lacks a field", r.UniqueID)
		}
		return item{id: r.UniqueID, solution: r.Solution, answer: r.Answer}
	})
}

// score runs one response against one reference through the verifier, as `grpodata verify
// --verifier symbolic_math` does (the reference is the record's answer field).
func score(t *testing.T, v verify.Verifier, ref, resp string) verify.Verdict {
	t.Helper()
	js, err := json.Marshal(map[string]string{"prompt": "?", "answer": ref})
	if err != nil {
		t.Fatal(err)
	}
	rec, err := record.Decode(js)
	if err != nil {
		t.Fatal(err)
	}
	return v.Verify(context.Background(), rec, &record.Response{Text: resp})
}

func newVerifier(t *testing.T) verify.Verifier {
	t.Helper()
	spec, err := verify.Lookup("symbolic_math")
	if err != nil {
		t.Fatal(err)
	}
	v, err := spec.New(verify.Options{Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func scoreString(s *float64) string {
	if s == nil {
		return "missing"
	}
	return fmt.Sprint(*s)
}

// run scores one variant of a data set against the allow-list and returns the summary line.
// Each response is scored against its own answer (it must score 1, or 0 for a variant that
// plants a wrong final answer) and, as a negative control, against the answer of an unrelated
// row (it must score 0). A variant with a floor is measured rather than gated row by row: it
// fails only below the floor.
func run(t *testing.T, name string, items []item, va variant, known map[string]string) string {
	v := newVerifier(t)
	want := 1.0
	if va.wrong {
		want = 0
	}
	agree, listed, off, skipped := 0, 0, 0, 0
	for _, it := range items {
		if va.wrong && equivalent(it.answer, it.next) {
			skipped++ // the planted "wrong" answer happens to be right
			continue
		}
		got := score(t, v, it.answer, va.respond(it))
		if got.Score != nil && *got.Score == want {
			agree++
			if why, found := known[it.id]; found {
				t.Logf("%s %s: now agrees, drop it from the allow-list (%s)", name, it.id, why)
			}
			continue
		}
		if _, found := known[it.id]; found {
			listed++
			continue
		}
		off++
		if va.floor == 0 || os.Getenv("CONFORMANCE_ALL") != "" {
			t.Errorf("%s %s: scored %s against its own answer %q, want %v (extracted %q, %s)",
				name, it.id, scoreString(got.Score), it.answer, want, got.Extracted, got.Reason)
		}
	}
	if va.floor > 0 && agree < va.floor {
		t.Errorf("%s: %d/%d agree, below the floor of %d", name, agree, len(items), va.floor)
	}
	line := fmt.Sprintf("%s %d/%d", name, agree, len(items)-skipped)
	switch {
	case listed > 0:
		line += fmt.Sprintf(" (%d listed)", listed)
	case off > 0:
		line += fmt.Sprintf(" (%d measured, not gated: floor %d)", off, va.floor)
	}
	if va.wrong {
		return line + fmt.Sprintf(" scored 0 (%d skipped: the planted answer is right)", skipped)
	}
	fp, pairs, same := negativeControl(t, v, name, items, va)
	return line + fmt.Sprintf(", negative control %d false positives in %d pairs (%d skipped: same answer)", fp, pairs, same)
}

func equivalent(a, b string) bool {
	r, err := mathexpr.Equivalent(context.Background(), a, b, mathexpr.Options{})
	return err == nil && r.Equal
}

// negativeControl scores the response of row i against the answers of three unrelated rows
// (i+n/2+1, i+7 and i+101); every 1 is a false positive and fails the test. A pair whose two
// answers are themselves equivalent is no control and is skipped.
func negativeControl(t *testing.T, v verify.Verifier, name string, items []item, va variant) (fp, pairs, same int) {
	for k := 0; k < 3*len(items); k++ {
		i := k % len(items)
		it := items[i]
		other := items[(i+[]int{len(items)/2 + 1, 7, 101}[k/len(items)])%len(items)]
		if equivalent(other.answer, it.answer) {
			same++
			continue
		}
		pairs++
		got := score(t, v, other.answer, va.respond(it))
		if got.Score != nil && *got.Score == 1 {
			fp++
			t.Errorf("%s negative control %s vs %s: scored 1 (own answer %q, reference %q, extracted %q)",
				name, it.id, other.id, it.answer, other.answer, got.Extracted)
		}
	}
	return fp, pairs, same
}

// variant is one way of turning a data-set row into a model response.
type variant struct {
	name    string
	respond func(item) string
	wrong   bool // the response's final answer is wrong: it must score 0
	floor   int  // measured, not gated row by row: at least this many rows must agree
}

var (
	// asIs: the published worked solution, unchanged.
	asIs = variant{name: "solution", respond: func(it item) string { return it.solution }}
	// noMarker: a GSM8K solution without its "#### N" line, so the answer must be read from the
	// prose and calculator annotations (the last number).
	noMarker = variant{name: "no-marker", respond: func(it item) string {
		s := it.solution
		if i := strings.LastIndex(s, "####"); i >= 0 {
			s = s[:i]
		}
		return strings.TrimSpace(s)
	}}
	// later statement: the solution (with its box) followed by a restated final answer in the
	// Minerva style, which must win over the box.
	laterStatement = variant{name: "restated", respond: func(it item) string {
		return it.solution + "\n\nFinal Answer: The final answer is $" + it.answer + "$. I hope it is correct."
	}}
	// overridden: the solution's box holds a wrong value (the next row's answer) and the right
	// answer is restated after it; the restatement must win.
	overridden = variant{name: "overridden", respond: func(it item) string {
		return replaceLastBox(it.solution, it.next) + "\n\nSo the final answer is $" + it.answer + "$."
	}}
	// overriddenWrong: the box is right but a wrong answer is restated after it: it must score 0.
	overriddenWrong = variant{name: "overridden-wrong", wrong: true, respond: func(it item) string {
		return it.solution + "\n\nSo the final answer is $" + it.next + "$."
	}}
	// unboxed: the solution with every \boxed{X} written as X, so the answer must be read from
	// the last sentence.
	// The published solutions were not written to be read without their box (the value is often
	// mid-sentence, followed by more prose), so this variant is measured against a floor.
	unboxed = variant{name: "unboxed", floor: 430, respond: func(it item) string { return unbox(it.solution) }}
	// reformatted: the answer as another writer would type it: no spacing commands, \left and
	// \right, thousands marks, \dfrac or degree signs, and no spaces between symbols.
	reformatted = variant{name: "reformatted", respond: func(it item) string {
		return "Final Answer: $" + reformat(it.answer) + "$"
	}}
	// Rejected alternatives and negations: the answer stated last and positively is the one.
	rejectedRight = variant{name: "rejected-right", respond: func(it item) string {
		return it.solution + "\n\nSo the final answer is $" + it.answer + "$, not $" + it.next + "$."
	}}
	rejectedWrong = variant{name: "rejected-wrong", wrong: true, respond: func(it item) string {
		return "So the final answer is $" + it.next + "$, not $" + it.answer + "$."
	}}
	negatedRight = variant{name: "negated-right", respond: func(it item) string {
		return "Final Answer: The answer is not $" + it.next + "$, it is $" + it.answer + "$."
	}}
	negatedWrong = variant{name: "negated-wrong", wrong: true, respond: func(it item) string {
		return "Final Answer: The answer is not $" + it.answer + "$, it is $" + it.next + "$."
	}}
	// hedge: two answers offered as one; a hedge must never collect the reward.
	hedge = variant{name: "hedge", wrong: true, respond: func(it item) string {
		return "The answer is $" + it.answer + "$ or $" + it.next + "$."
	}}
	// label: only "Final Answer: ..." with the answer as math.
	label = variant{name: "label", respond: func(it item) string { return "Work omitted.\nFinal Answer: $" + it.answer + "$" }}
	// tag: the answer inside <answer></answer>, as R1-style prompts ask.
	tag = variant{name: "tag", respond: func(it item) string { return "<think>work</think>\n<answer>" + it.answer + "</answer>" }}
)

func TestConformance(t *testing.T) {
	var lines []string
	sets := []struct {
		name     string
		load     func(*testing.T) []item
		rows     int
		variants []variant
		known    map[string]map[string]string // variant -> id -> why
	}{
		{"gsm8k", loadGSM8K, 1319, []variant{asIs, noMarker, rejectedRight, rejectedWrong, negatedRight, negatedWrong, hedge}, knownGSM8K},
		{"math500", loadMATH500, 500, []variant{asIs, laterStatement, overridden, overriddenWrong, unboxed, label, tag, reformatted,
			rejectedRight, rejectedWrong, negatedRight, negatedWrong, hedge}, knownMATH500},
	}
	for _, set := range sets {
		t.Run(set.name, func(t *testing.T) {
			items := set.load(t)
			if len(items) != set.rows {
				t.Fatalf("%s: %d rows, want %d", set.name, len(items), set.rows)
			}
			for i := range items {
				items[i].next = items[(i+1)%len(items)].answer
			}
			for _, va := range set.variants {
				name := set.name
				if va.name != asIs.name {
					name += "/" + va.name
				}
				lines = append(lines, run(t, name, items, va, set.known[va.name]))
			}
		})
	}
	for _, l := range lines {
		t.Log(l)
	}
}

// knownGSM8K lists, per variant, GSM8K rows that do not score 1 against their own answer, with
// the reason.
var knownGSM8K = map[string]map[string]string{
	// Without the "####" line these solutions end on a sentence whose last number is not the
	// answer; no extraction rule can know it without reading the question.
	"no-marker": {
		"gsm8k/494":  "ends on $0.25 each; the answer is asked in cents (25)",
		"gsm8k/506":  `ends on the comparison "1600 > 1200"`,
		"gsm8k/594":  "ends on a check (32 feet is taller than the window); the answer (3 days) is in words",
		"gsm8k/608":  "ends on $0.10; the answer is asked in cents (10)",
		"gsm8k/636":  `ends "because 10 - 4 = 6"; the answer (4) comes before`,
		"gsm8k/670":  `ends "to make 16 muffins"; the answer (132) is earlier in the sentence`,
		"gsm8k/854":  "ends on an intermediate product; the answer is stated before it",
		"gsm8k/1002": `ends on a time "2:00 pm"; its last number is 00`,
		"gsm8k/1039": `ends "because ... = 6"; the answer (4) comes before`,
		"gsm8k/1244": "ends on $0.50; the answer is asked in cents (50)",
	},
}

// knownMATH500 lists, per variant, MATH-500 rows that do not score 1 against their own answer,
// with the reason (KNOWN.md has the longer story).
var knownMATH500 = map[string]map[string]string{}

// replaceLastBox puts repl into the last \boxed{} of s.
func replaceLastBox(s, repl string) string {
	i := strings.LastIndex(s, "\\boxed{")
	if i < 0 {
		return s
	}
	j := closeBrace(s, i+len("\\boxed{"))
	return s[:i] + "\\boxed{" + repl + "}" + s[j:]
}

// unbox writes every \boxed{X} of s as X.
func unbox(s string) string {
	for {
		i := strings.LastIndex(s, "\\boxed{")
		if i < 0 {
			return s
		}
		k := i + len("\\boxed{")
		j := closeBrace(s, k)
		s = s[:i] + s[k:j-1] + s[j:]
	}
}

// closeBrace returns the index just after the brace closing the group that starts at k.
func closeBrace(s string, k int) int {
	depth := 1
	for j := k; j < len(s); j++ {
		switch s[j] {
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return j + 1
			}
		}
	}
	return len(s)
}

var reformatter = strings.NewReplacer(",\\!", "", "\\!", "", "\\left", "", "\\right", "", "\\,", "",
	"\\dfrac", "\\frac", "^\\circ", "", "^{\\circ}", "", "\\$", "", "{,}", "")

// reformat rewrites an answer the way a different writer might type the same value.
func reformat(a string) string {
	a = reformatter.Replace(a)
	var b strings.Builder
	for i := 0; i < len(a); i++ {
		if a[i] == ' ' && i > 0 && i+1 < len(a) && !(isLetter(a[i-1]) && isLetter(a[i+1])) {
			continue // keep "\pi r" apart, drop the other spaces
		}
		b.WriteByte(a[i])
	}
	return b.String()
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
