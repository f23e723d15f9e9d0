package validate

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/grpodata/grpodata/option"
)

var update = flag.Bool("update", false, "rewrite golden files")

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		os.WriteFile(path, got, 0o644)
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from golden:\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

func run(t *testing.T, cfg Config, files ...string) *Report {
	t.Helper()
	rep, err := Run(context.Background(), files, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestMixedGolden(t *testing.T) {
	rep := run(t, DefaultConfig(), "testdata/mixed.jsonl")
	if !rep.Failed {
		t.Error("mixed.jsonl must fail")
	}
	var text bytes.Buffer
	WriteText(&text, rep)
	golden(t, "mixed.txt", text.Bytes())
	js, _ := json.MarshalIndent(rep, "", "  ")
	golden(t, "mixed.json", append(js, '\n'))
}

func TestCleanPasses(t *testing.T) {
	rep := run(t, DefaultConfig(), "testdata/clean.jsonl")
	if rep.Failed {
		var b bytes.Buffer
		WriteText(&b, rep)
		t.Fatalf("clean.jsonl failed:\n%s", b.String())
	}
	var text bytes.Buffer
	WriteText(&text, rep)
	golden(t, "clean.txt", text.Bytes())
}

func TestGivenGroupSize(t *testing.T) {
	cfg := DefaultConfig()
	option.Set(&cfg, "group_size", "16")
	cfg.Checks = []string{"group_size"}
	rep := run(t, cfg, "testdata/clean.jsonl")
	if !rep.Failed || rep.Checks[0].Count != 8 || rep.Checks[0].Examples[0].Message != "expected 16 responses, got 4" {
		t.Errorf("report = %+v", rep.Checks[0])
	}
}

func TestSelectedChecksOnly(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Checks = []string{"group_size", "scores", "coverage"}
	rep := run(t, cfg, "testdata/clean.jsonl")
	if len(rep.Checks) != 3 || rep.Checks[0].Name != "group_size" || rep.Checks[2].Name != "coverage" {
		t.Errorf("checks = %+v", rep.Checks)
	}
}

func TestCoverageWarnsBelowMinimum(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Checks = []string{"coverage"}
	option.Set(&cfg, "min_coverage", "90") // mixed.jsonl has 23 of 28 scored: 82.1%
	rep := run(t, cfg, "testdata/mixed.jsonl")
	c := rep.Checks[0]
	if c.Status != Warn || rep.Failed {
		t.Errorf("coverage = %+v", c)
	}
	option.Set(&cfg, "min_coverage", "10")
	if c := run(t, cfg, "testdata/mixed.jsonl").Checks[0]; c.Status != Pass {
		t.Errorf("coverage with min 10 = %+v", c)
	}
}

func TestUnknownCheckIsConfigError(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Checks = []string{"group_size", "nope"}
	if err := ValidateConfig(cfg); err == nil {
		t.Error("unknown check accepted")
	}
}

func TestDuplicatesAcrossFiles(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Checks = []string{"duplicates"}
	second := filepath.Join(t.TempDir(), "again.jsonl")
	data, _ := os.ReadFile("testdata/clean.jsonl")
	os.WriteFile(second, data, 0o644)
	rep := run(t, cfg, "testdata/clean.jsonl", second)
	c := rep.Checks[0]
	if c.Count != 8 || c.Examples[0].Message != "prompt duplicates the one at clean.jsonl:1" || c.Examples[0].File != second {
		t.Errorf("duplicates = %+v", c)
	}
}

func TestUnreadableFileIsError(t *testing.T) {
	if _, err := Run(context.Background(), []string{"testdata/none.jsonl"}, DefaultConfig(), nil); err == nil {
		t.Error("missing file not reported")
	}
}
