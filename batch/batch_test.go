package batch

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/grpodata/grpodata/jsonl"
	"github.com/grpodata/grpodata/option"
)

var update = flag.Bool("update", false, "rewrite golden files")

// words counts whitespace-separated words: a deterministic stand-in for a
// tokenizer (the real ones are tested in package tokenize).
type words struct{}

func (words) Count(s string) int { return len(strings.Fields(s)) }

// tb is what the helpers need of *testing.T and *rapid.T.
type tb interface {
	Fatal(...any)
	Fatalf(string, ...any)
}

func writeInput(t tb, dir string, n int, diff func(i int) string) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, `{"id":"r%03d","prompt":"%s","responses":[{"text":"a b c","score":1.0}],"difficulty":"%s","category":"c%d"}`+"\n",
			i, strings.Repeat("w ", 1+i%7), diff(i), i%2)
	}
	path := filepath.Join(dir, "in.jsonl")
	os.WriteFile(path, []byte(b.String()), 0o644)
	return path
}

func diffOf(i int) string { return []string{"easy", "easy", "medium", "hard", "easy", "medium"}[i%6] }

// readBatches returns each batch's record ids, checking manifest hashes and counts.
func readBatches(t tb, dir string) ([][]string, *Manifest) {
	var m Manifest
	raw, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	json.Unmarshal(raw, &m)
	var out [][]string
	for _, b := range m.Batches {
		data, _ := os.ReadFile(filepath.Join(dir, b.File))
		sum := sha256.Sum256(data)
		if hex.EncodeToString(sum[:]) != b.SHA256 {
			t.Fatalf("%s: sha256 mismatch", b.File)
		}
		r, _ := jsonl.Open(filepath.Join(dir, b.File))
		var ids []string
		for {
			l, err := r.Next()
			if err != nil {
				break
			}
			var rec struct{ ID string }
			json.Unmarshal(l.Data, &rec)
			ids = append(ids, rec.ID)
		}
		r.Close()
		if len(ids) != b.Records {
			t.Fatalf("%s: %d records, manifest says %d", b.File, len(ids), b.Records)
		}
		out = append(out, ids)
	}
	return out, &m
}

func TestStrategiesGolden(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
	}{
		{"static", cfgOf(Config{Strategy: "static"}, "batch_size=8")},
		{"static-shuffle", cfgOf(Config{Strategy: "static", Shuffle: true, Seed: 7}, "batch_size=8")},
		{"dynamic", cfgOf(Config{Strategy: "dynamic"}, "max_tokens=20")},
		{"dynamic-all-cap", cfgOf(Config{Strategy: "dynamic", Count: "all"}, "max_tokens=40", "batch_size=3")},
		{"stratified", cfgOf(Config{Strategy: "stratified"}, "batch_size=6", "by=difficulty")},
		{"stratified-shuffle-zst", cfgOf(Config{Strategy: "stratified", Shuffle: true, Seed: 3, Compress: "zst"}, "batch_size=6", "by=difficulty")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			in := writeInput(t, dir, 24, diffOf)
			cfg := tt.cfg
			if cfg.Count == "" {
				cfg.Count = "prompt"
			}
			if cfg.Compress == "" {
				cfg.Compress = "none"
			}
			cfg.Tokenizer = "words"
			out := filepath.Join(dir, "batches")
			if _, err := Run(context.Background(), []string{in}, out, cfg, words{}, "test"); err != nil {
				t.Fatal(err)
			}
			batches, m := readBatches(t, out)
			var got bytes.Buffer
			for i, b := range batches {
				fmt.Fprintf(&got, "%s tokens=%d strata=%v: %s\n", m.Batches[i].File, m.Batches[i].Tokens, m.Batches[i].Strata, strings.Join(b, " "))
			}
			for _, w := range m.Warnings {
				fmt.Fprintf(&got, "warning: %s\n", strings.ReplaceAll(w, in, "in.jsonl"))
			}
			golden := filepath.Join("testdata", tt.name+".golden")
			if *update {
				os.MkdirAll("testdata", 0o755)
				os.WriteFile(golden, got.Bytes(), 0o644)
			}
			want, _ := os.ReadFile(golden)
			if !bytes.Equal(got.Bytes(), want) {
				t.Errorf("differs from %s:\n%s\nwant:\n%s", golden, got.String(), want)
			}
		})
	}
}

func TestOversizeRecordGoesAlone(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.jsonl")
	os.WriteFile(in, []byte(`{"id":"a","prompt":"one two"}`+"\n"+`{"id":"b","prompt":"`+strings.Repeat("x ", 50)+`"}`+"\n"+`{"id":"c","prompt":"three"}`+"\n"), 0o644)
	out := filepath.Join(dir, "b")
	m, err := Run(context.Background(), []string{in}, out, cfgOf(Config{Strategy: "dynamic", Count: "prompt", Compress: "none"}, "max_tokens=10"), words{}, "t")
	if err != nil {
		t.Fatal(err)
	}
	batches, _ := readBatches(t, out)
	if fmt.Sprint(batches) != "[[a] [b] [c]]" || m.WarningsN != 1 || !strings.Contains(m.Warnings[0], ":2: 50 tokens exceed the budget of 10") {
		t.Errorf("batches=%v warnings=%v", batches, m.Warnings)
	}
}

func TestRefusesForeignDirAndKeepsOldOnError(t *testing.T) {
	dir := t.TempDir()
	foreign := filepath.Join(dir, "mine")
	os.MkdirAll(foreign, 0o755)
	os.WriteFile(filepath.Join(foreign, "notes.txt"), []byte("x"), 0o644)
	in := writeInput(t, dir, 5, diffOf)
	cfg := cfgOf(Config{Strategy: "static", Count: "prompt", Compress: "none"}, "batch_size=2")
	if _, err := Run(context.Background(), []string{in}, foreign, cfg, words{}, "t"); err == nil || !strings.Contains(err.Error(), "refusing") {
		t.Errorf("foreign dir: err = %v", err)
	}
	out := filepath.Join(dir, "out")
	if _, err := Run(context.Background(), []string{in}, out, cfg, words{}, "t"); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.jsonl")
	os.WriteFile(bad, []byte(`{"prompt":"ok"}`+"\n"+`{"prompt":7}`+"\n"), 0o644)
	_, err := Run(context.Background(), []string{bad}, out, cfg, words{}, "t")
	if err == nil || err.Error() != bad+":2: prompt: expected string or list of messages, got number" {
		t.Errorf("err = %v", err)
	}
	if batches, _ := readBatches(t, out); len(batches) != 3 {
		t.Errorf("old batches damaged: %v", batches)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 5 { // in.jsonl bad.jsonl mine out + nothing left over... counted below
		names := []string{}
		for _, e := range ents {
			names = append(names, e.Name())
		}
		if strings.Contains(strings.Join(names, " "), ".tmp-") {
			t.Errorf("temporary directory left behind: %v", names)
		}
	}
}

// Every input record lands in exactly one batch, for every strategy; dynamic
// batches stay within budget unless they hold one oversize record; stratified
// batches hold each stratum at the floor or ceiling of its share, and stay
// within one record of the quota after every batch.
func TestBatchProperties(t *testing.T) {
	base := t.TempDir()
	run := 0
	rapid.Check(t, func(t *rapid.T) {
		run++
		dir := filepath.Join(base, fmt.Sprint(run))
		os.MkdirAll(dir, 0o755)
		n := rapid.IntRange(1, 60).Draw(t, "records") // none is an error (internal/cli TestEmptyInputIsAnError)
		labels := rapid.SliceOfN(rapid.SampledFrom([]string{"easy", "medium", "hard", "x", ""}), n, n).Draw(t, "labels")
		in := writeInput(t, dir, n, func(i int) string { return labels[i] })
		strategy := rapid.SampledFrom([]string{"static", "dynamic", "stratified"}).Draw(t, "strategy")
		size, budget := rapid.IntRange(1, 10).Draw(t, "size"), rapid.IntRange(1, 30).Draw(t, "budget")
		if strategy == "dynamic" && rapid.Bool().Draw(t, "nocap") {
			size = 0
		}
		cfg := cfgOf(Config{
			Strategy: strategy,
			Count:    rapid.SampledFrom([]string{"prompt", "all"}).Draw(t, "count"),
			Shuffle:  rapid.Bool().Draw(t, "shuffle"),
			Seed:     rapid.Uint64().Draw(t, "seed"),
			Compress: rapid.SampledFrom([]string{"none", "zst", "gz"}).Draw(t, "compress"),
		}, fmt.Sprintf("batch_size=%d", size), fmt.Sprintf("max_tokens=%d", budget), "by=difficulty")
		out := filepath.Join(dir, "out")
		if _, err := Run(context.Background(), []string{in}, out, cfg, words{}, "t"); err != nil {
			t.Fatal(err)
		}
		batches, m := readBatches(t, out)
		seen := map[string]int{}
		for _, b := range batches {
			for _, id := range b {
				seen[id]++
			}
		}
		if len(seen) != n || m.Records != n {
			t.Fatalf("%d distinct records in batches, %d in input", len(seen), n)
		}
		for id, c := range seen {
			if c != 1 {
				t.Fatalf("%s appears %d times", id, c)
			}
		}
		for i, b := range m.Batches {
			if b.Records == 0 {
				t.Fatalf("empty batch %s", b.File)
			}
			switch cfg.Strategy {
			case "dynamic":
				if b.Tokens > int64(budget) && b.Records != 1 {
					t.Fatalf("batch %d: %d tokens over budget %d with %d records", i, b.Tokens, budget, b.Records)
				}
				if size > 0 && b.Records > size {
					t.Fatalf("batch %d: %d records over the cap %d", i, b.Records, size)
				}
			default:
				if b.Records > size || (i < len(m.Batches)-1 && b.Records != size) {
					t.Fatalf("batch %d has %d records, size %d", i, b.Records, size)
				}
			}
		}
		if cfg.Strategy == "stratified" {
			checkBatchQuota(t, batches, labels, size)
		}
	})
}

// checkBatchQuota is checkStratified on the batches a run wrote.
func checkBatchQuota(t *rapid.T, batches [][]string, labels []string, size int) {
	metas := make([]Meta, len(labels))
	for i, l := range labels {
		if l == "" {
			l = "(none)"
		}
		metas[i] = Meta{Stratum: l}
	}
	var order []int
	for _, b := range batches {
		for _, id := range b {
			var i int
			fmt.Sscanf(id, "r%d", &i)
			order = append(order, i)
		}
	}
	checkStratified(t, metas, order, size)
}

// A killed batch run leaves its hidden build directory beside the output;
// the next run removes it (its pid is gone and nobody holds its lock).
func TestRemovesBuildDirOfKilledRun(t *testing.T) {
	dir := t.TempDir()
	in := writeInput(t, dir, 5, diffOf)
	dead := exec.Command("/bin/true")
	if err := dead.Run(); err != nil {
		t.Skip(err)
	}
	stale := filepath.Join(dir, fmt.Sprintf(".out.tmp-%d-123", dead.Process.Pid))
	if err := os.MkdirAll(stale, 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(stale, ".spill-1"), make([]byte, 1<<20), 0o644)
	cfg := cfgOf(Config{Strategy: "static", Count: "prompt", Compress: "none"}, "batch_size=2")
	if _, err := Run(context.Background(), []string{in}, filepath.Join(dir, "out"), cfg, words{}, "t"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the killed run's build directory is still there: %v", err)
	}
}

// cfgOf is base with every strategy's default knobs, some of them set
// ("batch_size=8"), as flags or a pipeline block would set them.
func cfgOf(base Config, knobs ...string) Config {
	base.Options = DefaultConfig().Options
	for _, kv := range knobs {
		k, v, _ := strings.Cut(kv, "=")
		if err := option.Set(&base, k, v); err != nil {
			panic(err)
		}
	}
	return base
}
