// Package stagetest is the conformance suite every stage.Stage runs in its
// own tests: its configuration is describable (flags, keys, help), its
// defaults pass its own check, a fresh configuration is independent of the
// last, and on records it follows the shared input policy: an empty input
// is an error naming the file, a bad record stops the run at its line (or
// is skipped and counted with SkipBad, for stages with BadRecords), a
// per-record stage run as shards and merged writes one run's records, and a
// cancelled context ends the run with the context's error.
package stagetest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/pflag"

	"github.com/grpodata/grpodata/jsonl"
	"github.com/grpodata/grpodata/option"
	"github.com/grpodata/grpodata/stage"
)

// Good is a small valid input: two scored groups.
const Good = `{"prompt":"What is 1+1?","answer":"2","responses":[{"text":"2","score":1.0,"correct":true},{"text":"3","score":0.0,"correct":false}]}
{"prompt":"What is 2+2?","answer":"4","responses":[{"text":"4","score":1.0,"correct":true},{"text":"4","score":1.0,"correct":true}]}
`

// Run checks st against the contract. out names the stage's output inside
// a temporary folder ("out.jsonl", "batches", "report.html").
func Run(t *testing.T, st stage.Stage, out string) {
	t.Helper()
	t.Run("config", func(t *testing.T) { checkConfig(t, st) })
	t.Run("runs", func(t *testing.T) {
		sum := run(t, st, Good, out, nil)
		if sum.Records == 0 {
			t.Error("a run over two records reports 0 records")
		}
	})
	t.Run("empty input", func(t *testing.T) {
		_, err := runErr(t, st, "\n\n", out, nil)
		if !errors.Is(err, jsonl.ErrNoRecords) || !strings.Contains(err.Error(), "in.jsonl") {
			t.Errorf("empty input: %v, want jsonl.ErrNoRecords naming the file", err)
		}
	})
	if st.Describe().BadRecords {
		t.Run("bad record", func(t *testing.T) { checkBadRecord(t, st, out) })
	}
	if st.Describe().PerRecord {
		t.Run("shards", func(t *testing.T) { checkShards(t, st, out) })
	}
	t.Run("cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		dir := t.TempDir()
		in := writeInput(t, dir, strings.Repeat(Good, 200))
		_, err := st.Run(ctx, jsonl.Source{Files: []string{in}}, jsonl.Sink{Path: filepath.Join(dir, out)}, st.NewConfig())
		if err != nil && !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled run: %v, want context.Canceled or a finished run", err)
		}
	})
}

// checkConfig: every field is an option, the defaults pass Check, flags
// bind, and two NewConfig results do not share state.
func checkConfig(t *testing.T, st stage.Stage) {
	spec := st.Describe()
	if spec.Name == "" || spec.Short == "" || spec.Long == "" {
		t.Errorf("spec lacks a name, short or long help: %+v", spec)
	}
	cfg := st.NewConfig()
	fields, err := option.Fields(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Check(cfg); err != nil {
		t.Errorf("the defaults fail the stage's own check: %v", err)
	}
	if err := option.BindFlags(pflag.NewFlagSet(spec.Name, pflag.ContinueOnError), cfg); err != nil {
		t.Errorf("flags: %v", err)
	}
	for _, f := range fields {
		if f.Help == "" {
			t.Errorf("option %s has no help", f.Key)
		}
	}
	if len(fields) > 0 {
		other := st.NewConfig()
		f := fields[0]
		option.Set(other, f.Key, f.Default+"x") // may fail; it must not reach cfg either way
		if got := option.MustFields(cfg)[0].Default; got != f.Default {
			t.Errorf("NewConfig results share state: %s changed to %q", f.Key, got)
		}
	}
}

func checkBadRecord(t *testing.T, st stage.Stage, out string) {
	bad := Good + "{\"prompt\": \"x\", \"responses\": [{\"text\": 3}]}\n" + Good
	_, err := runErr(t, st, bad, out, nil)
	var le *jsonl.Error
	if !errors.As(err, &le) || le.Line != 3 {
		t.Errorf("bad record: %v, want an error at line 3", err)
	}
	var skipped jsonl.Skipped
	if _, err := runErr(t, st, bad, out, &skipped); err != nil || skipped.N() != 1 {
		t.Errorf("with SkipBad: err %v, %d skipped, want nil and 1", err, skipped.N())
	}
}

func run(t *testing.T, st stage.Stage, input, out string, skip *jsonl.Skipped) stage.Summary {
	t.Helper()
	sum, err := runErr(t, st, input, out, skip)
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	return sum
}

func runErr(t *testing.T, st stage.Stage, input, out string, skip *jsonl.Skipped) (stage.Summary, error) {
	t.Helper()
	dir := t.TempDir()
	in := writeInput(t, dir, input)
	src := jsonl.Source{Files: []string{in}, SkipBad: skip}
	return st.Run(context.Background(), src, jsonl.Sink{Path: filepath.Join(dir, out)}, st.NewConfig())
}

func writeInput(t *testing.T, dir, input string) string {
	t.Helper()
	in := filepath.Join(dir, "in.jsonl")
	if err := os.WriteFile(in, []byte(input), 0o644); err != nil {
		t.Fatal(err)
	}
	return in
}
