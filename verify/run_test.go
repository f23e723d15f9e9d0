package verify

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/grpodata/grpodata/jsonl"
	"github.com/grpodata/grpodata/record"
)

// lastWord is a tiny real verifier for runner tests: the response is
// correct when its last word equals the reference answer; "sleep" hangs.
type lastWord struct{}

func (lastWord) Verify(ctx context.Context, rec *record.Record, resp *record.Response) Verdict {
	f := strings.Fields(resp.Text)
	if len(f) == 0 {
		return Undecided("", "no answer found")
	}
	got := f[len(f)-1]
	switch got {
	case "sleep":
		time.Sleep(time.Hour) // ignores ctx: the runner must abandon it
	case "panic":
		panic("boom")
	case "wait":
		<-ctx.Done()
		return Undecided(got, "timeout")
	}
	if got == rec.Answer {
		return Pass(got, "equivalent")
	}
	return Failed(got, "not equivalent: "+got+" vs "+rec.Answer)
}

func init() {
	Register(Spec{Name: "test_last_word", New: func(Options) (Verifier, error) { return lastWord{}, nil }})
}

func TestRunFillsScoresInOrder(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.jsonl")
	os.WriteFile(in, []byte(
		`{"prompt":"a","answer":"5","responses":[{"text":"x is 5"},{"text":"x is 6","keep":1},{"text":""}],"extra":true}`+"\n"+
			`{"prompt":"b","answer":"1","responses":[{"text":"1","score":0.0},{"text":"2"}]}`+"\n"), 0o644)
	out := filepath.Join(dir, "out.jsonl")
	sum, err := Run(context.Background(), jsonl.Source{Files: []string{in}}, jsonl.Sink{Path: out}, Config{Verifier: "test_last_word", OnlyMissing: true})
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(out)
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	r0, _ := record.Decode([]byte(lines[0]))
	r1, _ := record.Decode([]byte(lines[1]))
	if *r0.Responses[0].Score != 1 || *r0.Responses[1].Score != 0 || r0.Responses[2].Score != nil {
		t.Errorf("scores: %s", lines[0])
	}
	if !r0.Extra.Has("extra") || !r0.Responses[1].Extra.Has("keep") {
		t.Errorf("unknown fields lost: %s", lines[0])
	}
	var meta Metadata
	if ok, err := r0.Responses[1].Metadata.Decode("verifier", &meta); !ok || err != nil || meta.Name != "test_last_word" || meta.Extracted != "6" {
		t.Errorf("metadata.verifier = %+v %v", meta, err)
	}
	// --only-missing kept the existing 0.0 score of b's first response
	if *r1.Responses[0].Score != 0 || r1.Responses[0].Metadata.Has("verifier") {
		t.Errorf("only-missing re-verified a scored response: %s", lines[1])
	}
	if sum.Checked != 4 || sum.Kept != 1 || sum.Scored != 4 || sum.Correct != 1 || sum.Reasons["not equivalent"] != 2 {
		t.Errorf("summary = %+v", sum)
	}
	var b bytes.Buffer
	sum.WriteText(&b)
	if !strings.Contains(b.String(), "coverage 80.0% (4 of 5 scored)") {
		t.Errorf("summary text:\n%s", b.String())
	}
}

func TestRunTimeBudgetAndPanics(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.jsonl")
	os.WriteFile(in, []byte(`{"prompt":"a","answer":"1","responses":[{"text":"sleep"},{"text":"wait"},{"text":"panic"},{"text":"1"}]}`+"\n"), 0o644)
	out := filepath.Join(dir, "out.jsonl")
	start := time.Now()
	sum, err := Run(context.Background(), jsonl.Source{Files: []string{in}}, jsonl.Sink{Path: out}, Config{Verifier: "test_last_word", Options: Options{Timeout: 100 * time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	if time.Since(start) > 10*time.Second {
		t.Fatal("a hung verifier blocked the run")
	}
	data, _ := os.ReadFile(out)
	rec, _ := record.Decode(bytes.TrimSpace(data))
	for i, want := range []string{"timeout", "timeout", "verifier error: boom", "equivalent"} {
		var m Metadata
		rec.Responses[i].Metadata.Decode("verifier", &m)
		if m.Reason != want {
			t.Errorf("response %d reason = %q, want %q", i, m.Reason, want)
		}
	}
	if rec.Responses[0].Score != nil || *rec.Responses[3].Score != 1 || sum.Scored != 1 {
		t.Errorf("scores wrong: %s", data)
	}
}

func TestRunMalformedLineNamesFileLineField(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.jsonl")
	os.WriteFile(in, []byte(`{"prompt":"a","responses":[]}`+"\n"+`{"prompt":"b","responses":[{"text":"x","score":"high"}]}`+"\n"), 0o644)
	out := filepath.Join(dir, "out.jsonl")
	os.WriteFile(out, []byte("previous\n"), 0o644)
	_, err := Run(context.Background(), jsonl.Source{Files: []string{in}}, jsonl.Sink{Path: out}, Config{Verifier: "test_last_word"})
	if err == nil || err.Error() != in+":2: responses[0].score: expected number or null, got string" {
		t.Errorf("err = %v", err)
	}
	if b, _ := os.ReadFile(out); string(b) != "previous\n" {
		t.Errorf("failed run touched the output: %q", b)
	}
}

func TestUnknownVerifier(t *testing.T) {
	if _, err := Lookup("nope"); err == nil || !strings.Contains(err.Error(), "test_last_word") {
		t.Errorf("err = %v", err)
	}
}

// solver answers "42" for prompts without a reference, as the math
// verifier does in no-reference mode.
type solver struct{}

func (solver) Verify(_ context.Context, rec *record.Record, resp *record.Response) Verdict {
	if _, ok := rec.Reference(); ok {
		return Pass(resp.Text, "equivalent")
	}
	v := Failed(resp.Text, "not equivalent to solved reference")
	if resp.Text == "42" {
		v = Pass(resp.Text, "equivalent to solved reference")
	}
	v.Reference = "42"
	return v
}

func init() {
	Register(Spec{Name: "test_solver", New: func(Options) (Verifier, error) { return solver{}, nil }})
}

func TestDerivedReferenceIsRecorded(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.jsonl")
	os.WriteFile(in, []byte(
		`{"prompt":"no ref","responses":[{"text":"41"},{"text":"42"}],"metadata":{"k":1}}`+"\n"+
			`{"prompt":"has ref","answer":"7","responses":[{"text":"7"}]}`+"\n"+
			`{"prompt":"odd metadata","responses":[{"text":"42"}],"metadata":[1]}`+"\n"), 0o644)
	out := filepath.Join(dir, "out.jsonl")
	if _, err := Run(context.Background(), jsonl.Source{Files: []string{in}}, jsonl.Sink{Path: out}, Config{Verifier: "test_solver"}); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(out)
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	r0, _ := record.Decode([]byte(lines[0]))
	r1, _ := record.Decode([]byte(lines[1]))
	r2, _ := record.Decode([]byte(lines[2]))
	if r0.Answer != "42" || !strings.Contains(lines[0], `"metadata":{"k":1,"answer_source":"solved by test_solver"}`) {
		t.Errorf("derived reference not recorded: %s", lines[0])
	}
	if r1.Answer != "7" || strings.Contains(lines[1], "answer_source") {
		t.Errorf("a shipped reference was touched: %s", lines[1])
	}
	if r2.Answer != "" || !strings.Contains(lines[2], `"metadata":[1]`) {
		t.Errorf("a record with non-object metadata was changed: %s", lines[2])
	}
}
