package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/grpodata/grpodata/record"
	"github.com/grpodata/grpodata/stats"
)

const mixedStats = "../../stats/testdata/mixed.jsonl"

func TestStatsCommand(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.jsonl")
	os.WriteFile(bad, []byte(`{"prompt":"p","responses":[{"text":"a","score":"x"}]}`+"\n"), 0o644)
	tests := []struct {
		name     string
		args     []string
		stdin    string
		code     int
		inStdout string
		inStderr string
	}{
		{"table", []string{"stats", "../../examples/groups.jsonl"}, "", 0, "pass@8", ""},
		{"by category", []string{"stats", "--input", mixedStats}, "", 0, "by difficulty", ""},
		{"stdin", []string{"stats", "-"}, `{"prompt":"p","responses":[{"text":"a","score":1.0},{"text":"b","score":0.0}]}` + "\n", 0, "1 group in <stdin>", ""},
		{"custom k", []string{"stats", mixedStats, "--k", "2"}, "", 0, "pass@2", ""},
		{"output needs annotate", []string{"stats", mixedStats, "-o", filepath.Join(dir, "x.jsonl")}, "", 2, "", "add --annotate"},
		{"bad advantage", []string{"stats", mixedStats, "--annotate", "--advantage", "ppo"}, "", 2, "", `unknown advantage "ppo"`},
		{"bad eps", []string{"stats", mixedStats, "--annotate", "--eps", "-1"}, "", 2, "", "eps must be"},
		{"bad k", []string{"stats", mixedStats, "--k", "0"}, "", 2, "", "not a positive integer"},
		{"malformed", []string{"stats", bad}, "", 2, "", "bad.jsonl:1: responses[0].score"},
		{"missing file", []string{"stats", "nope.jsonl"}, "", 2, "", "no such file"},
		{"no input", []string{"stats"}, "", 2, "", "no input"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := runCLI(t, tt.stdin, tt.args...)
			if code != tt.code || !strings.Contains(out, tt.inStdout) || !strings.Contains(errs, tt.inStderr) {
				t.Errorf("code=%d (want %d)\nstdout=%s\nstderr=%s", code, tt.code, out, errs)
			}
			if code != 0 && strings.Count(errs, "\n") > 1 {
				t.Errorf("error output must be one line: %q", errs)
			}
		})
	}
}

// TestStatsTextMatchesLibrary: the command prints exactly stats.WriteText.
func TestStatsTextMatchesLibrary(t *testing.T) {
	_, out, _ := runCLI(t, "", "stats", mixedStats)
	want, err := os.ReadFile("../../stats/testdata/mixed.txt")
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Replace(out, mixedStats, "testdata/mixed.jsonl", 1)
	if got != string(want) {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestStatsJSON(t *testing.T) {
	code, out, _ := runCLI(t, "", "stats", mixedStats, "--json")
	var res stats.Result
	if err := json.Unmarshal([]byte(out), &res); code != 0 || err != nil {
		t.Fatalf("code %d: %v\n%s", code, err, out)
	}
	if res.Overall.Groups != 9 || len(res.ScoreHistogram.Counts) != 10 || len(res.VarianceHistogram.Edges) != 11 || len(res.ByCategory) != 4 {
		t.Errorf("%+v", res)
	}
}

func TestStatsAnnotate(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "annotated.jsonl")
	code, stdout, _ := runCLI(t, "", "stats", mixedStats, "--annotate", "-o", out, "--advantage", "drgrpo")
	if code != 0 || !strings.Contains(stdout, "advantages: drgrpo written to 43 responses") {
		t.Fatalf("code %d\n%s", code, stdout)
	}
	b, _ := os.ReadFile(out)
	checkAdvantages(t, b, 9)

	// To stdout: records there, the report on stderr.
	code, stdout, stderr := runCLI(t, "", "stats", "../../examples/groups.jsonl", "--annotate", "-o", "-", "--json")
	if code != 0 || !strings.Contains(stderr, `"annotated": 96`) {
		t.Fatalf("code %d\n%s", code, stderr)
	}
	checkAdvantages(t, []byte(stdout), 12)

	// In place: the input is read before the output replaces it.
	inplace := filepath.Join(dir, "inplace.jsonl")
	src, _ := os.ReadFile("../../examples/groups.jsonl")
	os.WriteFile(inplace, src, 0o644)
	if code, _, errs := runCLI(t, "", "stats", inplace, "--annotate", "-o", inplace); code != 0 {
		t.Fatalf("code %d: %s", code, errs)
	}
	b, _ = os.ReadFile(inplace)
	checkAdvantages(t, b, 12)
}

func checkAdvantages(t *testing.T, data []byte, records int) {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if len(lines) != records {
		t.Fatalf("%d records, want %d", len(lines), records)
	}
	for i, l := range lines {
		rec, err := record.Decode([]byte(l))
		if err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		var sum float64
		for _, r := range rec.Responses {
			var a float64
			ok, _ := r.Metadata.Decode("advantage", &a)
			if ok != (r.Score != nil) {
				t.Fatalf("line %d: advantage %v for scored=%v", i+1, ok, r.Score != nil)
			}
			sum += a
		}
		if sum > 1e-9 || sum < -1e-9 {
			t.Errorf("line %d: advantages sum to %g", i+1, sum)
		}
	}
	if !bytes.HasSuffix(data, []byte("\n")) {
		t.Error("missing final newline")
	}
}

func TestStatsTokenLengths(t *testing.T) {
	code, out, errs := runCLI(t, "", "stats", "../../examples/groups.jsonl", "--tokenizer", "estimate", "--json")
	if code != 0 || !strings.Contains(out, `"length_tokens"`) {
		t.Errorf("code=%d stderr=%s", code, errs)
	}
	if code, _, errs := runCLI(t, "", "stats", "../../examples/groups.jsonl", "--tokenizer", "nope"); code != 2 || !strings.Contains(errs, "--tokenizer") {
		t.Errorf("bad tokenizer: code=%d %s", code, errs)
	}
}
