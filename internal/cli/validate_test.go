package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runCLI(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Main(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestValidateExitCodes(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		stdin    string
		code     int
		inStdout string
		inStderr string
	}{
		{"clean example", []string{"validate", "../../examples/groups.jsonl"}, "", 0, "result: PASS", ""},
		{"failing file", []string{"validate", "--input", "../../validate/testdata/mixed.jsonl"}, "", 1, "result: FAIL", ""},
		{"guide spelling", []string{"validate", "--input", "../../examples/groups.jsonl", "--checks", "group_size,scores,coverage", "--group_size", "8"}, "", 0, "12 groups, each with 8 responses (given)", ""},
		{"wrong group size", []string{"validate", "../../examples/groups.jsonl", "--group-size", "16"}, "", 1, "expected 16 responses, got 8", ""},
		{"stdin", []string{"validate", "-"}, `{"prompt":"p","responses":[{"text":"a","score":1.0},{"text":"b","score":0.0}]}` + "\n", 0, "<stdin>", ""},
		{"missing file", []string{"validate", "nope.jsonl"}, "", 2, "", "grpodata: open nope.jsonl: no such file or directory"},
		{"unknown check", []string{"validate", "--checks", "bogus", "../../examples/groups.jsonl"}, "", 2, "", `unknown check "bogus"`},
		{"bad flag", []string{"validate", "--frobnicate"}, "", 2, "", "unknown flag: --frobnicate"},
		{"no input", []string{"validate"}, "", 2, "", "no input"},
		{"unknown command", []string{"frob"}, "", 2, "", "unknown command"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := runCLI(t, tt.stdin, tt.args...)
			if code != tt.code || !strings.Contains(out, tt.inStdout) || !strings.Contains(errs, tt.inStderr) {
				t.Errorf("code=%d (want %d)\nstdout=%s\nstderr=%s", code, tt.code, out, errs)
			}
			if strings.Count(errs, "\n") > 1 {
				t.Errorf("error output must be one line: %q", errs)
			}
		})
	}
}

func TestValidateJSONReportToFile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "report.json")
	code, _, _ := runCLI(t, "", "validate", "../../validate/testdata/mixed.jsonl", "--json", "-o", out)
	if code != 1 {
		t.Fatalf("code = %d", code)
	}
	b, err := os.ReadFile(out)
	if err != nil || !bytes.Contains(b, []byte(`"name": "group_size"`)) {
		t.Errorf("report: %s %v", b, err)
	}
}

func TestHelpHasExamples(t *testing.T) {
	root := NewRoot(&Streams{In: strings.NewReader(""), Out: &bytes.Buffer{}, Err: &bytes.Buffer{}})
	for _, c := range root.Commands() {
		if c.Name() == "help" || c.Name() == "completion" {
			continue
		}
		if c.Example == "" {
			t.Errorf("command %s has no example in --help", c.Name())
		}
	}
}

// The help of a stage lists the plugins registered in init (checks here).
func TestValidateHelpListsChecks(t *testing.T) {
	_, out, _ := runCLI(t, "", "validate", "--help")
	for _, check := range []string{"schema", "group_size", "scores", "coverage", "variance", "duplicates"} {
		if !strings.Contains(out, "\n  "+check+" ") {
			t.Errorf("validate --help does not list %s:\n%s", check, out)
		}
	}
}
