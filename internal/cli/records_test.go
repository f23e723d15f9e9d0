package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// recordCommands are the commands that read records, each as the
// arguments that run it on input in with its output under dir.
var recordCommands = []struct {
	name string
	args func(in, dir string) []string
}{
	{"stats", func(in, dir string) []string { return []string{"stats", in} }},
	{"stats --annotate", func(in, dir string) []string {
		return []string{"stats", in, "--annotate", "-o", filepath.Join(dir, "a.jsonl")}
	}},
	{"filter", func(in, dir string) []string { return []string{"filter", in, "-o", filepath.Join(dir, "f.jsonl")} }},
	{"export verl", func(in, dir string) []string {
		return []string{"export", in, "--format", "verl", "-o", filepath.Join(dir, "v.parquet")}
	}},
	{"export trl", func(in, dir string) []string {
		return []string{"export", in, "--format", "trl", "-o", filepath.Join(dir, "t.jsonl")}
	}},
	{"report", func(in, dir string) []string { return []string{"report", in, "-o", filepath.Join(dir, "r.html")} }},
	{"batch", func(in, dir string) []string {
		return []string{"batch", in, "-o", filepath.Join(dir, "b"), "--batch-size", "1", "--tokenizer", "estimate"}
	}},
	{"batch stratified", func(in, dir string) []string {
		return []string{"batch", in, "-o", filepath.Join(dir, "s"), "--strategy", "stratified", "--batch-size", "2", "--tokenizer", "estimate"}
	}},
	{"tokens", func(in, dir string) []string {
		return []string{"tokens", in, "--tokenizer", "estimate", "-o", filepath.Join(dir, "k.jsonl")}
	}},
}

const (
	goodRecord = `{"prompt":"p","responses":[{"text":"a","score":1.0},{"text":"b","score":0.0}]}`
	badRecord  = `{"prompt":"q","responses":[{"text":"a","score":"high"}]}`
	badWhy     = "responses[0].score: expected number or null, got string"
)

func writeFile(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestBadRecordPolicy: one policy for every command that reads records. A
// bad record stops the command at FILE:LINE: field (exit 2, nothing
// written); --skip-bad leaves it out, and stderr says how many and which
// was first.
func TestBadRecordPolicy(t *testing.T) {
	for _, c := range recordCommands {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			in := writeFile(t, dir, "in.jsonl", goodRecord+"\n\n"+badRecord+"\n"+strings.Replace(goodRecord, `"p"`, `"p2"`, 1)+"\n"+badRecord+"\n")
			out := t.TempDir()
			code, _, errs := runCLI(t, "", c.args(in, out)...)
			if want := "grpodata: " + in + ":3: " + badWhy + "\n"; code != ExitUsage || errs != want {
				t.Errorf("without --skip-bad: code %d, stderr %q\nwant %q", code, errs, want)
			}
			if ents, _ := os.ReadDir(out); len(ents) != 0 {
				t.Errorf("a stopped run wrote %v", ents)
			}
			code, _, errs = runCLI(t, "", append(c.args(in, out), "--skip-bad")...)
			if want := "warning: skipped 2 bad records (first: " + in + ":3: " + badWhy + ")\n"; code != ExitOK || !strings.Contains(errs, want) {
				t.Errorf("--skip-bad: code %d, stderr %q\nwant in it %q", code, errs, want)
			}
			allBad := writeFile(t, dir, "bad.jsonl", badRecord+"\n")
			code, _, errs = runCLI(t, "", append(c.args(allBad, out), "--skip-bad")...)
			if want := "grpodata: " + allBad + ": no records (all 1 were bad and skipped)\n"; code != ExitUsage || !strings.HasSuffix(errs, want) {
				t.Errorf("--skip-bad, all bad: code %d, stderr %q\nwant %q", code, errs, want)
			}
		})
	}
}

// TestEmptyInputIsAnError: an input without a record (empty, or only blank
// lines) is an error naming it, for every command that reads records,
// validate and prompts included: an empty output that looks like success is
// how lost data goes unnoticed.
func TestEmptyInputIsAnError(t *testing.T) {
	cmds := append([]struct {
		name string
		args func(in, dir string) []string
	}{
		{"validate", func(in, dir string) []string { return []string{"validate", in} }},
		{"prompts", func(in, dir string) []string {
			return []string{"prompts", "-f", "gsm8k", in, "-o", filepath.Join(dir, "p.jsonl")}
		}},
		{"generate", func(in, dir string) []string {
			return []string{"generate", in, "--backend", "sim", "-o", filepath.Join(dir, "g.jsonl")}
		}},
		{"augment", func(in, dir string) []string {
			return []string{"augment", in, "--paraphrase", "1", "--backend", "sim", "-o", filepath.Join(dir, "a.jsonl")}
		}},
		{"verify", func(in, dir string) []string {
			return []string{"verify", in, "--verifier", "symbolic_math", "-o", filepath.Join(dir, "v.jsonl")}
		}},
	}, recordCommands...)
	dir := t.TempDir()
	inputs := map[string]string{
		"empty":   writeFile(t, dir, "empty.jsonl", ""),
		"blank":   writeFile(t, dir, "blank.jsonl", "\n   \n\t\r\n"),
		"array":   writeFile(t, dir, "rows.json", "[\n]\n"),
		"another": "", // the second of two inputs is empty
	}
	good := writeFile(t, dir, "good.jsonl", goodRecord+"\n")
	for _, c := range cmds {
		for kind, in := range inputs {
			if kind == "array" && c.name != "prompts" {
				continue // only prompts reads JSON arrays
			}
			t.Run(c.name+"/"+kind, func(t *testing.T) {
				out := t.TempDir()
				args := c.args(in, out)
				want := in
				if kind == "another" {
					want = inputs["empty"]
					first := good
					if c.name == "prompts" {
						first = "../../prompts/testdata/gsm8k.jsonl"
					}
					args = append(c.args(first, out), want)
				}
				code, _, errs := runCLI(t, "", args...)
				if code != ExitUsage || errs != "grpodata: "+want+": no records\n" {
					t.Errorf("code %d, stderr %q", code, errs)
				}
				if ents, _ := os.ReadDir(out); len(ents) != 0 {
					t.Errorf("wrote %v", ents)
				}
			})
		}
	}
	t.Run("stdin", func(t *testing.T) {
		code, _, errs := runCLI(t, "\n", "stats", "-")
		if code != ExitUsage || errs != "grpodata: <stdin>: no records\n" {
			t.Errorf("code %d, stderr %q", code, errs)
		}
	})
}
