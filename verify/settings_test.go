package verify_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/grpodata/grpodata/jsonl"
	"github.com/grpodata/grpodata/verify"
	_ "github.com/grpodata/grpodata/verify/all"
)

// Settings are declared by each verifier: a typo or a value of the wrong
// kind is an error before any record is read, never silently ignored.
func TestSettingsAreDeclared(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.jsonl")
	os.WriteFile(in, []byte(`{"prompt":"1+1?","answer":"2","responses":[{"text":"2"}]}`+"\n"), 0o644)
	cases := []struct {
		verifier string
		set      []string
		err      string // "" for success
	}{
		{"symbolic_math", []string{"math.solve=false"}, ""},
		{"symbolic_math", []string{"symbolic_math.solve=false", "solve=true"}, ""},
		{"auto", []string{"code.test_timeout=5s", "math.solve=false", "memory_mb=256"}, ""},
		{"symbolic_math", []string{"math.slove=false"}, "setting symbolic_math.slove: unknown option (known: solve, strip_think, think_open, think_close)"},
		{"symbolic_math", []string{"math.solve=perhaps"}, "solve: want true or false"},
		{"symbolic_math", []string{"slove=false"}, "setting slove: no setting of that name for the symbolic_math verifier"},
		{"code", []string{"code.test_timout=5s"}, "setting code.test_timout: unknown option (known: test_timeout, max_time, memory_mb, python, strip_think, think_open, think_close)"},
		{"code", []string{"code.test_timeout=-1s"}, "want a positive duration"},
		{"auto", []string{"cdoe.test_timeout=5s"}, `setting cdoe.test_timeout: no verifier "cdoe"`},
		{"symbolic_math", []string{"nokeyvalue"}, `--set "nokeyvalue": want key=value`},
	}
	for _, c := range cases {
		cfg := verify.DefaultConfig()
		cfg.Verifier, cfg.Set = c.verifier, c.set
		checkErr := verify.Stage.Check(&cfg)
		_, runErr := verify.Run(context.Background(), jsonl.Source{Files: []string{in}}, jsonl.Sink{Path: filepath.Join(dir, "out.jsonl")}, cfg)
		for _, err := range []error{checkErr, runErr} {
			switch {
			case c.err == "" && err != nil && !strings.Contains(err.Error(), "sandbox"):
				t.Errorf("%s %v: %v", c.verifier, c.set, err)
			case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
				t.Errorf("%s %v: err %v, want %q", c.verifier, c.set, err, c.err)
			}
		}
	}
}
