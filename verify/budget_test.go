package verify

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/grpodata/grpodata/jsonl"
	"github.com/grpodata/grpodata/record"
)

// budgeted reports whether its context's deadline is the budget it asked
// for: a second for records with tests, the runner's otherwise.
type budgeted struct{}

func (budgeted) Budget(rec *record.Record, base time.Duration) time.Duration {
	if len(rec.Tests) > 0 {
		return time.Second
	}
	return base
}

func (budgeted) Verify(ctx context.Context, rec *record.Record, resp *record.Response) Verdict {
	dl, _ := ctx.Deadline()
	if left := time.Until(dl); left > 500*time.Millisecond {
		return Pass("", "long budget")
	}
	return Failed("", "short budget")
}

func init() {
	Register(Spec{Name: "test_budgeted", New: func(Options) (Verifier, error) { return budgeted{}, nil }})
}

func TestRunAsksTheVerifierForItsBudget(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.jsonl")
	os.WriteFile(in, []byte(`{"prompt":"a","tests":["assert f()"],"responses":[{"text":"x"}]}`+"\n"+
		`{"prompt":"b","responses":[{"text":"x"}]}`+"\n"), 0o644)
	out := filepath.Join(dir, "out.jsonl")
	if _, err := Run(context.Background(), jsonl.Source{Files: []string{in}}, jsonl.Sink{Path: out}, Config{Verifier: "test_budgeted", Options: Options{Timeout: 100 * time.Millisecond}}); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(out)
	lines := bytes.Split(bytes.TrimSpace(data), []byte("\n"))
	for i, want := range []float64{1, 0} {
		rec, err := record.Decode(lines[i])
		if err != nil || rec.Responses[0].Score == nil || *rec.Responses[0].Score != want {
			t.Errorf("record %d: %s", i, lines[i])
		}
	}
}
