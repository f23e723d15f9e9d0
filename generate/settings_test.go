package generate_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/grpodata/grpodata/generate"
	"github.com/grpodata/grpodata/llm"
)

// baseConfig is a run over 6 prompts with group size 4 at temperature 1.
func baseConfig(prompts, out string) generate.Config {
	return generate.Config{
		Inputs: []string{prompts}, Output: out, Backend: simBackend(1), GroupSize: 4,
		Params: llm.Params{Temperature: ptr(1.0)},
		Policy: generate.Settings{Backend: "sim", Options: map[string]string{"seed": "1"}},
	}
}

func TestResumeRefusesDrift(t *testing.T) {
	cases := []struct {
		name   string
		change func(*generate.Config)
		want   string // in the error
	}{
		{"group size", func(c *generate.Config) { c.GroupSize = 8 }, "group_size: 4 in the output, 8 now"},
		{"temperature", func(c *generate.Config) { c.Params.Temperature = ptr(0.7) }, "params.temperature: 1 in the output, 0.7 now"},
		{"model", func(c *generate.Config) { c.Policy.Model = "m2" }, "model: unset in the output, \"m2\" now"},
		{"backend option", func(c *generate.Config) { c.Policy.Options = map[string]string{"seed": "2"} }, "options:"},
		{"system prompt", func(c *generate.Config) { c.System = "be brief" }, "system:"},
		{"extra body", func(c *generate.Config) { c.Extra = map[string]any{"top_k": 20} }, "extra:"},
		{"stop", func(c *generate.Config) { c.Params.Stop = []string{"\n\n"} }, "params.stop:"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			prompts, out := writePrompts(t, dir, 6), filepath.Join(dir, "gen.jsonl")
			if _, err := generate.Run(context.Background(), baseConfig(prompts, out)); err != nil {
				t.Fatal(err)
			}
			before, _ := os.ReadFile(out)
			cfg := baseConfig(prompts, out)
			c.change(&cfg)
			_, err := generate.Run(context.Background(), cfg)
			var de *generate.DriftError
			if !errors.As(err, &de) || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "--force-new") {
				t.Fatalf("err = %v, want a drift error with %q", err, c.want)
			}
			if after, _ := os.ReadFile(out); string(after) != string(before) {
				t.Error("a refused resume changed the output")
			}
		})
	}
}

func TestResumeKeepsGoingWithoutDrift(t *testing.T) {
	dir := t.TempDir()
	prompts, out := writePrompts(t, dir, 6), filepath.Join(dir, "gen.jsonl")
	cfg := baseConfig(prompts, out)
	cfg.Limit = 3
	if _, err := generate.Run(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	cfg = baseConfig(prompts, out)
	cfg.Concurrency, cfg.ProgressEvery = 1, 1e9 // not settings
	p, err := generate.Run(context.Background(), cfg)
	if err != nil || p.Done != 3 || p.Skipped != 3 {
		t.Fatalf("resume: %+v %v", p, err)
	}
}

func TestForceNewMovesTheOldOutputAside(t *testing.T) {
	dir := t.TempDir()
	prompts, out := writePrompts(t, dir, 6), filepath.Join(dir, "gen.jsonl")
	if _, err := generate.Run(context.Background(), baseConfig(prompts, out)); err != nil {
		t.Fatal(err)
	}
	old, _ := os.ReadFile(out)
	for i, mode := range []func(*generate.Config){
		func(c *generate.Config) { c.ForceNew = true },
		func(c *generate.Config) { c.GroupSize, c.OnDrift = 2, generate.DriftStartOver },
	} {
		cfg := baseConfig(prompts, out)
		mode(&cfg)
		p, err := generate.Run(context.Background(), cfg)
		aside := filepath.Join(dir, "gen.old-"+string(rune('1'+i))+".jsonl")
		if err != nil || p.Done != 6 || p.MovedAside != aside {
			t.Fatalf("run %d: %+v %v", i, p, err)
		}
		if _, err := os.Stat(generate.SettingsPath(aside)); err != nil {
			t.Errorf("the sidecar did not move with the output: %v", err)
		}
	}
	if kept, _ := os.ReadFile(filepath.Join(dir, "gen.old-1.jsonl")); string(kept) != string(old) {
		t.Error("the first output was not kept intact")
	}
	for _, r := range readOut(t, out) {
		if len(r.Responses) != 2 {
			t.Fatalf("new output holds a group of %d", len(r.Responses))
		}
	}
}

func TestAppendAnywayRecordsBothSettings(t *testing.T) {
	dir := t.TempDir()
	prompts, out := writePrompts(t, dir, 6), filepath.Join(dir, "gen.jsonl")
	cfg := baseConfig(prompts, out)
	cfg.Limit = 2
	if _, err := generate.Run(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	cfg = baseConfig(prompts, out)
	cfg.GroupSize, cfg.OnDrift = 3, generate.DriftAppend
	if p, err := generate.Run(context.Background(), cfg); err != nil || p.Done != 4 {
		t.Fatalf("append: %+v %v", p, err)
	}
	side, _ := os.ReadFile(generate.SettingsPath(out))
	if !strings.Contains(string(side), `"group_size": 3`) || !strings.Contains(string(side), `"earlier"`) ||
		!strings.Contains(string(side), `"group_size": 4`) {
		t.Errorf("sidecar = %s", side)
	}
}

func TestDriftInferredFromAnOutputWithoutSidecar(t *testing.T) {
	dir := t.TempDir()
	prompts, out := writePrompts(t, dir, 6), filepath.Join(dir, "gen.jsonl")
	if _, err := generate.Run(context.Background(), baseConfig(prompts, out)); err != nil {
		t.Fatal(err)
	}
	os.Remove(generate.SettingsPath(out)) // an output from before sidecars
	cfg := baseConfig(prompts, out)
	cfg.Policy.Options = map[string]string{"seed": "9"} // not recorded in records: cannot be compared
	if _, err := generate.Run(context.Background(), cfg); err != nil {
		t.Fatalf("same group size and temperature: %v", err)
	}
	os.Remove(generate.SettingsPath(out))
	cfg.GroupSize = 16
	if _, err := generate.Run(context.Background(), cfg); !strings.Contains(fmtErr(err), "group_size: 4 in the output, 16 now") {
		t.Errorf("err = %v", err)
	}
}

func fmtErr(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
