package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/grpodata/grpodata/filter"
	"github.com/grpodata/grpodata/record"
)

func TestFilterCommand(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out.jsonl")
	tests := []struct {
		name     string
		args     []string
		code     int
		inStderr string
		kept     string // ids in the output, when code is 0
	}{
		{"default", []string{"filter", mixedStats, "-o", out}, 0, "kept 4 of 9 groups", "q2,q4,q7,q9"},
		{"guide spelling", []string{"filter", "--input", mixedStats, "--output", out, "--min_pass_rate", "0.2"}, 0, "below_min_pass_rate", "q2,q7,q9"},
		{"band", []string{"filter", mixedStats, "-o", out, "--min-pass-rate", "0.2", "--max-pass-rate", "0.4"}, 0, "above_max_pass_rate", "q7,q9"},
		{"keep unscored", []string{"filter", mixedStats, "-o", out, "--unscored", "keep"}, 0, "kept 2 groups with unscored responses", "q2,q4,q5,q6,q7,q9"},
		{"keep zero variance", []string{"filter", mixedStats, "-o", out, "--drop-zero-variance=false"}, 0, "dropped 3", "q1,q2,q3,q4,q7,q9"},
		{"bad thresholds", []string{"filter", mixedStats, "-o", out, "--label-difficulty", "--difficulty-thresholds", "0.8,0.2"}, 2, "--difficulty-thresholds", ""},
		{"bad band", []string{"filter", mixedStats, "-o", out, "--min-pass-rate", "0.9", "--max-pass-rate", "0.1"}, 2, "pass-rate bounds", ""},
		{"bad policy", []string{"filter", mixedStats, "-o", out, "--unscored", "maybe"}, 2, `invalid argument "maybe" for "--unscored" flag: "maybe" is not one of drop, keep`, ""},
		{"no input", []string{"filter", "-o", out}, 2, "no input", ""},
		{"missing file", []string{"filter", "nope.jsonl", "-o", out}, 2, "no such file", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			os.Remove(out)
			code, _, errs := runCLI(t, "", tt.args...)
			if code != tt.code || !strings.Contains(errs, tt.inStderr) {
				t.Fatalf("code=%d (want %d)\nstderr=%s", code, tt.code, errs)
			}
			if code != 0 {
				if strings.Count(errs, "\n") > 1 {
					t.Errorf("error output must be one line: %q", errs)
				}
				if _, err := os.Stat(out); err == nil {
					t.Error("a failed run must not write the output")
				}
				return
			}
			b, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			if got := ids(t, string(b)); got != tt.kept {
				t.Errorf("kept %s, want %s", got, tt.kept)
			}
		})
	}
}

func ids(t *testing.T, data string) string {
	t.Helper()
	var out []string
	for _, l := range strings.Split(strings.TrimSpace(data), "\n") {
		if l == "" {
			continue
		}
		rec, err := record.Decode([]byte(l))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, rec.ID)
	}
	return strings.Join(out, ",")
}

func TestFilterJSONAndLabels(t *testing.T) {
	code, stdout, stderr := runCLI(t, "", "filter", mixedStats, "-o", "-", "--json", "--label-difficulty", "--difficulty-thresholds", "0.2,0.5")
	var sum filter.Summary
	if err := json.Unmarshal([]byte(stderr), &sum); code != 0 || err != nil {
		t.Fatalf("code %d: %v\n%s", code, err, stderr)
	}
	// kept q2 (1/2), q4 (1/8), q7 (1/4), q9 (5/16): easy >= 0.5, medium >= 0.2
	if sum.Kept != 4 || sum.Labels["easy"] != 1 || sum.Labels["medium"] != 2 || sum.Labels["hard"] != 1 {
		t.Errorf("%+v", sum)
	}
	var labels []string
	for _, l := range strings.Split(strings.TrimSpace(stdout), "\n") {
		rec, _ := record.Decode([]byte(l))
		labels = append(labels, rec.ID+"="+rec.Difficulty)
	}
	if got := strings.Join(labels, ","); got != "q2=easy,q4=hard,q7=medium,q9=medium" {
		t.Errorf("labels %s", got)
	}
}

func TestFilterInPlaceAndByteExact(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "data.jsonl")
	src, _ := os.ReadFile("../../examples/groups.jsonl")
	os.WriteFile(path, src, 0o644)
	if code, _, errs := runCLI(t, "", "filter", path, "-o", path); code != 0 {
		t.Fatalf("code %d: %s", code, errs)
	}
	got, _ := os.ReadFile(path)
	// every group of the example has a signal, so the file is unchanged, byte for byte
	if string(got) != string(src) {
		t.Errorf("in-place filter changed kept records")
	}
}
