package export_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/grpodata/grpodata/export"
	"github.com/grpodata/grpodata/jsonl"
)

// The same checks for every registered format: empty input, determinism,
// Unicode, cancellation, and the destination's old content surviving a
// failed export.

func writeInput(t *testing.T, lines ...string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "in.jsonl")
	if err := os.WriteFile(p, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestConformance(t *testing.T) {
	unicode := `{"id":"u","prompt":[{"role":"user","content":"√2 ≈ 1.414… 数学 🚀 \u0000 \"q\" <tag> & \\ end"}],"answer":"√2","responses":[{"text":"√2 🚀","score":1.0},{"text":"ünïcödé","score":0.0}]}`
	for _, spec := range export.List() {
		t.Run(spec.Name, func(t *testing.T) {
			t.Run("empty input", func(t *testing.T) {
				in := writeInput(t, "")
				out := filepath.Join(t.TempDir(), "out"+spec.Ext)
				_, err := export.Run(context.Background(), []string{in}, export.Config{Format: spec.Name, Output: out}, openSkipping, io.Discard)
				if !errors.Is(err, jsonl.ErrNoRecords) || err.Error() != in+": no records" {
					t.Errorf("err = %v, want %s: no records", err, in)
				}
				if _, err := os.Stat(out); !os.IsNotExist(err) {
					t.Errorf("an empty input left %s", out)
				}
			})
			t.Run("nothing written", func(t *testing.T) {
				noRef := `{"prompt":"p","responses":[{"text":"a","score":1.0}]}`
				out, st := runExport(t, spec.Name, export.Options{RequireReference: true}, writeInput(t, noRef))
				if st.Read != 1 || st.Written != 0 {
					t.Errorf("stats %+v", st)
				}
				if spec.Binary {
					if _, _, rows := parquetRows(t, out); len(rows) != 0 {
						t.Errorf("rows: %v", rows)
					}
				} else if b, _ := os.ReadFile(out); len(b) != 0 {
					t.Errorf("output %q", b)
				}
			})
			t.Run("deterministic", func(t *testing.T) {
				a, _ := runExport(t, spec.Name, export.Options{}, goldenInput, goldenInput)
				b, _ := runExport(t, spec.Name, export.Options{}, goldenInput, goldenInput)
				ab, _ := os.ReadFile(a)
				bb, _ := os.ReadFile(b)
				if !bytes.Equal(ab, bb) {
					t.Error("two exports of the same input differ")
				}
			})
			t.Run("unicode", func(t *testing.T) {
				out, st := runExport(t, spec.Name, export.Options{}, writeInput(t, unicode))
				if st.Written != 1 {
					t.Fatalf("stats %+v", st)
				}
				var got string
				if spec.Binary {
					_, _, rows := parquetRows(t, out)
					got = string(marshal(t, rows))
				} else {
					b, _ := os.ReadFile(out)
					got = string(b)
				}
				for _, want := range []string{"√2 ≈ 1.414… 数学 🚀", `<tag> & \\ end`} {
					if !strings.Contains(got, want) {
						t.Errorf("output lacks %q:\n%s", want, got)
					}
				}
			})
			t.Run("cancelled", func(t *testing.T) {
				ctx, cancel := context.WithCancel(context.Background())
				cancel()
				out := filepath.Join(t.TempDir(), "out"+spec.Ext)
				_, err := export.Run(ctx, []string{goldenInput}, export.Config{Format: spec.Name, Output: out}, openSkipping, io.Discard)
				if !errors.Is(err, context.Canceled) {
					t.Errorf("err = %v, want context.Canceled", err)
				}
				if _, err := os.Stat(out); !os.IsNotExist(err) {
					t.Errorf("cancelled export left %s", out)
				}
				assertNoTemp(t, filepath.Dir(out))
			})
			t.Run("failure keeps old output", func(t *testing.T) {
				out := filepath.Join(t.TempDir(), "out"+spec.Ext)
				if err := os.WriteFile(out, []byte("old"), 0o644); err != nil {
					t.Fatal(err)
				}
				_, err := export.Run(context.Background(), []string{goldenInput, "testdata/missing.jsonl"},
					export.Config{Format: spec.Name, Output: out}, openSkipping, io.Discard)
				if err == nil {
					t.Fatal("export of a missing input succeeded")
				}
				if b, _ := os.ReadFile(out); string(b) != "old" {
					t.Errorf("destination changed to %q", b)
				}
				assertNoTemp(t, filepath.Dir(out))
			})
		})
	}
}

// openSkipping opens inputs as export --skip-bad does: the golden input
// holds a line that is not a record, to show it is counted and located.
func openSkipping(name string) (*jsonl.Reader, error) {
	r, err := jsonl.Open(name)
	if err == nil {
		r.SkipBad(new(jsonl.Skipped))
	}
	return r, err
}

// TestBadRecordStops: without --skip-bad the golden input's bad line stops
// the export at its line, and the destination is not written.
func TestBadRecordStops(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out.jsonl")
	_, err := export.Run(context.Background(), []string{goldenInput}, export.Config{Format: "trl", Output: out}, jsonl.Open, io.Discard)
	if err == nil || !strings.HasPrefix(err.Error(), goldenInput+":7: prompt: ") {
		t.Errorf("err = %v", err)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a failed export left %s", out)
	}
	assertNoTemp(t, filepath.Dir(out))
}

func assertNoTemp(t *testing.T, dir string) {
	t.Helper()
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temporary file left behind: %s", e.Name())
		}
	}
}

func TestStdoutAndCompression(t *testing.T) {
	var stdout bytes.Buffer
	_, err := export.Run(context.Background(), []string{goldenInput}, export.Config{Format: "trl", Output: "-"}, openSkipping, &stdout)
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := runExport(t, "trl", export.Options{}, goldenInput)
	want, _ := os.ReadFile(plain)
	if stdout.String() != string(want) {
		t.Errorf("stdout output differs from file output")
	}
	// .gz output reads back (jsonl.Open sniffs the compression) to the same lines.
	gz := filepath.Join(t.TempDir(), "out.jsonl.gz")
	if _, err := export.Run(context.Background(), []string{goldenInput}, export.Config{Format: "trl", Output: gz}, openSkipping, io.Discard); err != nil {
		t.Fatal(err)
	}
	r, err := jsonl.Open(gz)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var got bytes.Buffer
	for {
		l, err := r.Next()
		if err != nil {
			break
		}
		got.Write(l.Data)
		got.WriteByte('\n')
	}
	if got.String() != string(want) {
		t.Errorf(".gz output reads back as\n%s\nwant\n%s", got.String(), want)
	}
}

func TestOutputIsReadable(t *testing.T) {
	out, _ := runExport(t, "verl", export.Options{}, goldenInput)
	fi, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm()&0o044 == 0 {
		t.Errorf("output mode %v: not readable by others", fi.Mode())
	}
}
