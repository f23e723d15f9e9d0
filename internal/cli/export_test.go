package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runExportCLI(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Main(append([]string{"export"}, args...), strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

const exportInput = "../../export/testdata/input.jsonl"

func TestExportCommand(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name     string
		args     []string
		stdin    string
		code     int
		inStdout string
		inStderr string
	}{
		{"verl", []string{"--format", "verl", "--output", filepath.Join(dir, "a.parquet"), "--skip-bad", exportInput}, "", 0, "",
			"exported 5 of 7 records as verl"},
		{"bad record stops", []string{"--format", "verl", "--output", filepath.Join(dir, "bad.parquet"), exportInput}, "", 2, "",
			"grpodata: ../../export/testdata/input.jsonl:7: prompt: invalid JSON at byte 24: unterminated string"},
		{"skip-bad summary", []string{"--format", "verl", "--output", filepath.Join(dir, "a2.parquet"), "--skip-bad", exportInput}, "", 0, "",
			"warning: skipped 1 bad record (first: ../../export/testdata/input.jsonl:7: prompt: invalid JSON at byte 24: unterminated string)"},
		{"verl-groups with input flag", []string{"-f", "verl-groups", "-o", filepath.Join(dir, "g.parquet"), "--skip-bad", "--input", exportInput}, "", 0, "",
			"1  a response has no score"},
		{"trl to stdout", []string{"--format", "trl", "-o", "-", "--skip-bad", exportInput}, "", 0, `"solution":"5"`, "exported 5 of 7 records as trl to <stdout>"},
		{"trl-dpo from stdin", []string{"--format", "trl-dpo", "-o", "-", "-"},
			`{"prompt":"p","responses":[{"text":"good","score":1.0},{"text":"bad","score":0.0}]}` + "\n", 0,
			`"chosen":[{"role":"assistant","content":"good"}]`, "exported 1 of 1 records"},
		{"guide spelling", []string{"--format", "verl", "--output", filepath.Join(dir, "b.parquet"), "--data_source", "openai/gsm8k", "--skip_bad", exportInput}, "", 0, "", "exported 5 of 7"},
		{"no format", []string{"-o", filepath.Join(dir, "c.parquet"), exportInput}, "", 2, "", "no format: give --format (trl, trl-dpo, verl, verl-groups)"},
		{"unknown format", []string{"--format", "csv", "-o", filepath.Join(dir, "c.csv"), exportInput}, "", 2, "", `unknown export format "csv"`},
		{"no output", []string{"--format", "verl", exportInput}, "", 2, "", "no output: give --output FILE"},
		{"no input", []string{"--format", "verl", "-o", filepath.Join(dir, "d.parquet")}, "", 2, "", "no input"},
		{"missing input", []string{"--format", "verl", "-o", filepath.Join(dir, "e.parquet"), "nope.jsonl"}, "", 2, "", "open nope.jsonl: no such file or directory"},
		{"bad row group size", []string{"--format", "verl", "-o", filepath.Join(dir, "f.parquet"), "--row-group-mb", "0", exportInput}, "", 2, "", "--row-group-mb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := runExportCLI(t, tt.stdin, tt.args...)
			if code != tt.code || !strings.Contains(out, tt.inStdout) || !strings.Contains(errs, tt.inStderr) {
				t.Errorf("code=%d (want %d)\nstdout=%s\nstderr=%s", code, tt.code, out, errs)
			}
			if code == ExitUsage && strings.Count(errs, "\n") > 1 {
				t.Errorf("error output must be one line: %q", errs)
			}
		})
	}
	for _, name := range []string{"bad.parquet", "c.parquet", "c.csv", "d.parquet", "e.parquet", "f.parquet"} {
		if _, err := os.Stat(filepath.Join(dir, name)); !os.IsNotExist(err) {
			t.Errorf("failed export created %s", name)
		}
	}
}

func TestExportJSONCounts(t *testing.T) {
	out := filepath.Join(t.TempDir(), "pairs.jsonl")
	code, _, errs := runExportCLI(t, "", "--format", "trl-dpo", "-o", out, "--json", "--skip-bad", exportInput)
	if code != 0 {
		t.Fatalf("code %d: %s", code, errs)
	}
	var st struct {
		Written int            `json:"written"`
		Skipped map[string]int `json:"skipped"`
	}
	if err := json.Unmarshal([]byte(errs), &st); err != nil {
		t.Fatalf("stderr is not JSON: %v\n%s", err, errs)
	}
	if st.Written != 2 || st.Skipped["all scores equal (zero variance)"] != 1 {
		t.Errorf("counts %+v", st)
	}
	b, err := os.ReadFile(out)
	if err != nil || strings.Count(string(b), "\n") != 2 {
		t.Errorf("output %q %v", b, err)
	}
}

func TestExportHelpListsFormats(t *testing.T) {
	code, out, _ := runExportCLI(t, "", "--help")
	for _, want := range []string{"verl (.parquet)", "verl-groups (.parquet)", "trl (.jsonl)", "trl-dpo (.jsonl)", "grpodata export --format verl"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("help lacks %q (code %d)", want, code)
		}
	}
}
