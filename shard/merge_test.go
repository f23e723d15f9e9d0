package shard

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/grpodata/grpodata/jsonl"
	"github.com/grpodata/grpodata/record"
	"github.com/grpodata/grpodata/stage"
)

// echoConfig configures echoStage.
type echoConfig struct {
	Tag string `yaml:"tag" help:"written into every record"`
}

// echoStage is a per-record stage with each shape a real one has: it
// writes a record per input record (verify), drops some (generate's failed
// prompts: ids starting "drop"), and follows some with records derived from
// them (augment's variants: ids starting "aug").
var echoStage = stage.Def[echoConfig]{
	Spec:     stage.Spec{Name: "echo", PerRecord: true, BadRecords: true},
	Defaults: func() echoConfig { return echoConfig{Tag: "t"} },
	RunConfig: func(ctx context.Context, in jsonl.Source, out jsonl.Sink, c *echoConfig) (stage.Summary, error) {
		w, err := out.Create()
		if err != nil {
			return stage.Summary{}, err
		}
		defer w.Close()
		for _, name := range in.Files {
			if err := echoFile(in, name, c.Tag, w); err != nil {
				return stage.Summary{}, err
			}
		}
		return stage.Summary{Records: int64(w.Lines())}, w.Commit()
	},
}

func echoFile(in jsonl.Source, name, tag string, w *jsonl.Writer) error {
	r, err := in.Open(name)
	if err != nil {
		return err
	}
	defer r.Close()
	for {
		l, err := r.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		rec, err := record.Decode(l.Data)
		if err != nil {
			if err := r.Bad(l.N, jsonl.Bad(err)); err != nil {
				return err
			}
			continue
		}
		if strings.HasPrefix(rec.ID, "drop") {
			continue
		}
		rec.Extra.Set("tag", tag)
		if err := w.WriteLine(rec.AppendJSON(nil)); err != nil {
			return err
		}
		if strings.HasPrefix(rec.ID, "aug") {
			for v := range 2 {
				line := fmt.Sprintf(`{"id":"%s-v%d","prompt":"variant %d","metadata":{"augmented_from":"%s"}}`, rec.Key(), v, v, rec.Key())
				if err := w.WriteLine([]byte(line)); err != nil {
					return err
				}
			}
		}
	}
}

// runShards runs echoStage as n shards of in beside out.
func runShards(t testing.TB, in []string, out string, n int, cfg *echoConfig) {
	t.Helper()
	for i := range n {
		if _, err := Run(context.Background(), echoStage, Shard{i, n}, jsonl.Source{Files: in}, jsonl.Sink{Path: out}, cfg); err != nil {
			t.Fatalf("shard %d/%d: %v", i, n, err)
		}
	}
}

// TestMergeEqualsOneRun: for any input (ids repeated or not, prompts
// without ids, records dropped or followed by derived ones) and any shard
// count, the merged output is byte for byte the one-machine output.
func TestMergeEqualsOneRun(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		dir, err := os.MkdirTemp(t.TempDir(), "")
		if err != nil {
			rt.Fatal(err)
		}
		lines := rapid.SliceOfN(rapid.OneOf(
			rapid.Custom(func(t *rapid.T) string {
				return fmt.Sprintf(`{"id":"%s%d","prompt":"p"}`, rapid.SampledFrom([]string{"k", "drop", "aug"}).Draw(t, "kind"), rapid.IntRange(0, 20).Draw(t, "n"))
			}),
			rapid.Custom(func(t *rapid.T) string {
				return fmt.Sprintf(`{"prompt":"q%d"}`, rapid.IntRange(0, 20).Draw(t, "q"))
			}),
		), 1, 40).Draw(rt, "lines")
		files := splitInto(rt, dir, lines, rapid.IntRange(1, 3).Draw(rt, "files"))
		n := rapid.IntRange(1, 7).Draw(rt, "shards")
		cfg := &echoConfig{Tag: "x"}
		one := filepath.Join(dir, "one.jsonl")
		if _, err := echoStage.Run(context.Background(), jsonl.Source{Files: files}, jsonl.Sink{Path: one}, cfg); err != nil {
			rt.Fatal(err)
		}
		out := filepath.Join(dir, "out.jsonl")
		runShards(t, files, out, n, cfg)
		sum, err := Merge(context.Background(), MergeOptions{Output: out})
		if err != nil {
			rt.Fatal(err)
		}
		want, _ := os.ReadFile(one)
		got, _ := os.ReadFile(out)
		if string(got) != string(want) {
			rt.Fatalf("merged %d shards differ from one run:\n%s\nwant:\n%s", n, got, want)
		}
		if sum.Records != int64(strings.Count(string(want), "\n")) {
			rt.Fatalf("summary %d records", sum.Records)
		}
	})
}

// splitInto writes lines into k files in order.
func splitInto(t *rapid.T, dir string, lines []string, k int) []string {
	var files []string
	per := (len(lines) + k - 1) / k
	for i := 0; i*per < len(lines); i++ {
		end := min((i+1)*per, len(lines))
		f := filepath.Join(dir, fmt.Sprintf("in%d.jsonl", i))
		if err := os.WriteFile(f, []byte(strings.Join(lines[i*per:end], "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	return files
}

// TestMergeRefuses: one line naming the shard that is missing, incomplete
// or foreign, and the merged output is not written.
func TestMergeRefuses(t *testing.T) {
	setup := func(t *testing.T) (dir, in, out string) {
		dir = t.TempDir()
		in = filepath.Join(dir, "in.jsonl")
		var b strings.Builder
		for i := range 30 {
			fmt.Fprintf(&b, `{"id":"k%d","prompt":"p"}`+"\n", i)
		}
		os.WriteFile(in, []byte(b.String()), 0o644)
		out = filepath.Join(dir, "out.jsonl")
		runShards(t, []string{in}, out, 3, &echoConfig{Tag: "a"})
		return dir, in, out
	}
	for _, tt := range []struct {
		name  string
		spoil func(t *testing.T, dir, in, out string)
		opts  func(o *MergeOptions)
		want  string
	}{
		{"missing shard", func(t *testing.T, dir, in, out string) {
			os.Remove(Shard{1, 3}.Path(out))
			os.Remove(ManifestPath(Shard{1, 3}.Path(out)))
		}, nil, "merge: shard 1 of 3 is missing (" + "OUT.shard-0001-of-0003.jsonl)"},
		{"incomplete shard", func(t *testing.T, dir, in, out string) {
			m, _ := ReadManifest(ManifestPath(Shard{2, 3}.Path(out)))
			m.Complete = false
			WriteManifest(ManifestPath(Shard{2, 3}.Path(out)), m)
		}, nil, "OUT.shard-0002-of-0003.jsonl is not complete (shard 2 of 3 stopped or is still running: run it again)"},
		{"other options", func(t *testing.T, dir, in, out string) {
			Run(context.Background(), echoStage, Shard{0, 3}, jsonl.Source{Files: []string{in}}, jsonl.Sink{Path: out}, &echoConfig{Tag: "b"})
		}, nil, "OUT.shard-0001-of-0003.jsonl was made with other options than OUT.shard-0000-of-0003.jsonl"},
		{"other input", func(t *testing.T, dir, in, out string) {
			other := filepath.Join(dir, "other.jsonl")
			os.WriteFile(other, []byte(`{"id":"z","prompt":"p"}`+"\n"), 0o644)
			Run(context.Background(), echoStage, Shard{2, 3}, jsonl.Source{Files: []string{other}}, jsonl.Sink{Path: out}, &echoConfig{Tag: "a"})
		}, nil, "OUT.shard-0002-of-0003.jsonl was made from another input than OUT.shard-0000-of-0003.jsonl"},
		{"input changed", func(t *testing.T, dir, in, out string) {
			os.WriteFile(in, []byte(`{"id":"k0","prompt":"p"}`+"\n"), 0o644)
		}, nil, "are not those the shards were made from"},
		{"record no input accounts for", func(t *testing.T, dir, in, out string) {
			p := Shard{0, 3}.Path(out)
			b, _ := os.ReadFile(p)
			os.WriteFile(p, append(b, `{"id":"stray","prompt":"p"}`+"\n"...), 0o644)
		}, nil, `record "stray" matches no input record of shard 0`},
		{"other shard count", func(t *testing.T, dir, in, out string) {
			runShards(t, []string{in}, out, 2, &echoConfig{Tag: "a"})
		}, nil, "shard outputs of several shard counts beside OUT"},
		{"not a shard output", nil, func(o *MergeOptions) { o.Shards = []string{o.Output} }, "OUT has no manifest"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir, in, out := setup(t)
			if tt.spoil != nil {
				tt.spoil(t, dir, in, out)
			}
			o := MergeOptions{Output: out}
			if tt.opts != nil {
				tt.opts(&o)
			}
			_, err := Merge(context.Background(), o)
			if err == nil {
				t.Fatal("merged")
			}
			msg := strings.ReplaceAll(err.Error(), out[:len(out)-len(".jsonl")], "OUT")
			msg = strings.ReplaceAll(msg, "OUT.jsonl", "OUT")
			if !strings.Contains(msg, tt.want) || strings.Contains(msg, "\n") {
				t.Errorf("error %q, want %q", msg, tt.want)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Errorf("output written: %v", err)
			}
		})
	}
}

// TestShardLockedRunRefuses: a second process on the same shard output
// stops before writing anything.
func TestShardLockedRunRefuses(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.jsonl")
	os.WriteFile(in, []byte(`{"id":"a","prompt":"p"}`+"\n"), 0o644)
	out := filepath.Join(dir, "out.jsonl")
	release, err := Lock(Shard{0, 2}.Path(out))
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	_, err = Run(context.Background(), echoStage, Shard{0, 2}, jsonl.Source{Files: []string{in}}, jsonl.Sink{Path: out}, &echoConfig{})
	if err == nil || !strings.Contains(err.Error(), "is being written by pid") {
		t.Fatalf("run under another's lock: %v", err)
	}
	if _, err := os.Stat(ManifestPath(Shard{0, 2}.Path(out))); !os.IsNotExist(err) {
		t.Errorf("manifest written under another's lock")
	}
}

// TestShardRefusesStdio: a shard must write a file and read files.
func TestShardRefusesStdio(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.jsonl")
	os.WriteFile(in, []byte(`{"prompt":"p"}`+"\n"), 0o644)
	for _, tt := range []struct {
		src  jsonl.Source
		out  string
		want string
	}{
		{jsonl.Source{Files: []string{in}}, "-", "needs --output to be a file"},
		{jsonl.Source{Files: []string{"-"}, In: strings.NewReader("")}, filepath.Join(dir, "o.jsonl"), "cannot read standard input"},
	} {
		_, err := Run(context.Background(), echoStage, Shard{0, 2}, tt.src, jsonl.Sink{Path: tt.out}, &echoConfig{})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v -> %s: %v", tt.src.Files, tt.out, err)
		}
	}
	notPerRecord := echoStage
	notPerRecord.PerRecord = false
	if _, err := Run(context.Background(), notPerRecord, Shard{0, 2}, jsonl.Source{Files: []string{in}}, jsonl.Sink{Path: filepath.Join(dir, "o.jsonl")}, &echoConfig{}); err == nil || !strings.Contains(err.Error(), "needs every record at once") {
		t.Errorf("a stage that is not per-record: %v", err)
	}
}

// TestChainedShards: a stage that reads this shard's output of an earlier
// stage records the original inputs and both stages' options, refuses
// another shard's output, and its merge equals the chained one-machine run.
func TestChainedShards(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.jsonl")
	var b strings.Builder
	for i := range 20 {
		fmt.Fprintf(&b, `{"id":"%s%d","prompt":"p"}`+"\n", []string{"k", "drop", "aug"}[i%3], i)
	}
	os.WriteFile(in, []byte(b.String()), 0o644)
	ctx := context.Background()
	first, second := &echoConfig{Tag: "1"}, &echoConfig{Tag: "2"}
	oneA, oneB := filepath.Join(dir, "one-a.jsonl"), filepath.Join(dir, "one-b.jsonl")
	echoStage.Run(ctx, jsonl.Source{Files: []string{in}}, jsonl.Sink{Path: oneA}, first)
	echoStage.Run(ctx, jsonl.Source{Files: []string{oneA}}, jsonl.Sink{Path: oneB}, second)

	a, bOut := filepath.Join(dir, "a.jsonl"), filepath.Join(dir, "b.jsonl")
	runShards(t, []string{in}, a, 3, first)
	for i := range 3 {
		sh := Shard{i, 3}
		if _, err := Run(ctx, echoStage, sh, jsonl.Source{Files: []string{sh.Path(a)}}, jsonl.Sink{Path: bOut}, second); err != nil {
			t.Fatal(err)
		}
	}
	m, err := ReadManifest(ManifestPath(Shard{1, 3}.Path(bOut)))
	if err != nil || len(m.Inputs) != 1 || filepath.Base(m.Inputs[0]) != "in.jsonl" || len(m.After) != 1 || m.After[0] != "echo" {
		t.Fatalf("chained manifest %+v, %v", m, err)
	}
	_, err = Run(ctx, echoStage, Shard{2, 3}, jsonl.Source{Files: []string{Shard{1, 3}.Path(a)}}, jsonl.Sink{Path: bOut}, second)
	if err == nil || !strings.Contains(err.Error(), "is the output of shard 1/3, not of 2/3") {
		t.Errorf("another shard's output: %v", err)
	}
	msum, err := Merge(ctx, MergeOptions{Output: bOut})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(bOut)
	t.Logf("merged %+v, %d bytes", msum, len(got))
	want, _ := os.ReadFile(oneB)
	if len(want) == 0 || string(got) != string(want) {
		t.Errorf("chained merge:\n%s\nwant:\n%s", got, want)
	}
}
