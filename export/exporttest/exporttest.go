// Package exporttest is the conformance suite every export.Format runs in
// its own tests (as rclone's backends run fstests): its spec is complete,
// an input without records is an error naming the file and leaves no
// output, an export that skips every record still writes a valid empty
// file, the same input gives the same bytes, Unicode and markup survive,
// a 2 MiB prompt is written whole, a text format writes the same bytes to
// stdout as to a file, and a cancelled or failed export leaves the
// destination's old content and no temporary file.
//
// The suite exports through export.Run with a registry holding only the
// format under test, so a format is checked before (and without) joining
// export.Default. Parquet output is read back with parquet-go; a binary
// format other than Parquet has its content checks skipped. Golden files
// and trainer-specific checks (verl's columns, DuckDB readability, the
// reward file) belong to the format's own tests.
package exporttest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"github.com/grpodata/grpodata/export"
	"github.com/grpodata/grpodata/jsonl"
)

// Input is a small input every format can write: a math record with an
// answer, a chat prompt with a verl-style ground truth, a code record with
// tests, each with a group of scored responses.
const Input = `{"id":"m1","prompt":"What is 2+3? Put the answer in \\boxed{}.","answer":"5","category":"arithmetic","difficulty":"easy","responses":[{"text":"\\boxed{5}","score":1.0},{"text":"\\boxed{6}","score":0.0},{"text":"It is \\boxed{5}","score":1.0}]}
{"id":"m2","prompt":[{"role":"system","content":"Answer briefly."},{"role":"user","content":"What is 10/4?"}],"answer":"2.5","responses":[{"text":"2.5","score":1.0},{"text":"3","score":0.0}]}
{"id":"c1","prompt":"Write add(a, b).","tests":["assert add(1, 2) == 3"],"entry_point":"add","responses":[{"text":"def add(a, b): return a + b","score":1.0},{"text":"def add(a, b): return a - b","score":0.0}]}
`

// unicode is a record whose texts hold non-ASCII letters, an emoji, a NUL,
// quotes and HTML-like markup; wantUnicode must appear in the output.
const unicode = `{"id":"u","prompt":[{"role":"user","content":"√2 ≈ 1.414… 数学 🚀 \u0000 \"q\" <tag> & \\ end"}],"answer":"√2","responses":[{"text":"√2 🚀","score":1.0},{"text":"ünïcödé","score":0.0}]}`

var wantUnicode = []string{"√2 ≈ 1.414… 数学 🚀", `<tag> & \\ end`}

// noReference has nothing to train on under Options.RequireReference: no
// reference answer, no tests, and one response (no preference pair).
const noReference = `{"prompt":"p","responses":[{"text":"a","score":1.0}]}`

// Run checks format against the contract.
func Run(t *testing.T, format export.Format) {
	t.Helper()
	spec := format.Spec()
	t.Run("spec", func(t *testing.T) { checkSpec(t, spec) })
	t.Run("empty input", func(t *testing.T) { checkEmptyInput(t, format) })
	t.Run("nothing written", func(t *testing.T) { checkNothingWritten(t, format) })
	t.Run("deterministic", func(t *testing.T) { checkDeterministic(t, format) })
	t.Run("unicode", func(t *testing.T) { checkUnicode(t, format) })
	t.Run("huge record", func(t *testing.T) { checkHuge(t, format) })
	if !spec.Binary {
		t.Run("stdout", func(t *testing.T) { checkStdout(t, format) })
	}
	t.Run("cancelled", func(t *testing.T) { checkCancelled(t, format) })
	t.Run("failure keeps old output", func(t *testing.T) { checkFailureKeepsOld(t, format) })
}

func checkSpec(t *testing.T, s export.Spec) {
	if s.Name == "" || s.Summary == "" || s.Columns == "" {
		t.Errorf("incomplete spec (name, summary and columns are needed for --help): %+v", s)
	}
	if !strings.HasPrefix(s.Ext, ".") {
		t.Errorf("extension %q does not start with a dot", s.Ext)
	}
}

func checkEmptyInput(t *testing.T, f export.Format) {
	in := WriteInput(t, "\n\n")
	out := dest(t, f)
	_, err := run(t, context.Background(), f, out, export.Options{}, in)
	if !errors.Is(err, jsonl.ErrNoRecords) || !strings.Contains(err.Error(), in) {
		t.Errorf("empty input: %v, want jsonl.ErrNoRecords naming %s", err, in)
	}
	assertAbsent(t, out)
	assertNoTemp(t, filepath.Dir(out))
}

// checkNothingWritten: a record skipped by the format still gives a
// valid output, empty of rows, and the counts add up.
func checkNothingWritten(t *testing.T, f export.Format) {
	out := dest(t, f)
	st, err := run(t, context.Background(), f, out, export.Options{RequireReference: true}, WriteInput(t, noReference))
	if err != nil {
		t.Fatal(err)
	}
	if st.Read != 1 || st.Written != 0 || st.SkippedTotal() != 1 {
		t.Errorf("a record with no reference under RequireReference: read %d, written %d, skipped %v; want 1, 0, 1",
			st.Read, st.Written, st.Skipped)
	}
	if got, ok := Content(t, f.Spec(), out); ok && got != "" {
		t.Errorf("an export that wrote no row holds %q", got)
	}
}

func checkDeterministic(t *testing.T, f export.Format) {
	in := WriteInput(t, Input)
	var first []byte
	for i := range 2 {
		out := dest(t, f)
		if _, err := run(t, context.Background(), f, out, export.Options{}, in, in); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		if i == 1 && !bytes.Equal(b, first) {
			t.Error("two exports of the same input differ")
		}
		first = b
	}
}

func checkUnicode(t *testing.T, f export.Format) {
	out := dest(t, f)
	st, err := run(t, context.Background(), f, out, export.Options{}, WriteInput(t, unicode))
	if err != nil {
		t.Fatal(err)
	}
	if st.Written != 1 {
		t.Fatalf("the Unicode record was not written: %+v", st)
	}
	got, ok := Content(t, f.Spec(), out)
	if !ok {
		t.Skip("binary output other than Parquet: content not read")
	}
	for _, want := range wantUnicode {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
}

// checkHuge: a record with a 2 MiB prompt is written whole.
func checkHuge(t *testing.T, f export.Format) {
	prompt := strings.Repeat("so the value is 7 and ", 2<<20/22)
	rec, err := json.Marshal(map[string]any{"id": "h", "prompt": prompt, "answer": "7",
		"responses": []map[string]any{{"text": "7", "score": 1.0}, {"text": "8", "score": 0.0}}})
	if err != nil {
		t.Fatal(err)
	}
	out := dest(t, f)
	st, err := run(t, context.Background(), f, out, export.Options{}, WriteInput(t, string(rec)))
	if err != nil {
		t.Fatal(err)
	}
	if st.Written != 1 {
		t.Fatalf("the huge record was not written: %+v", st)
	}
	got, ok := Content(t, f.Spec(), out)
	if !ok {
		t.Skip("binary output other than Parquet: content not read")
	}
	if !strings.Contains(got, prompt) {
		t.Errorf("the output (%d bytes) lacks the whole %d-byte prompt", len(got), len(prompt))
	}
}

// checkStdout: a text format writes to stdout ("-") what it writes to a
// file.
func checkStdout(t *testing.T, f export.Format) {
	in := WriteInput(t, Input)
	out := dest(t, f)
	if _, err := run(t, context.Background(), f, out, export.Options{}, in); err != nil {
		t.Fatal(err)
	}
	var stdout bytes.Buffer
	cfg := export.Config{Format: f.Spec().Name, Output: "-", Registry: only(t, f)}
	if _, err := export.Run(context.Background(), []string{in}, cfg, jsonl.Open, &stdout); err != nil {
		t.Fatal(err)
	}
	if want, _ := os.ReadFile(out); !bytes.Equal(stdout.Bytes(), want) {
		t.Errorf("stdout differs from the file:\n%s\nwant\n%s", stdout.Bytes(), want)
	}
}

func checkCancelled(t *testing.T, f export.Format) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	out := dest(t, f)
	_, err := run(t, ctx, f, out, export.Options{}, WriteInput(t, Input))
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled export: %v, want context.Canceled", err)
	}
	assertAbsent(t, out)
	assertNoTemp(t, filepath.Dir(out))
}

// checkFailureKeepsOld: an input that cannot be read, after one that was
// exported, fails the export and leaves the old destination as it was.
func checkFailureKeepsOld(t *testing.T, f export.Format) {
	out := dest(t, f)
	if err := os.WriteFile(out, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(t.TempDir(), "missing.jsonl")
	if _, err := run(t, context.Background(), f, out, export.Options{}, WriteInput(t, Input), missing); err == nil {
		t.Fatal("an export of a missing input succeeded")
	}
	if b, _ := os.ReadFile(out); string(b) != "old" {
		t.Errorf("destination changed to %q", b)
	}
	assertNoTemp(t, filepath.Dir(out))
}

// only is a registry holding f alone.
func only(t *testing.T, f export.Format) *export.Registry {
	t.Helper()
	r := export.NewRegistry()
	if err := r.Register(f); err != nil {
		t.Fatal(err)
	}
	return r
}

// run exports files with f alone in the registry.
func run(t *testing.T, ctx context.Context, f export.Format, out string, opt export.Options, files ...string) (*export.Stats, error) {
	t.Helper()
	cfg := export.Config{Format: f.Spec().Name, Output: out, Options: opt, Registry: only(t, f)}
	return export.Run(ctx, files, cfg, jsonl.Open, io.Discard)
}

// dest is a fresh destination path with the format's extension.
func dest(t *testing.T, f export.Format) string {
	return filepath.Join(t.TempDir(), "out"+f.Spec().Ext)
}

// WriteInput writes lines to in.jsonl in a fresh temporary folder and
// returns its path.
func WriteInput(t *testing.T, lines string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "in.jsonl")
	if !strings.HasSuffix(lines, "\n") {
		lines += "\n"
	}
	if err := os.WriteFile(p, []byte(lines), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// Content is an export's output as text: a text format's bytes, or a
// Parquet file's rows as JSON lines (HTML not escaped). ok is false for
// other binary output.
func Content(t *testing.T, spec export.Spec, path string) (text string, ok bool) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !spec.Binary {
		return string(b), true
	}
	if !bytes.HasPrefix(b, []byte("PAR1")) {
		return "", false
	}
	rows, err := parquetRows(b)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var out strings.Builder
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	for _, row := range rows {
		if err := enc.Encode(row); err != nil {
			t.Fatal(err)
		}
	}
	return out.String(), true
}

// parquetRows reads every row of a Parquet file as a map from column name
// to value, checking their number against the footer.
func parquetRows(b []byte) ([]any, error) {
	pf, err := parquet.OpenFile(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, err
	}
	r := parquet.NewReader(pf)
	defer r.Close()
	var rows []any
	for {
		var row any
		err := r.Read(&row)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		rows = append(rows, row)
	}
	if int64(len(rows)) != pf.NumRows() {
		return nil, errors.New("rows read differ from the footer's count")
	}
	return rows, nil
}

func assertAbsent(t *testing.T, path string) {
	t.Helper()
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a failed export left %s", path)
	}
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
